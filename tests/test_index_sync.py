"""Syncing the index with a rebuilt table: only the rows that changed are written, and the
result searches exactly like a full build of the same table."""

import itertools
from pathlib import Path

import pandas as pd
import pytest

from crawler.constants import TABLE_COLUMNS
from index import build as build_module
from index.build import (
    IndexOutdatedError,
    SyncResult,
    build_index,
    index_version,
    open_index,
    sync_index,
    update_index,
)
from index.generations import current_dir
from index.rows import read_rows
from index.search import find
from tests.test_index import make_table
from tests.test_index_update import attachment_rows, names

OLD_SHA, NEW_SHA = "ab" * 32, "cd" * 32
ATTACHMENT_ROWS = [(f"旧数字人算法{n}", f"旧公司{n}") for n in range(1, 15)]
QUERIES = [
    "",
    "数字人",
    "新数字人",
    "百度",
    "status:cancelled",
    "status:active 算法",
    "type:deep_synthesis",
    "filing_no:网信算备110108",
    "year:2023",
    "company:公司3",
]


def base_table() -> pd.DataFrame:
    """Six literal rows and a 14-row attachment, all active, as the enriched table has them."""
    old = attachment_rows(OLD_SHA, *ATTACHMENT_ROWS).assign(batch="2026-08")
    table = pd.concat([make_table(), old], ignore_index=True)
    return table.assign(status="active", filing_year="2023")


def with_new_batch(table: pd.DataFrame) -> pd.DataFrame:
    """`table` and a new attachment of two rows."""
    new = attachment_rows(NEW_SHA, ("新数字人算法甲", "新公司甲"), ("新数字人算法乙", "新公司乙"))
    new = new.assign(status="active", filing_year="2026", attachment_url="https://x/new")
    return pd.concat([table, new], ignore_index=True)


def cancelled(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """`table` with the row named `name` marked cancelled (a derived column changes)."""
    hit = table["name"] == name
    return table.assign(status=table["status"].mask(hit, "cancelled"))


@pytest.fixture
def ix_dir(tmp_path: Path) -> Path:
    path = tmp_path / "index"
    build_index(base_table(), path)
    return path


def assert_same_as_full_build(ix_dir: Path, table: pd.DataFrame, tmp_path: Path) -> None:
    """The synced index has the rows and answers of a full build of `table`."""
    full = tmp_path / "full"
    build_index(table, full)
    stored, expected = read_rows(current_dir(ix_dir)), read_rows(current_dir(full))
    pd.testing.assert_frame_equal(stored, expected, check_exact=True)
    for query, sort in itertools.product(QUERIES, ("relevance", "date")):
        synced, built = find(ix_dir, query, sort=sort), find(full, query, sort=sort)
        pd.testing.assert_frame_equal(synced.rows, built.rows, check_exact=True, obj=query)
        assert (synced.total, synced.facets) == (built.total, built.facets), query


def test_a_new_attachment_adds_exactly_its_rows(ix_dir, tmp_path) -> None:
    table = with_new_batch(base_table())
    assert sync_index(table, ix_dir) == SyncResult(added=2, replaced=0, deleted=0, rebuilt=False)
    assert names(ix_dir, "新数字人") == ["新数字人算法甲", "新数字人算法乙"]
    assert find(ix_dir, "").total == 22
    assert_same_as_full_build(ix_dir, table, tmp_path)


def test_a_cancellation_replaces_exactly_the_changed_row(ix_dir, tmp_path) -> None:
    assert names(ix_dir, "status:cancelled") == []
    table = cancelled(base_table(), "语音合成算法")
    assert sync_index(table, ix_dir) == SyncResult(added=0, replaced=1, deleted=0, rebuilt=False)
    assert names(ix_dir, "status:cancelled") == ["语音合成算法"]
    assert find(ix_dir, "").total == 20
    assert_same_as_full_build(ix_dir, table, tmp_path)


def test_rows_of_a_removed_attachment_are_deleted(tmp_path) -> None:
    ix_dir, table = tmp_path / "index", with_new_batch(base_table())
    build_index(table, ix_dir)
    kept = table[table["attachment_sha256"] != NEW_SHA]
    assert sync_index(kept, ix_dir) == SyncResult(added=0, replaced=0, deleted=2, rebuilt=False)
    assert names(ix_dir, "新数字人") == []
    assert find(ix_dir, "").total == 20
    assert_same_as_full_build(ix_dir, kept, tmp_path)


def test_new_batch_cancellation_and_removal_in_one_sync(ix_dir, tmp_path) -> None:
    table = cancelled(with_new_batch(base_table()), "旧数字人算法3")
    table = table[table["name"] != "旧数字人算法14"]
    assert sync_index(table, ix_dir) == SyncResult(added=2, replaced=1, deleted=1, rebuilt=False)
    assert names(ix_dir, "status:cancelled") == ["旧数字人算法3"]
    assert_same_as_full_build(ix_dir, table, tmp_path)


def test_nothing_changed_publishes_nothing(ix_dir) -> None:
    live = index_version(ix_dir)
    assert sync_index(base_table(), ix_dir) == SyncResult(0, 0, 0, rebuilt=False)
    assert index_version(ix_dir) == live


def test_without_an_index_it_builds_one(tmp_path) -> None:
    table = base_table()
    assert sync_index(table, tmp_path / "index") == SyncResult(20, 0, 0, rebuilt=True)
    assert_same_as_full_build(tmp_path / "index", table, tmp_path)


def test_too_many_changed_rows_build_afresh(ix_dir, tmp_path) -> None:
    table = base_table()
    table = table.assign(status=table["status"].mask(table.index < 7, "cancelled"))
    assert sync_index(table, ix_dir) == SyncResult(20, 0, 0, rebuilt=True)  # 7 of 20 > 30%
    table = table.assign(status=table["status"].mask(table.index < 13, "cancelled"))
    assert sync_index(table, ix_dir) == SyncResult(0, 6, 0, rebuilt=False)  # 6 of 20 = 30%
    assert_same_as_full_build(ix_dir, table, tmp_path)


def test_an_index_of_another_format_is_rebuilt(ix_dir, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(build_module, "index_format", lambda: "other index code")
    table = with_new_batch(base_table())
    assert sync_index(table, ix_dir) == SyncResult(22, 0, 0, rebuilt=True)
    assert sync_index(cancelled(table, "百度"), ix_dir) == SyncResult(0, 0, 0, rebuilt=False)
    assert_same_as_full_build(ix_dir, table, tmp_path)


def test_an_index_with_other_row_columns_is_rebuilt(ix_dir, tmp_path) -> None:
    live = current_dir(ix_dir)
    read_rows(live).drop(columns="_words").to_parquet(live / "rows.parquet")
    table = with_new_batch(base_table())
    assert sync_index(table, ix_dir) == SyncResult(22, 0, 0, rebuilt=True)
    assert_same_as_full_build(ix_dir, table, tmp_path)


def test_an_index_without_a_format_stamp_is_rebuilt(ix_dir) -> None:
    (current_dir(ix_dir) / build_module.FORMAT_FILE).unlink()
    assert sync_index(base_table(), ix_dir) == SyncResult(20, 0, 0, rebuilt=True)
    assert sync_index(base_table(), ix_dir) == SyncResult(0, 0, 0, rebuilt=False)


def made_before_the_new_columns(ix_dir: Path) -> None:
    """Turn the live generation into one written before category/scenario/… existed."""
    live = current_dir(ix_dir)
    new = ["category", "scenario", "filing_date_note", "cancel_month", "_category", "_scenario"]
    read_rows(live).drop(columns=new).to_parquet(live / "rows.parquet")
    (live / build_module.FORMAT_FILE).write_text("0123456789abcdef\n", encoding="utf-8")


def test_an_index_built_before_new_columns_is_never_read(ix_dir) -> None:
    made_before_the_new_columns(ix_dir)
    with pytest.raises(IndexOutdatedError, match="run `cacfilings build` to rebuild it"):
        open_index(ix_dir)
    with pytest.raises(IndexOutdatedError):
        find(ix_dir, "数字人")
    with pytest.raises(IndexOutdatedError):
        update_index(with_new_batch(base_table()).tail(2), ix_dir)


def test_an_index_built_before_new_columns_is_rebuilt_by_a_sync(ix_dir, tmp_path) -> None:
    made_before_the_new_columns(ix_dir)
    table = base_table()
    table = table.assign(category=table["name"].map({"抖音个性化推荐算法": "个性化推送类"}))
    table = table.fillna("")
    assert sync_index(table, ix_dir) == SyncResult(20, 0, 0, rebuilt=True)
    assert names(ix_dir, "category:个性化") == ["抖音个性化推荐算法"]
    assert list(read_rows(current_dir(ix_dir)).columns[: len(TABLE_COLUMNS)]) == list(TABLE_COLUMNS)
    assert_same_as_full_build(ix_dir, table, tmp_path)


def test_a_generation_without_a_format_stamp_is_not_read(ix_dir) -> None:
    (current_dir(ix_dir) / build_module.FORMAT_FILE).unlink()
    with pytest.raises(IndexOutdatedError):
        open_index(ix_dir)


def test_the_format_changes_with_the_table_columns(monkeypatch) -> None:
    current = build_module.index_format()
    monkeypatch.setattr(build_module, "TABLE_COLUMNS", (*TABLE_COLUMNS, "central_soe"))
    assert build_module.index_format.__wrapped__() != current
    monkeypatch.undo()
    assert build_module.index_format.__wrapped__() == current
