"""Generators of real documents (DOCX, XLSX, PDF) shaped like the CAC's filing lists."""

import io
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import docx
from docx.table import _Cell
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

Row = Mapping[str, Any]

LIST_HEADERS: Final = (
    "序号",
    "算法名称",
    "角色",
    "主体名称",
    "应用产品",
    "主要用途",
    "备案编号",
    "备注",
)
LIST_FIELDS: Final = (
    "seq",
    "name",
    "role",
    "company",
    "product",
    "purpose",
    "filing_no",
    "remarks",
)
GENAI_FIELDS: Final = ("seq", "jurisdiction", "name", "company", "filing_no", "filing_date")
FILED_HEADERS: Final = ("序号", "属地", "模型名称", "备案单位", "备案号", "备案时间")
REGISTERED_HEADERS: Final = ("序号", "属地", "模型名称", "登记单位", "登记编号", "登记时间")
FILED_TITLE: Final = "一、生成式人工智能服务已备案信息"
REGISTERED_TITLE: Final = "二、生成式人工智能服务已登记信息"
DEFAULT_LIST_HEADING: Final = "境内深度合成服务算法备案清单"
DEFAULT_GENAI_HEADING: Final = "生成式人工智能服务备案信息"
PDF_FOOTNOTE: Final = "注：以上信息按属地排列，排名不分先后。"
PURPOSE_COLUMN: Final = 5

FONT: Final = "STSong-Light"
FONT_SIZE: Final = 9.0
LEADING: Final = 11.0
PAD: Final = 3.0
MARGIN_X: Final = 28.0
MARGIN_Y: Final = 40.0
COLUMN_WIDTHS: Final = (30.0, 48.0, 115.0, 160.0, 130.0, 56.0)
TOKEN: Final = re.compile(r"[A-Za-z0-9]+[-/]?| +|.")


def printed(row: Row, field: str) -> str:
    """The text a document prints for a field: the raw override, else the clean value."""
    raw = row.get("raw") or {}
    if field in raw:
        return str(raw[field])
    value = row.get(field)
    return "" if value is None else str(value)


# --- DOCX -----------------------------------------------------------------------------------


def _write_cell(cell: _Cell, text: str, *, as_paragraphs: bool) -> None:
    """Write text into a cell; each '\\n' becomes a new paragraph or a line break."""
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    if as_paragraphs:
        paragraph.add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line)
        return
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()


def _list_cells(row: Row) -> list[str]:
    """The eight printed cell texts of a deep-synthesis / algorithm list row."""
    return [printed(row, field) for field in LIST_FIELDS]


def _grid_texts(texts: Sequence[str], nine_columns: bool) -> list[str]:
    """Spread eight cell texts over the 8- or 9-column grid (主要用途 twice)."""
    if not nine_columns:
        return list(texts)
    return [*texts[: PURPOSE_COLUMN + 1], texts[PURPOSE_COLUMN], *texts[PURPOSE_COLUMN + 1 :]]


def _fill_row(cells: Sequence[_Cell], texts: Sequence[str], row_no: int) -> None:
    """Write a row's texts, skipping the second grid cell of a merge."""
    previous = None
    for cell, text in zip(cells, texts, strict=True):
        if cell._tc is not previous:
            _write_cell(cell, text, as_paragraphs=row_no % 2 == 1)
        previous = cell._tc


def _add_row(table: Any, texts: Sequence[str], *, merge_purpose: bool, row_no: int) -> None:
    """Append a table row; optionally merge the two 主要用途 grid cells."""
    row = table.add_row()
    if merge_purpose:
        row.cells[PURPOSE_COLUMN].merge(row.cells[PURPOSE_COLUMN + 1])
    _fill_row(row.cells, texts, row_no)


def build_list_docx(
    rows: Sequence[Row],
    *,
    nine_columns: bool = False,
    heading: str | None = None,
    footnote: str | None = None,
) -> bytes:
    """A DOCX list: heading, one grid table (8 or 9 grid columns), optional footnote."""
    document = docx.Document()
    document.add_heading(heading or DEFAULT_LIST_HEADING, level=1)
    table = document.add_table(rows=0, cols=9 if nine_columns else 8)
    table.style = "Table Grid"
    grid = _grid_texts(LIST_HEADERS, nine_columns)
    _add_row(table, grid, merge_purpose=nine_columns, row_no=0)
    for row_no, row in enumerate(rows, start=1):
        texts = _grid_texts(_list_cells(row), nine_columns)
        _add_row(table, texts, merge_purpose=nine_columns and row_no % 2 == 0, row_no=row_no)
    if footnote:
        document.add_paragraph(footnote)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx_value(row: Row, field: str) -> str | int | None:
    """A cell value: 序号 as int unless overridden, empty text as an empty cell."""
    raw = row.get("raw") or {}
    value = row.get(field)
    if field == "seq" and field not in raw and isinstance(value, int):
        return value
    return printed(row, field) or None


def _xlsx_layout(rows: Sequence[Row]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Headers and fields: the 8-column list, or the genai columns for genai rows."""
    if rows and "jurisdiction" in rows[0] and "role" not in rows[0]:
        return FILED_HEADERS, GENAI_FIELDS
    return LIST_HEADERS, LIST_FIELDS


def build_list_xlsx(
    rows: Sequence[Row], *, sheet_title: str = "Sheet1", heading: str | None = None
) -> bytes:
    """An XLSX list: optional merged title row, the header row, then one row per filing."""
    headers, fields = _xlsx_layout(rows)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    if heading:
        sheet.append([heading])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_xlsx_value(row, field) for field in fields])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------


def _text_width(text: str) -> float:
    """Width of text in the table font."""
    return pdfmetrics.stringWidth(text, FONT, FONT_SIZE)


def _wrap_line(text: str, width: float) -> list[str]:
    """Wrap one line at token boundaries (CJK characters, Latin words, hyphens)."""
    lines: list[str] = []
    current = ""
    for token in TOKEN.findall(text):
        if current.strip() and _text_width((current + token).rstrip()) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    return [*lines, current.rstrip()]


def _wrap(text: str, width: float) -> list[str]:
    """Wrap cell text to the column width; '\\n' forces a new line."""
    return [line for hard in text.split("\n") for line in _wrap_line(hard, width - 2 * PAD)]


def _halve(text: str) -> tuple[str, str]:
    """Split a cell's text in two halves, as a page break splits a table row."""
    if "\n" in text:
        lines = text.split("\n")
        cut = math.ceil(len(lines) / 2)
        return "\n".join(lines[:cut]), "\n".join(lines[cut:])
    tokens = TOKEN.findall(text)
    cut = math.ceil(len(tokens) / 2)
    return "".join(tokens[:cut]).rstrip(), "".join(tokens[cut:]).lstrip()


def _split_row(cells: Sequence[str]) -> tuple[list[str], list[str]]:
    """Top and bottom halves of a split row; the bottom's 序号 cell is blank."""
    halves = [_halve(text) for text in cells[1:]]
    return [cells[0], *(top for top, _ in halves)], ["", *(bottom for _, bottom in halves)]


class _PdfWriter:
    """Draws titles and ruled tables page by page, repeating headers and splitting one row."""

    def __init__(self, rows_per_page: int) -> None:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4)
        self.rows_per_page = rows_per_page
        self.y = A4[1] - MARGIN_Y
        self.page_rows = 0
        self.split_done = False

    def text(self, text: str, size: float, *, centered: bool = False) -> None:
        """Draw one line of running text and move down."""
        self.canvas.setFont(FONT, size)
        self.y -= size * 1.6
        if centered:
            self.canvas.drawCentredString(A4[0] / 2, self.y, text)
        else:
            self.canvas.drawString(MARGIN_X, self.y, text)
        self.y -= size * 0.6

    def new_page(self, headers: Sequence[str] | None) -> None:
        """Start a page, repeating the table header when inside a table."""
        self.canvas.showPage()
        self.y = A4[1] - MARGIN_Y
        self.page_rows = 0
        if headers:
            self.row(headers)

    def row(self, cells: Sequence[str]) -> None:
        """Draw one ruled table row at the cursor."""
        wrapped = [_wrap(text, width) for text, width in zip(cells, COLUMN_WIDTHS, strict=True)]
        height = max(map(len, wrapped)) * LEADING + 2 * PAD
        self.canvas.setFont(FONT, FONT_SIZE)
        x = MARGIN_X
        for lines, width in zip(wrapped, COLUMN_WIDTHS, strict=True):
            for index, line in enumerate(lines):
                self.canvas.drawString(x + PAD, self.y - PAD - FONT_SIZE - index * LEADING, line)
            self.canvas.line(x, self.y, x, self.y - height)
            x += width
        self.canvas.line(x, self.y, x, self.y - height)
        self.canvas.line(MARGIN_X, self.y, x, self.y)
        self.canvas.line(MARGIN_X, self.y - height, x, self.y - height)
        self.y -= height

    def fits(self, cells: Sequence[str]) -> bool:
        """True when the row still fits above the bottom margin."""
        lines = max(
            len(_wrap(text, width)) for text, width in zip(cells, COLUMN_WIDTHS, strict=True)
        )
        return self.y - (lines * LEADING + 2 * PAD) >= MARGIN_Y

    def data_row(self, headers: Sequence[str], cells: Sequence[str]) -> None:
        """Draw a body row, breaking the page first or splitting the row across the break."""
        if self.page_rows >= self.rows_per_page or not self.fits(cells):
            self.new_page(headers)
        if not self.split_done and self.page_rows == self.rows_per_page - 1:
            top, bottom = _split_row(cells)
            self.row(top)
            self.new_page(headers)
            cells = bottom
            self.split_done = True
        self.row(cells)
        self.page_rows += 1

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Draw a section title and its table."""
        if self.y - 4 * LEADING * 3 < MARGIN_Y:
            self.new_page(None)
        self.text(title, 11)
        self.row(headers)
        for cells in rows:
            self.data_row(headers, cells)

    def footnote(self, text: str) -> None:
        """Draw a footnote line under the last table, on a new page when full."""
        if self.y - 2 * LEADING < MARGIN_Y:
            self.new_page(None)
        self.text(text, FONT_SIZE)

    def finish(self) -> bytes:
        """Close the document and return its bytes."""
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def build_genai_pdf(
    filed: Sequence[Row],
    registered: Sequence[Row],
    *,
    heading: str | None = None,
    rows_per_page: int = 18,
) -> bytes:
    """A multi-page PDF with the 已备案 and 已登记 tables; the first page's last row is split."""
    writer = _PdfWriter(rows_per_page)
    writer.text(heading or DEFAULT_GENAI_HEADING, 14, centered=True)
    for title, headers, rows in (
        (FILED_TITLE, FILED_HEADERS, filed),
        (REGISTERED_TITLE, REGISTERED_HEADERS, registered),
    ):
        if rows:
            writer.table(title, headers, [[printed(r, f) for f in GENAI_FIELDS] for r in rows])
    writer.footnote(PDF_FOOTNOTE)
    return writer.finish()
