"""Write the static replica of the CAC site: notice pages, list pages, robots.txt, documents."""

from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from replica import documents
from replica.seed import load_seed

SITE_NAME = "中国网信网"
LIST_PAGE = "/wxzw/A0937index_{}.htm"
PER_PAGE = 5
DOWNLOAD_PATH = "/cms/pub/interact/downloadfile.jsp"
FILES_DIR = "files"
DOWNLOADS_JSON = "downloads.json"
API_JSON = "api.json"
ROBOTS_TXT = "User-agent: *\nDisallow: /cms/admin/\n"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
CANCELLATION_HEADER = ("序号", "算法名称", "主体名称", "备案编号")
CANCELLATION_FIELDS = ("seq", "name", "company", "filing_no")


def build_site(out_dir: Path, seed: dict[str, Any] | None = None) -> Path:
    """Write the whole static site into out_dir and return it."""
    seed = seed if seed is not None else load_seed()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    notices = sorted_notices(seed)
    for notice in notices:
        _write(out_dir / notice["path"].lstrip("/"), notice_html(notice))
    for number, html in enumerate(list_pages_html(notices), start=1):
        _write(out_dir / LIST_PAGE.format(number).lstrip("/"), html)
    _write(out_dir / "index.htm", _page(f"<title>{SITE_NAME}</title>", _home_links()))
    _write(out_dir / "robots.txt", ROBOTS_TXT)
    _write(out_dir / DOWNLOADS_JSON, _json(write_documents(out_dir, notices)))
    _write(out_dir / API_JSON, _json(api_entries(notices)))
    return out_dir


def sorted_notices(seed: dict[str, Any]) -> list[dict[str, Any]]:
    """Notices newest first, as the list pages show them."""
    return sorted(seed["notices"], key=lambda n: (n["date"], n["time"]), reverse=True)


def download_href(attachment: dict[str, Any]) -> str:
    """The site-relative download link of an attachment (token and name percent-encoded)."""
    token = quote(attachment["token"], safe="")
    return f"{DOWNLOAD_PATH}?filepath={token}&fText={quote(attachment['text'], safe='')}"


def notice_html(notice: dict[str, Any]) -> str:
    """The HTML of one notice page, shaped like cac.gov.cn's article pages."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in notice["paragraphs"])
    if notice.get("inline_rows"):
        body += "\n" + _inline_table(notice["inline_rows"])
    if notice.get("attachments"):
        body += "\n" + _attachment_links(notice["attachments"])
    date, time = notice["date"], notice["time"]
    pubtime = f"{date[:4]}年{date[5:7]}月{date[8:]}日 {time}"
    head = f'<meta name="publishdate" content="{date}">\n<title>{escape(notice["title"])}</title>'
    main = (
        f'<h1 class="title" id="title">{escape(notice["title"])}</h1>\n'
        f'<div class="info"><span id="pubtime">{pubtime}</span> '
        f'<span id="source">来源：{SITE_NAME}</span></div>\n'
        f'<div class="main-content" id="BodyLabel">\n{body}\n</div>'
    )
    return _page(head, main)


def _attachment_links(attachments: list[dict[str, Any]]) -> str:
    """The 附件： paragraph followed by one link paragraph per attachment."""
    links = [
        f'<p><a href="{escape(download_href(a))}">{escape(a["text"])}</a></p>' for a in attachments
    ]
    return "<p>附件：</p>\n" + "\n".join(links)


def _inline_table(rows: list[dict[str, Any]]) -> str:
    """The cancellation notice's inline table, header row first."""
    lines = [_tr(CANCELLATION_HEADER)]
    lines += [_tr(str(row[f]) for f in CANCELLATION_FIELDS) for row in rows]
    return '<table border="1" cellspacing="0" cellpadding="0">\n' + "\n".join(lines) + "\n</table>"


def _tr(cells: Any) -> str:
    """One table row of plain cells."""
    return "<tr>" + "".join(f"<td><p>{escape(c)}</p></td>" for c in cells) + "</tr>"


def list_pages_html(notices: list[dict[str, Any]]) -> list[str]:
    """The paginated 网信政务 list pages (PER_PAGE notices each, newest first)."""
    chunks = [notices[i : i + PER_PAGE] for i in range(0, len(notices), PER_PAGE)] or [[]]
    return [_list_page(chunk, n, len(chunks)) for n, chunk in enumerate(chunks, start=1)]


def _list_page(chunk: list[dict[str, Any]], number: int, pages: int) -> str:
    """One list page with its items and pager."""
    items = "\n".join(
        f'<li><a href="{n["path"]}" target="_blank">{escape(n["title"])}</a>'
        f'<span class="times">{n["date"]}</span></li>'
        for n in chunk
    )
    main = f'<ul class="list" id="list">\n{items}\n</ul>\n{_pager(number, pages)}'
    return _page(f"<title>网信政务-{SITE_NAME}</title>", main)


def _pager(number: int, pages: int) -> str:
    """Pager links: 首页, 上一页 (not on page 1), 下一页 (not on the last), 尾页."""
    links = [f'<a href="{LIST_PAGE.format(1)}">首页</a>']
    if number > 1:
        links.append(f'<a href="{LIST_PAGE.format(number - 1)}">上一页</a>')
    links.append(f'<span class="current">{number}</span>')
    if number < pages:
        links.append(f'<a href="{LIST_PAGE.format(number + 1)}">下一页</a>')
    links.append(f'<a href="{LIST_PAGE.format(pages)}">尾页</a>')
    return '<div class="page" id="page">' + " ".join(links) + "</div>"


def _home_links() -> str:
    """The home page body: a link into the 网信政务 list."""
    return f'<ul class="nav"><li><a href="{LIST_PAGE.format(1)}">网信政务</a></li></ul>'


def _page(head: str, main: str) -> str:
    """Wrap page-specific markup in the site's common frame."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"{head}\n</head>\n<body>\n"
        f'<div class="header"><a href="/">{SITE_NAME}</a> '
        f'<a href="{LIST_PAGE.format(1)}">网信政务</a></div>\n'
        f'<div class="content">\n{main}\n</div>\n'
        '<div class="footer">中华人民共和国国家互联网信息办公室 版权所有</div>\n'
        "</body>\n</html>\n"
    )


def write_documents(out_dir: Path, notices: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Build every healthy attachment under files/ and return the token → download map."""
    table: dict[str, dict[str, Any]] = {}
    for notice in notices:
        for attachment in notice.get("attachments", []):
            table[attachment["token"]] = _write_attachment(out_dir, attachment)
    return table


def _write_attachment(out_dir: Path, attachment: dict[str, Any]) -> dict[str, Any]:
    """Write one attachment's file (none for faulty ones) and describe it."""
    fmt, path = attachment["format"], None
    if attachment.get("fault") is None:
        digest = hashlib.sha1(attachment["token"].encode()).hexdigest()
        path = f"{FILES_DIR}/{digest}.{fmt}"
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(document_bytes(attachment))
    return {
        "path": path,
        "filename": attachment["filename"],
        "content_type": CONTENT_TYPES[fmt],
        "fault": attachment.get("fault"),
    }


def document_bytes(attachment: dict[str, Any]) -> bytes:
    """Render an attachment's rows as DOCX, XLSX or PDF bytes."""
    fmt, heading = attachment["format"], attachment.get("heading")
    if fmt == "docx":
        return documents.build_list_docx(
            attachment["rows"],
            nine_columns=attachment.get("nine_columns", False),
            heading=heading,
            footnote=attachment.get("footnote"),
        )
    if fmt == "xlsx":
        sheet = attachment.get("sheet_title", "Sheet1")
        return documents.build_list_xlsx(attachment["rows"], sheet_title=sheet, heading=heading)
    if fmt == "pdf":
        return documents.build_genai_pdf(
            attachment["filed"], attachment["registered"], heading=heading
        )
    raise ValueError(f"unknown attachment format: {fmt}")


def api_entries(notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The notice-API snapshot: notices with an api entry; the server adds absolute URLs."""
    return [
        {
            "noticeId": n["api"]["noticeId"],
            "type": n["api"]["type"],
            "title": n["title"],
            "path": n["path"],
            "createTime": f"{n['date']} {n['time']}:00",
        }
        for n in notices
        if n.get("api") is not None
    ]


def _write(path: Path, text: str) -> None:
    """Write UTF-8 text, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _json(data: Any) -> str:
    """Pretty UTF-8 JSON text."""
    return json.dumps(data, ensure_ascii=False, indent=1)
