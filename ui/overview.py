"""The figures of the overview page: pure functions over the filings table.

Lists repeat filings (the generative-AI list is cumulative, annual summaries re-list), so a
filing is counted once, in the batch of its first listing (docs/data-dictionary.md, "Counting
filings"); rows without a filing number count as they are. Cancellation notices are not lists
of filings: they are counted apart.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import pandas as pd

from crawler.dataset.divisions import division_names
from crawler.official import GENAI_TOTALS
from ui.companies import company_keys, display_names
from ui.facets import facet_values

CANCELLATION: Final = "cancellation"
GENAI: Final = ("genai_filed", "genai_registered")
TOP: Final = 15
LEGAL_FORM: Final = re.compile(r"(股份有限公司|有限责任公司|有限公司|股份公司|公司)$")
PLACE_SUFFIX: Final = re.compile(r"((壮族|回族|维吾尔)?自治区|特别行政区|省|市)$")
PLACE_IN_BRACKETS: Final = re.compile(r"[（(][^（）()]{2,8}[）)]$")
MIN_LABEL: Final = 2  # characters a shortened name keeps at least


def first_listings(table: pd.DataFrame) -> pd.DataFrame:
    """One row per filing: its first listing (oldest batch; table order breaks ties)."""
    listed = table[table["list_type"] != CANCELLATION].sort_values("batch", kind="stable")
    numbered = listed["filing_no"] != ""
    first = ~listed["filing_no"].duplicated() | ~numbered
    return listed[first].assign(company_key=company_keys).reset_index(drop=True)


def distinct_filings(rows: pd.DataFrame) -> int:
    """How many filings the rows name: distinct filing numbers, and each row without one."""
    numbered = rows["filing_no"] != ""
    return int(rows.loc[numbered, "filing_no"].nunique() + (~numbered).sum())


def per_batch(filings: pd.DataFrame) -> pd.DataFrame:
    """New filings per batch and list type: columns batch, list_type, filings."""
    counted = filings.groupby(["batch", "list_type"]).size().reset_index(name="filings")
    return counted.sort_values(["batch", "list_type"]).reset_index(drop=True)


def top(counted: pd.Series, column: str, limit: int = TOP) -> pd.DataFrame:
    """The `limit` largest counts as columns `column`, filings (ties by name)."""
    frame = counted.rename_axis(column).reset_index(name="filings")
    frame = frame[frame[column] != ""].sort_values(["filings", column], ascending=[0, 1])
    return frame.head(limit).reset_index(drop=True)


def top_provinces(filings: pd.DataFrame, limit: int = TOP) -> pd.DataFrame:
    """Provinces (属地 where no province) with the most filings."""
    return top(facet_values(filings, "province").value_counts(), "province", limit)


def top_companies(filings: pd.DataFrame, limit: int = TOP) -> pd.DataFrame:
    """Companies with the most filings, each under its most frequent spelling."""
    named = filings[filings["company"] != ""]
    counted = named.groupby("company_key").size()
    counted.index = counted.index.map(display_names(named))
    return top(counted, "company", limit)


@cache
def place_names() -> tuple[str, ...]:
    """Province and prefecture names (full and short: 北京市, 北京), longest first."""
    names = {name for code, name in division_names().items() if code.endswith("00")}
    short = {PLACE_SUFFIX.sub("", name) for name in names if PLACE_SUFFIX.search(name)}
    return tuple(sorted(names | {n for n in short if len(n) >= MIN_LABEL}, key=len, reverse=True))


def without_place(name: str) -> str:
    """`name` without the province and city names it starts with (浙江省杭州市阿里 -> 阿里)."""
    for place in place_names():
        if name.startswith(place) and len(name) - len(place) >= MIN_LABEL:
            return without_place(name[len(place) :])
    return name


def short_company(name: str) -> str:
    """The distinguishing part of a company's name: no place prefix, no legal form, no place
    in brackets (北京字节跳动科技有限公司 -> 字节跳动科技)."""
    core = LEGAL_FORM.sub("", name)
    core = PLACE_IN_BRACKETS.sub("", core)
    core = without_place(core)
    return core if len(core) >= MIN_LABEL else name


def company_labels(names: Sequence[str]) -> list[str]:
    """A readable label per name; names whose short forms collide keep their full names."""
    short = [short_company(name) for name in names]
    return [s if short.count(s) == 1 else name for s, name in zip(short, names, strict=True)]


def labelled_companies(companies: pd.DataFrame) -> pd.DataFrame:
    """top_companies() with a readable `label` beside each full `company` name."""
    return companies.assign(label=company_labels(list(companies["company"])))


def categories(filings: pd.DataFrame) -> pd.DataFrame:
    """Filings per algorithm category (算法类别), most first: columns category, filings."""
    return top(filings["category"].value_counts(), "category", limit=len(filings))


def genai_to_date(filings: pd.DataFrame) -> pd.DataFrame:
    """Distinct generative-AI services filed and registered up to each of their batches, and
    the official totals: columns period, list_type, series (table/official), filings."""
    genai = filings[filings["list_type"].isin(GENAI)]
    counted = genai.groupby(["batch", "list_type"]).size().unstack(fill_value=0)
    counted = counted.reindex(columns=list(GENAI), fill_value=0).cumsum()
    table = counted.rename_axis("period").reset_index().melt("period", value_name="filings")
    return pd.concat([table.assign(series="table"), official_totals()], ignore_index=True)


def official_totals() -> pd.DataFrame:
    """The official cumulative totals (crawler.official) by month of their cut-off."""
    rows = [
        {"period": total.cutoff[:7], "list_type": kind, "filings": count, "series": "official"}
        for total in GENAI_TOTALS
        for kind, count in zip(GENAI, (total.filed, total.registered), strict=True)
    ]
    return pd.DataFrame(rows, columns=["period", "list_type", "filings", "series"])


def new_and_relisted(table: pd.DataFrame) -> pd.DataFrame:
    """List rows per batch: a filing's first listing (new) or a later one (relisted)."""
    listed = table[table["list_type"] != CANCELLATION].sort_values("batch", kind="stable")
    numbered = listed["filing_no"] != ""
    first = ~listed["filing_no"].duplicated() | ~numbered
    kinds = listed.assign(listing=first.map({True: "new", False: "relisted"}))
    counted = kinds.groupby(["batch", "listing"]).size().reset_index(name="rows")
    return counted.sort_values(["batch", "listing"]).reset_index(drop=True)


def roles(filings: pd.DataFrame) -> pd.DataFrame:
    """Filings per role and list type, for the lists that name roles: role, list_type, filings."""
    with_role = filings[filings["role"] != ""]
    counted = with_role.groupby(["role", "list_type"]).size().reset_index(name="filings")
    return counted.sort_values(["role", "list_type"]).reset_index(drop=True)


def totals(table: pd.DataFrame, filings: pd.DataFrame) -> dict[str, int]:
    """Headline counts: list rows, distinct filings, companies, batches, cancelled filings."""
    listed = table[table["list_type"] != CANCELLATION]
    return {
        "metric_list_rows": len(listed),
        "metric_distinct": len(filings),
        "metric_companies": int(filings["company_key"].nunique()),
        "metric_batches": int(table["batch"].nunique()),
        "metric_cancelled": int(filings["status"].eq("cancelled").sum()),
    }


@dataclass(frozen=True)
class LatestBatch:
    """What the newest batch added: its first listings, their companies, its cancellations."""

    batch: str
    added: pd.DataFrame  # first listings in the batch
    companies: int  # companies of those filings
    first_time: int  # of which never listed before
    cancellations: int  # rows of cancellation notices in the batch


def latest_batch(table: pd.DataFrame, filings: pd.DataFrame) -> LatestBatch | None:
    """The newest batch of the table and what it added; None for an empty table."""
    batches = table.loc[table["batch"] != "", "batch"]
    if batches.empty:
        return None
    batch = str(batches.max())
    added = filings[filings["batch"] == batch].reset_index(drop=True)
    debut = filings.groupby("company_key")["batch"].min()
    return LatestBatch(
        batch=batch,
        added=added,
        companies=int(added["company_key"].nunique()),
        first_time=int((debut == batch).sum()),
        cancellations=int(((table["batch"] == batch) & (table["list_type"] == CANCELLATION)).sum()),
    )
