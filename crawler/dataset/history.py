"""Trace one filing number through every list and batch that names it."""

from typing import Final

import pandas as pd

from crawler.parsers.normalize import clean_filing_no

HISTORY_COLUMNS: Final = (
    "filing_no",
    "list_type",
    "batch",
    "notice_date",
    "status",
    "seq",
    "name",
    "company",
    "role",
    "notice_url",
    "attachment_url",
    "source_locator",
)
_ORDER: Final = ["batch", "notice_date", "list_type", "attachment_url", "source_locator"]


def first_seen(table: pd.DataFrame) -> pd.Series:
    """The earliest batch listing each row's filing number (its own batch when it has none)."""
    batch = table["batch"].where(table["batch"] != "")
    earliest = batch.groupby(table["filing_no"]).transform("min")
    seen = earliest.where(table["filing_no"] != "", table["batch"])
    return seen.fillna(table["batch"]).astype(str)


def filing_rows(table: pd.DataFrame, filing_no: str) -> pd.DataFrame:
    """Every row naming `filing_no` (spaces and full-width forms ignored), oldest batch first,
    with every column of the table."""
    rows = table[table["filing_no"] == clean_filing_no(filing_no)]
    return rows.sort_values(_ORDER, kind="stable")


def appearances(table: pd.DataFrame, filing_no: str) -> pd.DataFrame:
    """The HISTORY_COLUMNS of filing_rows(table, filing_no), numbered afresh."""
    columns = [column for column in HISTORY_COLUMNS if column in table.columns]
    return filing_rows(table, filing_no)[columns].reset_index(drop=True)
