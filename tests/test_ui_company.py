"""The company and group pages (/company?company=…, ?group=…) and ui/groups.py, through AppTest."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import pytest
from streamlit.testing.v1 import AppTest

from crawler.dataset.normalize import company_key
from index.feed import feed_command
from tests.test_ui_filing import JIANYING, remarked_table
from tests.ui_apptest import APP, rerun
from tests.ui_helpers import APPLE, BAIDU, BYTEDANCE, CANCELLED_NO, OPPO, PDD, build_ui_index
from ui import companies, groups

WEIBO: Final = "北京微播视界科技有限公司"
FORMER: Final = "北京脸萌科技有限公司"
BYTEDANCE_NOTE: Final = (
    f"ByteDance：别名表（index/aliases.csv）列出 9 个主体，清单中有 2 个：{BYTEDANCE} · {WEIBO}"
)

pytestmark = pytest.mark.usefixtures("fresh_caches")
GROUP_METRICS: Final = [
    ("主体", "2"),
    ("清单记录（行）", "4"),
    ("备案编号（不同）", "4"),
    ("有效", "4"),
    ("已注销", "0"),
    ("批次", "3"),
]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The UI index, its 剪映 row remarking that 北京脸萌科技有限公司 became 字节跳动."""
    build_ui_index(tmp_path, remarked_table())
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    return tmp_path


def open_company(**query_params: str) -> AppTest:
    """The app as a link to /company with `query_params` opens it."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.query_params.clear()
    at.query_params.update(query_params)
    at.switch_page("views/company.py")
    return rerun(at)


def metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(metric.label, metric.value) for metric in at.metric]


def page_links(at: AppTest) -> list[tuple[str, str]]:
    """(label, page?query) of every page link."""
    return [(e.proto.label, f"{e.proto.page}?{e.proto.query_string}") for e in at.get("page_link")]


def company_link(name: str, lang: str = "") -> str:
    return f"company?company={quote(name)}" + (f"&lang={lang}" if lang else "")


# --- pure functions ---------------------------------------------------------------------------


def present() -> tuple[Any, list[groups.Group]]:
    directory = companies.directory(remarked_table())
    return directory, groups.present_groups(groups.alias_groups(), directory)


def test_groups_are_the_aliases_naming_entities_with_the_index_s_entities() -> None:
    _, found = present()
    assert [(group.name, group.keys) for group in found] == [
        ("ByteDance", (company_key(BYTEDANCE), company_key(WEIBO))),
        ("Baidu", (company_key(BAIDU),)),
        ("Pinduoduo", (company_key(PDD),)),
    ]
    assert len(found[0].entities) == 9


@pytest.mark.parametrize(
    ("typed", "key", "group", "candidates"),
    [
        ("oppo广东移动通信有限公司", OPPO, None, ()),  # case
        ("苹果技术开发(上海)有限公司", APPLE, None, ()),  # half-width brackets
        ("ＯＰＰＯ广东移动通信有限公司", OPPO, None, ()),  # full-width letters
        (FORMER, BYTEDANCE, None, ()),  # a former name only a remark prints
        ("寻梦", PDD, None, ()),  # the one company whose name holds it
        ("ByteDance", None, "ByteDance", ()),
        ("字节跳动", None, "ByteDance", ()),  # an alias of the group
        ("拼多多", None, "Pinduoduo", ()),
        ("上海", None, None, (PDD, APPLE)),
        ("不存在的公司", None, None, ()),
        ("", None, None, ()),
    ],
)
def test_lookup_resolves_spellings_former_names_short_names_and_groups(
    typed: str, key: str | None, group: str | None, candidates: tuple[str, ...]
) -> None:
    directory, found = present()
    renames = {company_key(FORMER): company_key(BYTEDANCE)}
    result = groups.lookup(directory, found, typed, renames)
    assert result.key == (company_key(key) if key else None)
    assert (result.group.name if result.group else None) == group
    assert result.candidates == tuple(company_key(name) for name in candidates)


def test_group_of_a_company_and_the_alias_note() -> None:
    _, found = present()
    bytedance = groups.group_of(found, company_key(WEIBO))
    assert bytedance is not None
    assert bytedance.name == "ByteDance"
    assert groups.group_of(found, company_key(OPPO)) is None
    assert groups.alias_note(bytedance, ["A", "B", "C", "D"]) == ("A · B · C …", 9, 2)


# --- the company page -------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    "params", [{"company": "字节跳动"}, {"company": "ByteDance"}, {"group": "ByteDance"}]
)
def test_a_group_is_one_view(params: dict[str, str]) -> None:
    at = open_company(**params)
    assert at.header[0].value == "ByteDance"
    assert at.selectbox(key="company").value == "ByteDance"
    assert at.info[0].value == BYTEDANCE_NOTE
    assert metrics(at) == GROUP_METRICS
    assert at.dataframe[0].value.to_dict("records") == [
        {"company": BYTEDANCE, "filings": 3, "rows": 3},
        {"company": WEIBO, "filings": 1, "rows": 1},
    ]
    assert page_links(at) == [
        (BYTEDANCE, company_link(BYTEDANCE)),
        (WEIBO, company_link(WEIBO)),
    ]
    filings = at.dataframe[1].value
    assert filings[["filing_no", "company", "batches"]].values.tolist() == [
        ["网信算备110108123456701220007号", WEIBO, "2022-08"],
        ["网信算备110108823483901230031号", BYTEDANCE, "2023-06"],
        ["Beijing-YunQue-20230829", BYTEDANCE, "2024-04"],
        [JIANYING, BYTEDANCE, "2024-04"],
    ]
    assert at.dataframe[2].value["company"].tolist() == [WEIBO, BYTEDANCE, BYTEDANCE, BYTEDANCE]
    assert len(at.get("vega_lite_chart")) == 1
    assert at.query_params == {"group": "ByteDance"}


@pytest.mark.usefixtures("data_dir")
def test_a_group_in_english() -> None:
    at = open_company(group="ByteDance", lang="en")
    assert at.title[0].value == "Company"
    assert at.info[0].value == (
        "ByteDance: 9 entities in the alias list (index/aliases.csv), 2 of them in the lists: "
        f"{BYTEDANCE} · {WEIBO}"
    )
    assert [label for label, _ in metrics(at)] == [
        "Entities",
        "List rows",
        "Filing numbers (distinct)",
        "Active",
        "Cancelled",
        "Batches",
    ]
    assert page_links(at)[0] == (BYTEDANCE, company_link(BYTEDANCE, "en"))
    assert at.query_params == {"group": "ByteDance", "lang": "en"}


@pytest.mark.usefixtures("data_dir")
def test_rows_and_distinct_filings_are_told_apart() -> None:
    at = open_company(company=OPPO)
    assert metrics(at)[:2] == [("清单记录（行）", "3"), ("备案编号（不同）", "2")]
    assert any(
        c.value.startswith("“清单记录（行）”数的是清单中的行；同一备案编号可出现在")
        for c in at.caption
    )
    english = open_company(company=OPPO, lang="en")
    assert metrics(english)[:2] == [("List rows", "3"), ("Filing numbers (distinct)", "2")]
    assert any(c.value.startswith("“List rows” counts rows of the lists;") for c in english.caption)


@pytest.mark.usefixtures("data_dir")
def test_a_short_name_several_companies_hold_offers_them_to_pick() -> None:
    at = open_company(company="上海")
    assert at.radio(key="company_pick").label == "“上海”对应 2 个主体，请选择："
    assert at.radio(key="company_pick").options == [PDD, APPLE]
    assert not at.header
    assert at.query_params == {}
    at.radio(key="company_pick").set_value(APPLE)
    rerun(at)
    assert at.header[0].value == APPLE
    assert at.query_params == {"company": APPLE}


@pytest.mark.usefixtures("data_dir")
def test_a_former_name_opens_the_company_it_became() -> None:
    at = open_company(company=FORMER)
    assert at.header[0].value == BYTEDANCE
    assert at.caption[1].value == f"曾用名（清单备注记录）：{FORMER}"
    assert page_links(at)[0] == ("集团页面：ByteDance", "company?group=ByteDance")
    assert at.query_params == {"company": BYTEDANCE}


@pytest.mark.usefixtures("data_dir")
def test_a_name_with_one_holder_opens_it_and_listings_link_filing_pages() -> None:
    at = open_company(company="寻梦")
    assert at.header[0].value == PDD
    assert at.selectbox(key="company").value == PDD
    listings = at.dataframe[1].value
    number = quote("网信算备310115222222201250001号", safe="")
    assert listings["filing_page"].tolist() == [f"filing?no={number}"]
    assert "attachment_url" not in listings.columns
    assert at.query_params == {"company": PDD}


@pytest.mark.usefixtures("data_dir")
def test_the_traced_number_links_its_filing_page() -> None:
    at = open_company(company=OPPO)
    at.selectbox(key="history_no").select(CANCELLED_NO)
    rerun(at)
    assert "attachment_url" not in at.dataframe[2].value.columns
    number = quote(CANCELLED_NO, safe="")
    assert page_links(at) == [(f"备案: {CANCELLED_NO}", f"filing?no={number}")]


@pytest.mark.usefixtures("data_dir")
def test_the_feed_is_made_on_click_and_its_command_shown(
    downloads: dict[str, Callable[[], bytes]],
) -> None:
    at = open_company(company=BAIDU)
    assert at.get("download_button")[0].proto.label == "下载 Atom 订阅"
    atom = downloads[f"cacfilings-{BAIDU}-2025-01-10.atom"]()
    assert atom.startswith(b"<?xml")
    assert atom.count(b"<entry>") == 2
    assert at.expander[-1].label == "显示定时更新命令"
    assert at.code[0].value == feed_command("", BAIDU)
    assert at.code[0].value == f"cacfilings feed --query '' --company '{BAIDU}' -o feed.atom"
