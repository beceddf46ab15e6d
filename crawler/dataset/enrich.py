"""Add the derived columns to the parsed table: one call, DataFrame in, TABLE_COLUMNS out."""

import re
import unicodedata
from collections.abc import Mapping
from typing import Final

import pandas as pd

from crawler.constants import COLUMNS, DECODED_COLUMNS, ROLES, TABLE_COLUMNS
from crawler.dataset.cancellations import cancellation_columns, cancellation_problems
from crawler.dataset.decode import (
    ALGORITHM_KIND,
    CENTRAL_SOE_JURISDICTION,
    CENTRAL_SOE_LABEL,
    GENAI_KIND,
    Decoded,
    decode_filing_no,
    is_central_soe_number,
)
from crawler.dataset.events import event_kinds, linked_company_keys, remark_events, rename_links
from crawler.dataset.history import first_seen
from crawler.dataset.normalize import normalize_company, normalize_role
from crawler.dataset.validate import row_problems

PROBLEM_SEPARATOR: Final = "; "
DEEP_SYNTHESIS_CATEGORY: Final = "生成合成类"  # code 01: every deep-synthesis number has it
_URL_DATE: Final = re.compile(r"/(\d{4})-(\d{2})/(\d{2})/")
_PROVINCE_SUFFIXES: Final = re.compile(
    r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$"
)


def enrich(table: pd.DataFrame, notice_dates: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Normalize, decode, trace, mark cancellations, link renamed entities and check every row;
    columns TABLE_COLUMNS.

    `notice_dates` maps notice URLs to their publication date (the manifest's `published`);
    without it the table's own notice_date column, then the date in the notice URL, is used.
    """
    base = _base(table, notice_dates or {})
    roles, role_problems = _normalized_roles(base["role"])
    base = base.assign(role=roles, company=base["company"].map(normalize_company))
    decoded = _decoded(base["filing_no"], base["jurisdiction"])
    links = rename_links(remark_events(base))
    enriched = base.assign(
        **{column: [getattr(d, column) for d in decoded] for column in DECODED_COLUMNS},
        **cancellation_columns(base),
        first_seen=first_seen(base),
        company_key=linked_company_keys(base["company"], links),
        events=event_kinds(base["remarks"]),
    )
    problem_lists = [
        role_problems,
        pd.Series([list(d.problems) for d in decoded], index=base.index),
        _cross_check_problems(enriched, decoded),
        row_problems(base),
        cancellation_problems(base),
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
    problems = pd.Series(
        [[role_problem(text)] if flag else [] for text, flag in zip(roles, unknown, strict=True)],
        index=roles.index,
        dtype=object,
    )
    return mapped.where(~unknown, roles), problems


def role_problem(text: str) -> str:
    """What is wrong with a role cell that is none of ROLES: cut short (服务提供), or other."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    if any(role.startswith(folded) for role in ROLES):
        return f"role {folded} is truncated"
    return f"role not one of {', '.join(ROLES)}"


def _decoded(filing_nos: pd.Series, jurisdictions: pd.Series) -> list[Decoded]:
    """Decode each distinct (filing number, 属地) pair once."""
    pairs = list(zip(filing_nos, jurisdictions, strict=True))
    cache = {pair: decode_filing_no(*pair) for pair in dict.fromkeys(pairs)}
    return [cache[pair] for pair in pairs]


def _cross_check_problems(table: pd.DataFrame, decoded: list[Decoded]) -> pd.Series:
    """Disagreements between a number and its row: list family, batch year, 属地, category."""
    columns = ["list_type", "batch", "jurisdiction", "province", "filing_year", "filing_no"]
    problems = [
        _kind_problem(row["list_type"], d.kind)
        + _year_problem(row["batch"], row["filing_year"], d.kind)
        + _jurisdiction_problem(row["jurisdiction"], row["province"], row["filing_no"], d.kind)
        + _category_problem(row["list_type"], d.filing_category)
        for row, d in zip(table[columns].to_dict("records"), decoded, strict=True)
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


def _jurisdiction_problem(jurisdiction: str, province: str, filing_no: str, kind: str) -> list[str]:
    """属地 against the number's province; 国资委 goes with ZhongYangQiYe- (中央企业)."""
    if kind != GENAI_KIND or not jurisdiction:
        return []
    said_central = jurisdiction == CENTRAL_SOE_JURISDICTION
    if is_central_soe_number(filing_no):
        return (
            []
            if said_central
            else [f"jurisdiction {jurisdiction} but filing_no says {CENTRAL_SOE_LABEL}"]
        )
    if not province:
        return []
    said, decoded = (_PROVINCE_SUFFIXES.sub("", name) for name in (jurisdiction, province))
    if not said_central and (said.startswith(decoded) or decoded.startswith(said)):
        return []
    return [f"jurisdiction {jurisdiction} but filing_no says {province}"]


def _category_problem(list_type: str, category: str) -> list[str]:
    """A deep-synthesis number's category code is 01; the algorithm lists' printed 算法类别 is
    not checked against the code (the CAC's own lists do not always agree)."""
    if list_type != "deep_synthesis" or not category or category == DEEP_SYNTHESIS_CATEGORY:
        return []
    return [f"filing_no category {category} in a deep_synthesis list (always 01 生成合成类)"]


def _joined(problem_lists: list[pd.Series]) -> list[str]:
    """Join each row's problems from every check into one '; '-separated text."""
    return [
        PROBLEM_SEPARATOR.join(problem for problems in row for problem in problems)
        for row in zip(*problem_lists, strict=True)
    ]
