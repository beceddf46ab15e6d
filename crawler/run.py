"""Run the crawl in-process and summarise how complete it was."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.paths import DataPaths
from crawler.pipelines import FAILURES_STAT
from crawler.spiders.cac import CacSpider


@dataclass
class CrawlResult:
    """What a crawl stored and what it could not get."""

    stats: dict[str, Any]
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        errors = self.stats.get("log_count/ERROR", 0)
        return not self.failures and not errors and self.stats.get("finish_reason") == "finished"


def crawl_settings(paths: DataPaths, site: str | None = None) -> dict[str, Any]:
    """Project settings pointed at a data directory and, optionally, another site."""
    settings: dict[str, Any] = {
        "FILES_STORE": str(paths.files),
        "CAC_MANIFEST": str(paths.manifest),
    }
    if site:
        settings.update(
            CAC_SITE=site.rstrip("/"), CAC_NOTICE_API=site.rstrip("/") + "/api/notice/list"
        )
    if site and urlsplit(site).hostname in {"127.0.0.1", "localhost", "::1"}:
        settings.update(DOWNLOAD_DELAY=0, AUTOTHROTTLE_START_DELAY=0.05, RETRY_TIMES=2)
    return settings


def run_crawl(paths: DataPaths, site: str | None = None, **overrides: Any) -> CrawlResult:
    """Crawl notices and attachments into `paths`; blocks until the crawl ends."""
    settings = get_project_settings()
    settings.setdict({**crawl_settings(paths, site), **overrides}, priority="cmdline")
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(CacSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    return CrawlResult(stats=stats, failures=list(stats.get(FAILURES_STAT, [])))
