"""Reconciliation: the table against every official figure, on tables built to match or miss."""

import pandas as pd
import pytest

from crawler import official
from crawler.constants import COLUMNS
from crawler.dataset import enrich, reconciliation
from crawler.dataset.reconcile import (
    failed_reconciliation,
    genai_numbers_at,
    reconciliation_records,
    section_reports,
    verdict,
)

GENAI_PAGE = "https://www.cac.gov.cn/2024-04/02/c_1713729983803145.htm"
ANNUAL_2025 = "https://www.cac.gov.cn/2026-01/09/c_1769688009588554.htm"
ON_DEVICE = "https://www.cac.gov.cn/2026-07/15/c_1785861480767004.htm"
# A filing date inside each period, so that each cut-off counts the periods before it.
PERIOD_DATES = {
    "2024-04": "2024-03-01",
    "2024-08": "2024-07-15",
    "2024-11": "2024-10-15",
    "2025-01": "2024-12-20",
    "2025-03": "2025-02-20",
    "2025-06": "2025-05-20",
    "2025-08": "2025-07-20",
    "2025-10": "2025-09-20",
    "2025-12": "2025-12-10",
    "2026-02": "2026-02-10",
    "2026-04": "2026-04-10",
    "2026-06": "2026-06-10",
    "2026-08": "2026-08-10",
}


def row(**fields: str) -> dict[str, str]:
    return {column: fields.get(column, "") for column in COLUMNS}


def genai_rows(period: str, list_type: str, count: int, **extra: str) -> list[dict[str, str]]:
    """`count` distinct services of one period's file."""
    suffix = "S" if list_type == "genai_registered" else ""
    day = PERIOD_DATES[period].replace("-", "")
    fields = {
        "list_type": list_type,
        "batch": period,
        "company": "某某科技有限公司",
        "filing_date": PERIOD_DATES[period],
        "jurisdiction": "北京市",
        "notice_url": GENAI_PAGE,
        "attachment_url": f"{GENAI_PAGE}#{period}",
        "attachment_sha256": f"sha-{period}",
    }
    return [
        row(
            **fields
            | {
                "seq": str(n),
                "name": f"模型{n}",
                "filing_no": f"Beijing-M{day}{n}-{day}{suffix}{n:04d}",
                "source_locator": f"page 1 row {n + 1}",
            }
            | extra
        )
        for n in range(1, count + 1)
    ]


def official_genai_rows() -> list[dict[str, str]]:
    """Every period's file with exactly its official filed and registered rows."""
    rows = []
    for period, (filed, registered) in official.GENAI_PERIODS.items():
        rows += genai_rows(period, "genai_filed", filed)
        rows += genai_rows(period, "genai_registered", registered)
    return rows


def values(frame: pd.DataFrame) -> list[list]:
    """The frame's values as lists, None where nothing is stated."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def lines_of(lines: pd.DataFrame, section: str, measure: str | None = None) -> list[list]:
    """[item, table, official, check] of a section's lines (of one measure)."""
    picked = lines[lines["section"] == section]
    if measure:
        picked = picked[picked["measure"] == measure]
    return values(picked[["item", "table", "official", "check"]])


@pytest.fixture(scope="module")
def genai_table() -> pd.DataFrame:
    return enrich(pd.DataFrame(official_genai_rows()))


def test_a_table_holding_every_official_genai_service_matches_every_cut_off(genai_table) -> None:
    lines = reconciliation(genai_table, {})
    assert lines_of(lines, "genai_totals", "filed") == [
        ["2024-12-31", 302, 302, "ok"],
        ["2025-12-31", 748, 748, "ok"],
        ["2026-02-28", 796, 796, "ok"],
        ["2026-04-30", 868, 868, "ok"],
        ["2026-08-31", 1112, 1112, "ok"],
    ]
    assert lines_of(lines, "genai_totals", "registered") == [
        ["2024-12-31", 105, 105, "ok"],
        ["2025-12-31", 435, 435, "ok"],
        ["2026-02-28", 481, 481, "ok"],
        ["2026-04-30", 530, 530, "ok"],
        ["2026-08-31", 731, 731, "ok"],
    ]
    assert lines_of(lines, "genai_periods", "filed rows")[-2:] == [
        ["2026-08", 124, 124, "ok"],
        ["all", 1112, 1112, "ok"],
    ]
    assert set(lines.loc[lines["section"] == "genai_periods", "check"]) == {"ok"}


def test_missing_services_show_at_their_cut_off_and_every_later_one(genai_table) -> None:
    dropped = genai_table[
        ~(
            (genai_table["batch"] == "2026-02")
            & (genai_table["list_type"] == "genai_filed")
            & genai_table["seq"].isin(["1", "2"])
        )
    ]
    lines = reconciliation(dropped, {})
    assert lines_of(lines, "genai_totals", "filed") == [
        ["2024-12-31", 302, 302, "ok"],
        ["2025-12-31", 748, 748, "ok"],
        ["2026-02-28", 794, 796, "missing 2"],
        ["2026-04-30", 866, 868, "missing 2"],
        ["2026-08-31", 1110, 1112, "missing 2"],
    ]
    period = lines[(lines["section"] == "genai_periods") & (lines["item"] == "2026-02")]
    assert values(period[["measure", "table", "official", "difference", "matched", "check"]]) == [
        ["filed rows", 46, 48, -2, False, "missing 2"],
        ["registered rows", 46, 46, 0, True, "ok"],
    ]


def test_a_late_entry_counts_from_the_period_that_lists_it() -> None:
    rows = official_genai_rows()
    late = next(r for r in rows if r["batch"] == "2026-04" and r["list_type"] == "genai_registered")
    late.update(filing_date="2026-02-24", filing_date_note="补登")
    table = enrich(pd.DataFrame(rows))
    assert len(genai_numbers_at(table, "genai_registered", "2026-02-28")) == 481
    assert len(genai_numbers_at(table, "genai_registered", "2026-04-30")) == 530
    late["filing_date_note"] = ""  # late without saying so: still counted from its own list
    unmarked = enrich(pd.DataFrame(rows))
    assert len(genai_numbers_at(unmarked, "genai_registered", "2026-02-28")) == 481
    assert len(genai_numbers_at(unmarked, "genai_registered", "2026-04-30")) == 530


def test_a_row_without_a_date_counts_by_its_batch_month() -> None:
    table = enrich(pd.DataFrame(genai_rows("2025-03", "genai_filed", 2, filing_date="")))
    assert genai_numbers_at(table, "genai_filed", "2025-02-28") == set()
    assert len(genai_numbers_at(table, "genai_filed", "2025-03-31")) == 2


def test_annual_rows_and_copies_of_a_file_count_once() -> None:
    rows = official_genai_rows()
    annual = [
        r | {"notice_url": ANNUAL_2025, "attachment_url": "annual", "attachment_sha256": "y2025"}
        for r in rows
        if r["filing_date"] <= "2025-12-31"
    ]
    copy = [r | {"attachment_url": "copy"} for r in rows if r["batch"] == "2025-12"]
    table = enrich(pd.DataFrame([*rows, *annual, *copy]))
    manifest = {
        "annual": {
            "notice_url": ANNUAL_2025,
            "notice_kind": "annual",
            "stated_totals": {"genai_filed": 748, "genai_registered": 435, "as_of": "2025-12-31"},
        },
        "other": {"notice_kind": "annual", "stated_totals": "共748个"},
    }
    lines = reconciliation(table, manifest)
    assert failed_reconciliation(lines[lines["section"].str.startswith("genai")]) == 0
    assert lines_of(lines, "annual_totals") == [
        [f"{ANNUAL_2025} as of 2025-12-31", 748, 748, "ok"],
        [f"{ANNUAL_2025} as of 2025-12-31", 435, 435, "ok"],
    ]
    assert table["problems"].eq("").all()


def test_an_annual_total_without_its_date_counts_its_own_list() -> None:
    rows = genai_rows("2025-12", "genai_filed", 3, attachment_url="annual")
    manifest = {"annual": {"notice_kind": "annual", "stated_totals": {"genai_filed": "4"}}}
    lines = reconciliation(enrich(pd.DataFrame(rows)), manifest)
    assert lines_of(lines, "annual_totals") == [["annual", 3, 4, "missing 1"]]


def test_cancelled_genai_services_and_the_valid_ones() -> None:
    rows = official_genai_rows()
    rows[0]["remarks"] = "已注销"  # listed on the genAI page (2024-04-02)
    lines = reconciliation(enrich(pd.DataFrame(rows)), {})
    first_cut_off = lines[(lines["section"] == "genai_totals") & (lines["item"] == "2024-12-31")]
    assert values(first_cut_off[["measure", "table", "official", "check"]]) == [
        ["filed", 302, 302, "ok"],
        ["registered", 105, 105, "ok"],
        ["cancelled (filed)", 1, None, "not stated"],
        ["valid (filed - cancelled)", 301, 301, "ok"],
    ]


def ds_rows(month: str, count: int) -> list[dict[str, str]]:
    notice = f"https://www.cac.gov.cn/{month}/01/c_{month}.htm"
    return [
        row(
            list_type="deep_synthesis",
            batch=month,
            seq=str(n),
            name=f"算法{n}",
            role="服务提供者",
            company="某某科技有限公司",
            filing_no=f"网信算备110108{n:07d}01{month[2:4]}{n:04d}号",
            notice_url=notice,
            attachment_url=f"{notice}#docx",
            source_locator=f"table 1 row {n + 1}",
        )
        for n in range(1, count + 1)
    ]


def cancellation_notice(date: str) -> str:
    return f"https://beian.cac.gov.cn/api/file/fileDownLoad?noticeId=notice_{date}"


def cancellation_rows(date: str, count: int) -> list[dict[str, str]]:
    """Rows of a cancellation notice (its date comes from the manifest, not its URL)."""
    notice = cancellation_notice(date)
    return [
        row(
            list_type="cancellation",
            batch=date[:7],
            seq=str(n),
            name=f"算法{n}",
            company="某某科技有限公司",
            filing_no=f"网信算备110108{n:07d}01230001号",
            notice_url=notice,
            attachment_url=notice,
            source_locator=f"page 1 row {n + 1}",
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture(scope="module")
def sample_lines() -> pd.DataFrame:
    """A small crawl: two deep-synthesis batches (one short), one outside the official list,
    one algorithm period, two cancellation notices (one with a row too many), on-device rows."""
    on_device = genai_rows("2026-08", "genai_filed", 7, scenario="苹果手机", notice_url=ON_DEVICE)
    algorithm = [
        r | {"list_type": "algorithm", "batch": "2022-08", "role": "", "category": "个性化推送类"}
        for r in ds_rows("2022-08", 30)
    ]
    rows = [
        *ds_rows("2023-06", 40),
        *ds_rows("2023-08", 110),
        *ds_rows("2025-04", 3),
        *algorithm,
        *cancellation_rows("2025-07-14", 28),
        *cancellation_rows("2025-09-11", 6),
        *on_device,
    ]
    dates = {cancellation_notice(date): date for date in ("2025-07-14", "2025-09-11")}
    return reconciliation(enrich(pd.DataFrame(rows), dates), {})


def test_each_official_batch_is_matched_short_or_missing(sample_lines) -> None:
    assert lines_of(sample_lines, "deep_synthesis")[:3] == [
        ["2023-06 (batch 1, 2023-06-20)", 40, 41, "missing 1"],
        ["2023-08 (batch 2, 2023-09-01)", 110, 110, "ok"],
        ["2024-01 (batch 3, 2024-01-05)", 0, 129, "not in table"],
    ]
    assert lines_of(sample_lines, "deep_synthesis")[-2:] == [
        ["2025-04", 3, 0, "extra 3"],
        ["all", 153, 7764, "missing 7611"],
    ]
    assert len(lines_of(sample_lines, "deep_synthesis")) == 18 + 2
    assert lines_of(sample_lines, "algorithm")[:2] == [
        ["2022-08", 30, 30, "ok"],
        ["2022-10", 0, 70, "not in table"],
    ]
    assert lines_of(sample_lines, "cancellation") == [
        ["2025-07-14", 28, 28, "ok"],
        ["2025-09-11", 6, 5, "extra 1"],
        ["2025-11-06", 0, 3, "not in table"],
        ["2026-01-07", 0, 5, "not in table"],
        ["2026-03-12", 0, 1, "not in table"],
        ["2026-05-06", 0, 5, "not in table"],
        ["2026-07-17", 0, 10, "not in table"],
        ["all", 34, 57, "missing 23"],
    ]
    assert lines_of(sample_lines, "on_device") == [
        ["/2026-07/15/c_1785861480767004.htm", 7, 7, "ok"]
    ]


def test_the_on_device_notice_rows_are_no_genai_period(sample_lines) -> None:
    assert lines_of(sample_lines, "genai_periods", "filed rows")[-1] == [
        "all",
        0,
        1112,
        "not in table",
    ]


def test_a_verdict_per_section(sample_lines) -> None:
    verdicts = [text for _, _, text in section_reports(sample_lines)]
    assert verdicts[2:5] == [
        "Deep-synthesis rows per batch: 1 of 20 match; 18 short of the official figure "
        "(16 not in the table at all), 1 over it",
        "Algorithm-recommendation rows per period: 1 of 20 match; 19 short of the official "
        "figure (18 not in the table at all), 0 over it",
        "Generative-AI rows per period: 1 of 28 match; 27 short of the official figure "
        "(27 not in the table at all), 0 over it",
    ]
    assert verdicts[0].startswith("Generative-AI services at each official cut-off")
    assert verdicts[1] == "Cumulative totals the notices state: nothing stated to compare"
    stated = sample_lines[sample_lines["check"] != "not stated"]
    assert failed_reconciliation(sample_lines) == int((stated["check"] != "ok").sum())


def test_an_empty_section_says_so() -> None:
    empty = reconciliation(enrich(pd.DataFrame([row(list_type="algorithm")])), {})
    assert verdict("annual_totals", empty[empty["section"] == "annual_totals"]) == (
        "Cumulative totals the notices state: nothing stated to compare"
    )


def test_records_are_json_ready(sample_lines) -> None:
    records = reconciliation_records(sample_lines)
    assert records[2] == {
        "section": "genai_totals",
        "item": "2024-12-31",
        "measure": "cancelled (filed)",
        "table": 0,
        "official": None,
        "difference": None,
        "matched": None,
        "check": "not stated",
    }
    assert {type(records[0][key]) for key in ("table", "official", "difference")} == {int}
    assert type(records[0]["matched"]) is bool


def test_a_total_stated_by_one_of_the_notices_linking_a_file_is_read() -> None:
    rows = genai_rows("2025-12", "genai_filed", 3)
    period_link = {"notice_url": GENAI_PAGE, "notice_kind": "list", "stated_totals": None}
    annual_link = {
        "notice_url": ANNUAL_2025,
        "notice_kind": "annual",
        "stated_totals": {"genai_filed": 748, "genai_registered": None, "as_of": "2025-12-31"},
    }
    manifest = {f"{GENAI_PAGE}#2025-12": period_link | {"linked_from": [period_link, annual_link]}}
    lines = reconciliation(enrich(pd.DataFrame(rows)), manifest)
    assert lines_of(lines, "annual_totals") == [
        [f"{ANNUAL_2025} as of 2025-12-31", 3, 748, "missing 745"]
    ]
    assert lines_of(lines, "genai_periods", "filed rows")[8] == ["2025-12", 3, 135, "missing 132"]
