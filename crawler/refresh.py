"""One unattended run: lock, crawl what is new, rebuild when something changed, log the change.

Order of writes, so that a run killed at any point loses nothing and the next run finishes its
work: attachments (atomic, each) -> manifest and notice fingerprints (atomic, at crawl end) ->
journal with the baseline -> table and index (atomic, index swapped in whole) -> change log and
feed (atomic) -> refresh state -> journal removed. The refresh state records which manifest the
table was built from, so a run that finds the manifest ahead of it rebuilds even when its own
crawl found nothing new; the journal keeps the baseline of an interrupted rebuild, so its changes
are still reported. Each build also records which table, manifest and index generation belong
together (crawler.state), so a run also rebuilds when they have come apart. The run's failures are
kept for `validate` (crawler.run_failures); acknowledged ones no longer make it exit 1.
"""

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
from crawler.run_failures import failure_entry, read_acknowledged, record_failures
from crawler.state import manifest_digest, out_of_step
from crawler.storage import failed_writes, forget_failed_writes, read_json, write_json_atomic
from crawler.table import read_table

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
    acknowledged: frozenset[str] = frozenset()
    write_errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> Exit:
        if self.crawl.fatal:
            return Exit.FATAL
        if self.incomplete:
            return Exit.PARTIAL
        return Exit.CHANGED if self.change else Exit.NO_CHANGES

    @property
    def incomplete(self) -> bool:
        """Whether something failed that nobody acknowledged (see crawler.run_failures)."""
        if self.write_errors:
            return True
        if self.crawl.complete:
            return bool(self.open(self.parse_errors))
        stats, failures = self.crawl.stats, [*self.crawl.failures, *self.crawl.page_failures]
        only_failures = stats.get("log_count/ERROR", 0) <= len(failures)
        finished = stats.get("finish_reason") == "finished"
        return bool(self.open([*failures, *self.parse_errors])) or not (finished and only_failures)

    def open(self, failures: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The failures whose URL is not acknowledged."""
        return [failure for failure in failures if failure["url"] not in self.acknowledged]

    def failures(self) -> list[dict[str, Any]]:
        """Every failure of the run, by stage, as crawler.run_failures records them."""
        crawl, known = self.crawl, self.acknowledged
        stages = [("page", crawl.page_failures), ("notice", crawl.layout_errors)]
        stages += [("download", crawl.failures), ("parse", self.parse_errors)]
        stages += [("write", self.write_errors)]
        return [failure_entry(stage, item, known) for stage, items in stages for item in items]


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
        forget_failed_writes()
        clean_debris(paths)
        crawl = run_crawl(paths, options.site, **crawl_overrides(options))
        crawled = time.monotonic()
        outcome = finish(paths, crawl, options)
    outcome.crawl_seconds = crawled - started
    outcome.seconds = time.monotonic() - started
    return outcome


def finish(paths: DataPaths, crawl: CrawlResult, options: RefreshOptions) -> RefreshOutcome:
    """After the crawl: rebuild and log the change, unless the crawl was fatal and got nothing."""
    outcome = RefreshOutcome(crawl, acknowledged=read_acknowledged(paths))
    if options.build and (stored_any(crawl) or not crawl.fatal):
        publish(paths, outcome, options)
    outcome.write_errors = lost_writes(paths)
    if not crawl.fatal:
        keep_failures(paths, outcome)
    return outcome


def lost_writes(paths: DataPaths) -> list[dict[str, str]]:
    """The state files this run could not write (attachments are named as download failures;
    the parse cache only saves time)."""
    named_elsewhere = (paths.files, paths.parsed)
    return [
        write
        for write in failed_writes()
        if not any(Path(write["url"]).is_relative_to(place) for place in named_elsewhere)
    ]


def keep_failures(paths: DataPaths, outcome: RefreshOutcome) -> None:
    """Record the run's failures for `validate` (a full disk leaves the old record)."""
    try:
        record_failures(paths, outcome.failures())
    except OSError as error:
        logger.error("Cannot record the run's failures: %s", error)


def stored_any(crawl: CrawlResult) -> bool:
    """Whether the crawl stored a new or changed attachment."""
    return crawl.count("attachments_new") + crawl.count("attachments_changed") > 0


def crawl_overrides(options: RefreshOptions) -> dict[str, Any]:
    """Scrapy settings for this run: --recheck, then the caller's own overrides."""
    return {"CAC_RECHECK": options.recheck, **options.settings}


def needs_rebuild(paths: DataPaths) -> bool:
    """Whether the table lags the manifest, table and index are out of step, or a rebuild was
    interrupted."""
    manifest = read_json(paths.manifest, {})
    state = read_json(paths.refresh_state, {})
    lagging = state.get("manifest_sha256") != manifest_digest(manifest)
    apart = out_of_step(paths, manifest) if paths.table_csv.exists() else "no table"
    if apart and not lagging:
        logger.warning("Repairing the table and index: %s", apart)
    return paths.refresh_journal.exists() or lagging or bool(apart)


def publish(paths: DataPaths, outcome: RefreshOutcome, options: RefreshOptions) -> None:
    """Rebuild table and index when needed, then record what changed."""
    if not (options.force_build or needs_rebuild(paths)):
        return
    from crawler.rebuild import EmptyTableRefused, rebuild

    baseline = begin_journal(paths, options.site)
    try:
        result = rebuild(paths)
    except EmptyTableRefused as error:
        outcome.parse_errors = [{"url": str(paths.manifest), "reason": str(error)}]
        return
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
    journal = read_json(paths.refresh_journal, {})
    if isinstance(journal.get("run"), dict) and journal["run"].get("run"):
        logger.warning("Finishing the rebuild of an interrupted run from %s", journal["run"]["run"])
        return journal
    table = read_stored_table(paths)
    baseline = summarize(table, baseline_attachments(paths, table))
    run = datetime.now(UTC).isoformat(timespec="seconds")
    baseline["run"] = {"id": run, "run": run, "site": site or ""}
    write_json_atomic(paths.refresh_journal, baseline)
    return baseline


def baseline_attachments(paths: DataPaths, table: pd.DataFrame) -> dict[str, str]:
    """URL -> sha256 of the attachments the table was built from: the refresh state's, else
    (state lost or corrupt) the manifest's, when there is a table at all."""
    state = read_json(paths.refresh_state, {})
    if isinstance(state.get("attachments"), dict):
        return state["attachments"]
    return state_of(read_json(paths.manifest, {}))["attachments"] if len(table) else {}


def read_stored_table(paths: DataPaths) -> pd.DataFrame:
    """The columns of the stored table that changes are computed from (empty when none)."""
    return read_table(paths).reindex(columns=_TABLE_FIELDS, fill_value="")


def state_of(manifest: dict[str, Any]) -> dict[str, Any]:
    """What the table and change log are now built from."""
    attachments = {url: entry.get("sha256", "") for url, entry in sorted(manifest.items())}
    return {"manifest_sha256": manifest_digest(manifest), "attachments": attachments}


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
