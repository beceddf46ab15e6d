"""The CLI and the UI call the one search path: sorting, facets, aliases, fallback messages."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from crawler.cli import main
from crawler.commands import search as search_command
from crawler.constants import TABLE_COLUMNS
from crawler.paths import data_paths
from index.build import FORMAT_FILE, build_index
from index.generations import current_dir
from index.search import SORTS
from tests.test_index import make_table
from tests.ui_apptest import APP


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    build_index(make_table(), data_paths(root).index)
    return root


def cli(data_dir: Path, *args: str) -> tuple[list[dict[str, str]], str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "search", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_cli_sort_choices_are_the_library_ones() -> None:
    assert search_command.SORTS == SORTS


def test_cli_sorts_by_date(data_dir: Path) -> None:
    rows, _ = cli(data_dir, "", "--sort", "date", "--format", "json")
    assert [row["batch"] for row in rows] == ["2026-03", "2024-08", "2024-04", "2022-08", "1", "1"]
    rows, _ = cli(data_dir, "", "--sort", "date_asc", "--format", "json", "--limit", "2")
    assert [row["name"] for row in rows] == ["人脸融合算法", "语音合成算法"]


def test_cli_prints_total_and_facets_on_stderr(data_dir: Path) -> None:
    rows, stderr = cli(data_dir, "百度", "--facets", "--limit", "1", "--format", "json")
    assert len(rows) == 1
    assert "2 matching filings, showing 1" in stderr
    assert "list_type: deep_synthesis (1), genai_registered (1)" in stderr
    assert "province: (empty) (1), 北京 (1)" in stderr  # 属地 stands in for province


def test_cli_prints_the_category_facet(data_dir: Path) -> None:
    rows, stderr = cli(data_dir, "category:推送", "--facets", "--format", "json")
    assert [row["name"] for row in rows] == ["抖音个性化推荐算法"]
    assert "category: 个性化推送类 (1)" in stderr.splitlines()


def test_cli_asks_for_a_rebuild_of_an_outdated_index(tmp_path: Path) -> None:
    ix_dir = data_paths(tmp_path).index
    build_index(make_table(), ix_dir)
    (current_dir(ix_dir) / FORMAT_FILE).write_text("older\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "search", "人脸"])
    assert result.exit_code == 1
    assert "was built by another version of cacfilings: run `cacfilings build`" in result.output


def test_cli_says_when_it_read_the_query_as_plain_words(data_dir: Path) -> None:
    rows, stderr = cli(data_dir, '"人脸', "--format", "json")
    assert [row["name"] for row in rows] == ["人脸融合算法"]
    assert "Could not read the query (a quote is not closed)" in stderr


def test_cli_names_the_aliases_it_used(data_dir: Path, tmp_path: Path) -> None:
    rows, stderr = cli(data_dir, "ByteDance", "--format", "json")
    assert [row["name"] for row in rows] == ["人脸融合算法", "抖音个性化推荐算法"]
    assert "ByteDance also matches" in stderr
    extra = tmp_path / "aliases.csv"
    extra.write_text("alias,entity\nWeibo Video,北京微播视界科技有限公司\n", encoding="utf-8")
    rows, _ = cli(data_dir, "weibo video", "--aliases", str(extra), "--format", "json")
    assert [row["name"] for row in rows] == ["抖音个性化推荐算法"]


def test_cli_rows_keep_the_export_columns(data_dir: Path) -> None:
    rows, _ = cli(data_dir, "字节", "--format", "json")
    assert list(rows[0]) == [*TABLE_COLUMNS, "data_as_of"]


def test_ui_shows_the_fallback_message(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.text_input(key="q").input("(人脸").run()
    assert not at.exception
    assert at.warning[0].value == "已忽略“\\(”：括号未闭合。"  # Markdown-escaped "("
    assert at.dataframe[0].value["name"].tolist() == ["人脸融合算法"]
    at.text_input(key="q").input("人脸 OR 百度").run()
    assert len(at.warning) == 0
    assert len(at.dataframe[0].value) == 3
