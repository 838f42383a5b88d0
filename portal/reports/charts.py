"""Server-side SVG bar charts: role="img" with <title> and <desc>, plus the same numbers as a
table alternative. No JavaScript, no CDN; colours come from CSS classes in site.css."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 260
LEFT, BOTTOM, TOP = 48, 40, 16


@dataclass
class Chart:
    id: str
    title: str
    description: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    svg: SafeString

    @property
    def rows(self):
        """Rows of the table alternative: (label, [value per series])."""
        return [
            (label, [values[i] for _, values in self.series]) for i, label in enumerate(self.labels)
        ]


def _n(value) -> str:
    return f"{value:.1f}"


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(chart_id: str, title: str, description: str, labels, series) -> Chart:
    labels = [str(label) for label in labels]
    series = [(str(name), [v or 0 for v in values]) for name, values in series]
    peak = max([v for _, values in series for v in values] + [1])
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(2.0, (group_w * 0.8) / max(len(series), 1))
    parts = [
        format_html(
            '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
            LEFT,
            TOP + plot_h,
            LEFT + plot_w,
            TOP + plot_h,
        ),  # fmt: skip
        format_html('<text x="4" y="{}">{}</text>', TOP + 10, _fmt(peak)),
        format_html('<text x="4" y="{}">0</text>', TOP + plot_h),
    ]
    for i, label in enumerate(labels):
        x0 = LEFT + i * group_w + group_w * 0.1
        for s, (name, values) in enumerate(series):
            h = plot_h * values[i] / peak
            parts.append(
                format_html(
                    '<rect class="bar bar-{}" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {} {}</title></rect>",
                    s % 4,
                    x0 + s * bar_w,
                    TOP + plot_h - h,
                    bar_w - 1,
                    h,
                    label,
                    _fmt(values[i]),
                    name,
                )  # fmt: skip
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(LEFT + i * group_w + group_w / 2),
                HEIGHT - BOTTOM + 16,
                label[:14],
            )  # fmt: skip
        )
    # The legend wraps onto extra rows below the plot when the names are long.
    items, x, row = [], LEFT, 0
    for index, (name, _values) in enumerate(series):
        width = 24 + int(6.6 * len(name))
        if x + width > WIDTH and x > LEFT:
            x, row = LEFT, row + 1
        items.append((index % 4, x, HEIGHT + row * 16 - 14, x + 14, HEIGHT + row * 16 - 5, name))
        x += width
    height = HEIGHT + row * 16
    legend = format_html_join(
        "",
        '<rect class="bar bar-{}" x="{}" y="{}" width="10" height="10"></rect>'
        '<text x="{}" y="{}">{}</text>',
        items,
    )
    svg = format_html(
        '<svg role="img" aria-labelledby="{0}-title {0}-desc" viewBox="0 0 {1} {2}" '
        'width="{1}" height="{2}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}{6}</svg>',
        chart_id, WIDTH, height, title, description,
        format_html_join("", "{}", ((part,) for part in parts)), legend,
    )  # fmt: skip
    return Chart(chart_id, title, description, labels, series, svg)
