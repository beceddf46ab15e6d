"""The results table, its downloads and its companies: pure functions over the shown rows.

The table shows a filing date with its note beside it (2026-05-01（补登）) and the scenario
(适用场景) only when a row has one (on-device services). A download holds exactly the rows the
table shows, in the same order, with every column of the filings table (provenance and derived
columns too), written as `cacfilings export` writes them: CSV in UTF-8 with a BOM and CRLF line
ends, XLSX with a bold frozen header and text kept text.
"""

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pandas as pd

from crawler.dataset.export import ExportInfo, canonical, csv_text, write_xlsx

SHOWN_COLUMNS: Final = (
    "list_type",
    "batch",
    "name",
    "company",
    "status",
    "filing_no",
    "notice_url",
    "filing_page",
    "role",
    "category",
    "product",
    "scenario",
    "province",
    "filing_date",
)
OPTIONAL_COLUMNS: Final = frozenset({"scenario"})  # shown only when a row fills them
TOP_COMPANIES: Final = 5
_PUNCTUATION: Final = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_AUTOLINK: Final = re.compile(r"(?<=:)(?=//)|(?<=[wW]{3})(?=\.)|(?<=@)")  # ://, www., a@b
WORD_JOINER: Final = "\u2060"  # invisible; keeps a URL in the text from becoming a link


def shown(rows: pd.DataFrame, columns: Sequence[str] = SHOWN_COLUMNS) -> pd.DataFrame:
    """`columns` of the rows as a table shows them: the filing date with its note beside it,
    and an optional column only when some row fills it."""
    kept = [name for name in columns if name not in OPTIONAL_COLUMNS or rows[name].ne("").any()]
    frame = rows[kept]
    if "filing_date" in kept and rows["filing_date_note"].ne("").any():
        frame = frame.assign(filing_date=noted_dates(rows))
    return frame


def noted_dates(rows: pd.DataFrame) -> pd.Series:
    """Each row's filing date, with its note (补登) beside it: 2026-05-01（补登）."""
    dates, notes = rows["filing_date"], rows["filing_date_note"]
    noted = notes != ""
    return dates.mask(noted, dates[noted] + "（" + notes[noted] + "）")


def downloadable(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with every table column, as the exports write them."""
    return canonical(rows).reset_index(drop=True)


def csv_bytes(rows: pd.DataFrame, info: ExportInfo | None = None) -> bytes:
    """CSV bytes: UTF-8 with a BOM (Excel reads the Chinese text right), CRLF line ends; with
    the data_as_of column when `info` knows the data's date."""
    as_of = info.as_of if info else None
    return csv_text(downloadable(rows), as_of).encode("utf-8-sig")


def xlsx_bytes(rows: pd.DataFrame, info: ExportInfo | None = None) -> bytes:
    """XLSX bytes, written by the exports' writer (its about sheet tells `info`)."""
    with tempfile.TemporaryDirectory(prefix="cacfilings-") as work:
        path = Path(work) / "filings.xlsx"
        write_xlsx(downloadable(rows), path, info)
        return path.read_bytes()


def companies(rows: pd.DataFrame) -> list[tuple[str, int]]:
    """Companies of the rows with their row counts, most rows first, then by name."""
    counts = rows.loc[rows["company"] != "", "company"].value_counts()
    return sorted(((str(name), int(n)) for name, n in counts.items()), key=lambda c: (-c[1], c[0]))


def company_summary(counted: list[tuple[str, int]], limit: int = TOP_COMPANIES) -> str:
    """'A (3) · B (2)': the first `limit` companies with their counts."""
    return " · ".join(f"{plain(name)} ({count:,})" for name, count in counted[:limit])


def plain(text: str) -> str:
    """`text` shown as it is in Markdown: every ASCII punctuation character backslash-escaped.

    No image, link, HTML, heading, list or formula survives, and unlinked() keeps the text's
    URLs and e-mail addresses from being linked (Streamlit links them after the escapes).
    """
    return _PUNCTUATION.sub(r"\\\1", unlinked(text))


def unlinked(text: str) -> str:
    """`text` with an invisible word joiner inside each `://`, `www.` and after each `@`."""
    return _AUTOLINK.sub(WORD_JOINER, text)
