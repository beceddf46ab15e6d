"""The search page explains itself: what a shared link was read as, why each row matched."""

import re
from collections.abc import Callable
from typing import Final

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui_apptest import APP, rerun
from tests.ui_helpers import BYTEDANCE
from ui.explain import snippet, url_line
from ui.results import WORD_JOINER
from ui.urlstate import UrlNote

pytestmark = pytest.mark.usefixtures("fresh_caches")

ESCAPED: Final = re.compile(r"\\([!-/:-@\[-`{-~])")


def open_search(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params.update(params)
    return rerun(at)


def literal(markdown: str) -> str:
    """The text Markdown shows (backslash escapes undone, word joiners left out)."""
    return ESCAPED.sub(r"\1", markdown).replace(WORD_JOINER, "")


def warnings(at: AppTest) -> list[str]:
    return [literal(w.value) for w in at.warning]


def infos(at: AppTest) -> list[str]:
    return [literal(i.value) for i in at.info]


def shown_rows(at: AppTest) -> int:
    return len(at.dataframe[0].value)


# --- ranges -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_a_range_wider_than_the_stored_batches_is_clamped_and_said() -> None:
    at = open_search(**{"from": "2023-01", "to": "2024-12"})
    assert at.select_slider(key="f_batch").value == ("2023-06", "2024-04")
    assert set(at.dataframe[0].value["batch"]) == {"2023-06", "2024-04"}
    assert shown_rows(at) == 7
    assert infos(at) == [
        "链接中的批次范围 2023-01–2024-12 按其中已收录的批次显示：2023-06 至 2024-04。"
    ]
    assert at.query_params == {"from": "2023-06", "to": "2024-04"}


@pytest.mark.usefixtures("data_dir")
def test_a_range_without_stored_batches_is_named_in_english() -> None:
    at = open_search(lang="en", **{"from": "2019-01", "to": "2020-12"})
    assert at.select_slider(key="f_batch").value == ("2022-08", "2025-01")
    assert shown_rows(at) == 11
    assert warnings(at) == [
        "No stored batch falls in the link's range 2019-01–2020-12; every batch is shown."
    ]


# --- filter spellings -------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_type_genai_chooses_both_generative_ai_lists() -> None:
    at = open_search(type="genai")
    assert at.multiselect(key="f_list_type").value == ["genai_filed", "genai_registered"]
    assert at.dataframe[0].value["name"].tolist() == [
        "云雀大模型",
        "文心一言 ERNIE Bot",
        "Apple智能",
    ]
    assert infos(at) == ["链接中的“type=genai”按 生成式AI（已备案）、生成式AI（已登记） 筛选。"]
    assert at.query_params == {"type": "genai_filed,genai_registered"}


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    ("params", "key", "chosen", "rows"),
    [
        ({"province": "北京"}, "f_province", ["北京市"], 6),
        ({"province": "beijing"}, "f_province", ["北京市"], 6),
        ({"type": "深度合成"}, "f_list_type", ["deep_synthesis"], 4),
        ({"status": "注销"}, "f_status", ["cancelled"], 1),
        ({"status": "cancelled"}, "f_status", ["cancelled"], 1),
    ],
)
def test_filter_values_accept_the_query_languages_spellings(
    params: dict[str, str], key: str, chosen: list[str], rows: int
) -> None:
    at = open_search(**params)
    assert at.multiselect(key=key).value == chosen
    assert shown_rows(at) == rows
    assert warnings(at) == []


@pytest.mark.usefixtures("data_dir")
def test_province_in_english_is_read_and_said_in_english() -> None:
    at = open_search(province="beijing", lang="en")
    assert infos(at) == ["The link's “province=beijing” is read as 北京市 · Beijing."]
    assert at.multiselect(key="f_province").options == [
        "北京市 · Beijing (6)",
        "广东省 · Guangdong (3)",
        "上海市 · Shanghai (2)",
    ]


# --- ignored parts ----------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_every_ignored_part_of_a_link_is_named() -> None:
    at = open_search(colour="red", type="nonsense,algorithm", sort="newest")
    assert warnings(at) == [
        "链接中的参数“colour=red”本页不认识，已忽略。",
        "链接中“type”的值“nonsense”在数据中没有，已忽略。",
        "链接中的排序方式“newest”无法识别，已按相关度排序（可用：relevance, date, date_asc）。",
    ]
    assert at.multiselect(key="f_list_type").value == ["algorithm"]
    assert at.query_params == {"type": "algorithm"}


@pytest.mark.usefixtures("data_dir")
def test_ignored_parts_are_named_in_english() -> None:
    at = open_search(lang="en", province="火星")
    assert warnings(at) == [
        "The link's “province” value “火星” is not in the data; it was ignored."
    ]


@pytest.mark.usefixtures("data_dir")
def test_the_notes_stay_until_the_view_changes() -> None:
    at = open_search(colour="red")
    rerun(at)
    assert warnings(at) == ["链接中的参数“colour=red”本页不认识，已忽略。"]
    at.text_input(key="q").input("字节")
    rerun(at)
    assert warnings(at) == []


@pytest.mark.usefixtures("data_dir")
def test_a_link_the_page_wrote_itself_has_no_notes() -> None:
    at = open_search()
    at.select_slider(key="f_batch").set_range("2023-06", "2024-04")
    rerun(at)
    again = open_search(**dict(at.query_params))
    assert warnings(again) == infos(again) == []


# --- why a row matched ------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_each_row_says_why_it_matched() -> None:
    frame = open_search(q="字节").dataframe[0].value
    assert list(frame.columns)[3:5] == ["company", "matched"]
    assert frame["matched"].tolist() == ["主体名称: 北京【字节】跳动科技有限公司"] * 3
    frame = open_search(q="字节", lang="en").dataframe[0].value
    assert frame["matched"].tolist() == ["Company: 北京【字节】跳动科技有限公司"] * 3


@pytest.mark.usefixtures("data_dir")
def test_several_fields_and_long_texts_are_marked_in_snippets() -> None:
    frame = open_search(q="语音").dataframe[0].value.set_index("name")
    assert frame.loc["语音合成算法", "matched"] == (
        "算法/模型名称: 【语音】合成算法 · 主要用途: 根据文本生成【语音】"
    )


@pytest.mark.usefixtures("data_dir")
def test_a_search_without_words_has_no_why_column() -> None:
    assert "matched" not in open_search().dataframe[0].value.columns
    assert "matched" not in open_search(q="type:algorithm").dataframe[0].value.columns


@pytest.mark.usefixtures("data_dir")
def test_rows_and_distinct_filings_are_counted_apart() -> None:
    at = open_search(q="小布")
    assert at.markdown[1].value == "共 **2** 行清单记录，涉及 **1** 项不同备案"
    assert any(c.value.startswith("一行是一份清单中的一条记录。") for c in at.caption)
    at = open_search(q="小布", lang="en")
    assert at.markdown[1].value == "**2** list rows, naming **1** distinct filings"


# --- downloads --------------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_downloads_are_named_after_the_query_and_the_data_date(
    downloads: dict[str, Callable[[], bytes]],
) -> None:
    open_search(q=f"company:{BYTEDANCE[:4]} year:2023")
    assert sorted(downloads) == [
        "cacfilings-company-北京字节-year-2023-2025-01-10.atom",
        "cacfilings-company-北京字节-year-2023-2025-01-10.csv",
        "cacfilings-company-北京字节-year-2023-2025-01-10.xlsx",
    ]
    downloads.clear()
    open_search()
    assert sorted(downloads) == ["cacfilings-2025-01-10.csv", "cacfilings-2025-01-10.xlsx"]


# --- wording, pure ----------------------------------------------------------------------------


def test_a_long_field_is_cut_around_its_first_match() -> None:
    marked = (
        "根据用户上传的照片和文字描述生成个性化的虚拟形象并用于短视频【特效】制作与分享等多种场景"
    )
    assert snippet(marked) == "…形象并用于短视频【特效】制作与分享等多种场景"
    assert snippet("北京【字节】跳动科技有限公司") == "北京【字节】跳动科技有限公司"


def test_a_long_field_matched_at_its_start_keeps_its_start() -> None:
    marked = "【人脸】" + "融合" * 30
    assert snippet(marked) == "【人脸】" + "融合" * 16 + "…"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "链接中的“status=注销”按 已注销 筛选。"),
        ("en", "The link's “status=注销” is read as cancelled."),
    ],
)
def test_a_read_as_note_names_the_values_in_the_uis_language(lang: str, line: str) -> None:
    note = UrlNote("read_as", "status", "注销", "status", ("cancelled",))
    assert url_line(note, lang) == line


@pytest.mark.usefixtures("data_dir")
def test_a_search_offers_its_atom_feed_and_the_command_that_renews_it(
    downloads: dict[str, Callable[[], bytes]],
) -> None:
    at = open_search(q="字节")
    assert at.subheader[-1].value == "订阅新备案"
    assert at.code[0].value == "cacfilings feed --query '字节' -o feed.atom"
    atom = downloads["cacfilings-字节-2025-01-10.atom"]()
    assert atom.count(b"<entry>") == 3
    assert b"<title>CAC filings: \xe5\xad\x97\xe8\x8a\x82</title>" in atom
    assert len(open_search().code) == 0  # no query, no feed


@pytest.mark.usefixtures("data_dir")
def test_english_results_gloss_roles_categories_and_provinces_beside_the_chinese() -> None:
    table = open_search(q="小布", lang="en").dataframe[0].value
    assert list(table["role"]) == [
        "服务提供者、服务技术支持者 · provider and technical supporter",
        "",
    ]
    assert list(table["province"]) == ["广东省 · Guangdong"] * 2
    chinese = open_search(q="小布").dataframe[0].value
    assert list(chinese["role"]) == ["服务提供者、服务技术支持者", ""]
