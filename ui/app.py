"""Streamlit search page over the filings index: widgets only, logic lives in index.search."""

from pathlib import Path

import pandas as pd
import streamlit as st
from whoosh.index import Index

from crawler.constants import COLUMNS, LIST_TYPES
from crawler.paths import data_paths
from index.build import index_version, open_index
from index.search import IndexMissingError, search

ALL_TYPES = "all"
TYPE_OPTIONS = (ALL_TYPES, *LIST_TYPES)
LINK_COLUMNS = {
    "notice_url": st.column_config.LinkColumn("notice_url"),
    "attachment_url": st.column_config.LinkColumn("attachment_url"),
}
NO_INDEX_MESSAGE = (
    "There is no search index yet{detail}. Run `cacfilings crawl` to download and parse "
    "the lists, then `cacfilings build` to index them."
)


@st.cache_resource(max_entries=4)
def load_index(ix_dir: str, version: str) -> Index:
    """The opened index; `version` changes on every rebuild, so a new one is reopened."""
    return open_index(Path(ix_dir))


@st.cache_data(max_entries=64)
def run_search(ix_dir: str, version: str, query: str, list_type: str, company: str) -> pd.DataFrame:
    """Matching rows with exactly COLUMNS, best first."""
    chosen_type = None if list_type == ALL_TYPES else list_type
    results = search(load_index(ix_dir, version), query, company=company, list_type=chosen_type)
    return results[list(COLUMNS)]


@st.cache_data(max_entries=16)
def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM, so spreadsheet programs read the Chinese text correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def current_version(ix_dir: Path) -> str | None:
    """The version of a usable (existing, non-empty) index, else None."""
    version = index_version(ix_dir)
    try:
        return version if load_index(str(ix_dir), version).doc_count() else None
    except IndexMissingError:
        return None


def restore_from_url() -> None:
    """Seed the search box and list-type widgets from a shared URL on first load."""
    list_type = st.query_params.get("type", ALL_TYPES)
    st.session_state.setdefault("q", st.query_params.get("q", ""))
    st.session_state.setdefault("type", list_type if list_type in TYPE_OPTIONS else ALL_TYPES)


def mirror_to_url(query: str, list_type: str) -> None:
    """Keep q/type in the URL so a search can be shared."""
    for name, value, default in (("q", query, ""), ("type", list_type, ALL_TYPES)):
        if value != default:
            st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]


def show_results(frame: pd.DataFrame) -> None:
    """The match count, the results table and a CSV download of exactly those rows."""
    st.markdown(f"**{len(frame):,}** matching filings")
    st.dataframe(frame, column_config=LINK_COLUMNS, hide_index=True)
    st.download_button(
        "Download CSV",
        data=to_csv(frame),
        file_name="cacfilings-search.csv",
        mime="text/csv",
        key="download",
        on_click="ignore",
    )


def main() -> None:
    """The search page."""
    st.set_page_config(page_title="CAC algorithm filings", layout="wide")
    st.title("CAC algorithm filings")
    restore_from_url()
    query = st.text_input("Search", key="q", placeholder="字节, 人脸融合, 网信算备110108…")
    list_type = st.selectbox("List", TYPE_OPTIONS, key="type")
    company = st.text_input("Company contains", key="company")
    mirror_to_url(query, list_type)
    ix_dir = data_paths().index
    version = current_version(ix_dir)
    if version is None:
        st.info(NO_INDEX_MESSAGE.format(detail=f" at {ix_dir}"))
        return
    show_results(run_search(str(ix_dir), version, query, list_type, company))


main()
