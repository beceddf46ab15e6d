"""Parse the generative-AI filing list PDF: ruled tables over many pages, two sections."""

import io
from collections.abc import Iterator, Sequence
from typing import Any, Final

import pandas as pd
import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from crawler.parsers.errors import NotADocumentError
from crawler.parsers.normalize import clean_cell
from crawler.parsers.sniff import require_format
from crawler.parsers.table import RawRow, header_mapping, rows_to_frame

# Ruled tables: cell borders are drawn lines, so both strategies follow the lines.
CAC_TABLE_SETTINGS: Final[dict[str, Any]] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
    "text_x_tolerance": 3,
    "text_y_tolerance": 3,
}
# What Table.extract() takes: the text_* settings without their prefix.
TEXT_SETTINGS: Final = {
    key.removeprefix("text_"): value
    for key, value in CAC_TABLE_SETTINGS.items()
    if key.startswith("text_")
}
# Section titles above a table, latest match wins: "二、生成式人工智能服务已登记信息".
SECTION_MARKERS: Final = (("已登记", "genai_registered"), ("已备案", "genai_filed"))


def _section_above(page: Page, top: float, bottom: float) -> str:
    """The list type named by the last section title between two heights, or ''."""
    if bottom - top < 1:
        return ""
    text = page.crop((0, top, page.width, bottom)).extract_text() or ""
    positions = {list_type: text.rfind(marker) for marker, list_type in SECTION_MARKERS}
    best = max(positions, key=lambda list_type: positions[list_type])
    return best if positions[best] >= 0 else ""


def _first_data_row(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the first non-empty row that is not a header row."""
    for index, cells in enumerate(rows):
        if any(map(clean_cell, cells)) and header_mapping(cells) is None:
            return index
    return None


def _cells(table: Table) -> list[list[str]]:
    """The table's cell texts, '' for empty or missing cells."""
    return [[cell or "" for cell in row] for row in table.extract(**TEXT_SETTINGS)]


def _page_rows(page: Page, list_type: str) -> Iterator[RawRow]:
    """Yield the rows of every table on a page, tracking the section title above each."""
    top = 0.0
    row_no = 0
    tables = sorted(page.find_tables(CAC_TABLE_SETTINGS), key=lambda table: table.bbox[1])
    for table_no, table in enumerate(tables):
        list_type = _section_above(page, top, table.bbox[1]) or list_type
        rows = _cells(table)
        continued = _first_data_row(rows) if table_no == 0 and page.page_number > 1 else None
        for index, cells in enumerate(rows):
            row_no += 1
            locator = f"page {page.page_number} row {row_no}"
            yield RawRow(cells, locator, list_type, after_break=index == continued)
        top = table.bbox[3]


def _pdf_rows(pdf: pdfplumber.PDF) -> Iterator[RawRow]:
    """Yield the table rows of every page, carrying the section over page breaks."""
    list_type = ""
    for page in pdf.pages:
        for row in _page_rows(page, list_type):
            list_type = row.list_type
            yield row


def parse_pdf_list(data: bytes, *, source: str = "<pdf>") -> pd.DataFrame:
    """Parse PDF bytes with ruled tables headed 序号, 属地, 模型名称, 备案单位, 备案号, 备案时间.

    The header repeats on every page and is skipped; a row split by a page break (blank
    序号 at the top of the next page) is merged back; the section titles 已备案 / 已登记
    above the tables set list_type to genai_filed / genai_registered.
    """
    require_format(data, "pdf", source)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return rows_to_frame(list(_pdf_rows(pdf)), source=source)
    except (PdfminerException, MalformedPDFException, PDFSyntaxError) as exc:
        raise NotADocumentError(source, f"is truncated or corrupt ({exc})") from exc
