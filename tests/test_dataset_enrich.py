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
KUAISHOU = "网信算备110108712183828230255号"
SENSETIME = "网信算备310104671440719230364号"
BAIDU = "网信算备110108765465532230196号"


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
            cancellation("2", "网信算备110108034806308230281号", CANCEL_MAY, "2026-05"),
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
            "网信算备110108034806308230281号",
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
    rows = appearances(enriched, "网信算备 １１０１０８ 712183828230255号")
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
    assert problems == ["", "listed on 2026-07-17, after its cancellation on 2026-05-06"]


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
            listed("4", "网信算备110108712183828260255号"),
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
        "filing_no listed 2 times in this batch",
        "filing_no listed 2 times in this batch",
        "empty role; empty filing_no",
        "filing year 2026 is after batch 2023-06",
        "filing_no is a generative-AI number in a deep_synthesis list",
        "jurisdiction 上海市 but filing_no says 北京市",
    ]


def test_a_malformed_number_is_kept_and_flagged() -> None:
    enriched = enrich(pd.DataFrame([listed("1", "网信算备11010871218382823025号")]))
    assert enriched["filing_no"].tolist() == ["网信算备11010871218382823025号"]
    assert enriched[["division_code", "province", "filing_year"]].values.tolist() == [["", "", ""]]
    assert enriched["problems"].tolist() == [
        "filing_no 网信算备11010871218382823025号: "
        "not 网信算备 + 6-digit division code + 15 digits + 号"
    ]
