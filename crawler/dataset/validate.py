"""Check the table: per-row problems, a per-batch report, and refusal of a much worse parse."""

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import pandas as pd

from crawler.constants import REQUIRED_FIELDS

# A new parse of an attachment with fewer rows than this share of the stored ones is refused.
MIN_ROW_RATIO: Final = 0.8
DEFAULT_REQUIRED: Final = ("name", "company", "filing_no")
GROUP: Final = ["list_type", "batch"]
# How the name of an organisation ends (公司, 集团, 研究院, 大学, 医院, 中心, 实验室 …): a name
# cell ending so beside a company cell that does not is a swapped pair (genAI 2025-03, 广东).
ORGANISATION: Final = re.compile(
    r"(?:公司|集团|院|研究所|大学|中心|实验室|委员会|办公室|办公厅|局|社|工作室|电视台|分行|股份)"
    r"(?:[（(][^）)]*[）)])?$"
)
SWAPPED_PROBLEM: Final = (
    "name looks like an organisation and company does not: cells swapped in the source?"
)
REPORT_COLUMNS: Final = (
    "list_type",
    "batch",
    "attachments",
    "rows",
    "problem_rows",
    "duplicate_filing_nos",
    "empty_required",
    "stated_total",
    "total_check",
)


def empty_required(table: pd.DataFrame) -> pd.Series:
    """Per row, the list of required fields (for its list type) that are empty."""
    records = table[["list_type", *_all_required()]].to_dict("records")
    empty = [
        [f for f in REQUIRED_FIELDS.get(r["list_type"], DEFAULT_REQUIRED) if not r[f]]
        for r in records
    ]
    return pd.Series(empty, index=table.index, dtype=object)


def _all_required() -> list[str]:
    fields = {field for required in REQUIRED_FIELDS.values() for field in required}
    return sorted(fields | set(DEFAULT_REQUIRED))


def duplicate_counts(table: pd.DataFrame) -> pd.Series:
    """Per row, how many places of its list (list type in one document) carry its filing number
    (0 if none). A document is its sha256, else its URL, and a place its source_locator: the
    same file stored under two URLs, or an annual list re-listing a period's, is no duplicate."""
    document = table["attachment_sha256"].where(table["attachment_sha256"] != "")
    place = table["source_locator"].where(table["source_locator"] != "")
    keyed = table.assign(
        _document=document.fillna(table["attachment_url"]),
        _place=place.fillna(pd.Series(table.index.astype(str), index=table.index)),
    )
    groups = keyed.groupby(["list_type", "_document", "filing_no"])["_place"]
    return groups.transform("nunique").where(table["filing_no"] != "", 0).astype(int)


def looks_swapped(name: str, company: str) -> bool:
    """True when the name cell holds an organisation and the company cell does not."""
    return bool(ORGANISATION.search(name)) and bool(company) and not ORGANISATION.search(company)


def row_problems(table: pd.DataFrame) -> pd.Series:
    """Per row, the problems validation finds: empty required fields, duplicate numbers,
    name and company cells swapped."""
    duplicates = duplicate_counts(table)
    swapped = [looks_swapped(*pair) for pair in zip(table["name"], table["company"], strict=True)]
    problems = [
        [f"empty {field}" for field in fields]
        + ([f"filing_no listed {count} times in this list"] if count > 1 else [])
        + ([SWAPPED_PROBLEM] if is_swapped else [])
        for fields, count, is_swapped in zip(
            empty_required(table), duplicates, swapped, strict=True
        )
    ]
    return pd.Series(problems, index=table.index, dtype=object)


def validation_report(table: pd.DataFrame, manifest: Mapping[str, Any]) -> pd.DataFrame:
    """One row per list type and batch: counts, checks and the total the notice states."""
    checks = table.assign(
        has_problem=table["problems"] != "",
        is_duplicate=duplicate_counts(table) > 1,
        has_empty=empty_required(table).map(bool),
    )
    groups = checks.groupby(GROUP, sort=True)
    report = groups.agg(
        attachments=("attachment_url", "nunique"),
        rows=("attachment_url", "size"),
        problem_rows=("has_problem", "sum"),
        empty_required=("has_empty", "sum"),
    ).reset_index()
    report["duplicate_filing_nos"] = [_duplicates(rows) for _, rows in groups]
    report["stated_total"] = [_stated_total(rows, table, manifest) for _, rows in groups]
    report["total_check"] = [
        _total_check(*pair) for pair in zip(report["rows"], report["stated_total"], strict=True)
    ]
    return report.reindex(columns=list(REPORT_COLUMNS)).astype({"stated_total": "Int64"})


def _duplicates(rows: pd.DataFrame) -> int:
    """How many distinct filing numbers appear more than once in a group."""
    numbers = rows.loc[rows["is_duplicate"], "filing_no"]
    return int(numbers.nunique())


def _stated_total(
    rows: pd.DataFrame, table: pd.DataFrame, manifest: Mapping[str, Any]
) -> int | None:
    """Sum of the totals the group's notices state; None if one states none or mixes list types."""
    totals: dict[str, int] = {}
    for url in rows["attachment_url"].unique():
        entry = manifest.get(url) or {}
        single_type = table.loc[table["attachment_url"] == url, "list_type"].nunique() == 1
        if entry.get("stated_total") is None or not single_type:
            return None
        totals[entry.get("notice_url", url)] = int(entry["stated_total"])
    return sum(totals.values()) if totals else None


def _total_check(rows: int, stated: int | None) -> str:
    """'ok', 'missing N', 'extra N' or 'not stated'."""
    if stated is None or pd.isna(stated):
        return "not stated"
    if rows == stated:
        return "ok"
    return f"missing {stated - rows}" if rows < stated else f"extra {rows - stated}"


def shrunken_attachments(
    new: pd.DataFrame, stored: pd.DataFrame, parsed_urls: Iterable[str]
) -> list[dict[str, Any]]:
    """Attachments parsed now into fewer than MIN_ROW_RATIO of the rows the stored table has."""
    new_counts = new["attachment_url"].value_counts()
    stored_counts = stored["attachment_url"].value_counts()
    refused = []
    for url in parsed_urls:
        before, now = int(stored_counts.get(url, 0)), int(new_counts.get(url, 0))
        if before and now < MIN_ROW_RATIO * before:
            refused.append({"url": url, "stored_rows": before, "new_rows": now})
    return refused


def refusal_reason(refusal: Mapping[str, Any]) -> str:
    """Say why an attachment's new parse was refused."""
    return (
        f"refused: the new parse has {refusal['new_rows']} rows, the stored table "
        f"{refusal['stored_rows']} (under {MIN_ROW_RATIO:.0%}); the stored rows are kept"
    )


def failed_checks(report: pd.DataFrame) -> int:
    """How many report rows fail a check: problems, duplicates, empty fields or a wrong total."""
    failing = (
        (report["problem_rows"] > 0)
        | (report["duplicate_filing_nos"] > 0)
        | (report["empty_required"] > 0)
        | ~report["total_check"].isin(["ok", "not stated"])
    )
    return int(failing.sum())


def summary_lines(table: pd.DataFrame, report: pd.DataFrame) -> list[str]:
    """One line on cancellations and problems, one per batch whose count differs from the notice."""
    cancelled = table.loc[table["status"] == "cancelled", "filing_no"].nunique()
    flagged = int((table["problems"] != "").sum())
    lines = [f"Cancelled filings: {cancelled}; rows with problems: {flagged}"]
    differing = report[~report["total_check"].isin(["ok", "not stated"])]
    lines += [
        f"check: {row.list_type} {row.batch}: {row.rows} rows, notice states "
        f"{row.stated_total} ({row.total_check})"
        for row in differing.itertuples()
    ]
    return lines
