"""Exports: every format read back by pandas/openpyxl/pyarrow gives the rows; the CLI command."""

import datetime
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from crawler.cli import main
from crawler.constants import COLUMNS, TABLE_COLUMNS
from crawler.dataset.enrich import enrich
from crawler.dataset.export import (
    CITATION,
    EXPORT_COLUMNS,
    FORMATS,
    SOURCE,
    ExportInfo,
    csv_restored,
    csv_text,
    export_table,
    select_rows,
    typed,
)
from crawler.paths import DataPaths
from crawler.table import write_table
from tests.ui_helpers import build_ui_index

NOTICE = "https://www.cac.gov.cn/2023-06/20/c_1688910683316256.htm"
GENAI = "https://www.cac.gov.cn/2024-04/02/c_1713729983803145.htm"
CANCEL = "https://beian.cac.gov.cn/api/file/fileDownLoad?noticeId=notice_1"
AS_OF = "2025-07-14"  # the cancellation notice, the newest of the table
INFO = ExportInfo(AS_OF)
LAST = get_column_letter(len(EXPORT_COLUMNS))


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


def cancellation(seq: int, filing_no: str, company: str, date: str) -> dict[str, str]:
    """A row of a cancellation notice published on `date`."""
    row = listed("cancellation", date[:7], seq, filing_no, company, notice_date=date)
    return row | {"notice_url": CANCEL, "attachment_url": CANCEL, "cancel_month": date[:7]}


def sample_table() -> pd.DataFrame:
    """Six rows: two deep-synthesis, genAI filed and registered, an algorithm row cancelled."""
    rows = [
        listed("deep_synthesis", "2023-06", 1, "网信算备110108428331966230314号",
               "阿里巴巴(中国)有限公司"),
        listed("deep_synthesis", "2024-04", 1, "网信算备330106229966281230258号", "＝危险公司"),
        listed("genai_filed", "2025-12", 1, "Beijing-YunQue-20230829", "北京字节跳动科技有限公司",
               scenario="苹果手机", filing_date="2025-05-01", filing_date_note="补登"),
        listed("algorithm", "2024-06", 7, "网信算备440305578045864220360号",
               "深圳市腾讯计算机系统有限公司", category="个性化推送类"),
        listed("genai_registered", "2025-12", 2, "Beijing-XiaoYi-20240815S0001",
               "北京字节跳动科技有限公司", filing_date="2024-08-15"),
        cancellation(1, "网信算备440305578045864220360号", "深圳市腾讯计算机系统有限公司", AS_OF),
    ]  # fmt: skip
    return enrich(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return sample_table()


def with_as_of(table: pd.DataFrame) -> pd.DataFrame:
    """The table as an export holds it: every column as text, then data_as_of."""
    return table.assign(data_as_of=AS_OF)


def test_the_sample_table_is_what_the_tests_assume(table: pd.DataFrame) -> None:
    assert table[["list_type", "status", "filing_year", "notice_date"]].values.tolist() == [
        ["deep_synthesis", "active", "2023", "2023-06-20"],
        ["deep_synthesis", "active", "2023", "2023-06-20"],
        ["genai_filed", "active", "2023", "2024-04-02"],
        ["algorithm", "cancelled", "2022", "2023-06-20"],
        ["genai_registered", "active", "2024", "2024-04-02"],
        ["cancellation", "cancellation", "2022", AS_OF],
    ]


def test_select_rows_by_types_years_since_and_until(table: pd.DataFrame) -> None:
    assert select_rows(table, "deep_synthesis")["batch"].tolist() == ["2023-06", "2024-04"]
    assert select_rows(table, since="2024-06")["list_type"].tolist() == [
        "genai_filed",
        "algorithm",
        "genai_registered",
        "cancellation",
    ]
    assert select_rows(table, "deep_synthesis", "2024-01")["filing_no"].tolist() == [
        "网信算备330106229966281230258号"
    ]
    both = select_rows(table, list_types=["genai_filed", "genai_registered"], until="2025-12")
    assert both["filing_no"].tolist() == ["Beijing-YunQue-20230829", "Beijing-XiaoYi-20240815S0001"]
    assert select_rows(table, years=["2022", "2024"], until="2025-06")["list_type"].tolist() == [
        "algorithm"
    ]


def test_csv_has_a_bom_quotes_formulas_ends_with_data_as_of_and_reads_back(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "filings.csv"
    export_table(table, "csv", out, INFO)
    assert out.read_bytes().startswith(b"\xef\xbb\xbflist_type,batch,seq,")
    back = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(back.columns) == [*TABLE_COLUMNS, "data_as_of"]
    assert back.loc[1, ["company", "company_key"]].tolist() == ["'=危险公司", "'=危险公司"]
    assert back["data_as_of"].tolist() == [AS_OF] * 6
    assert csv_restored(back).equals(with_as_of(table))


def test_without_a_date_the_ui_s_csv_keeps_exactly_the_table_columns(table: pd.DataFrame) -> None:
    header = csv_text(table).split("\r\n", 1)[0]
    assert header == ",".join(TABLE_COLUMNS)


def test_xlsx_has_header_frozen_pane_filter_widths_and_the_rows(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "filings.xlsx"
    export_table(table, "xlsx", out, INFO)
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["filings", "about"]
    sheet = workbook["filings"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{LAST}7"
    assert [cell.value for cell in sheet[1]] == list(EXPORT_COLUMNS)
    assert sheet["A1"].font.bold
    company = get_column_letter(TABLE_COLUMNS.index("company") + 1)
    assert (sheet[f"{company}3"].value, sheet[f"{company}3"].data_type) == ("=危险公司", "s")
    assert sheet.column_dimensions[company].width == 30  # 深圳市腾讯计算机系统有限公司: 14 wide + 2
    assert sheet.column_dimensions["A"].width == 18  # genai_registered (16) + 2
    category = get_column_letter(TABLE_COLUMNS.index("category") + 1)
    assert sheet.column_dimensions[category].width == 14  # 个性化推送类 (12) + 2


def cell(sheet: Any, column: str, row: int) -> Any:
    """The cell of `column` (an export column name) in sheet row `row`."""
    return sheet[f"{get_column_letter(EXPORT_COLUMNS.index(column) + 1)}{row}"]


def test_xlsx_stores_numbers_and_dates_typed_and_blanks_empty(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    export_table(table, "xlsx", tmp_path / "filings.xlsx", INFO)
    sheet = load_workbook(tmp_path / "filings.xlsx")["filings"]
    assert sheet["C2"].value == 1  # seq
    assert sheet["C5"].value == 7
    assert [cell(sheet, "filing_year", row).value for row in range(2, 8)] == [
        2023, 2023, 2023, 2022, 2024, 2022,
    ]  # fmt: skip
    assert cell(sheet, "filing_date", 4).value == datetime.datetime(2025, 5, 1)
    assert cell(sheet, "filing_date", 4).number_format == "yyyy-mm-dd"
    assert cell(sheet, "filing_date", 2).value is None
    assert cell(sheet, "notice_date", 2).value == datetime.datetime(2023, 6, 20)
    assert cell(sheet, "cancelled_on", 5).value == datetime.datetime(2025, 7, 14)
    assert cell(sheet, "filing_no_date", 6).value == datetime.datetime(2024, 8, 15)
    assert cell(sheet, "data_as_of", 7).value == datetime.datetime(2025, 7, 14)
    assert (sheet["B2"].value, sheet["B2"].data_type) == ("2023-06", "s")  # batch stays text
    assert cell(sheet, "first_seen", 2).value == "2023-06"  # a batch month, text as well


def test_xlsx_links_notice_urls_and_leaves_attachment_urls_as_text(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    export_table(table, "xlsx", tmp_path / "filings.xlsx", INFO)
    sheet = load_workbook(tmp_path / "filings.xlsx")["filings"]
    notice = cell(sheet, "notice_url", 2)
    assert (notice.value, notice.hyperlink.target) == (NOTICE, NOTICE)
    assert cell(sheet, "notice_url", 7).hyperlink.target == CANCEL
    attachment = cell(sheet, "attachment_url", 2)
    assert (attachment.value, attachment.hyperlink) == (f"{NOTICE}?file=2023-06", None)


def test_xlsx_about_sheet_says_what_was_exported_and_how_to_cite_it(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    info = ExportInfo(AS_OF, (("query", "字节"), ("type", "genai = genai_filed, genai_registered")))
    export_table(table, "xlsx", tmp_path / "filings.xlsx", info)
    about = load_workbook(tmp_path / "filings.xlsx")["about"]
    assert [[c.value for c in row] for row in about.iter_rows()] == [
        ["query", "字节"],
        ["type", "genai = genai_filed, genai_registered"],
        ["data as of", AS_OF],
        ["rows", 6],
        ["distinct filing numbers", 5],
        ["source", SOURCE],
        ["citation", CITATION],
        ["columns", "docs/data-dictionary.md of the cacfilings project explains every column"],
    ]
    assert "refuses attachment links opened without a Referer" in CITATION


def test_parquet_stores_integers_and_dates_typed_with_nulls(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    export_table(table, "parquet", tmp_path / "filings.parquet", INFO)
    back = pq.read_table(tmp_path / "filings.parquet")
    types = {name: str(back.schema.field(name).type) for name in back.schema.names}
    assert [types[name] for name in ("seq", "filing_year", "filing_date", "data_as_of")] == [
        "int64", "int64", "date32[day]", "date32[day]",
    ]  # fmt: skip
    assert {types["batch"], types["first_seen"], types["company"]} <= {"string", "large_string"}
    assert back.column("filing_date").to_pylist() == [
        None, None, datetime.date(2025, 5, 1), None, datetime.date(2024, 8, 15), None,
    ]  # fmt: skip
    assert back.column("seq").to_pylist() == [1, 1, 1, 7, 2, 1]
    assert back.column("product").to_pylist() == [""] * 6  # blank text stays blank


def test_a_typed_column_with_a_value_of_another_type_stays_text(table: pd.DataFrame) -> None:
    odd = table.assign(seq=["1", "", "3a", "4", "5", "6"])
    frame = typed(odd)
    assert frame["seq"].tolist() == ["1", "", "3a", "4", "5", "6"]
    assert frame["filing_year"].tolist() == [2023, 2023, 2023, 2022, 2024, 2022]


def test_json_holds_text_records_ending_with_data_as_of(
    table: pd.DataFrame, tmp_path: Path
) -> None:
    export_table(table, "json", tmp_path / "filings.json", INFO)
    records = json.loads((tmp_path / "filings.json").read_text(encoding="utf-8"))
    assert records == with_as_of(table).to_dict(orient="records")
    assert list(records[0])[-1] == "data_as_of"
    assert (records[0]["seq"], records[0]["notice_url"]) == ("1", NOTICE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_exactly_the_export_columns_in_order(
    table: pd.DataFrame, fmt: str, tmp_path: Path
) -> None:
    shuffled = table[list(reversed(TABLE_COLUMNS))].assign(row_key="k", score=1.0)
    out = tmp_path / f"filings.{fmt}"
    export_table(shuffled, fmt, out, INFO)
    assert list(read_back(out, fmt).columns) == [*TABLE_COLUMNS, "data_as_of"]


def read_back(path: Path, fmt: str) -> pd.DataFrame:
    """An exported file as a program reads it back (CSV unquoted)."""
    if fmt == "csv":
        return csv_restored(
            pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        )
    if fmt == "xlsx":
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    if fmt == "json":
        return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")), dtype=str)
    return pd.read_parquet(path)


def test_a_table_without_a_column_exports_it_empty(table: pd.DataFrame, tmp_path: Path) -> None:
    export_table(table.drop(columns=["problems"]), "csv", tmp_path / "filings.csv")
    back = read_back(tmp_path / "filings.csv", "csv")
    assert list(back.columns) == list(TABLE_COLUMNS)
    assert back["problems"].tolist() == [""] * 6


def test_unknown_format_is_refused(table: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xls'"):
        export_table(table, "xls", tmp_path / "filings.xls")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def data_dir(table: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the table and its index."""
    paths = DataPaths(tmp_path_factory.mktemp("export") / "data")
    write_table(table, paths)
    build_ui_index(paths.root, table)
    return paths.root


def export_cli(data_dir: Path, *args: str) -> Result:
    """`cacfilings --data-dir DATA export ARGS`."""
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), "export", *args])


def exported(data_dir: Path, *args: str) -> pd.DataFrame:
    """The JSON export of ARGS, as a frame."""
    result = export_cli(data_dir, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return pd.DataFrame(json.loads(result.stdout), dtype=str)


def test_cli_export_writes_filtered_rows_with_their_links(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds.xlsx"
    args = ["--format", "xlsx", "--type", "deep_synthesis", "--since", "2024-01", "-o", str(out)]
    result = export_cli(data_dir, *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"1 rows (1 distinct filings), data as of {AS_OF}\n"
    assert result.stdout == ""
    back = pd.read_excel(out, dtype=str, keep_default_na=False)
    assert back["filing_no"].tolist() == ["网信算备330106229966281230258号"]
    assert back[["notice_url", "attachment_url"]].values.tolist() == [
        [NOTICE, f"{NOTICE}?file=2024-04"]
    ]
    about = load_workbook(out)["about"]
    assert [[c.value for c in row] for row in about.iter_rows(max_row=5)] == [
        ["type", "deep_synthesis = deep_synthesis"],
        ["since", "2024-01"],
        ["data as of", AS_OF],
        ["rows", 1],
        ["distinct filing numbers", 1],
    ]


def test_cli_export_repeats_type_and_reads_prefixes_and_chinese_names(data_dir: Path) -> None:
    both = exported(data_dir, "--type", "deep_synthesis", "--type", "algorithm")
    assert both["list_type"].tolist() == ["deep_synthesis", "deep_synthesis", "algorithm"]
    genai = exported(data_dir, "--type", "genai")
    assert genai["filing_no"].tolist() == [
        "Beijing-YunQue-20230829",
        "Beijing-XiaoYi-20240815S0001",
    ]
    assert exported(data_dir, "--type", "已登记")["list_type"].tolist() == ["genai_registered"]
    assert exported(data_dir, "--type", "深度合成")["batch"].tolist() == ["2023-06", "2024-04"]
    assert exported(data_dir, "--type", "注销")["notice_url"].tolist() == [CANCEL]


def test_cli_export_refuses_a_type_naming_no_list(data_dir: Path) -> None:
    result = export_cli(data_dir, "--type", "video")
    assert result.exit_code == 2
    assert (
        "Invalid value for --type: 'video' names no list type; use deep_synthesis, genai_filed, "
        "genai_registered, algorithm, cancellation, a prefix such as genai, or 深度合成, 生成式, "
        "已备案, 已登记, 算法, 注销"
    ) in " ".join(result.stderr.split())


def test_cli_export_selects_filing_years_and_a_range_of_batches(data_dir: Path) -> None:
    assert exported(data_dir, "--year", "2024")["filing_no"].tolist() == [
        "Beijing-XiaoYi-20240815S0001"
    ]
    years = exported(data_dir, "--year", "2022", "--year", "2024", "--until", "2025-06")
    assert years["list_type"].tolist() == ["algorithm"]
    months = exported(data_dir, "--since", "2024-04", "--until", "2024-06")
    assert months["batch"].tolist() == ["2024-04", "2024-06"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--since", "2025-13", "Invalid value for '--since': '2025-13' is not a batch month"),
        ("--until", "2025-00", "Invalid value for '--until': '2025-00' is not a batch month"),
        ("--since", "2024", "Invalid value for '--since': '2024' is not a batch month"),
        ("--year", "24", "Invalid value for '--year': '24' is not a year like 2024"),
    ],
)
def test_cli_export_refuses_months_and_years_that_are_none(
    data_dir: Path, option: str, value: str, message: str
) -> None:
    result = export_cli(data_dir, option, value)
    assert result.exit_code == 2
    assert message in result.stderr
    if option != "--year":
        assert "like 2024-04 (YYYY-MM, month 01 to 12)" in result.stderr


def test_cli_export_query_exports_exactly_the_matches_with_every_column(data_dir: Path) -> None:
    rows = exported(data_dir, "--query", "字节")
    assert list(rows.columns) == [*TABLE_COLUMNS, "data_as_of"]
    assert rows["filing_no"].tolist() == [
        "Beijing-YunQue-20230829",
        "Beijing-XiaoYi-20240815S0001",
    ]
    assert rows["scenario"].tolist() == ["苹果手机", ""]
    narrowed = exported(data_dir, "--query", "字节", "--type", "genai_registered")
    assert narrowed["filing_no"].tolist() == ["Beijing-XiaoYi-20240815S0001"]
    cancelled = exported(data_dir, "--query", "status:cancelled")
    assert cancelled["filing_no"].tolist() == ["网信算备440305578045864220360号"]


def test_cli_export_csv_to_stdout_is_the_csv_text_with_a_bom(
    data_dir: Path, table: pd.DataFrame
) -> None:
    result = export_cli(data_dir, "--type", "genai_filed")
    assert result.exit_code == 0
    rows = select_rows(table, "genai_filed")
    assert result.stdout_bytes == ("\ufeff" + csv_text(rows, AS_OF)).encode("utf-8")
    assert result.stderr == f"1 rows (1 distinct filings), data as of {AS_OF}\n"


def test_cli_export_names_the_file_in_a_directory_or_the_current_one(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    into = tmp_path / "out"
    into.mkdir()
    result = export_cli(data_dir, "--format", "xlsx", "--query", "字节", "-o", str(into))
    assert result.exit_code == 0, result.output
    path = into / f"cacfilings-字节-{AS_OF}.xlsx"
    assert result.stdout == f"{path}\n"
    assert load_workbook(path)["about"]["B1"].value == "字节"
    everything = export_cli(data_dir, "--format", "xlsx", "-o", str(into))
    assert everything.stdout == f"{into / f'cacfilings-{AS_OF}.xlsx'}\n"
    about = load_workbook(into / f"cacfilings-{AS_OF}.xlsx")["about"]
    assert [about["A1"].value, about["B1"].value] == ["filters", "none: every row of the table"]
    monkeypatch.chdir(tmp_path)
    here = export_cli(data_dir, "--format", "parquet", "--type", "genai")
    assert here.exit_code == 0, here.output
    assert here.stdout == f"cacfilings-type-genai-{AS_OF}.parquet\n"
    assert len(pd.read_parquet(tmp_path / f"cacfilings-type-genai-{AS_OF}.parquet")) == 2


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
    enriched = enrich(table[list(COLUMNS)])  # the cancellation's date was in a derived column
    expected = enriched.assign(data_as_of="2024-04-02")
    assert json.loads(out.read_text(encoding="utf-8")) == expected.to_dict(orient="records")
    assert enriched["status"].tolist()[3] == "cancelled"
