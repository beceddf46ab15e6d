"""Exports: every format read back by pandas/openpyxl gives the same rows; the CLI command."""

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from crawler.cli import main
from crawler.constants import COLUMNS, TABLE_COLUMNS
from crawler.dataset import enrich, export_table, select_rows
from crawler.dataset.export import FORMATS, csv_restored
from crawler.paths import DataPaths
from crawler.table import write_table

NOTICE = "https://www.cac.gov.cn/2023-06/20/c_1688910683316256.htm"
GENAI = "https://www.cac.gov.cn/2024-04/02/c_1713729983803145.htm"


def listed(
    list_type: str, batch: str, seq: int, filing_no: str, company: str, **cells: str
) -> dict[str, str]:
    notice = GENAI if list_type.startswith("genai") else NOTICE
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        list_type=list_type,
        batch=batch,
        seq=str(seq),
        name=f"算法{seq}",
        role="服务提供者" if list_type == "deep_synthesis" else "",
        company=company,
        filing_no=filing_no,
        notice_url=notice,
        attachment_url=f"{notice}?file={batch}",
        source_locator=f"table 1 row {seq + 1}",
        **cells,
    )
    return row


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    rows = [
        listed(
            "deep_synthesis",
            "2023-06",
            1,
            "网信算备110108428331966230314号",
            "阿里巴巴(中国)有限公司",
        ),
        listed("deep_synthesis", "2024-04", 1, "网信算备330106229966281230258号", "＝危险公司"),
        listed(
            "genai_filed",
            "2025-12",
            1,
            "Beijing-YunQue-20230829",
            "北京字节跳动科技有限公司",
            scenario="苹果手机",
            filing_date="2025-05-01",
            filing_date_note="补登",
        ),
        listed(
            "algorithm",
            "2024-06",
            7,
            "网信算备440305578045864220360号",
            "深圳市腾讯计算机系统有限公司",
            category="个性化推送类",
        ),
    ]
    return enrich(pd.DataFrame(rows))


def test_select_rows_by_type_and_since(table: pd.DataFrame) -> None:
    assert select_rows(table, "deep_synthesis")["batch"].tolist() == ["2023-06", "2024-04"]
    assert select_rows(table, since="2024-06")["list_type"].tolist() == ["genai_filed", "algorithm"]
    assert select_rows(table, "deep_synthesis", "2024-01")["filing_no"].tolist() == [
        "网信算备330106229966281230258号"
    ]


def test_csv_has_a_bom_quotes_formulas_and_reads_back_through_csv_restored(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "filings.csv"
    export_table(table, "csv", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbflist_type,batch,seq,")
    back = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back.loc[1, ["company", "company_key"]].tolist() == ["'=危险公司", "'=危险公司"]
    assert csv_restored(back).equals(table)


def test_xlsx_has_header_frozen_pane_filter_widths_and_the_rows(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "filings.xlsx"
    export_table(table, "xlsx", out)
    sheet = load_workbook(out).active
    assert sheet.title == "filings"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(TABLE_COLUMNS))}5"
    header = [cell.value for cell in sheet[1]]
    assert header == list(TABLE_COLUMNS)
    assert sheet["A1"].font.bold
    company = get_column_letter(TABLE_COLUMNS.index("company") + 1)
    assert (sheet[f"{company}3"].value, sheet[f"{company}3"].data_type) == ("=危险公司", "s")
    assert sheet.column_dimensions[company].width == 30  # 深圳市腾讯计算机系统有限公司: 14 wide + 2
    assert sheet.column_dimensions["A"].width == 16  # deep_synthesis (14) + 2
    category = get_column_letter(TABLE_COLUMNS.index("category") + 1)
    assert sheet.column_dimensions[category].width == 14  # 个性化推送类 (12) + 2
    back = pd.read_excel(out, dtype=str, keep_default_na=False)
    assert back.equals(table)


def test_parquet_and_json_read_back_identically(table: pd.DataFrame, tmp_path: Path) -> None:
    export_table(table, "parquet", tmp_path / "filings.parquet")
    assert pd.read_parquet(tmp_path / "filings.parquet").equals(table)
    export_table(table, "json", tmp_path / "filings.json")
    records = json.loads((tmp_path / "filings.json").read_text(encoding="utf-8"))
    assert records == table.to_dict(orient="records")
    assert records[0]["notice_url"] == NOTICE
    assert records[0]["attachment_url"] == f"{NOTICE}?file=2023-06"


def read_back(path: Path, fmt: str) -> pd.DataFrame:
    """An exported file as a program reads it back, every cell as text (CSV unquoted)."""
    if fmt == "csv":
        return csv_restored(
            pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        )
    if fmt == "xlsx":
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    if fmt == "json":
        return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")), dtype=str)
    return pd.read_parquet(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_exactly_the_table_columns_in_order(
    table: pd.DataFrame, fmt: str, tmp_path: Path
) -> None:
    shuffled = table[list(reversed(TABLE_COLUMNS))].assign(row_key="k", score=1.0)
    out = tmp_path / f"filings.{fmt}"
    export_table(shuffled, fmt, out)
    back = read_back(out, fmt)
    assert list(back.columns) == list(TABLE_COLUMNS)
    assert back.equals(table)
    new = ["category", "scenario", "filing_date", "filing_date_note"]
    assert back[new].values.tolist() == [
        ["", "", "", ""],
        ["", "", "", ""],
        ["", "苹果手机", "2025-05-01", "补登"],
        ["个性化推送类", "", "", ""],
    ]


def test_a_table_without_a_column_exports_it_empty(table: pd.DataFrame, tmp_path: Path) -> None:
    export_table(table.drop(columns=["problems"]), "csv", tmp_path / "filings.csv")
    back = read_back(tmp_path / "filings.csv", "csv")
    assert list(back.columns) == list(TABLE_COLUMNS)
    assert back["problems"].tolist() == ["", "", "", ""]


def test_unknown_format_is_refused(table: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xls'"):
        export_table(table, "xls", tmp_path / "filings.xls")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def data_dir(table: pd.DataFrame, tmp_path: Path) -> Path:
    paths = DataPaths(tmp_path / "data")
    write_table(table, paths)
    return paths.root


def test_cli_export_writes_filtered_rows_with_their_links(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds.xlsx"
    args = ["--data-dir", str(data_dir), "export", "--format", "xlsx", "--type", "deep_synthesis"]
    result = CliRunner().invoke(main, [*args, "--since", "2024-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == "1 rows\n"
    back = pd.read_excel(out, dtype=str, keep_default_na=False)
    assert back["filing_no"].tolist() == ["网信算备330106229966281230258号"]
    assert back[["notice_url", "attachment_url"]].values.tolist() == [
        [NOTICE, f"{NOTICE}?file=2024-04"]
    ]


def test_cli_export_csv_to_stdout_and_usage_errors(data_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--data-dir", str(data_dir), "export", "--type", "genai_filed"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith("\ufefflist_type,".encode())
    assert "Beijing-YunQue-20230829" in result.stdout
    binary = runner.invoke(main, ["--data-dir", str(data_dir), "export", "--format", "parquet"])
    assert binary.exit_code == 2
    assert "--format parquet writes a file: give -o OUT" in binary.output
    since = runner.invoke(main, ["--data-dir", str(data_dir), "export", "--since", "2024"])
    assert since.exit_code == 2
    assert "'2024' is not a batch like 2024-04" in since.output


def test_cli_history_lists_appearances(data_dir: Path) -> None:
    runner = CliRunner()
    args = ["--data-dir", str(data_dir), "history", "网信算备 330106 229966281230258 号"]
    result = runner.invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert (row["batch"], row["list_type"], row["status"], row["notice_url"]) == (
        "2024-04",
        "deep_synthesis",
        "active",
        NOTICE,
    )
    missing = runner.invoke(main, ["--data-dir", str(data_dir), "history", "Beijing-None-20240101"])
    assert missing.exit_code == 1
    assert "No filing Beijing-None-20240101 in the table" in missing.output


def test_a_table_stored_before_the_derived_columns_is_enriched_on_export(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    paths = DataPaths(tmp_path / "old")
    write_table(table[list(COLUMNS)], paths)
    out = tmp_path / "all.json"
    result = CliRunner().invoke(
        main, ["--data-dir", str(paths.root), "export", "-o", str(out), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == table.to_dict(orient="records")
