"""The filing page as a person reaches it: a results table's “详情” link, then the stored file.

Served Streamlit driven by headless Chromium, as in tests/test_ui_browser.py (same skips). The
link is a cell of a canvas-drawn table, so it is found where the pointer becomes a hand.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import pytest

from tests.test_ui_browser import (  # noqa: F401
    WIDE,
    browser,
    open_link_to,
    served_app,
    settle,
    url_state,
)
from tests.test_ui_filing import (
    ATTACHMENT_2024,
    JIANYING,
    STORED,
    STORED_NAME,
    remarked_table,
    store,
    write_manifest,
)
from tests.ui_helpers import build_ui_index

pytestmark = [pytest.mark.browser, pytest.mark.system]

WAIT_MS: Final = 60_000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the UI index, with the 2024-04 attachment stored and in the manifest."""
    root = tmp_path_factory.mktemp("browser-filing")
    build_ui_index(root, remarked_table())
    write_manifest(root, {ATTACHMENT_2024: store(root)})
    with served_app(root) as url:
        yield url


def test_details_opens_the_filing_page_and_serves_the_stored_bytes(
    browser: Any,  # noqa: F811
    app_url: str,
) -> None:
    context = browser.new_context(viewport=WIDE, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{app_url}/?q=剪映")
    settle(page, tables=1)
    tab = open_link_to(page, page.get_by_test_id("stDataFrame").first, "/filing")
    tab.set_default_timeout(WAIT_MS)
    assert url_state(tab.url) == ("/filing", {"no": [JIANYING]})
    tab.get_by_role("heading", name=JIANYING).wait_for()
    assert f"/filing?no={quote(JIANYING, safe='')}" in tab.url
    with tab.expect_download() as download:
        tab.get_by_role("button", name=f"下载存档原件（{STORED_NAME}）").click()
    assert download.value.suggested_filename == STORED_NAME
    assert Path(download.value.path()).read_bytes() == STORED
    context.close()


def test_english_details_keep_the_language(browser: Any, app_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport=WIDE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{app_url}/company?company=寻梦&lang=en")
    page.get_by_role("heading", name="上海寻梦信息技术有限公司").wait_for()
    settle(page, tables=2)
    listings = page.get_by_test_id("stDataFrame").nth(1)
    tab = open_link_to(page, listings, "/filing")
    tab.set_default_timeout(WAIT_MS)
    assert url_state(tab.url) == (
        "/filing",
        {"no": ["网信算备310115222222201250001号"], "lang": ["en"]},
    )
    tab.get_by_text("Events the remarks record", exact=True).wait_for()
    context.close()
