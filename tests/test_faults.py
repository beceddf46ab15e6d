"""Faults at the level of the site and the run: blocks, an unreachable site, a changed notice
layout, a corrupt replacement for a stored list, a run killed mid-download or mid-publish.

In every case nothing already stored is lost or half-written, and the next run recovers alone.
"""

import copy
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from crawler.paths import DataPaths
from crawler.rebuild import rebuild
from crawler.refresh import begin_journal
from replica.site import DOWNLOAD_PATH
from replica.updates import new_batch, publish, rewrite_notice
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

SEED = small_seed()
NOTICES = {notice["key"]: notice for notice in SEED["notices"]}
NOTICE_PREFIX = "/20"  # every notice page path starts with its year
SCRIPT_ONLY_PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>\xe4\xb8\xad\xe5\x9b\xbd"
    b"\xe7\xbd\x91\xe4\xbf\xa1\xe7\xbd\x91</title></head><body><div id='app'></div>"
    b"<script src='/static/app.js'></script></body></html>"
)


@pytest.mark.parametrize(
    ("fault", "params", "reason"),
    [
        ("challenge", {}, "web-firewall challenge page (HTTP 200)"),
        ("status", {"status": 403}, "HTTP 403"),
        ("reset", {}, "connection reset by the server"),
    ],
)
def test_a_site_that_blocks_notice_pages_is_fatal_never_no_news(
    small_replica, refreshed, fault, params, reason
) -> None:
    before = snapshot(refreshed)
    small_replica.server.inject(NOTICE_PREFIX, fault, **params)
    result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 4, result.stderr
    assert "refresh: FATAL: BLOCKED: the site refused" in result.stderr
    assert "no new batches" not in result.stderr
    blocked = [line for line in result.stderr.splitlines() if line.startswith("blocked: ")]
    assert blocked
    assert all(line.endswith(reason) for line in blocked)
    assert snapshot(refreshed) == before


def test_a_blocked_crawl_stops_soon_and_the_next_run_recovers(small_replica, refreshed) -> None:
    small_replica.server.inject(NOTICE_PREFIX, "challenge")
    result = refresh(refreshed, small_replica.base_url, "-s", "DOWNLOAD_DELAY=0.3")
    assert result.returncode == 4
    asked = small_replica.server.request_count(NOTICE_PREFIX)
    blocked = [line for line in result.stderr.splitlines() if line.startswith("blocked: ")]
    # The third block stops the crawl; the next request may already be in the downloader.
    assert len(blocked) == asked in (3, 4)
    assert small_replica.server.request_count(DOWNLOAD_PATH) == 0
    small_replica.server.clear_faults()
    after = refresh(refreshed, small_replica.base_url)
    assert after.returncode == 3, after.stderr
    assert "refresh: no new batches" in after.stderr


def test_an_unreachable_site_is_fatal_and_changes_nothing(refreshed) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    before = snapshot(refreshed)
    result = refresh(refreshed, closed, "-s", "RETRY_TIMES=0")
    assert result.returncode == 4
    assert "refresh: FATAL: site unreachable: no notice page could be read" in result.stderr
    assert "connection refused (site unreachable)" in result.stderr
    assert "no new batches" not in result.stderr
    assert snapshot(refreshed) == before


def test_a_notice_page_whose_layout_changed_is_named_and_its_data_kept(
    small_replica, refreshed
) -> None:
    notice = NOTICES["algorithm"]
    before = snapshot(refreshed)
    small_replica.server.inject(notice["path"], "body", body=SCRIPT_ONLY_PAGE)
    result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 1, result.stderr
    url = small_replica.base_url + notice["path"]
    assert f"notice changed: {url}: layout not recognised (title '中国网信网'" in result.stderr
    after = snapshot(refreshed)
    after.pop("processed/failures.json")
    assert after == before
    recorded = json.loads((refreshed / "processed" / "failures.json").read_text(encoding="utf-8"))
    assert [(failure["stage"], failure["url"]) for failure in recorded] == [("notice", url)]
    small_replica.server.clear_faults()
    assert refresh(refreshed, small_replica.base_url).returncode == 3
    assert json.loads((refreshed / "processed" / "failures.json").read_text()) == []


def test_a_corrupt_replacement_of_a_stored_pdf_is_refused_and_the_pdf_kept(
    small_replica, refreshed
) -> None:
    notice = copy.deepcopy(NOTICES["genai"])
    notice["paragraphs"][1] = "截至2026年3月，累计46款生成式人工智能服务完成备案。"
    rewrite_notice(small_replica.server.site_dir, notice)
    prefix = token_prefix(notice["attachments"][0])
    small_replica.server.inject(prefix, "body", body=b"%PDF-1.7\ncut short\n%%EOF\n")
    files, stored = snapshot(refreshed / "raw"), manifest(refreshed)
    result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 1, result.stderr
    assert f"download failed: {notice['attachments'][0]['text']} <" in result.stderr
    assert "not a readable filing list" in result.stderr
    assert snapshot(refreshed / "raw") == files
    assert manifest(refreshed) == stored
    small_replica.server.clear_faults()
    small_replica.server.reset_log()
    after = refresh(refreshed, small_replica.base_url)
    assert after.returncode == 3, after.stderr
    assert small_replica.server.request_count(prefix) == 1  # asked again, answered 304


def test_a_refresh_killed_while_downloading_loses_nothing_and_the_next_run_recovers(
    small_replica, refreshed
) -> None:
    notice = new_batch(3)
    publish(small_replica.server.site_dir, small_replica.server, SEED, [notice])
    prefix = token_prefix(notice["attachments"][0])
    small_replica.server.inject(prefix, "slow", delay=30, times=1)
    before = snapshot(refreshed)
    run = start_refresh(refreshed, small_replica.base_url, "-s", "DOWNLOAD_TIMEOUT=60")
    wait_for(lambda: small_replica.server.request_count(prefix) == 1, run)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    assert {path: state for path, state in snapshot(refreshed).items() if path in before} == before
    result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 0, result.stderr
    added = {row["filing_no"] for row in notice["attachments"][0]["rows"]}
    assert {f["filing_no"] for f in change_log(refreshed)[-1]["new_filings"]} == added
    assert not [path for path in snapshot(refreshed) if path.endswith(".tmp")]


def test_a_run_killed_after_its_rebuild_still_logs_its_changes(small_replica, refreshed) -> None:
    notice = new_batch(4)
    publish(small_replica.server.site_dir, small_replica.server, SEED, [notice])
    assert cli(refreshed, "crawl", "--site", small_replica.base_url, "--no-build").returncode == 0
    paths = DataPaths(refreshed)
    begin_journal(paths, small_replica.base_url)
    rebuild(paths)  # ... and the run dies here, before logging the change
    result = refresh(refreshed, small_replica.base_url)
    assert result.returncode == 0, result.stderr
    assert "Finishing the rebuild of an interrupted run" in result.stderr
    added = {row["filing_no"] for row in notice["attachments"][0]["rows"]}
    assert {f["filing_no"] for f in change_log(refreshed)[-1]["new_filings"]} == added
    assert not paths.refresh_journal.exists()


def start_refresh(data_dir, site: str, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "crawler.cli", "--data-dir", str(data_dir), "refresh"]
    command += ["--site", site, *FAST, *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(condition, run: subprocess.Popen, timeout: float = 60) -> None:
    """Poll until `condition()` holds; fail if the run ends first or it takes too long."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert run.poll() is None, "the refresh ended before the condition held"
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)
