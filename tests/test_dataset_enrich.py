"""enrich(): derived columns, cancellations, history and row problems on literal tables."""

import pandas as pd
import pytest

from crawler.constants import COLUMNS, TABLE_COLUMNS
from crawler.dataset import appearances, enrich

DS_NOTICE = "https://www.cac.gov.cn/2023-06/20/c_1688910683316256.htm"
DS2_NOTICE = "https://www.cac.gov.cn/2024-04/11/c_1712803821589302.htm"
CANCEL_MAY = "https://www.cac.gov.cn/2026-05/06/c_1778035818138258.htm"
CANCEL_JULY = "https://www.cac.gov.cn/2026-07/17/c_1786032856662751.htm"
GENAI_NOTICE = "https://www.cac.gov.cn/2024-04/02/c_1713729983803145.htm"
KUAISHOU = "网信算备110108413760701230023号"
SENSETIME = "网信算备310104671440701230364号"
BAIDU = "网信算备110108645502801230019号"


def row(**fields: str) -> dict[str, str]:
    """A table row: the given fields, '' elsewhere."""
    return {column: fields.get(column, "") for column in COLUMNS}


def listed(seq: str, filing_no: str, batch: str = "2023-06", notice: str = DS_NOTICE, **extra):
    fields = {
        "list_type": "deep_synthesis",
        "batch": batch,
        "seq": seq,
        "name": f"算法{seq}",
        "role": "服务提供者",
        "company": "北京快手科技有限公司",
        "filing_no": filing_no,
        "notice_url": notice,
        "attachment_url": f"{notice}#docx",
        "source_locator": f"table 1 row {int(seq) + 1}",
    }
    return row(**{**fields, **extra})


def cancellation(seq: str, filing_no: str, notice: str, batch: str) -> dict[str, str]:
    return row(
        list_type="cancellation",
        batch=batch,
        seq=seq,
        name=f"算法{seq}",
        company="北京快手科技有限公司",
        filing_no=filing_no,
        notice_url=notice,
        attachment_url=notice,
        source_locator=f"table 1 row {int(seq) + 1}",
    )


@pytest.fixture
def history_table() -> pd.DataFrame:
    """Kuaishou listed twice and cancelled twice; SenseTime listed; Baidu listed after a cancel."""
    return pd.DataFrame(
        [
            listed("1", KUAISHOU),
            listed("2", SENSETIME),
            listed("1", KUAISHOU, batch="2024-04", notice=DS2_NOTICE),
            cancellation("1", KUAISHOU, CANCEL_JULY, "2026-07"),
            cancellation("1", KUAISHOU, CANCEL_MAY, "2026-05"),
            cancellation("2", "网信算备110108034806301230281号", CANCEL_MAY, "2026-05"),
        ]
    )


def test_enrich_returns_the_table_columns_in_order(history_table) -> None:
    enriched = enrich(history_table)
    assert list(enriched.columns) == list(TABLE_COLUMNS)
    assert len(enriched) == len(history_table)


def test_cancelled_filings_stay_and_point_at_the_earliest_notice(history_table) -> None:
    enriched = enrich(history_table)
    got = enriched[["list_type", "filing_no", "status", "cancelled_by", "cancelled_on"]]
    assert got.values.tolist() == [
        ["deep_synthesis", KUAISHOU, "cancelled", CANCEL_MAY, "2026-05-06"],
        ["deep_synthesis", SENSETIME, "active", "", ""],
        ["deep_synthesis", KUAISHOU, "cancelled", CANCEL_MAY, "2026-05-06"],
        ["cancellation", KUAISHOU, "cancellation", CANCEL_MAY, "2026-05-06"],
        ["cancellation", KUAISHOU, "cancellation", CANCEL_MAY, "2026-05-06"],
        [
            "cancellation",
            "网信算备110108034806301230281号",
            "cancellation",
            CANCEL_MAY,
            "2026-05-06",
        ],
    ]


def test_a_cancellation_of_a_number_in_no_list_is_a_problem(history_table) -> None:
    enriched = enrich(history_table)
    assert enriched["problems"].tolist() == [
        "",
        "",
        "",
        "",
        "",
        "cancels a filing number found in no list",
    ]


def test_first_seen_is_the_earliest_batch_of_the_number(history_table) -> None:
    enriched = enrich(history_table)
    assert enriched["first_seen"].tolist() == [
        "2023-06",
        "2023-06",
        "2023-06",
        "2023-06",
        "2023-06",
        "2026-05",
    ]


def test_notice_dates_come_from_the_manifest_else_the_notice_url(history_table) -> None:
    enriched = enrich(history_table, {DS_NOTICE: "2023-06-21"})
    assert enriched["notice_date"].tolist() == [
        "2023-06-21",
        "2023-06-21",
        "2024-04-11",
        "2026-07-17",
        "2026-05-06",
        "2026-05-06",
    ]


def test_history_lists_every_appearance_oldest_first(history_table) -> None:
    enriched = enrich(history_table)
    rows = appearances(enriched, "网信算备 １１０１０８ 413760701230023号")
    assert rows[["batch", "list_type", "status", "notice_url"]].values.tolist() == [
        ["2023-06", "deep_synthesis", "cancelled", DS_NOTICE],
        ["2024-04", "deep_synthesis", "cancelled", DS2_NOTICE],
        ["2026-05", "cancellation", "cancellation", CANCEL_MAY],
        ["2026-07", "cancellation", "cancellation", CANCEL_JULY],
    ]
    assert appearances(enriched, "网信算备000000000000000000000号").empty


def test_a_row_listed_after_its_cancellation_is_flagged() -> None:
    table = pd.DataFrame(
        [
            cancellation("1", BAIDU, CANCEL_MAY, "2026-05"),
            listed("1", BAIDU, batch="2026-07", notice="https://www.cac.gov.cn/2026-07/17/c_1.htm"),
        ]
    )
    problems = enrich(table)["problems"].tolist()
    assert problems == ["", "listed in batch 2026-07, after its cancellation on 2026-05-06"]


def test_decoded_columns_of_an_algorithm_and_a_generative_ai_row() -> None:
    table = pd.DataFrame(
        [
            listed("1", BAIDU),
            row(
                list_type="genai_filed",
                batch="2025-12",
                seq="1",
                name="云雀大模型",
                company="北京字节跳动科技有限公司",
                filing_no="Beijing-YunQue-20230821",
                filing_date="2023-08-29",
                jurisdiction="北京市",
                notice_url=GENAI_NOTICE,
                attachment_url=f"{GENAI_NOTICE}#pdf",
            ),
        ]
    )
    decoded = enrich(table)[
        ["division_code", "province", "city", "district", "filing_year", "filing_no_date"]
    ]
    assert decoded.values.tolist() == [
        ["110108", "北京市", "北京市", "海淀区", "2023", ""],
        ["110000", "北京市", "", "", "2023", "2023-08-21"],
    ]


def test_roles_and_companies_are_normalized_and_keyed() -> None:
    table = pd.DataFrame(
        [
            listed(
                "1", KUAISHOU, role="服务提供者/服务技术支持者", company="阿里巴巴(中国)有限公司 "
            ),
            listed("2", SENSETIME, role="服务技术支持者", company="阿里巴巴（中国）有限公司"),
            listed("3", BAIDU, role="技术支持", company="阿里巴巴 （中国）有限公司"),
        ]
    )
    enriched = enrich(table)
    assert enriched["role"].tolist() == ["服务提供者、服务技术支持者", "服务技术支持者", "技术支持"]
    assert set(enriched["company"]) == {"阿里巴巴（中国）有限公司"}
    assert enriched["company_key"].nunique() == 1
    assert enriched["problems"].tolist() == [
        "",
        "",
        "role not one of 服务提供者, 服务技术支持者, 服务提供者、服务技术支持者",
    ]


def test_row_checks_name_each_problem() -> None:
    table = pd.DataFrame(
        [
            listed("1", KUAISHOU),
            listed("2", KUAISHOU),
            listed("3", "", role=""),
            listed("4", "网信算备110108413760701260023号"),
            listed("5", "Beijing-YunQue-20230821"),
            row(
                list_type="genai_filed",
                batch="2025-12",
                seq="1",
                name="云雀大模型",
                company="北京字节跳动科技有限公司",
                filing_no="Beijing-YunQue-20230821",
                jurisdiction="上海市",
                notice_url=GENAI_NOTICE,
            ),
        ]
    )
    assert enrich(table)["problems"].tolist() == [
        "filing_no listed 2 times in this list",
        "filing_no listed 2 times in this list",
        "empty role; empty filing_no",
        "filing year 2026 is after batch 2023-06",
        "filing_no is a generative-AI number in a deep_synthesis list",
        "jurisdiction 上海市 but filing_no says 北京市",
    ]


def test_a_malformed_number_is_kept_and_flagged() -> None:
    enriched = enrich(pd.DataFrame([listed("1", "网信算备11010841376070123002号")]))
    assert enriched["filing_no"].tolist() == ["网信算备11010841376070123002号"]
    assert enriched[["division_code", "province", "filing_year"]].values.tolist() == [["", "", ""]]
    assert enriched["problems"].tolist() == [
        "filing_no 网信算备11010841376070123002号: "
        "not 网信算备 + 6-digit division code + 15 digits + 号"
    ]


ALGORITHM_PAGE = "https://www.cac.gov.cn/2022-08/12/c_1661927474338504.htm"
KANGTAO = "网信算备330110287769002230015号"  # marked 已注销 in the real 2023-01 algorithm list
CHONGPANGPANG = "网信算备330110985154602230015号"  # marked 已注销, and cancelled 2026-01-07
CANCEL_JANUARY = "https://beian.cac.gov.cn/api/file/fileDownLoad?noticeId=notice_5a210e0d"


def algorithm_row(seq: str, filing_no: str, batch: str, **extra: str) -> dict[str, str]:
    """A row of the algorithm-recommendation list of `batch` (one page, updated in place)."""
    fields = {
        "list_type": "algorithm",
        "batch": batch,
        "seq": seq,
        "name": f"推荐算法{seq}",
        "category": "个性化推送类",
        "company": "杭州康淘信息技术有限公司",
        "filing_no": filing_no,
        "notice_url": ALGORITHM_PAGE,
        "attachment_url": f"{ALGORITHM_PAGE}#{batch}",
        "source_locator": f"table 1 row {int(seq) + 1}",
    }
    return row(**{**fields, **extra})


def genai_row(filing_no: str, jurisdiction: str, **extra: str) -> dict[str, str]:
    fields = {
        "list_type": "genai_filed",
        "batch": "2024-04",
        "seq": "1",
        "name": "九天自然语言交互大模型",
        "company": "中国移动通信有限公司",
        "filing_no": filing_no,
        "filing_date": "2024-02-07",
        "jurisdiction": jurisdiction,
        "notice_url": GENAI_NOTICE,
        "attachment_url": f"{GENAI_NOTICE}#pdf",
    }
    return row(**{**fields, **extra})


def test_a_remark_saying_cancelled_cancels_every_row_of_the_number() -> None:
    table = pd.DataFrame(
        [
            algorithm_row("55", KANGTAO, "2023-01", remarks="已注销"),
            algorithm_row("3", KANGTAO, "2023-04"),
            algorithm_row("38", CHONGPANGPANG, "2023-12", remarks="已注销"),
            cancellation("5", CHONGPANGPANG, CANCEL_JANUARY, "2026-01"),
            algorithm_row("9", "", "2023-12", remarks="已注销", name="无编号算法"),
        ]
    )
    enriched = enrich(table, {CANCEL_JANUARY: "2026-01-07"})
    got = enriched[["filing_no", "status", "cancelled_by", "cancelled_on", "events"]]
    assert got.values.tolist() == [
        [KANGTAO, "cancelled", ALGORITHM_PAGE, "", "cancelled"],
        [KANGTAO, "cancelled", ALGORITHM_PAGE, "", ""],
        [CHONGPANGPANG, "cancelled", CANCEL_JANUARY, "2026-01-07", "cancelled"],
        [CHONGPANGPANG, "cancellation", CANCEL_JANUARY, "2026-01-07", ""],
        ["", "cancelled", ALGORITHM_PAGE, "", "cancelled"],
    ]
    assert enriched["problems"].tolist() == ["", "", "", "", "empty filing_no"]


def test_a_list_after_the_cancellation_notice_is_flagged_unless_it_marks_the_number() -> None:
    table = pd.DataFrame(
        [
            cancellation("5", CHONGPANGPANG, CANCEL_JANUARY, "2026-01"),
            algorithm_row("38", CHONGPANGPANG, "2023-12"),
            algorithm_row("2", CHONGPANGPANG, "2026-03", remarks="已注销"),
            algorithm_row("4", CHONGPANGPANG, "2026-05"),
        ]
    )
    problems = enrich(table, {CANCEL_JANUARY: "2026-01-07"})["problems"].tolist()
    assert problems == ["", "", "", "listed in batch 2026-05, after its cancellation on 2026-01-07"]


def test_the_same_file_under_two_urls_or_an_annual_relisting_is_no_duplicate() -> None:
    period = listed("1", KUAISHOU, attachment_sha256="aa")
    same_file = listed("1", KUAISHOU, attachment_sha256="aa", attachment_url="copy")
    annual = listed("7", KUAISHOU, attachment_sha256="bb", attachment_url="annual")
    twice = [listed(seq, BAIDU, attachment_sha256="cc", attachment_url="c") for seq in "23"]
    problems = enrich(pd.DataFrame([period, same_file, annual, *twice]))["problems"].tolist()
    assert problems == [
        "",
        "",
        "",
        "filing_no listed 2 times in this list",
        "filing_no listed 2 times in this list",
    ]


def test_a_truncated_role_is_named_and_algorithm_rows_need_no_role() -> None:
    table = pd.DataFrame(
        [
            cancellation("1", BAIDU, CANCEL_MAY, "2026-05") | {"role": "服务提供"},
            listed("1", BAIDU),
            algorithm_row("1", KANGTAO, "2023-01", category="", role=""),
            algorithm_row("2", "网信算备330110287769004230017号", "2023-01", name=""),
        ]
    )
    enriched = enrich(table)
    assert enriched["role"].tolist() == ["服务提供", "服务提供者", "", ""]
    assert enriched["problems"].tolist() == ["role 服务提供 is truncated", "", "", "empty name"]


@pytest.mark.parametrize(
    ("filing_no", "jurisdiction", "decoded", "problems"),
    [
        ("ZhongYangQiYe-JiuTian-20240123", "国资委", ["", "", "yes"], ""),
        ("ZhongYangQiYe-JiuTian-20240123", "", ["", "", "yes"], "empty jurisdiction"),
        (
            "ZhongYangQiYe-JiuTian-20240123",
            "北京市",
            ["", "", "yes"],
            "jurisdiction 北京市 but filing_no says 中央企业",
        ),
        (
            "Beijing-JiuTian-20240123",
            "国资委",
            ["110000", "北京市", "yes"],
            "jurisdiction 国资委 but filing_no says 北京市",
        ),
        ("ShanXi-BoGuan-202505120002", "陕西省", ["610000", "陕西省", ""], ""),
        (
            "ShanXi-ChaoNaoGongYeChuiLeiDaMoXing-202505070002",
            "山西省",
            ["140000", "山西省", ""],
            "",
        ),
        ("Shinghai-ShuShengPuYu-20230821", "上海市", ["310000", "上海市", ""], ""),
    ],
)
def test_central_soes_and_province_spellings_against_their_jurisdiction(
    filing_no: str, jurisdiction: str, decoded: list[str], problems: str
) -> None:
    enriched = enrich(pd.DataFrame([genai_row(filing_no, jurisdiction)]))
    assert enriched[["division_code", "province", "central_soe"]].values.tolist() == [decoded]
    assert enriched["problems"].tolist() == [problems]


def test_algorithm_numbers_decode_their_category_and_deep_synthesis_ones_must_be_01() -> None:
    table = pd.DataFrame(
        [
            algorithm_row("1", "网信算备110105799745702220015号", "2022-08"),
            algorithm_row("2", "网信算备310115418002604240015号", "2025-03", category="信息检索类"),
            algorithm_row("3", "网信算备110105104112305250011号", "2025-07", category="检索过滤类"),
            listed("1", BAIDU),
            listed("2", "网信算备110108645502802230019号"),
        ]
    )
    enriched = enrich(table)
    assert enriched["filing_category"].tolist() == [
        "个性化推送类",
        "检索过滤类",
        "内容过滤类",
        "生成合成类",
        "个性化推送类",
    ]
    assert enriched["problems"].tolist() == [
        "",
        "",
        "",
        "",
        "filing_no category 个性化推送类 in a deep_synthesis list (always 01 生成合成类)",
    ]
