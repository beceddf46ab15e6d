"""Export the table as CSV (Excel-ready), XLSX, Parquet or JSON records, written atomically.

Every format holds exactly TABLE_COLUMNS, in canonical order (crawler/constants.py): other
columns (a search's row_key and score) are left out, and a column the table lacks is empty.

CSV cells a spreadsheet would run as a formula get a leading single quote (`csv_safe`, the
OWASP advice on CSV injection); `csv_restored` undoes it exactly, for a program reading the CSV.
XLSX needs no quote: its text cells are stored as text.
"""

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from crawler.constants import TABLE_COLUMNS
from crawler.storage import write_atomic

FORMATS: Final = ("csv", "xlsx", "parquet", "json")
BINARY_FORMATS: Final = frozenset({"xlsx", "parquet"})
SHEET_TITLE: Final = "filings"
MIN_WIDTH: Final = 6
MAX_WIDTH: Final = 60
WIDTH_SAMPLE: Final = 500  # rows looked at to size a column
# A cell a spreadsheet reads as a formula: it starts with =, @, a tab or a carriage return, or
# with + or - unless only digits, '.', '+' and '-' follow (-1.5, the CAC's "--" for no product).
# Leading quotes are looked through, so a cell that already starts with one is quoted again and
# the quoting can be undone exactly.
_FORMULA: Final = r"'*(?:[=@\t\r]|[+-](?![\d.+-]*\Z))"
_NEEDS_QUOTE: Final = re.compile(_FORMULA)
_QUOTED: Final = re.compile(f"'(?={_FORMULA})")
_RISKY_STARTS: Final = ("=", "@", "\t", "\r", "+", "-", "'")
_TEXT_KINDS: Final = frozenset({"string", "mixed", "mixed-integer"})


def export_file_name(query: str, as_of: str, ext: str, stem: str = "cacfilings") -> str:
    """A file name naming what was exported and how current it is: cacfilings-字节-2026-08-31.xlsx.

    The query is kept readable (CJK too) with every run of characters unsafe in a file name
    (path separators, quotes, colons, spaces…) turned into one '-', and cut to 40 characters.
    """
    words = re.sub(r"[^\w.+]+", "-", query, flags=re.UNICODE).strip("-._")[:40].strip("-._")
    parts = [stem, *(part for part in (words, as_of) if part)]
    return "-".join(parts) + "." + ext.lstrip(".")


def select_rows(
    table: pd.DataFrame, list_type: str | None = None, since: str | None = None
) -> pd.DataFrame:
    """Rows of one list type and/or from batch `since` (YYYY-MM) on, in table order."""
    keep = pd.Series(True, index=table.index)
    if list_type:
        keep &= table["list_type"] == list_type
    if since:
        keep &= table["batch"] >= since
    return table[keep].reset_index(drop=True)


def canonical(table: pd.DataFrame) -> pd.DataFrame:
    """Exactly TABLE_COLUMNS, in order (a column `table` lacks is empty), as every format has."""
    return table.reindex(columns=list(TABLE_COLUMNS), fill_value="")


def csv_text(table: pd.DataFrame) -> str:
    """CSV text of canonical(table), formulas quoted; written with a BOM so Excel reads UTF-8."""
    return csv_safe(canonical(table)).to_csv(index=False, lineterminator="\r\n")


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell a spreadsheet would run as a formula quoted: '=1+2."""
    return frame.apply(_quote_formulas)


def csv_restored(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame read from a csv_safe CSV with its values as they were: csv_safe undone."""
    return frame.apply(_unquote_formulas)


def _quote_formulas(column: pd.Series) -> pd.Series:
    """The column with a quote before each formula-like text cell."""
    if pd.api.types.infer_dtype(column, skipna=True) not in _TEXT_KINDS:
        return column
    risky = _starts_risky(column)
    risky[risky] = column[risky].str.match(_NEEDS_QUOTE, na=False).astype(bool)
    return column.mask(risky, "'" + column[risky].astype(str))


def _starts_risky(column: pd.Series) -> pd.Series:
    """Whether each cell starts with a character a formula or a quote can start with."""
    return column.str.startswith(_RISKY_STARTS, na=False).astype(bool)


def _unquote_formulas(column: pd.Series) -> pd.Series:
    """The column with the quote csv_safe added removed."""
    if pd.api.types.infer_dtype(column, skipna=True) not in _TEXT_KINDS:
        return column
    quoted = column.str.startswith("'", na=False).astype(bool)
    quoted[quoted] = column[quoted].str.match(_QUOTED, na=False).astype(bool)
    return column.mask(quoted, column[quoted].astype(str).str[1:])


def json_text(table: pd.DataFrame) -> str:
    """JSON: a list of records (canonical columns), one per row, UTF-8 text kept readable."""
    records = canonical(table).to_dict(orient="records")
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def export_table(table: pd.DataFrame, fmt: str, out: Path) -> None:
    """Write canonical(table) to `out` in `fmt` (one of FORMATS), atomically."""
    table = canonical(table)
    writers: dict[str, Callable[[Path], object]] = {
        "csv": lambda tmp: tmp.write_text(csv_text(table), encoding="utf-8-sig", newline=""),
        "json": lambda tmp: tmp.write_text(json_text(table), encoding="utf-8"),
        "parquet": lambda tmp: table.to_parquet(tmp, index=False),
        "xlsx": lambda tmp: write_xlsx(table, tmp),
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    write_atomic(out, writers[fmt])


def write_xlsx(table: pd.DataFrame, path: Path) -> None:
    """A sheet of canonical(table): a bold, frozen header row, an autofilter, fitted widths."""
    table = canonical(table)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    columns = list(table.columns)
    last = f"{get_column_letter(max(len(columns), 1))}{len(table) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    for number, width in enumerate(column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.append([_bold(sheet, name) for name in columns])
    for row in table.itertuples(index=False, name=None):
        sheet.append([_as_text(sheet, value) for value in row])
    workbook.save(path)


def _as_text(sheet: WriteOnlyWorksheet, value: object) -> object:
    """Text starting with '=' stays text: openpyxl would otherwise store it as a formula."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _bold(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    """A header cell in bold (write-only sheets take WriteOnlyCell objects)."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def column_widths(table: pd.DataFrame) -> list[float]:
    """A width per column: its longest header or sampled value, CJK counted double, capped."""
    sample = table.head(WIDTH_SAMPLE)
    return [
        float(
            min(max(MIN_WIDTH, *(display_width(v) + 2 for v in [name, *sample[name]])), MAX_WIDTH)
        )
        for name in table.columns
    ]


def display_width(value: object) -> int:
    """Columns a text takes on screen: wide (CJK, full-width) characters count two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
