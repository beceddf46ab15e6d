"""Change a served replica site the way the CAC changes its own: publish a new batch, replace a
list document, edit a notice page. The server picks the change up at once (`server.reload()`).
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from replica.server import ReplicaServer
from replica.site import (
    API_JSON,
    CONTENT_TYPES,
    DOWNLOADS_JSON,
    FILES_DIR,
    LIST_PAGE,
    api_entries,
    document_bytes,
    list_pages_html,
    notice_html,
    sorted_notices,
)

NUMERALS = ("十九", "二十", *(f"二十{digit}" for digit in "一二三四五六七八九"))


def new_batch(number: int, rows: int = 3) -> dict[str, Any]:
    """Deep-synthesis batch 19 + `number`, published in 2026-08 + `number` months, one DOCX."""
    year, month = 2026 + (7 + number) // 12, (7 + number) % 12 + 1
    name = f"境内深度合成服务算法备案清单（{year}年{month}月）"
    count = NUMERALS[number] if number < len(NUMERALS) else str(19 + number)
    return {
        "key": f"ds-new-{number}",
        "family": "deep_synthesis",
        "path": f"/{year}-{month:02d}/15/c_17{number:02d}{month:02d}0000000001.htm",
        "title": f"国家互联网信息办公室关于发布第{count}批深度合成服务算法备案信息的公告",
        "date": f"{year}-{month:02d}-15",
        "time": "16:00",
        "api": None,
        "paragraphs": [f"现公开发布第{count}批境内深度合成服务算法备案信息，共{rows}个。"],
        "attachments": [
            {
                "token": base64.b64encode(hashlib.sha1(name.encode()).digest()).decode(),
                "text": name,
                "filename": f"{name}.docx",
                "format": "docx",
                "fault": None,
                "heading": name,
                "rows": [_filing(number, seq) for seq in range(1, rows + 1)],
            }
        ],
    }


def _filing(number: int, seq: int) -> dict[str, Any]:
    """A filing row of a generated batch, with a well-formed, unique filing number."""
    return {
        "seq": seq,
        "name": f"测试合成算法{number}-{seq}",
        "role": "服务提供者",
        "company": f"杭州测试科技有限公司{number}",
        "product": "测试应用",
        "purpose": "应用于图像生成场景",
        "filing_no": f"网信算备330106{900000000 + number:09d}26{seq:04d}号",
        "remarks": "",
    }


def publish(site_dir: Path, server: ReplicaServer, seed: dict, notices: list[dict]) -> None:
    """Add notices to a served site: pages, documents, list pages and API; the server reloads."""
    downloads = json.loads((site_dir / DOWNLOADS_JSON).read_text(encoding="utf-8"))
    for notice in notices:
        rewrite_notice(site_dir, notice)
        for attachment in notice["attachments"]:
            downloads[attachment["token"]] = write_document(site_dir, attachment)
    everything = sorted_notices({"notices": seed["notices"] + notices})
    for number, html in enumerate(list_pages_html(everything), start=1):
        _write(site_dir / LIST_PAGE.format(number).lstrip("/"), html.encode())
    _write(site_dir / DOWNLOADS_JSON, json.dumps(downloads, ensure_ascii=False).encode())
    _write(site_dir / API_JSON, json.dumps(api_entries(everything), ensure_ascii=False).encode())
    server.reload()


def write_document(site_dir: Path, attachment: dict[str, Any]) -> dict[str, Any]:
    """(Re)write an attachment's file from its rows; return its download-table entry."""
    digest = hashlib.sha1(attachment["token"].encode()).hexdigest()
    path = f"{FILES_DIR}/{digest}.{attachment['format']}"
    _write(site_dir / path, document_bytes(attachment))
    return {
        "path": path,
        "filename": attachment["filename"],
        "content_type": CONTENT_TYPES[attachment["format"]],
        "fault": None,
    }


def rewrite_notice(site_dir: Path, notice: dict[str, Any]) -> None:
    """Write a notice page (again, after editing the notice)."""
    _write(site_dir / notice["path"].lstrip("/"), notice_html(notice).encode())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
