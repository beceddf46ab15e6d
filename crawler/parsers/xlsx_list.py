"""Parse a filing list published as an XLSX workbook (provincial lists)."""

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

import pandas as pd
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from crawler.parsers.errors import NotADocumentError, refuse_library_errors
from crawler.parsers.limits import MAX_COLUMNS, MAX_ROWS, check_count, check_package
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


def _check_size(sheet: ReadOnlyWorksheet, source: str) -> None:
    """Refuse a sheet whose stated size (its dimension) exceeds MAX_ROWS or MAX_COLUMNS."""
    check_count(sheet.max_row or 0, MAX_ROWS, f"rows in sheet {sheet.title}", source)
    check_count(sheet.max_column or 0, MAX_COLUMNS, f"columns in sheet {sheet.title}", source)


def _checked_rows(sheet: ReadOnlyWorksheet, source: str) -> Iterator[tuple[object, ...]]:
    """The sheet's rows of values, refused past MAX_ROWS rows or MAX_COLUMNS columns."""
    _check_size(sheet, source)
    for row_no, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        check_count(row_no, MAX_ROWS, f"rows in sheet {sheet.title}", source)
        check_count(len(values), MAX_COLUMNS, f"columns in sheet {sheet.title}", source)
        yield values


def _sheet_rows(workbook: Workbook, source: str) -> Iterator[RawRow]:
    """Yield every row of every sheet; title rows above the header name the list."""
    for sheet in workbook.worksheets:
        for row_no, values in enumerate(_checked_rows(sheet, source), start=1):
            yield RawRow([cell_text(v) for v in values], f"sheet {sheet.title} row {row_no}")


def _check_limits(data: bytes, source: str) -> None:
    """Refuse a workbook that unpacks too large or inflates too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_package(archive, source)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise NotADocumentError(source, f"is truncated or corrupt ({exc})") from exc


def _open(data: bytes, source: str) -> Workbook:
    """Open the workbook read-only with cached values, reporting damage as NotADocumentError."""
    require_format(data, "xlsx", source)
    _check_limits(data, source)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise NotADocumentError(source, f"is truncated or corrupt ({exc})") from exc


@refuse_library_errors("xlsx")
def parse_xlsx_list(data: bytes, *, source: str = "<xlsx>") -> pd.DataFrame:
    """Parse XLSX bytes whose sheet has a header row like 序号, 算法名称, 主体名称, 备案编号…

    Merged title rows above the header are the list's title (its family and month): the first
    row whose cells map to known headers starts the table. Every sheet is read.
    """
    workbook = _open(data, source)
    try:
        return rows_to_frame(list(_sheet_rows(workbook, source)), source=source)
    finally:
        workbook.close()
