"""Run the crawl in-process and summarise how complete it was."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.paths import DataPaths
from crawler.pipelines import FAILURES_STAT
from crawler.spiders.cac import CacSpider

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
NOTICE_API_PATH = "/api/notice/list"
SETTINGS_MODULE = "crawler.settings"
REQUIRED_PIPELINES = (
    "crawler.pipelines.ValidationPipeline",
    "crawler.pipelines.AttachmentsPipeline",
    "crawler.pipelines.ManifestPipeline",
)
_detail = {"verbose": False}


class SettingsError(RuntimeError):
    """The crawl's settings would store nothing (e.g. its item pipelines are off)."""


def set_verbose(verbose: bool) -> None:
    """Log Scrapy's detail (DEBUG lines, the stats dump) in the crawls of this process."""
    _detail["verbose"] = verbose


def verbosity_settings() -> dict[str, Any]:
    """Quiet by default: no stats dump; verbose: DEBUG lines and the stats dump."""
    if _detail["verbose"]:
        return {"LOG_LEVEL": "DEBUG", "STATS_DUMP": True}
    return {"STATS_DUMP": False}


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
    settings = project_settings({**verbosity_settings(), **crawl_settings(paths, site)})
    settings.setdict(overrides, priority="cmdline")
    check_pipelines(settings)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(CacSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    return CrawlResult(stats=stats, failures=list(stats.get(FAILURES_STAT, [])))


def project_settings(values: dict[str, Any]) -> Settings:
    """The project's settings module, wherever the command runs, with `values` on top."""
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


def check_pipelines(settings: Settings) -> None:
    """Refuse to crawl when a pipeline that stores what the crawl finds is not enabled."""
    enabled = settings.getwithbase("ITEM_PIPELINES")
    missing = [name for name in REQUIRED_PIPELINES if enabled.get(name) is None]
    if missing:
        raise SettingsError(f"item pipelines not enabled: {', '.join(missing)}")
