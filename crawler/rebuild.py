"""The table stage: rebuild the derived data from raw downloads (parse, enrich, validate, write
the table, sync the index)."""

import logging

from crawler.dataset import enrich, shrunken_attachments, validation_report
from crawler.dataset.validate import refusal_reason
from crawler.paths import DataPaths
from crawler.state import index_damaged, record_generation
from crawler.table import (
    TableResult,
    build_table,
    keep_previous_rows,
    notice_dates,
    read_manifest,
    read_table,
    write_table,
    write_validation,
)
from index.build import build_index, sync_index

logger = logging.getLogger(__name__)


class EmptyTableRefused(RuntimeError):
    """A build found no rows where the stored table has some; nothing was written."""

    def __init__(self, stored: int, paths: DataPaths) -> None:
        super().__init__(
            f"refused to replace the stored table of {stored} rows with an empty one: "
            f"{paths.manifest} lists no readable attachment; table and index are kept"
        )


def parse_stage(paths: DataPaths, *, use_cache: bool = True) -> TableResult:
    """Parse every stored attachment (canonical columns only), from the parse cache if allowed."""
    return build_table(paths, use_cache=use_cache)


def table_stage(
    result: TableResult, paths: DataPaths, *, accept_fewer: bool = False
) -> TableResult:
    """Refuse much worse parses (unless accept_fewer), keep stored rows, enrich, validate, write."""
    stored = read_table(paths)
    manifest = read_manifest(paths)
    parsed = result.parsed
    result.refused = [] if accept_fewer else shrunken_attachments(result.table, stored, parsed)
    result.errors += [{"url": r["url"], "reason": refusal_reason(r)} for r in result.refused]
    if result.errors:
        result.table = keep_previous_rows(result, stored)
    if result.table.empty and not stored.empty:
        raise EmptyTableRefused(len(stored), paths)
    result.table = enrich(result.table, notice_dates(manifest))
    result.report = validation_report(result.table, manifest)
    write_table(result.table, paths)
    write_validation(result, paths)
    return result


def rebuild(paths: DataPaths, *, accept_fewer: bool = False, full: bool = False) -> TableResult:
    """Parse raw -> enriched table (CSV, Parquet) -> Whoosh index.

    Attachments that fail to parse, or whose new parse has under MIN_ROW_RATIO of the stored
    rows, keep their stored rows; they are named in `.errors` (refusals also in `.refused`).
    `accept_fewer` takes every new parse, however short (once a list is known to have shrunk).
    Parses come from the parse cache and the index is synced (only changed rows rewritten);
    `full` parses every attachment afresh and builds the whole index (a damaged index is built
    whole too). Raises EmptyTableRefused (writing nothing) when the build finds no rows but the
    stored table has some. Ends by recording that table, manifest and index belong together
    (crawler.state).
    """
    result = table_stage(parse_stage(paths, use_cache=not full), paths, accept_fewer=accept_fewer)
    if full or index_damaged(paths):
        build_index(result.table, paths.index)
    else:
        synced = sync_index(result.table, paths.index)
        logger.info("Index synced: %s", synced)
    record_generation(paths, read_manifest(paths), len(result.table))
    return result
