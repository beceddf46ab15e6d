"""Make `scrapy crawl cac` (and so a Scrapyd job) a whole refresh, with CAC_REFRESH_ON_CLOSE.

`cacfilings refresh` locks, crawls and publishes by itself; a Scrapyd job only runs the spider.
With this extension on, the job takes the data directory's lock before anything reads the
manifest (a held lock fails the job at once), and when the spider closes it rebuilds the table
and index and logs the changes exactly as `cacfilings refresh` does, then logs the same summary
and status line (Scrapyd has no exit status to give).
"""

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from crawler.lock import acquire, release
from crawler.paths import DataPaths
from crawler.pipelines import FAILURES_STAT
from crawler.refresh import RefreshOptions, RefreshOutcome, clean_debris, finish
from crawler.report import headline, status_line
from crawler.run import CrawlResult

logger = logging.getLogger(__name__)


class RefreshOnClose:
    """Hold the refresh lock for the crawl; publish table, index and changes when it closes."""

    def __init__(self, crawler: Any, paths: DataPaths, lock_fd: int) -> None:
        self.crawler = crawler
        self.paths = paths
        self.lock_fd = lock_fd
        settings = crawler.settings
        self.options = RefreshOptions(
            site=settings.get("CAC_SITE"),
            recheck=settings.getbool("CAC_RECHECK"),
            feed_url=settings.get("CAC_FEED_URL") or None,
        )

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RefreshOnClose":
        if not crawler.settings.getbool("CAC_REFRESH_ON_CLOSE"):
            raise NotConfigured
        paths = DataPaths(Path(crawler.settings["CAC_DATA_DIR"]))
        extension = cls(crawler, paths, acquire(paths.refresh_lock))
        clean_debris(paths)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Any, reason: str) -> Deferred:
        """Publish in a thread (parsing and indexing block), then let go of the lock."""
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        crawl = CrawlResult(stats=stats, failures=list(stats.get(FAILURES_STAT, [])))
        started = stats.get("start_time") or datetime.now(UTC)
        crawl_seconds = (datetime.now(UTC) - started).total_seconds()
        done = deferToThread(finish, self.paths, crawl, self.options)
        done.addCallback(self._report, started, crawl_seconds)
        done.addErrback(lambda failure: logger.error("Publishing failed: %s", failure.value))
        done.addBoth(lambda _: release(self.lock_fd))
        return done

    def _report(self, outcome: RefreshOutcome, started: datetime, crawl_seconds: float) -> None:
        outcome.crawl_seconds = crawl_seconds
        outcome.seconds = (datetime.now(UTC) - started).total_seconds()

        log = logger.info if outcome.exit_code in (0, 3) else logger.error
        log("refresh: %s", headline(outcome))
        log("refresh: %s", status_line(outcome))
