"""What a page shows, as URL query parameters and as widget values: pure conversions.

A search view is the query, the sort order and the sidebar filters; the URL carries only what
differs from the defaults (`?q=字节&type=deep_synthesis,algorithm&from=2024-01&lang=en`), so a
link reproduces the view. Values read from a URL are checked against what the index holds:
a filter value may be spelt as in the query language (`type=genai`, `type=深度合成`,
`province=北京` or `beijing`, `status=注销`), a from/to range (months, or years: from=2024)
shows the stored batches inside it, and every part that is ignored or read otherwise than
written is returned as a `UrlNote`, so the page can say so.
"""

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, cast

from index.query import keyword_term
from index.schema import normalize_text
from index.search import SORTS, Sort
from ui.labels import LANGS

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
LANG_PARAM: Final = "lang"
EMPTY_TOKEN: Final = "(none)"  # the empty value (a row without province or role) in a URL
KEYWORD_FACETS: Final = frozenset({"list_type", "province", "status"})  # query-language values
MONTH: Final = re.compile(r"\d{4}-\d{2}")
YEAR: Final = re.compile(r"\d{4}")
NoteKind = Literal["unknown_param", "unknown_value", "bad_sort", "empty_range", "range", "read_as"]
WARNINGS: Final = frozenset({"unknown_param", "unknown_value", "bad_sort", "empty_range"})


@dataclass(frozen=True)
class SearchView:
    """The query, sort and sidebar filters of the search page."""

    query: str = ""
    sort: Sort = "relevance"
    chosen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> values
    batches: tuple[str, str] | None = None  # inclusive batch range; None: every batch


@dataclass(frozen=True)
class UrlNote:
    """A URL parameter the page ignored, or read otherwise than written (label key url_<kind>).

    `shown` holds what the page applies instead: the facet values a spelling stands for, or
    the first and last batch of a range.
    """

    kind: NoteKind
    param: str
    value: str
    facet: str = ""
    shown: tuple[str, ...] = ()

    @property
    def warning(self) -> bool:
        """Whether the part was dropped (a warning), not merely read otherwise (an info)."""
        return self.kind in WARNINGS


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
    """The from/to range of the URL as the stored batches inside it; None for every batch."""
    return read_batches(params, batches)[0]


def month_bound(name: str, raw: str) -> str | None:
    """A from/to bound as a month: YYYY-MM as it is, a year as its first (from) or last (to)
    month; None for anything else."""
    if MONTH.fullmatch(raw):
        return raw
    if YEAR.fullmatch(raw):
        return f"{raw}-01" if name == "from" else f"{raw}-12"
    return None


def read_batches(
    params: Mapping[str, str], batches: Sequence[str]
) -> tuple[tuple[str, str] | None, list[UrlNote]]:
    """The first and last stored batch inside the URL's from/to range (ordered), and notes on
    a bound that is not a month, a bound moved to a stored batch, or a range with none."""
    bounds = {
        name: (params[name], month_bound(name, params[name]))
        for name in BATCH_PARAMS
        if name in params
    }
    notes = [
        UrlNote("unknown_value", name, raw) for name, (raw, month) in bounds.items() if not month
    ]
    asked = {name: month for name, (_, month) in bounds.items() if month}
    if not asked or not batches:
        return None, notes
    low, high = sorted((asked.get("from", batches[0]), asked.get("to", batches[-1])))
    inside = [batch for batch in batches if low <= batch <= high]
    if not inside:
        return None, [*notes, UrlNote("empty_range", "from/to", f"{low}–{high}")]
    span = (inside[0], inside[-1])
    if any(v not in batches for v in asked.values()):
        notes.append(UrlNote("range", "from/to", f"{low}–{high}", shown=span))
    whole = len(batches) < 2 or span == (batches[0], batches[-1])
    return (None if whole else span), notes


def resolve(facet: str, raw: str, known: Collection[str]) -> tuple[str, ...]:
    """The index's values of `facet` a URL value stands for: itself when the index holds it,
    else as the query language reads it (type=genai, province=北京, status=注销), else the
    values containing it (category=个性化)."""
    if raw in known:
        return (raw,)
    wanted = normalize_text(raw)
    if not wanted:
        return ()
    if facet in KEYWORD_FACETS:
        term = keyword_term(facet, wanted)
        return tuple(v for v in known if v and term.accepts(v))
    return tuple(v for v in known if wanted in normalize_text(v))


def read_filter(
    facet: str, raw: str, known: Collection[str]
) -> tuple[tuple[str, ...], list[UrlNote]]:
    """The values one filter parameter chooses (in order, once each), and notes on the
    values dropped or read as other values."""
    param = FILTERS[facet][1]
    chosen: list[str] = []
    notes = []
    for asked in split_values(raw):
        found = resolve(facet, asked, sorted(known))
        if not found:
            notes.append(UrlNote("unknown_value", param, join_values([asked]), facet))
        elif found != (asked,):
            notes.append(UrlNote("read_as", param, asked, facet, found))
        chosen += [v for v in found if v not in chosen]
    return tuple(chosen), notes


def read_sort(params: Mapping[str, str]) -> tuple[Sort, list[UrlNote]]:
    """The URL's sort order; relevance, with a note, when it names none of SORTS."""
    sort = params.get("sort", "relevance")
    if sort in SORTS:
        return cast(Sort, sort), []
    return "relevance", [UrlNote("bad_sort", "sort", sort)]


def unknown_params(params: Mapping[str, str]) -> list[UrlNote]:
    """Notes on the parameters the search page does not know, and on a language it lacks."""
    notes = [
        UrlNote("unknown_param", name, v)
        for name, v in params.items()
        if name not in (*SEARCH_PARAMS, LANG_PARAM)
    ]
    if params.get(LANG_PARAM, LANGS[0]) not in LANGS:
        notes.append(UrlNote("unknown_param", LANG_PARAM, params[LANG_PARAM]))
    return notes


def read_url(
    params: Mapping[str, str], known: Mapping[str, Collection[str]], batches: Sequence[str]
) -> tuple["SearchView", tuple[UrlNote, ...]]:
    """The view a URL asks for, and a note on every part of it ignored or read otherwise."""
    notes = unknown_params(params)
    sort, sort_notes = read_sort(params)
    chosen = {}
    for facet, (_, param) in FILTERS.items():
        values, facet_notes = read_filter(facet, params.get(param, ""), known.get(facet, ()))
        chosen[facet], notes = values, notes + facet_notes
    span, batch_notes = read_batches(params, batches)
    view = SearchView(
        query=params.get("q", ""),
        sort=sort,
        chosen={facet: values for facet, values in chosen.items() if values},
        batches=span,
    )
    return view, (*notes, *sort_notes, *batch_notes)


def url_is_new(url: Mapping[str, str], published: Mapping[str, str] | None) -> bool:
    """Whether the URL brings something the page did not publish itself (a shared link)."""
    return published is None or dict(url) != dict(published)


def view_from_params(
    params: Mapping[str, str], known: Mapping[str, Collection[str]], batches: Sequence[str]
) -> SearchView:
    """The view a URL asks for; filter values the index does not hold are dropped."""
    return read_url(params, known, batches)[0]


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
