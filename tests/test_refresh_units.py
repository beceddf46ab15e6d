"""The refresh's pieces in memory: lock, change records, Atom feed, failure reasons, back-off."""

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import feedparser
import pandas as pd
import pytest
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost
from twisted.python.failure import Failure

from crawler.changes import append_change, diff, has_changes, read_changes, summarize
from crawler.failures import explain
from crawler.feed import build_feed
from crawler.lock import LockHeld, held_lock
from crawler.middlewares import BackoffRetryMiddleware
from crawler.refresh import Exit, manifest_digest

ATOM = "{http://www.w3.org/2005/Atom}"
NOTICE = "https://www.cac.gov.cn/2026-07/17/c_1786032856662750.htm"
CANCEL = "https://www.cac.gov.cn/2026-05/06/c_1778035818138258.htm"


def row(list_type: str, batch: str, filing_no: str, name: str, notice: str = NOTICE) -> dict:
    return {
        "list_type": list_type,
        "batch": batch,
        "filing_no": filing_no,
        "name": name,
        "company": f"{name}公司",
        "notice_url": notice,
        "attachment_url": f"{notice}#{batch}",
    }


BEFORE = pd.DataFrame(
    [
        row("deep_synthesis", "2026-05", "网信算备110108000000001260001号", "甲"),
        row("deep_synthesis", "2026-05", "网信算备110108000000001260002号", "乙"),
    ]
)
AFTER = pd.DataFrame(
    [
        row("deep_synthesis", "2026-05", "网信算备110108000000001260001号", "甲"),
        row("deep_synthesis", "2026-07", "网信算备110108000000001260003号", "丙"),
        row("cancellation", "2026-05", "网信算备110108000000001260001号", "甲", CANCEL),
    ]
)
MANIFEST = {
    f"{NOTICE}#2026-07": {"notice_url": NOTICE, "notice_title": "第十八批", "sha256": "b"},
    f"{NOTICE}#2026-05": {"notice_url": NOTICE, "notice_title": "第十八批", "sha256": "c"},
}


def test_a_second_holder_of_the_lock_is_refused_until_the_first_lets_go(tmp_path) -> None:
    path = tmp_path / ".refresh.lock"
    with (
        held_lock(path),
        pytest.raises(LockHeld, match="another run holds the lock"),
        held_lock(path),
    ):
        pass
    with held_lock(path):
        assert path.read_bytes() == b""


def test_a_lock_left_by_a_killed_process_is_free(tmp_path) -> None:
    path = tmp_path / ".refresh.lock"
    code = (
        "import os, pathlib\nfrom crawler.lock import held_lock\n"
        f"with held_lock(pathlib.Path({str(path)!r})):\n    os.kill(os.getpid(), 9)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == -9
    with held_lock(path):
        assert path.exists()


def test_diff_names_new_batches_filings_removals_and_cancellations() -> None:
    baseline = summarize(BEFORE, {f"{NOTICE}#2026-05": "a"})
    record = diff(baseline, AFTER, MANIFEST)
    assert record["initial"] is False
    assert [(b["list_type"], b["batch"], b["rows"]) for b in record["new_batches"]] == [
        ("cancellation", "2026-05", 1),
        ("deep_synthesis", "2026-07", 1),
    ]
    assert [f["filing_no"] for f in record["new_filings"]] == ["网信算备110108000000001260003号"]
    assert [f["name"] for f in record["removed_filings"]] == ["乙"]
    assert [c["filing_no"] for c in record["cancellations"]] == ["网信算备110108000000001260001号"]
    assert [a["url"] for a in record["new_attachments"]] == [f"{NOTICE}#2026-07"]
    [updated] = record["updated_attachments"]
    assert (updated["old_sha256"], updated["new_sha256"]) == ("a", "c")
    assert record["notices"] == {CANCEL: "", NOTICE: "第十八批"}


def test_a_table_compared_with_itself_has_no_changes() -> None:
    attachments = {url: entry["sha256"] for url, entry in MANIFEST.items()}
    assert not has_changes(diff(summarize(AFTER, attachments), AFTER, MANIFEST))


def test_the_change_log_keeps_one_record_per_run_id(tmp_path) -> None:
    log = tmp_path / "changes.jsonl"
    append_change(log, {"id": "a", "run": "2026-07-18T06:00:00+00:00"})
    append_change(log, {"id": "b", "run": "2026-07-19T06:00:00+00:00", "x": 1})
    append_change(log, {"id": "b", "run": "2026-07-19T06:00:00+00:00", "x": 2})
    assert [(r["id"], r.get("x")) for r in read_changes(log)] == [("a", None), ("b", 2)]
    since = pd.Timestamp("2026-07-19", tz="UTC").to_pydatetime()
    assert [r["id"] for r in read_changes(log, since)] == ["b"]
    assert all(json.loads(line) for line in log.read_text().splitlines())


def test_the_feed_is_atom_with_one_entry_per_changed_notice() -> None:
    record = diff(summarize(BEFORE, {}), AFTER, MANIFEST)
    record.update(id="2026-07-18T06:00:00+00:00", run="2026-07-18T06:00:00+00:00", site="s")
    feed = build_feed([record], "https://example.org/changes.atom")
    parsed = feedparser.parse(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
    assert parsed.bozo == 0
    assert parsed.version == "atom10"
    assert [entry.link for entry in parsed.entries] == [CANCEL, NOTICE]
    assert parsed.entries[1].title.startswith("第十八批: new batch deep_synthesis 2026-07")
    assert "网信算备110108000000001260003号 — 丙 — 丙公司" in parsed.entries[1].content[0].value
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/changes.atom"
    assert len({entry.id for entry in parsed.entries}) == 2


def test_failure_reasons_say_what_happened_and_which_are_blocks() -> None:
    forbidden = Response("https://www.cac.gov.cn/x.htm", status=403)
    assert explain(Failure(HttpError(forbidden))) == explain(HttpError(forbidden))
    assert (explain(HttpError(forbidden)).reason, explain(HttpError(forbidden)).blocked) == (
        "HTTP 403",
        True,
    )
    assert explain(Failure(ConnectionLost())).blocked is True
    assert explain(DownloadTimeoutError("slow")).reason == "timed out"
    assert explain(DownloadTimeoutError("slow")).blocked is False


def test_retries_back_off_exponentially_up_to_a_cap() -> None:
    settings = Settings({"RETRY_BACKOFF_BASE": 5, "RETRY_BACKOFF_MAX": 30, "RETRY_ENABLED": True})
    middleware = BackoffRetryMiddleware(settings)
    assert [middleware.backoff(n) for n in (1, 2, 3, 4, 5)] == [5, 10, 20, 30, 30]


def test_exit_statuses_are_the_documented_numbers() -> None:
    assert {code.name: int(code) for code in Exit} == {
        "CHANGED": 0,
        "PARTIAL": 1,
        "USAGE": 2,
        "NO_CHANGES": 3,
        "FATAL": 4,
        "LOCKED": 5,
    }


def test_the_manifest_digest_ignores_key_order() -> None:
    assert manifest_digest({"a": 1, "b": {"c": 2, "d": 3}}) == manifest_digest(
        {"b": {"d": 3, "c": 2}, "a": 1}
    )
