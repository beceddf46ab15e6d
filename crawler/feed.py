"""The change log as an Atom 1.0 feed (RFC 4287): one entry per notice that changed in a run."""

import uuid
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from typing import Any

from crawler.changes import counts
from crawler.storage import write_bytes_atomic

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
MAX_ITEMS = 200
PROJECT_URL = "https://github.com/cacfilings/cacfilings"
FEED_TITLE = "CAC algorithm filings: what changed"
FEED_SUBTITLE = (
    "New batches, filings and cancellations in the algorithm filing lists of China's "
    "Cyberspace Administration, as found by cacfilings"
)
_SECTIONS = (
    ("new_filings", "New filings"),
    ("cancellations", "Cancelled filing numbers"),
    ("removed_filings", "No longer listed"),
)
ET.register_namespace("", ATOM)


def write_feed(path: Path, records: list[dict[str, Any]], feed_url: str | None = None) -> None:
    """Write the feed for the change records (oldest first) to `path`, atomically."""
    feed = build_feed(records, feed_url)
    ET.indent(feed)
    data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    write_bytes_atomic(path, data + b"\n")


def build_feed(records: list[dict[str, Any]], feed_url: str | None = None) -> ET.Element:
    """The feed element: newest entries first, at most MAX_ENTRIES."""
    site = records[-1].get("site", "") if records else ""
    feed = ET.Element(_tag("feed"))
    _text(feed, "id", _urn("feed", feed_url or site))
    _text(feed, "title", FEED_TITLE)
    _text(feed, "subtitle", FEED_SUBTITLE)
    _text(feed, "updated", records[-1]["run"] if records else "1970-01-01T00:00:00+00:00")
    ET.SubElement(_text(feed, "author", ""), _tag("name")).text = "cacfilings"
    ET.SubElement(feed, _tag("generator"), uri=PROJECT_URL).text = "cacfilings"
    if feed_url:
        ET.SubElement(feed, _tag("link"), rel="self", href=feed_url)
    if site:
        ET.SubElement(feed, _tag("link"), rel="alternate", href=site)
    entries = [entry for record in reversed(records) for entry in entries_of(record)]
    for entry in entries[:MAX_ENTRIES]:
        feed.append(entry)
    return feed


def entries_of(record: dict[str, Any]) -> list[ET.Element]:
    """One entry per notice page that a run found changes on."""
    return [_entry(record, url, title) for url, title in record.get("notices", {}).items()]


def _entry(record: dict[str, Any], notice_url: str, title: str) -> ET.Element:
    mine = _for_notice(record, notice_url)
    summary = _summary(mine)
    entry = ET.Element(_tag("entry"))
    _text(entry, "id", _urn(record["id"], notice_url))
    _text(entry, "title", f"{title or notice_url}: {summary}")
    _text(entry, "updated", record["run"])
    ET.SubElement(entry, _tag("link"), rel="alternate", href=notice_url)
    _text(entry, "summary", summary)
    _text(entry, "content", _content_html(mine, summary), type="html")
    return entry


def _for_notice(record: dict[str, Any], notice_url: str) -> dict[str, Any]:
    """The part of a change record that concerns one notice page."""
    return {
        kind: [item for item in items if item.get("notice_url") == notice_url]
        for kind, items in record.items()
        if isinstance(items, list)
    }


def _summary(changes: dict[str, Any]) -> str:
    """E.g. '1 new batch (deep_synthesis 2026-07), 12 new filings'."""
    parts = []
    for batch in changes.get("new_batches", []):
        parts.append(f"new batch {batch['list_type']} {batch['batch']}")
    for kind, number in counts(changes).items():
        if number and kind != "new_batches":
            parts.append(f"{number} {kind.replace('_', ' ')}")
    return ", ".join(parts) or "changed"


def _content_html(changes: dict[str, Any], summary: str) -> str:
    """The entry's HTML body: the summary, then the filings by number."""
    html = [f"<p>{escape(summary)}</p>"]
    for kind, heading in _SECTIONS:
        items = changes.get(kind, [])
        if items:
            html.append(f"<h3>{heading}</h3><ul>")
            html += [f"<li>{_filing_html(item)}</li>" for item in items[:MAX_ITEMS]]
            more = len(items) - MAX_ITEMS
            html.append(f"</ul><p>… and {more} more</p>" if more > 0 else "</ul>")
    return "".join(html)


def _filing_html(item: dict[str, Any]) -> str:
    fields = (item.get("filing_no", ""), item.get("name", ""), item.get("company", ""))
    return " — ".join(escape(str(value)) for value in fields if value)


def _text(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name), attrib=attributes)
    if text:
        element.text = text
    return element


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _urn(*parts: str) -> str:
    """A permanent id for a feed or entry, derived from what identifies it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "cacfilings:" + "|".join(parts)).urn
