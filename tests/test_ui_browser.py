"""The app as a person sees it: Streamlit served on a free port, driven by headless Chromium.

Needs playwright (a test dependency) and Debian's Chromium at /usr/bin/chromium (`./run setup`
installs it); playwright never downloads a browser of its own. Without them the test is skipped,
except in CI (`CI` set), where it fails. Screenshots go to tmp_path, or to docs/screenshots/
with CACFILINGS_SCREENSHOTS=1 (they are committed, so reviewers can see the pages).
"""

import contextlib
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.ui_helpers import BYTEDANCE, CANCELLED_NO, OPPO, OPPO_VARIANT, build_ui_index

pytestmark = [pytest.mark.browser, pytest.mark.system]

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 60_000  # how long to wait for the page to show something (a limit, not a measure)
VIEWPORT = {"width": 1440, "height": 1500}


def require(available: bool, reason: str) -> None:
    """Skip without `available`, with `reason`, except in CI, where that is a failure."""
    if not available:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required in CI)")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Poll Streamlit's health endpoint until it answers (or the server dies)."""
    for _ in range(300):
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=0.2)  # a pause between polls that ends early if it dies
    raise RuntimeError(f"Streamlit did not start at {url}:\n{log.read_text(errors='replace')}")


@contextlib.contextmanager
def served_app(root: Path) -> Iterator[str]:
    """`python -m streamlit run ui/app.py` on a free local port over the index in `root`."""
    port, log = free_port(), root / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    command += ["--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal"]
    env = {**os.environ, "CACFILINGS_DATA_DIR": str(root)}
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the UI test index."""
    root = tmp_path_factory.mktemp("browser-data")
    build_ui_index(root)
    with served_app(root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by playwright."""
    require(CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (run ./run setup)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: docs/screenshots/ with CACFILINGS_SCREENSHOTS=1, else tmp_path."""
    if os.environ.get("CACFILINGS_SCREENSHOTS") == "1":
        target = REPO / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path


def shows(page: Any, text: str) -> bool:
    """Whether the page comes to show exactly `text` in one element (waits for it)."""
    found = page.get_by_text(text, exact=True)
    found.wait_for()
    return found.is_visible()


def url_state(url: str) -> tuple[str, dict[str, list[str]]]:
    """The page path and query parameters of a URL, decoded."""
    parts = urlsplit(url)
    return unquote(parts.path), parse_qs(parts.query)


def settle(page: Any, tables: int, charts: int = 0) -> None:
    """Wait until the run is over and the page's `tables` and `charts` are drawn."""
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    if tables:
        page.locator('[data-testid="stDataFrame"] canvas').nth(tables - 1).wait_for()
    if charts:
        page.locator('[data-testid="stVegaLiteChart"] :is(canvas, svg)').nth(charts - 1).wait_for()


def test_search_company_and_overview_in_the_browser(
    browser: Any, app_url: str, shots: Path
) -> None:
    page = browser.new_page(viewport=VIEWPORT, locale="zh-CN")
    page.set_default_timeout(WAIT_MS)
    page.goto(app_url)
    assert shows(page, "共 11 条备案记录")
    assert shows(page, "算法类别")  # the category filter in the sidebar

    box = page.get_by_label("检索备案")
    box.fill("字节")
    box.press("Enter")
    assert shows(page, "共 3 条备案记录")
    assert shows(page, f"结果中最常见的主体：{BYTEDANCE} (3)")
    assert url_state(page.url) == ("/", {"q": ["字节"]})
    settle(page, tables=1)
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV（3 行）").click()
    csv = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert (len(csv), download.value.suggested_filename) == (4, "cacfilings-search.csv")
    assert [line.split(",")[3] for line in csv[1:]] == [
        "人脸融合算法",
        "剪映虚拟形象生成算法",
        "云雀大模型",
    ]

    page.get_by_role("button", name="打开主体页面").click()
    page.get_by_role("heading", name=BYTEDANCE).wait_for()
    assert url_state(page.url) == ("/company", {"company": [BYTEDANCE]})
    settle(page, tables=3, charts=1)
    assert page.get_by_test_id("stMetricValue").all_inner_texts() == ["3", "3", "3", "0", "2"]

    page.goto(f"{app_url}/company?company={OPPO_VARIANT}")  # another spelling of OPPO's name
    page.get_by_role("heading", name=OPPO).wait_for()
    settle(page, tables=3, charts=1)
    assert shows(page, f"已注销：{CANCELLED_NO} (2025-01-10)")
    assert url_state(page.url) == ("/company", {"company": [OPPO]})
    page.screenshot(path=str(shots / "company.png"), full_page=True)

    page.goto(f"{app_url}/overview?lang=en")
    page.get_by_text("What the latest batch, 2025-01, added").wait_for()
    latest = (
        "Batch 2025-01 added 1 new filing(s) from 1 company(ies), 1 of them listed for the first "
        "time; 1 filing(s) cancelled."
    )
    assert shows(page, latest)
    settle(page, tables=1, charts=4)
    assert page.get_by_test_id("stVegaLiteChart").count() == 4
    page.screenshot(path=str(shots / "overview.png"), full_page=True)
    page.close()
    assert {p.name for p in shots.glob("*.png")} >= {"search.png", "company.png", "overview.png"}
