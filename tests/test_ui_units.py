"""The UI's pure functions: labels, URL state, facets, companies, overview figures, downloads."""

import io
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit import file_util

from crawler.commands.ui import streamlit_command
from crawler.constants import LIST_TYPES, STATUSES, TABLE_COLUMNS
from crawler.dataset.export import csv_restored
from index.search import ALL_FACETS, find
from tests.ui_helpers import (
    APPLE,
    BYTEDANCE,
    CANCELLED_NO,
    OPPO,
    OPPO_VARIANT,
    build_ui_index,
    ui_table,
)
from ui import companies, english, labels, overview
from ui.facets import apply_view, facet_counts, options
from ui.filing import with_page_links
from ui.results import SHOWN_COLUMNS, company_summary, csv_bytes, plain, shown, xlsx_bytes
from ui.urlstate import (
    SearchView,
    join_values,
    params_from_view,
    split_values,
    view_from_params,
    view_from_widgets,
    widgets_from_view,
)

UI_DIR = Path(__file__).resolve().parent.parent / "ui"
BATCHES = ["2022-08", "2023-06", "2024-04", "2025-01"]
KNOWN = {
    "list_type": LIST_TYPES,
    "status": STATUSES,
    "province": ["北京市", ""],
    "role": [],
    "category": ["个性化推送类"],
}


@pytest.fixture(scope="module")
def ix_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ui_index(tmp_path_factory.mktemp("data"))


# --- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [labels.TEXT, labels.COLUMNS])
def test_both_languages_have_the_same_labels(table: dict[str, dict[str, str]]) -> None:
    assert set(table["zh"]) == set(table["en"])
    assert all(table["zh"].values())
    assert all(table["en"].values())


@pytest.mark.parametrize("lang", labels.LANGS)
def test_every_table_column_has_a_label(lang: str) -> None:
    unlabelled = [name for name in TABLE_COLUMNS if name not in labels.COLUMNS[lang]]
    assert unlabelled == []
    assert labels.column("zh", "category") == "算法类别"
    assert labels.column("en", "scenario") == "Scenario (on-device)"
    assert labels.column("zh", "filing_date_note") == "备案日期说明"
    assert labels.column("en", "cancel_month") == "Cancelled in (month)"


def test_categories_stay_as_published_and_are_glossed_in_english() -> None:
    assert labels.value("zh", "category", "个性化推送类") == "个性化推送类"
    assert labels.value("en", "category", "个性化推送类") == "个性化推送类 · personalised push"
    assert labels.value("en", "category", "服务提供") == "服务提供"  # unknown: as published
    assert labels.value("en", "category", "") == "(empty)"


def test_every_coded_value_has_words_in_both_languages() -> None:
    for lang in labels.LANGS:
        assert set(labels.VALUES[lang]["list_type"]) == set(LIST_TYPES)
        assert set(labels.VALUES[lang]["status"]) == set(STATUSES)
    assert labels.value("zh", "list_type", "algorithm") == "算法推荐"
    assert labels.value("en", "list_type", "algorithm") == "算法推荐 · recommendation algorithm"
    assert labels.value("zh", "status", "cancelled") == "已注销"
    assert labels.value("en", "status", "cancellation") == "cancellation"


def test_published_values_stay_as_published() -> None:
    assert labels.value("zh", "role", "服务提供者") == "服务提供者"
    assert labels.value("en", "role", "服务提供者") == "服务提供者 · provider"
    assert labels.value("zh", "province", "北京市") == "北京市"
    assert labels.value("en", "province", "") == "(empty)"
    assert labels.value("en", "province", "火星") == "火星"  # unknown: as published


@pytest.mark.parametrize(
    ("field", "published", "english"),
    [
        ("province", "北京市", "北京市 · Beijing"),
        ("province", "北京", "北京 · Beijing"),
        ("province", "内蒙古自治区", "内蒙古自治区 · Inner Mongolia"),
        ("province", "新疆", "新疆 · Xinjiang"),
        ("province", "香港特别行政区", "香港特别行政区 · Hong Kong"),
        ("province", "澳门", "澳门 · Macau"),
        ("province", "台湾省", "台湾省 · Taiwan"),
        ("province", "国资委", "国资委 · central SOEs (SASAC)"),
        ("list_type", "deep_synthesis", "深度合成 · deep synthesis"),
        ("list_type", "genai_registered", "生成式AI（已登记） · generative AI, registered"),
        ("role", "服务技术支持者", "服务技术支持者 · technical supporter"),
        ("category", "排序精选类", "排序精选类 · ranking and selection"),
    ],
)
def test_english_glosses_stand_beside_the_published_chinese(
    field: str, published: str, english: str
) -> None:
    assert labels.value("en", field, published) == english


def test_every_province_and_region_has_an_english_name() -> None:
    assert len(english.PROVINCES) == 34
    glossed = english.province_glosses()
    assert len(glossed) == 34 * 2 + 1
    assert all(labels.value("en", "province", name) == gloss for name, gloss in glossed.items())


def test_the_help_names_the_english_glossary_in_both_languages() -> None:
    assert "`face swap`" in labels.text("zh", "help_body")
    assert "English glossary: `face swap`, `chatbot`, `digital human`, `voice clone`" in (
        labels.text("en", "help_body").replace("\n  ", " ")
    )


def test_unknown_language_falls_back_to_chinese() -> None:
    assert labels.text("fr", "page_search") == "检索"
    assert labels.text("en", "matches", shown=1234, filings=1000) == (
        "**1,234** list rows, naming **1,000** distinct filings"
    )


# --- URL state --------------------------------------------------------------------------------


def test_values_split_and_join_with_the_empty_value() -> None:
    assert split_values("北京市, ,(none),上海市") == ["北京市", "", "上海市"]
    assert join_values(["北京市", ""]) == "北京市,(none)"
    assert split_values("") == []


def test_a_view_round_trips_through_the_url() -> None:
    view = SearchView(
        query="人脸 year:2024",
        sort="date",
        chosen={
            "list_type": ("deep_synthesis", "algorithm"),
            "category": ("个性化推送类",),
            "province": ("",),
        },
        batches=("2023-06", "2024-04"),
    )
    params = params_from_view(view)
    assert params == {
        "q": "人脸 year:2024",
        "sort": "date",
        "type": "deep_synthesis,algorithm",
        "category": "个性化推送类",
        "province": "(none)",
        "from": "2023-06",
        "to": "2024-04",
    }
    assert view_from_params(params, KNOWN, BATCHES) == view


def test_the_default_view_has_no_parameters() -> None:
    assert params_from_view(SearchView()) == {}
    assert view_from_params({}, KNOWN, BATCHES) == SearchView()


def test_batch_ranges_are_clamped_ordered_and_dropped_when_whole() -> None:
    view = view_from_params({"from": "2025-01", "to": "2023-06"}, KNOWN, BATCHES)
    assert view.batches == ("2023-06", "2025-01")
    assert view_from_params({"from": "1999-01"}, KNOWN, BATCHES).batches is None
    assert view_from_params({"from": "2023-06"}, KNOWN, ["2023-06"]).batches is None


def test_widgets_round_trip_a_view() -> None:
    view = SearchView("字节", "relevance", {"status": ("cancelled",)}, ("2022-08", "2024-04"))
    state = widgets_from_view(view)
    assert state == {
        "q": "字节",
        "sort": "relevance",
        "f_list_type": [],
        "f_role": [],
        "f_category": [],
        "f_province": [],
        "f_status": ["cancelled"],
        "f_batch": ("2022-08", "2024-04"),
    }
    assert view_from_widgets(state, BATCHES) == view
    whole = {**state, "f_batch": ("2022-08", "2025-01")}
    assert view_from_widgets(whole, BATCHES).batches is None


# --- facets -----------------------------------------------------------------------------------


def test_unfiltered_counts_are_the_search_results_facets(ix_dir: Path) -> None:
    result = find(ix_dir, "算法", facets=ALL_FACETS)
    counts = facet_counts(result.rows, SearchView())
    for facet in ("list_type", "role", "category", "province", "status", "batch"):
        assert counts[facet] == result.facets[facet], facet


def test_a_facet_is_counted_without_its_own_filter(ix_dir: Path) -> None:
    rows = find(ix_dir, "").rows
    view = SearchView(chosen={"list_type": ("algorithm",), "province": ("北京市",)})
    counts = facet_counts(rows, view)
    assert list(counts["list_type"].items()) == [
        ("deep_synthesis", 3),
        ("algorithm", 1),
        ("genai_filed", 1),
        ("genai_registered", 1),
    ]
    assert list(counts["province"].items()) == [("上海市", 1), ("北京市", 1), ("广东省", 1)]
    assert apply_view(rows, view)["name"].tolist() == ["抖音个性化推荐算法"]


def test_category_filter_narrows_and_is_counted_without_itself(ix_dir: Path) -> None:
    rows = find(ix_dir, "").rows
    view = SearchView(chosen={"category": ("个性化推送类",)})
    assert apply_view(rows, view)["name"].tolist() == ["抖音个性化推荐算法", "拼多多商品推荐算法"]
    counts = facet_counts(rows, view)
    assert counts["category"] == {"": 8, "个性化推送类": 2, "排序精选类": 1}
    assert counts["list_type"] == {"algorithm": 2}
    assert counts["province"] == {"上海市": 1, "北京市": 1}


def test_chosen_values_without_rows_stay_selectable() -> None:
    assert options({"a": 2, "b": 1}, ["c", "a"]) == ["a", "b", "c"]


# --- companies --------------------------------------------------------------------------------


def test_directory_groups_spellings_under_the_most_frequent() -> None:
    directory = companies.directory(ui_table())
    assert directory[["company", "filings", "rows"]].values.tolist() == [
        [BYTEDANCE, 3, 3],
        [OPPO, 2, 3],
        ["北京百度网讯科技有限公司", 2, 2],
        ["上海寻梦信息技术有限公司", 1, 1],
        ["北京微播视界科技有限公司", 1, 1],
        [APPLE, 1, 1],
    ]
    assert companies.key_of(directory, OPPO_VARIANT) == "oppo广东移动通信有限公司"
    assert companies.key_of(directory, " OPPO广东移动通信有限公司 ") == "oppo广东移动通信有限公司"
    assert companies.key_of(directory, "字节") is None


def test_a_former_name_finds_the_renamed_company() -> None:
    table = ui_table()
    renamed = table.index[table["company"] == APPLE][0]
    table.loc[renamed, "company"] = "苹果电脑贸易（上海）有限公司"  # the old name, keyed as the new
    directory = companies.directory(table)
    assert (
        companies.key_of(directory, "苹果电脑贸易(上海)有限公司")
        == table.at[renamed, "company_key"]
    )
    assert companies.key_of(directory, "苹果") is None


def test_central_soe_numbers_show_as_central_enterprises() -> None:
    rows = pd.DataFrame(
        [
            {
                "filing_no": "ZhongYangQiYe-JiuTianDuoMotai-202410210005",
                "jurisdiction": "国资委",
                "name": "九天多模态",
                "list_type": "genai_filed",
                "batch": "2025-01",
                "status": "active",
                "cancelled_on": "",
            }
        ]
    )
    assert companies.decoded_filings(rows)["region"].tolist() == ["中央企业"]


def test_company_keys_are_computed_when_the_table_has_none() -> None:
    table = ui_table().assign(company_key="")
    assert companies.company_keys(table).nunique() == 6


def test_region_says_a_repeated_level_once() -> None:
    assert companies.region("北京市", "北京市", "海淀区") == "北京市 海淀区"
    assert companies.region("广东省", "东莞市", "") == "广东省 东莞市"
    assert companies.region("", "", "") == ""


def test_timeline_counts_rows_per_batch_and_list_type() -> None:
    rows = companies.company_rows(ui_table(), "oppo广东移动通信有限公司")
    assert companies.timeline(rows).values.tolist() == [
        ["2022-08", "algorithm", 1],
        ["2024-04", "deep_synthesis", 1],
        ["2025-01", "cancellation", 1],
    ]
    filings = companies.decoded_filings(rows)
    assert companies.cancelled(filings) == [f"{CANCELLED_NO} (2025-01-10)"]


# --- overview ---------------------------------------------------------------------------------


def test_a_relisted_filing_counts_once_in_its_first_batch() -> None:
    table = ui_table()
    relisted = table[table["list_type"] == "genai_filed"].assign(batch="2025-01", seq="2")
    filings = overview.first_listings(pd.concat([table, relisted], ignore_index=True))
    assert len(filings) == 10
    assert filings.loc[filings["name"] == "云雀大模型", "batch"].tolist() == ["2024-04"]
    assert filings.loc[filings["name"] == "Apple智能", "batch"].tolist() == ["2024-04"]


def test_overview_figures() -> None:
    table = ui_table()
    filings = overview.first_listings(table)
    assert overview.per_batch(filings).values.tolist() == [
        ["2022-08", "algorithm", 2],
        ["2023-06", "deep_synthesis", 2],
        ["2024-04", "deep_synthesis", 2],
        ["2024-04", "genai_filed", 2],
        ["2024-04", "genai_registered", 1],
        ["2025-01", "algorithm", 1],
    ]
    assert overview.top_provinces(filings).values.tolist() == [
        ["北京市", 6],
        ["上海市", 2],
        ["广东省", 2],
    ]
    assert overview.top_companies(filings, limit=2).values.tolist() == [[BYTEDANCE, 3], [OPPO, 2]]
    assert overview.roles(filings).values.tolist() == [
        ["服务技术支持者", "deep_synthesis", 1],
        ["服务提供者", "deep_synthesis", 2],
        ["服务提供者、服务技术支持者", "deep_synthesis", 1],
    ]


def test_latest_batch_names_newcomers_and_cancellations() -> None:
    table = ui_table()
    latest = overview.latest_batch(table, overview.first_listings(table))
    assert latest is not None
    assert (latest.batch, latest.companies, latest.first_time, latest.cancellations) == (
        "2025-01",
        1,
        1,
        1,
    )
    assert latest.added["company"].tolist() == ["上海寻梦信息技术有限公司"]
    assert overview.latest_batch(table.head(0), table.head(0)) is None


# --- downloads --------------------------------------------------------------------------------


def test_downloads_are_written_as_the_exports_write_them() -> None:
    rows = ui_table().head(3).assign(remarks=["=1+1", "", ""])
    csv = csv_bytes(rows)
    assert csv.startswith("\ufefflist_type,batch,".encode())
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["remarks"].tolist() == ["'=1+1", "", ""]
    expected = rows[list(TABLE_COLUMNS)].reset_index(drop=True)
    pd.testing.assert_frame_equal(csv_restored(back), expected)
    sheet = pd.read_excel(io.BytesIO(xlsx_bytes(rows)), dtype=str).fillna("")
    assert sheet.loc[0, "remarks"] == "=1+1"
    assert list(sheet.columns) == list(TABLE_COLUMNS)


def test_results_show_the_date_note_beside_the_date_and_scenarios_when_there_are_some() -> None:
    table = with_page_links(ui_table())
    frame = shown(table)
    assert list(frame.columns) == list(SHOWN_COLUMNS)
    assert frame.loc[table["name"] == "文心一言 ERNIE Bot", "filing_date"].tolist() == [
        "2023-08-31（补登）"
    ]
    assert frame.loc[table["name"] == "云雀大模型", "filing_date"].tolist() == ["2023-08-29"]
    assert frame["scenario"].tolist() == [""] * 8 + ["苹果手机", "", ""]
    without = shown(table[table["scenario"] == ""])
    assert list(without.columns) == [name for name in SHOWN_COLUMNS if name != "scenario"]
    assert table.loc[7, "filing_date"] == "2023-08-31"  # the rows themselves stay as published


def test_company_summary_lists_the_first_few_as_plain_text() -> None:
    assert company_summary([("A", 3), ("B", 1), ("C", 1)], limit=2) == "A (3) · B (1)"
    assert company_summary([("*Star_Co* [HK] $1", 2)]) == r"\*Star\_Co\* \[HK\] \$1 (2)"


@pytest.mark.parametrize(
    ("data", "escaped"),
    [
        ("![x](http://evil/x.png)", "\\!\\[x\\]\\(http\\:\u2060\\/\\/evil\\/x\\.png\\)"),
        ("www.evil.example", "www\u2060\\.evil\\.example"),
        ("WWW.evil", "WWW\u2060\\.evil"),
        ("a@b.cn", "a\\@\u2060b\\.cn"),
        ("<img src=x>", r"\<img src\=x\>"),
        ("# *_`|~$", r"\# \*\_\`\|\~\$"),
        ("网信算备110108（补登）", "网信算备110108（补登）"),
    ],
)
def test_plain_escapes_every_markdown_construct(data: str, escaped: str) -> None:
    assert plain(data) == escaped


def test_plain_escapes_every_ascii_punctuation_mark_and_nothing_else() -> None:
    marks = "".join(chr(code) for code in range(0x21, 0x7F) if not chr(code).isalnum())
    assert plain(marks) == "".join(f"\\{mark}" for mark in marks).replace("@", "@\u2060")
    assert plain("Ab09 中文") == "Ab09 中文"


# --- Streamlit options ------------------------------------------------------------------------


def test_cacfilings_ui_hides_the_deploy_button() -> None:
    command = streamlit_command(8501, "127.0.0.1")
    flags = dict(zip(command[5::2], command[6::2], strict=True))
    assert flags["--client.toolbarMode"] == "minimal"
    assert flags["--client.showErrorDetails"] == "none"
    assert command[4] == str(UI_DIR / "app.py")


def test_streamlit_run_reads_the_same_options_beside_the_app() -> None:
    options = tomllib.loads((UI_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert options["client"] == {"toolbarMode": "minimal", "showErrorDetails": "none"}
    assert file_util.get_main_script_streamlit_file_path(str(UI_DIR / "app.py"), "config.toml") == (
        str(UI_DIR / ".streamlit" / "config.toml")
    )
