"""The one search path shared by the CLI and the UI.

`find(index, query, ...)` returns a SearchResult: the page of rows (TABLE_COLUMNS, row_key,
score), the total, facet counts over all matches, a message when the query was malformed, and
highlights on demand. `search(...)` is the same search returning only the rows. The query
language is described in index/query.py; evaluation and ranking in index/engine.py.
"""

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, TypeGuard

import numpy as np
import pandas as pd

from crawler.constants import TABLE_COLUMNS
from index.aliases import Aliases, load_aliases
from index.build import IndexMissingError, index_version, open_index
from index.engine import SearchIndex, evaluate
from index.highlight import row_marks
from index.notices import Notice
from index.query import (
    AllOf,
    FilingTerm,
    KeywordTerm,
    Node,
    ParsedQuery,
    TextTerm,
    parse_query,
)
from index.rank import score
from index.rows import ROW_KEY
from index.schema import normalize_text

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


@dataclass(frozen=True)
class SearchResult:
    """One search: a page of rows, best first, and facts about all matches."""

    query: str
    rows: pd.DataFrame  # RESULT_COLUMNS, at most `limit` rows from `offset`
    total: int  # all matching rows
    facets: dict[str, dict[str, int]]  # field -> value -> rows among all matches
    message: str | None = None  # set when the query was malformed and read as plain words
    sort: str = "relevance"
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # alias -> entities
    needles: tuple[str, ...] = ()  # normalised strings the rows matched
    prefixes: tuple[str, ...] = ()  # filing-number prefixes the rows matched
    notices: tuple[Notice, ...] = ()  # what the user should know about the query (describe())

    def highlights(self, pre: str = "<mark>", post: str = "</mark>") -> list[dict[str, str]]:
        """Per row, the fields that matched with the matches wrapped in pre/post."""
        entities = frozenset(e for group in self.aliases.values() for e in group)
        records = self.rows.to_dict("records")
        texts, prefixes = list(self.needles), list(self.prefixes)
        return [row_marks(row, texts, prefixes, entities, pre, post) for row in records]

    def highlighted(self, pre: str = "<mark>", post: str = "</mark>") -> pd.DataFrame:
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


def _filters(company: str | None, list_type: str | None, aliases: Aliases) -> list[Node]:
    """The company (substring or alias) and exact list-type filters of options and widgets."""
    nodes: list[Node] = []
    if list_type:
        nodes.append(KeywordTerm("list_type", list_type, "exact"))
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


def _frame(ix: SearchIndex, page: np.ndarray, scores: np.ndarray) -> pd.DataFrame:
    """The page's rows (a fresh frame) with their scores."""
    frame = ix.rows.frame.iloc[page]
    frame.index = pd.RangeIndex(len(page))
    frame.insert(frame.shape[1], "score", scores.astype(float))
    return frame


def find(
    index: Path | str | SearchIndex,
    query: str = "",
    *,
    company: str | None = None,
    list_type: str | None = None,
    sort: Sort = "relevance",
    limit: int | None = None,
    offset: int = 0,
    facets: tuple[str, ...] = FACET_FIELDS,
    aliases: Aliases | Path | str | None = None,
) -> SearchResult:
    """Search `index` (a directory or an opened SearchIndex); see index/query.py for `query`."""
    _check(sort, facets)
    ix, known = _index(index), _aliases(aliases)
    parsed = parse_query(query or "", known)
    filters = _filters(company, list_type, known)
    positions = evaluate(ix, _with_filters(parsed, filters))
    terms = parsed.positive_terms + [node for node in filters if isinstance(node, TextTerm)]
    window = slice(offset, None if limit is None else offset + limit)
    page, page_scores = _page(ix, terms, positions, sort, window)
    return SearchResult(
        query=query,
        rows=_frame(ix, page, page_scores),
        total=len(positions),
        facets={name: ix.rows.counts(name, positions) for name in facets},
        message=parsed.message,
        sort=sort,
        aliases=parsed.aliases | {t.text: t.entities for t in filters if _expanded(t)},
        needles=tuple(t.text for t in terms if isinstance(t, TextTerm)),
        prefixes=tuple(t.prefix for t in terms if isinstance(t, FilingTerm)),
    )


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
    list_type: str | None = None,
    sort: Sort = "relevance",
    limit: int | None = None,
) -> pd.DataFrame:
    """The rows `find` returns: RESULT_COLUMNS, best first."""
    result = find(index, query, company=company, list_type=list_type, sort=sort, limit=limit)
    return result.rows
