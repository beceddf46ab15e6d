"""Parse a filing list published inline as an HTML table (cancellation notices)."""

from typing import Final

import lxml.html
import pandas as pd
from lxml.etree import ParserError
from lxml.html import HtmlElement

from crawler.parsers.errors import UnknownLayoutError, refuse_library_errors
from crawler.parsers.limits import check_span
from crawler.parsers.normalize import clean_cell
from crawler.parsers.sniff import html_not_a_document
from crawler.parsers.table import Caption, RawRow, header_mapping, rows_to_frame

BLOCK_TAGS: Final = ("p", "div", "li")
# Rows of this table only, not of tables nested in its cells (layout tables).
ROW_XPATH: Final = "./tr|./thead/tr|./tbody/tr|./tfoot/tr"


def decode_html(data: bytes) -> str:
    """Decode page bytes: UTF-8 when valid, else GB18030 (a superset of GBK/GB2312)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _cell_text(cell: HtmlElement) -> str:
    """A cell's text with <br> and block elements turned into line breaks."""
    for element in cell.iter("br", *BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return str(cell.text_content())


def _span(cell: HtmlElement, source: str) -> int:
    """The cell's colspan, 1 when absent or malformed; refused beyond MAX_SPAN."""
    value = str(cell.get("colspan", "1")).strip()
    span = max(int(value), 1) if value.isdigit() else 1
    check_span(span, "colspan", source)
    return span


def _row_cells(row: HtmlElement, source: str) -> list[str]:
    """Cell texts of a <tr>, a colspan cell followed by '' for each extra column."""
    cells: list[str] = []
    for cell in row.xpath("./th|./td"):
        cells.extend([_cell_text(cell), *[""] * (_span(cell, source) - 1)])
    return cells


def _table_rows(table: HtmlElement, table_no: int, source: str) -> list[RawRow]:
    """All rows of one <table> with 'table T row R' locators."""
    rows = table.xpath(ROW_XPATH)
    return [
        RawRow(_row_cells(row, source), f"table {table_no} row {n}")
        for n, row in enumerate(rows, 1)
    ]


def _has_header(rows: list[RawRow]) -> bool:
    """True when some row of the table maps to known list headers."""
    return any(header_mapping(row.cells) is not None for row in rows)


@refuse_library_errors("html")
def parse_html_list(data: bytes, *, source: str = "<html>") -> pd.DataFrame:
    """Parse an HTML notice page holding a <table> headed like 序号, 算法名称, 主体名称, 备案编号.

    The page's <title> names the list (a cancellation notice's title names its family).
    Raises NotADocumentError for pages without tables (firewall challenges, error pages)
    and UnknownLayoutError when the page has tables but none with filing-list headers.
    """
    try:
        root = lxml.html.document_fromstring(decode_html(data))
    except (ParserError, ValueError) as exc:
        raise html_not_a_document(data, source) from exc
    tables = [_table_rows(table, n, source) for n, table in enumerate(root.iter("table"), start=1)]
    listed = [row for rows in tables if _has_header(rows) for row in rows]
    if listed:
        title = Caption(clean_cell(root.findtext(".//title")))
        return rows_to_frame([title, *listed], source=source)
    headers = _first_header_guess(tables)
    if not headers:
        raise html_not_a_document(data, source)
    raise UnknownLayoutError(source, headers)


def _first_header_guess(tables: list[list[RawRow]]) -> list[str]:
    """The first table row with two or more filled cells, as 'headers found'."""
    for rows in tables:
        for row in rows:
            texts = [text for text in map(clean_cell, row.cells) if text]
            if len(texts) >= 2:
                return texts
    return []
