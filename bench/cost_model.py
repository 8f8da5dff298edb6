#!/usr/bin/env python3
"""`make cost-model`: the measured part of docs/scaling.md.

Runs pimpi on 1, 2, 4 ... MAX_RANKS ranks under each MPI built (oversubscribed
past the core count), one launch per point and schedule, and prints per rank
count: the launch's wall time, MPI_Init on rank 0, the kernel trial, the
parallel time and the slowest and fastest rank's kernel time, for the static
and the dynamic schedule, and the report's size. Oversubscription distorts
every term that waits for all ranks (start-up, barriers, the collection):
with P ranks on C cores each rank runs 1/(P/C) of the time, so those terms
grow with P here where a real machine's would not (docs/scaling.md says
which). Writes the points as JSON to bench/results/cost-<timestamp>.json.
Only the Python standard library is used.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time


def launch(stack, ranks, arguments, timeout):
    command = [stack["launcher"], *stack["options"], "-np", str(ranks), stack["pimpi"], *arguments]
    if stack["name"] == "Open MPI" and ranks > (os.cpu_count() or 1):
        command.insert(1, "--oversubscribe")
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    wall = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr.strip()}")
    return result.stdout, wall


def point(stack, ranks, throws, timeout):
    row = {"mpi": stack["name"], "ranks": ranks}
    for schedule in ("static", "dynamic"):
        stdout, wall = launch(stack, ranks, [throws, "--no-serial", "--format", "json", "--schedule", schedule],
                              timeout)
        report = json.loads(stdout)
        results = report["results"]
        row[schedule] = {
            "wall_seconds": wall, "mpi_init_seconds": results["mpi_init_seconds"],
            "kernel_trial_seconds": results["kernel_trial_seconds"],
            "parallel_seconds": results["parallel_seconds"],
            "rank_seconds_min": results["rank_seconds_min"], "rank_seconds_max": results["rank_seconds_max"],
            "json_bytes": len(stdout.encode()), "hits": results["hits"],
            "chunk": report["context"]["chunk"], "chunk_taking": report["context"]["chunk_taking"],
        }
    text, _ = launch(stack, ranks, [throws, "--no-serial"], timeout)
    row["text_lines"] = len(text.splitlines())
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pimpi", required=True, help="the Open MPI build")
    parser.add_argument("--pimpi-mpich", help="the MPICH build, if made")
    parser.add_argument("--mpis", default="openmpi,mpich", help="which builds to measure")
    parser.add_argument("--max-ranks", type=int, default=256)
    parser.add_argument("--throws", default="1e9")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per launch")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
    args = parser.parse_args()

    stacks = []
    if "openmpi" in args.mpis:
        stacks.append({"name": "Open MPI", "launcher": "mpirun.openmpi", "options": [], "pimpi": args.pimpi})
    if "mpich" in args.mpis and args.pimpi_mpich and os.path.exists(args.pimpi_mpich):
        stacks.append({"name": "MPICH", "launcher": "mpiexec.mpich", "options": [], "pimpi": args.pimpi_mpich})
    counts = []
    k = 1
    while k <= args.max_ranks:
        counts.append(k)
        k *= 2

    rows = []
    print(f"pimpi cost model: {args.throws} throws, 1..{args.max_ranks} ranks on {os.cpu_count()} cores", flush=True)
    print(f"{'MPI':>8} {'ranks':>5} {'wall':>7} {'init':>7} {'trial':>6} {'static':>7} {'dynamic':>7} "
          f"{'kernel min-max (s)':>19} {'JSON KB':>8} {'lines':>5}")
    for stack in stacks:
        for ranks in counts:
            row = point(stack, ranks, args.throws, args.timeout)
            rows.append(row)
            s, d = row["static"], row["dynamic"]
            print(f"{stack['name']:>8} {ranks:>5} {s['wall_seconds']:>7.2f} {s['mpi_init_seconds']:>7.3f} "
                  f"{s['kernel_trial_seconds'] or 0:>6.3f} {s['parallel_seconds']:>7.3f} {d['parallel_seconds']:>7.3f} "
                  f"{s['rank_seconds_min']:>9.4f}-{s['rank_seconds_max']:<9.4f} {s['json_bytes'] / 1024:>8.1f} "
                  f"{row['text_lines']:>5}", flush=True)
            if len({row["static"]["hits"], row["dynamic"]["hits"], rows[0]["static"]["hits"]}) != 1:
                print("pimpi cost model: hit counts DIFFER", file=sys.stderr)
                return 1
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, datetime.datetime.now().strftime("cost-%Y%m%d-%H%M%S.json"))
    with open(path, "w") as f:
        json.dump({"throws": args.throws, "cores": os.cpu_count(), "points": rows}, f, indent=2)
    print(f"\nResults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
