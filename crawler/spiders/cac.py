"""Discover CAC filing-list notices and yield them with their attachment links.

Besides items, the spider keeps a report in the crawl stats (cacfilings/...): how many notice pages
it read, which pages failed and why, which answers were blocks (403, resets, web-firewall
challenge pages), and which known notices lost their attachment links (a layout change).
"""

import hashlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Response

from crawler.constants import DOWNLOAD_PATH
from crawler.failures import explain
from crawler.items import NoticeItem
from crawler.notices import batch_month, classify_notice, parse_date, stated_total
from crawler.parsers.sniff import describe_html
from crawler.storage import read_json

REPORT_STATS = ("notices_read", "blocked", "page_failures", "layout_errors")
_CHALLENGE = "web-firewall challenge"


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
        spider.recheck = settings.getbool("CAC_RECHECK")
        spider.blocked_limit = settings.getint("CAC_BLOCKED_LIMIT", 3)
        spider.seen = read_json(Path(settings.get("CAC_NOTICE_STATE", "")), {})
        spider.notices_read = 0
        spider.blocked, spider.page_failures, spider.layout_errors = [], [], []
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Ask the notice API, the first list page and the known notice pages."""
        for name in REPORT_STATS[1:]:  # the lists themselves, so the stats stay current
            self.crawler.stats.set_value(f"cacfilings/{name}", getattr(self, name))
        yield scrapy.Request(self.api_url, callback=self.parse_api, errback=self.log_failure)
        for path in self.list_pages:
            yield scrapy.Request(self._on_site(path), self.parse_list, errback=self.log_failure)
        for path in self.known_notices:
            yield scrapy.Request(self._on_site(path), self.parse_notice, errback=self.log_failure)

    def parse_api(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow every filing-list notice the notice API lists."""
        if self._is_challenge(response):
            return
        try:
            payload = response.json()
        except ValueError:
            self._page_failed(response.url, "notice API answered something other than JSON")
            return
        if payload.get("errno") != 0:
            self._page_failed(response.url, f"notice API answered errno={payload.get('errno')}")
            return
        for notice in payload.get("datas") or []:
            if classify_notice(notice.get("title", "")) and notice.get("content"):
                yield self._notice_request(notice["content"])

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow filing-list notices on a list page, then the next page while it may hold news."""
        if self._is_challenge(response):
            return
        notices, next_href = [], None
        for link in response.css("a"):
            text = _link_text(link)
            href = link.attrib.get("href")
            if href and text == "下一页":
                next_href = href
            elif href and classify_notice(text):
                notices.append(self._on_site(response.urljoin(href)))
        yield from (self._notice_request(url) for url in notices)
        if next_href and self._worth_paging(response.url, notices):
            yield response.follow(next_href, self.parse_list, errback=self.log_failure)

    def parse_notice(self, response: Response) -> Iterator[NoticeItem]:
        """Yield the notice with its attachments (or itself, for an inline list)."""
        if self._is_challenge(response):
            return
        self.notices_read += 1
        self.crawler.stats.inc_value("cacfilings/notices_read")
        title = self._parse_title(response)
        published = self._parse_published(response)
        attachments = self._parse_attachments(response, published)
        family = classify_notice(title)
        total = self._parse_stated_total(response) or stated_total(title)
        if family == "cancellation" and response.css("#BodyLabel table, .main-content table"):
            attachments.append(_attachment(response.url, title, published, family, inline=True))
        if not family or not attachments:
            self._not_a_list(response.url, title, len(attachments))
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
            fingerprint=self._parse_fingerprint(response, title, published, attachments),
        )

    def log_failure(self, failure: Any) -> None:
        """Name the URL and the reason of every request that failed for good."""
        request = getattr(failure, "request", None)
        url = request.url if request else "?"
        explained = explain(failure)
        if explained.blocked:
            self._block(url, explained.reason)
        else:
            self._page_failed(url, explained.reason)

    def _is_challenge(self, response: Response) -> bool:
        """Record a web-firewall challenge page served in place of a page; True if it is one."""
        if isinstance(response, HtmlResponse) and response.css("#BodyLabel, .main-content, #list"):
            return False
        if describe_html(response.body) != _CHALLENGE:
            return False
        self._block(response.url, f"{_CHALLENGE} page (HTTP {response.status})")
        return True

    def _block(self, url: str, reason: str) -> None:
        """Record a page the site refused us; stop the crawl after CAC_BLOCKED_LIMIT of them."""
        self.logger.error("Blocked: %s (%s)", url, reason)
        self.blocked.append({"url": url, "reason": reason})
        if len(self.blocked) >= self.blocked_limit:
            raise CloseSpider("blocked")

    def _page_failed(self, url: str, reason: str) -> None:
        self.logger.error("Request failed: %s (%s)", url, reason)
        self.page_failures.append({"url": url, "reason": reason})

    def _not_a_list(self, url: str, title: str, links: int) -> None:
        """Warn about an unrelated notice; a notice that had attachments before is an error."""
        if not self.seen.get(url, {}).get("attachments"):
            self.logger.warning(
                "No filing list on notice (title %r, %d links): %s", title, links, url
            )
            return
        reason = f"layout not recognised (title {title!r}, {links} attachment links found)"
        self.logger.error("Notice page changed: %s: %s; its stored data is kept", url, reason)
        self.layout_errors.append({"url": url, "reason": reason})

    def _worth_paging(self, list_url: str, notices: list[str]) -> bool:
        """Page on unless every filing notice on this page was seen before; --recheck always."""
        # Lists run newest first, so the pages after one that holds only seen notices hold
        # older notices, which were seen too (or reach us through the API and known URLs).
        if self.recheck or not self.seen or any(url not in self.seen for url in notices):
            return True
        self.logger.info("List page %s holds no unseen notice; not paging further", list_url)
        return False

    def _parse_fingerprint(
        self, response: Response, title: str, published: str, attachments: list[dict[str, Any]]
    ) -> str:
        """A hash of what the notice says: title, date, body text and attachment links."""
        text = response.css("#BodyLabel ::text, .main-content ::text").getall()
        text = text or response.css("body ::text").getall()
        links = [f"{a['url']} {a['text']}" for a in attachments]
        content = "\n".join([title, published, " ".join(" ".join(text).split()), *links])
        return hashlib.sha256(content.encode("utf-8")).hexdigest()

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
