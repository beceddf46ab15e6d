"""One unattended run: lock, crawl what is new, rebuild when something changed, log the change.

Order of writes, so that a run killed at any point loses nothing and the next run finishes its
work: attachments (atomic, each) -> manifest and notice fingerprints (atomic, at crawl end) ->
journal with the baseline -> table and index (atomic, index swapped in whole) -> change log and
feed (atomic) -> refresh state -> journal removed. The refresh state records which manifest the
table was built from, so a run that finds the manifest ahead of it rebuilds even when its own
crawl found nothing new; the journal keeps the baseline of an interrupted rebuild, so its changes
are still reported.
"""

import hashlib
import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

import pandas as pd

from crawler.changes import append_change, diff, has_changes, read_changes, summarize
from crawler.feed import write_feed
from crawler.lock import held_lock
from crawler.paths import DataPaths
from crawler.run import CrawlResult, run_crawl
from crawler.storage import read_json, write_json_atomic

logger = logging.getLogger(__name__)

STALE_SECONDS = 3600
_TABLE_FIELDS = [
    "list_type",
    "batch",
    "name",
    "company",
    "filing_no",
    "notice_url",
    "attachment_url",
]


class Exit(IntEnum):
    """Exit statuses for cron and monitoring."""

    CHANGED = 0
    PARTIAL = 1
    USAGE = 2
    NO_CHANGES = 3
    FATAL = 4
    LOCKED = 5


@dataclass
class RefreshOutcome:
    """What a run found, fetched, failed to get and changed."""

    crawl: CrawlResult
    change: dict[str, Any] | None = None
    parse_errors: list[dict[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    rebuilt: bool = False
    crawl_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def exit_code(self) -> Exit:
        if self.crawl.fatal:
            return Exit.FATAL
        if not self.crawl.complete or self.parse_errors:
            return Exit.PARTIAL
        return Exit.CHANGED if self.change else Exit.NO_CHANGES


@dataclass(frozen=True)
class RefreshOptions:
    """How to run: which site, recheck everything, always rebuild, Scrapy setting overrides."""

    site: str | None = None
    recheck: bool = False
    force_build: bool = False
    build: bool = True
    feed_url: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)


def refresh(paths: DataPaths, options: RefreshOptions) -> RefreshOutcome:
    """Run once under the data directory's lock (raises LockHeld when another run holds it)."""
    started = time.monotonic()
    with held_lock(paths.refresh_lock):
        clean_debris(paths)
        crawl = run_crawl(paths, options.site, **crawl_overrides(options))
        crawled = time.monotonic()
        outcome = finish(paths, crawl, options)
    outcome.crawl_seconds = crawled - started
    outcome.seconds = time.monotonic() - started
    return outcome


def finish(paths: DataPaths, crawl: CrawlResult, options: RefreshOptions) -> RefreshOutcome:
    """After the crawl: rebuild and log the change, unless the crawl was fatal and got nothing."""
    outcome = RefreshOutcome(crawl)
    if options.build and (stored_any(crawl) or not crawl.fatal):
        publish(paths, outcome, options)
    return outcome


def stored_any(crawl: CrawlResult) -> bool:
    """Whether the crawl stored a new or changed attachment."""
    return crawl.count("attachments_new") + crawl.count("attachments_changed") > 0


def crawl_overrides(options: RefreshOptions) -> dict[str, Any]:
    """Scrapy settings for this run: --recheck, then the caller's own overrides."""
    return {"CAC_RECHECK": options.recheck, **options.settings}


def needs_rebuild(paths: DataPaths) -> bool:
    """Whether the table lags the manifest or a rebuild was interrupted."""
    state = read_json(paths.refresh_state, {})
    lagging = state.get("manifest_sha256") != manifest_digest(read_json(paths.manifest, {}))
    derived = paths.table_csv.exists() and paths.index.exists()
    return paths.refresh_journal.exists() or lagging or not derived


def publish(paths: DataPaths, outcome: RefreshOutcome, options: RefreshOptions) -> None:
    """Rebuild table and index when needed, then record what changed."""
    if not (options.force_build or needs_rebuild(paths)):
        return
    from crawler.build import rebuild

    baseline = begin_journal(paths, options.site)
    result = rebuild(paths)
    outcome.rebuilt, outcome.parse_errors = True, list(result.errors)
    outcome.rows = result.table["list_type"].value_counts().sort_index().to_dict()
    manifest = read_json(paths.manifest, {})
    record = {**baseline["run"], **diff(baseline, result.table, manifest)}
    if has_changes(record):
        append_change(paths.changes_log, record)
        write_feed(paths.changes_feed, read_changes(paths.changes_log), options.feed_url)
        outcome.change = record
    write_json_atomic(paths.refresh_state, state_of(manifest))
    paths.refresh_journal.unlink(missing_ok=True)


def begin_journal(paths: DataPaths, site: str | None) -> dict[str, Any]:
    """The baseline of this rebuild: an interrupted run's, else the current table's."""
    journal = read_json(paths.refresh_journal, None)
    if journal is not None:
        logger.warning("Finishing the rebuild of an interrupted run from %s", journal["run"]["run"])
        return journal
    state = read_json(paths.refresh_state, {})
    baseline = summarize(read_stored_table(paths), state.get("attachments", {}))
    run = datetime.now(UTC).isoformat(timespec="seconds")
    baseline["run"] = {"id": run, "run": run, "site": site or ""}
    write_json_atomic(paths.refresh_journal, baseline)
    return baseline


def read_stored_table(paths: DataPaths) -> pd.DataFrame:
    """The columns of the stored table that changes are computed from (empty when none)."""
    if not paths.table_csv.exists():
        return pd.DataFrame({column: pd.Series(dtype=str) for column in _TABLE_FIELDS})
    table = pd.read_csv(paths.table_csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return table.reindex(columns=_TABLE_FIELDS, fill_value="")


def state_of(manifest: dict[str, Any]) -> dict[str, Any]:
    """What the table and change log are now built from."""
    attachments = {url: entry.get("sha256", "") for url, entry in sorted(manifest.items())}
    return {"manifest_sha256": manifest_digest(manifest), "attachments": attachments}


def manifest_digest(manifest: dict[str, Any]) -> str:
    """A hash of the manifest's content, independent of key order."""
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_debris(paths: DataPaths) -> None:
    """Remove temp files a killed run left (ours at once; the rebuild's after an hour)."""
    for tmp in paths.raw.rglob(".*.tmp") if paths.raw.exists() else []:
        tmp.unlink(missing_ok=True)
    for tmp in paths.root.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    cutoff = time.time() - STALE_SECONDS
    for stale in _rebuild_debris(paths):
        if stale.lstat().st_mtime < cutoff:
            _remove(stale)


def _rebuild_debris(paths: DataPaths) -> list[Path]:
    """Temp files of the table writer and parse cache, and temp dirs of the index builder."""
    found = [*paths.processed.glob(".*.tmp"), *paths.parsed.glob(".*.tmp")]
    index = paths.index.name
    return [*found, *paths.root.glob(f".{index}.tmp-*"), *paths.root.glob(f".{index}.old-*")]


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
