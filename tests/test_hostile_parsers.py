"""Hostile and malformed documents: refused by the parsers with one ParseError naming the file."""

import io
import pickle
import re
import zipfile

import pytest
from openpyxl import Workbook
from pdfplumber.page import Page
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from bench.hostile import (
    _rewrite_member,
    docx_grid_before_bomb,
    docx_grid_span_bomb,
    docx_zip_bomb,
    genai_pdf,
    html_colspan_bomb,
    pdf_pages,
    plain_docx,
)
from crawler.parsers import NotADocumentError, ParseError, UnknownLayoutError, parse_document
from crawler.parsers.limits import MAX_SPAN, check_span
from replica.documents import build_list_xlsx

SHEET_XML = "xl/worksheets/sheet1.xml"
XLSX_ROW = {
    "seq": "1",
    "name": "智能推荐算法",
    "category": "个性化推送类",
    "company": "广州市动悦信息技术有限公司",
    "product": "Fun App",
    "purpose": "个性化推荐",
    "filing_no": "网信算备440106123456702230001号",
    "remarks": "",
}


def refusal(data: bytes, source: str) -> str:
    """The message of the ParseError parsing `data` raises."""
    with pytest.raises(ParseError) as caught:
        parse_document(data, source=source)
    return str(caught.value)


def test_a_docx_inflating_past_64_mb_is_refused() -> None:
    message = refusal(docx_zip_bomb(70), "bomb.docx")
    assert message == "bomb.docx: refused: unpacks to 71 MB (more than 64 MB)"


def test_a_docx_member_inflating_over_200_times_is_refused() -> None:
    message = refusal(docx_zip_bomb(8), "dense.docx")
    found = re.fullmatch(
        r"dense\.docx: refused: word/document\.xml inflates (\d+) times \(more than 200\)", message
    )
    assert found
    assert int(found.group(1)) > 200


def test_a_grid_span_of_400_million_is_refused() -> None:
    message = refusal(docx_grid_span_bomb(), "span.docx")
    assert message == "span.docx: refused: gridSpan 400000000 exceeds 64"


def test_a_grid_before_of_400_million_is_refused() -> None:
    message = refusal(docx_grid_before_bomb(), "before.docx")
    assert message == "before.docx: refused: gridBefore 400000000 exceeds 64"


def test_an_html_colspan_of_400_million_is_refused() -> None:
    message = refusal(html_colspan_bomb(), "notice.htm")
    assert message == "notice.htm: refused: colspan 400000000 exceeds 64"


def test_spans_up_to_the_limit_are_kept() -> None:
    check_span(MAX_SPAN, "colspan", "ok.htm")
    with pytest.raises(ParseError, match=r"^ok\.htm: refused: colspan 65 exceeds 64$"):
        check_span(MAX_SPAN + 1, "colspan", "ok.htm")


def test_a_sound_docx_still_parses() -> None:
    assert parse_document(plain_docx(), source="plain.docx")["name"].tolist() == ["智能推荐算法"]


def test_a_sheet_claiming_a_million_rows_is_refused() -> None:
    data = _rewrite_member(
        build_list_xlsx([XLSX_ROW]),
        SHEET_XML,
        lambda xml: xml.replace(b'<dimension ref="A1:H2"/>', b'<dimension ref="A1:H1048576"/>'),
    )
    message = refusal(data, "tall.xlsx")
    assert message == "tall.xlsx: refused: 1048576 rows in sheet Sheet1 exceed 100000"


def test_a_row_wider_than_256_columns_is_refused() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", "算法名称", "主体名称", "备案编号"])
    sheet.cell(row=2, column=300, value="x")
    out = io.BytesIO()
    workbook.save(out)
    message = refusal(out.getvalue(), "wide.xlsx")
    assert message == "wide.xlsx: refused: 300 columns in sheet Sheet exceed 256"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda xml: xml[: len(xml) // 2], "ParseError: unclosed token"),
        (lambda xml: xml.replace(b'r="A1"', b'r="1A"', 1), "ValueError: invalid literal"),
        (lambda xml: xml.replace(b'<row r="1">', b'<row r="x">', 1), "ValueError: could not"),
    ],
)
def test_a_broken_sheet_xml_is_a_malformed_xlsx(edit, reason: str) -> None:
    data = _rewrite_member(build_list_xlsx([XLSX_ROW]), SHEET_XML, edit)
    with pytest.raises(NotADocumentError) as caught:
        parse_document(data, source="broken.xlsx")
    assert str(caught.value).startswith(f"broken.xlsx is a malformed XLSX ({reason}")


def test_a_broken_document_xml_is_a_corrupt_docx() -> None:
    data = _rewrite_member(plain_docx(), "word/document.xml", lambda xml: b"<w:document")
    message = refusal(data, "broken.docx")
    assert message.startswith("broken.docx is truncated or corrupt (Namespace prefix w")


def encrypted_pdf(user_password: str) -> bytes:
    """A one-page PDF encrypted with this user password."""
    out = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner")
    page = canvas.Canvas(out, encrypt=encryption)
    page.drawString(100, 100, "序号")
    page.save()
    return out.getvalue()


def test_a_pdf_with_a_password_is_named_encrypted() -> None:
    message = refusal(encrypted_pdf("secret"), "locked.pdf")
    assert message == "locked.pdf is an encrypted PDF (it needs a password)"


def test_a_zip_that_is_neither_docx_nor_xlsx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    message = refusal(out.getvalue(), "other.zip")
    assert message == "other.zip: a zip archive that is neither DOCX nor XLSX"


def test_parse_errors_survive_pickling_with_their_fields() -> None:
    layout = pickle.loads(pickle.dumps(UnknownLayoutError("a.pdf", ["甲", "乙"])))
    missing = pickle.loads(pickle.dumps(NotADocumentError("b.pdf", "is empty (0 bytes)")))
    assert (type(layout), layout.source, layout.headers) == (
        UnknownLayoutError,
        "a.pdf",
        ["甲", "乙"],
    )
    assert (type(missing), str(missing), missing.what) == (
        NotADocumentError,
        "b.pdf is empty (0 bytes)",
        "is empty (0 bytes)",
    )


def test_each_pdf_page_is_let_go_before_the_next_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[tuple[str, int]] = []
    close, find_tables = Page.close, Page.find_tables

    def counting_close(page: Page) -> None:
        events.append(("close", page.page_number))
        close(page)

    def counting_find(page: Page, *args: object, **kwargs: object) -> object:
        events.append(("read", page.page_number))
        return find_tables(page, *args, **kwargs)

    data = genai_pdf(120)
    pages = pdf_pages(data)
    monkeypatch.setattr(Page, "close", counting_close)
    monkeypatch.setattr(Page, "find_tables", counting_find)
    assert len(parse_document(data, source="long.pdf")) == 120
    expected = [(event, n) for n in range(1, pages + 1) for event in ("read", "close")]
    assert pages == 3
    assert events[: 2 * pages] == expected
