"""The spider, callback by callback, on pages saved from the replica site."""

import asyncio
import json
import urllib.request
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawler import settings
from crawler.spiders.cac import CacSpider
from replica.seed import load_seed
from tests.helpers import file_response

SITE = "https://www.cac.gov.cn"
SEED = load_seed()
NOTICES = {notice["key"]: notice for notice in SEED["notices"]}


def project_settings(**overrides: object) -> dict[str, object]:
    values = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    return {**values, **overrides}


@pytest.fixture
def spider(tmp_path) -> CacSpider:
    state = str(tmp_path / "notices.json")  # none yet: a first crawl
    return CacSpider.from_crawler(get_crawler(CacSpider, project_settings(CAC_NOTICE_STATE=state)))


@pytest.fixture
def seen_spider(tmp_path, replica_site) -> CacSpider:
    """A spider that has seen every filing notice (with its attachments) before."""
    seen = {
        SITE + n["path"]: {"fingerprint": "old", "attachments": ["x"]}
        for n in SEED["notices"]
        if n["family"] != "other"
    }
    state = tmp_path / "notices.json"
    state.write_text(json.dumps(seen), encoding="utf-8")
    crawler = get_crawler(CacSpider, project_settings(CAC_NOTICE_STATE=str(state)))
    return CacSpider.from_crawler(crawler)


def page(site: Path, path: str, spider_site: str = SITE):
    return file_response(site / path.lstrip("/"), spider_site + path)


def test_start_asks_the_api_the_list_page_and_known_notices(spider: CacSpider) -> None:
    async def collect() -> list[str]:
        return [request.url async for request in spider.start()]

    urls = asyncio.run(collect())
    assert urls[0] == "https://beian.cac.gov.cn/api/notice/list"
    assert urls[1] == f"{SITE}/wxzw/A0937index_1.htm"
    assert f"{SITE}/2023-06/20/c_1688910683316256.htm" in urls
    assert len(urls) == 7


def test_parse_list_follows_filing_notices_and_the_next_page(spider, replica_site) -> None:
    requests = list(spider.parse_list(page(replica_site, "/wxzw/A0937index_1.htm")))
    urls = [request.url for request in requests]
    assert f"{SITE}/wxzw/A0937index_2.htm" in urls
    other_paths = {n["path"] for n in SEED["notices"] if n["family"] == "other"}
    assert not any(url.removeprefix(SITE) in other_paths for url in urls)
    assert len(urls) == len(set(urls))


def test_list_pages_together_reach_every_filing_notice(spider, replica_site) -> None:
    found = set()
    for number in (1, 2, 3):
        for request in spider.parse_list(page(replica_site, f"/wxzw/A0937index_{number}.htm")):
            found.add(request.url.removeprefix(SITE))
    expected = {n["path"] for n in SEED["notices"] if n["family"] != "other"}
    assert expected <= found


def test_parse_api_maps_notice_urls_onto_the_site(spider, replica_server, tmp_path) -> None:
    saved = tmp_path / "notice-list.json"
    with urllib.request.urlopen(f"{replica_server.base_url}/api/notice/list") as answer:
        saved.write_bytes(answer.read())
    api = file_response(saved, "https://beian.cac.gov.cn/api/notice/list", json=True)
    urls = sorted(request.url for request in spider.parse_api(api))
    expected = sorted(
        SITE + n["path"] for n in SEED["notices"] if n["api"] and n["family"] != "other"
    )
    assert urls == expected
    assert SITE + NOTICES["ds-01"]["path"] not in urls


def test_parse_notice_yields_title_date_and_attachments(spider, replica_site) -> None:
    notice = NOTICES["ds-02"]
    [item] = spider.parse_notice(page(replica_site, notice["path"]))
    assert item.title == notice["title"]
    assert item.published == "2023-09-01"
    assert item.family == "deep_synthesis"
    assert [a["text"] for a in item.attachments] == [a["text"] for a in notice["attachments"]]
    assert [a["batch"] for a in item.attachments] == ["2023-08", "2023-08"]
    assert item.file_urls == [a["url"] for a in item.attachments]
    assert all("/cms/pub/interact/downloadfile.jsp?filepath=" in url for url in item.file_urls)


def test_parse_notice_keeps_an_inline_cancellation_list(spider, replica_site) -> None:
    notice = NOTICES["cancel-2026-05"]
    [item] = spider.parse_notice(page(replica_site, notice["path"]))
    assert item.family == "cancellation"
    assert item.file_urls == [SITE + notice["path"]]
    assert item.attachments[0]["inline"] is True
    assert item.attachments[0]["batch"] == "2026-05"


def test_parse_notice_ignores_unrelated_notices(spider, replica_site) -> None:
    notice = NOTICES["other-1"]
    assert list(spider.parse_notice(page(replica_site, notice["path"]))) == []


def test_parse_notice_fingerprints_what_the_notice_says(spider, replica_site, tmp_path) -> None:
    notice = NOTICES["ds-05"]
    [item] = spider.parse_notice(page(replica_site, notice["path"]))
    [again] = spider.parse_notice(page(replica_site, notice["path"]))
    edited = tmp_path / "edited.htm"
    html = (replica_site / notice["path"].lstrip("/")).read_text(encoding="utf-8")
    edited.write_text(html.replace("共11个", "共12个"), encoding="utf-8")
    [changed] = spider.parse_notice(file_response(edited, SITE + notice["path"]))
    assert len(item.fingerprint) == 64
    assert item.fingerprint == again.fingerprint != changed.fingerprint


def test_parse_list_stops_paging_at_a_page_of_seen_notices(seen_spider, replica_site) -> None:
    urls = [r.url for r in seen_spider.parse_list(page(replica_site, "/wxzw/A0937index_1.htm"))]
    assert f"{SITE}/wxzw/A0937index_2.htm" not in urls
    assert any(url.removeprefix(SITE) == NOTICES["ds-18"]["path"] for url in urls)


def test_a_challenge_page_is_recorded_as_a_block_and_yields_nothing(spider, tmp_path) -> None:
    from replica.server import CHALLENGE_PAGE

    saved = tmp_path / "challenge.htm"
    saved.write_text(CHALLENGE_PAGE, encoding="utf-8")
    url = SITE + NOTICES["ds-18"]["path"]
    assert list(spider.parse_notice(file_response(saved, url))) == []
    assert spider.blocked == [{"url": url, "reason": "web-firewall challenge page (HTTP 200)"}]
    assert spider.notices_read == 0


def test_a_seen_notice_without_attachment_links_is_a_layout_error(seen_spider, tmp_path) -> None:
    saved = tmp_path / "redesigned.htm"
    saved.write_text("<html><head><title>中国网信网</title></head><body></body></html>")
    url = SITE + NOTICES["algorithm"]["path"]
    assert list(seen_spider.parse_notice(file_response(saved, url))) == []
    [error] = seen_spider.layout_errors
    assert error["url"] == url
    assert error["reason"].startswith("layout not recognised (title '中国网信网'")
