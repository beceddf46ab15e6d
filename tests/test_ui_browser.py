"""The app as a person sees it: Streamlit served on a free port, driven by headless Chromium.

Needs playwright (a test dependency) and Debian's Chromium at /usr/bin/chromium (`./run setup`
installs it); playwright never downloads a browser of its own. Without them the test is skipped,
except in CI (`CI` set), where it fails. Screenshots go to tmp_path, or to docs/screenshots/
with CACFILINGS_SCREENSHOTS=1 (they are committed, so reviewers can see the pages).
"""

import contextlib
import hashlib
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree

import pytest

from crawler.paths import data_paths
from tests.test_ui_filing import ATTACHMENT_2024, remarked_table, store, write_manifest
from tests.ui_helpers import DOWNLOAD, build_ui_index

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
WIDE = {"width": 2400, "height": 1500}  # every column of the results drawn
ROW_HEIGHT = 35  # of a table's header and rows, in pixels
STEP = 8  # pixels between pointer probes along a row
FACE_FUSION = "网信算备110108823483901230031号"  # 北京字节跳动科技有限公司's 人脸融合算法
ATTACHMENT_2023 = f"{DOWNLOAD}2023-06"
STORED_2023 = b"%PDF-1.7 the 2023-06 list as downloaded"
NAME_2023 = "境内深度合成服务算法备案清单（2023年6月）.pdf"
ATOM = "{http://www.w3.org/2005/Atom}"
BYTEDANCE_FEED = [  # newest listing first
    "北京字节跳动科技有限公司 · 云雀大模型 (genai_filed)",
    "北京字节跳动科技有限公司 · 剪映虚拟形象生成算法 (deep_synthesis)",
    "北京字节跳动科技有限公司 · 人脸融合算法 (deep_synthesis)",
    "北京微播视界科技有限公司 · 抖音个性化推荐算法 (algorithm)",
]


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


def link_spots(page: Any, table: Any, row: int) -> list[tuple[float, float]]:
    """Where the pointer turns into a hand along `row` (0: the first data row): one per link."""
    canvas = table.locator("canvas").first
    box = canvas.bounding_box()
    y = box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2
    spots: list[tuple[float, float]] = []
    for x in range(int(box["x"]) + 2, int(box["x"] + box["width"]), STEP):
        page.mouse.move(x, y)
        hand = canvas.evaluate("c => getComputedStyle(c).cursor") == "pointer"
        if hand and not (spots and x - spots[-1][0] <= 3 * STEP):
            spots.append((x, y))
    return spots


def open_link_to(page: Any, table: Any, path: str) -> Any:
    """Click the row's links from the right until one opens `path` in a new tab; that tab."""
    for x, y in reversed(link_spots(page, table, 0)):
        with page.context.expect_page() as opened:
            page.mouse.click(x, y)
        tab = opened.value
        tab.wait_for_load_state()
        if url_state(tab.url)[0] == path:
            return tab
        tab.close()
    raise AssertionError(f"no link of the first row opens {path}")


@pytest.fixture(scope="module")
def paths_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the UI index with the 2023-06 and 2024-04 lists stored, as a crawl stores."""
    root = tmp_path_factory.mktemp("browser-paths")
    build_ui_index(root, remarked_table())
    entries = {ATTACHMENT_2024: store(root), ATTACHMENT_2023: store_2023(root)}
    write_manifest(root, entries)
    with served_app(root) as url:
        yield url


def store_2023(root: Path) -> dict[str, str]:
    """Store the 2023-06 list's bytes under data/raw; returns its manifest entry."""
    target = data_paths(root).files / "full/2023-06.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(STORED_2023)
    digest = hashlib.sha256(STORED_2023).hexdigest()
    return {"path": "full/2023-06.pdf", "sha256": digest, "filename": NAME_2023, "format": "pdf"}


def page_in(browser: Any, locale: str, **options: Any) -> Any:
    """A new page of a fresh browser context (its own session) in `locale`."""
    context = browser.new_context(viewport=WIDE, locale=locale, accept_downloads=True, **options)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    return page


def downloaded(page: Any, button: str) -> Any:
    """The download a click on the button named `button` starts."""
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return download.value


def test_a_journalist_goes_from_a_search_to_the_official_file_its_group_and_a_feed(
    browser: Any, paths_url: str, shots: Path
) -> None:
    page = page_in(browser, "zh-CN")
    page.goto(paths_url)
    assert shows(page, "共 11 行清单记录，涉及 10 项不同备案")
    assert page.get_by_role("button", name="Deploy").count() == 0
    box = page.get_by_label("检索备案")
    box.fill("人脸融合")
    box.press("Enter")
    assert shows(page, "共 1 行清单记录，涉及 1 项不同备案")
    assert url_state(page.url) == ("/", {"q": ["人脸融合"]})
    settle(page, tables=1)
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    results = downloaded(page, "下载 CSV（1 行）")
    assert results.suggested_filename == "cacfilings-人脸融合-2025-01-10.csv"

    filing = open_link_to(page, page.get_by_test_id("stDataFrame").first, "/filing")
    filing.set_default_timeout(WAIT_MS)
    assert url_state(filing.url) == ("/filing", {"no": [FACE_FUSION]})
    filing.get_by_role("heading", name=FACE_FUSION).wait_for()
    assert shows(filing, hashlib.sha256(STORED_2023).hexdigest())  # the code span of its caption
    official = downloaded(filing, f"下载存档原件（{NAME_2023}）")
    assert official.suggested_filename == NAME_2023
    assert Path(official.path()).read_bytes() == STORED_2023
    filing.screenshot(path=str(shots / "filing.png"), full_page=True)

    filing.get_by_role("link", name="集团页面：ByteDance").click()
    filing.get_by_role("heading", name="ByteDance").wait_for()
    assert url_state(filing.url) == ("/company", {"group": ["ByteDance"]})
    settle(filing, tables=3, charts=1)
    filing.screenshot(path=str(shots / "company.png"), full_page=True)
    feed = downloaded(filing, "下载 Atom 订阅")
    assert feed.suggested_filename == "cacfilings-ByteDance-2025-01-10.atom"
    entries = ElementTree.parse(feed.path()).getroot().findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == BYTEDANCE_FEED
    filing.context.close()
    page.context.close()


def test_an_english_reporter_finds_face_swap_filings_and_reads_them_in_english(
    browser: Any, paths_url: str, shots: Path
) -> None:
    page = page_in(browser, "en-GB")
    page.goto(f"{paths_url}/?lang=en&q=face%20swap")
    assert shows(page, "“face swap” also finds the Chinese words 人脸替换、人脸融合、换脸")
    assert shows(page, "**1** list rows, naming **1** distinct filings".replace("**", ""))
    settle(page, tables=1)
    page.screenshot(path=str(shots / "search-english.png"), full_page=True)
    filing = open_link_to(page, page.get_by_test_id("stDataFrame").first, "/filing")
    filing.set_default_timeout(WAIT_MS)
    assert url_state(filing.url) == ("/filing", {"no": [FACE_FUSION], "lang": ["en"]})
    filing.get_by_role("heading", name=FACE_FUSION).wait_for()
    assert shows(filing, "Events the remarks record")
    filing.get_by_role("link", name="Group page: ByteDance").click()
    filing.get_by_role("heading", name="ByteDance").wait_for()
    assert url_state(filing.url) == ("/company", {"group": ["ByteDance"], "lang": ["en"]})
    assert shows(filing, "Follow new filings")
    filing.context.close()
    page.context.close()


def test_the_overview_in_the_browser(browser: Any, paths_url: str, shots: Path) -> None:
    page = page_in(browser, "en-GB")
    page.goto(f"{paths_url}/overview?lang=en")
    page.get_by_text("What the latest batch, 2025-01, added").wait_for()
    latest = (
        "Batch 2025-01 added 1 new filing(s) from 1 company(ies), 1 of them listed for the first "
        "time; 1 filing(s) cancelled."
    )
    assert shows(page, latest)
    settle(page, tables=1, charts=7)
    assert page.get_by_test_id("stVegaLiteChart").count() == 7
    page.screenshot(path=str(shots / "overview.png"), full_page=True)
    page.context.close()
