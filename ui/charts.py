"""The charts of the pages as Altair specs: one fixed colour per list type on every chart.

A chart's frame comes with its values as words and its columns under their labels
(widgets.chart_frame), so a colour scale's domain is the words of the UI's language, always in
the same order with the same colours: a list type has its colour on the overview and on every
company page, whichever types a chart happens to show.
"""

from collections.abc import Sequence
from typing import Any, Final

import altair as alt
import pandas as pd

from ui.labels import column, value

COLOURS: Final = {
    "list_type": {
        "deep_synthesis": "#4c78a8",
        "genai_filed": "#f58518",
        "genai_registered": "#e45756",
        "algorithm": "#54a24b",
        "cancellation": "#9d755d",
    },
    "listing": {"new": "#4c78a8", "relisted": "#bab0ac"},
    "series": {"table": "#4c78a8", "official": "#e45756"},
}
BAR_HEIGHT: Final = 22  # pixels per bar of a horizontal chart


def colour_scale(field: str, lang: str) -> alt.Scale:
    """The fixed colours of a coded field, its values named in `lang`."""
    codes = COLOURS[field]
    return alt.Scale(domain=[value(lang, field, c) for c in codes], range=list(codes.values()))


def colour(field: str | None, lang: str) -> Any:
    """The colour channel of `field`: fixed colours for a coded field, a default scale else."""
    if field is None:
        return alt.Undefined
    scale = colour_scale(field, lang) if field in COLOURS else alt.Undefined
    return alt.Color(f"{column(lang, field)}:N", scale=scale)


def bar(
    frame: pd.DataFrame,
    x: str,
    y: str,
    lang: str,
    color: str | None = None,
    horizontal: bool = False,
    tooltip: Sequence[str] = (),
) -> alt.Chart:
    """Bars of `y` per `x` (stacked by `color`); horizontal bars largest first."""
    category, amount = f"{column(lang, x)}:N", f"{column(lang, y)}:Q"
    shown = [column(lang, name) for name in (*tooltip, x, y, *([color] if color else []))]
    chart = alt.Chart(frame).mark_bar()
    if horizontal:
        chart = chart.encode(y=alt.Y(category, sort="-x", title=None), x=amount)
        chart = chart.properties(height=BAR_HEIGHT * max(frame[column(lang, x)].nunique(), 1))
    else:
        chart = chart.encode(x=alt.X(category, sort="ascending"), y=amount)
    return chart.encode(color=colour(color, lang), tooltip=list(dict.fromkeys(shown)))


def genai_lines(frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The table's cumulative generative-AI counts as lines, the official totals as dots."""
    period, count, kind = (column(lang, name) for name in ("period", "filings", "list_type"))
    series = column(lang, "series")
    base = alt.Chart(frame).encode(
        x=alt.X(f"{period}:O"),
        y=alt.Y(f"{count}:Q"),
        color=colour("list_type", lang),
        tooltip=[period, kind, series, count],
    )
    table = base.transform_filter(alt.datum[series] == value(lang, "series", "table"))
    official = base.transform_filter(alt.datum[series] == value(lang, "series", "official"))
    return alt.LayerChart(
        layer=[table.mark_line(point=True), official.mark_point(size=90, filled=True)]
    )
