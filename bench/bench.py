#!/usr/bin/env python3
"""`make bench`: how pimpi scales on this machine, and how it compares.

Runs, in one go and side by side, one section after another:
  * strong scaling: the same THROWS on 1, 2, 4 ... NP_MAX ranks, each round one
    `pimpi --sweep` launch, alternated with a separate launch on NP_MAX ranks
    as a cross-check of the sweep's last row;
  * weak scaling: WEAK_THROWS per rank on 1, 2, 4 ... NP_MAX ranks (`--sweep weak`);
  * launch cost: a one-throw run (mpirun start, MPI_Init, MPI_Finalize);
  * kernels: every kernel build this CPU can run, alternated with the
    hand-written C speed-of-light reference of the same algorithm, in
    throws/s and in cycles per throw at the core clock measured by
    bench/probes/cpu_probe.c;
  * options: static vs dynamic schedule, ranks vs threads, and the cost of
    --progress, alternated run by run;
  * baselines: the course's pure-Python mpi4py program, its multiprocessing
    pool and Dask-MPI variants, the same in numpy, and a classic C MPI program
    using rand(), at sizes that keep them short;
  * acceptance reference: this node counting alone on all its cores (one
    rank, --threads auto), REPEAT times; the median run's rate per core and
    clock become reference.json, for `pimpi --reference` on nodes of this
    CPU model after maintenance (docs/acceptance.md).
Each point is repeated REPEAT times; tables quote the median and min-max.
pimpi's own figures (times, rates, hits) are read from its JSON report.
Writes JSON, CSV, two charts (SVG and PNG, drawn with matplotlib: bench/charts.py)
and reference.json under bench/results/<timestamp>/.
"""
import argparse
import collections
import csv
import datetime
import decimal
import json
import os
import platform
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import charts  # noqa: E402

KERNELS = ["baseline", "x86-64-v3", "x86-64-v4"]
# A row's share of the port bound above this is not a measurement: the bound is
# a lower bound on cycles, and the clock moves by a few per cent between readings.
IMPOSSIBLE_SHARE_OF_BOUND = 1.03
# pimpi's exit status for a command line it refuses, e.g. a kernel this CPU lacks.
EXIT_USAGE = 64


def parse_count(text):
    """A throw count, exactly: '1e10', '2.5e9' and '1_000' are whole numbers;
    '1.5' is refused (a float would round 1e19+1 silently)."""
    try:
        value = decimal.Decimal(text.replace("_", ""))
    except decimal.InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text}")
    if value != value.to_integral_value() or value < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {text}")
    return int(value)


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


def fmt_range(values, spec=".4f"):
    return f"{format(min(values), spec)}-{format(max(values), spec)}"


class Refused(Exception):
    """pimpi refused the command line (exit 64): e.g. a kernel this CPU lacks."""


class Runner:
    """Runs pimpi and the baselines, and keeps one record per run for the files."""

    def __init__(self, args):
        self.args = args
        self.cores = os.cpu_count() or 1
        self.runs = []
        self.pimpi_context = {}

    def run(self, command, timeout=600):
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                stdin=subprocess.DEVNULL)
        wall = time.monotonic() - started
        if result.returncode == EXIT_USAGE and os.path.basename(command[0]) == "pimpi":
            raise Refused(result.stderr.strip())
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr.strip()}")
        return result.stdout, wall

    def mpirun(self, ranks, launcher_options=(), launcher=None):
        """The launcher for `ranks`: pimpi's MPI's (`--mpirun`) unless another is
        named. Open MPI needs --oversubscribe for more ranks than cores; hydra not."""
        command = [launcher or self.args.mpirun, *launcher_options, "-np", str(ranks)]
        if ranks > self.cores and self.args.mpi == "openmpi":
            command.insert(1, "--oversubscribe")
        return command

    def pimpi(self, section, ranks, throws, extra=(), launcher_options=()):
        stdout, wall = self.run(self.mpirun(ranks, launcher_options)
                                + [self.args.pimpi, str(throws), "--no-serial", "--format", "json", *extra])
        report = json.loads(stdout)
        results, context = report["results"], report["context"]
        record = {
            "section": section, "program": "pimpi", "ranks": ranks, "throws": results["throws"],
            "seconds": results["parallel_seconds"], "wall_seconds": wall,
            "throws_per_second_per_core": results["throws_per_second_per_core"],
            "hits": results["hits"], "kernel": context["kernel"], "level": context["kernel"],
            "kernel_shape": context.get("kernel_shape"), "options": " ".join(extra),
            "mpi_init_seconds": results["mpi_init_seconds"],
        }
        self.runs.append(record)
        self.pimpi_context = context
        return record

    def sweep(self, section, mode, throws):
        """One `pimpi --sweep` launch on NP_MAX ranks: a record per row, in order."""
        stdout, wall = self.run(self.mpirun(self.args.np_max)
                                + [self.args.pimpi, str(throws), "--sweep", mode, "--no-serial", "--format", "json"])
        records = []
        for row in json.loads(stdout)["rows"]:
            results, context = row["results"], row["context"]
            records.append({
                "section": section, "program": "pimpi --sweep", "ranks": context["ranks"],
                "throws": results["throws"], "seconds": results["parallel_seconds"], "wall_seconds": None,
                "throws_per_second_per_core": results["throws_per_second_per_core"],
                "hits": results["hits"], "kernel": context["kernel"], "kernel_shape": context.get("kernel_shape"),
                "options": f"--sweep {mode}", "mpi_init_seconds": results["mpi_init_seconds"],
            })
            self.pimpi_context = context
        self.runs.extend(records)
        return records

    def baseline(self, section, command, ranks):
        """A baseline's one JSON line; `ranks` None takes the count it reports
        (Dask-MPI's workers)."""
        stdout, wall = self.run(command)
        line = json.loads(stdout.strip().splitlines()[-1])
        ranks = ranks or line["ranks"]
        record = {
            "section": section, "program": line["name"], "ranks": ranks, "throws": line["throws"],
            "seconds": line["seconds"], "wall_seconds": wall,
            "throws_per_second_per_core": line["throws"] / line["seconds"] / ranks,
            "hits": line.get("hits"), "kernel": line.get("loop"), "level": line.get("level"),
            "kernel_shape": None, "options": "",
            "mpi_init_seconds": None,
        }
        self.runs.append(record)
        return record


class Section:
    """One part of the benchmark: it measures, then summarises and prints what it measured."""
    name = ""

    def __init__(self, runner):
        self.runner = runner
        self.args = runner.args
        self.summary = []

    def measure(self):
        raise NotImplementedError

    def report(self):
        """Fills `summary` and prints the table."""
        raise NotImplementedError


class StrongScaling(Section):
    """Each round: one `--sweep` launch (every rank count), then a separate
    launch on NP_MAX ranks, which the sweep's last row must agree with."""
    name = "strong"

    def measure(self):
        times, self.separate, hits = {}, [], set()
        for _ in range(self.args.repeat):
            for record in self.runner.sweep("strong", "strong", self.args.throws):
                times.setdefault(record["ranks"], []).append(record["seconds"])
                hits.add(record["hits"])
            alone = self.runner.pimpi("strong-check", self.args.np_max, self.args.throws)
            self.separate.append(alone["seconds"])
            hits.add(alone["hits"])
        self.rows = sorted(times.items())
        self.hits = hits

    def one_rank_median(self):
        return statistics.median(self.rows[0][1])

    def report(self):
        t1 = self.one_rank_median()
        print(f"\nStrong scaling: {self.args.throws:,} throws, one --sweep launch per round "
              f"(parallel time; median of {self.args.repeat}, min-max)")
        print(f"{'ranks':>6} {'time (s)':>10} {'min-max (s)':>19} {'speedup':>8} {'efficiency':>11} {'throws/s/core':>14}")
        for ranks, times in self.rows:
            m = statistics.median(times)
            row = {"ranks": ranks, "median_seconds": m, "min_seconds": min(times), "max_seconds": max(times),
                   "speedup": t1 / m, "efficiency": t1 / m / ranks,
                   "throws_per_second_per_core": self.args.throws / m / ranks}
            self.summary.append(row)
            print(f"{ranks:>6} {m:>10.4f} {fmt_range(times):>19} {row['speedup']:>8.2f} "
                  f"{row['efficiency'] * 100:>10.1f}% {row['throws_per_second_per_core']:>14.3e}")
        # The sweep's last row and a launch of its own, alternated: the same run
        # measured two ways. Within noise: the ratio of medians is off 1 by no
        # more than the wider of the two spreads (max / min - 1), or 5 %.
        ranks, swept = self.rows[-1]
        ratio = statistics.median(swept) / statistics.median(self.separate)
        spread = max(max(t) / min(t) - 1 for t in (swept, self.separate))
        agree = abs(ratio - 1) <= max(spread, 0.05)
        self.cross_check = {"ranks": ranks, "separate_median_seconds": statistics.median(self.separate),
                            "separate_min_seconds": min(self.separate), "separate_max_seconds": max(self.separate),
                            "sweep_over_separate": ratio, "within_noise": agree, "hits_agree": len(self.hits) == 1}
        print(f"cross-check on {ranks} ranks: a separate launch took {statistics.median(self.separate):.4f} s "
              f"({fmt_range(self.separate)}); sweep row / separate = {ratio:.3f}: "
              + ("within noise" if agree else f"OUTSIDE the noise (spread {spread * 100:.1f} %)")
              + ("" if len(self.hits) == 1 else "; hit counts DIFFER"))


class WeakScaling(Section):
    name = "weak"

    def measure(self):
        times = {}
        for _ in range(self.args.repeat):
            for record in self.runner.sweep("weak", "weak", self.args.weak_throws):
                times.setdefault(record["ranks"], []).append(record["seconds"])
        self.rows = sorted(times.items())

    def report(self):
        w1 = statistics.median(self.rows[0][1])
        print(f"\nWeak scaling: {self.args.weak_throws:,} throws per rank, one --sweep weak launch per round")
        print(f"{'ranks':>6} {'time (s)':>10} {'min-max (s)':>19} {'efficiency':>11}")
        for ranks, times in self.rows:
            m = statistics.median(times)
            self.summary.append({"ranks": ranks, "median_seconds": m, "min_seconds": min(times),
                                 "max_seconds": max(times), "efficiency": w1 / m})
            print(f"{ranks:>6} {m:>10.4f} {fmt_range(times):>19} {w1 / m * 100:>10.1f}%")


class LaunchCost(Section):
    """One-throw runs: the fixed cost of a launch; under Open MPI also with ob1
    as the point-to-point layer (which skips probing for UCX)."""
    name = "launch"

    def measure(self):
        self.rows = []
        variants = [("default", ())]
        if self.args.mpi == "openmpi":
            variants.append(("--mca pml ob1", ("--mca", "pml", "ob1")))
        for label, launcher in variants:
            for ranks in rank_counts(self.args.np_max):
                records = [self.runner.pimpi("launch", ranks, 1, launcher_options=launcher)
                           for _ in range(self.args.repeat)]
                self.rows.append((ranks, label, [r["wall_seconds"] for r in records],
                                  [r["mpi_init_seconds"] for r in records]))

    def report(self):
        print("\nLaunch cost: a one-throw run, whole mpirun command (wall) and MPI_Init alone (rank 0)")
        print(f"{'ranks':>6} {'mpirun options':>15} {'wall (s)':>10} {'MPI_Init (s)':>13}")
        for ranks, label, walls, inits in self.rows:
            self.summary.append({"ranks": ranks, "mpirun_options": label,
                                 "median_wall_seconds": statistics.median(walls),
                                 "median_mpi_init_seconds": statistics.median(inits)})
            print(f"{ranks:>6} {label:>15} {statistics.median(walls):>10.3f} {statistics.median(inits):>13.3f}")


class AcceptanceReference(Section):
    """This node as `pimpi --reference` compares nodes: one rank with a thread
    per core, REPEAT runs of REFERENCE_SECONDS each (pimpi --duration, so a
    128-core node counts as long as a 2-core one); the run with the median
    rate per core is the reference (pimpi's own clock and cycles per throw
    with it)."""
    name = "acceptance_reference"

    def measure(self):
        self.nodes = []
        for _ in range(self.args.repeat):
            # Every core of the node: Open MPI's mpirun would bind one rank to one core.
            unbound = ("--bind-to", "none") if self.args.mpi == "openmpi" else ()
            stdout, _ = self.runner.run(self.runner.mpirun(1, unbound) + [
                self.args.pimpi, "--duration", str(self.args.reference_seconds), "--threads", "auto", "--no-serial",
                "--format", "json"])
            report = json.loads(stdout)
            self.nodes.append(report["nodes"][0])
            self.runner.runs.append({
                "section": self.name, "program": "pimpi", "ranks": 1, "throws": report["results"]["throws"],
                "seconds": report["results"]["parallel_seconds"], "options": "--threads auto",
                "throws_per_second_per_core": report["nodes"][0]["throws_per_second_per_core"],
                "hits": report["results"]["hits"], "kernel": report["context"]["kernel"],
                "kernel_shape": report["context"]["kernel_shape"]})

    def median_node(self):
        ordered = sorted(self.nodes, key=lambda node: node["throws_per_second_per_core"])
        return ordered[(len(ordered) - 1) // 2]

    def reference(self):
        """The reference file's contents (format 1, as pimpi --reference reads it)."""
        node = self.median_node()
        return {"format": 1, "recorded": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                "source": f"make bench on {platform.node()}: the median of {len(self.nodes)} runs of "
                          f"{self.args.reference_seconds} s (pimpi --duration), one rank, --threads auto",
                "references": [{"cpu_model": node["cpu_model"], "kernel": node["kernel"],
                                "throws_per_second_per_core": node["throws_per_second_per_core"],
                                "clock_hz": node["clock_hz"], "cycles_per_throw": node["cycles_per_throw"],
                                "nodes": 1}]}

    def report(self):
        rates = [node["throws_per_second_per_core"] for node in self.nodes]
        node = self.median_node()
        clock = f"{node['clock_hz'] / 1e9:.2f} GHz, {node['cycles_per_throw']:.2f} cycles/throw" \
            if node["clock_hz"] else "clock unknown"
        self.summary.append({"cpu_model": node["cpu_model"], "kernel": node["kernel"], "cores": node["threads"],
                             "median_throws_per_second_per_core": node["throws_per_second_per_core"],
                             "min_throws_per_second_per_core": min(rates),
                             "max_throws_per_second_per_core": max(rates)})
        cores = f"{node['threads']} core" + ("" if node["threads"] == 1 else "s")
        print(f"\nAcceptance reference: this node alone, {cores} (one rank, --threads auto), "
              f"median of {len(rates)}")
        print(f"{node['throws_per_second_per_core']:.3e} throws/s per core ({fmt_range(rates, '.3e')}), {clock}, "
              f"{node['cpu_model']}, kernel {node['kernel']}")

    def write(self, out):
        path = os.path.join(out, "reference.json")
        with open(path, "w") as f:
            json.dump(self.reference(), f, indent=2)
            f.write("\n")
        print(f"Acceptance reference: {path} (pimpi --reference {path})")


# Each level's loop, as cpu_probe.c's loop sets write it: the throws one set
# counts, its instructions in all, how many of each kind the probe times
# alone, the pairs it times interleaved (with how many of the loop's
# instructions each stands for), and the kind any vector pipe runs.
LOOP_MIXES = {
    "x86-64-v4": {"throws": 8, "instructions": 14, "cheapest": "vpxorq",
                  "alone": {"vpmullq": 2, "vpmuludq": 2, "vpsrlq": 4, "vpcmpuq": 1},
                  "interleaved": {"vpmullq+vpmuludq": (4, "the 4 multiplies"),
                                  "vpmullq+vpsrlq": (4, "2 vpmullq with 2 shifts")}},
    "x86-64-v3": {"throws": 4, "instructions": 29, "cheapest": "vpxor",
                  "alone": {"vpmuludq": 8, "vpsrlq": 8, "vpcmpgtq": 1},
                  "interleaved": {"vpmuludq+vpsrlq": (16, "the 8 multiplies with the 8 shifts")}},
    "baseline": {"throws": 2, "instructions": 35, "cheapest": "pxor",
                 "alone": {"pmuludq": 8, "psrlq": 8},
                 "interleaved": {"pmuludq+psrlq": (16, "the 8 multiplies with the 8 shifts")}},
}


def port_bound(probe, level):
    """The fewest cycles per throw `level`'s loop can take on this core, from
    the probe's timings, and how it was derived; (None, reason) without them.

    Per set of throws (8 with AVX-512, 4 with AVX2, 2 with SSE2: LOOP_MIXES,
    stated from cpu_probe.c's loop sets, which are the loops' own
    instructions) each term below is a lower bound on its own, whatever the
    core's port layout: an instruction kind alone at its measured rate; a
    pair at the rate the probe timed it interleaved 1:1 (the loop's own
    ratio); all the loop's instructions at the rate of the cheapest kind,
    which any vector pipe runs; and the loop's instructions timed with their
    dependencies taken out, which counts what the others cannot: an
    instruction of several uops (vpmullq is 3 on Intel) and a pipe that only
    one kind may use (Intel's 512-bit shifts, its compares). The bound is the
    largest; which term it is says what limits the loop on this core.

    A term above the loop timed without dependencies by more than the clock's
    noise is no lower bound on this core, since those very instructions ran
    faster: then its premise failed (a Zen 4 runs 12 ymm vpxor 3 per cycle
    but the v3 loop's 29 instructions near 4), and it is named and left out."""
    timings = (probe.get("levels") or {}).get(level)
    mix = LOOP_MIXES.get(level)
    if not timings or not mix:
        return None, f"no {level} timings at a trusted clock"
    t, loop, n = timings["cycles_per_instruction"], timings["loop_cycles"], mix["instructions"]
    terms = {f"{count} {kind}": count * t[kind] for kind, count in mix["alone"].items()}
    terms.update({f"{name} interleaved": count * t[pair] for pair, (count, name) in mix["interleaved"].items()})
    terms[f"{n} instructions at {mix['cheapest']}'s rate"] = n * t[mix["cheapest"]]
    timed = f"the {n} timed without dependencies"
    terms[timed] = loop
    failed = [name for name, c in terms.items() if c > loop * IMPOSSIBLE_SHARE_OF_BOUND]
    held = {name: c for name, c in terms.items() if name not in failed}
    limit = max(held, key=held.get)
    how = (f"per {mix['throws']} throws, cycles: " + ", ".join(f"{name} {c:.2f}" for name, c in terms.items())
           + f"; the largest: {limit}"
           + (f"; not a bound here, as the loop ran faster: {', '.join(failed)}" if failed else ""))
    return held[limit] / mix["throws"], how


class Kernels(Section):
    """pimpi's default kernel (auto: best level, shape by trial), each level
    (shape by trial), and each loop shape at every vector level, on one rank,
    alternated run by run with the C reference (and, on an AVX-512 CPU, the C
    reference's AVX2 loop); the core clock, and each level's port bound from
    the probe."""
    name = "kernels"
    reference = ("c-splitmix-native", None)
    reference_v3 = ("c-splitmix-v3", None)

    def measure(self):
        stdout, _ = self.runner.run([self.args.cpu_probe])
        self.probe = json.loads(stdout)
        self.supported, self.refused = [], {}
        for kernel in KERNELS:
            try:
                self.runner.run([self.args.pimpi, "1", "--no-serial", "--kernel", kernel])
                self.supported.append(kernel)
            except Refused as refusal:
                self.refused[kernel] = refusal.args[0]
        # Every shape at every vector level: the trial at each level is then
        # checked against the fastest shape the bench found there.
        shapes = [f"{level}:{shape}" for level in self.supported if level != "baseline"
                  for shape in self.args.shapes]
        self.choices = ["auto"] + self.supported + shapes
        self.references = [(self.reference, self.args.c_reference)]
        native_level = json.loads(self.runner.run([self.args.c_reference, "1", "1"])[0]).get("level")
        if self.args.c_reference_v3 and "x86-64-v3" in self.supported and native_level != "x86-64-v3":
            self.references.append((self.reference_v3, self.args.c_reference_v3))
        self.records = {("pimpi", choice): [] for choice in self.choices}
        self.records.update({key: [] for key, _ in self.references})
        # The core clock just before each run (None off x86-64): it moves from
        # run to run, and one reading for the whole section has put a loop
        # above its port bound.
        self.clocks = {key: [] for key in self.records}
        self.clock_checks = [self.probe["clock_check"]]
        for _ in range(self.args.kernel_repeat):
            for key, program in self.references:
                self.clocks[key].append(self.clock())
                self.records[key].append(self.runner.baseline(
                    "kernel", [program, str(self.args.kernel_throws), "1234567"], 1))
            for choice in self.choices:
                self.clocks[("pimpi", choice)].append(self.clock())
                self.records[("pimpi", choice)].append(self.runner.pimpi(
                    "kernel", 1, self.args.kernel_throws, ["--kernel", choice, "--seed", "1234567"]))

    def clock(self):
        """The core clock now, or None where the probe could not trust it (its
        two chains disagreed) or is not on x86-64; both readings are kept."""
        stdout, _ = self.runner.run([self.args.cpu_probe, "--clock"])
        reading = json.loads(stdout)
        self.clock_checks.append(reading["clock_check"])
        return reading["clock_ghz"]

    def cycles_per_throw(self, key):
        """The median over a row's runs of each run's cycles per throw at the
        clock read just before it; None without a clock."""
        pairs = zip(self.clocks[key], self.records[key])
        cycles = [ghz * 1e9 / r["throws_per_second_per_core"] for ghz, r in pairs if ghz]
        return statistics.median(cycles) if cycles else None

    def hits(self):
        return {r["hits"] for records in self.records.values() for r in records}

    def reference_rate(self):
        return statistics.median(r["throws_per_second_per_core"] for r in self.records[self.reference])

    def default_rate(self):
        return statistics.median(r["throws_per_second_per_core"] for r in self.records[("pimpi", "auto")])

    def best_pimpi_rate(self):
        return max(s["median_throws_per_second"] for s in self.summary if s["program"].startswith("pimpi"))

    def report(self):
        reference = self.reference_rate()
        print(f"\nKernels on one core: {self.args.kernel_throws:,} throws, {self.args.kernel_repeat} rounds "
              f"alternated run by run (hits {'identical' if len(self.hits()) == 1 else 'DIFFER'} across all)")
        for kernel, why in self.refused.items():
            print(f"  --kernel {kernel}: not on this CPU ({why.splitlines()[-1] if why else 'refused'})")
        readings = [g for clocks in self.clocks.values() for g in clocks if g]
        ghz = statistics.median(readings) if readings else None
        checks = [c for c in self.clock_checks if c]
        if ghz:
            print(f"Core clock measured before each run: median {ghz:.3f} GHz, {fmt_range(readings, spec='.3f')}; "
                  f"cycles per throw below are each run's at its own reading (probe: {self.probe['clock_ghz']} GHz; "
                  "dependent imuls, cross-checked by dependent register adds)")
            untrusted = sum(1 for clocks in self.clocks.values() for g in clocks if not g)
            if untrusted:
                print(f"  {untrusted} of the readings were untrusted (the two chains disagreed); those runs have "
                      "no cycles")
        elif checks:
            imul = statistics.median(c["imul_chain_ghz"] for c in checks)
            add = statistics.median(c["add_chain_ghz"] for c in checks)
            print(f"Core clock unknown: a dependent imul chain reads {imul:.3f} GHz and a dependent add chain "
                  f"{add:.3f} GHz, which disagree (or lie outside 0.2-7 GHz), so this core runs one of them "
                  "faster than its latency; cycles per throw and the port bound are left empty")
        else:
            print("Core clock unknown (not x86-64): cycles per throw and the port bound are left empty")
        self.bounds = {}
        for level, timings in (self.probe.get("levels") or {}).items():
            print(f"{level}, {timings['register']} instructions, cycles each (throughput; a+b interleaved): "
                  + ", ".join(f"{op} {c:.2f}" for op, c in timings["cycles_per_instruction"].items())
                  + f"; its loop without dependencies {timings['loop_cycles']:.2f} per {timings['throws_per_loop']}"
                  " throws")
            bound, how = port_bound(self.probe, level)
            if bound:
                self.bounds[level] = bound
                print(f"  port bound {bound:.3f} cycles/throw"
                      + (f" = {ghz * 1e9 / bound:.3e} throws/s" if ghz else "") + f" ({how})")
        print(f"{'program':>44} {'throws/s/core':>14} {'min-max':>21} {'vs C':>7} {'cycles/throw':>13} {'of bound':>9}")
        impossible = []
        for (program, choice), records in self.records.items():
            rates = [r["throws_per_second_per_core"] for r in records]
            m = statistics.median(rates)
            if choice:
                ran = records[0]["kernel"] + ":" + records[0]["kernel_shape"]
                name = f"pimpi --kernel {choice}" + (f" ({ran})" if ":" not in choice else "")
            else:
                march = "native" if program == self.reference[0] else "x86-64-v3"
                name = f"C -O3 -march={march} -fno-slp-vectorize, {records[0]['kernel']}"
            # The bound of the level the row's loop is written for; none for a
            # loop the compiler vectorised its own way.
            level = records[0].get("level")
            bound = self.bounds.get(level)
            cycles = self.cycles_per_throw((program, choice))
            of_bound = bound / cycles if bound and cycles else None
            if of_bound and of_bound > IMPOSSIBLE_SHARE_OF_BOUND:
                # Faster than a lower bound: a clock reading was off, not the loop.
                impossible.append(name)
                of_bound = None
            self.summary.append({"program": name, "level": level, "median_throws_per_second": m,
                                 "ratio_to_c_native": m / reference, "cycles_per_throw": cycles,
                                 "port_bound_cycles_per_throw": bound, "fraction_of_port_bound": of_bound})
            print(f"{name:>44} {m:>14.3e} {fmt_range(rates, spec='.3e'):>21} {m / reference * 100:>6.1f}% "
                  f"{'' if cycles is None else f'{cycles:.3f}':>13} "
                  f"{'' if of_bound is None else f'{of_bound * 100:.1f}%':>9}")
        for name in impossible:
            print(f"  {name.strip()}: above the port bound by more than the clock's noise, so its share is left "
                  "empty (a clock reading was off)")
        c_share = next((s["fraction_of_port_bound"] for s in self.summary if s["program"].startswith("C ")), None)
        print(f"pimpi's default kernel at {self.default_rate() / reference * 100:.1f} % of the C reference"
              + (f"; the C reference at {c_share * 100:.1f} % of the port bound" if c_share else ""))
        self.trial_checks = [self.trial_check(level) for level in self.supported if level != "baseline"]
        for check in self.trial_checks:
            print(check["line"])

    def trial_check(self, level):
        """Whether `--kernel LEVEL` (the trial's pick, every run) ran as fast as
        the fastest shape timed at that level: the medians, side by side, and
        the fastest row's own spread as the noise they are read against."""
        picked = self.records[("pimpi", level)]
        picks = collections.Counter(r["kernel_shape"] for r in picked)
        shapes = {choice.split(":", 1)[1]: statistics.median(r["throws_per_second_per_core"] for r in records)
                  for (_, choice), records in self.records.items() if choice and choice.startswith(level + ":")}
        if not shapes:
            return {"level": level, "line": f"{level}: no shapes timed"}
        fastest = max(shapes, key=shapes.get)
        fastest_rates = [r["throws_per_second_per_core"] for r in self.records[("pimpi", f"{level}:{fastest}")]]
        noise = (max(fastest_rates) - min(fastest_rates)) / shapes[fastest]
        share = statistics.median(r["throws_per_second_per_core"] for r in picked) / shapes[fastest]
        within = share >= 1 - noise
        line = (f"{level}: the kernel trial picked " + ", ".join(f"{s} ({n} of {len(picked)} runs)"
                                                                 for s, n in picks.most_common())
                + f"; the fastest shape timed is {fastest} ({shapes[fastest]:.3e}); the trial's runs at "
                f"{share * 100:.1f} % of it, {'within' if within else 'OUTSIDE'} that row's own spread of "
                f"{noise * 100:.1f} %")
        return {"level": level, "picks": dict(picks), "fastest_shape": fastest, "share_of_fastest": share,
                "noise": noise, "within_noise": within, "line": line}


class Options(Section):
    """Schedules, threads and progress, alternated run by run."""
    name = "options"

    def configurations(self):
        n = self.args.np_max
        return [
            (f"static, {n} ranks", n, [], []),
            (f"dynamic, {n} ranks", n, ["--schedule", "dynamic"], []),
            # Threads need the rank unbound, or mpirun pins it (and them) to one core.
            (f"1 rank x {n} threads", 1, ["--threads", str(n)], ["--bind-to", "none"]),
            ("1 rank, --progress never", 1, ["--progress", "never"], []),
            ("1 rank, --progress always", 1, ["--progress", "always"], []),
        ]

    def measure(self):
        configurations = self.configurations()
        self.rows = {label: [] for label, *_ in configurations}
        for _ in range(self.args.repeat):
            for label, ranks, extra, launcher in configurations:
                self.rows[label].append(self.runner.pimpi(
                    "options", ranks, self.args.kernel_throws * self.args.np_max, extra, launcher))

    def hits(self):
        return {r["hits"] for records in self.rows.values() for r in records}

    def report(self):
        print(f"\nOptions: {self.args.kernel_throws * self.args.np_max:,} throws, alternated run by run")
        print(f"{'configuration':>28} {'time (s)':>10} {'min-max (s)':>19} {'throws/s/core':>14}")
        for label, records in self.rows.items():
            times = [r["seconds"] for r in records]
            rate = statistics.median(r["throws_per_second_per_core"] for r in records)
            self.summary.append({"configuration": label, "median_seconds": statistics.median(times),
                                 "min_seconds": min(times), "max_seconds": max(times),
                                 "median_throws_per_second_per_core": rate})
            print(f"{label:>28} {statistics.median(times):>10.4f} {fmt_range(times):>19} {rate:>14.3e}")
        quiet = statistics.median(r["seconds"] for r in self.rows["1 rank, --progress never"])
        shown = statistics.median(r["seconds"] for r in self.rows["1 rank, --progress always"])
        print(f"{'progress cost':>28} {(shown / quiet - 1) * 100:>+9.2f}%  (median time with / without, minus 1)")


class Baselines(Section):
    """The course's ways of computing pi, each against pimpi's best single-rank
    kernel: its mpi4py program, its multiprocessing pool and its Dask-MPI
    variant (pure Python, per-throw random.random()), the same in numpy, and a
    classic C MPI program using rand()."""
    name = "baselines"

    def __init__(self, runner, kernels):
        super().__init__(runner)
        self.kernels = kernels

    def script(self, name):
        return os.path.join(self.args.baselines, name)

    def measure(self):
        args, n = self.args, self.args.np_max
        python_mpi = [args.python, self.script("pi_mpi4py.py"), str(args.python_throws)]
        c_rand = [args.c_rand, str(args.c_rand_throws)]
        self.rows = {}
        self.notes = {}
        # mpi4py (and so Dask-MPI) runs under the launcher of the MPI it was built with.
        for name, command, launcher in (("python-mpi4py", python_mpi, args.python_mpirun),
                                        ("c-rand-mpi", c_rand, None)):
            for ranks in sorted({1, n}):
                self.rows[(name, ranks)] = [self.runner.baseline(
                    "baseline", self.runner.mpirun(ranks, launcher=launcher) + command, ranks)
                    for _ in range(args.repeat)]
        self.rows[("python-numpy", 1)] = [self.runner.baseline(
            "baseline", [args.python, self.script("pi_numpy.py"), str(args.numpy_throws)], 1)
            for _ in range(args.repeat)]
        self.rows[("python-multiprocessing", n)] = [self.runner.baseline(
            "baseline", [args.python, self.script("pi_multiprocessing.py"), str(args.python_throws * n), str(n)], n)
            for _ in range(args.repeat)]
        # Rank 0 is Dask's scheduler, rank 1 the client, ranks 2 on the workers.
        ranks = max(3, n + 2) if args.dask_all_cores else 3
        dask = ["--oversubscribe"] if ranks > self.runner.cores else []
        records = [self.runner.baseline(
            "baseline", [args.python_mpirun, *dask, "-np", str(ranks), args.python, self.script("pi_dask_mpi.py"),
                         str(args.python_throws)], None)
            for _ in range(args.repeat)]
        workers = records[0]["ranks"]
        self.rows[("python-dask-mpi", workers)] = records
        self.notes[("python-dask-mpi", workers)] = (
            f"{ranks} ranks ({workers} worker{'s' if workers > 1 else ''})"
            + (f" on {self.runner.cores} cores: oversubscribed" if ranks > self.runner.cores else ""))

    def report(self):
        best = self.kernels.best_pimpi_rate()
        print("\nBaselines, throws/s per core (median), and pimpi's best single-rank kernel against each")
        print(f"{'program':>22} {'ranks':>6} {'throws':>12} {'throws/s/core':>14} {'pimpi / it':>11}  note")
        # The chart: pimpi's default and each level, not every forced shape.
        self.bars = [(f"pimpi {s['program'].split()[2]}", s["median_throws_per_second"])
                     for s in self.kernels.summary
                     if s["program"].startswith("pimpi") and ":" not in s["program"].split()[2]]
        self.bars.append(("C SplitMix -march=native", self.kernels.reference_rate()))
        for (name, ranks), records in self.rows.items():
            m = statistics.median(r["throws_per_second_per_core"] for r in records)
            note = self.notes.get((name, ranks), "per worker process" if name == "python-multiprocessing" else "")
            self.summary.append({"program": name, "ranks": ranks, "median_throws_per_second_per_core": m,
                                 "pimpi_ratio": best / m, "note": note})
            print(f"{name:>22} {ranks:>6} {records[0]['throws']:>12,} {m:>14.3e} {best / m:>10.0f}x  {note}")
            if ranks == 1 or name == "python-multiprocessing":
                unit = "worker" if name == "python-dask-mpi" else "rank"
                self.bars.append((f"{name} ({ranks} {unit}{'s' if ranks > 1 else ''})", m))


def cpu_family_model():
    """"family F, model M" from /proc/cpuinfo: the marketing name alone does not
    tell a Zen 4 from a Zen 5 ("AMD EPYC" in these VMs)."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    if "cpu family" not in fields:
        return None
    return f"{fields.get('vendor_id', '?')} family {fields['cpu family']}, model {fields.get('model', '?')}"


def machine_context(runner, probe):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass

    def first_line(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "unknown"

    context = runner.pimpi_context
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpu_model": cpu,
        "cpu_family_model": cpu_family_model(),
        "cores": runner.cores,
        "mpi_library": context.get("mpi_library"),
        "mpi_launcher": runner.args.mpirun,
        "pimpi_version": context.get("pimpi_version"),
        "kernel_variant": context.get("kernel"),
        "kernel_shape": context.get("kernel_shape"),
        "generator": context.get("generator"),
        "swift_compiler": first_line(["swift", "--version"]),
        "c_reference_compiler": first_line([runner.args.cc, "--version"]) + " -O3 -march=native -fno-slp-vectorize",
        "c_reference_loop": next((r["kernel"] for r in runner.runs if r["program"] == "c-splitmix-native"), None),
        "cpu_probe": probe,
        "settings": {k: v for k, v in vars(runner.args).items() if k in
                     ("np_max", "throws", "repeat", "weak_throws", "kernel_throws", "kernel_repeat", "python_throws",
                      "c_rand_throws", "numpy_throws", "reference_seconds")},
    }


def write_files(out, context, sections, runner, strong, bars):
    """bench.json (context, summaries, every run), runs.csv and the two charts, SVG and PNG."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "bench.json"), "w") as f:
        kernels = next(s for s in sections if s.name == "kernels")
        json.dump({"context": context, "summary": {s.name: s.summary for s in sections},
                   "kernel_trial_checks": kernels.trial_checks,
                   "strong_cross_check": strong.cross_check, "runs": runner.runs}, f, indent=2)
    columns = ["section", "program", "options", "ranks", "throws", "seconds", "wall_seconds",
               "throws_per_second_per_core", "hits", "kernel", "kernel_shape", "mpi_init_seconds"]
    with open(os.path.join(out, "runs.csv"), "w", newline="") as f:
        f.write("# " + json.dumps(context) + "\n")
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(runner.runs)
    t1 = strong.one_rank_median()
    drawn = charts.scaling_chart(
        os.path.join(out, "scaling"), f"pimpi strong scaling: {sci(runner.args.throws)} throws ({context['cpu_model']})",
        [("pimpi", [(r, statistics.median(t), min(t), max(t)) for r, t in strong.rows])],
        [(r, t1 / r) for r, _ in strong.rows])
    drawn += charts.throughput_chart(os.path.join(out, "throughput"),
                                     "Throws per second per core: pimpi and baselines", bars)
    print(f"\nResults: {out}/ (bench.json, runs.csv, " + ", ".join(os.path.basename(p) for p in drawn) + ")")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pimpi", required=True)
    parser.add_argument("--c-reference", required=True)
    parser.add_argument("--c-reference-v3", help="the C reference built for x86-64-v3 (its AVX2 loop)")
    parser.add_argument("--c-rand", required=True)
    parser.add_argument("--cpu-probe", required=True)
    parser.add_argument("--mpi", choices=["openmpi", "mpich"], default="openmpi", help="the MPI pimpi was built with")
    parser.add_argument("--mpirun", default="mpirun", help="that MPI's launcher")
    parser.add_argument("--python-mpirun", default="mpirun", help="the launcher of the MPI mpi4py was built with")
    parser.add_argument("--cc", default="clang")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--baselines", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "baselines"))
    parser.add_argument("--np-max", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--throws", type=parse_count, default=10**10)
    parser.add_argument("--reference-seconds", type=float, default=3.0,
                        help="each acceptance reference run's duration (pimpi --duration)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--weak-throws", type=parse_count, default=2 * 10**9, help="throws per rank")
    parser.add_argument("--kernel-throws", type=parse_count, default=2 * 10**9)
    parser.add_argument("--kernel-repeat", type=int, default=5, help="alternated rounds of the kernel section")
    parser.add_argument("--shapes", nargs="*", default=["16x1-lanes", "16x2-lanes", "8x3-lanes", "8x2-popcount",
                                                         "16x1-popcount", "16x2-popcount",
                                                         "8x3-popcount-pipelined", "8x4-popcount-pipelined",
                                                         "8x5-popcount-pipelined", "8x6-popcount-pipelined"],
                        help="loop shapes timed at every vector level")
    parser.add_argument("--python-throws", type=parse_count, default=2 * 10**6)
    parser.add_argument("--c-rand-throws", type=parse_count, default=5 * 10**7)
    parser.add_argument("--numpy-throws", type=parse_count, default=10**8)
    parser.add_argument("--dask-all-cores", action="store_true",
                        help="Dask-MPI with a worker per core (default: the course's minimum, 3 ranks)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
    return parser.parse_args()


def main():
    args = parse_arguments()
    runner = Runner(args)
    strong, kernels, options = StrongScaling(runner), Kernels(runner), Options(runner)
    baselines = Baselines(runner, kernels)
    acceptance = AcceptanceReference(runner)
    sections = [strong, WeakScaling(runner), LaunchCost(runner), kernels, options, baselines, acceptance]

    print(f"pimpi bench: {sci(args.throws)} throws, 1..{args.np_max} ranks, {args.repeat} repeats", flush=True)
    for section in sections:
        section.measure()
    for section in sections:
        section.report()

    context = machine_context(runner, dict(kernels.probe, clock_ghz_before_kernel_runs=[
        g for clocks in kernels.clocks.values() for g in clocks], clock_checks=kernels.clock_checks))
    out = os.path.join(args.out, datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
    write_files(out, context, sections, runner, strong, baselines.bars)
    acceptance.write(out)
    # Within each section every run throws the same count with the same seed.
    hits_agree = len(kernels.hits()) == 1 and len(options.hits()) == 1 and len(strong.hits) == 1
    if not hits_agree:
        print("pimpi bench: hit counts DIFFER between kernels, options, or the sweep and its cross-check",
              file=sys.stderr)
    return 0 if hits_agree else 1


if __name__ == "__main__":
    sys.exit(main())
