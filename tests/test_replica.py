"""The replica CAC site, checked over real HTTP."""

import json
import re
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import unquote

import pytest

from replica.seed import expected_rows, load_seed
from replica.site import CONTENT_TYPES

SEED = load_seed()
NOTICES = {n["key"]: n for n in SEED["notices"]}
DOCX_TYPE = CONTENT_TYPES["docx"]
LINK_RE = re.compile(r'href="(/cms/pub/interact/downloadfile\.jsp\?[^"]+)"')


def fetch(url: str, referer: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET url; return status, headers and body, also for HTTP errors."""
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def attachment_links(base_url: str, key: str) -> list[str]:
    """Absolute download URLs found on a notice page, in page order."""
    _, _, body = fetch(base_url + NOTICES[key]["path"])
    html = body.decode("utf-8").replace("&amp;", "&")
    return [base_url + href for href in LINK_RE.findall(html)]


def test_api_lists_pinned_notices_without_batch_one(replica_server):
    status, headers, body = fetch(replica_server.base_url + "/api/notice/list?page=2&size=5")
    payload = json.loads(body)
    paths = {d["content"].removeprefix(replica_server.base_url) for d in payload["datas"]}
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert payload["errno"] == 0
    assert paths == {n["path"] for n in SEED["notices"] if n["api"] is not None}
    assert NOTICES["ds-01"]["path"] not in paths
    assert {d["type"] for d in payload["datas"] if "深度合成" in d["title"]} == {3}


def test_download_requires_referer(replica_server):
    notice_url = replica_server.base_url + NOTICES["ds-01"]["path"]
    url = attachment_links(replica_server.base_url, "ds-01")[0]
    status, headers, body = fetch(url)
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert not body.startswith(b"PK")
    status, headers, body = fetch(url, referer=notice_url)
    assert status == 200
    assert body.startswith(b"PK\x03\x04")
    assert headers["Content-Type"] == DOCX_TYPE
    encoded = headers["Content-Disposition"].split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "境内深度合成服务算法备案清单（2023年6月）.docx"


def test_download_link_roundtrips_token(replica_server):
    server = replica_server.server
    url = attachment_links(replica_server.base_url, "genai")[0]
    before = server.request_count("/cms/pub/interact/downloadfile.jsp")
    status, headers, body = fetch(url, referer=replica_server.base_url + "/")
    assert (status, headers["Content-Type"], body[:4]) == (200, "application/pdf", b"%PDF")
    assert server.request_count("/cms/pub/interact/downloadfile.jsp") == before + 1


def test_html_error_fault_is_a_challenge_page(replica_server):
    links = attachment_links(replica_server.base_url, "ds-02")
    status, headers, body = fetch(links[1], referer=replica_server.base_url + "/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert "知道创宇云防御" in body.decode("utf-8")


def test_404_fault_and_unknown_token(replica_server):
    links = attachment_links(replica_server.base_url, "algorithm")
    assert fetch(links[0], referer=replica_server.base_url + "/")[0] == 404
    unknown = replica_server.base_url + "/cms/pub/interact/downloadfile.jsp?filepath=nope"
    assert fetch(unknown, referer=replica_server.base_url + "/")[0] == 404


def test_list_pages_paginate_and_link_every_notice(replica_server):
    url, seen, pages = replica_server.base_url + "/wxzw/A0937index_1.htm", [], 0
    while url:
        status, _, body = fetch(url)
        html = body.decode("utf-8")
        assert status == 200
        pages += 1
        seen += re.findall(r'<li><a href="([^"]+)"', html)
        nxt = re.search(r'<a href="([^"]+)">下一页</a>', html)
        url = replica_server.base_url + nxt.group(1) if nxt else None
    assert pages == 3
    assert sorted(seen) == sorted(n["path"] for n in SEED["notices"])


@pytest.mark.parametrize("key", ["ds-18", "cancel-2026-05", "other-1"])
def test_notice_page_markup(replica_server, key):
    notice = NOTICES[key]
    status, headers, body = fetch(replica_server.base_url + notice["path"])
    html = body.decode("utf-8")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert f'<h1 class="title" id="title">{notice["title"]}</h1>' in html
    assert f'<meta name="publishdate" content="{notice["date"]}">' in html
    assert 'id="BodyLabel"' in html
    for row in notice.get("inline_rows", []):
        assert row["filing_no"] in html


def test_robots_and_missing_pages(replica_server):
    status, _, body = fetch(replica_server.base_url + "/robots.txt")
    assert status == 200
    assert "Disallow: /cms/admin/" in body.decode("utf-8")
    assert fetch(replica_server.base_url + "/downloads.json")[0] == 404
    assert fetch(replica_server.base_url + "/../etc/passwd")[0] == 404


def test_expected_rows_counts():
    rows = expected_rows(SEED)
    counts = Counter(r["list_type"] for r in rows)
    assert counts == {
        "deep_synthesis": 55,
        "algorithm": 20,
        "genai_filed": 45,
        "genai_registered": 25,
        "cancellation": 5,
    }
    assert {r["batch"] for r in rows if r["list_type"] == "deep_synthesis"} == {
        "2023-06",
        "2023-08",
        "2024-04",
        "2025-07",
        "2026-07",
    }


def test_seed_invariants():
    rows = expected_rows(SEED)
    listed = [r["filing_no"] for r in rows if r["list_type"] != "cancellation"]
    ds_numbers = {r["filing_no"] for r in rows if r["list_type"] == "deep_synthesis"}
    cancelled = {r["filing_no"] for r in rows if r["list_type"] == "cancellation"}
    assert len(listed) == len(set(listed))
    assert cancelled <= ds_numbers
    for row in rows:
        assert row["company"]
        assert row["filing_no"]
        assert all(isinstance(row[k], str) for k in ("seq", "name", "batch", "remarks"))
    for row in (r for r in rows if r["list_type"] in {"deep_synthesis", "algorithm"}):
        assert re.fullmatch(r"网信算备\d{6}\d+\d{2}\d{4}号", row["filing_no"])
        assert row["role"] in {"服务提供者", "服务技术支持者"}
