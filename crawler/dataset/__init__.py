"""The analysts' dataset: pure functions over the filings table (DataFrames in and out).

enrich() adds the derived columns (normalization, filing-number decoding, history,
cancellations, renamed entities, row problems); remark_events() reads the events remarks record;
validate, reconcile, history and export work on its result. Each name is imported from its
submodule on first use, so importing one submodule (export, asof) does not load the others.
"""

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from crawler.dataset.enrich import enrich
    from crawler.dataset.events import remark_events, write_events
    from crawler.dataset.export import export_table, select_rows
    from crawler.dataset.history import appearances, first_seen
    from crawler.dataset.reconcile import reconciliation
    from crawler.dataset.validate import (
        MIN_ROW_RATIO,
        shrunken_attachments,
        validation_report,
    )

_SUBMODULE: Final = {
    "MIN_ROW_RATIO": "validate",
    "appearances": "history",
    "enrich": "enrich",
    "export_table": "export",
    "first_seen": "history",
    "reconciliation": "reconcile",
    "remark_events": "events",
    "select_rows": "export",
    "shrunken_attachments": "validate",
    "validation_report": "validate",
    "write_events": "events",
}

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


def __getattr__(name: str) -> Any:
    """A public name, imported from its submodule on first use."""
    if name not in _SUBMODULE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_SUBMODULE[name]}"), name)


class _Package(ModuleType):
    """This package; `enrich` stays the function when its namesake submodule is imported."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, ModuleType) and _SUBMODULE.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
