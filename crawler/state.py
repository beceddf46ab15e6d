"""The generation record that ties the table to the manifest and the index it was built with.

Each build writes `processed/filings.state.json` last: the sha256 of the table's CSV, of the
manifest it was built from, the index generation published with it, and its row count. Any run
can then tell whether table and index belong together and to the stored attachments
(`out_of_step`), and rebuild them when they do not (a build killed between table and index, a
table wiped or replaced behind the manifest's back).
"""

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from crawler.paths import DataPaths
from crawler.storage import read_json, write_json_atomic
from index.generations import current_dir, current_name

logger = logging.getLogger(__name__)

STATE_FILE = "filings.state.json"
ROWS_FILE = "rows.parquet"


def state_path(paths: DataPaths) -> Path:
    """Where the table's generation record is kept."""
    return paths.processed / STATE_FILE


def manifest_digest(manifest: dict[str, Any]) -> str:
    """A hash of the manifest's content, independent of key order."""
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes ('' when it does not exist)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def record_generation(paths: DataPaths, manifest: dict[str, Any], rows: int) -> dict[str, Any]:
    """Record that the table now on disk, the manifest and the live index belong together."""
    record = {
        "table_sha256": file_digest(paths.table_csv),
        "manifest_sha256": manifest_digest(manifest),
        "index_generation": current_name(paths.index) or "",
        "index_files": index_files(paths.index),
        "rows": rows,
    }
    write_json_atomic(state_path(paths), record)
    return record


def read_generation(paths: DataPaths) -> dict[str, Any]:
    """The generation record ({} when missing or unreadable)."""
    try:
        record = read_json(state_path(paths), {})
    except (ValueError, OSError):
        return {}
    return record if isinstance(record, dict) else {}


def index_files(ix_dir: Path) -> dict[str, int]:
    """The size of every file of the live index generation ({} when there is none)."""
    live = current_dir(ix_dir)
    files = sorted(live.iterdir()) if live else []
    return {path.name: path.stat().st_size for path in files if path.is_file()}


def index_damaged(paths: DataPaths) -> bool:
    """Whether the live generation's files differ from those its build recorded (truncated)."""
    record = read_generation(paths)
    recorded = record.get("index_files")
    same_generation = record.get("index_generation") == current_name(paths.index)
    return bool(recorded) and same_generation and recorded != index_files(paths.index)


def index_rows(ix_dir: Path) -> int | None:
    """How many rows the live index generation holds (None when it cannot be read)."""
    live = current_dir(ix_dir)
    try:
        return pq.ParquetFile(live / ROWS_FILE).metadata.num_rows if live else None
    except (OSError, ValueError):
        return None


def out_of_step(paths: DataPaths, manifest: dict[str, Any]) -> str | None:
    """Why table, index and manifest do not belong together, or None when they do."""
    record = read_generation(paths)
    checks = [
        (not record, "no generation record for the table"),
        (record.get("table_sha256") != file_digest(paths.table_csv), "the table changed"),
        (record.get("manifest_sha256") != manifest_digest(manifest), "the manifest changed"),
        (record.get("index_generation") != current_name(paths.index), "the index changed"),
        (index_damaged(paths), "the index files are damaged"),
        (index_rows(paths.index) != record.get("rows"), "the index rows differ from the table"),
    ]
    return next((reason for failed, reason in checks if failed), None)
