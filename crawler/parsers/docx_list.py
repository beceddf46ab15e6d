"""Parse a filing list published as a DOCX table (deep synthesis, algorithm lists)."""

import io
import zipfile
from collections.abc import Iterator

import docx
import pandas as pd
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Row

from crawler.parsers.errors import NotADocumentError
from crawler.parsers.sniff import require_format
from crawler.parsers.table import RawRow, rows_to_frame


def _row_texts(row: _Row) -> list[str]:
    """Cell text per layout-grid column; the 2nd+ grid column of a horizontal merge is ''."""
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


def _open(data: bytes, source: str) -> Document:
    """Open the DOCX, reporting a damaged package as NotADocumentError."""
    require_format(data, "docx", source)
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        raise NotADocumentError(source, f"is truncated or corrupt ({exc})") from exc


def parse_docx_list(data: bytes, *, source: str = "<docx>") -> pd.DataFrame:
    """Parse DOCX bytes holding table(s) with a header row like 序号, 算法名称, 角色, 主体名称…

    Handles 8- and 9-column layouts (主要用途 twice), merged cells, line breaks in
    cells, blank 序号 cells, footnote rows and several tables in one file.
    """
    document = _open(data, source)
    rows = (
        row
        for table_no, table in enumerate(document.tables, start=1)
        for row in _table_rows(table, table_no)
    )
    return rows_to_frame(rows, source=source)
