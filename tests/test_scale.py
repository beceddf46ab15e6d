"""The full-size replica: every list at its real size, real rows where the sample has them."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from crawler.constants import DOCUMENT_COLUMNS
from crawler.dataset.divisions import GBT2260_CSV
from crawler.official import (
    ALGORITHM_PERIODS,
    CANCELLATION_NOTICES,
    DEEP_SYNTHESIS_BATCHES,
    GENAI_PERIODS,
    GENAI_TOTALS,
)
from crawler.parsers import parse_document
from replica.generate import CATEGORIES
from replica.real_rows import real_batches
from replica.scale import FULL, genai_window, scale_seed
from replica.seed import expected_rows
from replica.site import build_site, document_bytes

GENAI = ("genai_filed", "genai_registered")
# Real rows listed after a cut-off but dated on or before it (published late; 补登 or not).
LATE_ENTRIES = {
    "2024-12-31": {"Heilongjiang-Landi-20241217S0001"},
    "2026-02-28": {"Liaoning-YunKong-20260224S0004"},
    "2026-04-30": {
        "Beijing-XinHuaYuDian-20260415S0163",
        "Beijing-WangYiYouDaoCiDian-20260415S0167",
        "Beijing-XiaoHeiHeZhiNengKeFu-20260415S0177",
    },
}


@pytest.fixture(scope="module")
def seed() -> dict:
    return scale_seed(FULL)


@pytest.fixture(scope="module")
def rows(seed: dict) -> list[dict]:
    return expected_rows(seed)


def period_rows(rows: list[dict], list_type: str) -> list[dict]:
    """Rows of the generative-AI period lists (not the on-device notice's own list)."""
    return [r for r in rows if r["list_type"] == list_type and r["batch"] in GENAI_PERIODS]


def attachment(seed: dict, text: str) -> dict:
    return next(a for n in seed["notices"] for a in n["attachments"] if a["text"] == text)


def test_same_arguments_give_the_same_seed(seed: dict) -> None:
    assert scale_seed(FULL) == seed
    assert scale_seed(FULL, random_seed=1) != seed


def test_rows_per_list_type_are_the_official_counts(rows: list[dict]) -> None:
    assert Counter(r["list_type"] for r in rows) == {
        "deep_synthesis": 7764,
        "algorithm": 1014,
        "genai_filed": 1112 + 7,  # the period lists, and the on-device notice's own list
        "genai_registered": 731,
        "cancellation": 57,
    }


def test_rows_per_batch_are_the_official_counts(rows: list[dict]) -> None:
    batches = Counter((r["list_type"], r["batch"]) for r in rows)
    for _, _, month, count in DEEP_SYNTHESIS_BATCHES.values():
        assert batches["deep_synthesis", month] == count
    for period, count in ALGORITHM_PERIODS.items():
        assert batches["algorithm", period] == count
    for period, (filed, registered) in GENAI_PERIODS.items():
        assert (batches["genai_filed", period], batches["genai_registered", period]) == (
            filed,
            registered,
        )
    assert batches["genai_filed", "2026-07"] == 7
    for date, count in CANCELLATION_NOTICES.items():
        assert batches["cancellation", date[:7]] == count


def test_every_sampled_real_row_is_published(rows: list[dict]) -> None:
    sampled = Counter(
        row.list_type
        for family in ("deep_synthesis", "algorithm", "genai", "cancellation")
        for batch in real_batches(family)
        for row in batch.rows
    )
    sampled["genai_filed"] += 2  # Apple智能 (cac-source.md): the on-device list and 2026-08
    assert Counter(r["list_type"] for r in rows if r["real"]) == sampled
    assert {r["filing_no"] for r in rows if r["real"]} >= {
        "网信算备110108645502801230019号",
        "Beijing-WenXinYiYan-20230821",
        "Jiangsu-SiWeiXiangLiangZhiSuanYun-",
    }


def test_the_official_totals_come_out_of_the_filing_dates(rows: list[dict]) -> None:
    """Counting, in the lists published by a cut-off, the rows dated on or before it."""
    for total in GENAI_TOTALS:
        last = min(period for period in GENAI_PERIODS if period >= total.cutoff[:7])
        counts = [
            sum(
                r["batch"] <= last and r["filing_date"] <= total.cutoff
                for r in period_rows(rows, t)
            )
            for t in GENAI
        ]
        late = {
            r["filing_no"]
            for t in GENAI
            for r in period_rows(rows, t)
            if r["batch"] > last and r["filing_date"] <= total.cutoff
        }
        assert counts == [total.filed, total.registered]
        assert late == LATE_ENTRIES.get(total.cutoff, set())


def test_generated_genai_rows_are_dated_after_the_previous_period_and_within_their_own(
    rows: list[dict],
) -> None:
    previous = None
    for period in GENAI_PERIODS:
        start, end = genai_window(period, previous)
        dates = {
            r["filing_date"]
            for t in GENAI
            for r in period_rows(rows, t)
            if r["batch"] == period and not r["real"]
        }
        assert start.isoformat() <= min(dates) <= max(dates) <= end.isoformat()
        previous = period
    assert genai_window("2025-01", "2024-11")[0].isoformat() == "2024-11-24"
    assert genai_window("2025-03", "2025-01")[0].isoformat() == "2025-02-01"


def test_genai_serial_numbers_run_across_periods(seed: dict, rows: list[dict]) -> None:
    """Filed and registered rows are each numbered cumulatively; the 端侧 table from 1."""
    on_device = {r["filing_no"] for r in rows if r["batch"] == "2026-07"}
    first = {"genai_filed": 1, "genai_registered": 1}
    for period, (filed, registered) in GENAI_PERIODS.items():
        sizes = {"genai_filed": filed - 7 * (period == "2026-08"), "genai_registered": registered}
        for list_type, size in sizes.items():
            listed = [
                r
                for r in period_rows(rows, list_type)
                if r["batch"] == period and r["filing_no"] not in on_device
            ]
            real = {int(r["seq"]) for r in listed if r["real"]}
            generated = [int(r["seq"]) for r in listed if not r["real"]]
            span = range(first[list_type], first[list_type] + size)
            assert len(listed) == size
            assert len(set(generated)) == len(generated)
            assert set(generated) <= set(span) - real
            first[list_type] += size
    assert first == {"genai_filed": 1106, "genai_registered": 732}
    last = attachment(seed, "生成式人工智能服务已备案和已登记信息（2026年8月）")
    assert [row["seq"] for row in last["sections"][2]["rows"]] == [str(n) for n in range(1, 8)]


def test_every_cancelled_number_is_held_by_an_earlier_list_marked_cancelled(
    rows: list[dict],
) -> None:
    listed = {r["filing_no"]: r for r in rows if r["list_type"] in ("deep_synthesis", "algorithm")}
    cancelled = [r for r in rows if r["list_type"] == "cancellation"]
    assert len({r["filing_no"] for r in cancelled}) == 57
    for row in cancelled:
        held = listed[row["filing_no"]]
        assert held["batch"] < row["batch"]
        assert held["remarks"] == "已注销" or held["real"]
        kinds = (held["role"], held["category"]), (row["role"], row["category"])
        assert kinds[0] == kinds[1] or row["role"] == "服务提供"
    assert sum(r["role"] == "服务提供" for r in cancelled) == 1
    assert {r["category"] for r in cancelled} > {""}


def test_generated_algorithm_numbers_read_as_the_real_ones_do(rows: list[dict]) -> None:
    with GBT2260_CSV.open(encoding="utf-8", newline="") as handle:
        current = {r["code"] for r in csv.DictReader(handle) if r["last_revision"] == "2025-12"}
    generated = [r for r in rows if not r["real"]]
    for row in (r for r in generated if r["list_type"] == "deep_synthesis"):
        assert re.fullmatch(r"网信算备(\d{6})\d{7}01(\d{2})\d{4}号", row["filing_no"])
        assert row["filing_no"][4:10] in current
    for row in (r for r in generated if r["list_type"] in ("deep_synthesis", "algorithm")):
        assert "22" <= row["filing_no"][19:21] <= row["batch"][2:4]
    for row in (r for r in generated if r["list_type"] == "algorithm"):
        assert row["filing_no"][17:19] == CATEGORIES[row["category"]][0]
    listed = [r for r in generated if r["list_type"] != "cancellation" and r["batch"] != "2026-07"]
    numbers = Counter(r["filing_no"] for r in listed)
    real_listed = {r["filing_no"] for r in rows if r["real"] and r["list_type"] != "cancellation"}
    real_cancelled = {
        r["filing_no"] for r in rows if r["real"] and r["list_type"] == "cancellation"
    }
    assert set(numbers.values()) == {1}
    assert numbers.keys() & real_listed == set()
    assert numbers.keys() >= real_cancelled - real_listed  # the lists hold what is cancelled


def test_generated_genai_numbers_read_as_the_real_ones_do(rows: list[dict]) -> None:
    generated = [r for r in rows if not r["real"]]
    filed = [
        r for r in generated if r["list_type"] == "genai_filed" and r["batch"] in GENAI_PERIODS
    ]
    assert all(
        re.fullmatch(r"[A-Za-z]+-[A-Za-z]+-\d{8}", r["filing_no"])
        for r in filed
        if r["batch"] == "2024-04"
    )
    assert all(
        re.fullmatch(r"[A-Za-z]+-[A-Za-z]+-\d{12}", r["filing_no"])
        for r in filed
        if r["batch"] > "2024-04"
    )
    registered = [r for r in generated if r["list_type"] == "genai_registered"]
    assert all(re.fullmatch(r"[A-Za-z]+-[A-Za-z]+-\d{8}S\d{4}", r["filing_no"]) for r in registered)
    assert {r["filing_no"].split("-")[0] for r in filed if r["jurisdiction"] == "国资委"} == {
        "ZhongYangQiYe"
    }


def test_a_share_of_rows_carry_the_quirks_of_the_real_lists(seed: dict, rows: list[dict]) -> None:
    docx_rows = [
        row
        for n in seed["notices"]
        for a in n["attachments"]
        if a.get("document") == "list_docx"
        for row in a["rows"]
    ]
    dirty = [row for row in docx_rows if row.get("raw")]
    assert 0.12 < len(dirty) / len(docx_rows) < 0.18
    blank = Counter((r["list_type"], r["batch"]) for r in rows if r["seq"] == "")
    assert blank == {
        ("deep_synthesis", "2025-03"): 395,
        ("deep_synthesis", "2025-05"): 210,
        ("deep_synthesis", "2025-07"): 389,
        ("algorithm", "2025-07"): 51,
    }
    generated = [r for r in rows if not r["real"]]
    assert sum(r["filing_date_note"] == "补登" for r in generated) > 5
    assert sum(r["jurisdiction"] == "国资委" for r in generated) > 10
    assert sum(bool(r["remarks"]) for r in generated if r["list_type"] == "deep_synthesis") > 100
    nine = [
        a["nine_columns"] for n in seed["notices"] for a in n["attachments"] if "nine_columns" in a
    ]
    assert nine.count(True) == 1


@pytest.mark.parametrize(
    "text",
    [
        "境内深度合成服务算法备案清单（2023年8月）",
        "生成式人工智能服务已备案和已登记信息（2026年8月）",
        "关于注销“天朝人脸融合算法”等算法备案编号的公告",
    ],
)
def test_generated_documents_parse_back_to_the_expected_rows(
    seed: dict, rows: list[dict], text: str
) -> None:
    found = attachment(seed, text)
    frame = parse_document(document_bytes(found), source=found["filename"]).fillna("")
    key = found["token"] or found["notice_id"]
    want = [r for r in rows if (r["attachment_token"] or r["notice_id"]) == key]
    fields = [f for f in DOCUMENT_COLUMNS if f != "batch"]
    assert frame[fields].astype(str).to_dict("records") == [{f: r[f] for f in fields} for r in want]


@pytest.mark.system
def test_the_full_site_builds_every_document(seed: dict, tmp_path: Path) -> None:
    site = build_site(tmp_path / "site", seed)
    assert len(list((site / "files").iterdir())) == 18 + 19 + 13 + 1 + 7
    assert (site / "2026-07" / "17" / "c_1786032856662750.htm").exists()
