#!/usr/bin/env python3
"""Speedup and efficiency charts from a `pimpi --sweep` report, for a
student's own cluster run (the course's scaling figure):

    srun -n 16 pimpi 1e11 --sweep --repeat 3 --format csv > sweep.csv
    python3 bench/plot_sweep.py sweep.csv              # sweep-speedup.svg/.png, sweep-efficiency.svg/.png
    python3 bench/plot_sweep.py sweep.json -o out/run1 # JSON too; -o names the files' stem
    pimpi ... --sweep --format json | python3 bench/plot_sweep.py -   # from stdin

The figures are pimpi's own: each row's speedup and efficiency as its
report gives them (against the 1-rank row, or the serial rerun where the
sweep has none), and with --repeat a min-max bar from the repetitions'
fastest and slowest time. Needs matplotlib (Debian: python3-matplotlib).
"""
import argparse
import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import charts  # noqa: E402


def rows_from(text):
    """Each row's figures, from pimpi's JSON ({"sweep", "rows"}) or CSV (a line per row)."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        report = json.loads(stripped)
        if "rows" not in report:
            raise ValueError("not a --sweep report: no rows (run pimpi with --sweep)")
        return [dict(row["results"], **row["context"]) for row in report["rows"]]
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "speedup" not in rows[0]:
        raise ValueError("not pimpi's CSV: no speedup column")
    return rows


def number(value):
    return None if value in (None, "", "null") else float(value)


def figures(row):
    """Cores, and speedup and efficiency with their ranges over the repetitions."""
    speedup, efficiency = number(row["speedup"]), number(row["efficiency"])
    if speedup is None or efficiency is None:
        raise ValueError(f"the {row['ranks']}-rank row has no speedup: a sweep without a 1-rank row needs "
                         "its serial rerun (leave out --no-serial)")
    median, low, high = (number(row[k]) for k in ("parallel_seconds", "parallel_seconds_min", "parallel_seconds_max"))
    # Speedup is inversely proportional to the time: the slowest repetition gives the lowest.
    scale_low, scale_high = median / high, median / low
    return {"ranks": int(row["ranks"]), "cores": int(row["ranks"]) * int(row["threads_per_rank"]),
            "speedup": speedup, "speedup_low": speedup * scale_low, "speedup_high": speedup * scale_high,
            "efficiency": efficiency, "efficiency_low": efficiency * scale_low,
            "efficiency_high": efficiency * scale_high}


def title(first, rows):
    mode = first.get("sweep") or "strong"
    throws = int(float(first["throws"]))
    models = first.get("cpu_models")
    model = models[0] if isinstance(models, list) else (models or "").split(";")[0]
    per = " per rank" if mode == "weak" else ""
    return (f"pimpi {mode} scaling: {throws / rows[0]['ranks'] if mode == 'weak' else throws:.3g} throws{per}"
            + (f" ({model})" if model else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", help="pimpi --sweep --format csv or json output; - for stdin")
    parser.add_argument("-o", "--output", help="stem of the files (default: the report's name without extension)")
    args = parser.parse_args()
    text = sys.stdin.read() if args.report == "-" else open(args.report).read()
    try:
        raw = rows_from(text)
        rows = sorted((figures(row) for row in raw), key=lambda row: row["cores"])
    except (ValueError, KeyError) as problem:
        print(f"plot_sweep.py: {args.report}: {problem}", file=sys.stderr)
        return 1
    stem = args.output or ("sweep" if args.report == "-" else os.path.splitext(args.report)[0])
    paths = charts.sweep_charts(stem, title(raw[0], rows), rows, raw[0].get("sweep") or "strong")
    print("plot_sweep.py: " + ", ".join(paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
