"""Filing page: one filing number's lists, decoded number, status, events and source documents."""

from collections.abc import Mapping
from typing import Any, Final

import pandas as pd
import streamlit as st

from crawler.constants import STATUS_CANCELLED
from crawler.paths import data_paths
from ui import filing, groups, loaders, widgets
from ui.companies import company_keys, name_of
from ui.labels import column, text, value
from ui.results import plain

PARAMS: Final = ("no",)
INPUT_KEY: Final = "filing_no"


def page_params(params: Mapping[str, str]) -> dict[str, str]:
    """`params` and the language, for a link to another page."""
    return {**params, **widgets.lang_param()}


def unknown(typed: str, lookup: pd.Series) -> None:
    """Say the number is unknown and link the numbers starting with what was typed."""
    st.warning(text(lang, "unknown_filing", number=plain(typed)))
    found = filing.candidates(lookup, typed)
    if not found:
        st.info(text(lang, "no_candidates"))
        return
    st.markdown(text(lang, "filing_candidates", number=plain(typed)))
    for number in found:
        st.page_link(PAGE, label=plain(number), query_params=page_params({"no": number}))


def status(rows: pd.DataFrame) -> None:
    """Active, or cancelled with the date and a link to the cancellation notice."""
    standing = filing.standing(rows)
    if standing.status != STATUS_CANCELLED:
        st.success(text(lang, "filing_active"))
        return
    dated = standing.cancelled_on
    words = text(lang, "filing_cancelled", date=dated) if dated else None
    st.error(words or text(lang, "filing_cancelled_undated"))
    if standing.cancelled_by:
        st.link_button(text(lang, "cancellation_notice"), standing.cancelled_by)


def decoded(rows: pd.DataFrame) -> None:
    """What the number says, one field after another."""
    st.subheader(text(lang, "decoded_title"))
    said = filing.decoded(rows)
    st.markdown(" · ".join(f"**{column(lang, name)}** {plain(said[name])}" for name in said))


def company(rows: pd.DataFrame) -> None:
    """The company (its latest name) with a link to its page, and its group's page."""
    directory = loaders.company_directory(ix_dir, version)
    key = str(company_keys(rows.iloc[[-1]]).iloc[0])
    if key not in set(directory["company_key"]):
        return
    name = name_of(directory, key)
    label = text(lang, "company_link", company=plain(name))
    st.page_link(widgets.PAGES["company"], label=label, query_params=page_params({"company": name}))
    if group := groups.group_of(loaders.company_groups(ix_dir, version), key):
        label = text(lang, "group_link", group=plain(group.name))
        params = page_params({"group": group.name})
        st.page_link(widgets.PAGES["company"], label=label, query_params=params)


def events(rows: pd.DataFrame) -> None:
    """The remark events as a timeline (or a line saying there are none)."""
    st.subheader(text(lang, "events_title"))
    found = filing.timeline(rows)
    if found.empty:
        st.caption(text(lang, "no_events"))
        return
    named = found["field"].map(lambda field: column(lang, field) if field else "")
    widgets.table(found.assign(field=named), lang, key="events")


def documents(rows: pd.DataFrame) -> None:
    """Each source document: its notice page and the checked stored copy of its attachment."""
    st.subheader(text(lang, "documents_title"))
    found = filing.documents(rows, loaders.manifest())
    for place, document in enumerate(found.to_dict("records")):
        document_line(document)
        stored_copy(document, place)


def document_line(document: Mapping[str, Any]) -> None:
    """The batch, list type and file name of a document, and a link to its notice page."""
    kind = value(lang, "list_type", document["list_type"])
    line = {"batch": document["batch"], "list_type": kind, "filename": document["filename"]}
    st.markdown(text(lang, "document_line", **{k: plain(v) for k, v in line.items()}))
    if document["notice_url"]:
        st.link_button(text(lang, "notice_link"), document["notice_url"])


def stored_copy(document: Mapping[str, Any], place: int) -> None:
    """A download of the stored bytes, served only when their sha256 is the manifest's."""
    files, name = data_paths().files, document["filename"]
    try:
        data = filing.stored_copy(files, document["path"], document["sha256"])
    except filing.StoredCopyError as error:
        reason = text(lang, error.reason, path=plain(str(error.path)))
        st.error(text(lang, "stored_copy_error", filename=plain(name), error=reason))
        return
    st.download_button(
        text(lang, "download_original", filename=plain(name)),
        data=data,
        file_name=name,
        mime=document["content_type"],
        key=f"original_{place}",
        on_click="ignore",
    )
    st.caption(text(lang, "sha256_checked", sha256=document["sha256"]))


PAGE: Final = widgets.PAGES["filing"]
lang = widgets.current_lang()
st.title(text(lang, "filing_title"))
ix_dir, version = widgets.require_index(lang)
widgets.data_as_of(ix_dir, version, lang)
widgets.restore("filing", widgets.url_params(PARAMS), lambda p: {INPUT_KEY: p.get("no", "")})
typed = st.text_input(text(lang, "filing_input"), key=INPUT_KEY).strip()
lookup = loaders.filing_numbers(ix_dir, version)
number = filing.resolve_number(lookup, typed)
widgets.publish("filing", {"no": number or typed} if typed else {})
if not typed:
    st.info(text(lang, "filing_hint"))
    st.stop()
if number is None:
    unknown(typed, lookup)
    st.stop()

rows = loaders.filing_rows(ix_dir, version, number)
st.header(plain(number))
status(rows)
company(rows)
decoded(rows)
history = loaders.history(ix_dir, version, number)
st.subheader(text(lang, "appearances", rows=len(history)))
widgets.table(
    history[list(filing.APPEARANCE_COLUMNS)], lang, key="appearances", mark_cancelled=True
)
events(rows)
documents(rows)
