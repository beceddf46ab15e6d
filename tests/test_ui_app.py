"""The Streamlit pages, driven through AppTest against a small index built in tmp_path."""

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Final

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from crawler.constants import TABLE_COLUMNS
from crawler.paths import data_paths
from index.build import FORMAT_FILE, build_index
from index.generations import current_dir, new_generation, writer_lock
from tests.test_index import make_table
from tests.ui_apptest import open_page, rerun
from tests.ui_helpers import (
    APPLE,
    BAIDU,
    BYTEDANCE,
    CANCELLED_NO,
    OPPO,
    OPPO_VARIANT,
    UI_ROWS,
    build_ui_index,
    hostile_table,
    ui_table,
)
from ui.results import WORD_JOINER, plain

pytestmark = pytest.mark.usefixtures("fresh_caches")

PAGES = ("views/search.py", "views/company.py", "views/overview.py")
ALL_NAMES = [row["name"] for row in UI_ROWS]


def run_app(page: str = "views/search.py", **query_params: str) -> AppTest:
    """The app as a link to `page` with `query_params` opens it."""
    return open_page(page, **query_params)


def shown_names(at: AppTest) -> list[str]:
    return at.dataframe[0].value["name"].tolist()


def texts(at: AppTest) -> list[str]:
    """The markdown the page shows (the query-language help left out)."""
    return [md.value for md in at.markdown if not md.value.startswith("- ")]


def option_labels(at: AppTest, key: str) -> list[str]:
    return at.multiselect(key=key).options


# --- every page -------------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    ("page", "zh", "en"),
    [
        ("views/search.py", "网信办算法备案查询", "CAC algorithm filings"),
        ("views/company.py", "主体", "Company"),
        ("views/overview.py", "概览", "Overview"),
    ],
)
def test_every_page_runs_in_both_languages(page: str, zh: str, en: str) -> None:
    assert run_app(page).title[0].value == zh
    assert run_app(page, lang="en").title[0].value == en


# --- search -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_page_lists_every_row_before_searching() -> None:
    at = run_app()
    assert shown_names(at) == ALL_NAMES
    assert "共 **11** 行清单记录，涉及 **10** 项不同备案" in texts(at)
    assert list(at.dataframe[0].value.columns) == [
        "list_type",
        "batch",
        "name",
        "company",
        "status",
        "filing_no",
        "notice_url",
        "filing_page",
        "role",
        "category",
        "product",
        "scenario",
        "province",
        "filing_date",
    ]


@pytest.mark.usefixtures("data_dir")
def test_results_show_category_scenario_and_the_date_note() -> None:
    frame = run_app().dataframe[0].value.set_index("name")
    assert frame.loc["抖音个性化推荐算法", ["role", "category"]].tolist() == ["", "个性化推送类"]
    apple = frame.loc["Apple智能", ["scenario", "filing_date"]].tolist()
    assert apple == ["苹果手机", "2024-03-01"]
    assert frame.loc["文心一言 ERNIE Bot", "filing_date"] == "2023-08-31（补登）"
    assert frame["scenario"].tolist().count("") == len(UI_ROWS) - 1


@pytest.mark.usefixtures("data_dir")
def test_a_search_without_on_device_rows_has_no_scenario_column() -> None:
    at = run_app(q="字节")
    assert "scenario" not in at.dataframe[0].value.columns
    assert "category" in at.dataframe[0].value.columns


@pytest.mark.usefixtures("data_dir")
def test_every_row_links_its_notice_and_filing_page() -> None:
    frame = run_app().dataframe[0].value
    assert frame.loc[2, "notice_url"] == "https://www.cac.gov.cn/2023-06/20/c_1688910683316256.htm"
    number = "%E7%BD%91%E4%BF%A1%E7%AE%97%E5%A4%87110108823483901230031%E5%8F%B7"
    assert frame.loc[2, "filing_page"] == f"filing?no={number}"
    assert (frame["notice_url"] != "").all()
    assert frame["filing_page"].str.startswith("filing?no=").all()
    english = run_app(lang="en").dataframe[0].value
    assert english.loc[2, "filing_page"] == f"filing?no={number}&lang=en"


@pytest.mark.usefixtures("data_dir")
def test_search_box_sets_results_count_and_url() -> None:
    at = run_app()
    at.text_input(key="q").input("字节")
    rerun(at)
    assert shown_names(at) == ["人脸融合算法", "剪映虚拟形象生成算法", "云雀大模型"]
    assert "共 **3** 行清单记录，涉及 **3** 项不同备案" in texts(at)
    assert f"结果中最常见的主体：{BYTEDANCE} (3)" in texts(at)
    assert at.query_params == {"q": "字节"}


@pytest.mark.usefixtures("data_dir")
def test_filters_show_counts_from_the_results() -> None:
    at = run_app()
    assert option_labels(at, "f_list_type") == [
        "深度合成 (4)",
        "算法推荐 (3)",
        "生成式AI（已备案） (2)",
        "注销公告 (1)",
        "生成式AI（已登记） (1)",
    ]
    assert option_labels(at, "f_category") == ["（空） (8)", "个性化推送类 (2)", "排序精选类 (1)"]
    assert option_labels(at, "f_province") == ["北京市 (6)", "广东省 (3)", "上海市 (2)"]
    assert option_labels(at, "f_status") == ["有效 (9)", "注销公告 (1)", "已注销 (1)"]
    at.text_input(key="q").input("字节")
    rerun(at)
    assert option_labels(at, "f_list_type") == ["深度合成 (2)", "生成式AI（已备案） (1)"]
    assert option_labels(at, "f_role") == ["服务提供者 (2)", "（空） (1)"]
    assert option_labels(at, "f_category") == ["（空） (3)"]


@pytest.mark.usefixtures("data_dir")
def test_category_filter_narrows_exactly_and_goes_in_the_url() -> None:
    at = run_app()
    assert at.multiselect(key="f_category").label == "算法类别"
    at.multiselect(key="f_category").select("个性化推送类")
    rerun(at)
    assert shown_names(at) == ["抖音个性化推荐算法", "拼多多商品推荐算法"]
    assert "共 **2** 行清单记录，涉及 **2** 项不同备案（检索结果 11 行，经侧栏筛选）" in texts(at)
    assert at.query_params == {"category": "个性化推送类"}
    # the category counts ignore the category filter; the others follow it
    assert option_labels(at, "f_category") == ["（空） (8)", "个性化推送类 (2)", "排序精选类 (1)"]
    assert option_labels(at, "f_list_type") == ["算法推荐 (2)"]
    assert option_labels(at, "f_province") == ["上海市 (1)", "北京市 (1)"]
    at.multiselect(key="f_category").select("排序精选类")
    rerun(at)
    assert shown_names(at) == ["抖音个性化推荐算法", "OPPO软件商店推荐算法", "拼多多商品推荐算法"]
    assert at.query_params == {"category": "个性化推送类,排序精选类"}


@pytest.mark.usefixtures("data_dir")
def test_category_in_the_query_and_in_english() -> None:
    at = run_app(q="category:排序", lang="en")
    assert shown_names(at) == ["OPPO软件商店推荐算法"]
    assert at.multiselect(key="f_category").label == "Algorithm category"
    assert option_labels(at, "f_category") == ["排序精选类 · ranking and selection (1)"]
    at = run_app(category="个性化推送类,nonsense")
    assert at.multiselect(key="f_category").value == ["个性化推送类"]
    assert at.query_params == {"category": "个性化推送类"}


@pytest.mark.usefixtures("data_dir")
def test_list_type_filter_narrows_and_keeps_the_other_choices_counted() -> None:
    at = run_app()
    at.multiselect(key="f_list_type").select("deep_synthesis")
    rerun(at)
    assert shown_names(at) == [
        "人脸融合算法",
        "语音合成算法",
        "剪映虚拟形象生成算法",
        "小布助手语音合成算法",
    ]
    assert "共 **4** 行清单记录，涉及 **4** 项不同备案（检索结果 11 行，经侧栏筛选）" in texts(at)
    assert at.query_params == {"type": "deep_synthesis"}
    # the list-type counts ignore the list-type filter; the others follow it
    assert option_labels(at, "f_list_type")[:2] == ["深度合成 (4)", "算法推荐 (3)"]
    assert option_labels(at, "f_province") == ["北京市 (3)", "广东省 (1)"]
    at.multiselect(key="f_list_type").select("genai_filed")
    rerun(at)
    assert len(at.dataframe[0].value) == 6
    assert at.query_params == {"type": "deep_synthesis,genai_filed"}


@pytest.mark.usefixtures("data_dir")
def test_role_province_and_status_filters_combine() -> None:
    at = run_app()
    at.multiselect(key="f_province").select("广东省")
    rerun(at)
    assert shown_names(at) == [
        "OPPO软件商店推荐算法",
        "小布助手语音合成算法",
        "小布助手语音合成算法",
    ]
    at.multiselect(key="f_status").select("cancelled")
    rerun(at)
    assert at.dataframe[0].value["filing_no"].tolist() == [CANCELLED_NO]
    at.multiselect(key="f_status").unselect("cancelled").run()
    at.multiselect(key="f_role").select("服务提供者、服务技术支持者")
    rerun(at)
    assert shown_names(at) == ["小布助手语音合成算法"]
    assert at.dataframe[0].value["list_type"].tolist() == ["deep_synthesis"]
    assert at.query_params == {"province": "广东省", "role": "服务提供者、服务技术支持者"}


@pytest.mark.usefixtures("data_dir")
def test_empty_role_is_a_choice() -> None:
    at = run_app()
    at.multiselect(key="f_role").select("")
    rerun(at)
    assert shown_names(at) == [
        "抖音个性化推荐算法",
        "OPPO软件商店推荐算法",
        "云雀大模型",
        "文心一言 ERNIE Bot",
        "Apple智能",
        "拼多多商品推荐算法",
        "小布助手语音合成算法",
    ]
    assert at.query_params == {"role": "(none)"}


@pytest.mark.usefixtures("data_dir")
def test_batch_range_narrows_and_goes_in_the_url() -> None:
    at = run_app()
    slider = at.select_slider(key="f_batch")
    assert slider.value == ("2022-08", "2025-01")
    assert slider.options == ["2022-08 (2)", "2023-06 (2)", "2024-04 (5)", "2025-01 (2)"]
    slider.set_range("2023-06", "2024-04")
    rerun(at)
    assert len(at.dataframe[0].value) == 7
    assert set(at.dataframe[0].value["batch"]) == {"2023-06", "2024-04"}
    assert at.query_params == {"from": "2023-06", "to": "2024-04"}


@pytest.mark.usefixtures("data_dir")
def test_sort_by_date() -> None:
    at = run_app()
    at.selectbox(key="sort").select("date")
    rerun(at)
    assert at.dataframe[0].value["batch"].tolist() == [
        "2025-01",
        "2025-01",
        "2024-04",
        "2024-04",
        "2024-04",
        "2024-04",
        "2024-04",
        "2023-06",
        "2023-06",
        "2022-08",
        "2022-08",
    ]
    assert at.query_params == {"sort": "date"}


@pytest.mark.usefixtures("data_dir")
def test_malformed_query_explains_the_fallback() -> None:
    at = run_app(q="(人脸")
    assert [literal(w.value) for w in at.warning] == ["已忽略“(”：括号未闭合。"]
    assert shown_names(at) == ["人脸融合算法"]
    at = run_app(q="(人脸", lang="en")
    assert [literal(w.value) for w in at.warning] == ["Left out “(”: a parenthesis is not closed."]


@pytest.mark.usefixtures("data_dir")
def test_aliases_and_glossary_terms_are_explained_in_the_uis_language() -> None:
    at = run_app(q="face swap")
    assert [i.value for i in at.info] == ["“face swap”也检索了中文词语：人脸替换、人脸融合、换脸"]
    assert len(at.warning) == 0
    assert shown_names(at) == ["人脸融合算法"]
    at = run_app(q="ByteDance", lang="en")
    assert literal(at.info[0].value).startswith(
        "ByteDance also matches 9 entities: 北京字节跳动科技有限公司、北京字节跳动网络技术有限公司"
    )


@pytest.mark.usefixtures("data_dir")
def test_an_unknown_list_type_in_the_query_warns_in_chinese() -> None:
    at = run_app(q="type:xyz")
    assert literal(at.warning[0].value) == (
        "“type:xyz”不匹配任何备案：清单类型应为 deep_synthesis, genai_filed, genai_registered, "
        "algorithm, cancellation 之一，或类别前缀 genai。"
    )
    assert at.info[0].value.startswith("没有找到备案记录。")


@pytest.mark.usefixtures("data_dir")
def test_no_results_suggests_broader_queries() -> None:
    at = run_app(q="不存在的算法")
    assert at.info[0].value.startswith("没有找到备案记录。")
    assert "`OR`" in at.info[0].value
    assert len(at.dataframe) == 0
    assert len(at.get("download_button")) == 0


# --- URL state and language -------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_url_restores_the_whole_search_view() -> None:
    at = run_app(q="百度", type="genai_registered,deep_synthesis", sort="date", lang="en")
    assert at.text_input(key="q").value == "百度"
    assert at.multiselect(key="f_list_type").value == ["genai_registered", "deep_synthesis"]
    assert at.selectbox(key="sort").value == "date"
    assert at.radio(key="lang").value == "en"
    assert shown_names(at) == ["文心一言 ERNIE Bot", "语音合成算法"]
    assert at.title[0].value == "CAC algorithm filings"


@pytest.mark.usefixtures("data_dir")
def test_url_values_the_index_does_not_hold_are_dropped() -> None:
    at = run_app(type="nonsense,algorithm", sort="bogus", lang="xx", **{"from": "1999-01"})
    assert at.multiselect(key="f_list_type").value == ["algorithm"]
    assert at.selectbox(key="sort").value == "relevance"
    assert at.radio(key="lang").value == "zh"
    assert at.select_slider(key="f_batch").value == ("2022-08", "2025-01")
    assert at.query_params == {"type": "algorithm"}
    assert [literal(w.value) for w in at.warning] == [
        "链接中的参数“lang=xx”本页不认识，已忽略。",
        "链接中“type”的值“nonsense”在数据中没有，已忽略。",
        "链接中的排序方式“bogus”无法识别，已按相关度排序（可用：relevance, date, date_asc）。",
    ]
    assert [literal(i.value) for i in at.info] == [
        "链接中的批次范围 1999-01–2025-01 按其中已收录的批次显示：2022-08 至 2025-01。"
    ]


@pytest.mark.usefixtures("data_dir")
def test_a_copied_url_reproduces_the_view() -> None:
    at = run_app()
    at.text_input(key="q").input("推荐")
    at.multiselect(key="f_province").select("北京市")
    at.select_slider(key="f_batch").set_range("2022-08", "2023-06")
    rerun(at)
    shared = dict(at.query_params)
    assert shared == {"q": "推荐", "province": "北京市", "from": "2022-08", "to": "2023-06"}
    again = run_app(**shared)
    assert shown_names(again) == shown_names(at) == ["抖音个性化推荐算法"]


@pytest.mark.usefixtures("data_dir")
def test_search_is_kept_when_the_user_comes_back_to_the_page() -> None:
    at = run_app(q="字节")
    at.switch_page("views/overview.py")
    rerun(at)
    assert at.query_params == {}
    at.switch_page("views/search.py")
    rerun(at)
    assert at.text_input(key="q").value == "字节"
    assert at.query_params == {"q": "字节"}


@pytest.mark.usefixtures("data_dir")
def test_language_switch_changes_labels_not_data() -> None:
    at = run_app(q="字节")
    at.radio(key="lang").set_value("en")
    rerun(at)
    assert at.title[0].value == "CAC algorithm filings"
    assert "**3** list rows, naming **3** distinct filings" in texts(at)
    assert at.multiselect(key="f_list_type").label == "List type"
    assert option_labels(at, "f_list_type") == [
        "深度合成 · deep synthesis (2)",
        "生成式AI（已备案） · generative AI, filed (1)",
    ]
    assert option_labels(at, "f_role") == ["服务提供者 · provider (2)", "(empty) (1)"]
    assert at.dataframe[0].value["company"].tolist() == [BYTEDANCE] * 3
    assert at.query_params == {"q": "字节", "lang": "en"}
    at.switch_page("views/company.py")
    rerun(at)
    assert at.title[0].value == "Company"
    assert at.query_params == {"lang": "en"}


# --- downloads --------------------------------------------------------------------------------


def expected_download(at: AppTest) -> pd.DataFrame:
    """Every column of the rows the table shows, in the order shown."""
    table = ui_table()
    order = at.dataframe[0].value[["filing_no", "list_type", "batch"]]
    picked = order.merge(table, on=["filing_no", "list_type", "batch"], how="left")
    return picked[list(TABLE_COLUMNS)].assign(data_as_of="2025-01-10")


@pytest.mark.usefixtures("data_dir")
def test_downloads_hold_exactly_the_rows_shown(downloads: dict[str, Callable[[], bytes]]) -> None:
    at = run_app()
    at.text_input(key="q").input("算法")
    at.multiselect(key="f_list_type").select("deep_synthesis")
    rerun(at)
    assert at.download_button(key="download_csv").label == "下载 CSV（4 行）"
    assert at.download_button(key="download_xlsx").label == "下载 Excel（4 行）"
    expected = expected_download(at)
    payload = downloads["cacfilings-算法-2025-01-10.csv"]()
    assert payload.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in payload
    csv = pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(csv, expected)
    xlsx = pd.read_excel(io.BytesIO(downloads["cacfilings-算法-2025-01-10.xlsx"]()), dtype=str)
    dates_as_text = xlsx.fillna("").replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", r"\1", regex=True)
    pd.testing.assert_frame_equal(dates_as_text, expected)  # XLSX holds dates as dates
    workbook = downloads["cacfilings-算法-2025-01-10.xlsx"]()
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    about = openpyxl.load_workbook(io.BytesIO(workbook))["about"]
    assert ["query", "算法"] in [[cell.value for cell in row[:2]] for row in about.iter_rows()]


# --- company page -----------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_a_company_in_the_results_opens_its_page() -> None:
    at = run_app(q="百度")
    assert at.selectbox(key="pick_company").options == [BAIDU]
    at.button(key="open_company").click()
    rerun(at)
    assert at.header[0].value == BAIDU
    assert at.query_params == {"company": BAIDU}
    assert at.dataframe[0].value["filing_no"].tolist() == [
        "网信算备110108000000101230002号",
        "Beijing-WenXin-20230831S0001",
    ]


@pytest.mark.usefixtures("data_dir")
def test_company_page_groups_spellings_and_marks_cancellations() -> None:
    at = run_app("views/company.py", company="oppo广东移动通信有限公司")
    assert at.selectbox(key="company").value == OPPO
    assert at.header[0].value == OPPO
    assert at.caption[1].value == f"清单中的写法：{OPPO} · {OPPO_VARIANT}"
    assert at.caption[0].value == "数据截至 2025-01-10（表中最新一份网信办公告的日期）"
    assert [(m.label, m.value) for m in at.metric] == [
        ("清单记录（行）", "3"),
        ("备案编号（不同）", "2"),
        ("有效", "1"),
        ("已注销", "1"),
        ("批次", "3"),
    ]
    assert f"已注销：{CANCELLED_NO} \\(2025\\-01\\-10\\)" in texts(at)
    filings = at.dataframe[0].value
    assert filings.to_dict("records") == [
        {
            "filing_no": "网信算备441900111111101220003号",
            "name": "OPPO软件商店推荐算法",
            "list_types": "算法推荐",
            "batches": "2022-08",
            "region": "广东省 东莞市",
            "filing_year": "2022",
            "filing_no_date": "",
            "status": "active",
            "cancelled_on": "",
        },
        {
            "filing_no": CANCELLED_NO,
            "name": "小布助手语音合成算法",
            "list_types": "深度合成, 注销公告",
            "batches": "2024-04, 2025-01",
            "region": "广东省 东莞市",
            "filing_year": "2024",
            "filing_no_date": "",
            "status": "cancelled",
            "cancelled_on": "2025-01-10",
        },
    ]
    listings = at.dataframe[1].value
    assert listings[["batch", "list_type", "company", "role", "category"]].values.tolist() == [
        ["2022-08", "algorithm", OPPO, "", "排序精选类"],
        ["2024-04", "deep_synthesis", OPPO_VARIANT, "服务提供者、服务技术支持者", ""],
        ["2025-01", "cancellation", OPPO, "", ""],
    ]
    assert "scenario" not in listings.columns
    assert len(at.get("vega_lite_chart")) == 1
    assert at.query_params == {"company": OPPO}


@pytest.mark.usefixtures("data_dir")
def test_company_page_traces_one_filing_number() -> None:
    at = run_app("views/company.py", company=OPPO)
    at.selectbox(key="history_no").select(CANCELLED_NO)
    rerun(at)
    history = at.dataframe[2].value
    assert history[["list_type", "batch", "status"]].values.tolist() == [
        ["deep_synthesis", "2024-04", "cancelled"],
        ["cancellation", "2025-01", "cancellation"],
    ]


@pytest.mark.usefixtures("data_dir")
def test_company_page_decodes_generative_ai_numbers() -> None:
    at = run_app("views/company.py", company=BYTEDANCE)
    yunque = at.dataframe[0].value.set_index("filing_no").loc["Beijing-YunQue-20230829"]
    assert (yunque["region"], yunque["filing_year"], yunque["filing_no_date"]) == (
        "北京市",
        "2023",
        "2023-08-29",
    )


@pytest.mark.usefixtures("data_dir")
def test_company_page_shows_an_on_device_scenario_and_a_date_note() -> None:
    listings = run_app("views/company.py", company=APPLE).dataframe[1].value
    assert listings[["name", "scenario", "filing_date"]].values.tolist() == [
        ["Apple智能", "苹果手机", "2024-03-01"]
    ]
    listings = run_app("views/company.py", company=BAIDU).dataframe[1].value
    assert listings[["name", "filing_date"]].values.tolist() == [
        ["语音合成算法", ""],
        ["文心一言 ERNIE Bot", "2023-08-31（补登）"],
    ]


@pytest.mark.usefixtures("data_dir")
def test_unknown_company_says_so() -> None:
    at = run_app("views/company.py", company="不存在的公司")
    assert at.warning[0].value == "没有名为“不存在的公司”的主体。"
    assert at.selectbox(key="company").value == "不存在的公司"
    assert at.info[0].value.startswith("在上方选择一个主体")
    assert at.query_params == {}


@pytest.mark.usefixtures("data_dir")
def test_company_choice_goes_in_the_url() -> None:
    at = run_app("views/company.py")
    groups = ["ByteDance（集团）", "Baidu（集团）", "Pinduoduo（集团）"]
    assert at.selectbox(key="company").options[:5] == [*groups, BYTEDANCE, OPPO]
    at.selectbox(key="company").select(BAIDU)
    rerun(at)
    assert at.header[0].value == BAIDU
    assert at.query_params == {"company": BAIDU}
    assert at.selectbox(key="history_no").value == "网信算备110108000000101230002号"


# --- overview ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_overview_counts_charts_and_latest_batch() -> None:
    at = run_app("views/overview.py")
    assert [(m.label, m.value) for m in at.metric] == [
        ("清单记录（行）", "10"),
        ("不同备案", "10"),
        ("主体", "6"),
        ("批次", "4"),
        ("已注销", "1"),
    ]
    assert len(at.get("vega_lite_chart")) == 7
    assert at.subheader[-1].value == "最新批次 2025-01 新增了什么"
    assert texts(at) == [
        "2025-01 批次新增 **1** 项备案，来自 **1** 个主体（其中 **1** 个首次出现）；注销 **1** 项。"
    ]
    assert at.dataframe[0].value["name"].tolist() == ["拼多多商品推荐算法"]


# --- index states -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_missing_index_names_the_commands(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    at = run_app(page)
    message = at.info[0].value
    assert message.startswith("还没有检索索引")
    assert "`cacfilings crawl`" in message
    assert "`cacfilings build`" in message
    assert len(at.dataframe) == 0


def test_empty_index_names_the_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(make_table([]), data_paths(tmp_path).index)
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    at = run_app(lang="en")
    assert at.info[0].value.startswith("The search index is empty")
    assert "`cacfilings build`" in at.info[0].value


@pytest.mark.parametrize("page", PAGES)
def test_an_outdated_index_asks_for_a_rebuild(page: str, data_dir: Path) -> None:
    live = current_dir(data_paths(data_dir).index)
    (live / FORMAT_FILE).write_text("older index code\n", encoding="utf-8")
    at = run_app(page)
    assert at.info[0].value.startswith("检索索引（")
    assert "由另一版本的 cacfilings 建立" in at.info[0].value
    assert "`cacfilings build`" in at.info[0].value
    assert len(at.dataframe) == 0


def test_a_build_in_progress_is_not_seen_and_a_new_generation_is(data_dir: Path) -> None:
    ix_dir = data_paths(data_dir).index
    at = run_app()
    assert len(at.dataframe[0].value) == 11
    with writer_lock(ix_dir), new_generation(ix_dir) as work:
        (work / "rows.parquet").write_bytes(b"half-written")
        rerun(at)
        assert len(at.dataframe[0].value) == 11
    table = ui_table()
    extra = table.head(1).assign(
        seq="3", name="新增推荐算法", filing_no="网信算备110108123456701220099号"
    )
    build_ui_index(data_dir, pd.concat([table, extra], ignore_index=True))
    rerun(at)
    assert len(at.dataframe[0].value) == 12
    assert shown_names(at)[-1] == "新增推荐算法"


# --- hostile queries and data ----------------------------------------------------------------

ESCAPED: Final = re.compile(r"\\[!-/:-@\[-`{-~]")  # a backslash-escaped ASCII punctuation mark


def literal(markdown: str) -> str:
    """The text Markdown shows for `markdown` (backslash escapes), the word joiners left out."""
    return ESCAPED.sub(lambda match: match[0][1], markdown).replace(WORD_JOINER, "")


def unescaped(markdown: str) -> str:
    """`markdown` without its backslash-escaped characters: what Markdown still interprets."""
    return ESCAPED.sub("", markdown)


@pytest.fixture
def hostile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data root whose index holds companies named like Markdown images, links and HTML."""
    build_ui_index(tmp_path, hostile_table())
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.usefixtures("data_dir")
def test_329_nested_parentheses_answer_with_a_message() -> None:
    at = run_app(q="(" * 329 + "人脸" + ")" * 329)
    assert [literal(w.value) for w in at.warning] == [
        "无法解析查询（括号与 NOT 嵌套超过 32 层）。",
        "已改为检索普通词语：人脸",
    ]
    assert shown_names(at) == ["人脸融合算法"]


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    ("query", "length"), [("NOT " * 1000 + "人脸", "4,002"), ("人脸 " * 34_000, "102,000")]
)
def test_an_over_long_query_is_refused_with_a_message(query: str, length: str) -> None:
    at = run_app()
    at.text_input(key="q").input(query)
    rerun(at)
    assert literal(at.warning[0].value) == f"查询有 {length} 个字符，超过上限 1,000，未作检索。"
    assert at.info[0].value.startswith("没有找到")


@pytest.mark.usefixtures("data_dir")
def test_a_malformed_query_is_shown_as_text() -> None:
    at = run_app(q="colour:[点我]javascript:alert![x]www.evil.example", lang="en")
    warning = at.warning[0].value
    assert literal(warning).startswith(
        "There is no field “colour:”; searched for “[点我]javascript:alert![x]www.evil.example” "
    )
    assert [mark for mark in ("![", "](", "://", "www.") if mark in unescaped(warning)] == []


@pytest.mark.usefixtures("hostile_dir")
def test_companies_named_like_markdown_are_shown_as_text() -> None:
    at = run_app(q="evil")
    image, link = hostile_table()["company"].tolist()[-2:]
    summary = next(md.value for md in at.markdown if "最常见的主体" in md.value)
    assert summary == f"结果中最常见的主体：{plain(image)} (1) · {plain(link)} (1)"
    assert literal(summary) == f"结果中最常见的主体：{image} (1) · {link} (1)"
    assert [mark for mark in ("![", "://", "www.", "<") if mark in unescaped(summary)] == []
    assert at.get("imgs") == []


@pytest.mark.usefixtures("hostile_dir")
def test_a_company_page_shows_a_markdown_name_as_text() -> None:
    image = hostile_table()["company"].iloc[-2]
    at = run_app("views/company.py", company=image)
    assert at.header[0].value == plain(image)
    assert literal(at.header[0].value) == image
    assert "://" not in unescaped(at.header[0].value)
    assert at.get("imgs") == []
