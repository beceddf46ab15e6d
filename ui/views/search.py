"""Search page: query box, sidebar filters with counts, what the search and the link were read
as, results with why each row matched, downloads."""

from collections.abc import Collection, Mapping

import streamlit as st

from index.search import SORTS, Sort
from ui import loaders, widgets
from ui.explain import search_lines, url_line, why_matched
from ui.facets import FACETS, apply_view, facet_counts
from ui.labels import text, value
from ui.overview import distinct_filings
from ui.results import SHOWN_COLUMNS, companies, company_summary, shown
from ui.urlstate import (
    BATCH_KEY,
    SEARCH_PARAMS,
    params_from_view,
    read_url,
    url_is_new,
    view_from_params,
    view_from_widgets,
)
from ui.urlstate import widgets_from_view as seed

MATCHED = "matched"
URL_NOTES = "_url_notes_search"  # (notes of the last new link, the view it asked for)


def note_link(known: Mapping[str, Collection[str]], batches: list[str]) -> None:
    """Keep what a new link's parts were read as, with the view it asked for."""
    url = st.query_params.to_dict()
    if (asked := st.session_state.get(widgets.ASKED_LANG)) is not None:
        url.setdefault("lang", asked)  # a language the picker could not take and dropped
    published = st.session_state.get("_url_search")
    if url_is_new(url, None if published is None else {**published, **widgets.lang_param()}):
        view, notes = read_url(url, known, batches)
        st.session_state[URL_NOTES] = (notes, params_from_view(view))


def show_link_notes(current: dict[str, str], lang: str) -> None:
    """The notes of the link that opened the page, while its view is still shown."""
    notes, asked = st.session_state.get(URL_NOTES, ((), {}))
    for note in notes if asked == current else ():
        (st.warning if note.warning else st.info)(url_line(note, lang))


def show_search_notes(lines: list[tuple[bool, str]]) -> None:
    """What the search says about the query: warnings for dropped parts, infos for notes."""
    for warning, line in lines:
        (st.warning if warning else st.info)(line)


@st.cache_data(max_entries=16, show_spinner=False)
def matched_column(ix_dir: str, version: str, query: str, sort: Sort, lang: str) -> list[str]:
    """Why each row of a search matched (about 0.3 s for 10,000 rows, so kept per search)."""
    return why_matched(loaders.search(ix_dir, version, query, sort), lang)


def with_matched(columns: tuple[str, ...]) -> tuple[str, ...]:
    """The shown columns with the why-it-matched column after the company."""
    place = columns.index("company") + 1 if "company" in columns else len(columns)
    return (*columns[:place], MATCHED, *columns[place:])


lang = widgets.current_lang()
st.title(text(lang, "app_title"))
ix_dir, version = widgets.require_index(lang)
widgets.data_as_of(ix_dir, version, lang)
known = loaders.index_facets(ix_dir, version)
batches = sorted(known["batch"])
note_link(known, batches)
widgets.restore(
    "search",
    widgets.url_params(SEARCH_PARAMS),
    lambda params: seed(view_from_params(params, known, batches)),
    optional=[BATCH_KEY],
)

box, order = st.columns([4, 1], vertical_alignment="bottom")
box.text_input(text(lang, "search_label"), key="q", placeholder=text(lang, "search_placeholder"))
order.selectbox(
    text(lang, "sort_label"),
    SORTS,
    key="sort",
    format_func=lambda code: value(lang, "sort", code),
)
with st.expander(text(lang, "help_title")):
    st.markdown(text(lang, "help_body"))

view = view_from_widgets(st.session_state, batches)
result = loaders.search(ix_dir, version, view.query, view.sort)
counts = facet_counts(result.rows, view)
st.sidebar.header(text(lang, "filters"))
for facet in FACETS:
    widgets.facet_filter(facet, counts[facet], lang)
widgets.batch_filter(batches, counts["batch"], lang)
why = matched_column(ix_dir, version, view.query, view.sort, lang)
marked = result.rows.assign(**{MATCHED: why})
rows = apply_view(marked, view)
widgets.publish("search", params_from_view(view))

show_link_notes(params_from_view(view), lang)
show_search_notes(search_lines(result, lang))
if rows.empty:
    st.info(text(lang, "no_results"))
    st.stop()
key = "matches" if len(rows) == result.total else "matches_filtered"
st.markdown(text(lang, key, shown=len(rows), total=result.total, filings=distinct_filings(rows)))
st.caption(text(lang, "rows_caption"))
columns = with_matched(SHOWN_COLUMNS) if rows[MATCHED].ne("").any() else SHOWN_COLUMNS
widgets.table(shown(rows, columns), lang, key="results")
widgets.downloads(rows, lang, view.query, loaders.as_of(ix_dir, version))
counted = companies(rows)
st.markdown(text(lang, "top_companies", companies=company_summary(counted)))
pick, go = st.columns([3, 1], vertical_alignment="bottom")
name = pick.selectbox(text(lang, "pick_company"), [c for c, _ in counted], key="pick_company")
if go.button(text(lang, "open_company"), key="open_company") and name:
    widgets.switch_to("company", {"company": name})
if view.query:
    widgets.feed_links(ix_dir, version, lang, query=view.query)
