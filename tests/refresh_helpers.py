"""Helpers for the refresh and fault tests: a small replica, site edits, runs, snapshots."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from replica.real_site import download_href
from replica.seed import load_seed

# Small timeouts and no back-off: a refresh of the small replica takes a few seconds.
FAST = (
    *("-s", "AUTOTHROTTLE_ENABLED=False"),
    *("-s", "DOWNLOAD_DELAY=0"),
    *("-s", "DOWNLOAD_TIMEOUT=1.5"),
    *("-s", "RETRY_TIMES=1"),
    *("-s", "RETRY_BACKOFF_BASE=0"),
)


def small_seed() -> dict[str, Any]:
    """The small replica without its two deliberately broken links."""
    seed = load_seed()
    for notice in seed["notices"]:
        notice["attachments"] = [a for a in notice["attachments"] if not a.get("fault")]
    return seed


def cli(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the command line in a subprocess, as cron would."""
    command = [sys.executable, "-m", "crawler.cli", "--data-dir", str(data_dir), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def refresh(data_dir: Path, site: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`cacfilings refresh` of `site` with the fast test settings."""
    return cli(data_dir, "refresh", "--site", site, *FAST, *args)


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every file under `root`: (mtime in ns, sha256), keyed by relative path."""
    return {
        str(path.relative_to(root)): (path.stat().st_mtime_ns, _sha256(path))
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def manifest(data_dir: Path) -> dict[str, Any]:
    return json.loads((data_dir / "raw" / "manifest.json").read_text(encoding="utf-8"))


def change_log(data_dir: Path) -> list[dict[str, Any]]:
    path = data_dir / "changes.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def token_prefix(attachment: dict[str, Any]) -> str:
    """The request path prefix of an attachment's download link (for request counts, faults):
    downloadfile.jsp?filepath=<token> or fileDownLoad?noticeId=<noticeId>."""
    return download_href(attachment).split("&")[0]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
