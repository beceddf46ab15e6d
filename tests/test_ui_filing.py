"""The filing page (/filing?no=…) and ui/filing.py, driven through AppTest over the UI index."""

import hashlib
import json
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from crawler.constants import COLUMNS
from crawler.dataset import enrich
from crawler.dataset.history import filing_rows
from crawler.paths import data_paths
from tests.ui_apptest import APP
from tests.ui_helpers import (
    BYTEDANCE,
    CANCELLED_NO,
    DOWNLOAD,
    NOTICES,
    OPPO,
    UI_ROWS,
    build_ui_index,
    ui_table,
    with_provenance,
)
from ui import filing
from ui.results import plain

JIANYING: Final = "网信算备110108823483901240015号"
YUNQUE: Final = "Beijing-YunQue-20230829"
REMARK: Final = (
    "2024年6月新增算法使用产品：醒图；"
    "原主体名称“北京脸萌科技有限公司”变更为“北京字节跳动科技有限公司”"
)

pytestmark = pytest.mark.usefixtures("fresh_caches")
ATTACHMENT_2024: Final = f"{DOWNLOAD}2024-04"
STORED: Final = b"PK\x03\x04 the 2024-04 list as downloaded"
STORED_PATH: Final = "full/0f3c2a.docx"
STORED_NAME: Final = "2024年4月深度合成服务算法备案清单.docx"
SHOWN_NAME: Final = plain(STORED_NAME)  # as Markdown shows it


def remarked_table() -> pd.DataFrame:
    """ui_table() with remarks on the 剪映 row: a product added and the company renamed."""
    rows = [with_provenance(row) for row in UI_ROWS]
    for row in rows:
        if row["filing_no"] == JIANYING:
            row["remarks"] = REMARK
    raw = pd.DataFrame([[row.get(c, "") for c in COLUMNS] for row in rows], columns=list(COLUMNS))
    return enrich(raw)


def write_manifest(root: Path, entries: dict[str, dict[str, Any]]) -> None:
    """A raw manifest with `entries` under the data root `root`."""
    paths = data_paths(root)
    paths.raw.mkdir(parents=True, exist_ok=True)
    paths.manifest.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def store(root: Path, data: bytes = STORED) -> dict[str, Any]:
    """Store the 2024-04 attachment's bytes as the crawl would; returns its manifest entry."""
    target = data_paths(root).files / STORED_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    digest = hashlib.sha256(STORED).hexdigest()
    return {"path": STORED_PATH, "sha256": digest, "filename": STORED_NAME, "format": "docx"}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The UI index (with one remarked row) and a manifest storing the 2024-04 attachment."""
    build_ui_index(tmp_path, remarked_table())
    write_manifest(tmp_path, {ATTACHMENT_2024: store(tmp_path)})
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The bytes each download button was given, by file name."""
    captured: dict[str, bytes] = {}
    original = MediaFileManager.add

    def spy(self: MediaFileManager, data: Any, mimetype: str, coordinates: str, *args: Any, **kw):
        captured[kw.get("file_name") or args[0]] = data
        return original(self, data, mimetype, coordinates, *args, **kw)

    monkeypatch.setattr(MediaFileManager, "add", spy)
    return captured


def open_filing(**query_params: str) -> AppTest:
    """The app as a link to /filing with `query_params` opens it."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.query_params.clear()
    at.query_params.update(query_params)
    at.switch_page("views/filing.py")
    at.run()
    assert not at.exception, at.exception
    return at


def links(at: AppTest, kind: str) -> list[tuple[str, str]]:
    """(label, target) of every page link (page?query) or link button (url) of the page."""
    if kind == "page_link":
        return [(e.proto.label, f"{e.proto.page}?{e.proto.query_string}") for e in at.get(kind)]
    return [(e.proto.label, e.proto.url) for e in at.get(kind)]


def page_url(number: str, lang: str = "") -> str:
    return f"filing?no={quote(number, safe='')}" + (f"&lang={lang}" if lang else "")


# --- pure functions ---------------------------------------------------------------------------


def test_a_number_is_found_in_any_spelling_and_by_its_digits() -> None:
    lookup = filing.number_lookup(ui_table())
    typed = [
        JIANYING,
        "110108823483901240015",
        "网信算备 110108 823483901240015 号",
        "网信算备１１０１０８８２３４８３９０１２４００１５号",
    ]
    assert {filing.resolve_number(lookup, text) for text in typed} == {JIANYING}
    assert filing.resolve_number(lookup, "beijing-yunque-20230829") == YUNQUE
    assert filing.resolve_number(lookup, "11010882348390124001") is None
    assert filing.resolve_number(lookup, "") is None


def test_candidates_are_the_numbers_starting_with_what_was_typed() -> None:
    lookup = filing.number_lookup(ui_table())
    assert filing.candidates(lookup, "1101088234839") == [
        "网信算备110108823483901230031号",
        JIANYING,
    ]
    assert filing.candidates(lookup, "Beijing-") == ["Beijing-WenXin-20230831S0001", YUNQUE]
    assert filing.candidates(lookup, "Beijing-", limit=1) == ["Beijing-WenXin-20230831S0001"]
    assert filing.candidates(lookup, "999") == []


def test_page_links_are_relative_and_keep_the_language() -> None:
    rows = filing.with_page_links(ui_table())
    assert rows.loc[rows["filing_no"] == YUNQUE, "filing_page"].tolist() == [page_url(YUNQUE)]
    english = filing.in_language(rows["filing_page"], {"lang": "en"})
    assert english.iloc[0] == page_url("网信算备110108123456701220007号", "en")
    assert filing.page_link("") is None
    assert filing.in_language(pd.Series([None]), {"lang": "en"}).tolist() == [None]


def test_standing_of_a_cancelled_and_an_active_number() -> None:
    table = ui_table()
    cancelled = filing.standing(filing_rows(table, CANCELLED_NO))
    assert cancelled == filing.Standing("cancelled", NOTICES["2025-01"], "2025-01-10")
    assert filing.standing(filing_rows(table, YUNQUE)) == filing.Standing("active")


def test_timeline_and_former_names_come_from_the_remarks() -> None:
    events = filing.timeline(filing_rows(remarked_table(), JIANYING))
    assert events[["when", "kind", "field", "old", "new"]].values.tolist() == [
        ["2024-06", "product_added", "product", "", "醒图"],
        ["2024-06", "renamed", "company", "北京脸萌科技有限公司", BYTEDANCE],
    ]
    assert filing.former_names(events) == ["北京脸萌科技有限公司"]


def test_a_stored_copy_is_served_only_with_its_recorded_sha256(tmp_path: Path) -> None:
    entry = store(tmp_path)
    files = data_paths(tmp_path).files
    assert filing.stored_copy(files, STORED_PATH, entry["sha256"]) == STORED
    failures = [
        (STORED_PATH, "0" * 64, filing.COPY_MISMATCH, files / STORED_PATH),
        ("full/other.pdf", entry["sha256"], filing.COPY_MISSING, files / "full/other.pdf"),
        ("../manifest.json", entry["sha256"], filing.COPY_MISSING, data_paths(tmp_path).manifest),
        ("", entry["sha256"], filing.COPY_UNRECORDED, None),
    ]
    for path, digest, reason, where in failures:
        with pytest.raises(filing.StoredCopyError) as failed:
            filing.stored_copy(files, path, digest)
        assert (failed.value.reason, failed.value.path) == (reason, where)


def test_documents_name_the_original_file() -> None:
    rows = filing_rows(ui_table(), CANCELLED_NO)
    entry = {"path": STORED_PATH, "sha256": "ab", "filename": STORED_NAME}
    found = filing.documents(rows, {ATTACHMENT_2024: entry})
    assert found[["batch", "filename", "path", "sha256"]].values.tolist() == [
        ["2024-04", STORED_NAME, STORED_PATH, "ab"],
        ["2025-01", "c_1738000000000000.htm", "", ""],
    ]


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("data_dir")
def test_a_filing_page_shows_status_number_lists_events_and_company() -> None:
    at = open_filing(no=JIANYING)
    assert at.title[0].value == "备案详情"
    assert at.header[0].value == JIANYING
    assert at.success[0].value == "状态：**有效**（没有注销公告或“已注销”备注提到它）"
    decoded = (
        "**地区** 北京市 海淀区 · **行政区划代码** 110108 · **备案年份** 2024 · "
        "**编号所示类别** 生成合成类"
    )
    assert decoded in [md.value for md in at.markdown]
    appearances = at.dataframe[0].value
    assert appearances[["list_type", "batch", "company", "source_locator"]].values.tolist() == [
        ["deep_synthesis", "2024-04", BYTEDANCE, "table 1 row 2"]
    ]
    assert at.subheader[1].value == "出现在哪些清单（1 行）"
    events = at.dataframe[1].value
    assert events[["when", "kind", "field", "old", "new"]].values.tolist() == [
        ["2024-06", "product_added", "应用产品", "", "醒图"],
        ["2024-06", "renamed", "主体名称", "北京脸萌科技有限公司", BYTEDANCE],
    ]
    assert links(at, "page_link") == [
        (f"主体页面：{BYTEDANCE}", f"company?company={quote(BYTEDANCE)}"),
        ("集团页面：ByteDance", "company?group=ByteDance"),
    ]
    assert at.query_params == {"no": JIANYING}


@pytest.mark.usefixtures("data_dir")
def test_bare_digits_open_the_filing_and_the_url_names_it_in_full() -> None:
    at = open_filing(no="110108823483901240015")
    assert at.header[0].value == JIANYING
    assert at.text_input(key="filing_no").value == "110108823483901240015"
    assert at.query_params == {"no": JIANYING}


@pytest.mark.usefixtures("data_dir")
def test_a_cancelled_filing_links_its_cancellation_notice() -> None:
    at = open_filing(no=CANCELLED_NO)
    assert at.error[0].value == "状态：**已注销**（2025-01-10）"
    assert links(at, "link_button")[0] == ("注销公告 ↗", NOTICES["2025-01"])
    history = at.dataframe[0].value
    assert history[["list_type", "batch", "status", "company"]].values.tolist() == [
        ["deep_synthesis", "2024-04", "cancelled", "Oppo广东移动通信有限公司"],
        ["cancellation", "2025-01", "cancellation", OPPO],
    ]
    assert at.caption[1].value == "清单备注没有记录事件。"
    assert links(at, "page_link") == [(f"主体页面：{OPPO}", f"company?company={quote(OPPO)}")]


@pytest.mark.usefixtures("data_dir")
def test_the_stored_copy_is_offered_with_its_checked_sha256(served: dict[str, bytes]) -> None:
    at = open_filing(no=CANCELLED_NO)
    documents = [md.value for md in at.markdown][-2:]
    assert documents == [
        f"**2024\\-04** · 深度合成 · {SHOWN_NAME}",
        "**2025\\-01** · 注销公告 · c\\_1738000000000000\\.htm",
    ]
    assert links(at, "link_button")[1:] == [
        ("公告页面 ↗", NOTICES["2024-04"]),
        ("公告页面 ↗", NOTICES["2025-01"]),
    ]
    button = at.get("download_button")[0]
    assert button.proto.label == f"下载存档原件（{SHOWN_NAME}）"
    assert served[STORED_NAME] == STORED
    digest = hashlib.sha256(STORED).hexdigest()
    assert f"SHA-256 `{digest}`，已与存档文件核对" in [c.value for c in at.caption]
    no_copy = "无法提供 c\\_1738000000000000\\.htm 的存档原件（清单没有记录存档文件）。"
    assert [e.value for e in at.error][1:] == [no_copy]


def test_changed_bytes_are_not_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: dict[str, bytes]
) -> None:
    build_ui_index(tmp_path)
    write_manifest(tmp_path, {ATTACHMENT_2024: store(tmp_path, b"other bytes")})
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    at = open_filing(no=JIANYING)
    stored = data_paths(tmp_path).files / STORED_PATH
    error = f"存档文件的 SHA-256 与清单记录不符：{plain(str(stored))}"
    assert [e.value for e in at.error] == [f"无法提供 {SHOWN_NAME} 的存档原件（{error}）。"]
    assert not at.get("download_button")
    assert served == {}


@pytest.mark.usefixtures("data_dir")
def test_an_unknown_number_offers_the_numbers_starting_with_it() -> None:
    at = open_filing(no="Beijing-")
    assert at.warning[0].value == "没有备案编号为“Beijing\\-”的清单记录。"
    assert at.markdown[0].value == "以“Beijing\\-”开头的备案编号："
    assert links(at, "page_link") == [
        ("Beijing\\-WenXin\\-20230831S0001", page_url("Beijing-WenXin-20230831S0001")),
        ("Beijing\\-YunQue\\-20230829", page_url(YUNQUE)),
    ]
    assert not at.dataframe


@pytest.mark.usefixtures("data_dir")
def test_a_number_nothing_starts_with_says_so_in_english() -> None:
    at = open_filing(no="999", lang="en")
    assert at.title[0].value == "Filing"
    assert at.warning[0].value == "No list row has the filing number “999”."
    assert at.info[0].value == "No filing number starts with it either."
    assert at.query_params == {"no": "999", "lang": "en"}


@pytest.mark.usefixtures("data_dir")
def test_an_english_filing_page() -> None:
    at = open_filing(no=YUNQUE, lang="en")
    assert at.header[0].value == "Beijing\\-YunQue\\-20230829"
    assert at.success[0].value.startswith("Status: **active**")
    decoded = (
        "**Region** 北京市 · **Division code** 110000 · **Filing year** 2023 · "
        "**Date in number** 2023\\-08\\-29"
    )
    assert decoded in [md.value for md in at.markdown]
    assert [s.value for s in at.subheader] == [
        "What the number says",
        "Where it is listed (1 rows)",
        "Events the remarks record",
        "Source documents",
    ]
    assert links(at, "page_link")[1] == ("Group page: ByteDance", "company?group=ByteDance&lang=en")


@pytest.mark.usefixtures("data_dir")
def test_without_a_number_the_page_says_what_to_type() -> None:
    at = open_filing()
    assert at.info[0].value.startswith("输入备案编号（可以只输入其中的数字")
    assert at.query_params == {}
