"""A build never replaces a table with an empty one, takes the writers' lock, and records the
generation that ties table, manifest and index together; a refresh repairs them when apart."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crawler import rebuild as rebuild_module
from crawler.cli import main
from crawler.lock import held_lock
from crawler.paths import DataPaths
from crawler.rebuild import rebuild
from crawler.refresh import Exit, RefreshOptions, needs_rebuild, refresh
from crawler.state import manifest_digest, out_of_step, read_generation, state_path
from crawler.storage import write_json_atomic
from crawler.table import read_manifest, read_table
from index.generations import current_name
from index.search import find
from tests.state_helpers import built_data, quiet_crawl
from tests.test_validate import OTHER, store

THIRD_NOTICE = "https://www.cac.gov.cn/2024-09/12/c_1727990000000000.htm"
THIRD = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath=ghi&fText=w"


@pytest.fixture
def built(tmp_path: Path) -> DataPaths:
    """A data directory with two stored attachments (14 rows), built once."""
    return built_data(tmp_path / "data")


def build(paths: DataPaths, *args: str) -> Any:
    return CliRunner().invoke(main, ["--data-dir", str(paths.root), "build", *args])


def derived(paths: DataPaths) -> tuple[bytes, str | None]:
    return paths.table_csv.read_bytes(), current_name(paths.index)


@pytest.mark.parametrize("manifest", ["{}", None])
def test_build_refuses_to_replace_the_table_with_an_empty_one(built, manifest) -> None:
    before = derived(built)
    if manifest is None:
        built.manifest.unlink()
    else:
        built.manifest.write_text(manifest, encoding="utf-8")
    result = build(built)
    assert result.exit_code == 1
    assert result.output == (
        "build: refused to replace the stored table of 14 rows with an empty one: "
        f"{built.manifest} lists no readable attachment; table and index are kept\n"
    )
    assert derived(built) == before


def test_build_into_an_empty_data_directory_may_write_an_empty_table(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    result = build(paths)
    assert result.exit_code == 0, result.output
    assert "Table: 0 rows" in result.output
    assert read_generation(paths)["rows"] == 0


def test_build_exits_5_while_another_writer_holds_the_lock(built) -> None:
    before = derived(built)
    with held_lock(built.refresh_lock):
        result = build(built)
    assert result.exit_code == Exit.LOCKED == 5
    assert result.output == (
        f"build: not started: another run holds the lock {built.refresh_lock} "
        f"(see it with `fuser {built.refresh_lock}`)\n"
    )
    assert derived(built) == before


def test_a_build_records_the_generation_of_table_manifest_and_index(built) -> None:
    record = json.loads(state_path(built).read_text(encoding="utf-8"))
    assert set(record) == {
        "table_sha256",
        "manifest_sha256",
        "index_generation",
        "index_files",
        "rows",
    }
    live = built.index / record["index_generation"]
    assert record["index_files"]["rows.parquet"] == (live / "rows.parquet").stat().st_size
    assert record["rows"] == 14
    assert record["index_generation"] == current_name(built.index)
    assert record["manifest_sha256"] == manifest_digest(read_manifest(built))
    assert out_of_step(built, read_manifest(built)) is None


def test_a_table_written_without_its_index_is_out_of_step(built) -> None:
    table = read_table(built)
    table.head(3).to_csv(built.table_csv, index=False, encoding="utf-8-sig")
    assert out_of_step(built, read_manifest(built)) == "the table changed"


def test_an_index_from_another_build_is_out_of_step(built) -> None:
    (built.index / "CURRENT").write_text("gen-999999-deadbeef\n", encoding="utf-8")
    assert out_of_step(built, read_manifest(built)) == "the index changed"


def test_a_table_built_from_another_manifest_is_out_of_step(built) -> None:
    manifest = read_manifest(built)
    del manifest[OTHER]
    write_json_atomic(built.manifest, manifest)
    assert out_of_step(built, read_manifest(built)) == "the manifest changed"


def test_a_missing_generation_record_is_out_of_step(built) -> None:
    state_path(built).unlink()
    assert out_of_step(built, read_manifest(built)) == "no generation record for the table"


def test_refresh_repairs_a_wiped_table_although_its_crawl_found_nothing_new(
    built, monkeypatch
) -> None:
    quiet_crawl(monkeypatch)
    first = refresh(built, RefreshOptions())
    assert first.rebuilt
    assert needs_rebuild(built) is False
    read_table(built).head(0).to_csv(built.table_csv, index=False, encoding="utf-8-sig")
    assert needs_rebuild(built) is True
    outcome = refresh(built, RefreshOptions())
    assert outcome.rebuilt
    assert len(read_table(built)) == 14
    assert outcome.rows == {"deep_synthesis": 14}
    assert out_of_step(built, read_manifest(built)) is None


def test_refresh_names_an_empty_rebuild_and_keeps_the_table(built, monkeypatch) -> None:
    quiet_crawl(monkeypatch)
    before = derived(built)
    write_json_atomic(built.manifest, {})
    outcome = refresh(built, RefreshOptions())
    assert outcome.exit_code == Exit.PARTIAL
    assert outcome.parse_errors == [
        {
            "url": str(built.manifest),
            "reason": "refused to replace the stored table of 14 rows with an empty one: "
            f"{built.manifest} lists no readable attachment; table and index are kept",
        }
    ]
    assert derived(built) == before


def test_a_build_killed_between_table_and_index_is_repaired_by_the_next_refresh(
    built, monkeypatch
) -> None:
    store(built, THIRD, 3, THIRD_NOTICE, "2024-09", 3)

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(rebuild_module, "sync_index", killed)
    with pytest.raises(KeyboardInterrupt):
        rebuild(built)
    monkeypatch.undo()
    assert len(read_table(built)) == 17
    assert out_of_step(built, read_manifest(built)) == "the table changed"
    assert find(built.index, "公司").total == 14
    quiet_crawl(monkeypatch)
    outcome = refresh(built, RefreshOptions())
    assert outcome.rebuilt
    assert out_of_step(built, read_manifest(built)) is None
    assert find(built.index, "公司").total == 17
