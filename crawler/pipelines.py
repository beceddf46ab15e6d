"""Item pipelines: validate notices, download what is new or changed, record it in the manifest.

An attachment already in the manifest, whose stored file is intact, is not requested again
unless its notice page changed (its fingerprint differs from the one recorded last time) or the
run rechecks everything (CAC_RECHECK). Such a request is conditional (If-None-Match /
If-Modified-Since); new bytes at the same URL replace the stored file only after they parse, and
the previous bytes are kept under files/versions/ and listed in the entry's `versions`.

A manifest entry (one per attachment URL) records its download (path, sha256, size, format,
content type, file name, validators) and every notice linking the URL in `linked_from`, the
first in crawler.table.LINK_ORDER also at the top level (notice_url, notice_title, published,
notice_kind, stated_totals, link_text, batch, family, inline, stated_total). An annual notice
has notice_kind "annual" and stated_totals {"genai_filed", "genai_registered", "as_of"}. When
the same bytes are linked more than once (another URL, another notice), the entry lists the
other links in `also_linked_from`; the table counts those bytes once (crawler/table.py).
"""

import copy
import hashlib
import logging
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar, NoReturn, cast
from urllib.parse import unquote

from itemadapter import ItemAdapter
from scrapy import Request
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.pipelines.files import FilesPipeline, FSFilesStore, StatInfo
from scrapy.pipelines.media import FileException
from scrapy.utils.defer import ensure_awaitable, maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler.failures import explain
from crawler.families import NOTICE_KIND_ANNUAL, NOTICE_KIND_LIST
from crawler.parsers.errors import ParseError
from crawler.parsers.sniff import describe_html, sniff_format
from crawler.paths import DataPaths
from crawler.storage import read_json, write_bytes_atomic, write_json_atomic
from crawler.table import (
    LINK_FIELDS,
    entry_links,
    merge_link,
    parse_through_cache,
    shared_links,
)

logger = logging.getLogger(__name__)

FAILURES_STAT = "cacfilings/failed_attachments"
VERSIONS_DIR = "versions"


class ValidationPipeline:
    """Drop notices that carry nothing to download, to report or to record, naming them.

    An annual notice without attachments is kept for its stated totals; a notice whose only
    attachment links cannot be followed is kept so that those links are reported.
    """

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        annual = adapter.get("kind") == NOTICE_KIND_ANNUAL
        if not adapter.get("title") or not (
            adapter.get("attachments") or adapter.get("failures") or annual
        ):
            raise DropItem(f"Notice without title or attachments: {adapter.get('url')}")
        return item


class AtomicFilesStore(FSFilesStore):
    """A filesystem store that writes atomically and checksums with sha256."""

    def persist_file(
        self, path: Any, buf: BytesIO, info: Any, meta: Any = None, headers: Any = None
    ) -> None:
        write_bytes_atomic(self._get_filesystem_path(path), buf.getvalue())

    def stat_file(self, path: Any, info: Any) -> StatInfo:
        absolute = self._get_filesystem_path(path)
        if not absolute.exists():
            return {}
        digest = hashlib.sha256(absolute.read_bytes()).hexdigest()
        return {"last_modified": absolute.stat().st_mtime, "checksum": digest}


class _ReportedFailures(logging.Filter):
    """Drop Scrapy's traceback logs of attachment failures: ManifestPipeline names each once."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else record.msg
        failure = getattr(error, "value", error)
        return not isinstance(failure, FileException)


class AttachmentsPipeline(FilesPipeline):
    """Download new or changed attachments (notice as Referer); refuse what is not a list."""

    STORE_SCHEMES: ClassVar[dict[str, Any]] = {
        **FilesPipeline.STORE_SCHEMES,
        "": AtomicFilesStore,
        "file": AtomicFilesStore,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = self.crawler.settings
        self.manifest: dict[str, dict[str, Any]] = read_json(Path(settings["CAC_MANIFEST"]), {})
        self.seen: dict[str, dict[str, Any]] = read_json(Path(settings["CAC_NOTICE_STATE"]), {})
        self.recheck = settings.getbool("CAC_RECHECK")
        self.parse_cache = DataPaths(Path(settings["CAC_DATA_DIR"])).parsed
        self.downloads: dict[str, dict[str, Any]] = {}
        self._intact: dict[str, bool] = {}
        for name in ("scrapy.pipelines.media", "scrapy.pipelines.files"):
            logging.getLogger(name).addFilter(_ReportedFailures())

    def get_media_requests(self, item: Any, info: Any) -> list[Request]:
        notice = ItemAdapter(item)
        refetch = self.recheck or self._notice_changed(notice)
        return [self._request(a, notice["url"], refetch) for a in notice["attachments"]]

    def media_to_download(self, request: Request, info: Any, *, item: Any = None) -> Any:
        """Answer from the store, without a request, when the stored copy is still current."""
        entry = self.manifest.get(request.url)
        if request.meta.get("refetch") or not entry or not self._stored_intact(entry):
            return None
        self.inc_stats("uptodate")
        return _stored_result(entry)

    async def media_downloaded(
        self, response: Any, request: Any, info: Any, *, item: Any = None
    ) -> Any:
        """A 304 means the stored copy is current; any other status but 200 is a failure."""
        if response.status == 304:
            return self._not_modified(request)
        if response.status != 200:
            raise FileException(f"HTTP {response.status}")
        return await super().media_downloaded(response, request, info, item=item)

    def media_failed(self, failure: Any, request: Any, info: Any) -> NoReturn:
        """Keep the reason of a failed download (Scrapy's default drops it)."""
        if isinstance(failure.value, IgnoreRequest):
            super().media_failed(failure, request, info)
        reason = str(failure.value) if isinstance(failure.value, FileException) else None
        raise FileException(reason or explain(failure).reason) from failure.value

    async def file_downloaded(
        self, response: Any, request: Any, info: Any, *, item: Any = None
    ) -> str:
        """Check and parse new bytes, keep the bytes they replace, then store them atomically."""
        attachment = request.meta.get("attachment", {})
        kind = _check_document(response.body, attachment, response)
        await _check_parses(response.body, attachment, response, self.parse_cache)
        digest = hashlib.sha256(response.body).hexdigest()
        entry = self.manifest.get(request.url)
        if entry and entry.get("sha256") == digest and self._stored_intact(entry):
            return digest  # the same bytes again: the stored file and its record stand
        record = _download_record(response, kind, digest)
        record["previous"] = self._keep_previous(entry, digest)
        path = self.file_path(request, response=response, info=info, item=item)
        await ensure_awaitable(self.store.persist_file(path, BytesIO(response.body), info))
        self.downloads[request.url] = record
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

    def _request(self, attachment: dict[str, Any], notice_url: str, refetch: bool) -> Request:
        """The download request: the notice (or the page the spider names) as Referer,
        conditional when we hold a copy."""
        headers = {"Referer": attachment.get("referer") or notice_url}
        entry = self.manifest.get(attachment["url"])
        if refetch and entry and self._stored_intact(entry):
            headers.update(_validators(entry))
        meta = {"attachment": attachment, "refetch": refetch}
        return Request(attachment["url"], headers=headers, meta=meta)

    def _notice_changed(self, notice: ItemAdapter) -> bool:
        """Whether a notice seen before now reads differently."""
        before = self.seen.get(notice["url"])
        if not before:
            return False
        return before.get("fingerprint") != notice.get("fingerprint")

    def _store_dir(self) -> Path:
        """The directory of the attachment store (STORE_SCHEMES maps local paths to it)."""
        return Path(cast(AtomicFilesStore, self.store).basedir)

    def _stored_intact(self, entry: dict[str, Any]) -> bool:
        """Whether the stored file of a manifest entry exists with the recorded sha256."""
        if entry["url"] not in self._intact:
            path = self._store_dir() / entry["path"]
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            self._intact[entry["url"]] = digest == entry.get("sha256")
        return self._intact[entry["url"]]

    def _not_modified(self, request: Request) -> dict[str, Any]:
        """The stored copy, for a 304 answer to a conditional request."""
        entry = self.manifest.get(request.url)
        if not entry or not self._stored_intact(entry):
            raise FileException("HTTP 304 for a file that is not stored")
        self.inc_stats("not_modified")
        return _stored_result(entry)

    def _keep_previous(self, entry: dict[str, Any] | None, digest: str) -> dict[str, Any] | None:
        """Copy the bytes about to be replaced to files/versions/; describe that version."""
        if not entry or entry.get("sha256") == digest:
            return None
        stored = Path(entry["path"])
        version = f"{VERSIONS_DIR}/{stored.stem}-{entry['sha256'][:16]}{stored.suffix}"
        target = self._store_dir() / version
        if not target.exists() and self._stored_intact(entry):
            write_bytes_atomic(target, (self._store_dir() / stored).read_bytes())
        if not target.exists():
            logger.warning("Previous bytes of %s were not stored intact: lost", entry["url"])
        fields = ("sha256", "size", "format", "content_type", "filename")
        kept = {key: entry.get(key) for key in fields}
        replaced = datetime.now(UTC).isoformat(timespec="seconds")
        return {**kept, "path": version if target.exists() else None, "replaced": replaced}


class ManifestPipeline:
    """Record every stored attachment with its provenance and the notice pages read.

    Each file is written at the end, and only when this crawl changed its content.
    """

    def __init__(self, manifest_path: Path, notice_state_path: Path, stats: Any) -> None:
        self.manifest_path = manifest_path
        self.notice_state_path = notice_state_path
        self.stats = stats
        self.entries: dict[str, dict[str, Any]] = read_json(manifest_path, {})
        self.seen: dict[str, dict[str, Any]] = read_json(notice_state_path, {})
        self.loaded = copy.deepcopy((self.entries, self.seen))
        self.failures: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ManifestPipeline":
        settings = crawler.settings
        return cls(
            Path(settings["CAC_MANIFEST"]), Path(settings["CAC_NOTICE_STATE"]), crawler.stats
        )

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        stored = {entry["url"]: entry for entry in adapter["files"]}
        for attachment in adapter["attachments"]:
            if attachment["url"] in stored:
                self._record(adapter, attachment, stored[attachment["url"]])
        for failure in adapter["failures"]:
            self._report_failure(adapter, failure)
        if not adapter["failures"]:
            self._remember_notice(adapter)
        return item

    def close_spider(self) -> None:
        """Write what this crawl changed (a crawl that changed nothing writes nothing)."""
        self._note_shared_bytes()
        if self.entries != self.loaded[0]:
            write_json_atomic(self.manifest_path, self.entries)
        if self.seen != self.loaded[1]:
            write_json_atomic(self.notice_state_path, self.seen)
        self.stats.set_value("cacfilings/attachments_in_manifest", len(self.entries))
        self.stats.set_value(FAILURES_STAT, self.failures)

    def _record(
        self, notice: ItemAdapter, attachment: dict[str, Any], stored: dict[str, Any]
    ) -> None:
        """Update an attachment's manifest entry from its notice and its download."""
        entry = self.entries.setdefault(attachment["url"], {})
        before = entry.get("sha256")
        links = merge_link(entry_links(entry) if entry else [], notice_link(notice, attachment))
        previous = stored.get("previous")
        skipped = {"status", "checksum", "previous"}
        entry.update({key: value for key, value in stored.items() if key not in skipped})
        entry.update(links[0])
        entry.update(url=attachment["url"], sha256=stored["checksum"], linked_from=links)
        if previous:
            entry.setdefault("versions", []).append(previous)
        change = (
            "new" if before is None else "unchanged" if before == entry["sha256"] else "changed"
        )
        self.stats.inc_value(f"cacfilings/attachments_{change}")

    def _note_shared_bytes(self) -> None:
        """Record in each entry the other links to the same bytes (`also_linked_from`)."""
        shared = shared_links(self.entries)
        for url, entry in self.entries.items():
            if url in shared:
                entry["also_linked_from"] = shared[url]
            else:
                entry.pop("also_linked_from", None)

    def _remember_notice(self, notice: ItemAdapter) -> None:
        """Record what a notice said, once all its attachments are stored."""
        state = {
            "fingerprint": notice.get("fingerprint", ""),
            "title": notice["title"],
            "published": notice.get("published", ""),
            "kind": notice.get("kind") or NOTICE_KIND_LIST,
            "attachments": [attachment["url"] for attachment in notice["attachments"]],
        }
        if notice.get("stated_totals") is not None:
            state["stated_totals"] = notice["stated_totals"]
        self.seen[notice["url"]] = state

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


def notice_link(notice: ItemAdapter, attachment: dict[str, Any]) -> dict[str, Any]:
    """What a manifest entry records of one notice linking its attachment (LINK_FIELDS)."""
    link = {
        "notice_url": notice["url"],
        "notice_title": notice["title"],
        "published": notice["published"],
        "notice_kind": notice.get("kind") or NOTICE_KIND_LIST,
        "stated_totals": notice.get("stated_totals"),
        "link_text": attachment["text"],
        "batch": attachment["batch"],
        "family": attachment["family"],
        "inline": attachment["inline"],
        "stated_total": attachment.get("stated_total"),
    }
    return {name: link[name] for name in LINK_FIELDS}


def _stored_result(entry: dict[str, Any]) -> dict[str, Any]:
    """The FilesPipeline result for a file we already hold."""
    return {
        "url": entry["url"],
        "path": entry["path"],
        "checksum": entry["sha256"],
        "status": "uptodate",
    }


def _validators(entry: dict[str, Any]) -> dict[str, str]:
    """Conditional-request headers from the validators the server gave last time."""
    headers = {}
    if entry.get("etag"):
        headers["If-None-Match"] = entry["etag"]
    if entry.get("last_modified"):
        headers["If-Modified-Since"] = entry["last_modified"]
    return headers


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


async def _check_parses(
    body: bytes, attachment: dict[str, Any], response: Any, cache_dir: Path
) -> None:
    """Parse the download (in a thread, into the parse cache); refuse it unless it parses."""
    content_type = response.headers.get("Content-Type", b"").decode("latin-1")
    url = attachment.get("url", "")
    try:
        await maybe_deferred_to_future(
            deferToThread(parse_through_cache, body, url, content_type, cache_dir)
        )
    except Exception as error:
        raise FileException(f"not a readable filing list: {error}") from error


def _download_record(response: Any, kind: str, digest: str) -> dict[str, Any]:
    headers = response.headers
    return {
        "format": kind,
        "size": len(response.body),
        "sha256": digest,
        "content_type": _header(headers, "Content-Type"),
        "filename": _disposition_filename(_header(headers, "Content-Disposition")),
        "etag": _header(headers, "ETag"),
        "last_modified": _header(headers, "Last-Modified"),
    }


def _header(headers: Any, name: str) -> str:
    return headers.get(name, b"").decode("latin-1")


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
