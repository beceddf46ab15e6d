"""Company page: every filing of one entity across batches and list families."""

import streamlit as st

from ui import companies, loaders, widgets
from ui.companies import LISTING_COLUMNS
from ui.labels import text, value
from ui.results import plain, shown
from ui.urlstate import COMPANY_PARAMS

lang = widgets.current_lang()
st.title(text(lang, "company_title"))
ix_dir, version = widgets.require_index(lang)
widgets.data_as_of(ix_dir, version, lang)
directory = loaders.company_directory(ix_dir, version)
params = widgets.url_params(COMPANY_PARAMS)
widgets.restore(
    "company",
    params,
    lambda wanted: {"company": companies.spelling_of(directory, wanted.get("company", ""))},
)
if (asked := params.get("company", "")) and companies.spelling_of(directory, asked) is None:
    st.warning(text(lang, "unknown_company", name=plain(asked)))
name = st.selectbox(
    text(lang, "choose_company"),
    list(directory["company"]),
    key="company",
    placeholder=text(lang, "choose_company_hint"),
)
widgets.publish("company", {"company": name} if name else {})
if not name:
    st.info(text(lang, "choose_company_hint"))
    st.stop()

rows = loaders.company_rows(ix_dir, version, companies.key_of(directory, name))
filings = companies.decoded_filings(rows, lambda code: value(lang, "list_type", code))
st.header(plain(name))
if len(variants := companies.spellings(rows)) > 1:
    st.caption(text(lang, "variants", names=" · ".join(map(plain, variants))))
widgets.metrics(companies.metrics(rows, filings), lang)
st.subheader(text(lang, "timeline"))
widgets.bar_chart(companies.timeline(rows), "batch", "rows", lang, color="list_type")
st.subheader(text(lang, "filings"))
if gone := companies.cancelled(filings):
    st.markdown(text(lang, "cancelled_list", items=" · ".join(map(plain, gone))))
widgets.table(filings, lang, key="filings", mark_cancelled=True)
st.subheader(text(lang, "listings"))
widgets.table(shown(rows, LISTING_COLUMNS), lang, key="listings", mark_cancelled=True)
st.subheader(text(lang, "history"))
number = st.selectbox(text(lang, "choose_filing"), list(filings["filing_no"]), key="history_no")
if number:
    widgets.table(loaders.history(ix_dir, version, number), lang, "history", mark_cancelled=True)
