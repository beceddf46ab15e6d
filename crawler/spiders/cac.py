"""Discover CAC filing-list notices and yield them with their attachment links.

Notices come from three places: the filing system's notice API (beian.cac.gov.cn), the site's
list pages and the known notice pages (crawler/official.py, crawler/families.py). An API entry
whose `content` is a cac.gov.cn page URL is followed; a cancellation entry, whose `content` is
HTML text, is a notice by itself, its list a PDF at /api/file/fileDownLoad?noticeId=<noticeId>
(never the /static/fileUpload/ path its text quotes, which answers 404). HTML content is never
requested. A notice from the API is recorded under BOARD_NOTICE (the board's address of the
notice; the part after # never reaches a server) and its list asked with the filing system's
Referer, https://beian.cac.gov.cn/.

Besides items, the spider keeps a report in the crawl stats (cacfilings/...): how many notices
it read, which pages failed and why, which answers were blocks (403, resets, web-firewall
challenge pages), and which known notices lost their attachment links (a layout change).
Attachment links it will not follow (file:, javascript:, another host) travel on their notice's
item as failures, so the pipelines name them beside the failed downloads.
"""

import hashlib
import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

import scrapy
from parsel import Selector
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Response

from crawler.constants import DOWNLOAD_PATH
from crawler.failures import explain
from crawler.families import NOTICE_KIND_ANNUAL, batch_from_notice_date
from crawler.hosts import SiteHosts
from crawler.items import NoticeItem
from crawler.notices import (
    annual_totals,
    batch_month,
    classify_notice,
    notice_kind,
    parse_date,
    stated_total,
)
from crawler.parsers.sniff import describe_html
from crawler.storage import read_json

REPORT_STATS = ("notices_read", "blocked", "page_failures", "layout_errors")
_CHALLENGE = "web-firewall challenge"
_DOWNLOAD_NAME: Final = DOWNLOAD_PATH.rsplit("/", 1)[-1]
_DOCUMENT_NAME: Final = re.compile(r"\.(?:docx?|xlsx?|pdf|wps|et)(?:$|[?#])", re.IGNORECASE)
_URL: Final = re.compile(r"https?://\S+")
_BODY: Final = "#BodyLabel ::text, .main-content ::text"
_BODY_TABLE: Final = "#BodyLabel table, .main-content table"
# Annual / full-list notices re-list generative-AI services (crawler/families.py).
_ANNUAL_FAMILY: Final = "genai"
_BEIJING: Final = timezone(timedelta(hours=8))


class CacSpider(scrapy.Spider):
    """Notices come from the notice API, the site's list pages and known notice URLs."""

    name = "cac"

    hosts: SiteHosts
    api_url: str
    list_pages: list[str]
    known_notices: list[str]
    recheck: bool
    blocked_limit: int
    seen: dict[str, dict[str, Any]]
    notices_read: int
    blocked: list[dict[str, str]]
    page_failures: list[dict[str, str]]
    layout_errors: list[dict[str, str]]

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "CacSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.hosts = SiteHosts(
            site=settings.get("CAC_SITE").rstrip("/"),
            filing_site=settings.get("CAC_FILING_SITE").rstrip("/"),
        )
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
        """Ask the notice API, the list pages and the known notice pages."""
        for name in REPORT_STATS[1:]:  # the lists themselves, so the stats stay current
            self.crawler.stats.set_value(f"cacfilings/{name}", getattr(self, name))
        yield scrapy.Request(
            self.api_url,
            self.parse_api,
            headers={"Referer": self.hosts.filing_referer},
            errback=self.log_failure,
        )
        for path in self.list_pages:
            url = self.hosts.on_site(path)
            yield scrapy.Request(url, self.parse_list, errback=self.log_failure)
        for path in self.known_notices:
            yield self._notice_request(self.hosts.on_site(path))

    def parse_api(self, response: Response) -> Iterator[scrapy.Request | NoticeItem]:
        """Follow the page of every filing-list entry; a cancellation entry is a notice itself."""
        for entry in self._parse_api_entries(response):
            title = _clean(entry.get("title"))
            family = classify_notice(title)
            if family == "cancellation":
                yield from self._parse_board_notice(entry, title)
            elif family and (url := self._parse_content_url(entry, title)):
                yield self._notice_request(url)

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
            elif href and classify_notice(text) and (url := self.hosts.map(response.urljoin(href))):
                notices.append(url)
        yield from (self._notice_request(url) for url in notices)
        if next_href and self._worth_paging(response.url, notices):
            yield response.follow(next_href, self.parse_list, errback=self.log_failure)

    def parse_notice(self, response: Response) -> Iterator[NoticeItem]:
        """Yield the notice with its attachments (or itself, for an inline list); an annual
        notice also without any, for the totals it states."""
        if self._is_challenge(response):
            return
        self._count_notice()
        title = self._parse_title(response)
        kind = notice_kind(title, response.url)
        family = self._parse_family(title, kind)
        attachments, refused = self._parse_attachments(response, family or "")
        attachments += self._parse_inline_list(response, title, family)
        if not family or not (attachments or refused or kind == NOTICE_KIND_ANNUAL):
            self._not_a_list(response.url, title, len(attachments))
            return
        total = self._parse_stated_total(response) or stated_total(title)
        for attachment in attachments:
            attachment["stated_total"] = total
        published = self._parse_published(response)
        yield NoticeItem(
            url=response.url,
            title=title,
            published=published,
            family=family,
            kind=kind,
            stated_totals=self._parse_stated_totals(response, title, kind),
            attachments=attachments,
            file_urls=[attachment["url"] for attachment in attachments],
            failures=refused,
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

    def _parse_api_entries(self, response: Response) -> list[dict[str, Any]]:
        """The entries of a notice-API answer; [] (the failure recorded) for a bad answer.

        JSON is read first: a notice's text may well speak of 安全验证 without being a
        web-firewall challenge page.
        """
        try:
            payload = json.loads(response.body.decode("utf-8-sig"))
        except ValueError:
            if not self._is_challenge(response):
                self._page_failed(response.url, "notice API answered something other than JSON")
            return []
        if not isinstance(payload, dict) or payload.get("errno") != 0:
            errno = payload.get("errno") if isinstance(payload, dict) else None
            self._page_failed(response.url, f"notice API answered errno={errno}")
            return []
        return [entry for entry in payload.get("datas") or [] if isinstance(entry, dict)]

    def _parse_content_url(self, entry: dict[str, Any], title: str) -> str | None:
        """The page an API entry's content names, on the configured site; None for HTML text."""
        content = _clean(entry.get("content"))
        if not _URL.fullmatch(content):
            return None
        url = self.hosts.map(content)
        if url is None:
            self.logger.warning("Notice %r is on another host, not followed: %s", title, content)
        return url

    def _parse_board_notice(self, entry: dict[str, Any], title: str) -> Iterator[NoticeItem]:
        """A filing-system notice (a cancellation) from its API entry, its list at fileDownLoad."""
        notice_id = _clean(entry.get("noticeId"))
        if not notice_id:
            self._page_failed(self.api_url, f"notice {title!r} has no noticeId")
            return
        self._count_notice()
        text = _html_text(entry.get("content"))
        published = _parse_create_time(entry.get("createTime"))
        attachment = _attachment(
            self.hosts.file_download(notice_id),
            title,
            "cancellation",
            referer=self.hosts.filing_referer,
        )
        attachment["stated_total"] = stated_total(title) or stated_total(text)
        yield NoticeItem(
            url=self.hosts.board_notice(notice_id),
            title=title,
            published=published,
            family="cancellation",
            attachments=[attachment],
            file_urls=[attachment["url"]],
            fingerprint=_fingerprint([title, published, text, attachment["url"]]),
        )

    def _count_notice(self) -> None:
        self.notices_read += 1
        self.crawler.stats.inc_value("cacfilings/notices_read")

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

    def _notice_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, self.parse_notice, errback=self.log_failure)

    def _parse_fingerprint(
        self, response: Response, title: str, published: str, attachments: list[dict[str, Any]]
    ) -> str:
        """A hash of what the notice says: title, date, body text and attachment links."""
        text = response.css(_BODY).getall() or response.css("body ::text").getall()
        links = [f"{a['url']} {a['text']}" for a in attachments]
        return _fingerprint([title, published, " ".join(" ".join(text).split()), *links])

    def _parse_family(self, title: str, kind: str) -> str | None:
        """The family a notice's title names; an annual notice is a generative-AI one."""
        return classify_notice(title) or (_ANNUAL_FAMILY if kind == NOTICE_KIND_ANNUAL else None)

    def _parse_inline_list(
        self, response: Response, title: str, family: str | None
    ) -> list[dict[str, Any]]:
        """The notice page itself, when it is a cancellation notice with its list inline."""
        if family != "cancellation" or not response.css(_BODY_TABLE):
            return []
        page = _attachment(response.url, title, family, referer=response.url)
        return [{**page, "inline": True}]

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
        return stated_total("".join(response.css(_BODY).getall()))

    def _parse_stated_totals(
        self, response: Response, title: str, kind: str
    ) -> dict[str, Any] | None:
        """The cumulative totals an annual notice states (None for a period's notice)."""
        if kind != NOTICE_KIND_ANNUAL:
            return None
        return annual_totals(title + "\n" + "".join(response.css(_BODY).getall()))

    def _parse_attachments(
        self, response: Response, family: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        """The notice's attachment links to follow, and those not followed (with the reason)."""
        attachments: dict[str, dict[str, Any]] = {}
        refused = []
        for link in response.css("a[href]"):
            href, text = link.attrib["href"].strip(), _link_text(link)
            if not _is_attachment_link(href, text):
                continue
            target = response.urljoin(href)
            url = self.hosts.map(target)
            name = text or _download_name(target)
            if url is None:
                refused.append({"url": target, "text": name, "reason": self.hosts.refusal(target)})
            elif url not in attachments:
                kind = classify_notice(name) or family
                attachments[url] = _attachment(url, name, kind, referer=response.url)
        return list(attachments.values()), refused


def _is_attachment_link(href: str, text: str) -> bool:
    """A download link, or a link to a document file named as a filing list."""
    if _DOWNLOAD_NAME in href:
        return True
    named = bool(classify_notice(text) or classify_notice(_download_name(href)))
    scheme = urlsplit(href).scheme.lower()
    return named and (scheme not in ("", "http", "https") or bool(_DOCUMENT_NAME.search(href)))


def _attachment(url: str, text: str, family: str, *, referer: str) -> dict[str, Any]:
    """An attachment to download; `batch` is the month its link text names ('' when none,
    and for families batched by their notice's month)."""
    batch = "" if batch_from_notice_date(family) else batch_month(text)
    return {
        "url": url,
        "text": text,
        "batch": batch,
        "family": family,
        "inline": False,
        "referer": referer,
    }


def _link_text(link: Any) -> str:
    return "".join(link.css("::text").getall()).strip()


def _download_name(url: str) -> str:
    """The file name a link carries: its fText parameter, else the last part of its path."""
    parts = urlsplit(url)
    named = parse_qs(parts.query).get("fText")
    return named[0].strip() if named else parts.path.rsplit("/", 1)[-1]


def _clean(value: Any) -> str:
    return " ".join(str(value or "").split())


def _html_text(html: Any) -> str:
    """The text of an HTML fragment (an API entry's content), whitespace collapsed."""
    texts = Selector(text=str(html or "<p></p>")).xpath("//text()").getall()
    return " ".join(" ".join(texts).split())


def _parse_create_time(value: Any) -> str:
    """An API createTime ('2025-07-14 10:00:00', or epoch milliseconds) as an ISO date."""
    if isinstance(value, int | float) or str(value or "").isdigit():
        moment = datetime.fromtimestamp(int(value) / 1000, _BEIJING)
        return moment.date().isoformat()
    return parse_date(str(value or ""))


def _fingerprint(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
