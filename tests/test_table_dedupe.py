"""The table build counts stored bytes once, whatever links them, and never counts the rows of
files linked only from annual notices. The parsers are replaced by fixed frames, so these tests
are about the table, not about reading documents."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from crawler import parse_cache, table
from crawler.paths import DataPaths
from crawler.rebuild import rebuild
from crawler.refresh import RefreshOptions, finish
from crawler.run import CrawlResult
from crawler.storage import write_bytes_atomic, write_json_atomic
from crawler.table import build_table, content_groups, notice_dates, read_table
from tests.helpers import parsed_rows

SITE = "https://www.cac.gov.cn"
GENAI_PAGE = f"{SITE}/2024-04/02/c_1713729983803145.htm"
PERIOD = f"{SITE}/2025-09/10/c_1759222982377536.htm"
ANNUAL = f"{SITE}/2026-01/09/c_1769688009588554.htm"
DOWNLOAD = f"{SITE}/cms/pub/interact/downloadfile.jsp?filepath="
ON_PAGE, ON_PERIOD, ON_ANNUAL = (DOWNLOAD + token for token in ("page-08", "period-08", "annual"))
AUGUST = b"%PDF genai 2025-08"
CUMULATIVE = b"%PDF genai cumulative 2025"
TOTALS = {"genai_filed": 748, "genai_registered": 435, "as_of": "2025-12-31"}


BLANK_TYPES = b"%PDF genai, list type not printed"
AUGUST_EDITED = b"%PDF genai 2025-08, a row added after publication"
PARSES = {
    AUGUST_EDITED: parsed_rows(
        "Beijing-A-202507010001", "Beijing-B-202508010002", "Beijing-E-202508150003"
    ),
    AUGUST: parsed_rows("Beijing-A-202507010001", "Beijing-B-202508010002"),
    CUMULATIVE: parsed_rows(
        "Beijing-A-202507010001", "Beijing-B-202508010002", "Beijing-C-20250901"
    ),
    BLANK_TYPES: parsed_rows("Beijing-D-20240401", list_type=""),
}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """parse_document replaced by PARSES; the bytes parsed, in order."""
    seen: list[bytes] = []

    def parse(data: bytes, **options: object) -> pd.DataFrame:
        assert "list_type" not in options  # the cached parse carries no hint
        seen.append(data)
        return PARSES[data].copy()

    monkeypatch.setattr(table, "parse_document", parse)
    return seen


def link(notice: str, published: str, text: str, batch: str, **extra: object) -> dict:
    return {
        "notice_url": notice,
        "notice_title": extra.get("title", "公告"),
        "published": published,
        "notice_kind": extra.get("kind", "list"),
        "stated_totals": extra.get("totals"),
        "link_text": text,
        "batch": batch,
        "family": extra.get("family", "genai"),
        "inline": False,
        "stated_total": None,
    }


def store(paths: DataPaths, url: str, data: bytes, *links: dict) -> None:
    """Store `data` as the attachment at `url`, linked from `links` (first in link order)."""
    name = hashlib.sha1(url.encode()).hexdigest()
    write_bytes_atomic(paths.files / "full" / f"{name}.pdf", data)
    manifest = table.read_manifest(paths)
    ordered = sorted(links, key=table.link_order)
    manifest[url] = {
        **ordered[0],
        "url": url,
        "path": f"full/{name}.pdf",
        "sha256": hashlib.sha256(data).hexdigest(),
        "content_type": "application/pdf",
        "linked_from": ordered,
    }
    write_json_atomic(paths.manifest, manifest)


PAGE_LINK = link(
    GENAI_PAGE, "2024-04-02", "附件7：生成式人工智能服务已备案和已登记信息（2025年8月）", "2025-08"
)
PERIOD_LINK = link(
    PERIOD, "2025-09-10", "生成式人工智能服务已备案和已登记信息（2025年8月）", "2025-08"
)
ANNUAL_LINK = link(ANNUAL, "2026-01-09", "2025年已备案信息", "", kind="annual", totals=TOTALS)


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


def test_the_same_bytes_at_two_urls_give_their_rows_once(paths, parses) -> None:
    store(paths, ON_PERIOD, AUGUST, PERIOD_LINK)
    store(paths, ON_PAGE, AUGUST, PAGE_LINK)
    result = build_table(paths)
    assert len(result.table) == 2
    assert set(result.table["notice_url"]) == {GENAI_PAGE}  # the earliest-published notice
    assert set(result.table["attachment_url"]) == {ON_PAGE}
    assert set(result.table["batch"]) == {"2025-08"}
    assert result.parsed == [ON_PAGE]
    assert parses == [AUGUST]


def replaced(paths: DataPaths, url: str, old: bytes) -> None:
    """Record in `url`'s manifest entry that its bytes replaced `old` (a re-download)."""
    manifest = table.read_manifest(paths)
    manifest[url]["versions"] = [{"sha256": hashlib.sha256(old).hexdigest(), "path": None}]
    write_json_atomic(paths.manifest, manifest)


@pytest.mark.parametrize("edited_url", [ON_PAGE, ON_PERIOD])
def test_a_shared_list_edited_through_one_link_counts_once_with_its_new_rows(
    paths, parses, edited_url
) -> None:
    kept_url = ON_PERIOD if edited_url == ON_PAGE else ON_PAGE
    store(paths, kept_url, AUGUST, PERIOD_LINK if kept_url == ON_PERIOD else PAGE_LINK)
    store(paths, edited_url, AUGUST_EDITED, PAGE_LINK if edited_url == ON_PAGE else PERIOD_LINK)
    replaced(paths, edited_url, AUGUST)
    result = build_table(paths)
    assert sorted(result.table["filing_no"]) == [
        "Beijing-A-202507010001",
        "Beijing-B-202508010002",
        "Beijing-E-202508150003",
    ]
    assert set(result.table["attachment_url"]) == {edited_url}
    assert result.parsed == [edited_url]


def test_which_link_the_rows_carry_does_not_depend_on_manifest_order(paths, parses) -> None:
    store(paths, ON_PAGE, AUGUST, PAGE_LINK)
    store(paths, ON_PERIOD, AUGUST, PERIOD_LINK)
    first = build_table(paths).table
    manifest = table.read_manifest(paths)
    write_json_atomic(paths.manifest, dict(reversed(manifest.items())))
    pd.testing.assert_frame_equal(build_table(paths).table, first)


def test_one_url_linked_from_two_notices_carries_the_earliest(paths, parses) -> None:
    store(paths, ON_PAGE, AUGUST, PERIOD_LINK, PAGE_LINK)
    assert set(build_table(paths).table["notice_url"]) == {GENAI_PAGE}


def test_a_file_linked_only_from_an_annual_notice_adds_no_parsed_rows(paths, parses) -> None:
    store(paths, ON_PAGE, AUGUST, PAGE_LINK)
    store(paths, ON_ANNUAL, CUMULATIVE, ANNUAL_LINK)
    result = build_table(paths)
    assert len(result.table) == 2
    assert set(result.table["attachment_url"]) == {ON_PAGE}
    assert result.parsed == [ON_PAGE]
    assert result.errors == []
    assert table.read_manifest(paths)[ON_ANNUAL]["stated_totals"] == TOTALS  # kept


def test_an_annual_link_to_period_bytes_leaves_them_to_the_period_notice(paths, parses) -> None:
    later_list = link(f"{SITE}/2026-02/01/c_1.htm", "2026-02-01", "生成式（2025年8月）", "2025-08")
    store(paths, ON_ANNUAL, AUGUST, ANNUAL_LINK)
    store(paths, ON_PERIOD, AUGUST, later_list)
    result = build_table(paths)
    assert len(result.table) == 2
    assert set(result.table["notice_url"]) == {f"{SITE}/2026-02/01/c_1.htm"}
    assert set(result.table["attachment_url"]) == {ON_PERIOD}


def test_groups_list_every_link_to_the_same_bytes_in_link_order(paths) -> None:
    store(paths, ON_ANNUAL, AUGUST, ANNUAL_LINK)
    store(paths, ON_PERIOD, AUGUST, PERIOD_LINK)
    store(paths, ON_PAGE, AUGUST, PAGE_LINK)
    [group] = content_groups(table.read_manifest(paths))
    assert [(one["url"], one["notice_url"]) for one in group] == [
        (ON_PAGE, GENAI_PAGE),
        (ON_PERIOD, PERIOD),
        (ON_ANNUAL, ANNUAL),
    ]


def test_notice_dates_cover_every_linking_notice(paths) -> None:
    store(paths, ON_PAGE, AUGUST, PAGE_LINK, PERIOD_LINK)
    store(paths, ON_ANNUAL, CUMULATIVE, ANNUAL_LINK)
    assert notice_dates(table.read_manifest(paths)) == {
        GENAI_PAGE: "2024-04-02",
        PERIOD: "2025-09-10",
        ANNUAL: "2026-01-09",
    }


def test_the_parse_cache_holds_the_parse_without_hints(paths, parses) -> None:
    store(paths, ON_PAGE, AUGUST, link(GENAI_PAGE, "2024-04-02", "清单", "", family="genai"))
    store(paths, ON_PERIOD, BLANK_TYPES, link(PERIOD, "2025-09-10", "清单", ""))
    build_table(paths)
    parses.clear()
    rebuilt = build_table(paths).table
    assert parses == []
    cached = parse_cache.read_cached(
        parse_cache.cache_file(paths.parsed, hashlib.sha256(BLANK_TYPES).hexdigest())
    )
    pd.testing.assert_frame_equal(cached, PARSES[BLANK_TYPES])
    blank = rebuilt[rebuilt["attachment_url"] == ON_PERIOD]
    assert list(blank["list_type"]) == [""]  # generative AI implies no one list type
    assert list(blank["batch"]) == ["2025-09"]


def test_refresh_rebuilds_with_the_same_rules(paths, parses) -> None:
    store(paths, ON_PERIOD, AUGUST, PERIOD_LINK)
    store(paths, ON_PAGE, AUGUST, PAGE_LINK)
    store(paths, ON_ANNUAL, CUMULATIVE, ANNUAL_LINK)
    crawl = CrawlResult(stats={"finish_reason": "finished", "cacfilings/notices_read": 3})
    outcome = finish(paths, crawl, RefreshOptions())
    assert outcome.rebuilt
    assert outcome.parse_errors == []
    stored = read_table(paths)
    assert len(stored) == 2
    assert set(stored["attachment_url"]) == {ON_PAGE}
    assert set(stored["notice_date"]) == {"2024-04-02"}


def test_rows_moving_to_an_earlier_notice_are_not_refused_as_shrunken(paths, parses) -> None:
    store(paths, ON_PERIOD, AUGUST, PERIOD_LINK)
    rebuild(paths)
    store(paths, ON_PAGE, AUGUST, PAGE_LINK)  # the genAI page links the same bytes later
    result = rebuild(paths)
    assert result.errors == []
    assert len(result.table) == 2
    assert set(result.table["attachment_url"]) == {ON_PAGE}


RELINKED = DOWNLOAD + "page-08-new-token"


def linked_now(paths: DataPaths, notice: str, *urls: str) -> None:
    """Record that `notice`, when last read, linked exactly `urls`."""
    write_json_atomic(paths.notice_state, {notice: {"attachments": list(urls)}})


def test_a_list_relinked_under_a_new_token_supersedes_the_old_link(paths, parses) -> None:
    store(paths, ON_PAGE, AUGUST, PAGE_LINK)
    store(paths, RELINKED, AUGUST_EDITED, PAGE_LINK)  # same notice, same link text, new bytes
    linked_now(paths, GENAI_PAGE, RELINKED)
    result = build_table(paths)
    assert result.parsed == [RELINKED]
    assert len(result.table) == 3
    assert set(result.table["attachment_url"]) == {RELINKED}


def test_a_link_its_notice_dropped_without_a_replacement_keeps_its_rows(paths, parses) -> None:
    store(paths, ON_PAGE, AUGUST, PAGE_LINK)
    linked_now(paths, GENAI_PAGE)  # the notice shows no list of that name any more
    assert build_table(paths).parsed == [ON_PAGE]
