"""Filing-number decoding against the shipped GB/T 2260 table; malformed numbers are flagged."""

import csv

import pytest

from crawler.dataset.decode import Decoded, decode_filing_no
from crawler.dataset.divisions import GBT2260_CSV, division_names, lookup_division


def test_the_division_table_is_complete_and_keeps_abolished_codes() -> None:
    with GBT2260_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["code", "name", "first_revision", "last_revision"]
    codes = {row["code"] for row in rows}
    assert len(codes) == len(rows) == 7330
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    current = [row for row in rows if row["last_revision"] == "2025-12"]
    assert len(current) == 3429
    provinces = {code for code in codes if code.endswith("0000")}
    assert len(provinces) >= 34
    assert division_names()["230702"] == "伊春区"  # abolished in 2019, kept for old numbers


@pytest.mark.parametrize(
    ("code", "province", "city", "district"),
    [
        ("110108", "北京市", "北京市", "海淀区"),
        ("330106", "浙江省", "杭州市", "西湖区"),
        ("310115", "上海市", "上海市", "浦东新区"),
        ("440305", "广东省", "深圳市", "南山区"),
        ("429004", "湖北省", "省直辖县级行政区划", "仙桃市"),
        ("441900", "广东省", "东莞市", ""),
        ("110000", "北京市", "", ""),
    ],
)
def test_division_levels(code: str, province: str, city: str, district: str) -> None:
    division = lookup_division(code)
    assert (division.province, division.city, division.district) == (province, city, district)
    assert division.known


def test_algorithm_number_gives_division_and_year() -> None:
    assert decode_filing_no("网信算备110108823483901230031号") == Decoded(
        kind="algorithm",
        division_code="110108",
        province="北京市",
        city="北京市",
        district="海淀区",
        filing_year="2023",
    )


def test_unknown_division_code_keeps_the_levels_it_can_name_and_says_so() -> None:
    decoded = decode_filing_no("网信算备110199823483901240031号")
    assert (decoded.division_code, decoded.province, decoded.city, decoded.district) == (
        "110199",
        "北京市",
        "北京市",
        "",
    )
    assert decoded.filing_year == "2024"
    assert decoded.problems == ("division code 110199 is not in GB/T 2260",)


@pytest.mark.parametrize(
    "number",
    [
        "网信算备11010882348390123003号",  # a digit short
        "网信算备1101088234839012300311号",  # a digit too many
        "网信算备110108823483901230031",  # no 号
        "网信算备11010882348390123O031号",  # letter O for zero
    ],
)
def test_malformed_algorithm_numbers_decode_to_nothing_and_are_flagged(number: str) -> None:
    assert decode_filing_no(number) == Decoded(
        kind="algorithm",
        problems=(f"filing_no {number}: not 网信算备 + 6-digit division code + 15 digits + 号",),
    )


def test_a_year_before_filing_began_is_flagged_not_dropped() -> None:
    decoded = decode_filing_no("网信算备110108823483901190031号")
    assert decoded.filing_year == "2019"
    assert decoded.problems == ("filing year 2019 is before filing began (2022)",)


def test_generative_ai_number_gives_province_and_date() -> None:
    assert decode_filing_no("Beijing-YunQue-20230821") == Decoded(
        kind="genai",
        division_code="110000",
        province="北京市",
        filing_year="2023",
        filing_no_date="2023-08-21",
    )


def test_registration_number_with_suffix() -> None:
    decoded = decode_filing_no("Jiangsu-JingWei-20240815S0001")
    assert (decoded.province, decoded.filing_no_date, decoded.problems) == (
        "江苏省",
        "2024-08-15",
        (),
    )


def test_shaanxi_and_shanxi_are_told_apart() -> None:
    assert decode_filing_no("Shaanxi-QinLing-20240105").province == "陕西省"
    assert decode_filing_no("Shanxi-JinYun-20240105").province == "山西省"


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("Atlantis-Deep-20240101", "unknown province 'Atlantis'"),
        ("Beijing-YunQue-20231341", "20231341 is not a plausible date"),
        ("Beijing-YunQue-20190821", "20190821 is not a plausible date"),
    ],
)
def test_malformed_generative_ai_numbers_are_flagged(number: str, problem: str) -> None:
    decoded = decode_filing_no(number)
    assert decoded.problems == (f"filing_no {number}: {problem}",)


def test_unknown_format_and_empty_number() -> None:
    assert decode_filing_no("ICP备12345678号").problems == (
        "filing_no ICP备12345678号: not a known filing-number format",
    )
    assert decode_filing_no("") == Decoded()
