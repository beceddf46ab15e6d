"""Turn the raw downloads listed in the manifest into the one filings table.

The same bytes can be linked from several notices and URLs (the generative-AI page, a period's
notice and an annual notice linking one PDF): their rows are counted once, carrying the link
that comes first in LINK_ORDER (a period's notice before an annual one, then the earliest
published, then by URL). Bytes linked only from annual notices add no rows: annual notices
re-list what period notices listed; their files stay stored, for cross-checks.
"""

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from crawler.constants import COLUMNS, TABLE_COLUMNS
from crawler.dataset import enrich
from crawler.dataset.events import write_events
from crawler.dataset.export import csv_restored, csv_safe
from crawler.families import NOTICE_KIND_ANNUAL, batch_from_notice_date
from crawler.notices import list_type_hint, notice_kind
from crawler.parse_cache import cache_file, cached_parse, prune
from crawler.parsers.errors import ParseError
from crawler.paths import DataPaths
from crawler.sandbox import parse_document
from crawler.storage import read_json, write_atomic, write_json_atomic

logger = logging.getLogger(__name__)

_SORT_KEYS = ["list_type", "batch", "attachment_url", "seq_number"]
VALIDATION_JSON = "validation.json"
# What a manifest entry records of each notice linking its URL (its `linked_from`), the first
# of them also at the entry's top level.
LINK_FIELDS = (
    "notice_url",
    "notice_title",
    "published",
    "notice_kind",
    "stated_totals",
    "link_text",
    "batch",
    "family",
    "inline",
    "stated_total",
)
# What `also_linked_from` keeps of the other links to the same bytes.
SHARED_LINK_FIELDS = ("url", "notice_url", "notice_title", "published", "notice_kind")


@dataclass
class TableResult:
    """The rebuilt table, the attachments that failed, and what validation found.

    `errors` names every attachment whose new rows were not used: parse failures and, with a
    reason starting 'refused:', parses refused for having far fewer rows than the stored table
    (those are also in `refused`, with both counts). `report` is the per-batch validation.
    `parsed` lists the attachment URLs whose rows this build parsed (one per distinct bytes
    counted): the URLs of duplicate bytes and of annual-only files are not among them.
    """

    table: pd.DataFrame
    errors: list[dict[str, str]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    report: pd.DataFrame = field(default_factory=pd.DataFrame)
    parsed: list[str] = field(default_factory=list)  # attachment URLs whose rows were parsed

    @property
    def complete(self) -> bool:
        """True when every attachment parsed and none was refused."""
        return not self.errors and not self.refused


def parse_entry(
    entry: dict[str, Any],
    paths: DataPaths,
    *,
    use_cache: bool = True,
    link: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Parse one stored attachment (or take its cached parse) and add its provenance columns.

    `link` is the notice link the rows carry (default: the entry's first); the list type the
    document leaves blank is the link family's single one, and the batch is row_batches'.
    """
    link = link or entry_links(entry)[0]
    data = (paths.files / entry["path"]).read_bytes()
    frame = parse_through_cache(
        data, entry["url"], entry.get("content_type"), paths.parsed, use_cache=use_cache
    )
    list_type = list_type_hint(link.get("family") or entry.get("family", ""))
    frame["list_type"] = frame["list_type"].replace("", list_type or "")
    document_batch = frame["batch"] if "batch" in frame else pd.Series("", index=frame.index)
    frame["batch"] = row_batches(document_batch.fillna(""), link)
    frame["notice_url"] = link.get("notice_url") or ""
    frame["attachment_url"] = entry["url"]
    frame["attachment_sha256"] = entry.get("sha256", "")
    return frame.reindex(columns=list(COLUMNS), fill_value="")


def row_batches(document_batch: pd.Series, link: Mapping[str, Any]) -> pd.Series:
    """Each row's batch: the month the link text names, else the month in the document's own
    title (`document_batch`), else the notice's month. A family batched by its notice's date
    (cancellations) takes the notice's month first."""
    notice_month = str(link.get("published") or "")[:7]
    named = str(link.get("batch") or "")
    by_notice = batch_from_notice_date(str(link.get("family") or ""))
    chosen = next((m for m in ([notice_month, named] if by_notice else [named]) if m), "")
    if chosen:
        return pd.Series(chosen, index=document_batch.index, dtype=object)
    return document_batch.where(document_batch != "", notice_month).astype(object)


def entry_links(entry: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The notices linking a manifest entry's URL, first in LINK_ORDER first (an entry written
    before `linked_from` existed: its own top-level notice)."""
    if entry.get("linked_from"):
        return [dict(link) for link in entry["linked_from"]]
    link: dict[str, Any] = {name: entry.get(name) for name in LINK_FIELDS}
    link.update(notice_url=entry.get("notice_url") or "", published=entry.get("published") or "")
    link["batch"] = entry.get("batch") or ""
    link["family"] = entry.get("family") or ""
    title, url = entry.get("notice_title") or "", link["notice_url"]
    link["notice_kind"] = entry.get("notice_kind") or notice_kind(title, url)
    return [link]


def link_order(link: Mapping[str, Any]) -> tuple[bool, str, str, str]:
    """LINK_ORDER: a period's notice before an annual one, then the earliest published, then
    by notice URL and attachment URL (a link with no date last among its kind)."""
    return (
        link.get("notice_kind") == NOTICE_KIND_ANNUAL,
        str(link.get("published") or "9999-99-99"),
        str(link.get("notice_url") or ""),
        str(link.get("url") or ""),
    )


def merge_link(links: Iterable[Mapping[str, Any]], new: Mapping[str, Any]) -> list[dict]:
    """`links` with `new` in place of any earlier link from the same notice, in LINK_ORDER."""
    kept = [dict(link) for link in links if link.get("notice_url") != new.get("notice_url")]
    return sorted([*kept, dict(new)], key=link_order)


def content_groups(
    manifest: Mapping[str, Mapping[str, Any]],
    linked_now: Mapping[str, Iterable[str]] | None = None,
) -> list[list[dict[str, Any]]]:
    """Every link to stored bytes (each with its attachment `url`), grouped by the bytes'
    sha256, each group in LINK_ORDER: the first link is the one the rows carry.

    Bytes that a newer download replaced under one URL (its entry's `versions`) join the group
    of the bytes that replaced them, after every link to those: a list re-downloaded through
    one of the notices linking it counts once, with its newest bytes. A link its notice no
    longer shows, where the notice now links a list of the same name under another URL
    (`linked_now`: notice URL -> the attachment URLs it links), is superseded the same way."""
    newer = superseding(manifest)
    relinked = relinked_links(manifest, linked_now or {})
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for url, entry in manifest.items():
        own = entry.get("sha256") or f"url:{url}"
        key = current_bytes(own, newer)
        for link in entry_links(entry):
            stale = key != own or (link.get("notice_url"), url) in relinked
            groups[key].append({**link, "url": url, **({"stale": True} if stale else {})})
    return [sorted(links, key=_current_first) for links in groups.values()]


def relinked_links(
    manifest: Mapping[str, Mapping[str, Any]], linked_now: Mapping[str, Iterable[str]]
) -> set[tuple[str, str]]:
    """(notice URL, attachment URL) of links a notice replaced: it no longer links the URL but
    links another one under the same link text (a list re-linked with a new filepath token)."""
    now = {notice: set(urls) for notice, urls in linked_now.items()}
    links = [(link, url) for url, e in manifest.items() for link in entry_links(e)]
    shown = {
        (link.get("notice_url"), link.get("link_text"))
        for link, url in links
        if url in now.get(str(link.get("notice_url")), {url})
    }
    return {
        (str(link.get("notice_url")), url)
        for link, url in links
        if link.get("notice_url") in now
        and url not in now[str(link.get("notice_url"))]
        and (link.get("notice_url"), link.get("link_text")) in shown
    }


def notice_links(paths: DataPaths) -> dict[str, list[str]]:
    """Notice URL -> the attachment URLs it linked when last read (the notice state)."""
    state = read_json(paths.notice_state, {})
    return {url: list(seen.get("attachments") or []) for url, seen in state.items()}


def superseding(manifest: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """sha256 of bytes a download replaced -> sha256 of the bytes that replaced them."""
    newer = {}
    for entry in manifest.values():
        for version in entry.get("versions") or []:
            old, new = version.get("sha256"), entry.get("sha256")
            if old and new and old != new:
                newer[old] = new
    return newer


def current_bytes(sha256: str, newer: Mapping[str, str]) -> str:
    """The newest bytes that replaced `sha256`, following replacements (itself when none)."""
    seen = {sha256}
    while sha256 in newer and newer[sha256] not in seen:
        sha256 = newer[sha256]
        seen.add(sha256)
    return sha256


def _current_first(link: Mapping[str, Any]) -> tuple[bool, tuple[bool, str, str, str]]:
    return bool(link.get("stale")), link_order(link)


def counted_link(group: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The link whose rows a group of links to the same bytes gives; None when only annual
    notices link them (or their superseded copies)."""
    first = group[0] if group else None
    if not first or first.get("stale") or first.get("notice_kind") == NOTICE_KIND_ANNUAL:
        return None
    return first


def shared_links(manifest: Mapping[str, Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """URL -> the other links to the same bytes (other URLs, other notices), for the entries
    whose bytes are linked more than once: what a manifest entry keeps as `also_linked_from`."""
    shared = {}
    for group in content_groups(manifest):
        for url in dict.fromkeys(link["url"] for link in group):
            own = next(link for link in group if link["url"] == url)
            others = [_shared(link) for link in group if link is not own]
            if others:
                shared[url] = others
    return shared


def _shared(link: Mapping[str, Any]) -> dict[str, Any]:
    shared = {name: link.get(name) for name in SHARED_LINK_FIELDS}
    return {**shared, "stale": True} if link.get("stale") else shared


def parse_through_cache(
    data: bytes, url: str, content_type: str | None, cache_dir: Path, *, use_cache: bool = True
) -> pd.DataFrame:
    """What the parsers make of an attachment's bytes (no list-type hint), via the parse cache.

    The parse runs in the sandbox's child process (crawler/sandbox.py): a file that needs more
    than its memory or time limit is refused with a ParseError instead of ending the run.
    """
    path = cache_file(cache_dir, hashlib.sha256(data).hexdigest())
    parse = partial(parse_document, data, source=url, content_type=content_type or None)
    return cached_parse(path, parse, use_cache=use_cache)


def build_table(paths: DataPaths, *, use_cache: bool = True) -> TableResult:
    """Parse every distinct stored attachment into one table in canonical column order.

    Bytes linked more than once give their rows once (content_groups, counted_link); bytes
    linked only from annual notices give none. Parses are taken from the parse cache when it
    holds them (unless not `use_cache`) and stored there otherwise; cached parses of bytes no
    longer in the manifest are removed.
    """
    frames, errors, parsed = [], [], []
    manifest = read_manifest(paths)
    linked_now = notice_links(paths)
    for link in filter(None, map(counted_link, content_groups(manifest, linked_now))):
        entry = manifest[link["url"]]
        try:
            frames.append(parse_entry(entry, paths, use_cache=use_cache, link=link))
            parsed.append(entry["url"])
        except (ParseError, OSError) as error:
            logger.error("Cannot parse %s: %s", entry["url"], error)
            errors.append({"url": entry["url"], "reason": str(error)})
    table = pd.concat(frames, ignore_index=True) if frames else empty_table()
    prune(paths.parsed, (entry.get("sha256", "") for entry in manifest.values()))
    return TableResult(sort_table(table), errors, parsed=parsed)


def keep_previous_rows(result: TableResult, previous: pd.DataFrame) -> pd.DataFrame:
    """Use the stored rows, not the new ones, of attachments that failed or were refused."""
    failed = {error["url"] for error in result.errors}
    fresh = result.table[~result.table["attachment_url"].isin(failed)]
    kept = previous[previous["attachment_url"].isin(failed)]
    return sort_table(pd.concat([fresh, kept], ignore_index=True))


def sort_table(table: pd.DataFrame) -> pd.DataFrame:
    """Stable order: list type, batch, attachment, then numeric 序号."""
    keyed = table.assign(seq_number=pd.to_numeric(table["seq"], errors="coerce"))
    ordered = keyed.sort_values(_SORT_KEYS, kind="stable", na_position="last")
    return ordered.drop(columns="seq_number").reset_index(drop=True)


def empty_table(columns: tuple[str, ...] = COLUMNS) -> pd.DataFrame:
    """A table with the given columns (the canonical ones by default) and no rows."""
    return pd.DataFrame({column: pd.Series(dtype="str") for column in columns})


def read_manifest(paths: DataPaths) -> dict[str, dict[str, Any]]:
    """The manifest: attachment URL -> what the crawl recorded about it."""
    return read_json(paths.manifest, {})


def notice_dates(manifest: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Notice URL -> publication date (ISO), of every notice linking a stored attachment."""
    return {
        link["notice_url"]: link["published"]
        for entry in manifest.values()
        for link in entry_links(entry)
        if link.get("notice_url") and link.get("published")
    }


def read_table(paths: DataPaths) -> pd.DataFrame:
    """The stored table: its CSV, else (when that is corrupt) its Parquet copy; else empty."""
    if not paths.table_csv.exists():
        return empty_table(TABLE_COLUMNS)
    for read in (_read_csv, _read_parquet):
        table = read(paths)
        if table is not None:
            return table
    return empty_table(TABLE_COLUMNS)


def _read_csv(paths: DataPaths) -> pd.DataFrame | None:
    """The table's CSV, or None when unreadable."""
    try:
        table = pd.read_csv(paths.table_csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, pd.errors.ParserError) as error:
        logger.warning("%s is corrupt (%s); it is rebuilt", paths.table_csv, error)
        return None
    return csv_restored(table) if _well_formed(table) else None


def _read_parquet(paths: DataPaths) -> pd.DataFrame | None:
    """The table's Parquet copy as strings, or None when missing or unreadable."""
    try:
        table = pd.read_parquet(paths.table_parquet)
    except (OSError, ValueError):
        return None
    return table.astype(str) if _well_formed(table) else None


def _well_formed(table: pd.DataFrame) -> bool:
    """Whether a stored table has the columns every reader of it needs."""
    return {"list_type", "batch", "attachment_url"} <= set(table.columns)


def read_full_table(paths: DataPaths) -> pd.DataFrame:
    """The stored table with every TABLE_COLUMN; a table stored before them is enriched now."""
    table = read_table(paths)
    if list(table.columns) == list(TABLE_COLUMNS):
        return table
    return enrich(table, notice_dates(read_manifest(paths)))


def write_table(table: pd.DataFrame, paths: DataPaths) -> None:
    """Write the table as CSV (UTF-8 with BOM, for Excel) and Parquet, each atomically."""
    safe = csv_safe(table)  # formulas neutralised for spreadsheets; _read_csv restores them
    write_atomic(paths.table_csv, lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8-sig"))
    write_atomic(paths.table_parquet, lambda tmp: table.to_parquet(tmp, index=False))
    write_events(table, paths)


def validation_path(paths: DataPaths) -> Path:
    """Where the last rebuild's validation report and refusals are kept."""
    return paths.processed / VALIDATION_JSON


def write_validation(result: TableResult, paths: DataPaths) -> None:
    """Keep the last rebuild's per-batch report and refusals (for `cacfilings validate`)."""
    report = result.report.astype(object).where(result.report.notna(), None)
    payload = {"report": report.to_dict(orient="records"), "refused": result.refused}
    write_json_atomic(validation_path(paths), payload)


def read_refusals(paths: DataPaths) -> list[dict[str, Any]]:
    """The attachments the last rebuild refused, [] when none or never built."""
    return read_json(validation_path(paths), {}).get("refused", [])
