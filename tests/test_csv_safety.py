"""CSV cells a spreadsheet would run as formulas are quoted; values stay exact elsewhere."""

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from crawler.cli import main
from crawler.dataset import enrich, export_table
from crawler.dataset.events import events_path, read_events, write_events
from crawler.dataset.export import csv_restored, csv_safe, csv_text
from crawler.paths import DataPaths
from crawler.table import read_table, write_table
from tests.test_export import listed
from tests.ui_helpers import build_ui_index
from ui.results import csv_bytes

QUOTED: dict[str, str] = {
    '=HYPERLINK("http://evil","x")': '\'=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)": "'@SUM(1+1)",
    "\t=1+1": "'\t=1+1",
    "\r=1+1": "'\r=1+1",
    "=": "'=",
    "-x": "'-x",
    "'=1": "''=1",
    "''@x": "'''@x",
}
KEPT: tuple[str, ...] = ("--", "-", "+", "-1.5", "+86", "2024-04", "a=b", "'abc", "＝全角", "")
COMPANY = "=cmd|'/C calc'!A0"
PRODUCT = "@SUM(1+1)"


@pytest.fixture(scope="module")
def hostile() -> pd.DataFrame:
    rows = [
        listed("deep_synthesis", "2024-04", 1, "网信算备330106229966281230258号", COMPANY,
               product=PRODUCT, purpose="--"),
        listed("deep_synthesis", "2024-04", 2, "网信算备330106229966281230259号", "-2+3+cmd",
               product="--"),
    ]  # fmt: skip
    return enrich(pd.DataFrame(rows))


def read_csv_text(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False)


@pytest.mark.parametrize(("value", "written"), QUOTED.items())
def test_a_formula_gets_a_leading_quote(value: str, written: str) -> None:
    assert csv_safe(pd.DataFrame({"cell": [value]}))["cell"].tolist() == [written]


@pytest.mark.parametrize("value", KEPT)
def test_dashes_numbers_and_plain_text_are_kept(value: str) -> None:
    assert csv_safe(pd.DataFrame({"cell": [value]}))["cell"].tolist() == [value]


def test_quoting_is_undone_exactly() -> None:
    frame = pd.DataFrame({"cell": [*QUOTED, *KEPT], "n": range(len(QUOTED) + len(KEPT))})
    assert csv_restored(csv_safe(frame)).equals(frame)


def test_cells_that_are_not_text_are_left_alone() -> None:
    frame = pd.DataFrame({"mixed": [None, "=1", 1.5], "number": [-1, 2, 3]})
    assert csv_safe(frame)["mixed"].tolist() == [None, "'=1", 1.5]
    assert csv_safe(frame)["number"].tolist() == [-1, 2, 3]


def test_export_csv_quotes_formulas_and_reads_back_through_csv_restored(
    hostile: pd.DataFrame, tmp_path: Path
) -> None:
    export_table(hostile, "csv", tmp_path / "filings.csv")
    back = pd.read_csv(tmp_path / "filings.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")  # fmt: skip
    assert back[["company", "product", "purpose"]].values.tolist() == [
        [f"'{COMPANY}", f"'{PRODUCT}", "--"],
        ["'-2+3+cmd", "--", ""],
    ]
    assert csv_restored(back).equals(read_csv_text(hostile.to_csv(index=False)))


def test_the_ui_download_quotes_formulas(hostile: pd.DataFrame) -> None:
    back = read_csv_text(csv_bytes(hostile).decode("utf-8-sig"))
    assert back["company"].tolist() == [f"'{COMPANY}", "'-2+3+cmd"]
    assert csv_bytes(hostile).decode("utf-8-sig") == csv_text(hostile)


def test_cli_export_csv_quotes_formulas(hostile: pd.DataFrame, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    write_table(hostile, paths)
    result = CliRunner().invoke(main, ["--data-dir", str(paths.root), "export"])
    assert result.exit_code == 0, result.output
    back = read_csv_text(result.stdout_bytes.decode("utf-8"))
    assert back["product"].tolist() == [f"'{PRODUCT}", "--"]


def test_cli_search_csv_quotes_formulas(hostile: pd.DataFrame, tmp_path: Path) -> None:
    build_ui_index(tmp_path, hostile)
    args = ["--data-dir", str(tmp_path), "search", "calc", "--format", "csv"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert read_csv_text(result.stdout)["company"].tolist() == [f"'{COMPANY}"]


def test_xlsx_keeps_formula_like_text_as_text(hostile: pd.DataFrame, tmp_path: Path) -> None:
    export_table(hostile, "xlsx", tmp_path / "filings.xlsx")
    sheet = load_workbook(tmp_path / "filings.xlsx").active
    header = [cell.value for cell in sheet[1]]
    cells = [sheet.cell(row, header.index(name) + 1) for row in (2, 3)
             for name in ("company", "product")]  # fmt: skip
    assert [(cell.value, cell.data_type) for cell in cells] == [
        (COMPANY, "s"), (PRODUCT, "s"), ("-2+3+cmd", "s"), ("--", "s"),
    ]  # fmt: skip


def test_filings_csv_quotes_formulas_and_reads_back_as_published(
    hostile: pd.DataFrame, tmp_path: Path
) -> None:
    paths = DataPaths(tmp_path / "data")
    write_table(hostile, paths)
    on_disk = read_csv_text(paths.table_csv.read_text(encoding="utf-8-sig"))
    assert on_disk["company"].tolist() == ["'" + COMPANY, "'-2+3+cmd"]
    assert on_disk["product"].tolist() == ["'" + PRODUCT, "--"]
    assert read_table(paths)["company"].tolist() == [COMPANY, "-2+3+cmd"]


def test_events_csv_quotes_formulas_and_reads_back_as_published(tmp_path: Path) -> None:
    renamed = "原主体名称“=HYPERLINK(1)”变更为“北京某某科技有限公司”"
    row = listed(
        "algorithm", "2024-04", 1, "网信算备110108229966282230258号", "北京某某科技有限公司"
    )
    table = enrich(pd.DataFrame([{**row, "remarks": renamed}]))
    paths = DataPaths(tmp_path / "data")
    write_events(table, paths)
    on_disk = events_path(paths).read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in on_disk
    assert read_events(paths)["old"].tolist() == ["=HYPERLINK(1)"]
