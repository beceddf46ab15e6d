"""Companies named like Markdown images and links, in headless Chromium: shown as text only."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_ui_browser import (
    VIEWPORT,
    WAIT_MS,
    browser,
    served_app,
    settle,
    shows,
)
from tests.ui_helpers import build_ui_index, hostile_table
from ui.results import unlinked

__all__ = ["browser"]  # the fixture, shared with tests/test_ui_browser.py
pytestmark = [pytest.mark.browser, pytest.mark.system]
EVIL_LINKS = 'a[href*="evil"], a[href^="javascript"], img[src*="evil"], img[src="x"]'


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free local port over an index holding the hostile companies."""
    root = tmp_path_factory.mktemp("browser-hostile")
    build_ui_index(root, hostile_table())
    with served_app(root) as url:
        yield url


def test_markdown_in_company_names_shows_as_text(browser: Any, hostile_url: str) -> None:
    image, link = hostile_table()["company"].tolist()[-2:]
    page = browser.new_page(viewport=VIEWPORT, locale="zh-CN")
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{hostile_url}/?q=evil")
    assert shows(page, f"结果中最常见的主体：{unlinked(image)} (1) · {unlinked(link)} (1)")
    settle(page, tables=1)
    assert page.locator(EVIL_LINKS).count() == 0
    page.goto(f"{hostile_url}/?q=(![x](http://evil.example/x.png)")
    page.get_by_text("已忽略“(”：括号未闭合。").wait_for()
    assert page.locator(EVIL_LINKS).count() == 0
    page.goto(f"{hostile_url}/?q=evil:![x](http://evil.example/x.png)")  # the notice echoes it
    page.get_by_text("没有“evil:”这个字段，已把“![x]”当作普通词语检索。").wait_for()
    assert page.locator(EVIL_LINKS).count() == 0
    page.close()
