"""Company page: every filing of one entity, or of a group (ByteDance), across batches and lists.

`?company=` takes any spelling, a former name, a short name (the entities containing it; several
are offered to pick from) or an alias; `?group=` names a group of index/aliases.csv.
"""

from collections.abc import Mapping
from typing import Final

import pandas as pd
import streamlit as st

from ui import companies, filing, groups, loaders, widgets
from ui.companies import LISTING_COLUMNS
from ui.labels import text
from ui.results import plain, shown

PARAMS: Final = ("company", "group")
KEY: Final = "company"
PICK_KEY: Final = "company_pick"


def seed(params: Mapping[str, str]) -> dict[str, str | None]:
    """The choice a URL asks for: a group's or company's name as shown, else what it says."""
    asked = params.get("group") or params.get("company") or ""
    if not asked:
        return {KEY: None}
    found = groups.lookup(directory, present, asked, renames)
    if found.group:
        return {KEY: found.group.name}
    return {KEY: companies.name_of(directory, found.key) if found.key else asked}


def choice_label(option: str) -> str:
    """A group's name marked as a group; a company's name as it is."""
    return text(lang, "group_option", group=option) if option in group_names else option


def pick() -> None:
    """Make the candidate picked the company chosen."""
    st.session_state[KEY] = st.session_state[PICK_KEY]


def not_found(typed: str, found: groups.Lookup) -> None:
    """Offer the companies whose names contain what was typed, or say there are none."""
    if not found.candidates:
        st.warning(text(lang, "unknown_company", name=plain(typed)))
        return
    names = [companies.name_of(directory, key) for key in found.candidates]
    label = text(lang, "company_candidates", name=plain(typed), count=len(names))
    st.radio(label, names, index=None, key=PICK_KEY, on_change=pick)


def header_metrics(rows: pd.DataFrame, filings: pd.DataFrame, entities: int = 0) -> None:
    """Rows, distinct filing numbers and the rest, with a line saying why rows outnumber them."""
    counts = {"metric_entities": entities} if entities else {}
    widgets.metrics(counts | companies.metrics(rows, filings), lang)
    st.caption(text(lang, "rows_vs_filings"))


def filing_sections(rows: pd.DataFrame, filings: pd.DataFrame) -> None:
    """Timeline, decoded filing numbers, every list row."""
    st.subheader(text(lang, "timeline"))
    widgets.bar_chart(companies.timeline(rows), "batch", "rows", lang, color="list_type")
    st.subheader(text(lang, "filings"))
    if gone := companies.cancelled(filings):
        st.markdown(text(lang, "cancelled_list", items=" · ".join(map(plain, gone))))
    widgets.table(filings, lang, key="filings", mark_cancelled=True)
    st.subheader(text(lang, "listings"))
    widgets.table(shown(rows, LISTING_COLUMNS), lang, key="listings", mark_cancelled=True)


def history(filings: pd.DataFrame) -> None:
    """Where one chosen filing number appears, and a link to its page."""
    st.subheader(text(lang, "history"))
    number = st.selectbox(text(lang, "choose_filing"), list(filings["filing_no"]), key="history_no")
    if number:
        found = loaders.history(ix_dir, version, number).drop(columns="attachment_url")
        widgets.table(found, lang, "history", mark_cancelled=True)
        params = {"no": number, **widgets.lang_param()}
        label = text(lang, "page_filing") + f": {plain(number)}"
        st.page_link(widgets.PAGES["filing"], label=label, query_params=params)


def group_link(key: str) -> None:
    """A link to the page of the group the company belongs to, if any."""
    if group := groups.group_of(present, key):
        label = text(lang, "group_link", group=plain(group.name))
        params = {"group": group.name, **widgets.lang_param()}
        st.page_link(widgets.PAGES["company"], label=label, query_params=params)


def show_company(key: str, name: str) -> None:
    """One entity: its spellings, former names, group, counts, filings and feed."""
    rows = loaders.company_rows(ix_dir, version, key)
    filings = loaders.decoded_filings(ix_dir, version, (key,), lang)
    st.header(plain(name))
    if len(variants := companies.spellings(rows)) > 1:
        st.caption(text(lang, "variants", names=" · ".join(map(plain, variants))))
    if former := filing.former_names(filing.timeline(rows)):
        st.caption(text(lang, "former_names", names=" · ".join(map(plain, former))))
    group_link(key)
    header_metrics(rows, filings)
    filing_sections(rows, filings)
    history(filings)
    widgets.feed_links(ix_dir, version, lang, company=name)


def show_group(group: groups.Group) -> None:
    """A group as one view: the alias note, its entities, counts, filings with their entity."""
    rows = loaders.group_rows(ix_dir, version, group.keys)
    named = directory.set_index("company_key")["company"]
    filings = loaders.decoded_filings(ix_dir, version, group.keys, lang)
    st.header(plain(group.name))
    entities = [str(named[key]) for key in group.keys]
    listed, count, present_count = groups.alias_note(group, entities)
    note = {"group": plain(group.name), "names": plain(listed)}
    st.info(text(lang, "alias_note", listed=count, present=present_count, **note))
    header_metrics(rows, filings, entities=len(group.keys))
    st.subheader(text(lang, "group_entities"))
    members = directory[directory["company_key"].isin(group.keys)]
    widgets.table(members[["company", "filings", "rows"]], lang, key="entities")
    for name in entities:
        params = {"company": name, **widgets.lang_param()}
        st.page_link(widgets.PAGES["company"], label=plain(name), query_params=params)
    filing_sections(rows, companies.with_entities(filings, rows, named))
    widgets.feed_links(ix_dir, version, lang, company=group.name)


lang = widgets.current_lang()
st.title(text(lang, "company_title"))
ix_dir, version = widgets.require_index(lang)
widgets.data_as_of(ix_dir, version, lang)
directory = loaders.company_directory(ix_dir, version)
present = loaders.company_groups(ix_dir, version)
renames = loaders.renames(ix_dir, version)
group_names = {group.name for group in present}
widgets.restore("company", widgets.url_params(PARAMS), seed)
choices = [group.name for group in present] + list(directory["company"])
if (asked := st.session_state.get(KEY)) and asked not in choices:
    choices.insert(0, asked)  # what was typed or linked, shown as chosen
typed = st.selectbox(
    text(lang, "choose_company"),
    choices,
    key=KEY,
    format_func=choice_label,
    placeholder=text(lang, "choose_company_hint"),
    accept_new_options=True,
)
found = groups.lookup(directory, present, typed or "", renames)
if found.group:
    widgets.publish("company", {"group": found.group.name})
    show_group(found.group)
elif found.key:
    name = companies.name_of(directory, found.key)
    widgets.publish("company", {"company": name})
    show_company(found.key, name)
else:
    widgets.publish("company", {})
    if typed:
        not_found(typed, found)
    st.info(text(lang, "choose_company_hint"))
