"""Overview page: the charts a journalist would screenshot, and what the latest batch added."""

import streamlit as st

from ui import loaders, widgets
from ui.labels import text
from ui.results import shown

lang = widgets.current_lang()
st.title(text(lang, "overview_title"))
ix_dir, version = widgets.require_index(lang)
widgets.data_as_of(ix_dir, version, lang)
widgets.publish("overview", {})
figures = loaders.overview_figures(ix_dir, version)
widgets.metrics(figures["totals"], lang)
st.subheader(text(lang, "per_batch"))
widgets.bar_chart(figures["per_batch"], "batch", "filings", lang, color="list_type")
left, right = st.columns(2)
with left:
    st.subheader(text(lang, "top_provinces"))
    widgets.bar_chart(figures["provinces"], "province", "filings", lang, horizontal=True)
with right:
    st.subheader(text(lang, "top_company_chart"))
    widgets.bar_chart(figures["companies"], "company", "filings", lang, horizontal=True)
st.subheader(text(lang, "roles_chart"))
widgets.bar_chart(figures["roles"], "role", "filings", lang, "list_type", horizontal=True)
if latest := figures["latest"]:
    st.subheader(text(lang, "latest", batch=latest.batch))
    counts = {"filings": len(latest.added), "companies": latest.companies}
    counts |= {"first_time": latest.first_time, "cancellations": latest.cancellations}
    st.markdown(text(lang, "latest_summary", batch=latest.batch, **counts))
    if not latest.added.empty:
        widgets.table(shown(latest.added), lang, key="latest")
