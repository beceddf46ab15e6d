"""Format sniffing from bytes, and recognising HTML pages served instead of files."""

import pytest

from crawler.parsers import NotADocumentError, ParseError, describe_html, sniff_format
from replica.documents import (
    GENAI_FILED_HEADERS,
    PdfSection,
    build_genai_pdf,
    build_list_docx,
    build_list_xlsx,
)

ROW = {
    "seq": "1",
    "name": "云雀",
    "role": "服务提供者",
    "company": "北京抖音信息服务有限公司",
    "product": "豆包",
    "purpose": "对话",
    "filing_no": "网信算备110108823483901230031号",
    "remarks": "",
}
GENAI_ROW = {
    "seq": "1",
    "jurisdiction": "北京",
    "name": "云雀大模型",
    "company": "北京抖音信息服务有限公司",
    "filing_no": "Beijing-YunQue-20230821",
    "filing_date": "2023/8/21",
}
GENAI_PDF = [PdfSection(None, GENAI_FILED_HEADERS, [GENAI_ROW])]
FIREWALL_PAGE = (
    "<!DOCTYPE html><html><head><title>安全验证</title></head><body>"
    "<p>您的访问请求可能对网站造成安全威胁，请完成验证。</p>"
    "<div>知道创宇云防御 提供安全防护</div></body></html>"
).encode()
ERROR_PAGE = b"<html><head><title>404 Not Found</title></head><body>not here</body></html>"


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: build_list_docx([ROW]), "docx"),
        (lambda: build_list_xlsx([ROW]), "xlsx"),
        (lambda: build_genai_pdf(GENAI_PDF), "pdf"),
        (lambda: FIREWALL_PAGE, "html"),
        (lambda: b"\xef\xbb\xbf  <!-- x -->\n<HTML><body></body></HTML>", "html"),
    ],
)
def test_sniff_by_bytes(build, expected: str) -> None:
    assert sniff_format(build()) == expected


def test_bytes_win_over_misleading_headers() -> None:
    data = build_list_docx([ROW])
    assert sniff_format(data, content_type="application/pdf", filename="list.xlsx") == "docx"


def test_headers_break_the_tie_for_text_without_markup() -> None:
    assert sniff_format(b"Access denied", content_type="text/html; charset=utf-8") == "html"
    assert sniff_format(b"Access denied", filename="notice.htm") == "html"


def test_unknown_bytes_raise_parse_error() -> None:
    with pytest.raises(ParseError, match=r"^x\.bin: unknown format"):
        sniff_format(b"GIF89a\x01\x00", filename="x.bin")


def test_empty_file() -> None:
    with pytest.raises(NotADocumentError, match=r"^empty\.docx is empty \(0 bytes\)$"):
        sniff_format(b"", filename="empty.docx")


def test_truncated_zip() -> None:
    data = build_list_docx([ROW])
    with pytest.raises(NotADocumentError, match=r"^half\.docx is truncated or corrupt"):
        sniff_format(data[: len(data) // 2], filename="half.docx")


def test_truncated_pdf() -> None:
    data = build_genai_pdf(GENAI_PDF)
    with pytest.raises(NotADocumentError, match=r"^half\.pdf is truncated or corrupt"):
        sniff_format(data[: len(data) // 2], filename="half.pdf")


def test_legacy_office_file_is_refused() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
    with pytest.raises(ParseError, match=r"legacy Office file"):
        sniff_format(ole2, filename="old.doc")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (FIREWALL_PAGE, "web-firewall challenge"),
        (ERROR_PAGE, "error page"),
        ("<html><title>网页出错</title></html>".encode("gbk"), "error page"),
        (b"<html><body><p>hello</p></body></html>", "page without a filing table"),
    ],
)
def test_describe_html(page: bytes, expected: str) -> None:
    assert describe_html(page) == expected
