"""The sidebar filters over a search's rows, and their counts: pure functions over DataFrames.

Within one facet the chosen values are alternatives (OR); different facets and the batch range
narrow each other (AND). A facet's counts are taken over the rows that pass every *other*
filter, so each count says how many rows choosing that value would add; with no filter set
they equal the search result's own facets.
"""

from collections.abc import Sequence
from typing import Final

import pandas as pd

from ui.urlstate import FILTERS, SearchView

FACETS: Final = tuple(FILTERS)
BATCH: Final = "batch"


def facet_values(rows: pd.DataFrame, facet: str) -> pd.Series:
    """The value each row counts under; a row without province counts under its 属地."""
    if facet == "province":
        return rows["province"].where(rows["province"] != "", rows["jurisdiction"])
    return rows[facet]


def passes(rows: pd.DataFrame, view: SearchView) -> dict[str, pd.Series]:
    """Per filter that is set (facets and BATCH), which rows pass it."""
    tests = {facet: facet_values(rows, facet).isin(values) for facet, values in view.chosen.items()}
    if view.batches:
        low, high = view.batches
        tests[BATCH] = (rows["batch"] >= low) & (rows["batch"] <= high)
    return tests


def passing(rows: pd.DataFrame, tests: dict[str, pd.Series], skip: str = "") -> pd.Series:
    """Rows passing every test but `skip`'s."""
    keep = pd.Series(True, index=rows.index)
    for name, test in tests.items():
        if name != skip:
            keep &= test
    return keep


def apply_view(rows: pd.DataFrame, view: SearchView) -> pd.DataFrame:
    """The rows that pass every filter of `view`, in their order."""
    return rows[passing(rows, passes(rows, view))].reset_index(drop=True)


def tally(values: pd.Series) -> dict[str, int]:
    """Rows per value, most frequent first, then by value (as the index orders facets)."""
    counts = values.value_counts()
    order = sorted(counts.index, key=lambda value: (-counts[value], value))
    return {str(value): int(counts[value]) for value in order}


def facet_counts(rows: pd.DataFrame, view: SearchView) -> dict[str, dict[str, int]]:
    """Per facet (and BATCH), rows per value among the rows passing the other filters."""
    tests = passes(rows, view)
    return {
        facet: tally(facet_values(rows, facet)[passing(rows, tests, skip=facet)])
        for facet in (*FACETS, BATCH)
    }


def options(counts: dict[str, int], chosen: Sequence[str]) -> list[str]:
    """The values with rows, most first, then chosen values without rows (kept selectable)."""
    return [*counts, *(value for value in chosen if value not in counts)]
