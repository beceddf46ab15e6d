"""Parse a filing list published as a DOCX table (deep synthesis, algorithm lists)."""

import io
import zipfile
from collections.abc import Iterator

import docx
import pandas as pd
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from crawler.parsers.errors import NotADocumentError, refuse_library_errors
from crawler.parsers.limits import check_docx_xml, check_package, read_member
from crawler.parsers.sniff import require_format
from crawler.parsers.table import Caption, Item, RawRow, rows_to_frame


def _row_texts(row: _Row) -> list[str]:
    """Cell text per layout-grid column; the 2nd+ grid column of a horizontal merge is ''.

    python-docx gives a cell spanning two grid columns twice (主要用途 in the 9-column lists);
    the repeat is read as an empty cell, so the filing number stays in its own column.
    """
    texts = [""] * row.grid_cols_before
    previous = None
    for cell in row.cells:
        texts.append("" if cell._tc is previous else cell.text)
        previous = cell._tc
    return texts


def _table_rows(table: Table, table_no: int) -> Iterator[RawRow]:
    """Yield every row of one DOCX table with a 'table T row R' locator."""
    for row_no, row in enumerate(table.rows, start=1):
        yield RawRow(_row_texts(row), f"table {table_no} row {row_no}")


def _items(document: Document) -> Iterator[Item]:
    """The document's paragraphs (as captions) and table rows, in reading order."""
    table_no = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield Caption(block.text)
        else:
            table_no += 1
            yield from _table_rows(block, table_no)


def _check_limits(data: bytes, source: str) -> None:
    """Refuse a package that unpacks too large, or whose tables span or hold too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_package(archive, source)
            check_docx_xml(read_member(archive, "word/document.xml", source), source)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError) as exc:
        raise NotADocumentError(source, f"is truncated or corrupt ({exc})") from exc


def _open(data: bytes, source: str) -> Document:
    """Open the DOCX within the limits, reporting a damaged package as NotADocumentError."""
    require_format(data, "docx", source)
    _check_limits(data, source)
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        raise NotADocumentError(source, f"is truncated or corrupt ({exc})") from exc


@refuse_library_errors("docx")
def parse_docx_list(data: bytes, *, source: str = "<docx>") -> pd.DataFrame:
    """Parse DOCX bytes holding table(s) with a header row like 序号, 算法名称, 角色, 主体名称…

    Handles 8- and 9-column layouts (主要用途 twice), merged cells, line breaks in cells,
    blank 序号 cells, footnote rows, several tables in one file, and the title paragraph that
    names the list and its month.
    """
    return rows_to_frame(_items(_open(data, source)), source=source)
