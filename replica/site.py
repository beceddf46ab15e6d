"""Write the static replica of the CAC site from a seed (replica.real_site): the pages of
www.cac.gov.cn (notices, paginated list pages, robots.txt), every list document, and the
tables the server answers the rest from: downloads.json (downloadfile.jsp tokens and
fileDownLoad noticeIds -> files) and api.json (the filing system's pinned notice snapshot).
"""

import hashlib
import json
from html import escape
from pathlib import Path
from typing import Any, Final

from crawler.constants import DOWNLOAD_PATH
from replica import documents
from replica.real_site import download_href
from replica.seed import load_seed

SITE_NAME: Final = "中国网信网"
LIST_PAGE: Final = "/wxzw/A0937index_{}.htm"
PER_PAGE: Final = 8
FILES_DIR: Final = "files"
DOWNLOADS_JSON: Final = "downloads.json"
API_JSON: Final = "api.json"
ROBOTS_TXT: Final = "User-agent: *\nDisallow: /cms/admin/\n"
CONTENT_TYPES: Final = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
__all__ = ["DOWNLOAD_PATH", "build_site", "document_bytes", "notice_html"]


def build_site(out_dir: Path, seed: dict[str, Any] | None = None) -> Path:
    """Write the whole site into out_dir and return it."""
    seed = seed if seed is not None else load_seed()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    notices = sorted_notices(seed)
    for notice in www_notices(notices):
        _write(out_dir / notice["path"].lstrip("/"), notice_html(notice))
    write_list_pages(out_dir, notices)
    _write(out_dir / "index.htm", _page(f"<title>{SITE_NAME}</title>", _home_links()))
    _write(out_dir / "robots.txt", ROBOTS_TXT)
    _write(out_dir / DOWNLOADS_JSON, _json(write_documents(out_dir, notices)))
    _write(out_dir / API_JSON, _json(api_entries(notices)))
    return out_dir


def sorted_notices(seed: dict[str, Any]) -> list[dict[str, Any]]:
    """Notices newest first, as the list pages and the notice API show them."""
    return sorted(seed["notices"], key=lambda n: (n["date"], n["time"]), reverse=True)


def www_notices(notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The notices with a page on www.cac.gov.cn (cancellations are on the filing system)."""
    return [notice for notice in notices if notice["host"] == "www"]


# --- pages ---------------------------------------------------------------------------------


def notice_html(notice: dict[str, Any]) -> str:
    """The HTML of one notice page, shaped like cac.gov.cn's article pages."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in notice["paragraphs"])
    if notice["attachments"]:
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


def write_list_pages(out_dir: Path, notices: list[dict[str, Any]]) -> None:
    """Write the paginated 网信政务 list pages of the site's notices."""
    for number, html in enumerate(list_pages_html(notices), start=1):
        _write(out_dir / LIST_PAGE.format(number).lstrip("/"), html)


def list_pages_html(notices: list[dict[str, Any]]) -> list[str]:
    """The 网信政务 list pages: the site's notices, PER_PAGE each, newest first."""
    listed = www_notices(notices)
    chunks = [listed[i : i + PER_PAGE] for i in range(0, len(listed), PER_PAGE)] or [[]]
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


# --- documents and the server's tables -----------------------------------------------------


def write_documents(out_dir: Path, notices: list[dict[str, Any]]) -> dict[str, Any]:
    """Write every file once under files/; return the download tables: downloadfile.jsp
    tokens (`jsp`) and fileDownLoad noticeIds (`notice`) -> file entry."""
    attachments = [attachment for notice in notices for attachment in notice["attachments"]]
    originals = {a["token"]: a for a in attachments if a["token"] and not a.get("same_as")}
    tables: dict[str, Any] = {"jsp": {}, "notice": {}}
    for attachment in attachments:
        if attachment.get("same_as"):
            entry = download_entry(originals[attachment["same_as"]], attachment)
        else:
            entry = write_attachment(out_dir, attachment)
        _table_of(tables, attachment)[_key(attachment)] = entry
    return tables


def _table_of(tables: dict[str, Any], attachment: dict[str, Any]) -> dict[str, Any]:
    return tables["notice"] if attachment.get("notice_id") else tables["jsp"]


def _key(attachment: dict[str, Any]) -> str:
    return attachment.get("notice_id") or attachment["token"]


def file_path(attachment: dict[str, Any]) -> str:
    """Where a file's bytes are kept in the site."""
    digest = hashlib.sha1(_key(attachment).encode()).hexdigest()
    return f"{FILES_DIR}/{digest}.{attachment['format']}"


def download_entry(original: dict[str, Any], link: dict[str, Any]) -> dict[str, Any]:
    """The download table's entry for a link: its file (none for a fault), name and type."""
    return {
        "path": None if link.get("fault") else file_path(original),
        "filename": link["filename"],
        "content_type": CONTENT_TYPES[link["format"]],
        "fault": link.get("fault"),
    }


def write_attachment(out_dir: Path, attachment: dict[str, Any]) -> dict[str, Any]:
    """Write one attachment's file (none for a broken link); return its table entry."""
    entry = download_entry(attachment, attachment)
    if entry["path"]:
        target = out_dir / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(document_bytes(attachment))
    return entry


def document_bytes(attachment: dict[str, Any]) -> bytes:
    """Render an attachment's rows as the document its notice links (DOCX, XLSX or PDF)."""
    kind = attachment.get("document") or attachment["format"]
    title = attachment.get("title")
    if kind in ("list_docx", "docx"):
        headers = getattr(documents, attachment.get("headers", "DEEP_SYNTHESIS_HEADERS"))
        nine = attachment.get("nine_columns", False)
        return documents.build_list_docx(
            attachment["rows"], headers=headers, title=title, nine_columns=nine
        )
    if kind == "xlsx":
        headers = getattr(documents, attachment.get("headers", "ALGORITHM_HEADERS"))
        return documents.build_list_xlsx(attachment["rows"], headers=headers, title=title)
    if kind == "genai_pdf":
        return documents.build_genai_pdf(pdf_sections(attachment), title=title)
    if kind == "cancellation_pdf":
        return documents.build_cancellation_pdf(attachment["rows"], title=title)
    raise ValueError(f"unknown document kind: {kind}")


def pdf_sections(attachment: dict[str, Any]) -> list[documents.PdfSection]:
    """The tables of a generative-AI PDF."""
    return [
        documents.PdfSection(
            section["title"],
            getattr(documents, section["headers"]),
            section["rows"],
            same_table=section["same_table"],
        )
        for section in attachment["sections"]
    ]


def api_entries(notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The notice API's pinned snapshot, newest first: every notice with an API entry."""
    return [
        {
            "noticeId": n["api"]["noticeId"],
            "type": n["api"]["type"],
            "title": n["title"],
            "content": n["api"]["content"],
            "createTime": f"{n['date']} {n['time']}:00",
        }
        for n in notices
        if n["api"] is not None
    ]


def _write(path: Path, text: str) -> None:
    """Write UTF-8 text, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _json(data: Any) -> str:
    """Pretty UTF-8 JSON text."""
    return json.dumps(data, ensure_ascii=False, indent=1)
