"""Generators of real documents (DOCX, XLSX, PDF) in the layouts the CAC publishes its lists in.

The layouts follow the published lists: DOCX tables for deep synthesis and algorithm
recommendation (8 columns, or 主要用途 spanning two grid columns), XLSX sheets under a merged
title row, and PDFs whose ruled tables run across pages without repeating their header, split
tall rows at a page break and stand each under its own title line (generative AI), or hold the
8-column cancellation table. A row is a mapping of canonical field -> printed text; its optional
`raw` mapping overrides what a field prints (line breaks inside words, full-width digits, stray
spaces). Output is deterministic: the same rows give the same bytes.
"""

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

Row = Mapping[str, Any]

DEEP_SYNTHESIS_HEADERS: Final = (
    "序号",
    "算法名称",
    "角色",
    "主体名称",
    "应用产品",
    "主要用途",
    "备案编号",
    "备注",
)
ALGORITHM_HEADERS: Final = (
    "序号",
    "算法名称",
    "算法类别",
    "主体名称",
    "应用产品",
    "主要用途",
    "备案编号",
    "备注",
)
# 已备案 tables until 2025-01, and from 2025-03; 已登记 tables (from 2024-08); 端侧 (2026-08).
GENAI_FILED_HEADERS_2024: Final = ("序号", "属地", "模型名称", "备案单位", "备案号", "备案时间")
GENAI_FILED_HEADERS: Final = ("序号", "属地", "大模型名称", "备案单位", "备案编号", "备案时间")
GENAI_REGISTERED_HEADERS: Final = (
    "序号",
    "属地",
    "应用/功能名称",
    "登记单位",
    "上线编号",
    "登记时间",
)
ON_DEVICE_HEADERS: Final = (*GENAI_FILED_HEADERS, "适用场景")
CANCELLATION_HEADERS: Final = (
    "序号",
    "算法名称",
    "角色",
    "主体名称",
    "应用产品",
    "主要用途",
    "备案编号",
    "注销时间",
)
# What each published header prints: the replica's own statement of the layouts, kept apart
# from the parsers' crosswalk so that tests check that crosswalk instead of repeating it.
PRINTED_FIELDS: Final = {
    "序号": "seq",
    "算法名称": "name",
    "模型名称": "name",
    "大模型名称": "name",
    "应用/功能名称": "name",
    "角色": "role",
    "算法类别": "category",
    "主体名称": "company",
    "备案单位": "company",
    "登记单位": "company",
    "应用产品": "product",
    "主要用途": "purpose",
    "适用场景": "scenario",
    "备案编号": "filing_no",
    "备案号": "filing_no",
    "上线编号": "filing_no",
    "备案时间": "filing_date",
    "登记时间": "filing_date",
    "属地": "jurisdiction",
    "备注": "remarks",
    "注销时间": "cancel_month",
}
PURPOSE_HEADER: Final = "主要用途"


def printed(row: Row, field: str) -> str:
    """The text a document prints for a field: the raw override, else the row's value."""
    raw = row.get("raw") or {}
    if field in raw:
        return str(raw[field])
    value = row.get(field)
    return "" if value is None else str(value)


def field_of(header: str) -> str:
    """The canonical field a published header prints; KeyError for a header no list has."""
    return PRINTED_FIELDS[header]


def row_texts(row: Row, headers: Sequence[str]) -> list[str]:
    """The printed text of a row under each header."""
    return [printed(row, field_of(header)) for header in headers]


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


def _spanned_column(headers: Sequence[str], nine_columns: bool) -> int | None:
    """The grid column where 主要用途 starts when it spans two, else None."""
    if nine_columns and PURPOSE_HEADER in headers:
        return list(headers).index(PURPOSE_HEADER)
    return None


def _add_row(table: Table, texts: Sequence[str], spanned: int | None, row_no: int) -> None:
    """Append a table row; the cell at `spanned` spans two grid columns (gridSpan 2)."""
    row = table.add_row()
    if spanned is not None:
        row.cells[spanned].merge(row.cells[spanned + 1])
    unique = list(dict.fromkeys(cell._tc for cell in row.cells))
    for tc, text in zip(unique, texts, strict=True):
        _write_cell(_Cell(tc, table), text, as_paragraphs=row_no % 2 == 1)


def _add_title(document: Any, title: str) -> None:
    """The list's name as a bold centred paragraph above the table."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(title).bold = True


def _set_grid_borders(table: Table) -> None:
    """Rule every cell, as the published tables are."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def build_list_docx(
    rows: Sequence[Row],
    *,
    headers: Sequence[str] = DEEP_SYNTHESIS_HEADERS,
    title: str | None = None,
    nine_columns: bool = False,
    footnote: str | None = None,
) -> bytes:
    """A DOCX list: optional title paragraph, one ruled table, optional footnote paragraph.

    nine_columns: 主要用途 spans two grid columns in every row (python-docx reads it twice).
    """
    document = docx.Document()
    if title:
        _add_title(document, title)
    spanned = _spanned_column(headers, nine_columns)
    table = document.add_table(rows=0, cols=len(headers) + (spanned is not None))
    _set_grid_borders(table)
    _add_row(table, list(headers), spanned, 0)
    for row_no, row in enumerate(rows, start=1):
        _add_row(table, row_texts(row, headers), spanned, row_no)
    if footnote:
        document.add_paragraph(footnote)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx_value(text: str, header: str) -> str | int | None:
    """A cell value: a plain 序号 as a number, empty text as an empty cell."""
    if header == "序号" and text.isascii() and text.isdigit():
        return int(text)
    return text or None


def build_list_xlsx(
    rows: Sequence[Row],
    *,
    headers: Sequence[str] = ALGORITHM_HEADERS,
    title: str | None = None,
    sheet_title: str = "Sheet1",
) -> bytes:
    """An XLSX list: optional merged title row, the header row, then one row per filing."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(
            [_xlsx_value(t, h) for t, h in zip(row_texts(row, headers), headers, strict=True)]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------

FONT: Final = "STSong-Light"
# Characters STSong-Light does not give back when the PDF's text is read (·, •, ・): printed in
# a Japanese CID font, whose character map round-trips them.
FALLBACK_FONT: Final = "HeiseiMin-W3"
FALLBACK_CHARS: Final = frozenset("\u00b7\u2022\u30fb")
FONT_SIZE: Final = 9.0
LEADING: Final = 11.0
PAD: Final = 3.0
MARGIN_X: Final = 28.0
MARGIN_TOP: Final = 40.0
MARGIN_BOTTOM: Final = 48.0
TITLE_SIZE: Final = 14.0
SECTION_SIZE: Final = 11.0
# Relative column widths by field, scaled to the page width of each table.
FIELD_WIDTHS: Final = {
    "seq": 28.0,
    "jurisdiction": 52.0,
    "name": 120.0,
    "role": 56.0,
    "category": 56.0,
    "company": 140.0,
    "product": 96.0,
    "purpose": 120.0,
    "scenario": 64.0,
    "filing_no": 150.0,
    "filing_date": 66.0,
    "remarks": 80.0,
    "cancel_month": 52.0,
}
VALIGNS: Final = ("top", "middle", "bottom")


@dataclass(frozen=True)
class PdfSection:
    """One table of a PDF list, printed under its own title line.

    same_table: the table continues the previous one with an embedded header row and no title
    line (the 2024-08 … 2025-01 已登记 layout). repeat_header: repeat the header at the top of
    each page (the published lists do not). valign: where a cell's lines sit in a taller row,
    which decides what each part of a row split by a page break holds.
    """

    title: str | None
    headers: tuple[str, ...]
    rows: Sequence[Row]
    same_table: bool = False
    repeat_header: bool = False
    valign: str = "middle"


def _font_runs(text: str) -> list[tuple[str, str]]:
    """The text cut into (font, run) pieces: the fallback font for FALLBACK_CHARS."""
    runs: list[tuple[str, str]] = []
    for char in text:
        font = FALLBACK_FONT if char in FALLBACK_CHARS else FONT
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width of text in the table fonts."""
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in _font_runs(text))


def _draw_text(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    """Draw one line of text from x, each run in its font."""
    for font, run in _font_runs(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)


def _tokens(text: str) -> Iterator[str]:
    """Unbreakable pieces of a line: runs of ASCII (broken after - or /), spaces, characters."""
    run = ""
    for char in text:
        if char.isascii() and not char.isspace():
            run += char
            if char in "-/":
                yield run
                run = ""
            continue
        if run:
            yield run
            run = ""
        yield char
    if run:
        yield run


def _pieces(text: str, width: float) -> Iterator[str]:
    """Tokens, with a token wider than the column cut into characters."""
    for token in _tokens(text):
        if _text_width(token) > width:
            yield from token
        else:
            yield token


def _wrap_line(text: str, width: float) -> list[str]:
    """Wrap one line greedily at token boundaries."""
    lines: list[str] = []
    current = ""
    for token in _pieces(text, width):
        if current.strip() and _text_width((current + token).rstrip()) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    return [*lines, current.rstrip()]


def wrap(text: str, width: float) -> list[str]:
    """The lines a cell of this width prints; '\\n' forces a new line; [] for an empty cell."""
    if not text:
        return []
    return [line for hard in text.split("\n") for line in _wrap_line(hard, width - 2 * PAD)]


def column_widths(headers: Sequence[str], total: float) -> list[float]:
    """Column widths for these headers, filling `total` points."""
    weights = [FIELD_WIDTHS[field_of(header)] for header in headers]
    scale = total / sum(weights)
    return [weight * scale for weight in weights]


def _slots(lines: Sequence[str], height: int, valign: str) -> list[str]:
    """A cell's lines placed in the row's `height` line slots ('' for an empty slot)."""
    offset = {"top": 0, "middle": (height - len(lines)) // 2, "bottom": height - len(lines)}
    start = offset[valign]
    return [""] * start + list(lines) + [""] * (height - start - len(lines))


@dataclass
class _Layout:
    """The ruled table being drawn: its columns, header and line placement."""

    headers: tuple[str, ...]
    widths: list[float]
    repeat_header: bool
    valign: str


class _PdfWriter:
    """Draws titles and ruled tables page by page, splitting rows at page breaks."""

    def __init__(self, pagesize: tuple[float, float] = A4) -> None:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=pagesize, invariant=1)
        self.width, self.height = pagesize
        self.y = self.height - MARGIN_TOP
        self.page = 1

    @property
    def room(self) -> float:
        """Height left above the bottom margin."""
        return self.y - MARGIN_BOTTOM

    def text(self, text: str, size: float, *, centered: bool = False) -> None:
        """Draw one line of running text and move down."""
        self.y -= size * 1.6
        x = (self.width - _text_width(text, size)) / 2 if centered else MARGIN_X
        _draw_text(self.canvas, x, self.y, text, size)
        self.y -= size * 0.8

    def new_page(self) -> None:
        """Number the page at its foot and start the next one."""
        self.canvas.setFont(FONT, FONT_SIZE)
        self.canvas.drawCentredString(self.width / 2, MARGIN_BOTTOM / 2, f"- {self.page} -")
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - MARGIN_TOP

    def draw_slots(self, slots: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        """Draw one ruled row whose cells hold these line slots."""
        height = max(len(cell) for cell in slots) * LEADING + 2 * PAD
        x = MARGIN_X
        for lines, width in zip(slots, widths, strict=True):
            for index, line in enumerate(lines):
                baseline = self.y - PAD - FONT_SIZE - index * LEADING
                _draw_text(self.canvas, x + PAD, baseline, line, FONT_SIZE)
            self.canvas.line(x, self.y, x, self.y - height)
            x += width
        self.canvas.line(x, self.y, x, self.y - height)
        self.canvas.line(MARGIN_X, self.y, x, self.y)
        self.canvas.line(MARGIN_X, self.y - height, x, self.y - height)
        self.y -= height

    def header(self, layout: _Layout) -> None:
        """Draw the header row."""
        cells = [
            wrap(text, width) for text, width in zip(layout.headers, layout.widths, strict=True)
        ]
        height = max(map(len, cells))
        self.draw_slots([_slots(cell, height, "middle") for cell in cells], layout.widths)

    def row(self, layout: _Layout, texts: Sequence[str]) -> None:
        """Draw a body row, splitting it across page breaks when it does not fit."""
        cells = [wrap(text, width) for text, width in zip(texts, layout.widths, strict=True)]
        height = max(1, *map(len, cells))
        slots = [_slots(cell, height, layout.valign) for cell in cells]
        while slots:
            fit = int((self.room - 2 * PAD) // LEADING)
            if fit >= 1:
                self.draw_slots([cell[:fit] for cell in slots], layout.widths)
                slots = [cell[fit:] for cell in slots] if fit < len(slots[0]) else []
            if slots:
                self.continue_table(layout)

    def continue_table(self, layout: _Layout) -> None:
        """Go on with the table on a new page."""
        self.new_page()
        if layout.repeat_header:
            self.header(layout)

    def section(self, section: PdfSection, widths: list[float]) -> None:
        """Draw a section: its title line and header (or an embedded header row), then rows."""
        layout = _Layout(section.headers, widths, section.repeat_header, section.valign)
        if self.room < SECTION_SIZE * 2.4 + 3 * (LEADING + 2 * PAD):
            self.new_page()
        if section.title and not section.same_table:
            self.y -= LEADING / 2
            self.text(section.title, SECTION_SIZE)
        self.header(layout)
        for row in section.rows:
            self.row(layout, row_texts(row, section.headers))

    def finish(self) -> bytes:
        """Close the document and return its bytes."""
        self.new_page()
        self.canvas.save()
        return self.buffer.getvalue()


def _check(section: PdfSection) -> None:
    """Reject a section no published list has."""
    if section.valign not in VALIGNS:
        raise ValueError(f"valign must be one of {VALIGNS}, not {section.valign!r}")
    for header in section.headers:
        field_of(header)


def build_pdf(sections: Sequence[PdfSection], *, title: str | None = None) -> bytes:
    """A multi-page PDF: the document title, then each section's table under its title line."""
    writer = _PdfWriter()
    if title:
        writer.text(title, TITLE_SIZE, centered=True)
    for section in sections:
        _check(section)
        writer.section(section, column_widths(section.headers, writer.width - 2 * MARGIN_X))
    return writer.finish()


def build_genai_pdf(sections: Sequence[PdfSection], *, title: str | None = None) -> bytes:
    """The generative-AI list: 已备案 / 已登记 / 端侧 tables, continuing across pages."""
    return build_pdf(sections, title=title)


def build_cancellation_pdf(rows: Sequence[Row], *, title: str | None = None) -> bytes:
    """The cancellation list: one 8-column table over as many pages as it takes."""
    return build_pdf([PdfSection(None, CANCELLATION_HEADERS, rows)], title=title)
