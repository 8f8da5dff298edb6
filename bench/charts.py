"""The charts of `make bench` and bench/plot_sweep.py, drawn with matplotlib
(Debian's python3-matplotlib), each written as SVG and PNG.

  * time against ranks, the median with min-max bars and the ideal line (the
    course's scaling figure);
  * throughput per core, pimpi and the baselines, on a log scale;
  * speedup and efficiency against cores, from a `pimpi --sweep` report;
  * each node's rate per core over time, from the reports a site keeps (trend.py).
"""
import matplotlib

matplotlib.use("Agg")  # files only: no display on a cluster's login node
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# A figure of the same size and look for every chart.
SIZE = (7.2, 4.6)
plt.rcParams.update({"font.size": 10, "axes.grid": True, "grid.color": "#dddddd", "svg.hashsalt": "pimpi",
                     "svg.fonttype": "none"})


def save(figure, base):
    """BASE.svg and BASE.png; returns the two paths."""
    figure.tight_layout()
    paths = [base + ".svg", base + ".png"]
    # No date in the SVG's metadata, so that a chart drawn twice is the same file.
    figure.savefig(paths[0], metadata={"Date": None})
    figure.savefig(paths[1], dpi=120)
    plt.close(figure)
    return paths


def ranged_line(axes, xs, values, lows, highs, label, label_without_range=None):
    """A line through the medians, with a bar from each point's low to its high;
    label_without_range, where given, names it when no point has a range."""
    below = [value - low for value, low in zip(values, lows)]
    above = [high - value for value, high in zip(values, highs)]
    ranged = any(below) or any(above) or label_without_range is None
    axes.errorbar(xs, values, yerr=[below, above], marker="o", capsize=4, linewidth=2,
                  label=label if ranged else label_without_range)


def scaling_chart(base, title, series, ideal, x_label="MPI ranks", y_label="time (s)"):
    """series: [(name, [(ranks, median, low, high), ...])]; ideal: [(ranks, time)]."""
    figure, axes = plt.subplots(figsize=SIZE)
    axes.plot([x for x, _ in ideal], [y for _, y in ideal], "--", color="#888888", label="ideal scaling")
    for name, points in series:
        xs, medians, lows, highs = (list(column) for column in zip(*points))
        ranged_line(axes, xs, medians, lows, highs, f"{name} (median, min-max)")
    axes.set(title=title, xlabel=x_label, ylabel=y_label, ylim=(0, None))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend()
    return save(figure, base)


def throughput_chart(base, title, bars, x_label="throws per second per core (log scale)"):
    """bars: [(label, value)], drawn as horizontal bars on a log axis, first on top."""
    figure, axes = plt.subplots(figsize=SIZE)
    labels = [label for label, _ in bars][::-1]
    values = [value for _, value in bars][::-1]
    drawn = axes.barh(labels, values, color=[f"C{i}" for i in range(len(values))][::-1])
    axes.bar_label(drawn, labels=[f"{v:.3g}" for v in values], padding=3)
    axes.set_xscale("log")
    axes.set(title=title, xlabel=x_label)
    axes.set_xlim(min(v for v in values if v > 0) / 3, max(values) * 8)
    axes.grid(axis="y", visible=False)
    return save(figure, base)


def sweep_charts(base, title, rows, mode):
    """rows: dicts with cores, speedup, speedup_low, speedup_high, efficiency,
    efficiency_low, efficiency_high (the ranges from the repetitions' min and
    max; equal to the value for one repetition). Writes BASE-speedup and
    BASE-efficiency, each .svg and .png."""
    cores = [row["cores"] for row in rows]
    paths = []
    for name, ideal, label in (
        ("speedup", cores, "speedup" + (" (scaled: weak)" if mode == "weak" else "")),
        ("efficiency", [1.0 for _ in cores], "parallel efficiency"),
    ):
        figure, axes = plt.subplots(figsize=SIZE)
        axes.plot(cores, ideal, "--", color="#888888", label="ideal")
        ranged_line(axes, cores, [row[name] for row in rows], [row[name + "_low"] for row in rows],
                    [row[name + "_high"] for row in rows], "pimpi (median, min-max)", "pimpi")
        axes.set(title=title, xlabel="cores (ranks x threads)", ylabel=label, ylim=(0, None))
        if name == "efficiency":
            axes.set_ylim(0, max(1.1, max(row["efficiency_high"] for row in rows) * 1.05))
            axes.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend()
        paths += save(figure, f"{base}-{name}")
    return paths


def trend_chart(base, title, series, y_label="throws per second per core"):
    """series: [(name, [(datetime, value), ...])], one line of points each, over time."""
    figure, axes = plt.subplots(figsize=SIZE)
    for name, points in series:
        axes.plot([time for time, _ in points], [value for _, value in points], marker="o", label=name)
    axes.set(title=title, xlabel="started (UTC)", ylabel=y_label, ylim=(0, None))
    figure.autofmt_xdate()
    if len(series) <= 12:
        axes.legend(fontsize=8)
    return save(figure, base)
