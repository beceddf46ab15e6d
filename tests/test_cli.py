"""The command line: help for every command, `parse` on files from elsewhere, search, history."""

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from docx import Document
from wcwidth import wcswidth

from crawler.cli import main
from crawler.commands.common import search_notes
from crawler.commands.history import numbers_named
from crawler.commands.ui import streamlit_command
from crawler.constants import TABLE_COLUMNS
from crawler.paths import DataPaths
from crawler.table import write_table
from index.notices import Notice, describe
from index.search import SearchResult, find
from replica.documents import build_list_docx
from tests.test_export import sample_table
from tests.ui_helpers import build_ui_index

ROW = {
    "seq": "1",
    "name": "人脸融合算法",
    "role": "服务提供者",
    "company": "北京字节跳动科技有限公司",
    "product": "抖音",
    "purpose": "应用于图像生成场景",
    "filing_no": "网信算备110108823483901230031号",
    "remarks": "",
    "raw": {"role": "服务提\n供者", "filing_no": "网信算备 １１０１０８823483901230031号"},
}


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: cacfilings" in result.output


def test_parse_a_docx_from_elsewhere_as_json(tmp_path: Path) -> None:
    source = tmp_path / "境内深度合成服务算法备案清单（2024年4月）.docx"
    source.write_bytes(build_list_docx([ROW]))
    result = CliRunner().invoke(main, ["parse", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["list_type"] == "deep_synthesis"
    assert row["batch"] == "2024-04"
    assert row["role"] == "服务提供者"
    assert row["filing_no"] == "网信算备110108823483901230031号"
    assert row["attachment_url"] == str(source)
    assert row["source_locator"] == "table 1 row 2"  # row 1 is the header


def test_parse_a_download_without_a_useful_name(tmp_path: Path) -> None:
    source = tmp_path / "downloadfile.jsp"
    source.write_bytes(build_list_docx([ROW], title="境内深度合成服务算法备案清单（2023年8月）"))
    result = CliRunner().invoke(main, ["parse", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert [row["list_type"], row["batch"], row["seq"]] == ["deep_synthesis", "2023-08", "1"]


def test_parse_type_overrides_the_document(tmp_path: Path) -> None:
    source = tmp_path / "list.bin"
    source.write_bytes(build_list_docx([ROW], title="境内深度合成服务算法备案清单（2023年8月）"))
    result = CliRunner().invoke(main, ["parse", str(source), "--type", "cancellation"])
    assert result.exit_code == 0, result.output
    assert "\ncancellation,2023-08,1,人脸融合算法," in result.stdout


def test_parse_writes_csv_with_bom_to_a_file(tmp_path: Path) -> None:
    source = tmp_path / "list.docx"
    source.write_bytes(build_list_docx([ROW]))
    out = tmp_path / "rows.csv"
    result = CliRunner().invoke(main, ["parse", str(source), "-o", str(out), "--type", "algorithm"])
    assert result.exit_code == 0
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufefflist_type,batch,seq,name,")
    assert "algorithm,,1,人脸融合算法" in text


def test_parse_names_the_file_and_headers_of_an_unknown_layout(tmp_path: Path) -> None:
    document = Document()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells, ["名称", "公司"], strict=True):
        cell.text = text
    source = tmp_path / "odd.docx"
    document.save(source)
    result = CliRunner().invoke(main, ["parse", str(source)])
    assert result.exit_code == 1
    assert (
        f"error: {source}: unknown column layout; headers found: ['名称', '公司']" in result.stderr
    )


def test_parse_refuses_an_html_page_saved_as_a_document(tmp_path: Path) -> None:
    source = tmp_path / "list.pdf"
    source.write_text(
        "<html><head><title>404 Not Found</title></head><body>Not Found</body></html>"
    )
    result = CliRunner().invoke(main, ["parse", str(source)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {source}")
    assert "HTML page" in result.stderr


def test_search_without_an_index_says_how_to_build_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "search", "字节"])
    assert result.exit_code == 1
    assert "cacfilings build" in result.output


def test_parse_csv_neutralises_formulas_and_keeps_the_no_product_mark(tmp_path: Path) -> None:
    source = tmp_path / "list.docx"
    hostile = {**ROW, "name": '=HYPERLINK("http://evil.example","x")', "product": "--"}
    source.write_bytes(build_list_docx([{k: v for k, v in hostile.items() if k != "raw"}]))
    result = CliRunner().invoke(main, ["parse", str(source), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["product"] == "--"


def test_the_ui_shows_no_traceback_in_the_browser() -> None:
    command = streamlit_command(8501, "127.0.0.1")
    assert command[command.index("--client.showErrorDetails") + 1] == "none"
    assert command[command.index("--server.headless") + 1] == "true"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the export tests' table and its index."""
    table = sample_table()
    paths = DataPaths(tmp_path_factory.mktemp("cli") / "data")
    write_table(table, paths)
    build_ui_index(paths.root, table)
    return paths.root


def run(data_dir: Path, *args: str, columns: int = 80) -> Result:
    """`cacfilings --data-dir DATA ARGS` on a terminal `columns` wide."""
    return CliRunner().invoke(
        main, ["--data-dir", str(data_dir), *args], env={"COLUMNS": str(columns)}
    )


def test_search_shows_status_and_category_and_the_data_date(data_dir: Path) -> None:
    result = run(data_dir, "search", "腾讯", "--layout", "table")
    assert result.exit_code == 0, result.output
    assert result.stderr == "2 matching filings\ndata as of 2025-07-14\n"
    header, *rows = result.stdout.splitlines()
    assert header.split() == [
        "list_type", "batch", "status", "name", "category", "company", "product", "filing_no",
        "notice_url",
    ]  # fmt: skip
    assert [row.split()[:5] for row in rows] == [
        ["algorithm", "2024-06", "cancelled", "算法7", "个性化推送类"],
        ["cancellation", "2025-07", "cancellation", "算法1", "深圳市腾讯计算机系统有限公司"],
    ]


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["algorithm"], ["algorithm"]),
        (["算法", "注销"], ["algorithm", "cancellation"]),
        (["cancellation", "algorithm"], ["algorithm", "cancellation"]),
    ],
)
def test_search_type_takes_several_and_the_query_spellings(
    data_dir: Path, types: list[str], expected: list[str]
) -> None:
    options = [part for name in types for part in ("--type", name)]
    result = run(data_dir, "search", "腾讯", *options, "--layout", "table")
    assert [row.split()[0] for row in result.stdout.splitlines()[1:]] == expected


def test_search_type_names_the_valid_types_for_one_it_does_not_know(data_dir: Path) -> None:
    result = run(data_dir, "search", "腾讯", "--type", "video")
    assert result.exit_code == 2
    assert "'video' names no list type; use deep_synthesis, genai_filed" in result.stderr


def test_search_turns_vertical_on_a_narrow_terminal(data_dir: Path) -> None:
    result = run(data_dir, "search", "腾讯", "--limit", "1", columns=100)
    assert result.stdout.splitlines()[:5] == [
        "-[ 1 ]",
        "list_type  : algorithm",
        "batch      : 2024-06",
        "status     : cancelled",
        "name       : 算法7",
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_search_csv_and_json_are_the_export_of_the_same_rows(data_dir: Path, fmt: str) -> None:
    searched = run(data_dir, "search", "字节", "--format", fmt)
    exported = run(data_dir, "export", "--query", "字节", "--format", fmt)
    assert searched.exit_code == exported.exit_code == 0
    assert searched.stdout_bytes == exported.stdout_bytes
    assert exported.stderr == "2 rows (2 distinct filings), data as of 2025-07-14\n"


def test_search_csv_has_every_export_column(data_dir: Path) -> None:
    result = run(data_dir, "search", "字节", "--format", "csv")
    header = result.stdout_bytes.decode("utf-8").split("\r\n", 1)[0]
    assert header == "\ufeff" + ",".join([*TABLE_COLUMNS, "data_as_of"])


def test_search_says_why_a_malformed_query_was_read_as_words(data_dir: Path) -> None:
    found = find(DataPaths(data_dir).index, "(字节")
    said = [describe(notice, "en") for notice in found.notices] or [str(found.message)]
    result = run(data_dir, "search", "(字节")
    assert result.stderr.splitlines() == [*said, "2 matching filings", "data as of 2025-07-14"]


def test_search_notes_word_the_notices_and_leave_the_message_out() -> None:
    rows = pd.DataFrame()
    result = SearchResult("q", rows, 0, {}, message="read as words", notices=(Notice("odd"),))
    assert search_notes(result) == [describe(Notice("odd"), "en")]
    assert search_notes(SearchResult("q", rows, 0, {}, message="read as words")) == [
        "read as words"
    ]


@pytest.mark.parametrize(
    "spelling",
    [
        "440305578045864220360",
        "网信算备440305578045864220360",
        "网信算备 440305 578045864220360 号",
        "网信算备４４０３０５578045864220360号",
    ],
)
def test_history_takes_bare_digits_and_every_spelling_search_takes(
    data_dir: Path, spelling: str
) -> None:
    result = run(data_dir, "history", spelling, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "2 appearances of 网信算备440305578045864220360号\ndata as of 2025-07-14\n"
    )
    rows = json.loads(result.stdout)
    assert [(row["list_type"], row["batch"], row["status"]) for row in rows] == [
        ("algorithm", "2024-06", "cancelled"),
        ("cancellation", "2025-07", "cancellation"),
    ]


def test_history_finds_a_genai_number_by_its_digits_or_any_case(data_dir: Path) -> None:
    for spelling in ("20240815S0001", "beijing-xiaoyi-20240815s0001"):
        result = run(data_dir, "history", spelling, "--format", "json")
        assert result.stderr.splitlines()[0] == "1 appearances of Beijing-XiaoYi-20240815S0001"


def test_digits_name_every_number_holding_them_as_a_whole_run() -> None:
    numbers = pd.Series(
        ["Shanghai-B-20230829", "Beijing-A-20230829", "网信算备110108712183828230255号", ""]
    )
    assert numbers_named(numbers, "20230829") == ["Beijing-A-20230829", "Shanghai-B-20230829"]
    assert numbers_named(numbers, "110108712183828230255") == ["网信算备110108712183828230255号"]
    assert numbers_named(numbers, "2023") == []  # a prefix is for `search`
    assert numbers_named(numbers, "beijing") == []  # letters alone name no number
    assert numbers_named(numbers, "BEIJING-a-２０２３０８２９") == ["Beijing-A-20230829"]


def test_history_is_vertical_when_its_table_is_too_wide(data_dir: Path) -> None:
    vertical = run(data_dir, "history", "440305578045864220360")
    assert vertical.stdout.splitlines()[:4] == [
        "-[ 1 ]",
        "list_type      : algorithm",
        "batch          : 2024-06",
        "notice_date    : 2023-06-20",
    ]
    table = run(data_dir, "history", "440305578045864220360", columns=400)
    assert table.stdout.split()[:3] == ["list_type", "batch", "notice_date"]
    assert len({wcswidth(line) for line in table.stdout.splitlines()}) == 1


def test_history_of_an_unknown_number_points_to_search(data_dir: Path) -> None:
    result = run(data_dir, "history", "1234567")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: No filing 1234567 in the table; `cacfilings search 1234567` "
        "also finds the numbers that start with it\n"
    )


def test_history_csv_quotes_formula_like_cells(data_dir: Path) -> None:
    result = run(data_dir, "history", "330106229966281230258", "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["company"], row["batch"]) == ("'=危险公司", "2024-04")


def test_search_names_an_alias_it_used_once(data_dir: Path) -> None:
    result = run(data_dir, "search", "ByteDance", "--layout", "table")
    said = [line for line in result.stderr.splitlines() if "also matches" in line]
    assert len(said) == 1
    assert said[0].startswith("ByteDance also matches 9 entities: 北京字节跳动科技有限公司、")
