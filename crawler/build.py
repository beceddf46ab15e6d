"""Rebuild the derived data (table, index) from the raw downloads."""

from crawler.paths import DataPaths
from crawler.table import TableResult, build_table, keep_previous_rows, read_table, write_table
from index.build import build_index


def rebuild(paths: DataPaths) -> TableResult:
    """Parse raw -> table (CSV, Parquet) -> Whoosh index; failed attachments keep old rows."""
    result = build_table(paths)
    if result.errors:
        result.table = keep_previous_rows(result, read_table(paths))
    write_table(result.table, paths)
    build_index(result.table, paths.index)
    return result
