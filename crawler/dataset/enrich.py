"""Add the derived columns to the parsed table: one call, DataFrame in, TABLE_COLUMNS out."""

import re
from collections.abc import Mapping
from typing import Final

import pandas as pd

from crawler.constants import COLUMNS, DECODED_COLUMNS, ROLES, TABLE_COLUMNS
from crawler.dataset.cancellations import cancellation_columns, cancellation_problems
from crawler.dataset.decode import ALGORITHM_KIND, GENAI_KIND, Decoded, decode_filing_no
from crawler.dataset.history import first_seen
from crawler.dataset.normalize import company_key, normalize_company, normalize_role
from crawler.dataset.validate import row_problems

PROBLEM_SEPARATOR: Final = "; "
_URL_DATE: Final = re.compile(r"/(\d{4})-(\d{2})/(\d{2})/")
_PROVINCE_SUFFIXES: Final = re.compile(
    r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$"
)


def enrich(table: pd.DataFrame, notice_dates: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Normalize, decode, trace, mark cancellations and check every row; columns TABLE_COLUMNS.

    `notice_dates` maps notice URLs to their publication date (the manifest's `published`);
    without it the table's own notice_date column, then the date in the notice URL, is used.
    """
    base = _base(table, notice_dates or {})
    roles, role_problems = _normalized_roles(base["role"])
    base = base.assign(role=roles, company=base["company"].map(normalize_company))
    decoded = _decoded(base["filing_no"])
    cancelled = cancellation_columns(base)
    enriched = base.assign(
        **{column: [getattr(d, column) for d in decoded] for column in DECODED_COLUMNS},
        **cancelled,
        first_seen=first_seen(base),
        company_key=base["company"].map(company_key),
    )
    problem_lists = [
        role_problems,
        pd.Series([list(d.problems) for d in decoded], index=base.index),
        _cross_check_problems(enriched, decoded),
        row_problems(base),
        cancellation_problems(base, cancelled),
    ]
    enriched["problems"] = _joined(problem_lists)
    return enriched.reindex(columns=list(TABLE_COLUMNS)).reset_index(drop=True)


def _base(table: pd.DataFrame, notice_dates: Mapping[str, str]) -> pd.DataFrame:
    """The canonical columns as text, plus notice_date."""
    columns = table.reindex(columns=[*COLUMNS, "notice_date"], fill_value="")
    base = columns.astype(object).fillna("").astype(str)
    mapped = base["notice_url"].map(lambda url: notice_dates.get(url, ""))
    from_url = base["notice_url"].map(_date_in_url)
    dates = mapped.where(mapped != "", base["notice_date"])
    return base.assign(notice_date=dates.where(dates != "", from_url))


def _date_in_url(url: str) -> str:
    """The date in a cac.gov.cn notice path (/2026-05/06/c_….htm) as ISO, else ''."""
    match = _URL_DATE.search(url)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else ""


def _normalized_roles(roles: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Roles mapped onto ROLES (unknown ones kept as printed) and a problem list per row."""
    mapped = roles.map(lambda text: normalize_role(text) if text else "")
    unknown = mapped.isna()
    problem = f"role not one of {', '.join(ROLES)}"
    problems = unknown.map(lambda flag: [problem] if flag else [])
    return mapped.where(~unknown, roles), problems


def _decoded(filing_nos: pd.Series) -> list[Decoded]:
    """Decode each distinct filing number once."""
    cache = {number: decode_filing_no(number) for number in filing_nos.unique()}
    return [cache[number] for number in filing_nos]


def _cross_check_problems(table: pd.DataFrame, decoded: list[Decoded]) -> pd.Series:
    """Disagreements between a number and its row: list family, batch year, 属地."""
    records = table[["list_type", "batch", "jurisdiction", "province", "filing_year"]]
    problems = [
        _kind_problem(row["list_type"], d.kind)
        + _year_problem(row["batch"], row["filing_year"], d.kind)
        + _jurisdiction_problem(row["jurisdiction"], row["province"], d.kind)
        for row, d in zip(records.to_dict("records"), decoded, strict=True)
    ]
    return pd.Series(problems, index=table.index, dtype=object)


def _kind_problem(list_type: str, kind: str) -> list[str]:
    expected = GENAI_KIND if list_type.startswith("genai") else ALGORITHM_KIND
    if not kind or kind == expected:
        return []
    what = "a generative-AI" if kind == GENAI_KIND else "an algorithm"
    return [f"filing_no is {what} number in a {list_type} list"]


def _year_problem(batch: str, year: str, kind: str) -> list[str]:
    if kind != ALGORITHM_KIND or not year or not batch or year <= batch[:4]:
        return []
    return [f"filing year {year} is after batch {batch}"]


def _jurisdiction_problem(jurisdiction: str, province: str, kind: str) -> list[str]:
    if kind != GENAI_KIND or not jurisdiction or not province:
        return []
    said, decoded = (_PROVINCE_SUFFIXES.sub("", name) for name in (jurisdiction, province))
    if said.startswith(decoded) or decoded.startswith(said):
        return []
    return [f"jurisdiction {jurisdiction} but filing_no says {province}"]


def _joined(problem_lists: list[pd.Series]) -> list[str]:
    """Join each row's problems from every check into one '; '-separated text."""
    return [
        PROBLEM_SEPARATOR.join(problem for problems in row for problem in problems)
        for row in zip(*problem_lists, strict=True)
    ]
