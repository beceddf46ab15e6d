"""A small built data directory, and a refresh whose crawl finds nothing, for the state tests."""

from pathlib import Path

import pytest

from crawler import refresh as refresh_module
from crawler.paths import DataPaths
from crawler.rebuild import rebuild
from crawler.run import CrawlResult
from tests.test_validate import ATTACHMENT, NOTICE, OTHER, OTHER_NOTICE, store

QUIET_CRAWL = {"finish_reason": "finished", "cacfilings/notices_read": 2}


def built_data(root: Path) -> DataPaths:
    """A data directory with two stored attachments (14 rows), built once."""
    paths = DataPaths(root)
    store(paths, ATTACHMENT, 10, NOTICE, "2024-04", 10)
    store(paths, OTHER, 4, OTHER_NOTICE, "2023-06", 5)
    rebuild(paths)
    return paths


def quiet_crawl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make refresh's crawl find nothing new, without a site."""
    monkeypatch.setattr(refresh_module, "run_crawl", lambda *a, **k: CrawlResult(QUIET_CRAWL))
