"""Evaluate a parsed query on an opened index generation: candidates, exact verification, rank.

Sets of rows are sorted numpy arrays of row-store positions. A text term asks Whoosh for the
postings of its rarest n-gram (one lookup per field) when that term is selective, and otherwise
scans: reading a posting costs about seven times as much as testing one row, so for a term in
more than BROAD of the rows a scan of the in-memory text is cheaper. Either way every candidate
is verified against the exact normalised text, so results are exact substring matches. Keyword
terms, aliases, filing-number prefixes and the few-valued text fields (role, category, scenario)
are answered from the row store's columns alone.
"""

import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from whoosh import index as whoosh_index

from index.query import AllOf, AnyOf, FilingTerm, KeywordTerm, Node, NotOf, TextTerm
from index.rows import ROW_KEY, SEP, RowStore, contains, open_rows
from index.schema import CODED_TEXT_FIELDS, Gram, normalize_text, query_grams

BROAD: Final = 0.15  # share of rows above which a scan beats reading postings
SMALL: Final = 2000  # a candidate set this small is verified directly, without postings
MAX_EXPANSION: Final = 64  # a Latin prefix matching more index terms than this is scanned
Positions = np.ndarray
Fetch = Callable[[], Positions]


class SearchIndex:
    """One opened generation: its Whoosh reader and row store, shared by all searches."""

    def __init__(self, directory: Path, generation: str) -> None:
        self.directory, self.generation = Path(directory), generation
        self.rows = RowStore(open_rows(self.directory))
        self._reader = whoosh_index.open_dir(str(self.directory), readonly=True).reader()
        self._lock = threading.Lock()  # Whoosh file reads are not thread-safe

    def doc_count(self) -> int:
        """Rows in this generation."""
        return self.rows.size

    @functools.cached_property
    def _key_positions(self) -> dict[str, int]:
        """Row-store position of each row key."""
        return {key: position for position, key in enumerate(self.rows.column(ROW_KEY))}

    @functools.cached_property
    def _keys(self) -> Sequence[str]:
        """The row key of each Whoosh docnum (read with the lock held)."""
        return self._reader.column_reader(ROW_KEY)

    def _positions(self, docnums: list[int]) -> Positions:
        """Row-store positions of live Whoosh docnums (-1 for a key the rows lack); locked."""
        if not docnums:
            return np.empty(0, np.int64)
        keys, where = self._keys, self._key_positions
        return np.fromiter((where.get(keys[doc], -1) for doc in docnums), np.int64, len(docnums))

    def frequency(self, field: str, gram: Gram) -> int | None:
        """Documents holding `gram` in `field`; None for a prefix too broad to expand."""
        with self._lock:
            if not gram.prefix:
                return self._reader.doc_frequency(field, gram.text)
            terms = self._expand(field, gram.text)
            if terms is None:
                return None
            return sum(self._reader.doc_frequency(field, term) for term in terms)

    def _expand(self, field: str, prefix: str) -> list[str] | None:
        terms = []
        for term in self._reader.expand_prefix(field, prefix):
            terms.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            if len(terms) > MAX_EXPANSION:
                return None
        return terms

    def postings(self, field: str, gram: Gram) -> Positions:
        """Sorted positions of rows whose `field` holds `gram` (exact, or as a prefix)."""
        with self._lock:
            terms = self._expand(field, gram.text) if gram.prefix else [gram.text]
            docs = [doc for t in terms or () if (field, t) in self._reader
                    for doc in self._reader.postings(field, t).all_ids()]  # fmt: skip
            found = self._positions(docs)  # postings skip deleted documents
        return np.unique(found[found >= 0])

    def close(self) -> None:
        """Close the Whoosh reader and the rows file."""
        self._reader.close()
        self.rows.close()


def evaluate(ix: SearchIndex, node: Node | None, within: Positions | None = None) -> Positions:
    """Sorted positions of the rows matching `node` (among `within`, else among all rows)."""
    if node is None:
        return np.arange(ix.rows.size) if within is None else within
    if isinstance(node, TextTerm):
        return _text(ix, node, within)
    if isinstance(node, KeywordTerm):
        return _restrict(ix.rows.coded(node.field, node.accepts), within)
    if isinstance(node, FilingTerm):
        return _restrict(ix.rows.filing_prefix(node.prefix), within)
    if isinstance(node, AllOf):
        return _all_of(ix, node, within)
    if isinstance(node, AnyOf):
        found = [evaluate(ix, child, within) for child in node.children]
        return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)
    base = evaluate(ix, None, within)
    return np.setdiff1d(base, evaluate(ix, node.child, base), assume_unique=True)


def _restrict(found: Positions, within: Positions | None) -> Positions:
    return found if within is None else np.intersect1d(found, within, assume_unique=True)


def _cost(node: Node) -> tuple[int, int]:
    """Evaluation order within AND: column tests first, then longer (rarer) strings."""
    if isinstance(node, KeywordTerm | FilingTerm):
        return (0, 0)
    if isinstance(node, TextTerm):
        return (1, -len(node.text))
    return (2, 0) if not isinstance(node, NotOf) else (3, 0)


def _all_of(ix: SearchIndex, node: AllOf, within: Positions | None) -> Positions:
    for child in sorted(node.children, key=_cost):
        within = evaluate(ix, child, within)
        if len(within) == 0:
            break
    return evaluate(ix, None, within)


@dataclass(frozen=True)
class FieldPlan:
    """How one field of a text term is searched: estimated rows, and how to fetch them."""

    field: str
    count: int  # rows holding the field's rarest gram: an upper bound (size when unknown)
    fetch: Fetch | None  # reads those rows from the index; None when only a scan can tell


def plan(ix: SearchIndex, term: TextTerm) -> list[FieldPlan]:
    """Plans for the fields of `term` that may hold it (a field whose gram is absent drops)."""
    plans = (_field_plan(ix, field, term.text) for field in term.fields)
    return [found for found in plans if found.count]


def _field_plan(ix: SearchIndex, field: str, text: str) -> FieldPlan:
    if field in CODED_TEXT_FIELDS:
        found = ix.rows.coded(field, lambda label: text in normalize_text(label))
        return FieldPlan(field, len(found), lambda: found)
    if field == "filing":
        if " " in text:  # filing words hold no spaces
            return FieldPlan(field, 0, None)
        index_field, grams = "filing_text", [Gram(text, prefix=True)]
    else:
        index_field, grams = field, query_grams(text)
    gram, count = _rarest(ix, index_field, grams)
    if gram is None:
        return FieldPlan(field, ix.rows.size, None)
    return FieldPlan(field, count, functools.partial(ix.postings, index_field, gram))


def _rarest(ix: SearchIndex, field: str, grams: list[Gram]) -> tuple[Gram | None, int]:
    """The gram with the fewest documents (None when none can be looked up)."""
    counts = [(ix.frequency(field, gram), gram) for gram in grams]
    known = [(count, gram) for count, gram in counts if count is not None]
    if not known:
        return None, 0
    count, gram = min(known, key=lambda pair: pair[0])
    return gram, count


def _text(ix: SearchIndex, term: TextTerm, within: Positions | None) -> Positions:
    """Rows containing the term (verified), plus the rows of its alias entities."""
    plans = plan(ix, term)
    pool = within
    if pool is None or len(pool) > SMALL:
        pool = _restrict_optional(_candidates(ix, plans), within)
    found = _verify(ix.rows, term.text, [p.field for p in plans], pool)
    if term.entities:
        accept = frozenset(term.entities).__contains__
        found = np.union1d(found, _restrict(ix.rows.coded("company", accept), within))
    return found


def _restrict_optional(found: Positions | None, within: Positions | None) -> Positions | None:
    return within if found is None else _restrict(found, within)


def _candidates(ix: SearchIndex, plans: list[FieldPlan]) -> Positions | None:
    """Rows that may contain the term, from postings; None when a scan is cheaper."""
    if any(p.fetch is None for p in plans) or sum(p.count for p in plans) > BROAD * ix.rows.size:
        return None
    found = [p.fetch() for p in plans]  # type: ignore[misc]
    return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)


def _verify(rows: RowStore, text: str, fields: list[str], pool: Positions | None) -> Positions:
    """The positions in `pool` (None: all rows) whose `fields` really contain `text`."""
    size = rows.size if pool is None else len(pool)
    hit = np.zeros(size, dtype=bool)
    text_fields = [field for field in fields if field != "filing"]
    if len(text_fields) > 2:  # one pass over the joined text beats several
        text_fields = ["plain"]
    for field in text_fields:
        hit |= contains(rows.hay[field], text, pool)
    if "filing" in fields:
        hit |= contains(rows.filing_words, SEP + text, pool)
    return np.flatnonzero(hit) if pool is None else pool[hit]
