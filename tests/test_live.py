"""Checks against the real cac.gov.cn: deselected by default, run with `./run test -m live`."""

import urllib.request

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler import settings
from crawler.constants import REAL_SITE
from crawler.spiders.cac import CacSpider

BATCH_1 = f"{REAL_SITE}/2023-06/20/c_1688910683316256.htm"


def fetch(url: str) -> HtmlResponse:
    request = urllib.request.Request(url, headers={"User-Agent": settings.USER_AGENT})
    with urllib.request.urlopen(request, timeout=60) as answer:
        body = answer.read()
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))


@pytest.mark.live
def test_the_real_batch_1_notice_still_links_its_deep_synthesis_list() -> None:
    values = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    spider = CacSpider.from_crawler(get_crawler(CacSpider, values))
    [item] = spider.parse_notice(fetch(BATCH_1))
    assert item.family == "deep_synthesis"
    assert item.published == "2023-06-20"
    assert any("downloadfile.jsp?filepath=" in url for url in item.file_urls)
    assert {attachment["batch"] for attachment in item.attachments} == {"2023-06"}
