"""The figures of the overview page: pure functions over the filings table.

Lists repeat filings (the generative-AI list is cumulative, annual summaries re-list), so a
filing is counted once, in the batch of its first listing (docs/data-dictionary.md, "Counting
filings"); rows without a filing number count as they are. Cancellation notices are not lists
of filings: they are counted apart.
"""

from dataclasses import dataclass
from typing import Final

import pandas as pd

from ui.companies import company_keys, display_names
from ui.facets import facet_values

CANCELLATION: Final = "cancellation"
TOP: Final = 15


def first_listings(table: pd.DataFrame) -> pd.DataFrame:
    """One row per filing: its first listing (oldest batch; table order breaks ties)."""
    listed = table[table["list_type"] != CANCELLATION].sort_values("batch", kind="stable")
    numbered = listed["filing_no"] != ""
    first = ~listed["filing_no"].duplicated() | ~numbered
    return listed[first].assign(company_key=company_keys).reset_index(drop=True)


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


def roles(filings: pd.DataFrame) -> pd.DataFrame:
    """Filings per role and list type, for the lists that name roles: role, list_type, filings."""
    with_role = filings[filings["role"] != ""]
    counted = with_role.groupby(["role", "list_type"]).size().reset_index(name="filings")
    return counted.sort_values(["role", "list_type"]).reset_index(drop=True)


def totals(table: pd.DataFrame, filings: pd.DataFrame) -> dict[str, int]:
    """Headline counts: list rows, unique filings, companies, batches, cancelled filings."""
    listed = table[table["list_type"] != CANCELLATION]
    return {
        "metric_listed": len(listed),
        "metric_unique": len(filings),
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
