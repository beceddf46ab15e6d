"""The one search path shared by the CLI and the UI.

`find(index, query, ...)` returns a SearchResult: the page of rows (TABLE_COLUMNS, row_key,
score) as dicts (`records`) and as a DataFrame (`rows`, built when first read, so a caller that
reads only records never loads pandas), the total, facet counts over all matches, notices on how
the query was read (worded by index.notices.describe; `message` is the English text of the
warnings), and highlights on demand. `search(...)` is the same search returning only the rows.
The query language is described in index/query.py; evaluation and ranking in index/engine.py.
"""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeGuard, TypeVar

import numpy as np

from crawler.constants import TABLE_COLUMNS
from index.aliases import Aliases, load_aliases
from index.build import IndexMissingError, index_version, open_index
from index.engine import SearchIndex, evaluate
from index.glossary import Glossary, load_glossary
from index.highlight import row_marks
from index.notices import Notice, unique, warning_text
from index.query import (
    AllOf,
    AnyOf,
    FilingTerm,
    KeywordTerm,
    Node,
    ParsedQuery,
    TextTerm,
    alias_notice,
    parse_query,
)
from index.rank import score
from index.rows import ROW_KEY, SHOWN_COLUMNS, Record
from index.schema import normalize_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FACET_FIELDS",
    "SORTS",
    "IndexMissingError",
    "SearchIndex",
    "SearchResult",
    "find",
    "open_index",
    "parse_query",
    "search",
]

Sort = Literal["relevance", "date", "date_asc"]
SORTS: Final = ("relevance", "date", "date_asc")
FACET_FIELDS: Final = ("list_type", "role", "category", "province", "batch")
ALL_FACETS: Final = (*FACET_FIELDS, "filing_year", "status")
RESULT_COLUMNS: Final = [*TABLE_COLUMNS, ROW_KEY, "score"]
T = TypeVar("T")


class Derived(Generic[T]):
    """A dataclass field that, given None, is `derive(instance)` from its first read on."""

    def __init__(self, derive: Callable[[Any], T]) -> None:
        self.derive = derive

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, instance: object, owner: type | None = None) -> T:
        if instance is None:
            return None  # type: ignore[return-value]  # the dataclass field's default
        value = instance.__dict__.get(self.slot)
        if value is None:
            value = instance.__dict__[self.slot] = self.derive(instance)
        return value

    def __set__(self, instance: object, value: T | None) -> None:
        instance.__dict__[self.slot] = value

    @staticmethod
    def given(instance: object, name: str) -> Any:
        """The value the field `name` of `instance` was given (None: it is to be derived)."""
        return instance.__dict__.get(f"_{name}")


def _frame_of(result: "SearchResult") -> "pd.DataFrame":
    """The records of a result as a DataFrame: RESULT_COLUMNS, objects, and a float score."""
    import pandas as pd

    records = result.records
    cells = {name: [record[name] for record in records] for name in SHOWN_COLUMNS}
    frame = pd.DataFrame(cells, columns=list(SHOWN_COLUMNS), dtype=object)
    frame.insert(frame.shape[1], "score", np.array([r["score"] for r in records], dtype=float))
    return frame


def _records_of(result: "SearchResult") -> list[Record]:
    """The rows of a result given as a DataFrame, one dict per row."""
    frame = Derived.given(result, "rows")
    return [] if frame is None else list(frame.to_dict("records"))


@dataclass(frozen=True)
class SearchResult:
    """One search: a page of rows, best first, and facts about all matches.

    `records` are the page's rows as dicts (RESULT_COLUMNS), for callers that need no pandas;
    `rows` is the same page as a DataFrame, built on first read.
    """

    query: str
    rows: Derived["pd.DataFrame"] = Derived(_frame_of)  # RESULT_COLUMNS, at most `limit` rows
    total: int = 0  # all matching rows
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # field -> value -> rows
    message: str | None = None  # the English text of the warning notices
    sort: str = "relevance"
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # alias -> entities
    needles: tuple[str, ...] = ()  # normalised strings the rows matched
    prefixes: tuple[str, ...] = ()  # filing-number prefixes the rows matched
    notices: tuple[Notice, ...] = ()  # what the user should know about the query (describe())
    records: Derived[list[Record]] = Derived(_records_of)  # the page's rows, one dict each

    def highlights(self, pre: str = "<mark>", post: str = "</mark>") -> list[dict[str, str]]:
        """Per row, the fields that matched with the matches wrapped in pre/post."""
        entities = frozenset(e for group in self.aliases.values() for e in group)
        texts, prefixes = list(self.needles), list(self.prefixes)
        return [row_marks(row, texts, prefixes, entities, pre, post) for row in self.records]

    def highlighted(self, pre: str = "<mark>", post: str = "</mark>") -> "pd.DataFrame":
        """The rows with matched fields replaced by their marked text."""
        frame = self.rows.copy()
        for i, marks in enumerate(self.highlights(pre, post)):
            for column, text in marks.items():
                frame.iat[i, frame.columns.get_loc(column)] = text
        return frame


_OPENED: dict[Path, SearchIndex] = {}
_OPENING = threading.Lock()


def _index(where: Path | str | SearchIndex) -> SearchIndex:
    """An opened index; a path reuses the open generation until a new one is published."""
    if isinstance(where, SearchIndex):
        return where
    path = Path(where).resolve()
    with _OPENING:
        opened = _OPENED.get(path)
        if opened is None or opened.generation != index_version(path):
            opened = _OPENED[path] = open_index(path)
        return opened


def _aliases(aliases: Aliases | Path | str | None) -> Aliases:
    return aliases if isinstance(aliases, Aliases) else load_aliases(aliases)


def _glossary(glossary: Glossary | Path | str | None) -> Glossary:
    return glossary if isinstance(glossary, Glossary) else load_glossary(glossary)


ListTypes = str | Sequence[str] | None  # one list type, any of several, or every one


def _filters(company: str | None, list_type: ListTypes, aliases: Aliases) -> list[Node]:
    """The company (substring or alias) and exact list-type filters of options and widgets."""
    nodes: list[Node] = []
    wanted = (list_type,) if isinstance(list_type, str) else tuple(list_type or ())
    if kinds := [KeywordTerm("list_type", name, "exact") for name in wanted if name]:
        nodes.append(kinds[0] if len(kinds) == 1 else AnyOf(tuple(kinds)))
    if text := normalize_text(company or ""):
        nodes.append(TextTerm(text, ("company",), aliases.entities(text)))
    return nodes


def _with_filters(parsed: ParsedQuery, filters: list[Node]) -> Node | None:
    nodes = [node for node in (parsed.node, *filters) if node is not None]
    return AllOf(tuple(nodes)) if len(nodes) > 1 else (nodes[0] if nodes else None)


def _page(
    ix: SearchIndex, terms: list[TextTerm | FilingTerm], positions: np.ndarray, sort: str,
    window: slice,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """The `window` of rows in `sort` order, and their scores.

    Relevance scores every match (score, then table order); date order (batch, then
    filing_date) needs no scores to sort, so only the rows shown are scored.
    """
    if sort == "relevance":
        scores = score(ix, terms, positions)
        order = np.lexsort((positions, -scores))[window]
        return positions[order], scores[order]
    page = positions[np.argsort(ix.rows.date_rank[sort][positions], kind="stable")][window]
    return page, score(ix, terms, page)


def _records(ix: SearchIndex, page: np.ndarray, scores: np.ndarray) -> list[Record]:
    """The page's rows (fresh dicts) with their scores."""
    records = ix.rows.records(page)
    for record, value in zip(records, scores.astype(float).tolist(), strict=True):
        record["score"] = value
    return records


def find(
    index: Path | str | SearchIndex,
    query: str = "",
    *,
    company: str | None = None,
    list_type: ListTypes = None,
    sort: Sort = "relevance",
    limit: int | None = None,
    offset: int = 0,
    facets: tuple[str, ...] = FACET_FIELDS,
    aliases: Aliases | Path | str | None = None,
    glossary: Glossary | Path | str | None = None,
) -> SearchResult:
    """Search `index` (a directory or an opened SearchIndex); see index/query.py for `query`."""
    _check(sort, facets)
    ix, known = _index(index), _aliases(aliases)
    parsed = parse_query(query or "", known, _glossary(glossary))
    filters = _filters(company, list_type, known)
    positions = evaluate(ix, _with_filters(parsed, filters))
    terms = parsed.positive_terms + [node for node in filters if isinstance(node, TextTerm)]
    window = slice(offset, None if limit is None else offset + limit)
    page, page_scores = _page(ix, terms, positions, sort, window)
    notices = _notices(parsed, filters)
    return SearchResult(
        query=query,
        records=_records(ix, page, page_scores),
        total=len(positions),
        facets={name: ix.rows.counts(name, positions) for name in facets},
        message=warning_text(notices),
        sort=sort,
        aliases=parsed.aliases | {t.text: t.entities for t in filters if _expanded(t)},
        needles=_needles(terms),
        prefixes=tuple(t.prefix for t in terms if isinstance(t, FilingTerm)),
        notices=notices,
    )


def _notices(parsed: ParsedQuery, filters: list[Node]) -> tuple[Notice, ...]:
    """The query's notices, warnings first, then the aliases the company filter used."""
    used = [alias_notice(t.text, t.entities) for t in filters if _expanded(t)]
    ordered = sorted(parsed.notices, key=lambda notice: not notice.is_warning)
    return unique([*ordered, *used])


def _needles(terms: list[TextTerm | FilingTerm]) -> tuple[str, ...]:
    """What the rows matched: term texts (glossary words included) and alias entities."""
    texts = [t.text for t in terms if isinstance(t, TextTerm)]
    entities = [e for t in terms if isinstance(t, TextTerm) for e in t.entities]
    return tuple(dict.fromkeys([*texts, *entities]))


def _expanded(node: Node) -> TypeGuard[TextTerm]:
    return isinstance(node, TextTerm) and bool(node.entities)


def _check(sort: str, facets: tuple[str, ...]) -> None:
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
    if unknown := set(facets) - set(ALL_FACETS):
        raise ValueError(f"no facet {sorted(unknown)}; facets are {ALL_FACETS}")


def search(
    index: Path | str | SearchIndex,
    query: str = "",
    *,
    company: str | None = None,
    list_type: ListTypes = None,
    sort: Sort = "relevance",
    limit: int | None = None,
) -> "pd.DataFrame":
    """The rows `find` returns: RESULT_COLUMNS, best first."""
    result = find(index, query, company=company, list_type=list_type, sort=sort, limit=limit)
    return result.rows
