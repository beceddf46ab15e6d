"""Pure document parsers: bytes in, a DataFrame of DOCUMENT_COLUMNS + source_locator out."""

import logging
from collections.abc import Callable

import pandas as pd

from crawler.parsers.docx_list import parse_docx_list
from crawler.parsers.errors import NotADocumentError, ParseError, UnknownLayoutError
from crawler.parsers.html_list import parse_html_list
from crawler.parsers.pdf_list import CAC_TABLE_SETTINGS, parse_pdf_list
from crawler.parsers.sniff import describe_html, html_not_a_document, sniff_format
from crawler.parsers.table import OUTPUT_COLUMNS
from crawler.parsers.xlsx_list import parse_xlsx_list

__all__ = [
    "CAC_TABLE_SETTINGS",
    "OUTPUT_COLUMNS",
    "NotADocumentError",
    "ParseError",
    "UnknownLayoutError",
    "describe_html",
    "parse_document",
    "parse_docx_list",
    "parse_html_list",
    "parse_pdf_list",
    "parse_xlsx_list",
    "sniff_format",
]

log = logging.getLogger(__name__)

PARSERS: dict[str, Callable[..., pd.DataFrame]] = {
    "pdf": parse_pdf_list,
    "docx": parse_docx_list,
    "xlsx": parse_xlsx_list,
    "html": parse_html_list,
}


def warn_untyped(frame: pd.DataFrame, source: str) -> None:
    """Log one warning naming the file when the document does not tell some rows' type."""
    untyped = int((frame["list_type"] == "").sum())
    if untyped:
        log.warning(
            "%s: the document does not tell the list type of %d of %d rows; they keep an "
            "empty list_type (give one to type them)",
            source,
            untyped,
            len(frame),
        )


def parse_document(
    data: bytes,
    *,
    source: str = "<bytes>",
    list_type: str | None = None,
    content_type: str | None = None,
) -> pd.DataFrame:
    """Sniff the bytes and parse them with the matching parser.

    Each row carries the list type the document itself tells (crawler/parsers/context.py);
    an explicit `list_type` overrides every row's. HTML is parsed only when it holds a
    filing-list table; any other page (firewall challenge, error page) raises
    NotADocumentError saying what it is.
    """
    fmt = sniff_format(data, content_type=content_type, filename=source)
    try:
        frame = PARSERS[fmt](data, source=source)
    except UnknownLayoutError as exc:
        if fmt == "html":
            raise html_not_a_document(data, source) from exc
        raise
    if list_type:
        frame["list_type"] = list_type
    else:
        warn_untyped(frame, source)
    return frame.loc[:, list(OUTPUT_COLUMNS)]
