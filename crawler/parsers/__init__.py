"""Pure document parsers: bytes in, a DataFrame of DOCUMENT_COLUMNS + source_locator out."""

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

PARSERS: dict[str, Callable[..., pd.DataFrame]] = {
    "pdf": parse_pdf_list,
    "docx": parse_docx_list,
    "xlsx": parse_xlsx_list,
    "html": parse_html_list,
}


def parse_document(
    data: bytes,
    *,
    source: str = "<bytes>",
    list_type: str | None = None,
    content_type: str | None = None,
) -> pd.DataFrame:
    """Sniff the bytes, parse them with the matching parser and fill list_type when blank.

    HTML is parsed only when it holds a filing-list table; any other page (firewall
    challenge, error page) raises NotADocumentError saying what it is.
    """
    fmt = sniff_format(data, content_type=content_type, filename=source)
    try:
        frame = PARSERS[fmt](data, source=source)
    except UnknownLayoutError as exc:
        if fmt == "html":
            raise html_not_a_document(data, source) from exc
        raise
    if list_type:
        frame["list_type"] = frame["list_type"].mask(frame["list_type"] == "", list_type)
    return frame.loc[:, list(OUTPUT_COLUMNS)]
