"""The results table, its downloads and its companies: pure functions over the shown rows.

A download holds exactly the rows the table shows, in the same order, with every column of the
filings table (provenance and derived columns too), written as `cacfilings export` writes them:
CSV in UTF-8 with a BOM and CRLF line ends, XLSX with a bold frozen header and text kept text.
"""

import re
import tempfile
from pathlib import Path
from typing import Final

import pandas as pd

from crawler.constants import TABLE_COLUMNS
from crawler.dataset.export import csv_text, write_xlsx

SHOWN_COLUMNS: Final = (
    "list_type",
    "batch",
    "name",
    "company",
    "status",
    "filing_no",
    "notice_url",
    "attachment_url",
    "role",
    "product",
    "province",
    "filing_date",
)
TOP_COMPANIES: Final = 5
_MARKDOWN: Final = re.compile(r"([\\`*_\[\]<>$~|])")


def shown(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns the results table shows, in order."""
    return rows[list(SHOWN_COLUMNS)]


def downloadable(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with every table column, as the exports write them."""
    return rows[list(TABLE_COLUMNS)].reset_index(drop=True)


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """CSV bytes: UTF-8 with a BOM (Excel reads the Chinese text right), CRLF line ends."""
    return csv_text(downloadable(rows)).encode("utf-8-sig")


def xlsx_bytes(rows: pd.DataFrame) -> bytes:
    """XLSX bytes, written by the exports' writer."""
    with tempfile.TemporaryDirectory(prefix="cacfilings-") as work:
        path = Path(work) / "filings.xlsx"
        write_xlsx(downloadable(rows), path)
        return path.read_bytes()


def companies(rows: pd.DataFrame) -> list[tuple[str, int]]:
    """Companies of the rows with their row counts, most rows first, then by name."""
    counts = rows.loc[rows["company"] != "", "company"].value_counts()
    return sorted(((str(name), int(n)) for name, n in counts.items()), key=lambda c: (-c[1], c[0]))


def company_summary(counted: list[tuple[str, int]], limit: int = TOP_COMPANIES) -> str:
    """'A (3) · B (2)': the first `limit` companies with their counts."""
    return " · ".join(f"{plain(name)} ({count:,})" for name, count in counted[:limit])


def plain(text: str) -> str:
    """`text` with Markdown's special characters escaped, to show data as it is."""
    return _MARKDOWN.sub(r"\\\1", text)
