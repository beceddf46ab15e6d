"""Filing-number decoding against the shipped GB/T 2260 table; malformed numbers are flagged."""

import csv

import pytest

from crawler.dataset.decode import ALGORITHM_CATEGORIES, Decoded, decode_filing_no
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
        filing_category="生成合成类",
    )


def test_unknown_division_code_keeps_the_levels_it_can_name_and_says_so() -> None:
    decoded = decode_filing_no("网信算备110199823483901240031号")  # 110199: no such district
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


@pytest.mark.parametrize(
    ("number", "category"),
    [
        ("网信算备110108105858001230019号", "生成合成类"),
        ("网信算备110101135224302220011号", "个性化推送类"),
        ("网信算备440305295988703220011号", "排序精选类"),
        ("网信算备310115418002604240015号", "检索过滤类"),
        ("网信算备110105104112305250011号", "内容过滤类"),
        ("网信算备110108224236606220017号", "调度决策类"),
    ],
)
def test_the_category_code_of_an_algorithm_number(number: str, category: str) -> None:
    decoded = decode_filing_no(number)
    assert (decoded.filing_category, decoded.problems) == (category, ())


def test_an_unknown_category_code_is_flagged_not_named() -> None:
    decoded = decode_filing_no("网信算备110108105858007230019号")
    assert (decoded.division_code, decoded.filing_year, decoded.filing_category) == (
        "110108",
        "2023",
        "",
    )
    assert decoded.problems == ("category code 07 is not one of 01, 02, 03, 04, 05, 06",)
    assert list(ALGORITHM_CATEGORIES) == ["01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize(
    ("number", "date"),
    [
        ("Beijing-WenXinYiYan-20230821", "2023-08-21"),
        ("ZheJiang-LingXiZhiNengZhuLiDamoXing-202407120001", "2024-07-12"),
        ("ZheJiang-HuaShuShiHuaWenLvDaMoXing-20250609000026", "2025-06-09"),  # the 14-digit one
        ("Shanghai-GongJiXiaoYiAIJiuYiZhuLi-20240829S0021", "2024-08-29"),
        ("Beijing-BR-LLM-202503180078", "2025-03-18"),  # a hyphen inside the name
    ],
)
def test_generative_ai_number_shapes(number: str, date: str) -> None:
    decoded = decode_filing_no(number)
    assert (decoded.kind, decoded.filing_no_date, decoded.filing_year, decoded.problems) == (
        "genai",
        date,
        date[:4],
        (),
    )


def test_a_central_soe_number_has_no_province_and_is_marked() -> None:
    assert decode_filing_no("ZhongYangQiYe-KunLun-202408090002", "国资委") == Decoded(
        kind="genai",
        filing_year="2024",
        filing_no_date="2024-08-09",
        central_soe="yes",
    )
    assert decode_filing_no("ZhongYangQiYe-KunLun-202408090002").central_soe == "yes"


@pytest.mark.parametrize(
    ("number", "jurisdiction", "code", "province", "city"),
    [
        ("ShanXi-BoGuan-202505120002", "陕西省", "610000", "陕西省", ""),
        ("ShanXi-ChaoNaoGongYeChuiLeiDaMoXing-202505070002", "山西省", "140000", "山西省", ""),
        ("Shanxi-JinChanZhiCai-202510140003", "山西省", "140000", "山西省", ""),
        ("ShanXi-BoGuan-202505120002", "", "140000", "山西省", ""),
        ("ShaanXi-DianTong-202601070004", "陕西省", "610000", "陕西省", ""),
        (
            "Shaanxi-Xi’anZhiJianGongHuiZhiNengZhuShou-20260106S0004",
            "陕西省",
            "610000",
            "陕西省",
            "",
        ),
        ("BeiJing-X-20240101", "北京市", "110000", "北京市", ""),
        ("Shinghai-X-20240101", "上海市", "310000", "上海市", ""),
        ("Xi’an-X-20240101", "陕西省", "610100", "陕西省", "西安市"),
    ],
)
def test_province_spellings_decode_without_problems(
    number: str, jurisdiction: str, code: str, province: str, city: str
) -> None:
    decoded = decode_filing_no(number, jurisdiction)
    assert (decoded.division_code, decoded.province, decoded.city, decoded.problems) == (
        code,
        province,
        city,
        (),
    )


def test_a_truncated_generative_ai_number_is_flagged_never_completed() -> None:
    number = "Jiangsu-SiWeiXiangLiangZhiSuanYun-"
    assert decode_filing_no(number, "江苏省") == Decoded(
        kind="genai",
        division_code="320000",
        province="江苏省",
        problems=(f"filing_no {number}: truncated, no YYYYMMDD date at its end",),
    )


def test_digits_of_another_shape_after_a_generative_ai_name_are_flagged() -> None:
    number = "Beijing-YunQue-2023082112345"
    assert decode_filing_no(number).problems == (
        f"filing_no {number}: not Prov-Name-YYYYMMDD, -YYYYMMDDnnnn or -YYYYMMDDSnnnn",
    )
