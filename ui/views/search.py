"""Search page: query box, sidebar filters with counts, results with links, downloads."""

import streamlit as st

from index.search import SORTS
from ui import loaders, widgets
from ui.facets import FACETS, apply_view, facet_counts
from ui.labels import text, value
from ui.results import companies, company_summary, plain, shown
from ui.urlstate import (
    BATCH_KEY,
    SEARCH_PARAMS,
    params_from_view,
    view_from_params,
    view_from_widgets,
)
from ui.urlstate import widgets_from_view as seed

lang = widgets.current_lang()
st.title(text(lang, "app_title"))
ix_dir, version = widgets.require_index(lang)
widgets.data_as_of(ix_dir, version, lang)
known = loaders.index_facets(ix_dir, version)
batches = sorted(known["batch"])
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
rows = apply_view(result.rows, view)
widgets.publish("search", params_from_view(view))

if result.message:
    st.warning(text(lang, "malformed", message=plain(result.message)))
if rows.empty:
    st.info(text(lang, "no_results"))
    st.stop()
key = "matches" if len(rows) == result.total else "matches_filtered"
st.markdown(text(lang, key, shown=len(rows), total=result.total))
widgets.table(shown(rows), lang, key="results")
widgets.downloads(rows, lang)
counted = companies(rows)
st.markdown(text(lang, "top_companies", companies=company_summary(counted)))
pick, go = st.columns([3, 1], vertical_alignment="bottom")
name = pick.selectbox(text(lang, "pick_company"), [c for c, _ in counted], key="pick_company")
if go.button(text(lang, "open_company"), key="open_company") and name:
    widgets.switch_to("company", {"company": name})
