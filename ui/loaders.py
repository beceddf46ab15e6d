"""The pages' access to the index, cached as Streamlit intends.

The opened index is a resource (`st.cache_resource`), the derived frames are data
(`st.cache_data`); every cache key holds the index directory and `index_version`, so a newly
published generation is opened and computed afresh on the next rerun, while a build in progress
(writing a generation beside the live one) changes nothing the pages read. A search itself is
not cached: on the full-size table `find` takes a few milliseconds, while `st.cache_data` hands
back an unpickled copy of the rows (about 40 ms for all 14k rows); bench/ui.py times reruns.
"""

from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import pandas as pd
import streamlit as st

from crawler.constants import TABLE_COLUMNS
from crawler.dataset import appearances
from crawler.dataset.asof import data_as_of
from crawler.dataset.events import remark_events, rename_links
from crawler.dataset.history import filing_rows as history_rows
from crawler.paths import data_paths
from crawler.table import read_manifest
from index.build import IndexMissingError, IndexOutdatedError, index_version, open_index
from index.search import ALL_FACETS, SearchIndex, SearchResult, Sort, find
from ui import companies, filing, groups, overview
from ui.labels import value

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
    """Every row matching `query` in `sort` order, with the total, facets and filing pages."""
    result = find(load_index(ix_dir, version), query, sort=sort, facets=ALL_FACETS)
    links = page_links(ix_dir, version)
    rows = result.rows.assign(**{filing.PAGE_COLUMN: result.rows["filing_no"].map(links)})
    return replace(result, rows=rows)


@st.cache_resource(max_entries=2, show_spinner=False)
def page_links(ix_dir: str, version: str) -> dict[str, str | None]:
    """Filing number -> its filing page (relative URL), for every number of the index."""
    numbers = table(ix_dir, version)["filing_no"].unique()
    return {str(number): filing.page_link(str(number)) for number in numbers}


@st.cache_data(max_entries=4, show_spinner=False)
def index_facets(ix_dir: str, version: str) -> dict[str, dict[str, int]]:
    """Rows per value of every facet over the whole index."""
    return find(load_index(ix_dir, version), "", limit=0, facets=ALL_FACETS).facets


@st.cache_data(max_entries=2, show_spinner=False)
def table(ix_dir: str, version: str) -> pd.DataFrame:
    """The whole indexed table (TABLE_COLUMNS, then filing_page), in table order."""
    rows = find(load_index(ix_dir, version), "", facets=()).rows
    return filing.with_page_links(rows[list(TABLE_COLUMNS)])


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
        "companies": overview.labelled_companies(overview.top_companies(filings)),
        "roles": overview.roles(filings),
        "categories": overview.categories(filings),
        "genai": overview.genai_to_date(filings),
        "listings": overview.new_and_relisted(whole),
        "latest": overview.latest_batch(whole, filings),
    }


@st.cache_data(max_entries=4, show_spinner=False)
def filing_numbers(ix_dir: str, version: str) -> pd.Series:
    """number_key -> filing number, for every number of the index (ui.filing)."""
    return filing.number_lookup(table(ix_dir, version))


@st.cache_data(max_entries=64, show_spinner=False)
def filing_rows(ix_dir: str, version: str, filing_no: str) -> pd.DataFrame:
    """Every row naming one filing number, oldest batch first, every column."""
    return history_rows(table(ix_dir, version), filing_no)


def manifest() -> dict[str, dict[str, Any]]:
    """The raw manifest (attachment URL -> download record), re-read when it changes."""
    paths = data_paths()
    stamp = paths.manifest.stat().st_mtime_ns if paths.manifest.exists() else 0
    return _manifest(str(paths.root), stamp)


@st.cache_resource(max_entries=2, show_spinner=False)
def _manifest(root: str, stamp: int) -> dict[str, dict[str, Any]]:
    return read_manifest(data_paths(root))


@st.cache_data(max_entries=4, show_spinner=False)
def company_groups(ix_dir: str, version: str) -> list[groups.Group]:
    """The alias groups (index/aliases.csv and the user's file) with entities in the index."""
    return groups.present_groups(groups.alias_groups(), company_directory(ix_dir, version))


@st.cache_data(max_entries=64, show_spinner=False)
def group_rows(ix_dir: str, version: str, keys: tuple[str, ...]) -> pd.DataFrame:
    """Every row of the companies `keys`, oldest batch first."""
    return companies.rows_of_keys(table(ix_dir, version), keys)


@st.cache_data(max_entries=4, show_spinner=False)
def renames(ix_dir: str, version: str) -> dict[str, str]:
    """company_key of every former name the remarks record -> that of the company's latest."""
    return rename_links(remark_events(table(ix_dir, version)))


@st.cache_data(max_entries=64, show_spinner=False)
def decoded_filings(ix_dir: str, version: str, keys: tuple[str, ...], lang: str) -> pd.DataFrame:
    """One row per filing number of the companies `keys`, decoded, list types named in `lang`."""
    rows = group_rows(ix_dir, version, keys)
    return companies.decoded_filings(rows, lambda code: value(lang, "list_type", code))
