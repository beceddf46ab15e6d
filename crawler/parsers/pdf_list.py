"""Parse a list published as PDF: ruled tables over many pages, each under its own title.

The generative-AI and cancellation lists are PDFs. Their tables run across page breaks without
repeating the header (a page's first table continues the columns of the last one), a tall row
splits at a page break into two parts (put back together by crawler/parsers/table.py), and one
PDF holds several tables, each under a title line naming its section (已备案 / 已登记 / 端侧).
"""

import io
from collections.abc import Iterator
from typing import Any, Final

import pandas as pd
import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from crawler.parsers.errors import NotADocumentError, refuse_library_errors
from crawler.parsers.sniff import require_format
from crawler.parsers.table import Caption, Item, RawRow, rows_to_frame

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


def _text_between(page: Page, top: float, bottom: float) -> str:
    """The page's text printed between two heights (outside any table), '' when none."""
    if bottom - top < 1:
        return ""
    return page.crop((0, top, page.width, bottom)).extract_text() or ""


def _cells(table: Table) -> list[list[str]]:
    """The table's cell texts, '' for empty or missing cells."""
    return [[cell or "" for cell in row] for row in table.extract(**TEXT_SETTINGS)]


def _page_items(page: Page) -> Iterator[Item]:
    """The text above each table (as a caption) and the table's rows, top to bottom, then the
    text below the last table (a title printed at the foot of a page names the next table)."""
    top, row_no = 0.0, 0
    tables = sorted(page.find_tables(CAC_TABLE_SETTINGS), key=lambda table: table.bbox[1])
    for table in tables:
        yield Caption(_text_between(page, top, table.bbox[1]))
        for cells in _cells(table):
            row_no += 1
            yield RawRow(cells, f"page {page.page_number} row {row_no}", page.page_number)
        top = table.bbox[3]
    yield Caption(_text_between(page, top, page.height))


def _pdf_items(pdf: pdfplumber.PDF) -> Iterator[Item]:
    """The captions and table rows of every page, in reading order.

    Each page's parsed objects are dropped once its rows are read: kept, they grow to ~4 MB a
    page (a 200-page list would need over 800 MB).
    """
    for page in pdf.pages:
        yield from _page_items(page)
        page.close()


def _is_encrypted(exc: BaseException) -> bool:
    """True when pdfminer failed because the PDF needs a password or an unknown cipher."""
    causes = [exc, exc.__cause__, exc.__context__, *exc.args]
    return any(isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) for cause in causes)


def _unreadable(exc: Exception, source: str) -> NotADocumentError:
    """The error for a PDF pdfminer cannot open: encrypted, or truncated or corrupt."""
    if _is_encrypted(exc):
        return NotADocumentError(source, "is an encrypted PDF (it needs a password)")
    return NotADocumentError(source, f"is truncated or corrupt ({exc})")


@refuse_library_errors("pdf")
def parse_pdf_list(data: bytes, *, source: str = "<pdf>") -> pd.DataFrame:
    """Parse a PDF list: generative-AI (已备案 / 已登记 / 端侧 tables) or cancellations.

    Tables continuing on a new page without a header keep the columns of the last header;
    rows split by a page break are merged back; each row's list type comes from the header
    and section title above its table (crawler/parsers/context.py).
    """
    require_format(data, "pdf", source)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return rows_to_frame(list(_pdf_items(pdf)), source=source)
    except (PdfminerException, MalformedPDFException, PDFSyntaxError, PDFEncryptionError) as exc:
        raise _unreadable(exc, source) from exc
