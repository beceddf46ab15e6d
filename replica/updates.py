"""Change a served replica site the way the CAC changes its own: publish a new batch, replace a
list document, edit a notice page. The server picks the change up at once (`server.reload()`).
"""

import json
from pathlib import Path
from typing import Any, Final

from replica.generate import seed_row
from replica.real_site import WWW, SeedList, docx_attachment, month_text, token_for
from replica.server import ReplicaServer
from replica.site import (
    API_JSON,
    DOWNLOADS_JSON,
    api_entries,
    notice_html,
    sorted_notices,
    write_attachment,
    write_list_pages,
)

NUMERALS: Final = ("十九", "二十", *(f"二十{digit}" for digit in "一二三四五六七八九"))


def new_batch(number: int, rows: int = 3) -> dict[str, Any]:
    """Deep-synthesis batch 19 + `number`, published in 2026-08 + `number` months, one DOCX.

    It is not in the notice API's pinned snapshot: a crawl finds it on the list pages.
    """
    year, month = 2026 + (7 + number) // 12, (7 + number) % 12 + 1
    batch = f"{year}-{month:02d}"
    name = f"境内深度合成服务算法备案清单（{month_text(batch)}）"
    count = NUMERALS[number] if number < len(NUMERALS) else str(19 + number)
    filings = [_filing(number, seq, year) for seq in range(1, rows + 1)]
    data = SeedList("deep_synthesis", batch, name, filings, token=token_for(f"new-{number}"))
    path = f"/{batch}/15/c_17{number:02d}{month:02d}0000000001.htm"
    return {
        "key": f"ds-new-{number}",
        "family": "deep_synthesis",
        "kind": "list",
        "host": "www",
        "path": path,
        "url": WWW + path,
        "title": f"国家互联网信息办公室关于发布第{count}批深度合成服务算法备案信息的公告",
        "date": f"{batch}-15",
        "time": "16:00",
        "api": None,
        "paragraphs": [f"现公开发布第{count}批境内深度合成服务算法备案信息，共{rows}个。"],
        "attachments": [docx_attachment(data, "DEEP_SYNTHESIS_HEADERS", f"new-{number}")],
    }


def _filing(number: int, seq: int, year: int) -> dict[str, Any]:
    """A row of a new batch, with a well-formed, unique filing number (category 01)."""
    printed = {
        "seq": str(seq),
        "name": f"测试合成算法{number}-{seq}",
        "role": "服务提供者",
        "company": f"杭州测试科技有限公司{number}",
        "product": "测试应用(APP)",
        "purpose": "应用于图像生成场景，根据用户输入的文本，生成相应的图像。",
        "filing_no": f"网信算备330106{9000000 + number:07d}01{year % 100:02d}{seq:04d}号",
        "remarks": "",
    }
    return seed_row("deep_synthesis", printed)


def publish(site_dir: Path, server: ReplicaServer, seed: dict, notices: list[dict]) -> None:
    """Add notices to a served site: pages, documents, list pages and API; the server reloads."""
    tables = json.loads((site_dir / DOWNLOADS_JSON).read_text(encoding="utf-8"))
    for notice in notices:
        rewrite_notice(site_dir, notice)
        for attachment in notice["attachments"]:
            tables["jsp"][attachment["token"]] = write_document(site_dir, attachment)
    everything = sorted_notices({"notices": seed["notices"] + notices})
    write_list_pages(site_dir, everything)
    _write(site_dir / DOWNLOADS_JSON, json.dumps(tables, ensure_ascii=False).encode())
    _write(site_dir / API_JSON, json.dumps(api_entries(everything), ensure_ascii=False).encode())
    server.reload()


def write_document(site_dir: Path, attachment: dict[str, Any]) -> dict[str, Any]:
    """(Re)write an attachment's file from its rows; return its download-table entry."""
    return write_attachment(site_dir, attachment)


def rewrite_notice(site_dir: Path, notice: dict[str, Any]) -> None:
    """Write a notice page (again, after editing the notice)."""
    _write(site_dir / notice["path"].lstrip("/"), notice_html(notice).encode())


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
