"""Limits a document must keep before it is parsed: package size, compression ratio, spans, rows.

A DOCX/XLSX is a zip: a few hundred KB can inflate to gigabytes (a decompression bomb), and a
cell can claim to span hundreds of millions of grid columns. Both are refused from the zip's
directory and the raw XML, before python-docx or openpyxl build anything from them.
"""

import re
import zipfile
from collections.abc import Iterable
from typing import Final

from crawler.parsers.errors import ParseError

MB: Final = 1024 * 1024
# The largest real list (DOCX, ~3,000 rows) unpacks to under 10 MB.
MAX_UNCOMPRESSED_BYTES: Final = 64 * MB
# Members above this size must not inflate more than MAX_RATIO times (real ones: under 30).
RATIO_CHECKED_BYTES: Final = 1 * MB
MAX_RATIO: Final = 200
MAX_SPAN: Final = 64
MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 256
MAX_CELLS: Final = 2_000_000
SPAN_ATTRIBUTES: Final = {
    "gridSpan": re.compile(rb"<w:gridSpan\b[^>]*?w:val=\"\s*(\d+)"),
    "gridBefore": re.compile(rb"<w:gridBefore\b[^>]*?w:val=\"\s*(\d+)"),
    "gridAfter": re.compile(rb"<w:gridAfter\b[^>]*?w:val=\"\s*(\d+)"),
}
DOCX_ROW: Final = re.compile(rb"<w:tr[\s>/]")
DOCX_CELL: Final = re.compile(rb"<w:tc[\s>/]")


def refuse(source: str, what: str) -> ParseError:
    """The one-line error refusing a document for breaking a limit."""
    return ParseError(f"{source}: refused: {what}")


def _check_member(member: zipfile.ZipInfo, source: str) -> None:
    """Refuse a member that inflates more than MAX_RATIO times."""
    if member.file_size <= RATIO_CHECKED_BYTES:
        return
    ratio = member.file_size / max(member.compress_size, 1)
    if ratio > MAX_RATIO:
        raise refuse(
            source, f"{member.filename} inflates {ratio:.0f} times (more than {MAX_RATIO})"
        )


def check_package(archive: zipfile.ZipFile, source: str) -> None:
    """Refuse a zip whose members unpack to more than MAX_UNCOMPRESSED_BYTES or inflate too much."""
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise refuse(
            source, f"unpacks to {total / MB:.0f} MB (more than {MAX_UNCOMPRESSED_BYTES // MB} MB)"
        )
    for member in members:
        _check_member(member, source)


def read_member(archive: zipfile.ZipFile, name: str, source: str) -> bytes:
    """A member's bytes, never more than MAX_UNCOMPRESSED_BYTES whatever its header claims."""
    with archive.open(name) as stream:
        data = stream.read(MAX_UNCOMPRESSED_BYTES + 1)
    if len(data) > MAX_UNCOMPRESSED_BYTES:
        raise refuse(source, f"{name} unpacks to more than {MAX_UNCOMPRESSED_BYTES // MB} MB")
    return data


def check_span(value: int, what: str, source: str) -> None:
    """Refuse a cell that spans more than MAX_SPAN columns."""
    if value > MAX_SPAN:
        raise refuse(source, f"{what} {value} exceeds {MAX_SPAN}")


def check_count(count: int, limit: int, what: str, source: str) -> None:
    """Refuse a document holding more than `limit` of something (rows, cells, columns)."""
    if count > limit:
        raise refuse(source, f"{count} {what} exceed {limit}")


def check_docx_xml(xml: bytes, source: str) -> None:
    """Refuse a document.xml with a span beyond MAX_SPAN or more rows or cells than allowed."""
    for attribute, pattern in SPAN_ATTRIBUTES.items():
        spans: Iterable[int] = (int(match) for match in pattern.findall(xml))
        check_span(max(spans, default=0), attribute, source)
    check_count(len(DOCX_ROW.findall(xml)), MAX_ROWS, "table rows", source)
    check_count(len(DOCX_CELL.findall(xml)), MAX_CELLS, "table cells", source)
