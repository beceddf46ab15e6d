"""Item pipelines: validate notices, download attachments once, record them in the manifest."""

import hashlib
import logging
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar, NoReturn
from urllib.parse import unquote

from itemadapter import ItemAdapter
from scrapy import Request
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.pipelines.files import FilesPipeline, FSFilesStore
from scrapy.pipelines.media import FileException
from scrapy.utils.defer import ensure_awaitable

from crawler.parsers.errors import ParseError
from crawler.parsers.sniff import describe_html, sniff_format
from crawler.storage import read_json, write_bytes_atomic, write_json_atomic

logger = logging.getLogger(__name__)

FAILURES_STAT = "cacfilings/failed_attachments"


class ValidationPipeline:
    """Drop notices that carry nothing to download, naming them."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if not adapter.get("title") or not adapter.get("attachments"):
            raise DropItem(f"Notice without title or attachments: {adapter.get('url')}")
        return item


class AtomicFilesStore(FSFilesStore):
    """A filesystem store that writes atomically and checksums with sha256."""

    def persist_file(
        self, path: Any, buf: BytesIO, info: Any, meta: Any = None, headers: Any = None
    ) -> None:
        write_bytes_atomic(self._get_filesystem_path(path), buf.getvalue())

    def stat_file(self, path: Any, info: Any) -> dict[str, Any]:
        absolute = self._get_filesystem_path(path)
        if not absolute.exists():
            return {}
        digest = hashlib.sha256(absolute.read_bytes()).hexdigest()
        return {"last_modified": absolute.stat().st_mtime, "checksum": digest}


class AttachmentsPipeline(FilesPipeline):
    """Download each attachment once (with the notice as Referer); refuse HTML in its place."""

    STORE_SCHEMES: ClassVar[dict[str, Any]] = {
        **FilesPipeline.STORE_SCHEMES,
        "": AtomicFilesStore,
        "file": AtomicFilesStore,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.downloads: dict[str, dict[str, Any]] = {}

    def get_media_requests(self, item: Any, info: Any) -> list[Request]:
        notice_url = ItemAdapter(item)["url"]
        return [
            Request(
                attachment["url"], headers={"Referer": notice_url}, meta={"attachment": attachment}
            )
            for attachment in ItemAdapter(item)["attachments"]
        ]

    async def media_downloaded(
        self, response: Any, request: Any, info: Any, *, item: Any = None
    ) -> Any:
        if response.status != 200:
            raise FileException(f"HTTP {response.status}")
        return await super().media_downloaded(response, request, info, item=item)

    def media_failed(self, failure: Any, request: Any, info: Any) -> NoReturn:
        """Keep the reason of a failed download (Scrapy's default drops it)."""
        if isinstance(failure.value, IgnoreRequest):
            super().media_failed(failure, request, info)
        raise FileException(_failure_reason(failure)) from failure.value

    async def file_downloaded(
        self, response: Any, request: Any, info: Any, *, item: Any = None
    ) -> str:
        kind = _check_document(response.body, request.meta.get("attachment", {}), response)
        path = self.file_path(request, response=response, info=info, item=item)
        digest = hashlib.sha256(response.body).hexdigest()
        await ensure_awaitable(self.store.persist_file(path, BytesIO(response.body), info))
        self.downloads[request.url] = _download_record(response, kind, digest)
        return digest

    def item_completed(self, results: list[Any], item: Any, info: Any) -> Any:
        adapter = ItemAdapter(item)
        for attachment, (ok, result) in zip(adapter["attachments"], results, strict=True):
            url = attachment["url"]
            if ok:
                adapter["files"].append({**result, **self.downloads.get(url, {})})
            else:
                reason = _failure_reason(result)
                adapter["failures"].append(
                    {"url": url, "text": attachment["text"], "reason": reason}
                )
        return item


class ManifestPipeline:
    """Record every stored attachment with its provenance; report the ones that failed."""

    def __init__(self, manifest_path: Path, stats: Any) -> None:
        self.manifest_path = manifest_path
        self.stats = stats
        self.entries: dict[str, dict[str, Any]] = read_json(manifest_path, {})
        self.failures: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ManifestPipeline":
        return cls(Path(crawler.settings.get("CAC_MANIFEST")), crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        stored = {entry["url"]: entry for entry in adapter["files"]}
        for attachment in adapter["attachments"]:
            if attachment["url"] in stored:
                self._record(adapter, attachment, stored[attachment["url"]])
        for failure in adapter["failures"]:
            self._report_failure(adapter, failure)
        return item

    def close_spider(self) -> None:
        write_json_atomic(self.manifest_path, self.entries)
        self.stats.set_value("cacfilings/attachments_in_manifest", len(self.entries))
        self.stats.set_value(FAILURES_STAT, self.failures)

    def _record(
        self, notice: ItemAdapter, attachment: dict[str, Any], stored: dict[str, Any]
    ) -> None:
        entry = self.entries.setdefault(attachment["url"], {})
        entry.update(
            {key: value for key, value in stored.items() if key not in {"status", "checksum"}}
        )
        entry.update(
            url=attachment["url"],
            link_text=attachment["text"],
            batch=attachment["batch"],
            family=attachment["family"],
            inline=attachment["inline"],
            stated_total=attachment.get("stated_total"),
            sha256=stored["checksum"],
            notice_url=notice["url"],
            notice_title=notice["title"],
            published=notice["published"],
        )
        self.stats.inc_value(f"cacfilings/attachments_{stored.get('status', 'stored')}")

    def _report_failure(self, notice: ItemAdapter, failure: dict[str, Any]) -> None:
        logger.error(
            "Attachment failed: %s <%s> on notice %s: %s",
            failure["text"],
            failure["url"],
            notice["url"],
            failure["reason"],
        )
        self.failures.append({**failure, "notice_url": notice["url"]})
        self.stats.inc_value("cacfilings/attachments_failed")


def _check_document(body: bytes, attachment: dict[str, Any], response: Any) -> str:
    """The document format of a download; an HTML page in place of a file is refused."""
    content_type = response.headers.get("Content-Type", b"").decode("latin-1")
    try:
        kind = sniff_format(body, content_type=content_type)
    except ParseError as error:
        raise FileException(str(error)) from error
    if kind == "html" and not attachment.get("inline"):
        raise FileException(f"HTML page instead of a document ({describe_html(body)})")
    return kind


def _download_record(response: Any, kind: str, digest: str) -> dict[str, Any]:
    headers = response.headers
    return {
        "format": kind,
        "size": len(response.body),
        "sha256": digest,
        "content_type": headers.get("Content-Type", b"").decode("latin-1"),
        "filename": _disposition_filename(
            headers.get("Content-Disposition", b"").decode("latin-1")
        ),
    }


def _disposition_filename(header: str) -> str:
    """The file name in a Content-Disposition header, preferring RFC 5987 filename*."""
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename*" and "''" in value:
            return unquote(value.split("''", 1)[1])
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename":
            return value.strip('"')
    return ""


def _failure_reason(failure: Any) -> str:
    value = getattr(failure, "value", failure)
    return str(value) or type(value).__name__
