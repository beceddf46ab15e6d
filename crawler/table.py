"""Turn the raw downloads listed in the manifest into the one filings table."""

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from crawler.constants import COLUMNS, TABLE_COLUMNS
from crawler.dataset import enrich
from crawler.notices import list_type_hint
from crawler.parse_cache import cache_file, cached_parse, prune
from crawler.parsers import parse_document
from crawler.parsers.errors import ParseError
from crawler.paths import DataPaths
from crawler.storage import read_json, write_atomic, write_json_atomic

logger = logging.getLogger(__name__)

_SORT_KEYS = ["list_type", "batch", "attachment_url", "seq_number"]
VALIDATION_JSON = "validation.json"


@dataclass
class TableResult:
    """The rebuilt table, the attachments that failed, and what validation found.

    `errors` names every attachment whose new rows were not used: parse failures and, with a
    reason starting 'refused:', parses refused for having far fewer rows than the stored table
    (those are also in `refused`, with both counts). `report` is the per-batch validation.
    """

    table: pd.DataFrame
    errors: list[dict[str, str]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    report: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def complete(self) -> bool:
        """True when every attachment parsed and none was refused."""
        return not self.errors and not self.refused


def parse_entry(entry: dict[str, Any], paths: DataPaths, *, use_cache: bool = True) -> pd.DataFrame:
    """Parse one stored attachment (or take its cached parse) and add its provenance columns."""
    data = (paths.files / entry["path"]).read_bytes()
    frame = parse_through_cache(
        data, entry["url"], entry.get("content_type"), paths.parsed, use_cache=use_cache
    )
    list_type = list_type_hint(entry.get("family", ""))
    frame["list_type"] = frame["list_type"].replace("", list_type or "")
    frame["batch"] = entry.get("batch", "")
    frame["notice_url"] = entry.get("notice_url", "")
    frame["attachment_url"] = entry["url"]
    frame["attachment_sha256"] = entry.get("sha256", "")
    return frame.reindex(columns=list(COLUMNS), fill_value="")


def parse_through_cache(
    data: bytes, url: str, content_type: str | None, cache_dir: Path, *, use_cache: bool = True
) -> pd.DataFrame:
    """What the parsers make of an attachment's bytes (no list-type hint), via the parse cache."""
    path = cache_file(cache_dir, hashlib.sha256(data).hexdigest())
    parse = partial(parse_document, data, source=url, content_type=content_type or None)
    return cached_parse(path, parse, use_cache=use_cache)


def build_table(paths: DataPaths, *, use_cache: bool = True) -> TableResult:
    """Parse every attachment in the manifest into one table in canonical column order.

    Parses are taken from the parse cache when it holds them (unless not `use_cache`) and
    stored there otherwise; cached parses of bytes no longer in the manifest are removed.
    """
    frames, errors = [], []
    manifest = read_manifest(paths)
    for entry in manifest.values():
        try:
            frames.append(parse_entry(entry, paths, use_cache=use_cache))
        except (ParseError, OSError) as error:
            logger.error("Cannot parse %s: %s", entry["url"], error)
            errors.append({"url": entry["url"], "reason": str(error)})
    table = pd.concat(frames, ignore_index=True) if frames else empty_table()
    prune(paths.parsed, (entry.get("sha256", "") for entry in manifest.values()))
    return TableResult(sort_table(table), errors)


def keep_previous_rows(result: TableResult, previous: pd.DataFrame) -> pd.DataFrame:
    """Use the stored rows, not the new ones, of attachments that failed or were refused."""
    failed = {error["url"] for error in result.errors}
    fresh = result.table[~result.table["attachment_url"].isin(failed)]
    kept = previous[previous["attachment_url"].isin(failed)]
    return sort_table(pd.concat([fresh, kept], ignore_index=True))


def sort_table(table: pd.DataFrame) -> pd.DataFrame:
    """Stable order: list type, batch, attachment, then numeric 序号."""
    keyed = table.assign(seq_number=pd.to_numeric(table["seq"], errors="coerce"))
    ordered = keyed.sort_values(_SORT_KEYS, kind="stable", na_position="last")
    return ordered.drop(columns="seq_number").reset_index(drop=True)


def empty_table(columns: tuple[str, ...] = COLUMNS) -> pd.DataFrame:
    """A table with the given columns (the canonical ones by default) and no rows."""
    return pd.DataFrame({column: pd.Series(dtype="str") for column in columns})


def read_manifest(paths: DataPaths) -> dict[str, dict[str, Any]]:
    """The manifest: attachment URL -> what the crawl recorded about it."""
    return read_json(paths.manifest, {})


def notice_dates(manifest: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Notice URL -> publication date (ISO), from the manifest."""
    return {
        entry["notice_url"]: entry["published"]
        for entry in manifest.values()
        if entry.get("notice_url") and entry.get("published")
    }


def read_table(paths: DataPaths) -> pd.DataFrame:
    """The stored table, or an empty one when none was built yet."""
    if not paths.table_csv.exists():
        return empty_table(TABLE_COLUMNS)
    return pd.read_csv(paths.table_csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def read_full_table(paths: DataPaths) -> pd.DataFrame:
    """The stored table with every TABLE_COLUMN; a table stored before them is enriched now."""
    table = read_table(paths)
    if list(table.columns) == list(TABLE_COLUMNS):
        return table
    return enrich(table, notice_dates(read_manifest(paths)))


def write_table(table: pd.DataFrame, paths: DataPaths) -> None:
    """Write the table as CSV (UTF-8 with BOM, for Excel) and Parquet, each atomically."""
    write_atomic(paths.table_csv, lambda tmp: table.to_csv(tmp, index=False, encoding="utf-8-sig"))
    write_atomic(paths.table_parquet, lambda tmp: table.to_parquet(tmp, index=False))


def validation_path(paths: DataPaths) -> Path:
    """Where the last rebuild's validation report and refusals are kept."""
    return paths.processed / VALIDATION_JSON


def write_validation(result: TableResult, paths: DataPaths) -> None:
    """Keep the last rebuild's per-batch report and refusals (for `cacfilings validate`)."""
    report = result.report.astype(object).where(result.report.notna(), None)
    payload = {"report": report.to_dict(orient="records"), "refused": result.refused}
    write_json_atomic(validation_path(paths), payload)


def read_refusals(paths: DataPaths) -> list[dict[str, Any]]:
    """The attachments the last rebuild refused, [] when none or never built."""
    return read_json(validation_path(paths), {}).get("refused", [])
