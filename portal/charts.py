"""Geometry of the server-rendered SVG charts: no chart JavaScript, colours from site.css classes.

Each function returns plain numbers for a template to draw; the page shows the same numbers in a
table beside the chart, so the chart is never the only way to read them.

Values come as `ShownCount`s from the privacy gate. A suppressed one ("fewer than 3") is never
drawn as a length: it gets no bar, its text says "fewer than 3", and it does not set the scale
(the longest bar would otherwise give its value away to the others).
"""

from dataclasses import dataclass
from dataclasses import field

from forums.privacy import ShownCount

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
    text: str
    text_x: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class BarChart:
    width: int
    height: int
    bar_height: int
    rows: list[BarRow]


Part = tuple[str, ShownCount, str]  # (css class, value, series name)


def _drawable_total(parts: list[Part]) -> int | None:
    """The length of a row's bar, or None when a part of it must not be measured."""
    if any(value.suppressed for _cls, value, _name in parts):
        return None
    return sum(value.value for _cls, value, _name in parts)


def stacked_bars(rows: list[tuple[str, list[Part]]]) -> BarChart:
    """Horizontal stacked bars, one per row: (label, [(css class, value, series name), ...]).

    The label sits above its bar, so long category names stay readable on a 320 px phone. A row
    with a suppressed part draws no bar at all: with the total at its end, the other segments
    would measure the hidden one. It says each part in words instead, as the table beside does.
    """
    totals = [_drawable_total(parts) for _label, parts in rows]
    largest = max((total for total in totals if total is not None), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    drawn = []
    for index, ((label, parts), total) in enumerate(zip(rows, totals, strict=True)):
        top = index * ROW_HEIGHT
        row = BarRow(label=label, label_y=top + 13, bar_y=top + 18, text="", text_x=0)
        if total is None:
            row.text = " · ".join(f"{name}: {value}" for _cls, value, name in parts)
            drawn.append(row)
            continue
        x = 0.0
        for css_class, value, name in parts:
            if value.value:
                width = round(value.value * scale, 1)
                row.segments.append(Segment(x=x, width=width, css_class=css_class, title=f"{name}: {value}"))
                x += width
        row.text = str(total)
        row.text_x = round(x + 6, 1)
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
    value: ShownCount
    centre_x: float = 0.0

    @property
    def suppressed(self) -> bool:
        return self.value.suppressed

    @property
    def short_text(self) -> str:
        """What a suppressed column shows instead of a bar ("<3"): the words would not fit its width."""
        return self.value.csv


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


def grouped_columns(groups: list[tuple[str, list[Part]]], *, height: int = 200) -> ColumnChart:
    """Vertical columns side by side per group (a quarter): (label, [(css class, value, series name)]).

    A suppressed value gets a column of height 0, which the template draws as "<3" text.
    """
    baseline = height - 32
    plot_height = baseline - 16
    shown = [value.value for _label, parts in groups for _cls, value, _name in parts if not value.suppressed]
    largest = max(shown, default=0) or 1
    slot = WIDTH / max(len(groups), 1)
    per_group = max((len(parts) for _label, parts in groups), default=1)
    column_width = round(slot * 0.7 / per_group, 1)
    drawn = []
    for index, (label, parts) in enumerate(groups):
        left = index * slot + slot * 0.15
        columns = []
        for position, (css_class, value, name) in enumerate(parts):
            bar = 0.0 if value.suppressed else round(value.value / largest * plot_height, 1)
            x = left + position * column_width
            columns.append(
                Column(
                    x=round(x, 1),
                    y=round(baseline - bar, 1),
                    height=bar,
                    css_class=css_class,
                    title=f"{label}, {name}: {value}",
                    value=value,
                    centre_x=round(x + column_width / 2, 1),
                )
            )
        drawn.append(ColumnGroup(label=label, label_x=round(index * slot + slot / 2, 1), columns=columns))
    return ColumnChart(width=WIDTH, height=height, baseline=baseline, column_width=column_width, groups=drawn)


@dataclass
class LinePoint:
    x: float
    y: float
    title: str


@dataclass
class LineSeries:
    label: str
    css_class: str
    points: list[LinePoint]
    # Runs of consecutive shown points, each drawn as one polyline: a hidden value breaks the line.
    runs: list[str]


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    top: int
    baseline: int
    gridlines: list[tuple[float, str]]
    x_labels: list[tuple[float, list[str]]]
    series: list[LineSeries]


def percent_lines(
    labels: list[str], series: list[tuple[str, list[int | None]]], *, height: int = 220
) -> LineChart:
    """Lines of percentages over `labels` (quarters), one per series (a municipality).

    The scale is always 0–100 %, so no value sets it. A None (a share withheld for too few answers)
    gets no point, and the line is broken there rather than drawn across it.
    """
    left, top, baseline = 36, 10, height - 34
    plot_height = baseline - top
    slot = (WIDTH - left) / max(len(labels), 1)

    def x_of(index: int) -> float:
        return round(left + slot * index + slot / 2, 1)

    def y_of(percent: int) -> float:
        return round(baseline - percent / 100 * plot_height, 1)

    drawn = []
    for index, (name, values) in enumerate(series):
        points, runs, run = [], [], []
        for position, value in enumerate(values):
            if value is None:
                if run:
                    runs.append(" ".join(run))
                run = []
                continue
            point = LinePoint(x=x_of(position), y=y_of(value), title=f"{name}, {labels[position]}: {value}%")
            points.append(point)
            run.append(f"{point.x},{point.y}")
        if run:
            runs.append(" ".join(run))
        drawn.append(LineSeries(label=name, css_class=f"chart-series-{index % 6}", points=points, runs=runs))
    return LineChart(
        width=WIDTH,
        height=height,
        left=left,
        top=top,
        baseline=baseline,
        gridlines=[(y_of(percent), f"{percent}%") for percent in (0, 25, 50, 75, 100)],
        x_labels=[(x_of(i), list(reversed(label.split(" ", 1)))) for i, label in enumerate(labels)],
        series=drawn,
    )
