"""Minimal SVG line and bar charts for `make bench`, with no plotting library.

Two charts are drawn: time against ranks with the ideal-scaling line (like the
course's scaling figure), and throughput per core on a log scale for pimpi and
the baselines.
"""
import math
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 720, 460
LEFT, RIGHT, TOP, BOTTOM = 90, 30, 50, 70
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def _text(x, y, s, size=13, anchor="middle", weight="normal", rotate=None):
    transform = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate is not None else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family="sans-serif" font-size="{size}" '
            f'text-anchor="{anchor}" font-weight="{weight}"{transform}>{escape(s)}</text>')


def _nice_ticks(low, high, count=5):
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while not ticks or ticks[-1] < high:
        ticks.append(round(value, 12))
        value += step
    return ticks


def _frame(title, x_label, y_label):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        _text(WIDTH / 2, 28, title, size=16, weight="bold"),
        _text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 20, x_label),
        _text(22, (TOP + HEIGHT - BOTTOM) / 2, y_label, rotate=-90),
    ]


def scaling_chart(title, series, ideal, x_label="MPI ranks", y_label="time (s)"):
    """series: [(name, [(ranks, median, low, high), ...])]; ideal: [(ranks, time)]."""
    xs = sorted({p[0] for _, points in series for p in points} | {p[0] for p in ideal})
    ys = [p[3] for _, points in series for p in points] + [p[1] for p in ideal]
    x_min, x_max = min(xs), max(xs)
    if x_min == x_max:
        x_min, x_max = x_min - 1, x_max + 1
    y_ticks = _nice_ticks(0, max(ys) * 1.08)
    y_max = y_ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        return LEFT + (x - x_min) / (x_max - x_min) * plot_w

    def py(y):
        return TOP + plot_h - y / y_max * plot_h

    out = _frame(title, x_label, y_label)
    for tick in y_ticks:
        out.append(f'<line x1="{LEFT}" y1="{py(tick):.1f}" x2="{LEFT + plot_w}" y2="{py(tick):.1f}" stroke="#ddd"/>')
        out.append(_text(LEFT - 8, py(tick) + 4, f"{tick:g}", anchor="end", size=12))
    for x in xs:
        out.append(_text(px(x), TOP + plot_h + 20, f"{x:g}", size=12))
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>')

    ideal_points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in ideal)
    out.append(f'<polyline points="{ideal_points}" fill="none" stroke="#888" stroke-width="2" stroke-dasharray="6,4"/>')
    legend = [("ideal scaling", "#888", True)]
    for index, (name, points) in enumerate(series):
        color = COLORS[index % len(COLORS)]
        line = " ".join(f"{px(x):.1f},{py(m):.1f}" for x, m, _, _ in points)
        out.append(f'<polyline points="{line}" fill="none" stroke="{color}" stroke-width="2.5"/>')
        for x, median, low, high in points:
            out.append(f'<line x1="{px(x):.1f}" y1="{py(low):.1f}" x2="{px(x):.1f}" y2="{py(high):.1f}" stroke="{color}" stroke-width="1.5"/>')
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(median):.1f}" r="4" fill="{color}"/>')
        legend.append((name + " (median, min-max)", color, False))
    for index, (name, color, dashed) in enumerate(legend):
        y = TOP + 18 + index * 20
        dash = ' stroke-dasharray="6,4"' if dashed else ""
        out.append(f'<line x1="{LEFT + plot_w - 250}" y1="{y}" x2="{LEFT + plot_w - 220}" y2="{y}" stroke="{color}" stroke-width="2.5"{dash}/>')
        out.append(_text(LEFT + plot_w - 212, y + 4, name, anchor="start", size=12))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def throughput_chart(title, bars, x_label="throws per second per core (log scale)"):
    """bars: [(label, value)] drawn as horizontal bars on a log10 axis."""
    values = [v for _, v in bars if v > 0]
    # A decade below the smallest bar's half, so that even the smallest bar shows.
    low = 10 ** math.floor(math.log10(min(values) / 2))
    high = 10 ** math.ceil(math.log10(max(values)))
    left = 230
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    bar_h = plot_h / max(len(bars), 1)

    def px(v):
        return left + (math.log10(v) - math.log10(low)) / (math.log10(high) - math.log10(low)) * plot_w

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        _text(WIDTH / 2, 28, title, size=16, weight="bold"),
        _text((left + WIDTH - RIGHT) / 2, HEIGHT - 20, x_label),
    ]
    exponent = int(math.log10(low))
    while 10 ** exponent <= high:
        x = px(10 ** exponent)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="#ddd"/>')
        out.append(_text(x, TOP + plot_h + 20, f"1e{exponent}", size=12))
        exponent += 1
    for index, (label, value) in enumerate(bars):
        y = TOP + index * bar_h + bar_h * 0.15
        color = COLORS[index % len(COLORS)]
        width = max(px(value) - left, 1) if value > 0 else 0
        out.append(f'<rect x="{left}" y="{y:.1f}" width="{width:.1f}" height="{bar_h * 0.7:.1f}" fill="{color}"/>')
        out.append(_text(left - 8, y + bar_h * 0.4, label, anchor="end", size=12))
        inside = width >= plot_w - 80  # a long bar carries its label inside, in white
        label = _text(left + width - 6 if inside else left + width + 6, y + bar_h * 0.4,
                      f"{value:.3g}", anchor="end" if inside else "start", size=12)
        out.append(label.replace("<text ", '<text fill="white" ') if inside else label)
    out.append(f'<rect x="{left}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
