"""Incremental updates, and generations swapped in atomically without disturbing readers."""

from pathlib import Path

import pandas as pd
import pytest

from index import build as build_module
from index import generations
from index.build import UpdateResult, build_index, index_version, open_index, update_index
from index.search import find, search
from tests.test_index import ROWS, make_table

SHA = "ab" * 32
URL = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath=x"


def names(ix: object, query: str = "") -> list[str]:
    return search(ix, query)["name"].tolist()  # type: ignore[arg-type]


def listing(ix_dir: Path) -> list[str]:
    """What the index directory holds, generation names shortened to gen-NNNNNN."""
    return sorted(p.name[:10] if p.name.startswith("gen-") else p.name for p in ix_dir.iterdir())


def attachment_rows(sha: str, *items: tuple[str, str]) -> pd.DataFrame:
    """Rows of one attachment, located by table row, as the parsers emit them."""
    rows = [
        {"list_type": "deep_synthesis", "batch": "2026-09", "seq": str(i), "name": name,
         "company": company, "filing_no": f"网信算备11010800000000126{i:04d}号",
         "attachment_url": URL, "attachment_sha256": sha, "source_locator": f"table 1 row {i + 1}"}
        for i, (name, company) in enumerate(items, 1)
    ]  # fmt: skip
    return make_table(rows)


def test_update_adds_rows_without_rebuilding(tmp_path: Path) -> None:
    ix_dir = tmp_path / "index"
    build_index(make_table(ROWS[:3]), ix_dir)
    before = index_version(ix_dir)
    result = update_index(make_table(ROWS[3:]), ix_dir)
    assert result == UpdateResult(added=3, replaced=0, total=6)
    assert index_version(ix_dir) != before
    assert names(ix_dir) == [row["name"] for row in ROWS]
    assert names(ix_dir, "百度") == ["语音合成算法", "文心一言 ERNIE Bot"]
    assert find(ix_dir, "").facets["list_type"]["genai_filed"] == 1


def test_update_replaces_rows_with_the_same_key(tmp_path: Path) -> None:
    ix_dir = tmp_path / "index"
    build_index(make_table(), ix_dir)
    changed = {**ROWS[0], "product": "抖音极速版", "purpose": "新的用途"}
    assert update_index(make_table([changed]), ix_dir) == UpdateResult(1, 1, len(ROWS))
    assert names(ix_dir, "极速版") == ["人脸融合算法"]
    assert names(ix_dir, "视频特效") == []  # the old purpose is gone from the index
    assert len(search(ix_dir, "")) == len(ROWS)


def test_new_version_of_an_attachment_replaces_all_its_rows(tmp_path: Path) -> None:
    ix_dir = tmp_path / "index"
    build_index(make_table(), ix_dir)
    first = attachment_rows(SHA, ("甲数字人算法", "甲公司"), ("乙数字人算法", "乙公司"))
    assert update_index(first, ix_dir) == UpdateResult(2, 0, len(ROWS) + 2)
    second = attachment_rows("cd" * 32, ("丙数字人算法", "丙公司"))
    assert update_index(second, ix_dir) == UpdateResult(1, 2, len(ROWS) + 1)
    assert names(ix_dir, "数字人") == ["丙数字人算法"]


def test_update_without_an_index_builds_one(tmp_path: Path) -> None:
    result = update_index(make_table(ROWS[:2]), tmp_path / "index")
    assert result == UpdateResult(2, 0, 2)
    assert names(tmp_path / "index") == ["人脸融合算法", "语音合成算法"]


def test_generation_is_switched_by_the_pointer_file(tmp_path: Path) -> None:
    ix_dir = tmp_path / "index"
    build_index(make_table(), ix_dir)
    live = (ix_dir / "CURRENT").read_text(encoding="utf-8").strip()
    assert live == index_version(ix_dir) == open_index(ix_dir).generation
    assert live.startswith("gen-000001-")
    assert listing(ix_dir) == [".lock", "CURRENT", "gen-000001"]


def test_old_generations_are_removed_but_the_previous_one_is_kept(tmp_path: Path) -> None:
    ix_dir = tmp_path / "index"
    for rows in (ROWS[:1], ROWS[:2], ROWS[:3]):
        build_index(make_table(rows), ix_dir)
    assert listing(ix_dir) == [".lock", "CURRENT", "gen-000002", "gen-000003"]
    update_index(make_table(ROWS[3:4]), ix_dir)
    assert listing(ix_dir) == [".lock", "CURRENT", "gen-000003", "gen-000004"]
    assert len(search(ix_dir, "")) == 4


def test_open_reader_keeps_its_generation_across_swaps(tmp_path: Path) -> None:
    ix_dir = tmp_path / "index"
    build_index(make_table(ROWS[:2]), ix_dir)
    reader = open_index(ix_dir)
    for count in (3, 4, 5):  # the reader's generation is retired and deleted on the way
        build_index(make_table(ROWS[:count]), ix_dir)
    assert not (ix_dir / reader.generation).exists()
    assert names(reader, "百度") == ["语音合成算法"]
    assert names(reader) == ["人脸融合算法", "语音合成算法"]
    assert len(search(ix_dir, "")) == 5  # a path follows the pointer to the newest


def test_failed_build_keeps_the_live_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix_dir = tmp_path / "index"
    build_index(make_table(), ix_dir)
    live = index_version(ix_dir)

    def explode(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "_add_documents", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        build_index(make_table(ROWS[:1]), ix_dir)
    with pytest.raises(RuntimeError, match="disk full"):
        update_index(make_table(ROWS[:1]), ix_dir)
    assert index_version(ix_dir) == live
    assert listing(ix_dir) == [".lock", "CURRENT", "gen-000001"]
    assert len(search(ix_dir, "")) == len(ROWS)


def test_failed_pointer_switch_keeps_the_live_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix_dir = tmp_path / "index"
    build_index(make_table(), ix_dir)
    live = index_version(ix_dir)

    def refuse(source: object, target: object) -> None:
        raise OSError("read-only file system")

    monkeypatch.setattr(generations.os, "replace", refuse)
    with pytest.raises(OSError, match="read-only"):
        build_index(make_table(ROWS[:1]), ix_dir)
    assert index_version(ix_dir) == live
    assert len(search(ix_dir, "")) == len(ROWS)


def test_old_single_directory_layout_is_rebuilt(tmp_path: Path) -> None:
    ix_dir = tmp_path / "index"
    ix_dir.mkdir()
    (ix_dir / "_MAIN_1.toc").write_bytes(b"old")
    (ix_dir / "MAIN_abc.seg").write_bytes(b"old")
    with pytest.raises(build_module.IndexMissingError, match="cacfilings build"):
        open_index(ix_dir)
    build_index(make_table(), ix_dir)
    assert listing(ix_dir) == [".lock", "CURRENT", "gen-000001"]


def test_table_with_derived_columns_and_without_index_alike(tmp_path: Path) -> None:
    plain, derived = make_table(), make_table().assign(status="active", filing_year="2023")
    build_index(plain, tmp_path / "plain")
    build_index(derived, tmp_path / "derived")
    assert names(tmp_path / "plain", "字节") == names(tmp_path / "derived", "字节")
    assert names(tmp_path / "plain", "year:2023") == []
    assert len(search(tmp_path / "derived", "year:2023 status:active")) == len(ROWS)
