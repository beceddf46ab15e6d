"""Tell a document's format from its bytes, and recognise HTML pages served instead."""

import io
import re
import zipfile
from typing import Final

from crawler.parsers.errors import NotADocumentError, ParseError

PDF_MAGIC: Final = b"%PDF-"
PDF_EOF: Final = b"%%EOF"
ZIP_MAGIC: Final = b"PK\x03\x04"
OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MEMBERS: Final = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
HTML_START: Final = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|script"
    rb"|div|p|table|center|h1|style|link)\b",
    re.IGNORECASE | re.DOTALL,
)
FIREWALL_MARKERS: Final = (
    "知道创宇",
    "创宇盾",
    "云防御",
    "yunaq",
    "jiasule",
    "__jsl_clearance",
    "安全验证",
    "人机验证",
    "访问验证",
    "滑动验证",
    "waf",
    "just a moment",
    "cdn-cgi/challenge",
)
ERROR_MARKERS: Final = (
    "404",
    "403",
    "500",
    "502",
    "503",
    "not found",
    "forbidden",
    "页面不存在",
    "找不到",
    "无法访问",
    "出错",
    "错误",
)
EXTENSIONS: Final = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".htm": "html",
    ".html": "html",
}
CONTENT_TYPES: Final = {
    "pdf": "pdf",
    "wordprocessingml": "docx",
    "spreadsheetml": "xlsx",
    "html": "html",
}


def _zip_format(data: bytes, name: str) -> str:
    """Open a zip and tell DOCX from XLSX by the members it holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise NotADocumentError(name, "is truncated or corrupt (zip does not open)") from exc
    for member, fmt in ZIP_MEMBERS.items():
        if member in names:
            return fmt
    raise ParseError(f"{name}: a zip archive that is neither DOCX nor XLSX")


def _hinted_format(content_type: str | None, filename: str | None) -> str | None:
    """Guess a format from the Content-Type header or the file name."""
    for marker, fmt in CONTENT_TYPES.items():
        if content_type and marker in content_type.lower():
            return fmt
    lowered = (filename or "").lower()
    return next((fmt for ext, fmt in EXTENSIONS.items() if lowered.endswith(ext)), None)


def sniff_format(
    data: bytes, *, content_type: str | None = None, filename: str | None = None
) -> str:
    """Return 'pdf', 'docx', 'xlsx' or 'html' from the bytes; headers and name only break ties."""
    name = filename or "<bytes>"
    if not data.strip():
        raise NotADocumentError(name, f"is empty ({len(data)} bytes)")
    if data.lstrip()[:5] == PDF_MAGIC:
        if PDF_EOF not in data[-2048:]:
            raise NotADocumentError(name, "is truncated or corrupt (PDF without %%EOF)")
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        return _zip_format(data, name)
    if data.startswith(OLE2_MAGIC):
        raise ParseError(f"{name}: a legacy Office file (.doc/.xls), not supported")
    if HTML_START.match(data[:4096]) or _hinted_format(content_type, filename) == "html":
        return "html"
    raise ParseError(f"{name}: unknown format (starts with {data[:16]!r})")


def _html_text(data: bytes) -> str:
    """Decode the start of an HTML page for marker matching."""
    head = data[:65536]
    try:
        return head.decode("utf-8").lower()
    except UnicodeDecodeError:
        return head.decode("gb18030", errors="replace").lower()


def describe_html(data: bytes) -> str:
    """Say what kind of HTML page this is: 'web-firewall challenge', 'error page' or 'HTML page'."""
    text = _html_text(data)
    if any(marker in text for marker in FIREWALL_MARKERS):
        return "web-firewall challenge"
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.DOTALL)
    scope = title.group(1) if title else text[:2048]
    if any(marker in scope for marker in ERROR_MARKERS):
        return "error page"
    return "notice page" if "<table" in text else "page without a filing table"


def html_not_a_document(data: bytes, source: str) -> NotADocumentError:
    """Build the error for an HTML page found where a document was expected."""
    return NotADocumentError(source, f"is an HTML page ({describe_html(data)}), not a document")


def require_format(data: bytes, expected: str, source: str) -> None:
    """Raise unless the bytes are a sound document of the expected format."""
    found = sniff_format(data, filename=source)
    if found == "html":
        raise html_not_a_document(data, source)
    if found != expected:
        raise ParseError(f"{source}: expected {expected.upper()}, got {found.upper()}")
