"""The command line: help for every command, and `parse` on files from elsewhere."""

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from crawler.cli import main
from crawler.commands.ui import streamlit_command
from replica.documents import build_list_docx

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
