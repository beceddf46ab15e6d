"""Streamlit pieces the pages share: language, URL state, index states, tables, charts.

URL state: each page publishes its view into `st.query_params` at the end of a run and notes
what it published. At the start of a run it seeds its widgets from the URL when the URL brings
something new (a shared link, a link from another page), or from the view it last published
when its widgets are gone (the user left the page and came back); otherwise the widgets hold
the state, as the user just set them.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import pandas as pd
import streamlit as st

from crawler.constants import LIST_TYPES, STATUS_CANCELLATION, STATUS_CANCELLED, STATUSES
from crawler.dataset.events import EVENT_KINDS
from crawler.dataset.export import ExportInfo, export_file_name
from crawler.paths import data_paths
from index import feed
from ui import charts, loaders
from ui.facets import options
from ui.filing import PAGE_COLUMN, in_language
from ui.labels import LANG_NAMES, LANGS, column, lang_or_default, text, value
from ui.results import csv_bytes, xlsx_bytes
from ui.urlstate import BATCH_KEY, FILTERS, scoped

LANG_KEY: Final = "lang"
ASKED_LANG: Final = "_asked_lang"  # the URL's ?lang= before the picker publishes the language
PAGES: Final = {
    "search": "views/search.py",
    "company": "views/company.py",
    "overview": "views/overview.py",
    "filing": "views/filing.py",
}
CODED: Final = {"list_type": LIST_TYPES, "status": STATUSES, "kind": EVENT_KINDS}
LINKS: Final = ("notice_url", "attachment_url", PAGE_COLUMN)
INDEX_STATES: Final = {loaders.MISSING: "no_index", loaders.OUTDATED: "outdated_index"}
GLOSSED_CELLS: Final = ("role", "category", "province")  # published values with an English gloss
CANCELLED: Final = (STATUS_CANCELLED, STATUS_CANCELLATION)
CANCELLED_STYLE: Final = "background-color: #fde2e2"
FEED_MIME: Final = "application/atom+xml"
XLSX_MIME: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_WORDS: Final = ("list_type", "status", "role", "category", "province", "listing", "series")


def current_lang() -> str:
    """The language the user chose (中文 until they choose)."""
    return lang_or_default(st.session_state.get(LANG_KEY))


def lang_param() -> dict[str, str]:
    """The language as a URL parameter; none for the default."""
    lang = current_lang()
    return {} if lang == LANGS[0] else {"lang": lang}


def url_params(names: Sequence[str]) -> dict[str, str]:
    """The URL's parameters among `names`."""
    return scoped(st.query_params.to_dict(), names)


def restore(
    scope: str,
    params: dict[str, str],
    to_widgets: Callable[[dict[str, str]], dict[str, Any]],
    optional: Sequence[str] = (),
) -> None:
    """Seed `scope`'s widgets from a new URL, or from its last view when they are gone.

    `optional` widgets are seeded only when the view sets them; otherwise they start from the
    default they are created with (a widget both seeded and given a default logs a warning).
    """
    last = st.session_state.get(f"_url_{scope}")
    fresh = bool(params) and params != last
    values = to_widgets(params if fresh else (last or {}))
    if fresh or any(key not in st.session_state for key in values):
        for key in set(optional) - set(values):
            st.session_state.pop(key, None)
        st.session_state.update(values)


def publish(scope: str, params: dict[str, str]) -> None:
    """Put `scope`'s view (and the language) in the URL, so a link reproduces it."""
    st.session_state[f"_url_{scope}"] = params
    st.session_state["_url_lang"] = lang_param()
    wanted = {**params, **lang_param()}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def language_picker() -> str:
    """The 中文/English switch in the sidebar, seeded from `?lang=`; returns the language."""
    st.session_state[ASKED_LANG] = st.query_params.get("lang")
    restore("lang", url_params(["lang"]), lambda p: {LANG_KEY: lang_or_default(p.get("lang"))})
    st.sidebar.radio(
        text(current_lang(), "language"),
        LANGS,
        key=LANG_KEY,
        format_func=LANG_NAMES.__getitem__,
        horizontal=True,
    )
    publish_lang()
    return current_lang()


def publish_lang() -> None:
    """Put the language in the URL, leaving the page's own parameters alone."""
    st.session_state["_url_lang"] = lang_param()
    if st.query_params.get("lang") != lang_param().get("lang"):
        if lang_param():
            st.query_params["lang"] = current_lang()
        else:
            del st.query_params["lang"]


def require_index(lang: str) -> tuple[str, str]:
    """The index directory and live version; without rows, says which command fills it."""
    ix_dir = data_paths().index
    version, rows = loaders.index_state(ix_dir)
    if rows == 0:
        st.info(text(lang, INDEX_STATES.get(version, "empty_index"), path=ix_dir))
        st.stop()
    return str(ix_dir), version


def data_as_of(ix_dir: str, version: str, lang: str) -> None:
    """A caption saying how current the data is (every page shows it under its title)."""
    if date := loaders.as_of(ix_dir, version):
        st.caption(text(lang, "data_as_of", date=date))


def column_config(lang: str, columns: Iterable[str]) -> dict[str, Any]:
    """Readable labels for `columns`, links as links, coded values as words."""
    return {name: _column(lang, name) for name in columns}


def _column(lang: str, name: str) -> Any:
    label = column(lang, name)
    if name in LINKS:
        return st.column_config.LinkColumn(label, display_text=value(lang, "link", name))
    if name in CODED:
        words = {code: value(lang, name, code) for code in CODED[name]}
        return st.column_config.SelectboxColumn(
            label, options=list(words), format_func=lambda code: words[str(code)]
        )
    return st.column_config.TextColumn(label)


def table(frame: pd.DataFrame, lang: str, key: str, mark_cancelled: bool = False) -> None:
    """A read-only table with readable column labels; cancelled rows tinted if asked; links to
    filing pages keep the language."""
    if PAGE_COLUMN in frame.columns:
        frame = frame.assign(**{PAGE_COLUMN: in_language(frame[PAGE_COLUMN], lang_param())})
    frame = glossed_cells(frame, lang)
    config = column_config(lang, frame.columns)
    shown: Any = frame.style.apply(_tint, axis=1) if mark_cancelled else frame
    st.dataframe(shown, column_config=config, hide_index=True, key=key)


def glossed_cells(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """In English, published roles, categories and provinces with their gloss beside them."""
    if lang != "en":
        return frame
    glossed = {
        field: frame[field].map(lambda code, f=field: value(lang, f, code) if code else code)
        for field in GLOSSED_CELLS
        if field in frame.columns
    }
    return frame.assign(**glossed)


def _tint(row: pd.Series) -> list[str]:
    """The style of each cell of a row: tinted when the row's filing is cancelled."""
    cancelled = row.get("status") in CANCELLED
    return [CANCELLED_STYLE if cancelled else ""] * len(row)


def facet_filter(facet: str, counts: Mapping[str, int], lang: str) -> None:
    """A sidebar multiselect of the facet's values, each with its row count."""
    key = FILTERS[facet][0]
    st.sidebar.multiselect(
        text(lang, f"filter_{facet}"),
        options(dict(counts), st.session_state.get(key, [])),
        key=key,
        format_func=lambda code: f"{value(lang, facet, code)} ({counts.get(code, 0):,})",
        placeholder=text(lang, "choose"),
    )


def batch_filter(batches: Sequence[str], counts: Mapping[str, int], lang: str) -> None:
    """A sidebar range slider over the index's batches (rows per batch in the labels)."""
    if len(batches) >= 2:
        st.sidebar.select_slider(
            text(lang, "filter_batch"),
            options=list(batches),
            key=BATCH_KEY,
            value=(batches[0], batches[-1]),
            format_func=lambda batch: f"{batch} ({counts.get(batch, 0):,})",
        )


def downloads(rows: pd.DataFrame, lang: str, query: str = "", as_of: str = "") -> None:
    """CSV and XLSX of exactly `rows`, made when clicked (no cost to a rerun), named after the
    query and the data's date as `cacfilings export` names them (cacfilings-字节-2025-01-10.csv)."""
    left, right = st.columns(2)
    common: dict[str, Any] = {"on_click": "ignore", "help": text(lang, "download_help")}
    info = ExportInfo(as_of or None, (("query", query),) if query else ())
    left.download_button(
        text(lang, "download_csv", count=len(rows)),
        data=lambda: csv_bytes(rows, info),
        file_name=export_file_name(query, as_of, "csv"),
        mime="text/csv",
        key="download_csv",
        **common,
    )
    right.download_button(
        text(lang, "download_xlsx", count=len(rows)),
        data=lambda: xlsx_bytes(rows, info),
        file_name=export_file_name(query, as_of, "xlsx"),
        mime=XLSX_MIME,
        key="download_xlsx",
        **common,
    )


def feed_links(
    ix_dir: str, version: str, lang: str, query: str = "", company: str | None = None
) -> None:
    """The Atom feed of a search's or company's filings (made when clicked), and its command."""
    st.subheader(text(lang, "feed_title"))
    label = " ".join(part for part in (query, company or "") if part)
    download, command = st.columns([1, 2], vertical_alignment="top")
    download.download_button(
        text(lang, "feed_download"),
        data=lambda: feed.feed_bytes(loaders.load_index(ix_dir, version), query, company=company),
        file_name=export_file_name(label, loaders.as_of(ix_dir, version), "atom"),
        mime=FEED_MIME,
        key="feed",
        on_click="ignore",
    )
    with command.expander(text(lang, "feed_show_command")):
        st.caption(text(lang, "feed_caption"))
        st.code(feed.feed_command(query, company), language="sh")


def metrics(counts: Mapping[str, int], lang: str) -> None:
    """A row of st.metric, one per count (keys are label keys)."""
    for place, (key, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        place.metric(text(lang, key), f"{count:,}")


def chart_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`frame` with coded values as words (published ones glossed) and columns under their
    labels."""
    words = frame.copy()
    for field in CHART_WORDS:
        if field in words:
            words[field] = words[field].map(lambda code, f=field: value(lang, f, code))
    return words.rename(columns={name: column(lang, name) for name in words.columns})


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    lang: str,
    color: str | None = None,
    horizontal: bool = False,
    tooltip: Sequence[str] = (),
) -> None:
    """A labelled bar chart, one fixed colour per list type; horizontal bars largest first."""
    words = chart_frame(frame, lang)
    st.altair_chart(charts.bar(words, x, y, lang, color, horizontal, tooltip))


def genai_chart(frame: pd.DataFrame, lang: str) -> None:
    """The cumulative generative-AI counts against the official totals."""
    st.altair_chart(charts.genai_lines(chart_frame(frame, lang), lang))


def switch_to(page: str, params: dict[str, str]) -> None:
    """Go to another page with `params` (and the language) in its URL."""
    st.switch_page(PAGES[page], query_params={**params, **lang_param()})
