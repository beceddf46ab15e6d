"""The spider, callback by callback, on saved pages shaped as the CAC site serves them."""

import asyncio

import pytest

from crawler.official import DEEP_SYNTHESIS_BATCHES
from crawler.spiders.cac import CacSpider
from tests.helpers import FIXTURES, file_response, fixture_response, make_spider

SITE = "https://www.cac.gov.cn"
DS_18 = f"{SITE}/2026-07/17/c_1786032856662750.htm"
LIST_1 = f"{SITE}/wxzw/A0937index_1.htm"
KNOWN = [
    *(path for _, path, _, _ in DEEP_SYNTHESIS_BATCHES.values()),
    "/2022-08/12/c_1661927474338504.htm",  # algorithm page
    "/2024-04/02/c_1713729983803145.htm",  # generative-AI page
    "/2026-07/15/c_1785861480767004.htm",  # on-device notice
    "/2025-01/08/c_1738034725920930.htm",  # annual notices
    "/2026-01/09/c_1769688009588554.htm",
]


@pytest.fixture
def spider(tmp_path) -> CacSpider:
    return make_spider(tmp_path)


def start_requests(spider: CacSpider) -> list:
    async def collect() -> list:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def test_start_asks_the_api_the_list_page_and_every_known_notice(spider) -> None:
    requests = start_requests(spider)
    assert [request.url for request in requests] == [
        "https://beian.cac.gov.cn/api/notice/list",
        LIST_1,
        *(SITE + path for path in KNOWN),
    ]
    assert requests[0].headers["Referer"] == b"https://beian.cac.gov.cn/"
    assert [r.callback.__name__ for r in requests[:3]] == [
        "parse_api",
        "parse_list",
        "parse_notice",
    ]


def test_start_with_a_site_asks_everything_of_that_site(tmp_path) -> None:
    site = "http://127.0.0.1:8765"
    requests = start_requests(make_spider(tmp_path, site=site))
    assert [request.url for request in requests[:3]] == [
        f"{site}/api/notice/list",
        f"{site}/wxzw/A0937index_1.htm",
        f"{site}/2023-06/20/c_1688910683316256.htm",
    ]
    assert requests[0].headers["Referer"] == f"{site}/".encode()
    assert len(requests) == 2 + len(KNOWN)


def test_parse_list_follows_filing_notices_on_the_site_and_the_next_page(spider) -> None:
    requests = list(spider.parse_list(fixture_response("list-1.htm", LIST_1)))
    assert [request.url for request in requests] == [
        DS_18,
        f"{SITE}/2026-07/15/c_1785861480767004.htm",
        f"{SITE}/2026-01/09/c_1769688009588554.htm",  # an old http:// link, asked over https
        f"{SITE}/2025-09/10/c_1759222982377536.htm",
        f"{SITE}/wxzw/A0937index_2.htm",
    ]
    assert [request.callback.__name__ for request in requests] == ["parse_notice"] * 4 + [
        "parse_list"
    ]


def test_parse_list_stops_paging_at_a_page_of_seen_notices(tmp_path) -> None:
    seen = {
        url: {"fingerprint": "old", "attachments": ["x"]}
        for url in (
            DS_18,
            f"{SITE}/2026-07/15/c_1785861480767004.htm",
            f"{SITE}/2026-01/09/c_1769688009588554.htm",
            f"{SITE}/2025-09/10/c_1759222982377536.htm",
        )
    }
    spider = make_spider(tmp_path, seen=seen)
    urls = [r.url for r in spider.parse_list(fixture_response("list-1.htm", LIST_1))]
    assert f"{SITE}/wxzw/A0937index_2.htm" not in urls
    assert len(urls) == 4


def test_parse_notice_yields_a_deep_synthesis_batch(spider) -> None:
    [item] = spider.parse_notice(fixture_response("ds-18.htm", DS_18))
    name = "境内深度合成服务算法备案清单（2026年7月）.docx"
    assert item.url == DS_18
    assert item.title == "国家互联网信息办公室关于发布第十八批深度合成服务算法备案信息的公告"
    assert item.published == "2026-07-17"
    assert (item.family, item.kind, item.stated_totals) == ("deep_synthesis", "list", None)
    assert item.attachments == [
        {
            "url": f"{SITE}/cms/pub/interact/downloadfile.jsp?filepath=%2Fupload%2Fxxgk%2F2026-07"
            "%2F17%2Fdsf18.docx&fText=%E5%A2%83%E5%86%85%E6%B7%B1%E5%BA%A6%E5%90%88%E6%88%90%E6"
            "%9C%8D%E5%8A%A1%E7%AE%97%E6%B3%95%E5%A4%87%E6%A1%88%E6%B8%85%E5%8D%95%EF%BC%882026"
            "%E5%B9%B47%E6%9C%88%EF%BC%89.docx",
            "text": name,
            "batch": "2026-07",
            "family": "deep_synthesis",
            "inline": False,
            "referer": DS_18,
            "stated_total": 706,
        }
    ]
    assert item.file_urls == [item.attachments[0]["url"]]
    assert item.failures == []
    assert spider.notices_read == 1


def test_parse_notice_on_a_site_keeps_its_links_on_that_site(tmp_path) -> None:
    site = "http://127.0.0.1:8765"
    spider = make_spider(tmp_path, site=site)
    [item] = spider.parse_notice(fixture_response("ds-18.htm", site + DS_18.removeprefix(SITE)))
    [url] = item.file_urls
    assert url.startswith(f"{site}/cms/pub/interact/downloadfile.jsp?filepath=")
    assert item.attachments[0]["referer"] == site + DS_18.removeprefix(SITE)


def test_parse_notice_ignores_unrelated_notices(spider) -> None:
    url = f"{SITE}/2026-07/10/c_1785500000000001.htm"
    assert list(spider.parse_notice(fixture_response("unrelated.htm", url))) == []
    assert spider.layout_errors == []


def test_parse_notice_fingerprints_what_the_notice_says(spider, tmp_path) -> None:
    [item] = spider.parse_notice(fixture_response("ds-18.htm", DS_18))
    [again] = spider.parse_notice(fixture_response("ds-18.htm", DS_18))
    edited = tmp_path / "edited.htm"
    html = (FIXTURES / "ds-18.htm").read_text(encoding="utf-8")
    edited.write_text(html.replace("共706个", "共707个"), encoding="utf-8")
    [changed] = spider.parse_notice(file_response(edited, DS_18))
    assert len(item.fingerprint) == 64
    assert item.fingerprint == again.fingerprint != changed.fingerprint
    assert changed.attachments[0]["stated_total"] == 707


def test_a_challenge_page_is_recorded_as_a_block_and_yields_nothing(spider) -> None:
    assert list(spider.parse_notice(fixture_response("challenge.htm", DS_18))) == []
    assert spider.blocked == [{"url": DS_18, "reason": "web-firewall challenge page (HTTP 200)"}]
    assert spider.notices_read == 0


def test_a_seen_notice_without_attachment_links_is_a_layout_error(tmp_path) -> None:
    url = f"{SITE}/2022-08/12/c_1661927474338504.htm"
    spider = make_spider(tmp_path, seen={url: {"fingerprint": "old", "attachments": ["x"]}})
    saved = tmp_path / "redesigned.htm"
    saved.write_text("<html><head><title>中国网信网</title></head><body></body></html>")
    assert list(spider.parse_notice(file_response(saved, url))) == []
    [error] = spider.layout_errors
    assert error["url"] == url
    assert error["reason"].startswith("layout not recognised (title '中国网信网'")


def test_a_cancellation_notice_with_its_list_inline_is_its_own_attachment(spider) -> None:
    url = f"{SITE}/2026-05/06/c_1779809434590001.htm"
    [item] = spider.parse_notice(fixture_response("cancellation-inline.htm", url))
    assert (item.family, item.published) == ("cancellation", "2026-05-06")
    assert item.attachments == [
        {
            "url": url,
            "text": "关于注销“某某推荐算法”等2个算法备案编号的公告",
            "batch": "",  # a cancellation is batched by its notice's month
            "family": "cancellation",
            "inline": True,
            "referer": url,
            "stated_total": 2,
        }
    ]
