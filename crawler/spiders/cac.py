"""Discover CAC filing-list notices and yield them with their attachment links."""

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response

from crawler.constants import DOWNLOAD_PATH
from crawler.items import NoticeItem
from crawler.notices import batch_month, classify_notice, parse_date, stated_total


class CacSpider(scrapy.Spider):
    """Notices come from the notice API, the site's list pages and known notice URLs."""

    name = "cac"

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "CacSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.site = settings.get("CAC_SITE").rstrip("/") + "/"
        spider.api_url = settings.get("CAC_NOTICE_API")
        spider.list_pages = settings.getlist("CAC_LIST_PAGES")
        spider.known_notices = settings.getlist("CAC_KNOWN_NOTICES")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.api_url, callback=self.parse_api, errback=self.log_failure)
        for path in self.list_pages:
            yield scrapy.Request(self._on_site(path), self.parse_list, errback=self.log_failure)
        for path in self.known_notices:
            yield scrapy.Request(self._on_site(path), self.parse_notice, errback=self.log_failure)

    def parse_api(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow every filing-list notice the notice API lists."""
        payload = response.json()
        if payload.get("errno") != 0:
            self.logger.error("Notice API %s answered errno=%s", response.url, payload.get("errno"))
            return
        for notice in payload.get("datas") or []:
            if classify_notice(notice.get("title", "")) and notice.get("content"):
                yield self._notice_request(notice["content"])

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow filing-list notices on a list page, then the next page."""
        for link in response.css("a"):
            text = _link_text(link)
            href = link.attrib.get("href")
            if href and text == "下一页":
                yield response.follow(href, self.parse_list, errback=self.log_failure)
            elif href and classify_notice(text):
                yield self._notice_request(response.urljoin(href))

    def parse_notice(self, response: Response) -> Iterator[NoticeItem]:
        """Yield the notice with its attachments (or itself, for an inline list)."""
        title = self._parse_title(response)
        published = self._parse_published(response)
        attachments = self._parse_attachments(response, published)
        family = classify_notice(title)
        total = self._parse_stated_total(response) or stated_total(title)
        if family == "cancellation" and response.css("#BodyLabel table, .main-content table"):
            attachments.append(_attachment(response.url, title, published, family, inline=True))
        if not family:
            self.logger.warning("Not a filing-list notice (title %r): %s", title, response.url)
            return
        for attachment in attachments:
            attachment["stated_total"] = total
        yield NoticeItem(
            url=response.url,
            title=title,
            published=published,
            family=family,
            attachments=attachments,
            file_urls=[attachment["url"] for attachment in attachments],
        )

    def log_failure(self, failure: Any) -> None:
        """Name the URL and the reason of every request that failed for good."""
        request = getattr(failure, "request", None)
        url = request.url if request else "?"
        self.logger.error("Request failed: %s (%s)", url, failure.getErrorMessage())

    def _notice_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(self._on_site(url), self.parse_notice, errback=self.log_failure)

    def _on_site(self, url: str) -> str:
        """Map a notice URL or path onto the configured site (http:// links, replicas)."""
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return urljoin(self.site, path.lstrip("/"))

    def _parse_title(self, response: Response) -> str:
        candidates = (
            response.css("h1#title *::text, h1#title::text").getall(),
            response.css("meta[name=ArticleTitle]::attr(content)").getall(),
            response.css("title::text").getall(),
        )
        for texts in candidates:
            title = "".join(text.strip() for text in texts)
            if title:
                return title
        return ""

    def _parse_published(self, response: Response) -> str:
        candidates = (
            response.css("meta[name=publishdate]::attr(content)").get(""),
            response.css("#pubtime::text").get(""),
            urlsplit(response.url).path,
        )
        for text in candidates:
            date = parse_date(text)
            if date:
                return date
        return ""

    def _parse_stated_total(self, response: Response) -> int | None:
        """The row total a notice states (……信息，共12个), when it states one."""
        text = "".join(response.css("#BodyLabel ::text, .main-content ::text").getall())
        return stated_total(text)

    def _parse_attachments(self, response: Response, published: str) -> list[dict[str, Any]]:
        attachments = []
        for link in response.css(f"a[href*='{DOWNLOAD_PATH.rsplit('/', 1)[-1]}']"):
            text = _link_text(link)
            family = classify_notice(text) or classify_notice(self._parse_title(response))
            url = response.urljoin(link.attrib["href"])
            attachments.append(_attachment(url, text, published, family or ""))
        return attachments


def _link_text(link: Any) -> str:
    return "".join(link.css("::text").getall()).strip()


def _attachment(url: str, text: str, published: str, family: str, *, inline: bool = False) -> dict:
    return {
        "url": url,
        "text": text,
        "batch": batch_month(text, published),
        "family": family,
        "inline": inline,
    }
