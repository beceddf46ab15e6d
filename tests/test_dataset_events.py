"""Remarks (备注) read as events: cancellations, renamed entities, added products, changes."""

from pathlib import Path

import pandas as pd
import pytest

from crawler.constants import COLUMNS
from crawler.dataset import enrich, remark_events, write_events
from crawler.dataset.events import (
    EVENT_COLUMNS,
    RemarkEvent,
    company_key_of,
    events_path,
    parse_remarks,
    read_events,
    rename_links,
    split_clauses,
)
from crawler.paths import DataPaths
from tests.real_rows_table import real_notice_dates, real_table

ALGORITHM_PAGE = "https://www.cac.gov.cn/2022-08/12/c_1661927474338504.htm"
GENAI_PAGE = "https://www.cac.gov.cn/2024-04/02/c_1713729983803145.htm"
DEWU_RENAME = "原主体名称“上海识装信息科技有限公司”变更为“上海得物信息集团有限公司”"


def event(kind: str, **fields: str) -> RemarkEvent:
    return RemarkEvent(kind, **fields)


@pytest.mark.parametrize(
    ("remark", "events"),
    [
        ("已注销", [event("cancelled", text="已注销")]),
        (
            "已于2025年7月注销",
            [event("cancelled", month="2025-07", text="已于2025年7月注销")],
        ),
        (
            "原主体名称“北京网聘咨询有限公司”变更为“北京网聘信息技术有限公司”",
            [
                event(
                    "renamed",
                    field="company",
                    old="北京网聘咨询有限公司",
                    new="北京网聘信息技术有限公司",
                    text="原主体名称“北京网聘咨询有限公司”变更为“北京网聘信息技术有限公司”",
                )
            ],
        ),
        (
            f"{DEWU_RENAME}《拟公示算法机制机理内容》变更算法运行机制",
            [
                event(
                    "renamed",
                    field="company",
                    old="上海识装信息科技有限公司",
                    new="上海得物信息集团有限公司",
                    text=DEWU_RENAME,
                ),
                event("changed", text="《拟公示算法机制机理内容》变更算法运行机制"),
            ],
        ),
        (
            "2023年12月新增算法使用产品",
            [
                event(
                    "product_added",
                    field="product",
                    month="2023-12",
                    text="2023年12月新增算法使用产品",
                )
            ],
        ),
        (
            "2023年4月新增算法使用产品，2023年12月更新算法公示信息",
            [
                event(
                    "product_added",
                    field="product",
                    month="2023-04",
                    text="2023年4月新增算法使用产品",
                ),
                event("changed", month="2023-12", text="2023年12月更新算法公示信息"),
            ],
        ),
        (
            "2023年4月、12月更新算法公示信息",
            [
                event("changed", month="2023-04", text="2023年4月、12月更新算法公示信息"),
                event("changed", month="2023-12", text="2023年4月、12月更新算法公示信息"),
            ],
        ),
        (
            "2024年1月更新应用产品，新增酷狗概念版",
            [
                event(
                    "product_added",
                    field="product",
                    new="酷狗概念版",
                    month="2024-01",
                    text="2024年1月更新应用产品，新增酷狗概念版",
                )
            ],
        ),
        (
            "2024年6月，新增天工AI助手(APP)、天工AI搜索(小程序)",
            [
                event(
                    "product_added",
                    field="product",
                    new="天工AI助手(APP)、天工AI搜索(小程序)",
                    month="2024-06",
                    text="2024年6月，新增天工AI助手(APP)、天工AI搜索(小程序)",
                )
            ],
        ),
        (
            "2024年8月新增关联产品：店长直聘(APP)",
            [
                event(
                    "product_added",
                    field="product",
                    new="店长直聘(APP)",
                    month="2024-08",
                    text="2024年8月新增关联产品：店长直聘(APP)",
                )
            ],
        ),
        (
            "变更内容：新增产品中信证券研究(网站)、中信证券研究服务(小程序)",
            [
                event(
                    "product_added",
                    field="product",
                    new="中信证券研究(网站)、中信证券研究服务(小程序)",
                    text="变更内容：新增产品中信证券研究(网站)、中信证券研究服务(小程序)",
                )
            ],
        ),
        (
            "变更内容：产品变更，变更主要用途文字描述，新增图像检索",
            [
                event("changed", text="变更内容：产品变更"),
                event("changed", text="变更主要用途文字描述"),
                event("changed", text="新增图像检索"),
            ],
        ),
        (
            "变更内容：产品名称由“宝宝云平台（APP）”变更为“宝宝云(APP)”",
            [
                event(
                    "changed",
                    field="product",
                    old="宝宝云平台（APP）",
                    new="宝宝云(APP)",
                    text="产品名称由“宝宝云平台（APP）”变更为“宝宝云(APP)”",
                )
            ],
        ),
        (
            "变更内容：原算法名称“共绩Dreamifly图像生成算法”变更为“共绩梦飞智能体图像生成算法”",
            [
                event(
                    "changed",
                    field="name",
                    old="共绩Dreamifly图像生成算法",
                    new="共绩梦飞智能体图像生成算法",
                    text="原算法名称“共绩Dreamifly图像生成算法”变更为“共绩梦飞智能体图像生成算法”",
                )
            ],
        ),
        (
            "产品变更、算法输出模态变更、算法模型变更",
            [event("changed", text="产品变更、算法输出模态变更、算法模型变更")],
        ),
        ("", []),
    ],
)
def test_real_remarks_read_as_events(remark: str, events: list[RemarkEvent]) -> None:
    assert parse_remarks(remark) == events


def test_quotes_of_every_kind_and_several_events_in_one_cell() -> None:
    remark = '原主体名称「甲公司」变更为「乙公司」；原主体名称"乙公司"变更为"丙公司"，已注销'
    assert [(e.kind, e.old, e.new) for e in parse_remarks(remark)] == [
        ("renamed", "甲公司", "乙公司"),
        ("renamed", "乙公司", "丙公司"),
        ("cancelled", "", ""),
    ]


def test_separators_inside_quotes_do_not_split() -> None:
    remark = "算法名称原“A”变更为“B”，变更主要用途 为“应用于排序场景，通过打散、打分优化结果。”"
    assert split_clauses(remark) == [
        "算法名称原“A”变更为“B”",
        "变更主要用途 为“应用于排序场景，通过打散、打分优化结果。”",
    ]
    assert [(e.field, e.old, e.new) for e in parse_remarks(remark)] == [
        ("name", "A", "B"),
        ("purpose", "", "应用于排序场景，通过打散、打分优化结果。"),
    ]


def listed(company: str, batch: str, remarks: str = "", **extra: str) -> dict[str, str]:
    """An algorithm-list row of `company` in `batch`."""
    fields = {
        "list_type": "algorithm",
        "batch": batch,
        "seq": "1",
        "name": "推荐算法",
        "category": "个性化推送类",
        "company": company,
        "filing_no": "网信算备110105799745702220015号",
        "remarks": remarks,
        "notice_url": ALGORITHM_PAGE,
        "attachment_url": f"{ALGORITHM_PAGE}#{batch}",
        "source_locator": "table 1 row 7",
    }
    return {column: {**fields, **extra}.get(column, "") for column in COLUMNS}


def rename(old: str, new: str) -> str:
    return f"原主体名称“{old}”变更为“{new}”"


def test_remark_events_carry_the_row_they_were_read_from() -> None:
    table = pd.DataFrame(
        [
            listed(
                "北京网聘信息技术有限公司",
                "2023-01",
                rename("北京网聘咨询有限公司", "北京网聘信息技术有限公司"),
            ),
            listed("北京三快科技有限公司", "2023-01", "已注销；2023年12月新增算法使用产品"),
            listed("北京三快科技有限公司", "2023-04"),
        ]
    )
    events = remark_events(table)
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert events.values.tolist() == [
        [
            "网信算备110105799745702220015号",
            "algorithm",
            "2023-01",
            ALGORITHM_PAGE,
            f"{ALGORITHM_PAGE}#2023-01",
            "table 1 row 7",
            "renamed",
            "company",
            "北京网聘咨询有限公司",
            "北京网聘信息技术有限公司",
            "",
            rename("北京网聘咨询有限公司", "北京网聘信息技术有限公司"),
        ],
        [
            "网信算备110105799745702220015号",
            "algorithm",
            "2023-01",
            ALGORITHM_PAGE,
            f"{ALGORITHM_PAGE}#2023-01",
            "table 1 row 7",
            "cancelled",
            "",
            "",
            "",
            "",
            "已注销",
        ],
        [
            "网信算备110105799745702220015号",
            "algorithm",
            "2023-01",
            ALGORITHM_PAGE,
            f"{ALGORITHM_PAGE}#2023-01",
            "table 1 row 7",
            "product_added",
            "product",
            "",
            "",
            "2023-12",
            "2023年12月新增算法使用产品",
        ],
    ]
    assert enrich(table)["events"].tolist() == ["renamed", "cancelled; product_added", ""]


def test_a_rename_gives_the_old_and_the_new_name_one_company_key() -> None:
    table = pd.DataFrame(
        [
            listed("北京网聘咨询有限公司", "2022-08"),
            listed(
                "北京网聘信息技术有限公司",
                "2023-01",
                rename("北京网聘咨询有限公司", "北京网聘信息技术有限公司"),
            ),
            listed("北京懂球帝科技有限公司", "2022-08"),
        ]
    )
    enriched = enrich(table)
    assert enriched["company"].tolist() == [
        "北京网聘咨询有限公司",
        "北京网聘信息技术有限公司",
        "北京懂球帝科技有限公司",
    ]
    assert enriched["company_key"].tolist() == [
        "北京网聘信息技术有限公司",
        "北京网聘信息技术有限公司",
        "北京懂球帝科技有限公司",
    ]
    links = rename_links(remark_events(table))
    assert links == {"北京网聘咨询有限公司": "北京网聘信息技术有限公司"}
    assert company_key_of("北京网聘咨询有限公司 ", links) == "北京网聘信息技术有限公司"
    assert company_key_of("北京懂球帝(科技)有限公司", links) == "北京懂球帝（科技）有限公司"


def test_a_chain_of_renames_ends_at_the_latest_name() -> None:
    table = pd.DataFrame(
        [
            listed("甲(北京)有限公司", "2022-08"),
            listed("乙有限公司", "2023-01", rename("甲（北京）有限公司", "乙有限公司")),
            listed("丙有限公司", "2025-03", f"变更内容：{rename('乙有限公司', '丙有限公司')}"),
        ]
    )
    assert enrich(table)["company_key"].tolist() == ["丙有限公司"] * 3


def test_a_rename_back_ends_at_the_name_the_latest_rename_gave() -> None:
    events = remark_events(
        pd.DataFrame(
            [
                listed("乙有限公司", "2023-01", rename("甲有限公司", "乙有限公司")),
                listed("甲有限公司", "2025-03", rename("乙有限公司", "甲有限公司")),
            ]
        )
    )
    assert rename_links(events) == {"甲有限公司": "甲有限公司", "乙有限公司": "甲有限公司"}


def test_write_events_keeps_the_events_table(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    table = pd.DataFrame([listed("北京三快科技有限公司", "2023-01", "已注销")])
    assert read_events(paths).columns.tolist() == list(EVENT_COLUMNS)
    write_events(table, paths)
    assert events_path(paths) == tmp_path / "data" / "processed" / "events.csv"
    assert events_path(paths).read_bytes().startswith(b"\xef\xbb\xbf")
    pd.testing.assert_frame_equal(read_events(paths), remark_events(table))


def test_the_real_remarks_give_these_events() -> None:
    events = remark_events(real_table())
    assert events["kind"].value_counts().to_dict() == {
        "changed": 17,
        "product_added": 12,
        "renamed": 10,
        "cancelled": 4,
    }
    renamed = events[events["kind"] == "renamed"]
    assert sorted(set(zip(renamed["old"], renamed["new"], strict=True))) == sorted(
        [
            ("上海赛可出行科技服务有限公司", "享道出行（上海）科技股份有限公司"),
            ("上海识装信息科技有限公司", "上海得物信息集团有限公司"),
            ("上海适享文化传播有限公司", "适享智慧（上海）科技有限公司"),
            ("北京懂球帝科技有限公司", "北京多格科技有限公司"),
            ("北京深势科技有限公司", "北京深势科技股份有限公司"),
            ("北京网聘咨询有限公司", "北京网聘信息技术有限公司"),
            ("支付宝（杭州）信息技术有限公司", "支付宝（杭州）数字服务技术有限公司"),
            ("高德软件有限公司", "北京高德图强科技有限公司"),
        ]
    )
    cancelled = events[events["kind"] == "cancelled"]
    assert cancelled["filing_no"].tolist() == [
        "网信算备330110287769002230015号",
        "网信算备330110287769004230017号",
        "网信算备110113605440104230017号",
        "网信算备330110985154602230015号",
    ]


def test_the_real_renamed_entities_share_a_key_across_families() -> None:
    enriched = enrich(real_table(), real_notice_dates())
    wangpin = enriched[enriched["company"] == "北京网聘信息技术有限公司"]
    assert wangpin["list_type"].tolist() == ["algorithm", "genai_filed", "genai_filed"]
    assert set(wangpin["company_key"]) == {"北京网聘信息技术有限公司"}
    links = rename_links(remark_events(enriched))
    assert company_key_of("北京网聘咨询有限公司", links) == "北京网聘信息技术有限公司"
    assert company_key_of("上海识装信息科技有限公司", links) == "上海得物信息集团有限公司"
