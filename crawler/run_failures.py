"""What the last refresh could not get, and the failures a human has acknowledged.

`processed/failures.json` lists the last run's failed pages, attachments and parses (rewritten
only when the list changes), so `cacfilings validate` can name them after the run's output is
gone. `acknowledged.txt` in the data directory holds one URL a line (`#` starts a comment): a
failure at such a URL (a link known to be dead) is still listed, but no longer makes a run exit
1, so cron stops mailing about it every morning.
"""

from pathlib import Path
from typing import Any

from crawler.paths import DataPaths
from crawler.storage import read_json, write_bytes_atomic, write_json_atomic

FAILURES_FILE = "failures.json"
ACKNOWLEDGED_FILE = "acknowledged.txt"


def failures_path(paths: DataPaths) -> Path:
    """Where the last run's failures are kept."""
    return paths.processed / FAILURES_FILE


def acknowledged_path(paths: DataPaths) -> Path:
    """The list of acknowledged failure URLs."""
    return paths.root / ACKNOWLEDGED_FILE


def read_acknowledged(paths: DataPaths) -> frozenset[str]:
    """The acknowledged URLs (none when the file does not exist)."""
    try:
        text = acknowledged_path(paths).read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(line for line in lines if line)


def add_acknowledged(paths: DataPaths, url: str) -> bool:
    """Add `url` to the acknowledged list; False when it was there already."""
    if url in read_acknowledged(paths):
        return False
    path = acknowledged_path(paths)
    before = path.read_bytes() if path.exists() else b""
    separator = b"\n" if before and not before.endswith(b"\n") else b""
    write_bytes_atomic(path, before + separator + url.encode("utf-8") + b"\n")
    return True


def record_failures(paths: DataPaths, failures: list[dict[str, Any]]) -> None:
    """Keep this run's failures, writing only when they differ from those kept."""
    if failures != read_failures(paths) and (failures or failures_path(paths).exists()):
        write_json_atomic(failures_path(paths), failures)


def read_failures(paths: DataPaths) -> list[dict[str, Any]]:
    """The last run's failures ([] when none were recorded)."""
    return read_json(failures_path(paths), [])


def failure_entry(stage: str, item: dict[str, Any], acknowledged: frozenset[str]) -> dict:
    """One recorded failure: stage, URL, reason, its notice, whether it is acknowledged."""
    entry = {"stage": stage, "url": item["url"], "reason": item.get("reason", "")}
    if item.get("notice_url"):
        entry["notice_url"] = item["notice_url"]
    return {**entry, "acknowledged": item["url"] in acknowledged}
