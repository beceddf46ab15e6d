"""Export the table as CSV (Excel-ready), XLSX, Parquet or JSON records, written atomically.

Every format holds exactly TABLE_COLUMNS, in canonical order (crawler/constants.py), then
`data_as_of` when the export knows it (the newest notice date of the data, crawler.dataset.asof):
other columns (a search's row_key and score) are left out, and a column the table lacks is empty.
CSV and JSON hold text; XLSX and Parquet store the INTEGER_COLUMNS and DATE_COLUMNS typed, and
XLSX links each notice_url and adds an "about" sheet (what was exported, and how to cite it).

CSV cells a spreadsheet would run as a formula get a leading single quote (`csv_safe`, the
OWASP advice on CSV injection); `csv_restored` undoes it exactly, for a program reading the CSV.
XLSX needs no quote: its text cells are stored as text.
"""

import csv
import datetime
import functools
import io
import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from crawler.constants import REAL_SITE, TABLE_COLUMNS

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMATS: Final = ("csv", "xlsx", "parquet", "json")
BINARY_FORMATS: Final = frozenset({"xlsx", "parquet"})
SHEET_TITLE: Final = "filings"
ABOUT_TITLE: Final = "about"
AS_OF_COLUMN: Final = "data_as_of"
EXPORT_COLUMNS: Final = (*TABLE_COLUMNS, AS_OF_COLUMN)
# Columns XLSX and Parquet store typed (CSV and JSON keep every value as text); a blank is
# empty/null, and a value not of the type (as printed in the source) stays text.
INTEGER_COLUMNS: Final = frozenset({"seq", "filing_year"})
DATE_COLUMNS: Final = frozenset(
    {"filing_date", "notice_date", "cancelled_on", "filing_no_date", AS_OF_COLUMN}
)
TYPED_COLUMNS: Final = INTEGER_COLUMNS | DATE_COLUMNS
LINK_COLUMN: Final = "notice_url"
SOURCE: Final = f"Cyberspace Administration of China (CAC): {REAL_SITE}, https://beian.cac.gov.cn"
CITATION: Final = (
    "Cite a row by its notice_url, the CAC notice page that publishes its list (a link in the "
    "filings sheet). attachment_url is plain text, not a link: the CAC refuses attachment links "
    "opened without a Referer, so open the notice page and follow the attachment link there."
)
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
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


@dataclass(frozen=True)
class ExportInfo:
    """What an export says about itself: the data's date and what selected its rows."""

    as_of: str | None = None  # data_as_of of the data the rows come from; None: not known
    filters: tuple[tuple[str, str], ...] = ()  # ("query", "字节"), ("type", "genai_filed"), …


def select_rows(
    table: "pd.DataFrame",
    list_type: str | None = None,
    since: str | None = None,
    *,
    list_types: Collection[str] = (),
    years: Collection[str] = (),
    until: str | None = None,
) -> "pd.DataFrame":
    """Rows of the list type(s), filing year(s) and batches since..until (YYYY-MM), in order."""
    import pandas as pd

    keep = pd.Series(True, index=table.index)
    if types := {*list_types, *([list_type] if list_type else [])}:
        keep &= table["list_type"].isin(types)
    if years:
        keep &= table["filing_year"].isin(set(years))
    if since:
        keep &= table["batch"] >= since
    if until:
        keep &= table["batch"] <= until
    return table[keep].reset_index(drop=True)


def canonical(table: "pd.DataFrame", as_of: str | None = None) -> "pd.DataFrame":
    """Exactly TABLE_COLUMNS, in order (a missing one empty), then data_as_of when given."""
    frame = table.reindex(columns=list(TABLE_COLUMNS), fill_value="")
    return frame if as_of is None else frame.assign(**{AS_OF_COLUMN: as_of})


def distinct_filings(table: "pd.DataFrame") -> int:
    """How many different filing numbers the rows carry (blank ones not counted)."""
    import pandas as pd

    numbers = table["filing_no"] if "filing_no" in table else pd.Series(dtype=str)
    return int(numbers[numbers != ""].nunique())


def csv_text(table: "pd.DataFrame", as_of: str | None = None) -> str:
    """CSV text of canonical(table), formulas quoted; written with a BOM so Excel reads UTF-8."""
    return records_csv(_cells(table), as_of)


def json_text(table: "pd.DataFrame", as_of: str | None = None) -> str:
    """JSON: a list of records (canonical columns), one per row, UTF-8 text kept readable."""
    return records_json(_cells(table), as_of)


def _cells(table: "pd.DataFrame") -> list[dict[str, object]]:
    """The table's rows as dicts, a missing value as '' (as a CSV writes it)."""
    return table.fillna("").to_dict(orient="records")


def export_records(
    records: Sequence[Mapping[str, object]], as_of: str | None = None
) -> list[dict[str, object]]:
    """Rows as every export holds them: TABLE_COLUMNS (a missing one empty), then data_as_of
    when given; the dict-rows twin of canonical(), for callers without pandas."""
    extra = {} if as_of is None else {AS_OF_COLUMN: as_of}
    return [{**{name: row.get(name, "") for name in TABLE_COLUMNS}, **extra} for row in records]


def records_csv(records: Sequence[Mapping[str, object]], as_of: str | None = None) -> str:
    """CSV text of export_records(records, as_of), formulas quoted, CRLF line ends."""
    rows = export_records(records, as_of)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS if as_of is not None else TABLE_COLUMNS)
    writer.writerows([csv_safe_cell(str(value)) for value in row.values()] for row in rows)
    return out.getvalue()


def records_json(records: Sequence[Mapping[str, object]], as_of: str | None = None) -> str:
    """JSON: a list of export_records(records, as_of), UTF-8 text kept readable."""
    return json.dumps(export_records(records, as_of), ensure_ascii=False, indent=1) + "\n"


def csv_safe_cell(text: str) -> str:
    """The text quoted when a spreadsheet would run it as a formula: '=1+2."""
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def csv_safe(frame: "pd.DataFrame") -> "pd.DataFrame":
    """The frame with every text cell a spreadsheet would run as a formula quoted: '=1+2."""
    return frame.apply(_quote_formulas)


def csv_restored(frame: "pd.DataFrame") -> "pd.DataFrame":
    """The frame read from a csv_safe CSV with its values as they were: csv_safe undone."""
    return frame.apply(_unquote_formulas)


def _quote_formulas(column: "pd.Series") -> "pd.Series":
    """The column with a quote before each formula-like text cell (as csv_safe_cell)."""
    import pandas as pd

    if pd.api.types.infer_dtype(column, skipna=True) not in _TEXT_KINDS:
        return column
    risky = _starts_risky(column)
    risky[risky] = column[risky].str.match(_NEEDS_QUOTE, na=False).astype(bool)
    return column.mask(risky, "'" + column[risky].astype(str))


def _starts_risky(column: "pd.Series") -> "pd.Series":
    """Whether each cell starts with a character a formula or a quote can start with."""
    return column.str.startswith(_RISKY_STARTS, na=False).astype(bool)


def _unquote_formulas(column: "pd.Series") -> "pd.Series":
    """The column with the quote csv_safe added removed."""
    import pandas as pd

    if pd.api.types.infer_dtype(column, skipna=True) not in _TEXT_KINDS:
        return column
    quoted = column.str.startswith("'", na=False).astype(bool)
    quoted[quoted] = column[quoted].str.match(_QUOTED, na=False).astype(bool)
    return column.mask(quoted, column[quoted].astype(str).str[1:])


def typed_value(column: str, value: object) -> object:
    """A cell as XLSX and Parquet store it: an int, a date, None for a blank, else the text."""
    if column not in TYPED_COLUMNS:
        return value
    text = "" if value is None else str(value)
    if text == "":
        return None
    if column in INTEGER_COLUMNS:
        return int(text) if text.isascii() and text.isdigit() else text
    return _as_date(text)


def _as_date(text: str) -> datetime.date | str:
    """The date of an ISO YYYY-MM-DD text; any other text as it is."""
    if not _ISO_DATE.fullmatch(text):
        return text
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return text


def typed(table: "pd.DataFrame") -> "pd.DataFrame":
    """The frame with its integer and date columns typed (blank: null); the rest as it is.

    A column holding a value not of its type (a 序号 printed as text) stays text, so nothing
    is lost.
    """
    frame = table.copy()
    for name in [column for column in frame.columns if column in TYPED_COLUMNS]:
        values = frame[name].map(lambda value, name=name: typed_value(name, value))
        if not any(isinstance(value, str) for value in values):
            frame[name] = values.astype("Int64") if name in INTEGER_COLUMNS else values
    return frame


def export_table(
    table: "pd.DataFrame", fmt: str, out: Path, info: ExportInfo | None = None
) -> None:
    """Write canonical(table) to `out` in `fmt` (one of FORMATS), atomically."""
    from crawler.storage import write_atomic

    info = info or ExportInfo()
    frame = canonical(table, info.as_of)
    writers: dict[str, Callable[[Path], object]] = {
        "csv": lambda tmp: tmp.write_text(
            csv_text(frame, info.as_of), encoding="utf-8-sig", newline=""
        ),
        "json": lambda tmp: tmp.write_text(json_text(frame, info.as_of), encoding="utf-8"),
        "parquet": lambda tmp: typed(frame).to_parquet(tmp, index=False),
        "xlsx": lambda tmp: write_xlsx(frame, tmp, info),
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    write_atomic(out, writers[fmt])


def write_xlsx(table: "pd.DataFrame", path: Path, info: ExportInfo | None = None) -> None:
    """Sheet "filings" (bold frozen header, autofilter, fitted widths, typed cells, notice
    links) and sheet "about" (what was exported, the data's date, how to cite it)."""
    from openpyxl import Workbook

    info = info or ExportInfo()
    table = canonical(table, info.as_of)
    workbook = Workbook(write_only=True)
    _fill_rows_sheet(workbook.create_sheet(SHEET_TITLE), table)
    _fill_about_sheet(workbook.create_sheet(ABOUT_TITLE), about_lines(table, info))
    workbook.save(path)


def _fill_rows_sheet(sheet: "WriteOnlyWorksheet", table: "pd.DataFrame") -> None:
    """The header row and one row per table row."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    columns = list(table.columns)
    last = f"{get_column_letter(max(len(columns), 1))}{len(table) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    for number, width in enumerate(column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.append([_bold(sheet, name) for name in columns])
    for row in table.itertuples(index=False, name=None):
        sheet.append([_cell(sheet, name, value) for name, value in zip(columns, row, strict=True)])


def about_lines(table: "pd.DataFrame", info: ExportInfo) -> list[tuple[str, object]]:
    """The about sheet: filters used, the data's date, rows, distinct filings, source, citing."""
    filters = list(info.filters) or [("filters", "none: every row of the table")]
    as_of = [("data as of", info.as_of)] if info.as_of is not None else []
    return [
        *filters,
        *as_of,
        ("rows", len(table)),
        ("distinct filing numbers", distinct_filings(table)),
        ("source", SOURCE),
        ("citation", CITATION),
        ("columns", "docs/data-dictionary.md of the cacfilings project explains every column"),
    ]


def _fill_about_sheet(sheet: "WriteOnlyWorksheet", lines: list[tuple[str, object]]) -> None:
    """Two columns, label and value, the labels in bold."""
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    for label, value in lines:
        sheet.append([_bold(sheet, label), _text_cell(sheet, value)])


def _cell(sheet: "WriteOnlyWorksheet", column: str, value: object) -> object:
    """One table cell: typed, a date formatted as a date, a notice URL as a link."""
    if column in TYPED_COLUMNS:
        value = typed_value(column, value)
    if isinstance(value, datetime.date):
        return _date_cell(sheet, value)
    if column == LINK_COLUMN and isinstance(value, str) and value.startswith(("http:", "https:")):
        return _link_cell(sheet, value)
    return _text_cell(sheet, value)


def _text_cell(sheet: "WriteOnlyWorksheet", value: object) -> object:
    """Text starting with '=' stays text: openpyxl would otherwise store it as a formula."""
    from openpyxl.cell import WriteOnlyCell

    if not (isinstance(value, str) and value.startswith("=")):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _date_cell(sheet: "WriteOnlyWorksheet", value: datetime.date) -> "WriteOnlyCell":
    """A date cell shown as YYYY-MM-DD."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "yyyy-mm-dd"
    return cell


def _link_cell(sheet: "WriteOnlyWorksheet", url: str) -> "WriteOnlyCell":
    """A cell showing `url` and linking to it."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=url)
    cell.hyperlink = url
    cell.style = "Hyperlink"
    return cell


def _bold(sheet: "WriteOnlyWorksheet", text: str) -> "WriteOnlyCell":
    """A header cell in bold (write-only sheets take WriteOnlyCell objects)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def column_widths(table: "pd.DataFrame") -> list[float]:
    """A width per column: its longest header or sampled value, CJK counted double, capped."""
    sample = table.head(WIDTH_SAMPLE)
    return [
        float(
            min(max(MIN_WIDTH, *(display_width(v) + 2 for v in [name, *sample[name]])), MAX_WIDTH)
        )
        for name in table.columns
    ]


def display_width(value: object) -> int:
    """Columns a text takes on screen (wcwidth): wide (CJK, full-width) characters count two.

    Control characters (a tab, a newline inside a cell) count one, as the space shown for them.
    """
    text = "" if value is None else str(value)
    wcswidth = _wcswidth()
    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcswidth(char), 1) for char in text)


@functools.cache
def _wcswidth() -> Callable[[str], int]:
    """wcwidth's wcswidth, imported on first use (a search with no rows never measures text)."""
    from wcwidth import wcswidth

    return wcswidth
