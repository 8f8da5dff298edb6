#!/usr/bin/env python3
"""Each node's rate per core over time, from the reports a site keeps:

    srun pimpi 1e11 --threads auto --no-serial --append-to /shared/pimpi/runs.jsonl
    pimpi --screen 20s --append-to /shared/pimpi/screens.jsonl     # the health check's verdicts too
    python3 bench/trend.py /shared/pimpi/runs.jsonl                 # trend.svg and trend.png
    python3 bench/trend.py runs.jsonl screens.jsonl -o out/trend --host 'n0*'

A file holds one pimpi JSON report per line (`--append-to`, or `>>` of
`--format json` output turned into lines): plain runs (their `nodes`),
`--sweep` reports (each row's `nodes`) and `--screen` verdicts (the node's
`screen`). Each point is one node in one report, at the report's
`started_at`; a line joins a node's points, so a node that fell behind its
past shows as a step down. Reports without `started_at` (pimpi before it
had one) are skipped, and said so. Needs matplotlib (Debian:
python3-matplotlib).
"""
import argparse
import datetime
import fnmatch
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import charts  # noqa: E402


def points_from(report):
    """(time, host, rate per core, kind) for each node of one report."""
    if "rows" in report:  # a --sweep: each row is a run of its own
        return [point for row in report["rows"] for point in points_from(row)]
    context = report.get("context", {})
    started = context.get("started_at")
    if not started:
        return None
    time = datetime.datetime.strptime(started, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    if "screen" in report:
        rate = report["screen"].get("throws_per_second_per_core")
        return [(time, context["host"], rate, "screen")] if rate else []
    return [(time, node["host"], node["throws_per_second_per_core"], "count")
            for node in report.get("nodes", []) if node.get("throws_per_second_per_core")]


def read(paths):
    """Every point of every report in `paths`, and how many reports had no time."""
    points, undated = [], 0
    for path in paths:
        with (sys.stdin if path == "-" else open(path, encoding="utf-8")) as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    found = points_from(json.loads(line))
                except (ValueError, KeyError) as error:
                    raise ValueError(f"{path}:{number}: not a pimpi JSON report on one line ({error})")
                if found is None:
                    undated += 1
                else:
                    points += found
    return points, undated


def main():
    parser = argparse.ArgumentParser(description="Each node's rate per core over time, from pimpi reports.")
    parser.add_argument("files", nargs="+", help="JSON-lines files of pimpi reports (- for stdin)")
    parser.add_argument("-o", "--output", default="trend", help="the charts' stem: STEM.svg and STEM.png")
    parser.add_argument("--host", default="*", help="only hosts matching this pattern (fnmatch), e.g. 'n0*'")
    arguments = parser.parse_args()
    try:
        points, undated = read(arguments.files)
    except (OSError, ValueError) as error:
        print(f"trend.py: {error}", file=sys.stderr)
        return 1
    points = [p for p in points if fnmatch.fnmatch(p[1], arguments.host)]
    if undated:
        print(f"trend.py: {undated} report(s) without started_at left out", file=sys.stderr)
    if not points:
        print("trend.py: no node's rate in these reports", file=sys.stderr)
        return 1
    series = {}
    for time, host, rate, kind in sorted(points):
        series.setdefault(f"{host} ({kind})", []).append((time, rate))
    paths = charts.trend_chart(arguments.output, "pimpi: rate per core over time", sorted(series.items()))
    hosts = len({host for _, host, _, _ in points})
    print(f"trend.py: {len(points)} points of {hosts} node(s): {', '.join(paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
