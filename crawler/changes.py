"""What a run changed: new batches, new and removed filings, cancellations, updated attachments.

A run's change record compares the table before the run (its `baseline`, see `summarize`) with
the table after it. Records are lines of `data/changes.jsonl`, one per run that changed something.
"""

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from crawler.storage import write_bytes_atomic

CHANGE_KINDS = (
    "new_batches",
    "new_attachments",
    "updated_attachments",
    "new_filings",
    "removed_filings",
    "cancellations",
)
logger = logging.getLogger(__name__)
FILING_FIELDS = ("list_type", "batch", "name", "company", "notice_url", "attachment_url")


def summarize(table: pd.DataFrame, attachments: dict[str, str]) -> dict[str, Any]:
    """The facts about a table that a later run compares against."""
    filings, cancelled = _split(table)
    return {
        "rows": len(table),
        "attachments": attachments,
        "batches": sorted({f"{r.list_type} {r.batch}" for r in table.itertuples()}),
        "filings": {row["filing_no"]: row for row in _records(filings, FILING_FIELDS)},
        "cancellations": sorted(set(cancelled["filing_no"])),
    }


def diff(baseline: dict[str, Any], table: pd.DataFrame, manifest: dict[str, Any]) -> dict:
    """The changes from `baseline` to `table`, keyed by kind (see CHANGE_KINDS)."""
    filings, cancelled = _split(table)
    now = {row["filing_no"]: row for row in _records(filings, FILING_FIELDS)}
    before = baseline.get("filings", {})
    changes = {
        "new_batches": _new_batches(table, set(baseline.get("batches", [])), manifest),
        "new_attachments": _new_attachments(baseline.get("attachments", {}), manifest),
        "updated_attachments": _updated(baseline.get("attachments", {}), manifest),
        "new_filings": [{"filing_no": no, **row} for no, row in now.items() if no not in before],
        "removed_filings": [{"filing_no": no, **r} for no, r in before.items() if no not in now],
        "cancellations": _new_cancellations(cancelled, set(baseline.get("cancellations", []))),
    }
    titles = _notice_titles(manifest)
    notices = {item["notice_url"] for items in changes.values() for item in items}
    return {
        "initial": not baseline.get("rows"),
        "notices": {url: titles.get(url, "") for url in sorted(notices)},
        **changes,
    }


def has_changes(record: dict[str, Any]) -> bool:
    """Whether a change record holds any change at all."""
    return any(record.get(kind) for kind in CHANGE_KINDS)


def append_change(path: Path, record: dict[str, Any]) -> None:
    """Add a record to the change log atomically, replacing one with the same run id (a line
    that does not read as a record is kept as it is)."""
    kept = [line for line in _lines(path) if (_record(line) or {}).get("id") != record["id"]]
    lines = [*kept, json.dumps(record, ensure_ascii=False, sort_keys=True)]
    write_bytes_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))


def read_changes(path: Path, since: datetime | None = None) -> list[dict[str, Any]]:
    """The change records in the log, oldest first, optionally only those from `since` on.

    A line that does not read as a record (a damaged log) is skipped with a warning."""
    records = [record for record in map(_record, _lines(path)) if record]
    if since is None:
        return records
    return [r for r in records if datetime.fromisoformat(r["run"]) >= since]


def _lines(path: Path) -> list[str]:
    """The non-empty lines of the change log ([] when there is none)."""
    if not path.exists():
        return []
    text = path.read_bytes().decode("utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def _record(line: str) -> dict[str, Any] | None:
    """The change record on one log line, or None (logged) when it is not one."""
    try:
        record = json.loads(line)
        datetime.fromisoformat(record["run"])
    except (ValueError, TypeError, KeyError):
        logger.warning("Skipping a damaged line of the change log: %.80s", line)
        return None
    return record if isinstance(record, dict) else None


def counts(record: dict[str, Any]) -> dict[str, int]:
    """How many changes of each kind a record holds."""
    return {kind: len(record.get(kind, [])) for kind in CHANGE_KINDS}


def render_text(records: list[dict[str, Any]]) -> str:
    """Change records as text for a terminal or an e-mail."""
    if not records:
        return "No changes recorded.\n"
    return "".join(_record_text(record) for record in records)


def _record_text(record: dict[str, Any]) -> str:
    totals = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts(record).items() if n)
    lines = [f"{record['run']}  {totals}"]
    lines += [
        f"  new batch {b['list_type']} {b['batch']}: {b['rows']} rows  {b['notice_url']}"
        for b in record["new_batches"]
    ]
    lines += [
        f"  updated attachment {a['link_text']}: previous bytes kept as {a['kept_as']}  {a['url']}"
        for a in record["updated_attachments"]
    ]
    if record.get("initial"):
        lines.append("  (first build: filings are not listed one by one; see --format json)")
    else:
        lines += [_filing_line("+", f) for f in record["new_filings"]]
        lines += [_filing_line("-", f) for f in record["removed_filings"]]
    lines += [_filing_line("cancelled", f) for f in record["cancellations"]]
    return "\n".join(lines) + "\n\n"


def _filing_line(mark: str, filing: dict[str, Any]) -> str:
    return f"  {mark} {filing['filing_no']}  {filing['name']}  {filing['company']}"


def _split(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(listed filings with a number, cancellation rows with a number)."""
    table = table.fillna("")
    numbered = table[table["filing_no"].astype(str) != ""]
    cancelled = numbered["list_type"] == "cancellation"
    return numbered[~cancelled], numbered[cancelled]


def _records(frame: pd.DataFrame, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows as dicts of `fields` plus filing_no, first row per filing number."""
    unique = frame.drop_duplicates("filing_no")
    return unique[["filing_no", *fields]].astype(str).to_dict("records")


def _new_batches(
    table: pd.DataFrame, before: set[str], manifest: dict[str, Any]
) -> list[dict[str, Any]]:
    """Batches (list type + month) that were not in the table before, with their notice."""
    found = []
    grouped = table.groupby(["list_type", "batch", "attachment_url"], sort=True)
    for (list_type, batch, url), rows in grouped:
        if f"{list_type} {batch}" not in before:
            entry = manifest.get(url, {})
            found.append(
                {
                    "list_type": list_type,
                    "batch": batch,
                    "rows": len(rows),
                    "attachment_url": url,
                    "notice_url": entry.get("notice_url", rows["notice_url"].iloc[0]),
                    "notice_title": entry.get("notice_title", ""),
                }
            )
    return found


def _new_attachments(before: dict[str, str], manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Attachments stored for the first time since the baseline."""
    fields = ("link_text", "batch", "family", "notice_url", "notice_title", "sha256")
    return [
        {"url": url, **{field: entry.get(field, "") for field in fields}}
        for url, entry in sorted(manifest.items())
        if url not in before
    ]


def _updated(before: dict[str, str], manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Attachments whose bytes changed at the same URL; the previous bytes are kept."""
    updated = []
    for url, entry in sorted(manifest.items()):
        if url in before and before[url] != entry.get("sha256"):
            versions = entry.get("versions") or [{}]
            updated.append(
                {
                    "url": url,
                    "link_text": entry.get("link_text", ""),
                    "notice_url": entry.get("notice_url", ""),
                    "old_sha256": before[url],
                    "new_sha256": entry.get("sha256", ""),
                    "kept_as": versions[-1].get("path") or "",
                }
            )
    return updated


def _notice_titles(manifest: dict[str, Any]) -> dict[str, str]:
    """Notice URL -> title, for every notice in the manifest."""
    return {
        e["notice_url"]: e.get("notice_title", "") for e in manifest.values() if "notice_url" in e
    }


def _new_cancellations(cancelled: pd.DataFrame, before: set[str]) -> list[dict[str, Any]]:
    rows = _records(cancelled, ("name", "company", "notice_url", "batch"))
    return [row for row in rows if row["filing_no"] not in before]
