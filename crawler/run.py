"""Run the crawl in-process and summarise how complete it was."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.paths import DataPaths
from crawler.pipelines import FAILURES_STAT
from crawler.spiders.cac import CacSpider

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
NOTICE_API_PATH = "/api/notice/list"


@dataclass
class CrawlResult:
    """What a crawl stored, what it could not get, and whether the site refused us."""

    stats: dict[str, Any]
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def blocked(self) -> list[dict[str, str]]:
        """Pages the site refused: 403s, connection resets, web-firewall challenge pages."""
        return list(self.stats.get("cacfilings/blocked", []))

    @property
    def page_failures(self) -> list[dict[str, str]]:
        """Notice, list and API pages that could not be fetched for other reasons."""
        return list(self.stats.get("cacfilings/page_failures", []))

    @property
    def layout_errors(self) -> list[dict[str, str]]:
        """Notice pages seen before whose attachment links can no longer be found."""
        return list(self.stats.get("cacfilings/layout_errors", []))

    @property
    def notices_read(self) -> int:
        """Notice pages read (not counting blocked ones)."""
        return int(self.stats.get("cacfilings/notices_read", 0))

    @property
    def fatal(self) -> str:
        """Why nothing this crawl saw can be trusted ('' when it can): blocked or unreachable."""
        if self.blocked:
            return "blocked"
        if self.notices_read == 0:
            return "unreachable"
        reason = self.stats.get("finish_reason")
        return "" if reason == "finished" else f"stopped early ({reason})"

    @property
    def complete(self) -> bool:
        """No failure and no error logged, and the crawl finished on its own."""
        errors = self.stats.get("log_count/ERROR", 0)
        return not self.failures and not errors and self.stats.get("finish_reason") == "finished"

    def count(self, name: str) -> int:
        """A cacfilings counter, e.g. count('attachments_new')."""
        return int(self.stats.get(f"cacfilings/{name}", 0))


def crawl_settings(paths: DataPaths, site: str | None = None) -> dict[str, Any]:
    """Project settings pointed at a data directory and, optionally, another site."""
    settings: dict[str, Any] = {
        "CAC_DATA_DIR": str(paths.root),
        "CAC_REFRESH_ON_CLOSE": False,  # the caller publishes (and holds the lock) itself
        "FILES_STORE": str(paths.files),
        "CAC_MANIFEST": str(paths.manifest),
        "CAC_NOTICE_STATE": str(paths.notice_state),
    }
    if site:
        settings.update(site_settings(site))
    if site and urlsplit(site).hostname in LOCAL_HOSTS:
        settings.update(
            DOWNLOAD_DELAY=0, AUTOTHROTTLE_START_DELAY=0.05, RETRY_TIMES=2, RETRY_BACKOFF_BASE=0.1
        )
    return settings


def site_settings(site: str) -> dict[str, str]:
    """Both hosts on one site: its pages, the filing system and the notice API (a replica)."""
    base = site.rstrip("/")
    return {"CAC_SITE": base, "CAC_FILING_SITE": base, "CAC_NOTICE_API": base + NOTICE_API_PATH}


def run_crawl(paths: DataPaths, site: str | None = None, **overrides: Any) -> CrawlResult:
    """Crawl notices and attachments into `paths`; blocks until the crawl ends."""
    settings = get_project_settings()
    settings.setdict({**crawl_settings(paths, site), **overrides}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(CacSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    return CrawlResult(stats=stats, failures=list(stats.get(FAILURES_STAT, [])))
