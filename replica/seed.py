"""Load the replica's seed data and derive the table rows a correct parser must return."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from crawler.constants import DOCUMENT_COLUMNS

SEED_PATH = Path(__file__).with_name("seed.json")
ROW_FIELDS = DOCUMENT_COLUMNS[2:]  # every document column after list_type and batch
LIST_TYPES = {"deep_synthesis": "deep_synthesis", "algorithm": "algorithm"}
_BATCH_RE = re.compile(r"（(?:截至)?(\d{4})年(\d{1,2})月）")


def load_seed(path: Path | str | None = None) -> dict[str, Any]:
    """Read the seed JSON (the packaged replica/seed.json by default)."""
    return json.loads(Path(path or SEED_PATH).read_text(encoding="utf-8"))


def batch_from_text(text: str) -> str | None:
    """Return YYYY-MM from a link text like 清单（2024年4月） or （截至2025年12月）."""
    match = _BATCH_RE.search(text)
    if match is None:
        return None
    return f"{match.group(1)}-{int(match.group(2)):02d}"


def expected_rows(seed: dict[str, Any]) -> list[dict[str, Any]]:
    """List every table row a correct crawl+parse must produce, with its provenance."""
    rows: list[dict[str, Any]] = []
    for notice in seed["notices"]:
        for attachment in notice.get("attachments", []):
            if attachment.get("fault") is None:
                rows.extend(_attachment_rows(notice, attachment))
        if notice["family"] == "cancellation":
            batch = notice["date"][:7]
            for row in notice.get("inline_rows", []):
                rows.append(_row("cancellation", batch, row, notice["path"], None))
    return rows


def _attachment_rows(notice: dict[str, Any], attachment: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of one healthy attachment, tagged with list type and batch."""
    batch = batch_from_text(attachment["text"]) or notice["date"][:7]
    path, token = notice["path"], attachment["token"]
    if attachment["format"] == "pdf":
        filed = [_row("genai_filed", batch, r, path, token) for r in attachment["filed"]]
        registered = [
            _row("genai_registered", batch, r, path, token) for r in attachment["registered"]
        ]
        return filed + registered
    list_type = LIST_TYPES[notice["family"]]
    return [_row(list_type, batch, r, path, token) for r in attachment["rows"]]


def _row(
    list_type: str, batch: str, row: dict[str, Any], path: str, token: str | None
) -> dict[str, Any]:
    """Flatten one seed row into the canonical string-valued expected row."""
    out: dict[str, Any] = {"list_type": list_type, "batch": batch}
    out.update({field: str(row.get(field, "")) for field in ROW_FIELDS})
    out["notice_path"] = path
    out["attachment_token"] = token
    return out
