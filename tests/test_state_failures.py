"""The last run's failures are recorded for `validate`, and a failure a human acknowledged is
still listed but no longer makes the run exit 1."""

import contextlib
import errno
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crawler import refresh as refresh_module
from crawler import storage
from crawler.cli import main
from crawler.dataset import reconcile, validate
from crawler.paths import DataPaths
from crawler.refresh import Exit, RefreshOptions, refresh
from crawler.run import CrawlResult
from crawler.run_failures import acknowledged_path, failures_path, read_failures
from tests.state_helpers import QUIET_CRAWL, built_data, quiet_crawl
from tests.test_validate import NOTICE

DEAD = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath=dead&fText=z"
FAILURE = {"url": DEAD, "text": "清单", "reason": "HTTP 404", "notice_url": NOTICE}
RECORDED = {
    "stage": "download",
    "url": DEAD,
    "reason": "HTTP 404",
    "notice_url": NOTICE,
    "acknowledged": False,
}


@pytest.fixture
def built(tmp_path: Path) -> DataPaths:
    """A data directory with two stored attachments (14 rows), built once."""
    return built_data(tmp_path / "data")


@pytest.fixture
def reconciled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the small test table pass its checks and the reconciliation with the official
    figures (it is short of both), so that --strict answers for the failures alone."""
    monkeypatch.setattr(reconcile, "failed_reconciliation", lambda lines: False)
    monkeypatch.setattr(validate, "failed_checks", lambda report: 0)


def failing_crawl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make refresh's crawl find nothing new and fail to download DEAD (HTTP 404)."""
    stats = {**QUIET_CRAWL, "log_count/ERROR": 1, "cacfilings/attachments_failed": 1}
    crawl = CrawlResult(stats, [FAILURE])
    monkeypatch.setattr(refresh_module, "run_crawl", lambda *a, **k: crawl)


def cli(paths: DataPaths, *args: str) -> Any:
    return CliRunner().invoke(main, ["--data-dir", str(paths.root), *args])


def test_a_failed_download_is_recorded_and_fails_the_run(built, monkeypatch) -> None:
    failing_crawl(monkeypatch)
    outcome = refresh(built, RefreshOptions())
    assert outcome.exit_code == Exit.PARTIAL
    assert read_failures(built) == [RECORDED]


def test_validate_lists_the_last_runs_failures_and_strict_fails_on_them(
    built, monkeypatch, reconciled
) -> None:
    failing_crawl(monkeypatch)
    refresh(built, RefreshOptions())
    result = cli(built, "validate", "--strict")
    assert result.exit_code == 1
    assert f"download failed: {DEAD}: HTTP 404\n" in result.output
    document = json.loads(cli(built, "validate", "--format", "json").output)
    assert document["failed"] == [RECORDED]


def test_a_run_without_failures_clears_the_record(built, monkeypatch, reconciled) -> None:
    failing_crawl(monkeypatch)
    refresh(built, RefreshOptions())
    quiet_crawl(monkeypatch)
    assert refresh(built, RefreshOptions()).exit_code == Exit.NO_CHANGES
    assert read_failures(built) == []
    assert cli(built, "validate", "--strict").exit_code == 0


def test_a_run_without_failures_writes_no_failure_record(built, monkeypatch) -> None:
    quiet_crawl(monkeypatch)
    refresh(built, RefreshOptions())
    assert not failures_path(built).exists()


def test_an_acknowledged_failure_is_listed_but_no_longer_fails_the_run(
    built, monkeypatch, reconciled
) -> None:
    result = cli(built, "acknowledge", DEAD)
    assert result.exit_code == 0
    assert result.output == f"acknowledged: {DEAD}\n(listed in {acknowledged_path(built)})\n"
    assert acknowledged_path(built).read_text(encoding="utf-8") == DEAD + "\n"
    failing_crawl(monkeypatch)
    outcome = refresh(built, RefreshOptions())
    assert outcome.exit_code == Exit.NO_CHANGES
    assert read_failures(built) == [{**RECORDED, "acknowledged": True}]
    validated = cli(built, "validate", "--strict")
    assert validated.exit_code == 0, validated.output
    assert f"download failed (acknowledged): {DEAD}: HTTP 404\n" in validated.output


def test_acknowledging_twice_lists_the_url_once(built) -> None:
    cli(built, "acknowledge", DEAD)
    result = cli(built, "acknowledge", DEAD)
    assert result.output.startswith(f"already acknowledged: {DEAD}\n")
    assert acknowledged_path(built).read_text(encoding="utf-8") == DEAD + "\n"


def test_an_acknowledged_failure_is_still_named_by_the_refresh_command(built, monkeypatch) -> None:
    acknowledged_path(built).write_text(f"# dead since 2026-07\n{DEAD}  # 404\n", encoding="utf-8")
    failing_crawl(monkeypatch)
    result = cli(built, "refresh")
    assert result.exit_code == Exit.NO_CHANGES
    assert f"download failed (acknowledged): 清单 <{DEAD}>: HTTP 404\n" in result.output


def test_another_error_still_fails_a_run_whose_failures_are_acknowledged(
    built, monkeypatch
) -> None:
    acknowledged_path(built).write_text(DEAD + "\n", encoding="utf-8")
    failing_crawl(monkeypatch)
    refresh_module.run_crawl().stats["log_count/ERROR"] = 2
    assert refresh(built, RefreshOptions()).exit_code == Exit.PARTIAL


def test_strict_validate_fails_on_an_empty_table(tmp_path: Path, reconciled) -> None:
    paths = DataPaths(tmp_path / "data")
    result = cli(paths, "validate", "--strict")
    assert result.exit_code == 1
    assert result.output.startswith("(empty table)\n")


def disk_full_crawl(monkeypatch: pytest.MonkeyPatch, paths: DataPaths) -> None:
    """A crawl that stores an attachment, then cannot write the manifest (ENOSPC), as the
    manifest pipeline does when the disk fills: the error is logged, not raised."""

    def crawl(*args: object, **kwargs: object) -> CrawlResult:
        monkeypatch.setattr(storage, "_write_atomic", disk_full)
        for path in (paths.files / "full" / "new.pdf", paths.manifest):
            with contextlib.suppress(OSError):
                storage.write_json_atomic(path, {})
        monkeypatch.undo()
        stats = {**QUIET_CRAWL, "log_count/ERROR": 1, "cacfilings/attachments_new": 1}
        return CrawlResult(stats)

    monkeypatch.setattr(refresh_module, "run_crawl", crawl)


def disk_full(path: Path, writer: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_state_file_lost_to_a_full_disk_is_named_and_fails_the_run(built, monkeypatch) -> None:
    disk_full_crawl(monkeypatch, built)
    result = cli(built, "refresh")
    assert result.exit_code == Exit.PARTIAL
    lost = f"{built.manifest}: could not be written: [Errno 28] No space left on device"
    assert f"write failed: {lost}\n" in result.output
    assert "attachments_failed=0 writes_failed=1 " in result.output
    assert read_failures(built)[-1] == {
        "stage": "write",
        "url": str(built.manifest),
        "reason": "could not be written: [Errno 28] No space left on device",
        "acknowledged": False,
    }
    assert len(read_failures(built)) == 1
