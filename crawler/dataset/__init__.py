"""The analysts' dataset: pure functions over the filings table (DataFrames in and out).

enrich() adds the derived columns (normalization, filing-number decoding, history,
cancellations, renamed entities, row problems); remark_events() reads the events remarks record;
validate, reconcile, history and export work on its result.
"""

from crawler.dataset.enrich import enrich
from crawler.dataset.events import remark_events, write_events
from crawler.dataset.export import export_table, select_rows
from crawler.dataset.history import appearances, first_seen
from crawler.dataset.reconcile import reconciliation
from crawler.dataset.validate import MIN_ROW_RATIO, shrunken_attachments, validation_report

__all__ = [
    "MIN_ROW_RATIO",
    "appearances",
    "enrich",
    "export_table",
    "first_seen",
    "reconciliation",
    "remark_events",
    "select_rows",
    "shrunken_attachments",
    "validation_report",
    "write_events",
]
