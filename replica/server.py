"""HTTP server for the static replica, answering on one host for both of the CAC's: the pages
and guarded attachment downloads of www.cac.gov.cn, and the notice API and list downloads of the
filing system, beian.cac.gov.cn (whose /static/fileUpload/ paths answer 404, as the real ones do).
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from replica.faults import Fault, FaultTable, etag
from replica.real_site import FILE_DOWNLOAD_PATH
from replica.site import API_JSON, DOWNLOAD_PATH, DOWNLOADS_JSON

API_PATH = "/api/notice/list"
HTML = "text/html; charset=utf-8"
STATIC_TYPES = {".htm": HTML, ".html": HTML, ".txt": "text/plain; charset=utf-8"}
STATIC_NAMES = {"/robots.txt"}
NOT_FOUND_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 Not Found</title></head>"
    "<body><h1>404 Not Found</h1><p>您访问的页面不存在。</p></body></html>"
)
NO_REFERER_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>中国网信网</title></head>"
    "<body><div class='content'><p>请通过页面中的链接下载附件。</p>"
    "<p><a href='/'>返回首页</a></p></div></body></html>"
)
CHALLENGE_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>知道创宇云防御</title>"
    "<meta name='robots' content='noindex'></head><body><div class='container'>"
    "<h1>您的访问请求可能对网站造成安全威胁，请求已被拦截</h1>"
    "<p>当前访问疑似异常访问，已被网站管理员设置为拦截。</p>"
    "<p class='powered'>安全防护由 知道创宇云防御 提供</p></div>"
    "<script>document.cookie='__jsl_clearance_s=1719912345.123|0|abcdef1234567890;max-age=3600;path=/';"
    "location.href=location.pathname+location.search</script></body></html>"
)
Reply = tuple[int, dict[str, str], bytes]


class ReplicaServer(ThreadingHTTPServer):
    """A threading HTTP server over a built replica site, logging every request.

    Tests inject faults per path prefix (`inject`), and may change the site's files and then
    `reload()` its download table and API snapshot.
    """

    daemon_threads = True

    def __init__(self, address: tuple[str, int], site_dir: Path) -> None:
        super().__init__(address, ReplicaHandler)
        self.site_dir = Path(site_dir).resolve()
        self.downloads: dict[str, dict[str, Any]] = {}
        self.notice_files: dict[str, dict[str, Any]] = {}
        self.api_notices: list[dict[str, Any]] = []
        self.reload()
        self.request_log: list[tuple[str, str, dict[str, str]]] = []
        self.faults = FaultTable()
        self.closing = threading.Event()
        self._log_lock = threading.Lock()

    def reload(self) -> None:
        """Re-read the download tables and the notice-API snapshot from the site dir."""
        tables = _read_json(self.site_dir / DOWNLOADS_JSON)
        self.downloads, self.notice_files = tables["jsp"], tables["notice"]
        self.api_notices = _read_json(self.site_dir / API_JSON)

    def inject(
        self, path_prefix: str, fault: str, *, times: int | None = None, **params: Any
    ) -> None:
        """Misbehave on requests whose path starts with `path_prefix` (`times` of them, or all).

        Faults: status (status=500), slow (delay=seconds before answering), reset (close the
        connection with a TCP reset), truncate (announce the full length, send half the body and
        close), body (body=bytes, content_type=...: serve these bytes instead), challenge (the
        web-firewall challenge page with status 200).
        """
        self.faults.add(path_prefix, Fault(fault, times, **params))

    def clear_faults(self) -> None:
        """Stop injecting faults."""
        self.faults.clear()

    def server_close(self) -> None:
        """Close the socket and wake handlers sleeping in a slow fault."""
        self.closing.set()
        super().server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that went away (timeouts, killed crawls); report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def record(self, method: str, path: str, headers: dict[str, str]) -> None:
        """Append one request to request_log (thread-safe)."""
        with self._log_lock:
            self.request_log.append((method, path, headers))

    def request_count(self, path_prefix: str = "") -> int:
        """How many logged requests have a path (with query) starting with path_prefix."""
        with self._log_lock:
            return sum(1 for _, path, _ in self.request_log if path.startswith(path_prefix))

    def reset_log(self) -> None:
        """Forget all logged requests."""
        with self._log_lock:
            self.request_log.clear()


class ReplicaHandler(BaseHTTPRequestHandler):
    """Routes: the notice API, the download endpoint, and static pages."""

    server: ReplicaServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        """The Server header, like the real site's front end."""
        return "nginx"

    def do_GET(self) -> None:
        """Answer a GET request."""
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD request like GET, without the body."""
        self._answer(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def _answer(self, *, send_body: bool) -> None:
        """Log the request, route it, apply any injected fault and write the reply."""
        self.server.record(self.command, self.path, dict(self.headers.items()))
        fault = self.server.faults.take(self.path)
        if fault and fault.kind == "reset":
            self._reset()
            return
        if fault and fault.kind == "slow" and self.server.closing.wait(fault.delay):
            return
        reply = route(self.server, self.path, self.headers)
        status, headers, body = fault.apply(reply, CHALLENGE_PAGE.encode()) if fault else reply
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        if fault and fault.kind == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        elif send_body:
            self.wfile.write(body)

    def _reset(self) -> None:
        """Abort the connection with a TCP reset (SO_LINGER 0), as a flaky front end does."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


def route(server: ReplicaServer, raw_path: str, headers: Any) -> Reply:
    """Dispatch a request path to the API, a download or a static page."""
    url = urlsplit(raw_path)
    if url.path == API_PATH:
        return api_reply(server)
    if url.path == FILE_DOWNLOAD_PATH:
        return notice_file_reply(server, url.query, headers)
    if url.path == DOWNLOAD_PATH:
        return download_reply(server, url.query, headers)
    return static_reply(server.site_dir, unquote(url.path))


def api_reply(server: ReplicaServer) -> Reply:
    """The pinned notice snapshot, as the filing system answers it; paging is ignored."""
    payload = {"errno": 0, "errmsg": "", "datas": server.api_notices}
    body = json.dumps(payload, ensure_ascii=False)
    return 200, {"Content-Type": "application/json;charset=UTF-8"}, body.encode("utf-8")


def notice_file_reply(server: ReplicaServer, query: str, headers: Any) -> Reply:
    """A filing-system notice's list: fileDownLoad?noticeId=…; 404 for an unknown notice."""
    notice_id = parse_qs(query).get("noticeId", [""])[0]
    entry = server.notice_files.get(notice_id)
    if entry is None:
        return _html(404, NOT_FOUND_PAGE)
    return file_reply(server, entry, headers)


def download_reply(server: ReplicaServer, query: str, headers: Any) -> Reply:
    """The guarded attachment download: HTML without Referer, seed faults, 304 when unchanged."""
    token = parse_qs(query).get("filepath", [""])[0]
    entry = server.downloads.get(token)
    if entry is None or entry["fault"] == "404":
        return _html(404, NOT_FOUND_PAGE)
    if not headers.get("Referer"):
        return _html(200, NO_REFERER_PAGE)
    if entry["fault"] == "html_error":
        status, page_headers, body = _html(200, CHALLENGE_PAGE)
        return status, {**page_headers, "Set-Cookie": "__jsluid_s=8f1c2a7d9b3e4f50; path=/"}, body
    return file_reply(server, entry, headers)


def file_reply(server: ReplicaServer, entry: dict[str, Any], headers: Any) -> Reply:
    """A stored file with its name, type and validators; 304 to a matching conditional GET."""
    path = server.site_dir / entry["path"]
    body = path.read_bytes()
    validators = {
        "ETag": etag(body),
        "Last-Modified": formatdate(path.stat().st_mtime, usegmt=True),
    }
    if not_modified(headers, validators["ETag"], path.stat().st_mtime):
        return 304, validators, b""
    return (
        200,
        {
            "Content-Type": entry["content_type"],
            "Content-Disposition": content_disposition(entry["filename"]),
            **validators,
        },
        body,
    )


def not_modified(headers: Any, current_etag: str, mtime: float) -> bool:
    """Whether a conditional GET may be answered 304 (If-None-Match wins over If-Modified-Since)."""
    if headers.get("If-None-Match") is not None:
        return current_etag in [tag.strip() for tag in headers["If-None-Match"].split(",")]
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return int(mtime) <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError):
        return False


def content_disposition(filename: str) -> str:
    """An attachment disposition with an ASCII fallback name and the RFC 5987 UTF-8 name."""
    suffix = Path(filename).suffix
    fallback = filename if filename.isascii() else f"attachment{suffix}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def static_reply(site_dir: Path, path: str) -> Reply:
    """Serve a page or robots.txt from the site dir; anything else is 404."""
    if path == "/":
        path = "/index.htm"
    target = (site_dir / path.lstrip("/")).resolve()
    content_type = STATIC_TYPES.get(target.suffix)
    allowed = path in STATIC_NAMES or target.suffix in {".htm", ".html"}
    if not (allowed and content_type and target.is_relative_to(site_dir) and target.is_file()):
        return _html(404, NOT_FOUND_PAGE)
    return 200, {"Content-Type": content_type}, target.read_bytes()


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> ReplicaServer:
    """Create (not start) a replica server bound to host:port (0 = a free port)."""
    return ReplicaServer((host, port), Path(site_dir))


def serve_in_thread(
    site_dir: Path, host: str = "127.0.0.1", port: int = 0
) -> tuple[ReplicaServer, str]:
    """Start a replica server in a daemon thread; return it and its base URL."""
    server = make_server(site_dir, host, port)
    thread = threading.Thread(target=server.serve_forever, name="replica-server", daemon=True)
    thread.start()
    return server, f"http://{host}:{server.server_address[1]}"


def _html(status: int, page: str) -> Reply:
    """An HTML reply."""
    return status, {"Content-Type": HTML}, page.encode("utf-8")


def _read_json(path: Path) -> Any:
    """Parse a UTF-8 JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))
