"""The overview: readable company labels, fixed colours, rows against filings, the charts' data."""

import json
from typing import Any

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from tests.ui_apptest import APP
from tests.ui_helpers import BAIDU, BYTEDANCE, OPPO, ui_table
from ui import overview
from ui.charts import COLOURS, bar, colour_scale

pytestmark = pytest.mark.usefixtures("fresh_caches")

CHARTS = ("per_batch", "listings", "genai", "provinces", "companies", "categories", "roles")


def open_overview(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.query_params.update(params)
    at.switch_page("views/overview.py")
    at.run()
    assert not at.exception, at.exception
    return at


def chart(at: AppTest, name: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """The spec and the data of one of the overview's charts (CHARTS order)."""
    proto = at.get("vega_lite_chart")[CHARTS.index(name)].proto
    frames = [convert_arrow_bytes_to_pandas_df(data.data.data) for data in proto.datasets]
    return json.loads(proto.spec), pd.concat(frames, ignore_index=True)


def colour_of(spec: dict[str, Any]) -> dict[str, Any]:
    layers = spec.get("layer", [spec])
    return layers[0]["encoding"]["color"]


# --- pure functions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("北京字节跳动科技有限公司", "字节跳动科技"),
        ("北京百度网讯科技有限公司", "百度网讯科技"),
        ("上海寻梦信息技术有限公司", "寻梦信息技术"),
        ("深圳市腾讯计算机系统有限公司", "腾讯计算机系统"),
        ("浙江省杭州市阿里巴巴网络技术有限公司", "阿里巴巴网络技术"),
        ("苹果技术开发（上海）有限公司", "苹果技术开发"),
        ("科大讯飞股份有限公司", "科大讯飞"),
        ("重庆长安汽车股份有限公司", "长安汽车"),
        ("OPPO广东移动通信有限公司", "OPPO广东移动通信"),
        ("北京有限公司", "北京"),
    ],
)
def test_a_company_label_is_the_distinguishing_part_of_its_name(name: str, label: str) -> None:
    assert overview.short_company(name) == label


def test_colliding_labels_keep_the_full_names() -> None:
    names = ["北京字节跳动科技有限公司", "上海字节跳动科技有限公司", "北京百度网讯科技有限公司"]
    assert overview.company_labels(names) == [names[0], names[1], "百度网讯科技"]


def test_distinct_filings_count_numbers_once_and_unnumbered_rows_each() -> None:
    assert overview.distinct_filings(ui_table()) == 10
    rows = pd.DataFrame({"filing_no": ["A", "A", "", "", "B"]})
    assert overview.distinct_filings(rows) == 4


def test_new_and_relisted_rows_per_batch() -> None:
    table = pd.DataFrame(
        {
            "list_type": ["genai_filed", "genai_filed", "genai_filed", "cancellation"],
            "batch": ["2024-04", "2024-08", "2024-08", "2024-08"],
            "filing_no": ["Beijing-A-1", "Beijing-A-1", "Beijing-B-2", "Beijing-A-1"],
        }
    )
    assert overview.new_and_relisted(table).to_dict("records") == [
        {"batch": "2024-04", "listing": "new", "rows": 1},
        {"batch": "2024-08", "listing": "new", "rows": 1},
        {"batch": "2024-08", "listing": "relisted", "rows": 1},
    ]


def test_genai_counts_accumulate_beside_the_official_totals() -> None:
    frame = overview.genai_to_date(overview.first_listings(ui_table()))
    table = frame[frame["series"] == "table"]
    assert table.to_dict("records") == [
        {"period": "2024-04", "list_type": "genai_filed", "filings": 2, "series": "table"},
        {"period": "2024-04", "list_type": "genai_registered", "filings": 1, "series": "table"},
    ]
    official = frame[frame["series"] == "official"].set_index(["period", "list_type"])["filings"]
    assert official[("2024-12", "genai_filed")] == 302
    assert official[("2026-08", "genai_registered")] == 731
    assert len(official) == 10


def test_categories_count_first_listings() -> None:
    counted = overview.categories(overview.first_listings(ui_table()))
    assert counted.to_dict("records") == [
        {"category": "个性化推送类", "filings": 2},
        {"category": "排序精选类", "filings": 1},
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_colours_a_list_type_alike(lang: str) -> None:
    scale = colour_scale("list_type", lang)
    assert scale.range == list(COLOURS["list_type"].values())
    frame = pd.DataFrame({"批次": ["2024-04"], "记录数": [1], "清单类型": ["算法推荐"]})
    spec = bar(frame, "batch", "rows", "zh", color="list_type").to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"][3] == "算法推荐"
    assert spec["encoding"]["color"]["scale"]["range"][3] == "#54a24b"


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_rows_and_distinct_filings_are_told_apart() -> None:
    at = open_overview()
    assert [m.label for m in at.metric][:2] == ["清单记录（行）", "不同备案"]
    assert at.caption[1].value == (
        "各清单共 **10** 行记录，涉及 **10** 项不同备案：同一备案出现在多份清单时，"
        "只在首次出现的批次计一次；注销公告不算清单记录。"
    )
    at = open_overview(lang="en")
    assert [m.label for m in at.metric][:2] == ["List rows", "Distinct filings"]
    assert at.caption[1].value.startswith("The lists hold **10** rows naming **10** distinct")


@pytest.mark.usefixtures("data_dir")
def test_list_type_colours_are_the_same_on_the_overview_and_a_company_page() -> None:
    at = open_overview()
    expected = {
        "domain": ["深度合成", "生成式AI（已备案）", "生成式AI（已登记）", "算法推荐", "注销公告"],
        "range": list(COLOURS["list_type"].values()),
    }
    for name in ("per_batch", "genai", "roles"):
        assert colour_of(chart(at, name)[0])["scale"] == expected
    at.query_params.clear()
    at.query_params.update({"company": BYTEDANCE})
    at.switch_page("views/company.py")
    at.run()
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    timelines = [spec for spec in specs if colour_of(spec).get("field") == "清单类型"]
    assert timelines
    assert all(colour_of(spec)["scale"] == expected for spec in timelines)


@pytest.mark.usefixtures("data_dir")
def test_company_bars_show_short_labels_with_the_full_name_in_the_tooltip() -> None:
    spec, data = chart(open_overview(), "companies")
    assert data["简称"].tolist() == [
        "字节跳动科技",
        "OPPO广东移动通信",
        "百度网讯科技",
        "寻梦信息技术",
        "微播视界科技",
        "苹果技术开发",
    ]
    assert data["主体名称"].tolist()[:3] == [BYTEDANCE, OPPO, BAIDU]
    assert data["备案数"].tolist() == [3, 2, 2, 1, 1, 1]
    assert spec["encoding"]["y"]["field"] == "简称"
    assert spec["encoding"]["tooltip"][0]["field"] == "主体名称"


@pytest.mark.usefixtures("data_dir")
def test_categories_and_new_filings_per_batch_are_charted() -> None:
    at = open_overview()
    _, categories = chart(at, "categories")
    assert categories.to_dict("records") == [
        {"算法类别": "个性化推送类", "备案数": 2},
        {"算法类别": "排序精选类", "备案数": 1},
    ]
    _, listings = chart(at, "listings")
    assert listings.to_dict("records") == [
        {"批次": "2022-08", "记录类型": "新增备案", "记录数": 2},
        {"批次": "2023-06", "记录类型": "新增备案", "记录数": 2},
        {"批次": "2024-04", "记录类型": "新增备案", "记录数": 5},
        {"批次": "2025-01", "记录类型": "新增备案", "记录数": 1},
    ]


@pytest.mark.usefixtures("data_dir")
def test_genai_chart_sets_the_table_against_the_official_totals() -> None:
    at = open_overview(lang="en")
    spec, data = chart(at, "genai")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point"]
    table = data[data["Series"] == "in the table"]
    assert table["Filings"].tolist() == [2, 1]
    assert table["List type"].tolist() == [
        "生成式AI（已备案） · generative AI, filed",
        "生成式AI（已登记） · generative AI, registered",
    ]
    official = data[data["Series"] == "official total"]
    assert official["Filings"].tolist()[-2:] == [1112, 731]


@pytest.mark.usefixtures("data_dir")
def test_english_charts_gloss_provinces_and_categories() -> None:
    at = open_overview(lang="en")
    _, provinces = chart(at, "provinces")
    assert provinces["Province"].tolist() == [
        "北京市 · Beijing",
        "上海市 · Shanghai",
        "广东省 · Guangdong",
    ]
    _, categories = chart(at, "categories")
    assert categories["Algorithm category"].tolist() == [
        "个性化推送类 · personalised push",
        "排序精选类 · ranking and selection",
    ]
