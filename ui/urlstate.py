"""What a page shows, as URL query parameters and as widget values: pure conversions.

A search view is the query, the sort order and the sidebar filters; the URL carries only what
differs from the defaults (`?q=字节&type=deep_synthesis,algorithm&from=2024-01&lang=en`), so a
link reproduces the view. Values read from a URL are checked against what the index holds.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

from index.search import SORTS, Sort

# facet field -> (widget key, URL parameter); several values are comma-separated in the URL
FILTERS: Final = {
    "list_type": ("f_list_type", "type"),
    "role": ("f_role", "role"),
    "category": ("f_category", "category"),
    "province": ("f_province", "province"),
    "status": ("f_status", "status"),
}
BATCH_KEY: Final = "f_batch"
BATCH_PARAMS: Final = ("from", "to")
SEARCH_PARAMS: Final = ("q", "sort", *(p for _, p in FILTERS.values()), *BATCH_PARAMS)
COMPANY_PARAMS: Final = ("company",)
EMPTY_TOKEN: Final = "(none)"  # the empty value (a row without province or role) in a URL


@dataclass(frozen=True)
class SearchView:
    """The query, sort and sidebar filters of the search page."""

    query: str = ""
    sort: Sort = "relevance"
    chosen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> values
    batches: tuple[str, str] | None = None  # inclusive batch range; None: every batch


def scoped(params: Mapping[str, str], names: Sequence[str]) -> dict[str, str]:
    """The parameters among `names` (one page's), without the others."""
    return {name: params[name] for name in names if name in params}


def split_values(raw: str) -> list[str]:
    """Comma-separated URL values, the empty value spelt EMPTY_TOKEN."""
    parts = (part.strip() for part in raw.split(","))
    return [("" if part == EMPTY_TOKEN else part) for part in parts if part]


def join_values(values: Sequence[str]) -> str:
    """The inverse of split_values."""
    return ",".join(EMPTY_TOKEN if value == "" else value for value in values)


def batch_range(params: Mapping[str, str], batches: Sequence[str]) -> tuple[str, str] | None:
    """The from/to range of the URL, clamped to the index's batches; None for every batch."""
    if len(batches) < 2:
        return None
    low = params.get("from", batches[0])
    high = params.get("to", batches[-1])
    low = low if low in batches else batches[0]
    high = high if high in batches else batches[-1]
    low, high = sorted((low, high))
    return None if (low, high) == (batches[0], batches[-1]) else (low, high)


def view_from_params(
    params: Mapping[str, str], known: Mapping[str, Collection[str]], batches: Sequence[str]
) -> SearchView:
    """The view a URL asks for; filter values the index does not hold are dropped."""
    chosen = {
        facet: tuple(v for v in split_values(params.get(param, "")) if v in known.get(facet, ()))
        for facet, (_, param) in FILTERS.items()
    }
    sort = params.get("sort", "relevance")
    return SearchView(
        query=params.get("q", ""),
        sort=cast(Sort, sort) if sort in SORTS else "relevance",
        chosen={facet: values for facet, values in chosen.items() if values},
        batches=batch_range(params, batches),
    )


def params_from_view(view: SearchView) -> dict[str, str]:
    """The URL parameters of a view: only what differs from the defaults."""
    params = {"q": view.query} if view.query else {}
    if view.sort != "relevance":
        params["sort"] = view.sort
    for facet, (_, param) in FILTERS.items():
        if values := view.chosen.get(facet):
            params[param] = join_values(values)
    if view.batches:
        params |= dict(zip(BATCH_PARAMS, view.batches, strict=True))
    return params


def widgets_from_view(view: SearchView) -> dict[str, object]:
    """Values for the search page's widgets; the batch slider's only when the view narrows it."""
    values: dict[str, object] = {"q": view.query, "sort": view.sort}
    for facet, (key, _) in FILTERS.items():
        values[key] = list(view.chosen.get(facet, ()))
    if view.batches:
        values[BATCH_KEY] = view.batches
    return values


def view_from_widgets(state: Mapping[Any, Any], batches: Sequence[str]) -> SearchView:
    """The view the search page's widgets show (`state`: st.session_state, keyed by str or int;
    its sort is the sort selectbox's, one of SORTS)."""
    chosen = {facet: tuple(state.get(key) or ()) for facet, (key, _) in FILTERS.items()}
    picked = state.get(BATCH_KEY)
    ranged = isinstance(picked, tuple | list) and len(picked) == 2 and len(batches) >= 2
    span = (str(picked[0]), str(picked[1])) if ranged else None  # type: ignore[index]
    return SearchView(
        query=str(state.get("q") or ""),
        sort=cast(Sort, str(state.get("sort") or "relevance")),
        chosen={facet: values for facet, values in chosen.items() if values},
        batches=None if span == (batches[0], batches[-1]) else span,
    )
