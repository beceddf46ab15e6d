"""Turn the raw downloads listed in the manifest into the one filings table."""

import logging
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from crawler.constants import COLUMNS
from crawler.parsers import parse_document
from crawler.parsers.errors import ParseError
from crawler.paths import DataPaths
from crawler.storage import read_json, write_atomic

logger = logging.getLogger(__name__)

_SORT_KEYS = ["list_type", "batch", "attachment_url", "seq_number"]


@dataclass
class TableResult:
    """The rebuilt table and the attachments that could not be parsed."""

    table: pd.DataFrame
    errors: list[dict[str, str]] = field(default_factory=list)


def parse_entry(entry: dict[str, Any], paths: DataPaths) -> pd.DataFrame:
    """Parse one stored attachment and add its provenance columns."""
    data = (paths.files / entry["path"]).read_bytes()
    list_type = _list_type_hint(entry.get("family", ""))
    frame = parse_document(
        data, source=entry["url"], list_type=list_type, content_type=entry.get("content_type")
    )
    frame["list_type"] = frame["list_type"].replace("", list_type or "")
    frame["batch"] = entry.get("batch", "")
    frame["notice_url"] = entry.get("notice_url", "")
    frame["attachment_url"] = entry["url"]
    frame["attachment_sha256"] = entry.get("sha256", "")
    return frame.reindex(columns=list(COLUMNS), fill_value="")


def build_table(paths: DataPaths) -> TableResult:
    """Parse every attachment in the manifest into one table in canonical column order."""
    frames, errors = [], []
    for entry in read_json(paths.manifest, {}).values():
        try:
            frames.append(parse_entry(entry, paths))
        except (ParseError, OSError) as error:
            logger.error("Cannot parse %s: %s", entry["url"], error)
            errors.append({"url": entry["url"], "reason": str(error)})
    table = pd.concat(frames, ignore_index=True) if frames else empty_table()
    return TableResult(sort_table(table), errors)


def keep_previous_rows(result: TableResult, previous: pd.DataFrame) -> pd.DataFrame:
    """Carry over the stored rows of attachments that failed to parse this time."""
    failed = {error["url"] for error in result.errors}
    kept = previous[previous["attachment_url"].isin(failed)]
    return sort_table(pd.concat([result.table, kept], ignore_index=True))


def sort_table(table: pd.DataFrame) -> pd.DataFrame:
    """Stable order: list type, batch, attachment, then numeric 序号."""
    keyed = table.assign(seq_number=pd.to_numeric(table["seq"], errors="coerce"))
    ordered = keyed.sort_values(_SORT_KEYS, kind="stable", na_position="last")
    return ordered.drop(columns="seq_number").reset_index(drop=True)


def empty_table() -> pd.DataFrame:
    """A table with the canonical columns and no rows."""
    return pd.DataFrame({column: pd.Series(dtype="str") for column in COLUMNS})


def read_table(paths: DataPaths) -> pd.DataFrame:
    """The stored table, or an empty one when none was built yet."""
    if not paths.table_csv.exists():
        return empty_table()
    return pd.read_csv(paths.table_csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def write_table(table: pd.DataFrame, paths: DataPaths) -> None:
    """Write the table as CSV (UTF-8 with BOM, for Excel) and Parquet, each atomically."""
    write_atomic(paths.table_csv, lambda tmp: table.to_csv(tmp, index=False, encoding="utf-8-sig"))
    write_atomic(paths.table_parquet, lambda tmp: table.to_parquet(tmp, index=False))


def _list_type_hint(family: str) -> str | None:
    """The list type a family implies; generative-AI PDFs say theirs per section."""
    return None if family == "genai" else (family or None)
