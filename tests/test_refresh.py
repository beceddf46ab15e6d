"""`cacfilings refresh` against the small replica over real HTTP: incremental and idempotent."""

import copy
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pandas as pd
import pytest

from crawler import settings
from crawler.lock import held_lock
from crawler.paths import DataPaths
from replica.generate import printed_fields, seed_row
from replica.real_site import BOARD_NOTICE, FILE_DOWNLOAD_PATH, download_href
from replica.seed import expected_rows
from replica.site import DOWNLOAD_PATH, LIST_PAGE
from replica.updates import new_batch, publish, rewrite_notice, write_document
from tests.refresh_helpers import (
    FAST,
    change_log,
    cli,
    manifest,
    refresh,
    small_seed,
    snapshot,
    token_prefix,
)

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parent.parent
SEED = small_seed()
NOTICES = {notice["key"]: notice for notice in SEED["notices"]}
ATOM = "{http://www.w3.org/2005/Atom}"
FILINGS = [n for n in SEED["notices"] if n["family"] != "other"]
FILING_PAGES = [n for n in FILINGS if n["host"] == "www"]
# Found on the second list page only: a refresh with nothing new on the first does not read it.
PERIOD_NOTICE = NOTICES["genai-2025-08"]
DOWNLOAD_PATHS = (DOWNLOAD_PATH, FILE_DOWNLOAD_PATH)


def table(data_dir):
    path = data_dir / "processed" / "filings.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def downloads(server) -> list[tuple[str, dict[str, str]]]:
    """The path and headers of every attachment request the server saw."""
    return [
        (path, headers)
        for _, path, headers in server.request_log
        if path.startswith(DOWNLOAD_PATHS)
    ]


def download_count(server) -> int:
    """How many attachment requests the server saw (site downloads and filing-system lists)."""
    return sum(server.request_count(path) for path in DOWNLOAD_PATHS)


def notice_url(base: str, notice: dict) -> str:
    """Where a notice is recorded: its page on the site, or its place on the filing system."""
    return base + (notice["path"] or BOARD_NOTICE.format(notice["api"]["noticeId"]))


def status(result) -> dict[str, str]:
    """The key=value status line of a run."""
    line = next(line for line in result.stderr.splitlines() if " status=" in line)
    return dict(re.findall(r"(\w+)=(\S+)", line))


def test_first_refresh_stores_every_list_and_logs_it_as_one_change(first_refresh) -> None:
    result, data_dir = first_refresh.result, first_refresh.data_dir
    assert result.returncode == 0, result.stderr
    assert len(manifest(data_dir)) == 46
    assert sum(path.startswith(DOWNLOAD_PATHS) for path in first_refresh.requests) == 46
    [record] = change_log(data_dir)
    assert record["initial"] is True
    listed = table(data_dir).query("list_type != 'cancellation'")
    assert len(record["new_filings"]) == listed["filing_no"].nunique() == 556
    batches = Counter((row["list_type"], row["batch"]) for row in expected_rows(SEED))
    assert {(b["list_type"], b["batch"]): b["rows"] for b in record["new_batches"]} == batches
    assert len(record["new_batches"]) == 52
    assert len(record["cancellations"]) == 16
    assert status(result)["status"] == "changed"
    assert status(result)["new_filings"] == "556"


def test_first_refresh_writes_a_valid_atom_feed_with_an_entry_per_notice(first_refresh) -> None:
    path = first_refresh.data_dir / "changes.atom"
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0
    assert feed.version == "atom10"
    links = {entry.link for entry in feed.entries}
    base = _base(first_refresh.data_dir)
    assert links == {notice_url(base, notice) for notice in FILINGS}
    assert len(feed.entries) == len(FILINGS) == 28
    root = ET.parse(path).getroot()
    for element in (root, *root.findall(f"{ATOM}entry")):
        assert element.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert element.find(f"{ATOM}title").text
        assert datetime.fromisoformat(element.find(f"{ATOM}updated").text).tzinfo is not None
    assert root.find(f"{ATOM}author/{ATOM}name").text == "cacfilings"


def _base(data_dir) -> str:
    """The replica's base URL, as the stored notice URLs show it."""
    entry = next(iter(manifest(data_dir).values()))
    return re.match(r"http://[^/]+", entry["notice_url"])[0]


def test_second_refresh_with_nothing_new_requests_no_attachment_and_writes_nothing(
    small_replica, refreshed
) -> None:
    before = snapshot(refreshed)
    result = refresh(refreshed, small_replica.base_url)
    server = small_replica.server
    assert result.returncode == 3, result.stderr
    assert "refresh: no new batches" in result.stderr
    assert download_count(server) == 0
    pages = [notice["path"] for notice in FILING_PAGES]
    read = {path: server.request_count(path) for path in pages}
    assert read == {path: int(path != PERIOD_NOTICE["path"]) for path in pages}
    assert server.request_count(LIST_PAGE.format(2)) == 0
    assert snapshot(refreshed) == before


def test_refresh_that_adds_a_batch_fetches_only_its_attachment(small_replica, refreshed) -> None:
    notice = new_batch(0)
    publish(small_replica.server.site_dir, small_replica.server, SEED, [notice])
    before = snapshot(refreshed / "raw" / "files")
    result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 0, result.stderr
    assert download_count(small_replica.server) == 1
    assert small_replica.server.request_count(token_prefix(notice["attachments"][0])) == 1
    [_, record] = change_log(refreshed)
    added = [row["filing_no"] for row in notice["attachments"][0]["rows"]]
    assert [f["filing_no"] for f in record["new_filings"]] == added
    assert [(b["list_type"], b["batch"], b["rows"]) for b in record["new_batches"]] == [
        ("deep_synthesis", "2026-08", 3)
    ]
    assert record["cancellations"] == record["removed_filings"] == []
    assert set(table(refreshed)["filing_no"]) >= set(added)
    assert {k: v for k, v in snapshot(refreshed / "raw" / "files").items() if k in before} == before
    assert_reported(refreshed, small_replica.base_url, notice)


def assert_reported(data_dir, base_url: str, notice: dict) -> None:
    """The feed leads with the notice's new batch, and `changes` lists its filings."""
    feed = feedparser.parse((data_dir / "changes.atom").read_bytes())
    assert feed.entries[0].link == base_url + notice["path"]
    assert feed.entries[0].title.startswith(notice["title"] + ": new batch deep_synthesis 2026-08")
    today = datetime.now(UTC).date().isoformat()
    text = cli(data_dir, "changes", "--since", today)
    assert text.returncode == 0
    for row in notice["attachments"][0]["rows"]:
        assert f"+ {row['filing_no']}  {row['name']}  {row['company']}" in text.stdout
    as_json = json.loads(cli(data_dir, "changes", "--format", "json").stdout)
    assert [len(record["new_filings"]) for record in as_json] == [556, 3]


def test_changes_since_a_later_date_prints_nothing_and_a_bad_date_is_a_usage_error(
    refreshed,
) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert cli(refreshed, "changes", "--since", tomorrow).stdout == "No changes recorded.\n"
    assert cli(refreshed, "changes", "--since", "yesterday").returncode == 2


def test_a_changed_notice_has_its_attachment_asked_again_and_the_old_bytes_kept(
    small_replica, refreshed
) -> None:
    notice = copy.deepcopy(NOTICES["genai"])
    attachment = notice["attachments"][-1]
    base, old = small_replica.base_url, manifest(refreshed)
    url = base + download_href(attachment)
    filed = attachment["sections"][0]["rows"]
    added = {"seq": "989", "name": "新增大模型", "filing_no": "Zhejiang-XinZeng-202606010001"}
    filed.append(seed_row("genai_filed", {**printed_fields(filed[-1]), **added}))
    notice["paragraphs"][1] = "（2026年7月更新）"
    write_document(small_replica.server.site_dir, attachment)
    rewrite_notice(small_replica.server.site_dir, notice)
    result = refresh(refreshed, base)
    assert result.returncode == 0, result.stderr
    sent = {path: headers.get("If-None-Match") for path, headers in downloads(small_replica.server)}
    linked = [download_href(link) for link in notice["attachments"]]
    assert sent == {path: old[base + path]["etag"] for path in linked}
    assert len(sent) == 10
    [version] = manifest(refreshed)[url]["versions"]
    assert version["sha256"] == old[url]["sha256"]
    kept = (refreshed / "raw" / "files" / version["path"]).read_bytes()
    assert hashlib.sha256(kept).hexdigest() == old[url]["sha256"]
    record = change_log(refreshed)[-1]
    assert [f["filing_no"] for f in record["new_filings"]] == ["Zhejiang-XinZeng-202606010001"]
    assert [(u["url"], u["kept_as"]) for u in record["updated_attachments"]] == [
        (url, version["path"])
    ]


def test_changed_bytes_behind_an_unchanged_notice_are_found_by_recheck(
    small_replica, refreshed
) -> None:
    notice = NOTICES["ds-01"]
    attachment = copy.deepcopy(notice["attachments"][0])
    attachment["rows"] = attachment["rows"][:-1]
    write_document(small_replica.server.site_dir, attachment)
    quiet = refresh(refreshed, small_replica.base_url)
    assert quiet.returncode == 3
    assert download_count(small_replica.server) == 0
    small_replica.server.reset_log()
    result = refresh(refreshed, small_replica.base_url, "--recheck")
    assert result.returncode == 0, result.stderr
    sent = downloads(small_replica.server)
    assert len(sent) == 46
    assert all("If-None-Match" in headers for _, headers in sent)
    record = change_log(refreshed)[-1]
    assert [u["url"] for u in record["updated_attachments"]] == [
        url for url in manifest(refreshed) if token_prefix(attachment) in url
    ]
    dropped = notice["attachments"][0]["rows"][-1]["filing_no"]
    assert [f["filing_no"] for f in record["removed_filings"]] == [dropped]


def test_recheck_with_nothing_changed_gets_304s_and_writes_nothing(
    small_replica, refreshed
) -> None:
    before = snapshot(refreshed)
    result = refresh(refreshed, small_replica.base_url, "--recheck")
    assert result.returncode == 3, result.stderr
    assert download_count(small_replica.server) == 46
    list_pages_read = [small_replica.server.request_count(LIST_PAGE.format(n)) for n in range(1, 6)]
    assert list_pages_read == [1, 1, 1, 1, 0]
    assert snapshot(refreshed) == before


def test_a_refresh_while_another_holds_the_lock_exits_5_without_a_request(
    small_replica, refreshed
) -> None:
    with held_lock(DataPaths(refreshed).refresh_lock):
        result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 5
    assert "another run holds the lock" in result.stderr
    assert small_replica.server.request_log == []


def test_the_crawl_is_polite_by_default() -> None:
    assert settings.ROBOTSTXT_OBEY is True
    assert settings.USER_AGENT.startswith("cacfilings/")
    assert (settings.CONCURRENT_REQUESTS, settings.CONCURRENT_REQUESTS_PER_DOMAIN) == (1, 1)
    assert settings.AUTOTHROTTLE_ENABLED is True
    assert settings.DOWNLOAD_DELAY >= 1
    assert settings.REMOTE_CONTROL_ENABLED is False


def test_a_page_robots_txt_forbids_is_not_fetched_and_is_named(small_replica, refreshed) -> None:
    robots = small_replica.server.site_dir / "robots.txt"
    path = NOTICES["ds-05"]["path"]
    robots.write_text(f"User-agent: *\nDisallow: {path}\n", encoding="utf-8")
    result = refresh(refreshed, small_replica.base_url)
    assert small_replica.server.request_count(path) == 0
    assert result.returncode == 1
    assert f"page failed: {small_replica.base_url}{path}: Forbidden by robots.txt" in result.stderr
    agents = {headers.get("User-Agent") for _, _, headers in small_replica.server.request_log}
    assert agents == {settings.USER_AGENT}


def test_scrapy_crawl_with_refresh_on_close_is_a_whole_refresh(small_replica, refreshed) -> None:
    """How Scrapyd runs the spider: `scrapy crawl cac` with the project's settings module."""
    notice = new_batch(5)
    publish(small_replica.server.site_dir, small_replica.server, SEED, [notice])
    site = small_replica.base_url
    command = [sys.executable, "-m", "scrapy", "crawl", "cac", "-s", "CAC_REFRESH_ON_CLOSE=True"]
    command += ["-s", f"CAC_SITE={site}", "-s", f"CAC_FILING_SITE={site}"]
    command += ["-s", f"CAC_NOTICE_API={site}/api/notice/list", *FAST]
    env = {**os.environ, "CACFILINGS_DATA_DIR": str(refreshed)}
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "refresh: status=changed exit=0" in result.stderr
    added = [row["filing_no"] for row in notice["attachments"][0]["rows"]]
    assert [f["filing_no"] for f in change_log(refreshed)[-1]["new_filings"]] == added
    assert not (refreshed / ".refresh-pending.json").exists()
