"""The pages' access to the index, cached as Streamlit intends.

The opened index is a resource (`st.cache_resource`), the derived frames are data
(`st.cache_data`); every cache key holds the index directory and `index_version`, so a newly
published generation is opened and computed afresh on the next rerun, while a build in progress
(writing a generation beside the live one) changes nothing the pages read. A search itself is
not cached: on the full-size table `find` takes a few milliseconds, while `st.cache_data` hands
back an unpickled copy of the rows (about 40 ms for all 14k rows); bench/ui.py times reruns.
"""

from pathlib import Path
from typing import Any, Final

import pandas as pd
import streamlit as st

from crawler.constants import TABLE_COLUMNS
from crawler.dataset import appearances
from crawler.dataset.asof import data_as_of
from index.build import IndexMissingError, IndexOutdatedError, index_version, open_index
from index.search import ALL_FACETS, SearchIndex, SearchResult, Sort, find
from ui import companies, overview

MISSING: Final = "missing"  # index_version of a directory without a published generation
OUTDATED: Final = "outdated"  # the state of a live generation written by other index code


@st.cache_resource(max_entries=2, show_spinner=False)
def load_index(ix_dir: str, version: str) -> SearchIndex:
    """The opened index; `version` is in the key, so a new generation is opened anew."""
    return open_index(Path(ix_dir))


def index_state(ix_dir: Path) -> tuple[str, int]:
    """The live generation's version and row count; (MISSING, 0) when there is none, and
    (OUTDATED, 0) when it was written by other index code."""
    version = index_version(ix_dir)
    if version == MISSING:
        return MISSING, 0
    try:
        return version, load_index(str(ix_dir), version).doc_count()
    except IndexOutdatedError:
        return OUTDATED, 0
    except IndexMissingError:
        return MISSING, 0


def search(ix_dir: str, version: str, query: str, sort: Sort) -> SearchResult:
    """Every row matching `query` in `sort` order, with the total and facets."""
    return find(load_index(ix_dir, version), query, sort=sort, facets=ALL_FACETS)


@st.cache_data(max_entries=4, show_spinner=False)
def index_facets(ix_dir: str, version: str) -> dict[str, dict[str, int]]:
    """Rows per value of every facet over the whole index."""
    return find(load_index(ix_dir, version), "", limit=0, facets=ALL_FACETS).facets


@st.cache_data(max_entries=2, show_spinner=False)
def table(ix_dir: str, version: str) -> pd.DataFrame:
    """The whole indexed table (TABLE_COLUMNS), in table order."""
    rows = find(load_index(ix_dir, version), "", facets=()).rows
    return rows[list(TABLE_COLUMNS)]


@st.cache_data(max_entries=4, show_spinner=False)
def as_of(ix_dir: str, version: str) -> str:
    """The date of the newest notice in the index (crawler.dataset.asof)."""
    return data_as_of(table(ix_dir, version))


@st.cache_data(max_entries=4, show_spinner=False)
def company_directory(ix_dir: str, version: str) -> pd.DataFrame:
    """Every company (key, spelling, filings, rows), most filings first."""
    return companies.directory(table(ix_dir, version))


@st.cache_data(max_entries=64, show_spinner=False)
def company_rows(ix_dir: str, version: str, key: str | None) -> pd.DataFrame:
    """Every row of one company, oldest batch first (none for the key None)."""
    return companies.company_rows(table(ix_dir, version), key)


@st.cache_data(max_entries=64, show_spinner=False)
def history(ix_dir: str, version: str, filing_no: str) -> pd.DataFrame:
    """Every list and batch naming one filing number."""
    return appearances(table(ix_dir, version), filing_no)


@st.cache_data(max_entries=4, show_spinner=False)
def overview_figures(ix_dir: str, version: str) -> dict[str, Any]:
    """The overview page's frames and counts."""
    whole = table(ix_dir, version)
    filings = overview.first_listings(whole)
    return {
        "totals": overview.totals(whole, filings),
        "per_batch": overview.per_batch(filings),
        "provinces": overview.top_provinces(filings),
        "companies": overview.top_companies(filings),
        "roles": overview.roles(filings),
        "latest": overview.latest_batch(whole, filings),
    }
