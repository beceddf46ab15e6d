"""Overview page: the charts a journalist would screenshot, and what the latest batch added.

Rows and filings are told apart everywhere: the lists' rows, and the distinct filings they
name (each counted once, in the batch of its first listing).
"""

import streamlit as st

from crawler.official import GENAI_TOTALS
from ui import loaders, widgets
from ui.labels import text
from ui.results import shown

lang = widgets.current_lang()
st.title(text(lang, "overview_title"))
ix_dir, version = widgets.require_index(lang)
widgets.data_as_of(ix_dir, version, lang)
widgets.publish("overview", {})
figures = loaders.overview_figures(ix_dir, version)
totals = figures["totals"]
widgets.metrics(totals, lang)
counting = {"rows": totals["metric_list_rows"], "filings": totals["metric_distinct"]}
st.caption(text(lang, "overview_counting", **counting))
st.subheader(text(lang, "per_batch"))
widgets.bar_chart(figures["per_batch"], "batch", "filings", lang, color="list_type")
st.subheader(text(lang, "new_vs_listed"))
st.caption(text(lang, "new_vs_listed_caption"))
widgets.bar_chart(figures["listings"], "batch", "rows", lang, color="listing")
st.subheader(text(lang, "genai_chart"))
st.caption(text(lang, "genai_caption", cutoffs=", ".join(t.cutoff for t in GENAI_TOTALS)))
widgets.genai_chart(figures["genai"], lang)
left, right = st.columns(2)
with left:
    st.subheader(text(lang, "top_provinces"))
    widgets.bar_chart(figures["provinces"], "province", "filings", lang, horizontal=True)
with right:
    st.subheader(text(lang, "top_company_chart"))
    companies = figures["companies"]
    widgets.bar_chart(companies, "label", "filings", lang, horizontal=True, tooltip=["company"])
left, right = st.columns(2)
with left:
    st.subheader(text(lang, "category_chart"))
    widgets.bar_chart(figures["categories"], "category", "filings", lang, horizontal=True)
with right:
    st.subheader(text(lang, "roles_chart"))
    widgets.bar_chart(figures["roles"], "role", "filings", lang, "list_type", horizontal=True)
if latest := figures["latest"]:
    st.subheader(text(lang, "latest", batch=latest.batch))
    counts = {"filings": len(latest.added), "companies": latest.companies}
    counts |= {"first_time": latest.first_time, "cancellations": latest.cancellations}
    st.markdown(text(lang, "latest_summary", batch=latest.batch, **counts))
    if not latest.added.empty:
        widgets.table(shown(latest.added), lang, key="latest")
