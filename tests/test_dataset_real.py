"""The dataset stage on the real published rows (replica/real_rows/*.json): every filing number
decodes, and only the truly odd rows carry problems."""

import json

import pytest

from crawler.dataset import enrich
from crawler.dataset.decode import decode_filing_no
from crawler.dataset.validate import SWAPPED_PROBLEM
from tests.real_rows_table import REAL_ROWS, real_notice_dates, real_table

TRUNCATED = "Jiangsu-SiWeiXiangLiangZhiSuanYun-"
ALGORITHM_PAGE = "https://www.cac.gov.cn/2022-08/12/c_1661927474338504.htm"
CANCEL_JANUARY = "https://beian.cac.gov.cn/api/file/fileDownLoad?noticeId=notice_5a210e0d-9585-456b-872f-d09b08c0cc0e"


def real_numbers() -> list[tuple[str, str]]:
    """(filing number, 属地) of every real row, read from the JSON files themselves; the 已登记
    header rows the tracker kept inside genAI tables (属地 属地, 上线编号) are no rows."""
    numbers = []
    for path in sorted(REAL_ROWS.glob("*.json")):
        for batch in json.loads(path.read_text(encoding="utf-8"))["batches"]:
            for row in batch["rows"]:
                number = row.get("备案编号") or row.get("备案号") or row.get("code", "")
                if row.get("属地") != "属地":
                    numbers.append((number, row.get("属地", "")))
    return numbers


def test_every_real_number_decodes_and_only_the_truncated_one_has_a_problem() -> None:
    numbers = real_numbers()
    assert len(numbers) == 528
    problems = {
        number: decoded.problems
        for number, jurisdiction in numbers
        if (decoded := decode_filing_no(number, jurisdiction)).problems
    }
    assert problems == {
        TRUNCATED: (f"filing_no {TRUNCATED}: truncated, no YYYYMMDD date at its end",)
    }


def test_every_real_number_decodes_to_its_kind_and_place() -> None:
    for number, jurisdiction in real_numbers():
        decoded = decode_filing_no(number, jurisdiction)
        if number.startswith("网信算备"):
            assert (decoded.kind, len(decoded.division_code), decoded.filing_category != "") == (
                "algorithm",
                6,
                True,
            ), number
        elif jurisdiction == "国资委":
            assert (decoded.province, decoded.central_soe) == ("", "yes"), number
        else:
            assert jurisdiction.startswith(decoded.province[:2]), (number, jurisdiction)
            assert decoded.filing_no_date or number == TRUNCATED, number


@pytest.fixture(scope="module")
def enriched():
    return enrich(real_table(), real_notice_dates())


def test_only_the_odd_real_rows_carry_problems(enriched) -> None:
    flagged = enriched[enriched["problems"] != ""]
    rows = flagged[["list_type", "batch", "seq", "problems"]].values.tolist()
    swapped = [["genai_filed", "2025-03", str(seq), SWAPPED_PROBLEM] for seq in range(340, 346)]
    truncated = [
        "genai_registered",
        "2025-10",
        "286",
        f"filing_no {TRUNCATED}: truncated, no YYYYMMDD date at its end",
    ]
    # The sample holds a few lists only: the numbers these notices cancel are in no sampled list
    # but one (网信算备330110985154602230015号, in the 2023-12 algorithm list).
    unlisted = [
        ["cancellation", batch, str(seq), "cancels a filing number found in no list"]
        for batch, seqs in [
            ("2025-09", range(1, 6)),
            ("2026-01", range(1, 5)),
            ("2026-03", [1]),
            ("2026-05", range(1, 6)),
        ]
        for seq in seqs
    ]
    assert rows == [*swapped, truncated, *unlisted]


def test_the_swapped_real_rows_are_kept_as_printed(enriched) -> None:
    row = enriched[(enriched["batch"] == "2025-03") & (enriched["seq"] == "340")].iloc[0]
    assert (row["name"], row["company"]) == ("深圳市商汤科技有限公司", "商汤AI代码生成模型")


def test_real_central_soe_rows_have_no_province_and_are_marked(enriched) -> None:
    central = enriched[enriched["central_soe"] == "yes"]
    assert len(central) == 14
    assert set(central["jurisdiction"]) == {"国资委"}
    assert central["filing_no"].str.startswith("ZhongYangQiYe-").all()
    assert set(central["province"]) == {""}
    assert set(central["problems"]) == {""}


def test_real_cancellations_by_notice_and_by_remark(enriched) -> None:
    cancelled = enriched[enriched["status"] == "cancelled"]
    assert cancelled[["batch", "filing_no", "cancelled_by", "cancelled_on"]].values.tolist() == [
        ["2023-01", "网信算备330110287769002230015号", ALGORITHM_PAGE, ""],
        ["2023-01", "网信算备330110287769004230017号", ALGORITHM_PAGE, ""],
        ["2023-12", "网信算备110113605440104230017号", ALGORITHM_PAGE, ""],
        ["2023-12", "网信算备330110985154602230015号", CANCEL_JANUARY, "2026-01-07"],
    ]


def test_real_dates_keep_their_late_entry_note(enriched) -> None:
    late = enriched[enriched["filing_date_note"] == "补登"]
    assert late[["batch", "filing_no", "filing_date"]].values.tolist()[:2] == [
        ["2025-10", "Fujian-BaiZe-20250624S0001", "2025-06-30"],
        ["2025-10", "Fujian-ZhiDingYunFan-20250624S0002", "2025-06-30"],
    ]
    assert len(late) == 12
