"""Corrupt state files never make every later run fail: derived files are rebuilt, the manifest
is restored from its backup, a damaged change log keeps its other records, and a damaged index
is rebuilt by the next refresh."""

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.changes import CHANGE_KINDS, append_change, read_changes
from crawler.cli import main
from crawler.paths import DataPaths
from crawler.refresh import Exit, RefreshOptions, refresh
from crawler.state import index_damaged, out_of_step
from crawler.storage import backup_path, read_json, write_json_atomic
from crawler.table import read_manifest, read_table
from index.generations import current_dir
from index.search import find
from tests.state_helpers import built_data, quiet_crawl

TRUNCATED = '{"https://www.cac.gov.cn/a": {"url": '
RECORD = {
    "id": "2026-07-18T06:30:00+00:00",
    "run": "2026-07-18T06:30:00+00:00",
    "site": "",
    "notices": {},
    **{kind: [] for kind in CHANGE_KINDS},
}


@pytest.fixture
def built(tmp_path: Path) -> DataPaths:
    """A data directory with two stored attachments (14 rows), built once."""
    return built_data(tmp_path / "data")


def test_the_manifest_keeps_its_previous_content_as_a_backup(tmp_path: Path) -> None:
    manifest = tmp_path / "raw" / "manifest.json"
    write_json_atomic(manifest, {"a": {"sha256": "1"}})
    assert not backup_path(manifest).exists()
    write_json_atomic(manifest, {"b": {"sha256": "2"}})
    assert json.loads(backup_path(manifest).read_text(encoding="utf-8")) == {"a": {"sha256": "1"}}


@pytest.mark.parametrize("damage", [TRUNCATED, "[]", "", "\x00\x00"])
def test_a_corrupt_manifest_is_restored_from_its_backup(tmp_path: Path, damage, caplog) -> None:
    manifest = tmp_path / "manifest.json"
    write_json_atomic(manifest, {"a": {"sha256": "1"}})
    write_json_atomic(manifest, {"a": {"sha256": "1"}})
    manifest.write_text(damage, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert read_json(manifest, {}) == {"a": {"sha256": "1"}}
    assert f"{manifest} is corrupt; restored it from {backup_path(manifest)}" in caplog.text
    assert json.loads(manifest.read_text(encoding="utf-8")) == {"a": {"sha256": "1"}}


@pytest.mark.parametrize("name", ["notices.json", ".refresh-state.json", "validation.json"])
def test_a_corrupt_derived_state_file_reads_as_its_default(tmp_path: Path, name) -> None:
    path = tmp_path / name
    path.write_text(TRUNCATED, encoding="utf-8")
    assert read_json(path, {}) == {}
    path.write_text("[]", encoding="utf-8")
    assert read_json(path, {}) == {}


def test_build_uses_the_manifest_backup_when_the_manifest_is_truncated(built) -> None:
    write_json_atomic(built.manifest, read_manifest(built))
    built.manifest.write_text(TRUNCATED, encoding="utf-8")
    result = CliRunner().invoke(main, ["--data-dir", str(built.root), "build"])
    assert result.exit_code == 0, result.output
    assert "Table: 14 rows" in result.output
    assert len(read_manifest(built)) == 2


@pytest.mark.parametrize("name", [".refresh-state.json", ".refresh-pending.json"])
@pytest.mark.parametrize("damage", [TRUNCATED, "[]", '{"run": 1}'])
def test_refresh_survives_a_corrupt_refresh_state_or_journal(
    built, monkeypatch, name, damage
) -> None:
    quiet_crawl(monkeypatch)
    refresh(built, RefreshOptions())
    (built.root / name).write_text(damage, encoding="utf-8")
    outcome = refresh(built, RefreshOptions())
    assert outcome.rebuilt
    assert outcome.exit_code == Exit.NO_CHANGES
    assert not built.refresh_journal.exists()
    assert read_json(built.refresh_state, {})["attachments"].keys() == read_manifest(built).keys()


def test_one_bad_line_of_the_change_log_loses_only_that_line(tmp_path: Path) -> None:
    log = tmp_path / "changes.jsonl"
    first = {**RECORD, "new_filings": [{"filing_no": "1"}]}
    log.write_text(json.dumps(first) + "\n" + '{"id": "2026-07-19T06:30:00+00:00", "ru\n')
    assert read_changes(log) == [first]
    second = {**RECORD, "id": "2026-07-20T06:30:00+00:00", "run": "2026-07-20T06:30:00+00:00"}
    append_change(log, second)
    assert read_changes(log) == [first, second]
    assert log.read_text().splitlines()[1] == '{"id": "2026-07-19T06:30:00+00:00", "ru'


def test_the_changes_command_reads_a_damaged_log(built) -> None:
    built.changes_log.write_text(json.dumps(RECORD) + "\nnot json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--data-dir", str(built.root), "changes"])
    assert result.exit_code == 0, result.output
    assert result.output == "2026-07-18T06:30:00+00:00  \n\n"


@pytest.mark.parametrize("damage", [b"\xff\xfe\x00garbage", b"", b"\xef\xbb\xbflist_type\n"])
def test_a_corrupt_table_is_rebuilt_by_the_next_refresh(built, monkeypatch, damage) -> None:
    quiet_crawl(monkeypatch)
    refresh(built, RefreshOptions())
    built.table_csv.write_bytes(damage)
    assert len(read_table(built)) == 14  # the Parquet copy stands in meanwhile
    outcome = refresh(built, RefreshOptions())
    assert outcome.rebuilt
    assert outcome.exit_code == Exit.NO_CHANGES
    assert len(read_table(built)) == 14
    assert out_of_step(built, read_manifest(built)) is None


@pytest.mark.parametrize("damage", ["", "gen-0000", "../../etc\n", "\x00"])
def test_a_corrupt_current_pointer_is_repaired_by_the_next_refresh(
    built, monkeypatch, damage
) -> None:
    quiet_crawl(monkeypatch)
    refresh(built, RefreshOptions())
    (built.index / "CURRENT").write_text(damage, encoding="utf-8")
    outcome = refresh(built, RefreshOptions())
    assert outcome.rebuilt
    assert out_of_step(built, read_manifest(built)) is None
    assert find(built.index, "公司").total == 14


def test_a_truncated_index_segment_is_rebuilt_by_the_next_refresh(built, monkeypatch) -> None:
    quiet_crawl(monkeypatch)
    refresh(built, RefreshOptions())
    live = current_dir(built.index)
    segment = max((p for p in live.iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size)
    segment.write_bytes(segment.read_bytes()[:100])
    assert index_damaged(built)
    outcome = refresh(built, RefreshOptions())
    assert outcome.rebuilt
    assert not index_damaged(built)
    assert current_dir(built.index) != live
    assert find(built.index, "公司").total == 14


def test_refresh_with_corrupt_notice_fingerprints_rebuilds_nothing(built, monkeypatch) -> None:
    quiet_crawl(monkeypatch)
    refresh(built, RefreshOptions())
    DataPaths(built.root).notice_state.write_text(TRUNCATED, encoding="utf-8")
    outcome = refresh(built, RefreshOptions())
    assert outcome.exit_code == Exit.NO_CHANGES
    assert not outcome.rebuilt
