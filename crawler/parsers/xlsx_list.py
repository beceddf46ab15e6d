"""Parse a filing list published as an XLSX workbook (provincial lists)."""

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

import pandas as pd
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from crawler.parsers.errors import NotADocumentError
from crawler.parsers.sniff import require_format
from crawler.parsers.table import RawRow, rows_to_frame


def cell_text(value: object) -> str:
    """Cell value as text: integral numbers without '.0', dates as yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _sheet_rows(workbook: Workbook) -> Iterator[RawRow]:
    """Yield every row of every sheet; title rows above the header name the list."""
    for sheet in workbook.worksheets:
        for row_no, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield RawRow([cell_text(v) for v in values], f"sheet {sheet.title} row {row_no}")


def _open(data: bytes, source: str) -> Workbook:
    """Open the workbook read-only with cached values, reporting damage as NotADocumentError."""
    require_format(data, "xlsx", source)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise NotADocumentError(source, f"is truncated or corrupt ({exc})") from exc


def parse_xlsx_list(data: bytes, *, source: str = "<xlsx>") -> pd.DataFrame:
    """Parse XLSX bytes whose sheet has a header row like 序号, 算法名称, 主体名称, 备案编号…

    Merged title rows above the header are the list's title (its family and month): the first
    row whose cells map to known headers starts the table. Every sheet is read.
    """
    workbook = _open(data, source)
    try:
        return rows_to_frame(list(_sheet_rows(workbook)), source=source)
    finally:
        workbook.close()
