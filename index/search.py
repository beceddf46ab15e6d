"""The one search path shared by the CLI and the UI.

A query is plain words (AND-ed, each found in any of name, company, product, purpose, role,
filing_no), optionally `field:word` for one of those fields and `"quoted phrases"`. A word
that looks like a filing number (网信算备… or Beijing-YunQue-2023…) matches filing_no whole
or by prefix. Whoosh narrows the candidates with n-gram phrases; a post-filter then keeps
only rows that really contain every query string, so n-grams never yield false positives.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd
from whoosh.index import Index
from whoosh.query import And, Every, Or, Phrase, Prefix, Query, Term

from crawler.constants import COLUMNS
from index.build import IndexMissingError, open_index
from index.schema import (
    SEARCH_FIELDS,
    TEXT_FIELDS,
    is_cjk,
    normalize_filing_no,
    normalize_text,
    query_tokens,
)

__all__ = ["IndexMissingError", "parse_query", "search"]

FILING_FIELD: Final = "filing_no"
_FILING_NO: Final = re.compile(r"^(网信算备[\w-]*|[a-z]+-[a-z][a-z0-9]*-\d[\w-]*)$")
_TERM: Final = re.compile(r'(?:(?P<field>[a-z_]+):)?(?:"(?P<quoted>[^"]*)"|(?P<bare>\S+))')
_FIELD_PREFIXES: Final = frozenset({*TEXT_FIELDS, FILING_FIELD})


@dataclass(frozen=True)
class QueryTerm:
    """One normalised query string and the fields it must occur in (any of them)."""

    text: str
    fields: tuple[str, ...]

    @property
    def is_filing_no(self) -> bool:
        return self.fields == (FILING_FIELD,)


def looks_like_filing_no(text: str) -> bool:
    """Whether `text` is (a prefix of) a filing number such as 网信算备11010… or Beijing-X-2023…."""
    return _FILING_NO.match(normalize_filing_no(text)) is not None


def _make_term(text: str, field: str | None = None) -> QueryTerm | None:
    """A QueryTerm for `text`, restricted to `field` when given; None when blank."""
    norm = normalize_text(text).strip()
    if not norm:
        return None
    if field == FILING_FIELD or (field is None and looks_like_filing_no(norm)):
        return QueryTerm(normalize_filing_no(norm), (FILING_FIELD,))
    return QueryTerm(norm, (field,) if field else SEARCH_FIELDS)


def _plain_terms(query: str) -> list[QueryTerm]:
    """Whitespace-separated words, with no syntax at all."""
    terms = (_make_term(word) for word in query.replace('"', " ").split())
    return [term for term in terms if term]


def parse_query(query: str) -> list[QueryTerm]:
    """Split a query into terms; malformed syntax falls back to plain words."""
    if query.count('"') % 2:
        return _plain_terms(query)
    terms = []
    for match in _TERM.finditer(query):
        field, text = match["field"], match["quoted"] or match["bare"] or ""
        if field and field not in _FIELD_PREFIXES:
            field, text = None, match[0]
        terms.append(_make_term(text, field))
    return [term for term in terms if term]


def _field_query(field: str, tokens: list[str]) -> Query:
    """Match `tokens` in one field: a phrase, one exact n-gram, or a word prefix."""
    if not tokens:
        return Every()
    if len(tokens) > 1:
        return Phrase(field, tokens)
    return Term(field, tokens[0]) if is_cjk(tokens[0]) else Prefix(field, tokens[0])


def _term_query(term: QueryTerm) -> Query:
    if term.is_filing_no:
        return Prefix(FILING_FIELD, term.text)
    tokens = query_tokens(term.text)
    return Or([_field_query(field, tokens) for field in term.fields])


def _whoosh_query(terms: list[QueryTerm]) -> Query:
    return And([_term_query(term) for term in terms]) if terms else Every()


def _row_matches(row: dict[str, str], term: QueryTerm) -> bool:
    """Whether a stored row really contains `term` (exact substring, or filing-no prefix)."""
    if term.is_filing_no:
        return normalize_filing_no(row.get(FILING_FIELD, "")).startswith(term.text)
    fields = (FILING_FIELD if field == "filing_text" else field for field in term.fields)
    return any(term.text in normalize_text(row.get(field, "")) for field in fields)


def _candidates(ix: Index, query: Query, list_type: str | None) -> list[dict[str, str]]:
    """Stored fields and score of every hit, best first."""
    type_filter = Term("list_type", list_type) if list_type else None
    with ix.searcher() as searcher:
        hits = searcher.search(query, limit=None, filter=type_filter)
        return [{**hit.fields(), "score": hit.score or 0.0} for hit in hits]


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Rows as a frame with exactly COLUMNS (all str) plus a float score column."""
    records = [[*(row.get(col, "") for col in COLUMNS), row["score"]] for row in rows]
    frame = pd.DataFrame(records, columns=[*COLUMNS, "score"])
    return frame.astype({**dict.fromkeys(COLUMNS, str), "score": float})


def search(
    ix_dir: Path | Index,
    query: str,
    *,
    company: str | None = None,
    list_type: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Rows matching `query` (AND of words), ranked by relevance, with COLUMNS + score."""
    ix = ix_dir if isinstance(ix_dir, Index) else open_index(Path(ix_dir))
    terms = parse_query(query or "")
    company_term = _make_term(company or "", "company")
    if company_term:
        terms.append(company_term)
    rows = _candidates(ix, _whoosh_query(terms), list_type)
    rows = [row for row in rows if all(_row_matches(row, term) for term in terms)]
    return _frame(rows if limit is None else rows[:limit])
