"""Geometry of the server-rendered SVG charts: no chart JavaScript, colours from site.css classes.

Each function returns plain numbers for a template to draw; the page shows the same numbers in a
table beside the chart, so the chart is never the only way to read them.
"""

from dataclasses import dataclass, field

WIDTH = 400
ROW_HEIGHT = 38
BAR_HEIGHT = 14
# Room right of the longest bar for its total.
VALUE_ROOM = 60


@dataclass
class Segment:
    x: float
    width: float
    css_class: str
    title: str


@dataclass
class BarRow:
    label: str
    label_y: float
    bar_y: float
    total: int
    total_x: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class BarChart:
    width: int
    height: int
    bar_height: int
    rows: list[BarRow]


def stacked_bars(rows: list[tuple[str, list[tuple[str, int, str]]]]) -> BarChart:
    """Horizontal stacked bars, one per row: (label, [(css class, value, series name), ...]).

    The label sits above its bar, so long category names stay readable on a 320 px phone.
    """
    largest = max((sum(value for _cls, value, _name in parts) for _label, parts in rows), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    drawn = []
    for index, (label, parts) in enumerate(rows):
        top = index * ROW_HEIGHT
        row = BarRow(label=label, label_y=top + 13, bar_y=top + 18, total=0, total_x=0)
        x = 0.0
        for css_class, value, name in parts:
            if value:
                width = round(value * scale, 1)
                row.segments.append(Segment(x=x, width=width, css_class=css_class, title=f"{name}: {value}"))
                x += width
            row.total += value
        row.total_x = round(x + 6, 1)
        drawn.append(row)
    return BarChart(
        width=WIDTH, height=max(len(rows) * ROW_HEIGHT, ROW_HEIGHT), bar_height=BAR_HEIGHT, rows=drawn
    )


@dataclass
class Column:
    x: float
    y: float
    height: float
    css_class: str
    title: str
    value: int


@dataclass
class ColumnGroup:
    label: str
    label_x: float
    columns: list[Column]

    @property
    def label_lines(self) -> list[str]:
        """The label in two short lines ("2026 Q3" → "Q3", "2026"), so eight quarters fit a phone."""
        return list(reversed(self.label.split(" ", 1)))


@dataclass
class ColumnChart:
    width: int
    height: int
    baseline: int
    column_width: float
    groups: list[ColumnGroup]


def grouped_columns(
    groups: list[tuple[str, list[tuple[str, int, str]]]], *, height: int = 200
) -> ColumnChart:
    """Vertical columns side by side per group (a quarter): (label, [(css class, value, series name)])."""
    baseline = height - 32
    plot_height = baseline - 16
    largest = max((value for _label, parts in groups for _cls, value, _name in parts), default=0) or 1
    slot = WIDTH / max(len(groups), 1)
    per_group = max((len(parts) for _label, parts in groups), default=1)
    column_width = round(slot * 0.7 / per_group, 1)
    drawn = []
    for index, (label, parts) in enumerate(groups):
        left = index * slot + slot * 0.15
        columns = []
        for position, (css_class, value, name) in enumerate(parts):
            bar = round(value / largest * plot_height, 1)
            columns.append(
                Column(
                    x=round(left + position * column_width, 1),
                    y=round(baseline - bar, 1),
                    height=bar,
                    css_class=css_class,
                    title=f"{label}, {name}: {value}",
                    value=value,
                )
            )
        drawn.append(ColumnGroup(label=label, label_x=round(index * slot + slot / 2, 1), columns=columns))
    return ColumnChart(width=WIDTH, height=height, baseline=baseline, column_width=column_width, groups=drawn)
