"""The Whoosh schema, defined once, with a Chinese-aware n-gram analyzer.

Analysis design: CJK runs are indexed as character unigrams and bigrams, so any substring
of two or more characters is a phrase of consecutive bigrams (exact substring recall, unlike
a word segmenter such as jieba, which cuts 字节跳动 into one word and then misses 跳动).
Latin/digit runs become whole lower-cased words. Text is NFKC-folded first (full-width
forms become ASCII) and lower-cased.

Positions: a CJK run of n >= 2 characters takes n - 1 positions; bigram i sits at i and
unigram i at min(i, n - 2). A query run contributes only its bigrams (or its one unigram),
so a query string is always a phrase of consecutive positions in the indexed text.
"""

import re
import unicodedata
from collections.abc import Iterator
from typing import Final

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, STORED, TEXT, Schema

from crawler.constants import COLUMNS

_CJK: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_CHAR: Final = re.compile(f"[{_CJK}]")
_RUNS: Final = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")

# Searchable text fields; filing_text is filing_no analysed as text (not stored).
TEXT_FIELDS: Final = ("name", "company", "product", "purpose", "role")
SEARCH_FIELDS: Final = (*TEXT_FIELDS, "filing_text")
KEYWORD_FIELDS: Final = ("list_type", "batch", "jurisdiction")


def normalize_text(text: str) -> str:
    """Fold full-width forms (NFKC) and case, the same way for documents and queries."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def normalize_filing_no(text: str) -> str:
    """A filing number as indexed: folded, lower-cased, with all whitespace removed."""
    return "".join(normalize_text(text).split())


def is_cjk(token: str) -> bool:
    """Whether a token is a CJK n-gram (else a Latin/digit word)."""
    return _CJK_CHAR.match(token) is not None


def _cjk_grams(run: str, pos: int, query: bool) -> Iterator[tuple[int, str]]:
    """Unigrams and bigrams of one CJK run (bigrams only when querying a 2+ run)."""
    if len(run) == 1:
        yield pos, run
        return
    last = len(run) - 2
    for i in range(len(run) - 1):
        if not query:
            yield pos + i, run[i]
        yield pos + i, run[i : i + 2]
    if not query:
        yield pos + last, run[-1]


def ngram_tokens(text: str, query: bool = False) -> Iterator[tuple[int, str]]:
    """(position, token) pairs for `text`: CJK n-grams and lower-cased Latin/digit words."""
    pos = 0
    for match in _RUNS.finditer(normalize_text(text)):
        if match.group("word"):
            yield pos, match.group("word")
            pos += 1
            continue
        run = match.group("cjk")
        yield from _cjk_grams(run, pos, query)
        pos += max(len(run) - 1, 1)


def query_tokens(text: str) -> list[str]:
    """The tokens a query string analyses to, in phrase order."""
    return [tok for _, tok in ngram_tokens(text, query=True)]


class CjkNgramTokenizer(Tokenizer):
    """Whoosh tokenizer over `ngram_tokens`; the query mode emits bigrams only."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, text in ngram_tokens(value, query=mode == "query"):
            token.text, token.boost, token.stopped = text, 1.0, False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            yield token


def _text() -> TEXT:
    return TEXT(analyzer=CjkNgramTokenizer(), stored=True, phrase=True)


def make_schema() -> Schema:
    """Every COLUMN stored (results need no table), key columns indexed, plus row_id."""
    fields: dict[str, object] = {col: STORED() for col in COLUMNS}
    fields.update({col: _text() for col in TEXT_FIELDS})
    fields.update({col: ID(stored=True) for col in KEYWORD_FIELDS})
    fields["filing_no"] = ID(stored=True)
    fields["filing_text"] = TEXT(analyzer=CjkNgramTokenizer(), phrase=True)
    fields["row_id"] = ID(stored=True, unique=True)
    return Schema(**fields)


SCHEMA: Final = make_schema()
