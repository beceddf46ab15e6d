"""The parse cache: a cached parse gives the very table a fresh one does, and is never trusted
when the parsers changed, the file is corrupt, or its attachment left the manifest."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from crawler import parse_cache, table
from crawler.cli import main
from crawler.paths import DataPaths
from crawler.storage import write_json_atomic
from crawler.table import build_table, read_manifest
from tests.test_validate import ATTACHMENT, NOTICE, OTHER, OTHER_NOTICE, store


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    """Two stored DOCX attachments: 10 rows (2024-04) and 4 rows (2023-06)."""
    data = DataPaths(tmp_path / "data")
    store(data, ATTACHMENT, 10, NOTICE, "2024-04", 10)
    store(data, OTHER, 4, OTHER_NOTICE, "2023-06", 5)
    return data


def sha(paths: DataPaths, url: str) -> str:
    return read_manifest(paths)[url]["sha256"]


def cached(paths: DataPaths) -> list[str]:
    """The sha256 of every cached parse, sorted."""
    return sorted(path.stem for path in paths.parsed.iterdir())


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs parsed from their bytes (not taken from the cache), in order."""
    seen: list[str] = []
    parse = table.parse_document

    def counting(data: bytes, **options: object) -> pd.DataFrame:
        seen.append(str(options["source"]))
        return parse(data, **options)

    monkeypatch.setattr(table, "parse_document", counting)
    return seen


def test_a_cache_hit_gives_exactly_the_table_of_a_cold_parse(paths, parses) -> None:
    cold = build_table(paths, use_cache=False).table
    assert cached(paths) == sorted([sha(paths, ATTACHMENT), sha(paths, OTHER)])
    parses.clear()
    warm = build_table(paths)
    assert parses == []
    assert warm.errors == []
    pd.testing.assert_frame_equal(warm.table, cold, check_exact=True)
    assert len(cold) == 14


def test_provenance_comes_from_the_manifest_not_the_cache(paths, parses) -> None:
    build_table(paths)
    manifest = read_manifest(paths)
    manifest[ATTACHMENT]["batch"] = "2024-05"
    manifest[ATTACHMENT]["notice_url"] = OTHER_NOTICE
    write_json_atomic(paths.manifest, manifest)
    parses.clear()
    rows = build_table(paths).table.query("attachment_url == @ATTACHMENT")
    assert parses == []
    assert set(rows["batch"]) == {"2024-05"}
    assert set(rows["notice_url"]) == {OTHER_NOTICE}
    assert set(rows["list_type"]) == {"deep_synthesis"}


def test_a_new_parser_version_parses_again(paths, parses, monkeypatch) -> None:
    build_table(paths)
    monkeypatch.setattr(parse_cache, "parser_version", lambda: "parsers-changed")
    parses.clear()
    build_table(paths)
    assert sorted(parses) == sorted([ATTACHMENT, OTHER])
    parses.clear()
    build_table(paths)
    assert parses == []  # the entries were rewritten with the new version


def test_the_parser_version_follows_the_parser_sources(tmp_path, monkeypatch) -> None:
    sources = tmp_path / "parsers"
    sources.mkdir()
    (sources / "docx_list.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(parse_cache, "PARSERS_DIR", sources)
    parse_cache.parser_version.cache_clear()
    try:
        first = parse_cache.parser_version()
        (sources / "docx_list.py").write_text("A = 2\n", encoding="utf-8")
        parse_cache.parser_version.cache_clear()
        assert parse_cache.parser_version() != first
    finally:
        parse_cache.parser_version.cache_clear()


@pytest.mark.parametrize("content", [b"", b"PAR1 not parquet at all", b"PAR1"])
def test_a_corrupt_cache_file_is_parsed_again_and_replaced(paths, parses, content) -> None:
    cold = build_table(paths).table
    broken = parse_cache.cache_file(paths.parsed, sha(paths, OTHER))
    broken.write_bytes(content)
    parses.clear()
    result = build_table(paths)
    assert parses == [OTHER]
    assert result.errors == []
    pd.testing.assert_frame_equal(result.table, cold, check_exact=True)
    assert parse_cache.read_cached(broken) is not None


def test_cache_files_swapped_under_each_others_names_are_parsed_again(paths, parses) -> None:
    cold = build_table(paths).table
    first = parse_cache.cache_file(paths.parsed, sha(paths, ATTACHMENT))
    second = parse_cache.cache_file(paths.parsed, sha(paths, OTHER))
    first_bytes, second_bytes = first.read_bytes(), second.read_bytes()
    first.write_bytes(second_bytes)
    second.write_bytes(first_bytes)
    assert parse_cache.read_cached(first) is None
    parses.clear()
    result = build_table(paths)
    assert sorted(parses) == sorted([ATTACHMENT, OTHER])
    pd.testing.assert_frame_equal(result.table, cold, check_exact=True)
    assert first.read_bytes() == first_bytes


def test_cached_parses_of_attachments_gone_from_the_manifest_are_pruned(paths) -> None:
    build_table(paths)
    gone = sha(paths, OTHER)
    manifest = read_manifest(paths)
    del manifest[OTHER]
    write_json_atomic(paths.manifest, manifest)
    (paths.parsed / "notes.txt").write_text("not ours", encoding="utf-8")
    build_table(paths)
    assert sorted(p.name for p in paths.parsed.iterdir()) == [
        f"{sha(paths, ATTACHMENT)}.parquet",
        "notes.txt",
    ]
    assert gone not in cached(paths)


def test_the_cache_is_keyed_by_the_bytes_read(paths, parses) -> None:
    build_table(paths)
    data = (paths.files / read_manifest(paths)[OTHER]["path"]).read_bytes()
    assert parse_cache.cache_file(paths.parsed, hashlib.sha256(data).hexdigest()).is_file()


def test_build_full_ignores_the_cache(paths, parses) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["--data-dir", str(paths.root), "build"]).exit_code == 0
    parses.clear()
    assert runner.invoke(main, ["--data-dir", str(paths.root), "build"]).exit_code == 0
    assert parses == []
    assert runner.invoke(main, ["--data-dir", str(paths.root), "build", "--full"]).exit_code == 0
    assert sorted(parses) == sorted([ATTACHMENT, OTHER])


def test_the_parser_version_follows_the_family_registry(tmp_path, monkeypatch) -> None:
    families = tmp_path / "families.py"
    families.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(parse_cache, "PARSER_DEPENDENCIES", (families,))
    parse_cache.parser_version.cache_clear()
    try:
        first = parse_cache.parser_version()
        families.write_text("A = 2\n", encoding="utf-8")
        parse_cache.parser_version.cache_clear()
        assert parse_cache.parser_version() != first
    finally:
        parse_cache.parser_version.cache_clear()


def test_the_parser_version_digests_the_modules_parsers_build_on() -> None:
    names = [path.name for path in parse_cache.PARSER_DEPENDENCIES]
    assert names == ["families.py", "notices.py", "constants.py"]
    assert all(path.is_file() for path in parse_cache.PARSER_DEPENDENCIES)


def test_a_cached_parse_without_todays_columns_is_not_reused(tmp_path: Path) -> None:
    old_columns = [c for c in parse_cache.OUTPUT_COLUMNS if c not in ("category", "cancel_month")]
    path = tmp_path / "old.parquet"
    parse_cache.write_cached(path, pd.DataFrame({column: ["x"] for column in old_columns}))
    assert parse_cache.read_cached(path) is None
