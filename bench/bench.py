#!/usr/bin/env python3
"""`make bench`: how pimpi scales on this machine, and how it compares.

Runs, in one go and side by side:
  * strong scaling: the same THROWS on 1, 2, 4 ... NP_MAX ranks;
  * weak scaling: WEAK_THROWS per rank on 1, 2, 4 ... NP_MAX ranks;
  * launch cost: a one-throw run (mpirun start, MPI_Init, MPI_Finalize);
  * kernels: every kernel build this CPU can run, alternated with the
    hand-written C speed-of-light reference of the same algorithm, in
    throws/s and in cycles per throw at the core clock measured by
    bench/probes/cpu_probe.c;
  * options: static vs dynamic schedule, ranks vs threads, and the cost of
    --progress, alternated run by run;
  * baselines: the course's pure-Python mpi4py program and a classic C MPI
    program using rand(), at sizes that keep them short.
Each point is repeated REPEAT times; tables quote the median and min-max.
Writes JSON, CSV and two SVG charts under bench/results/<timestamp>/.
Only the Python standard library is used.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import svgplot  # noqa: E402

KERNELS = ["baseline", "x86-64-v3", "x86-64-v4"]


def parse_count(text):
    return int(float(text))


def sci(count):
    """10000000000 -> '1e10', 25000000 -> '2.5e7'."""
    mantissa, exponent = f"{count:e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"


def rank_counts(np_max):
    counts, k = [], 1
    while k < np_max:
        counts.append(k)
        k *= 2
    counts.append(np_max)
    return counts


class Bench:
    def __init__(self, args):
        self.args = args
        self.cores = os.cpu_count() or 1
        self.runs = []

    # --- running things ---

    def run(self, command, timeout=600):
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                stdin=subprocess.DEVNULL)
        wall = time.monotonic() - started
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr.strip()}")
        return result.stdout, wall

    def mpirun(self, ranks, launcher_options=()):
        command = ["mpirun", *launcher_options, "-np", str(ranks)]
        if ranks > self.cores:
            command.insert(1, "--oversubscribe")
        return command

    def pimpi(self, section, ranks, throws, extra=(), launcher_options=()):
        stdout, wall = self.run(self.mpirun(ranks, launcher_options)
                                + [self.args.pimpi, str(throws), "--no-serial", "--format", "json", *extra])
        report = json.loads(stdout)
        results, context = report["results"], report["context"]
        record = {
            "section": section, "program": "pimpi", "ranks": ranks, "throws": throws,
            "seconds": results["parallel_seconds"], "wall_seconds": wall,
            "throws_per_second_per_core": throws / results["parallel_seconds"] / ranks / context["threads_per_rank"],
            "hits": results["hits"], "kernel": context["kernel"], "options": " ".join(extra),
            "mpi_init_seconds": results["mpi_init_seconds"],
        }
        self.runs.append(record)
        self.pimpi_context = context
        return record

    def baseline(self, section, command, ranks):
        stdout, wall = self.run(command)
        line = json.loads(stdout.strip().splitlines()[-1])
        record = {
            "section": section, "program": line["name"], "ranks": ranks, "throws": line["throws"],
            "seconds": line["seconds"], "wall_seconds": wall,
            "throws_per_second_per_core": line["throws"] / line["seconds"] / ranks,
            "hits": line.get("hits"), "kernel": line.get("loop"), "options": "", "mpi_init_seconds": None,
        }
        self.runs.append(record)
        return record

    # --- the sections ---

    def strong(self):
        rows = []
        for ranks in rank_counts(self.args.np_max):
            times = [self.pimpi("strong", ranks, self.args.throws)["seconds"] for _ in range(self.args.repeat)]
            rows.append((ranks, times))
        return rows

    def weak(self):
        rows = []
        for ranks in rank_counts(self.args.np_max):
            throws = self.args.weak_throws * ranks
            times = [self.pimpi("weak", ranks, throws)["seconds"] for _ in range(self.args.repeat)]
            rows.append((ranks, times))
        return rows

    def launch(self):
        """One-throw runs: the fixed cost of a launch, with OpenMPI's default
        point-to-point layer and with ob1 (which skips probing for UCX)."""
        rows = []
        for label, launcher in (("default", ()), ("--mca pml ob1", ("--mca", "pml", "ob1"))):
            for ranks in rank_counts(self.args.np_max):
                records = [self.pimpi("launch", ranks, 1, launcher_options=launcher) for _ in range(self.args.repeat)]
                rows.append((ranks, label, [r["wall_seconds"] for r in records],
                             [r["mpi_init_seconds"] for r in records]))
        return rows

    def cpu_probe(self):
        """The core's measured clock and 512-bit instruction throughputs."""
        stdout, _ = self.run([self.args.cpu_probe])
        return json.loads(stdout)

    def kernels(self):
        """Each kernel build on one rank, alternated with the C reference."""
        supported = []
        for kernel in KERNELS:
            try:
                self.run([self.args.pimpi, "1", "--no-serial", "--kernel", kernel])
                supported.append(kernel)
            except RuntimeError:
                pass
        per_program = {("pimpi", k): [] for k in supported}
        per_program[("c-splitmix-native", None)] = []
        hits = set()
        for _ in range(self.args.repeat):
            record = self.baseline("kernel", [self.args.c_reference, str(self.args.kernel_throws), "1234567"], 1)
            per_program[("c-splitmix-native", None)].append(record)
            hits.add(record["hits"])
            for kernel in supported:
                record = self.pimpi("kernel", 1, self.args.kernel_throws, ["--kernel", kernel, "--seed", "1234567"])
                per_program[("pimpi", kernel)].append(record)
                hits.add(record["hits"])
        return per_program, len(hits) == 1

    def options(self):
        """Schedules, threads and progress, alternated run by run."""
        n = self.args.np_max
        configurations = [
            (f"static, {n} ranks", n, [], []),
            (f"dynamic, {n} ranks", n, ["--schedule", "dynamic"], []),
            # Threads need the rank unbound, or mpirun pins it (and them) to one core.
            (f"1 rank x {n} threads", 1, ["--threads", str(n)], ["--bind-to", "none"]),
            ("1 rank, --progress never", 1, ["--progress", "never"], []),
            ("1 rank, --progress always", 1, ["--progress", "always"], []),
        ]
        rows = {label: [] for label, *_ in configurations}
        for _ in range(self.args.repeat):
            for label, ranks, extra, launcher in configurations:
                rows[label].append(self.pimpi("options", ranks, self.args.kernel_throws * n, extra, launcher))
        return rows

    def baselines(self):
        rows = {}
        python = [self.args.python, os.path.join(self.args.baselines, "pi_mpi4py.py"), str(self.args.python_throws)]
        c_rand = [self.args.c_rand, str(self.args.c_rand_throws)]
        for name, command in (("python-mpi4py", python), ("c-rand-mpi", c_rand)):
            rows[name] = {}
            for ranks in sorted({1, self.args.np_max}):
                rows[name][ranks] = [self.baseline("baseline", self.mpirun(ranks) + command, ranks)
                                     for _ in range(self.args.repeat)]
        return rows


def fmt_range(values, scale=1.0, spec=".4f"):
    return f"{format(min(values) * scale, spec)}-{format(max(values) * scale, spec)}"


def machine_context(bench, probe):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def first_line(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "unknown"

    context = dict(bench.pimpi_context)
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpu_model": cpu,
        "cores": bench.cores,
        "mpi_library": context.get("mpi_library"),
        "pimpi_version": context.get("pimpi_version"),
        "kernel_variant": context.get("kernel"),
        "generator": context.get("generator"),
        "swift_compiler": first_line(["swift", "--version"]),
        "c_reference_compiler": first_line([bench.args.cc, "--version"]) + " -O3 -march=native",
        "c_reference_loop": next((r["kernel"] for r in bench.runs if r["program"] == "c-splitmix-native"), None),
        "cpu_probe": probe,
        "settings": {k: v for k, v in vars(bench.args).items() if k in
                     ("np_max", "throws", "repeat", "weak_throws", "kernel_throws", "python_throws", "c_rand_throws")},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pimpi", required=True)
    parser.add_argument("--c-reference", required=True)
    parser.add_argument("--c-rand", required=True)
    parser.add_argument("--cpu-probe", required=True)
    parser.add_argument("--cc", default="clang")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--baselines", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "baselines"))
    parser.add_argument("--np-max", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--throws", type=parse_count, default=10**10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--weak-throws", type=parse_count, default=2 * 10**9, help="throws per rank")
    parser.add_argument("--kernel-throws", type=parse_count, default=2 * 10**9)
    parser.add_argument("--python-throws", type=parse_count, default=2 * 10**6)
    parser.add_argument("--c-rand-throws", type=parse_count, default=5 * 10**7)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
    args = parser.parse_args()
    bench = Bench(args)

    print(f"pimpi bench: {sci(args.throws)} throws, 1..{args.np_max} ranks, {args.repeat} repeats", flush=True)
    strong = bench.strong()
    weak = bench.weak()
    launch = bench.launch()
    probe = bench.cpu_probe()
    kernels, hits_agree = bench.kernels()
    options = bench.options()
    baselines = bench.baselines()
    context = machine_context(bench, probe)

    # --- strong scaling table, like the course's ---
    t1 = statistics.median(strong[0][1])
    print(f"\nStrong scaling: {args.throws:,} throws (parallel time; median of {args.repeat}, min-max)")
    print(f"{'ranks':>6} {'time (s)':>10} {'min-max (s)':>19} {'speedup':>8} {'efficiency':>11} {'throws/s/core':>14}")
    summary = {"strong": [], "weak": [], "launch": [], "kernels": [], "options": [], "baselines": []}
    for ranks, times in strong:
        m = statistics.median(times)
        row = {"ranks": ranks, "median_seconds": m, "min_seconds": min(times), "max_seconds": max(times),
               "speedup": t1 / m, "efficiency": t1 / m / ranks, "throws_per_second_per_core": args.throws / m / ranks}
        summary["strong"].append(row)
        print(f"{ranks:>6} {m:>10.4f} {fmt_range(times):>19} {row['speedup']:>8.2f} {row['efficiency'] * 100:>10.1f}% "
              f"{row['throws_per_second_per_core']:>14.3e}")

    w1 = statistics.median(weak[0][1])
    print(f"\nWeak scaling: {args.weak_throws:,} throws per rank")
    print(f"{'ranks':>6} {'time (s)':>10} {'min-max (s)':>19} {'efficiency':>11}")
    for ranks, times in weak:
        m = statistics.median(times)
        summary["weak"].append({"ranks": ranks, "median_seconds": m, "min_seconds": min(times),
                                "max_seconds": max(times), "efficiency": w1 / m})
        print(f"{ranks:>6} {m:>10.4f} {fmt_range(times):>19} {w1 / m * 100:>10.1f}%")

    print("\nLaunch cost: a one-throw run, whole mpirun command (wall) and MPI_Init alone (rank 0)")
    print(f"{'ranks':>6} {'mpirun options':>15} {'wall (s)':>10} {'MPI_Init (s)':>13}")
    for ranks, label, walls, inits in launch:
        summary["launch"].append({"ranks": ranks, "mpirun_options": label,
                                  "median_wall_seconds": statistics.median(walls),
                                  "median_mpi_init_seconds": statistics.median(inits)})
        print(f"{ranks:>6} {label:>15} {statistics.median(walls):>10.3f} {statistics.median(inits):>13.3f}")

    reference = statistics.median(r["throws_per_second_per_core"] for r in kernels[("c-splitmix-native", None)])
    print(f"\nKernels on one core: {args.kernel_throws:,} throws, alternated run by run "
          f"(hits {'identical' if hits_agree else 'DIFFER'} across all)")
    ghz = probe["clock_ghz"]
    print(f"Core clock measured at {ghz} GHz" if ghz else "Core clock not measured (not x86-64)")
    if probe["zmm_cycles_per_instruction"]:
        print("512-bit instructions, cycles each (throughput): "
              + ", ".join(f"{op} {c:.2f}" for op, c in probe["zmm_cycles_per_instruction"].items()))
    print(f"{'program':>36} {'throws/s/core':>14} {'min-max':>21} {'vs C -march=native':>19} {'cycles/throw':>13}")
    for (program, kernel), records in kernels.items():
        rates = [r["throws_per_second_per_core"] for r in records]
        m = statistics.median(rates)
        name = f"pimpi --kernel {kernel}" if kernel else f"C -O3 -march=native, {records[0]['kernel']}"
        cycles = ghz * 1e9 / m if ghz else None
        summary["kernels"].append({"program": name, "median_throws_per_second": m, "ratio_to_c_native": m / reference,
                                   "cycles_per_throw": cycles})
        print(f"{name:>36} {m:>14.3e} {fmt_range(rates, spec='.3e'):>21} {m / reference * 100:>18.1f}% "
              f"{'' if cycles is None else f'{cycles:.3f}':>13}")

    print(f"\nOptions: {args.kernel_throws * args.np_max:,} throws, alternated run by run")
    print(f"{'configuration':>28} {'time (s)':>10} {'min-max (s)':>19} {'throws/s/core':>14}")
    for label, records in options.items():
        times = [r["seconds"] for r in records]
        rate = statistics.median(r["throws_per_second_per_core"] for r in records)
        summary["options"].append({"configuration": label, "median_seconds": statistics.median(times),
                                   "min_seconds": min(times), "max_seconds": max(times),
                                   "median_throws_per_second_per_core": rate})
        print(f"{label:>28} {statistics.median(times):>10.4f} {fmt_range(times):>19} {rate:>14.3e}")
    quiet = statistics.median(r["seconds"] for r in options["1 rank, --progress never"])
    shown = statistics.median(r["seconds"] for r in options["1 rank, --progress always"])
    print(f"{'progress cost':>28} {(shown / quiet - 1) * 100:>+9.2f}%  (median time with / without, minus 1)")
    options_hits = {r["hits"] for records in options.values() for r in records}
    hits_agree = hits_agree and len(options_hits) == 1

    best_pimpi = max(s["median_throws_per_second"] for s in summary["kernels"] if s["program"].startswith("pimpi"))
    print("\nBaselines, throws/s per core (median), and pimpi's best single-rank kernel against each")
    print(f"{'program':>16} {'ranks':>6} {'throws':>12} {'throws/s/core':>14} {'pimpi / it':>11}")
    bars = [(f"pimpi {s['program'].split()[-1]}", s["median_throws_per_second"]) for s in summary["kernels"]
            if s["program"].startswith("pimpi")]
    bars.append(("C SplitMix -march=native", reference))
    for name, per_ranks in baselines.items():
        for ranks, records in per_ranks.items():
            m = statistics.median(r["throws_per_second_per_core"] for r in records)
            summary["baselines"].append({"program": name, "ranks": ranks, "median_throws_per_second_per_core": m,
                                         "pimpi_ratio": best_pimpi / m})
            print(f"{name:>16} {ranks:>6} {records[0]['throws']:>12,} {m:>14.3e} {best_pimpi / m:>10.0f}x")
            if ranks == 1:
                bars.append((f"{name} (1 rank)", m))

    # --- files ---
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = os.path.join(args.out, stamp)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "bench.json"), "w") as f:
        json.dump({"context": context, "summary": summary, "runs": bench.runs}, f, indent=2)
    columns = ["section", "program", "options", "ranks", "throws", "seconds", "wall_seconds",
               "throws_per_second_per_core", "hits", "kernel", "mpi_init_seconds"]
    with open(os.path.join(out, "runs.csv"), "w") as f:
        f.write("# " + json.dumps(context) + "\n")
        f.write(",".join(columns) + "\n")
        for run in bench.runs:
            f.write(",".join("" if run[c] is None else str(run[c]) for c in columns) + "\n")
    scaling = svgplot.scaling_chart(
        f"pimpi strong scaling: {sci(args.throws)} throws ({context['cpu_model']})",
        [("pimpi", [(r, statistics.median(t), min(t), max(t)) for r, t in strong])],
        [(r, t1 / r) for r, _ in strong])
    throughput = svgplot.throughput_chart("Throws per second per core: pimpi and baselines", bars)
    for name, svg in (("scaling.svg", scaling), ("throughput.svg", throughput)):
        path = os.path.join(out, name)
        with open(path, "w") as f:
            f.write(svg)
        xml.etree.ElementTree.parse(path)  # well-formed, or this raises
        if shutil.which("rsvg-convert"):
            subprocess.run(["rsvg-convert", "-o", path[:-4] + ".png", path], check=True)
    print(f"\nResults: {out}/ (bench.json, runs.csv, scaling.svg, throughput.svg"
          + (", PNG renderings)" if shutil.which("rsvg-convert") else ")"))
    return 0 if hits_agree else 1


if __name__ == "__main__":
    sys.exit(main())
