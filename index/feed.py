"""Atom feeds of new matching filings: a saved search or company, newest listing first.

One entry per distinct filing number (a row without one is its own entry), dated by the notice
of the first of its matching listings, with a stable id (a tag: URI of the filing number), a
link to the filing's page in the search app and a related link to the official notice. The
feed's id is derived from the query and company, so a reader keeps its place across rebuilds.
Built with feedgen.
"""

import hashlib
import shlex
from datetime import UTC, datetime
from pathlib import Path
from typing import Final
from urllib.parse import quote

import pandas as pd
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from index.engine import SearchIndex
from index.search import find

DEFAULT_BASE_URL: Final = "http://localhost:8501"
TAG: Final = "tag:cacfilings,2024:"
EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
SUMMARY_FIELDS: Final = ("batch", "role", "category", "product", "status")


def feed_id(query: str, company: str | None) -> str:
    """The feed's stable id: a tag: URI of a digest of the query and company."""
    digest = hashlib.sha256(f"{query.strip()}\0{(company or '').strip()}".encode()).hexdigest()
    return f"{TAG}search/{digest[:16]}"


def entry_id(row: pd.Series) -> str:
    """An entry's stable id: a tag: URI of its filing number (or its row key)."""
    if row["filing_no"]:
        return f"{TAG}filing/{quote(row['filing_no'], safe='')}"
    return f"{TAG}row/{quote(row['row_key'], safe='')}"


def feed_title(query: str, company: str | None) -> str:
    """`CAC filings: <query> (company: <company>)`."""
    title = f"CAC filings: {query.strip() or 'all filings'}"
    return f"{title} (company: {company})" if company else title


def listed_on(rows: pd.DataFrame) -> pd.Series:
    """Each row's notice date (the first of its batch month when it has none), in UTC."""
    text = rows["notice_date"].where(rows["notice_date"] != "", rows["batch"] + "-01")
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce", utc=True).fillna(EPOCH)


def first_listings(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per filing: the one of its first listing; newest first, then by filing number."""
    key = rows["filing_no"].where(rows["filing_no"] != "", rows["row_key"])
    frame = rows.assign(_key=key, _on=listed_on(rows))
    frame = frame.sort_values(["_on", "batch"], kind="stable").drop_duplicates("_key")
    return frame.sort_values(["_on", "_key"], ascending=[False, True], kind="stable")


def entry_title(row: pd.Series) -> str:
    """`company · name (list type)`."""
    return f"{row['company']} · {row['name']} ({row['list_type']})"


def summary(row: pd.Series) -> str:
    """`batch 2024-04 · role 服务提供者 · …`: the fields a row fills, of SUMMARY_FIELDS."""
    return " · ".join(f"{name} {row[name]}" for name in SUMMARY_FIELDS if row[name])


class EntryLinks(BaseEntryExtension):
    """Entry links with a rel (feedgen 1.0 drops the rel of an entry's links: no rel is
    alternate, so the filing page is an ordinary link and the notice page goes here)."""

    def __init__(self) -> None:
        self.links: list[tuple[str, str]] = []  # (rel, href)

    def extend_atom(self, entry: object) -> object:
        """Add the links to the entry element."""
        for rel, href in self.links:
            xml_elem("link", entry, href=href, rel=rel)
        return entry


def _add_entry(feed: FeedGenerator, row: pd.Series, base_url: str) -> None:
    entry = feed.add_entry(order="append")
    entry.id(entry_id(row))
    entry.title(entry_title(row))
    entry.link(href=f"{base_url}/filing?no={quote(row['filing_no'], safe='')}")  # alternate
    if row["notice_url"]:
        entry.links.links.append(("related", row["notice_url"]))
    entry.updated(row["_on"])
    entry.summary(summary(row))


def _feed(query: str, company: str | None, base_url: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.register_extension("links", BaseExtension, EntryLinks, rss=False)
    feed.id(feed_id(query, company))
    feed.title(feed_title(query, company))
    feed.link(href=f"{base_url}/?q={quote(query)}", rel="alternate")
    feed.generator("cacfilings")
    return feed


def feed_bytes(
    index: Path | str | SearchIndex,
    query: str = "",
    *,
    company: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
    limit: int = 100,
) -> bytes:
    """An Atom document of the filings matching `query` (and `company`), newest first."""
    rows = find(index, query, company=company, facets=()).rows
    listings = first_listings(rows).head(limit)
    feed = _feed(query, company, base_url.rstrip("/"))
    for _, row in listings.iterrows():
        _add_entry(feed, row, base_url.rstrip("/"))
    feed.updated(listings["_on"].max() if len(listings) else EPOCH)
    return bytes(feed.atom_str(pretty=True))


def feed_command(query: str, company: str | None = None) -> str:
    """The shell command line that writes this feed to feed.atom."""
    words = ["cacfilings", "feed", "--query", query]
    words += ["--company", company] if company else []
    return shlex.join([*words, "-o", "feed.atom"])
