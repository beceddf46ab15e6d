"""`cacfilings refresh` against the small replica over real HTTP: incremental and idempotent."""

import copy
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pandas as pd

from crawler import settings
from crawler.lock import held_lock
from crawler.paths import DataPaths
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

ROOT = Path(__file__).resolve().parent.parent
SEED = small_seed()
NOTICES = {notice["key"]: notice for notice in SEED["notices"]}
ATOM = "{http://www.w3.org/2005/Atom}"
FILINGS = [n for n in SEED["notices"] if n["family"] != "other"]


def table(data_dir):
    path = data_dir / "processed" / "filings.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def downloads(server) -> list[dict[str, str]]:
    """The headers of every attachment request the server saw."""
    return [headers for _, path, headers in server.request_log if path.startswith(DOWNLOAD_PATH)]


def status(result) -> dict[str, str]:
    """The key=value status line of a run."""
    line = next(line for line in result.stderr.splitlines() if " status=" in line)
    return dict(re.findall(r"(\w+)=(\S+)", line))


def test_first_refresh_stores_every_list_and_logs_it_as_one_change(first_refresh) -> None:
    result, data_dir = first_refresh.result, first_refresh.data_dir
    assert result.returncode == 0, result.stderr
    assert len(manifest(data_dir)) == 8
    assert sum(path.startswith(DOWNLOAD_PATH) for path in first_refresh.requests) == 7
    [record] = change_log(data_dir)
    assert record["initial"] is True
    listed = table(data_dir).query("list_type != 'cancellation'")
    assert len(record["new_filings"]) == listed["filing_no"].nunique() == 135
    assert {f"{b['list_type']} {b['batch']}" for b in record["new_batches"]} == {
        "deep_synthesis 2023-06",
        "deep_synthesis 2023-08",
        "deep_synthesis 2024-04",
        "deep_synthesis 2026-07",
        "genai_filed 2025-12",
        "genai_registered 2025-12",
        "algorithm 2024-02",
        "algorithm 2024-06",
        "cancellation 2026-05",
    }
    assert len(record["cancellations"]) == 5
    assert status(result)["status"] == "changed"


def test_first_refresh_writes_a_valid_atom_feed_with_an_entry_per_notice(first_refresh) -> None:
    path = first_refresh.data_dir / "changes.atom"
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0
    assert feed.version == "atom10"
    links = {entry.link for entry in feed.entries}
    base = _base(first_refresh.data_dir)
    assert links == {base + notice["path"] for notice in FILINGS}
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
    assert server.request_count(DOWNLOAD_PATH) == 0
    assert all(server.request_count(notice["path"]) == 1 for notice in FILINGS)
    assert server.request_count(LIST_PAGE.format(2)) == 0
    assert snapshot(refreshed) == before


def test_refresh_that_adds_a_batch_fetches_only_its_attachment(small_replica, refreshed) -> None:
    notice = new_batch(0)
    publish(small_replica.server.site_dir, small_replica.server, SEED, [notice])
    before = snapshot(refreshed / "raw" / "files")
    result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 0, result.stderr
    assert small_replica.server.request_count(DOWNLOAD_PATH) == 1
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
    assert [len(record["new_filings"]) for record in as_json] == [135, 3]


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
    attachment = notice["attachments"][0]
    old = manifest(refreshed)
    [url] = [u for u, e in old.items() if e["family"] == "genai"]
    added = {"seq": 46, "name": "新增大模型", "filing_no": "Zhejiang-XinZeng-20260301"}
    attachment["filed"] = [*attachment["filed"], {**attachment["filed"][-1], **added}]
    notice["paragraphs"][1] = "截至2026年3月，累计46款生成式人工智能服务完成备案。"
    write_document(small_replica.server.site_dir, attachment)
    rewrite_notice(small_replica.server.site_dir, notice)
    result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 0, result.stderr
    [headers] = downloads(small_replica.server)
    assert headers["If-None-Match"] == old[url]["etag"]
    [version] = manifest(refreshed)[url]["versions"]
    assert version["sha256"] == old[url]["sha256"]
    kept = (refreshed / "raw" / "files" / version["path"]).read_bytes()
    assert hashlib.sha256(kept).hexdigest() == old[url]["sha256"]
    record = change_log(refreshed)[-1]
    assert [f["filing_no"] for f in record["new_filings"]] == ["Zhejiang-XinZeng-20260301"]
    assert [(u["url"], u["kept_as"]) for u in record["updated_attachments"]] == [
        (url, version["path"])
    ]


def test_changed_bytes_behind_an_unchanged_notice_are_found_by_recheck(
    small_replica, refreshed
) -> None:
    notice = NOTICES["ds-05"]
    attachment = copy.deepcopy(notice["attachments"][0])
    attachment["rows"] = attachment["rows"][:-1]
    write_document(small_replica.server.site_dir, attachment)
    quiet = refresh(refreshed, small_replica.base_url)
    assert quiet.returncode == 3
    assert small_replica.server.request_count(DOWNLOAD_PATH) == 0
    small_replica.server.reset_log()
    result = refresh(refreshed, small_replica.base_url, "--recheck")
    assert result.returncode == 0, result.stderr
    sent = downloads(small_replica.server)
    assert len(sent) == 7
    assert all("If-None-Match" in headers for headers in sent)
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
    assert small_replica.server.request_count(DOWNLOAD_PATH) == 7
    assert small_replica.server.request_count(LIST_PAGE.format(2)) == 1
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
    command += ["-s", f"CAC_SITE={site}", "-s", f"CAC_NOTICE_API={site}/api/notice/list", *FAST]
    env = {**os.environ, "CACFILINGS_DATA_DIR": str(refreshed)}
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "refresh: status=changed exit=0" in result.stderr
    added = [row["filing_no"] for row in notice["attachments"][0]["rows"]]
    assert [f["filing_no"] for f in change_log(refreshed)[-1]["new_filings"]] == added
    assert not (refreshed / ".refresh-pending.json").exists()
