"""Rows on a terminal: a table aligned by display width, or field: value blocks when too wide.

Chinese characters take two columns on a terminal, so cells are padded by their display width
(wcwidth), not their length. A table wider than the terminal becomes a vertical layout, one
block per row, so nothing wraps into an unreadable mess.
"""

import re
import shutil
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final, NamedTuple, TypeAlias

import click

from crawler.dataset.export import display_width

if TYPE_CHECKING:
    import pandas as pd

LAYOUTS: Final = ("auto", "table", "vertical")
GAP: Final = "  "  # between two table columns
NO_ROWS: Final = "(no matches)\n"
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]+")

layout_option = click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="auto",
    show_default=True,
    help="table, vertical (field: value per row) or auto: vertical when wider than the terminal.",
)


class Grid(NamedTuple):
    """Rows to show without pandas: the column names, and each row's cells in their order."""

    columns: list[str]
    rows: list[list[object]]


Rows: TypeAlias = "pd.DataFrame | Grid"


def grid(rows: Rows) -> Grid:
    """The rows as a Grid (a DataFrame's column names and cells; a Grid as it is)."""
    if isinstance(rows, Grid):
        return rows
    cells = [list(row) for row in rows.itertuples(index=False)]
    return Grid([str(name) for name in rows.columns], cells)


def shown(records: Sequence[Mapping[str, object]], columns: Sequence[str]) -> Grid:
    """The `columns` of dict rows that the rows have, in that order."""
    present = [column for column in columns if not records or column in records[0]]
    return Grid(present, [[record[column] for column in present] for record in records])


def cell_text(value: object) -> str:
    """A cell on one line: tabs, newlines and other control characters become a space."""
    return _CONTROL.sub(" ", "" if value is None else str(value))


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` display columns."""
    return text + " " * max(width - display_width(text), 0)


def table_lines(rows: Rows) -> list[str]:
    """The header and one line per row, every column padded to its widest display width."""
    header, cells = grid(rows)
    texts = [[cell_text(value) for value in row] for row in cells]
    widths = [
        max(display_width(text) for text in column) for column in zip(header, *texts, strict=True)
    ]
    return [GAP.join(map(pad, line, widths)) for line in [header, *texts]]


def vertical_lines(rows: Rows) -> list[str]:
    """One block per row: a `-[ n ]` line, then `field : value` lines, fields aligned."""
    names, cells = grid(rows)
    width = max((display_width(name) for name in names), default=0)
    lines: list[str] = []
    for number, row in enumerate(cells, start=1):
        lines.append(f"-[ {number} ]")
        lines.extend(
            f"{pad(name, width)} : {cell_text(value)}"
            for name, value in zip(names, row, strict=True)
        )
    return lines


def terminal_width() -> int:
    """Columns of the terminal ($COLUMNS first; 80 when it cannot be told)."""
    return shutil.get_terminal_size((80, 24)).columns


def render(rows: Rows, layout: str = "auto", width: int | None = None) -> str:
    """The rows as text in `layout` (LAYOUTS); auto is vertical when a line exceeds `width`."""
    table = grid(rows)
    if not table.columns or not table.rows:
        return NO_ROWS
    if layout == "vertical":
        return "\n".join(vertical_lines(table)) + "\n"
    lines = table_lines(table)
    limit = terminal_width() if width is None else width
    if layout == "auto" and max(display_width(line) for line in lines) > limit:
        return "\n".join(vertical_lines(table)) + "\n"
    return "\n".join(lines) + "\n"
