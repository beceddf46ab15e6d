"""The Whoosh schema, defined once, and the analysis shared by indexing and querying.

Text is NFKC-folded (full-width forms become ASCII), case-folded and whitespace-collapsed, the
same way for documents and queries. Analysis, designed for exact substring search:

- a CJK run is indexed as its character bigrams (a one-character run as that character), so any
  CJK string of two or more characters occurs only in documents holding all of its bigrams;
- a Latin/digit run (``deepseek``, ``app``, ``2024``) is indexed as all of its suffixes, so a
  Latin query run found anywhere inside a word is a prefix of one of them;
- a filing number is indexed whole and as its runs (``网信算备``, ``110108…``, ``beijing``), each
  matched by prefix;
- role, category (算法类别) and scenario (适用场景) take few distinct values: they have no
  postings and are answered from their coded columns in the row store (index/rows.py).

The index only narrows the candidates: the search verifies every candidate against the exact
normalised text (index/rows.py), so n-grams never produce false hits. Single characters have no
bigram and are answered by that verification scan alone. Word segmentation (jieba) is not used
for matching, since it would cut 字节跳动 into one word and miss 跳动; it is used for ranking.
"""

import re
import unicodedata
from collections.abc import Iterator
from typing import Final, NamedTuple

from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, Schema

_CJK: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_RUNS: Final = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")
_CJK_CHAR: Final = re.compile(f"[{_CJK}]")
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")

# Text fields indexed as n-grams; "filing" is the filing number searched by plain words.
GRAM_FIELDS: Final = ("name", "company", "product", "purpose")
# Text fields of few distinct values, searched by substring over their distinct values.
CODED_TEXT_FIELDS: Final = ("role", "category", "scenario")
TEXT_FIELDS: Final = (*GRAM_FIELDS, *CODED_TEXT_FIELDS)
PLAIN_FIELDS: Final = (*TEXT_FIELDS, "filing")
KEYWORD_FIELDS: Final = ("list_type", "batch", "filing_year", "status", "province", "role")


class Gram(NamedTuple):
    """One index term a query string needs: an exact bigram, or a prefix of a word suffix."""

    text: str
    prefix: bool


def fold(text: str) -> str:
    """NFKC and collapsed whitespace (control characters become spaces); case is kept."""
    folded = unicodedata.normalize("NFKC", text or "")
    return " ".join(_CONTROL.sub(" ", folded).split())


def normalize_text(text: str) -> str:
    """`fold` and case folding: the form documents and queries are compared in."""
    return fold(text).casefold()


def normalize_filing_no(text: str) -> str:
    """A filing number as indexed: folded, lower-cased, with all whitespace removed."""
    return "".join(normalize_text(text).split())


def has_cjk(text: str) -> bool:
    """Whether `text` holds any CJK character."""
    return _CJK_CHAR.search(text) is not None


def runs(text: str) -> Iterator[tuple[str, bool]]:
    """(run, is_cjk) for each CJK or Latin/digit run of an already normalised text."""
    for match in _RUNS.finditer(text):
        if match.group("cjk"):
            yield match.group("cjk"), True
        else:
            yield match.group("word"), False


def text_grams(text: str) -> Iterator[str]:
    """Index terms of a text: CJK bigrams (or a lone character) and Latin word suffixes."""
    for run, cjk in runs(normalize_text(text)):
        if not cjk:
            yield from (run[i:] for i in range(len(run)))
        elif len(run) == 1:
            yield run
        else:
            yield from (run[i : i + 2] for i in range(len(run) - 1))


def query_grams(text: str) -> list[Gram]:
    """The terms every document containing `text` (normalised) must have; [] for none."""
    grams = []
    for run, cjk in runs(text):
        if not cjk:
            grams.append(Gram(run, prefix=True))
        elif len(run) > 1:
            grams.extend(Gram(run[i : i + 2], prefix=False) for i in range(len(run) - 1))
    return grams


def filing_words(filing_no: str) -> list[str]:
    """A normalised filing number and its runs, each searchable by prefix."""
    if not filing_no:
        return []
    return list(dict.fromkeys([filing_no, *(run for run, _ in runs(filing_no))]))


class _ListTokenizer(Tokenizer):
    """A Whoosh tokenizer over a function from text to a list of terms."""

    def terms(self, value: str) -> Iterator[str]:
        raise NotImplementedError

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
        for pos, text in enumerate(self.terms(value)):
            token.text, token.boost, token.stopped = text, 1.0, False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            yield token


class GramTokenizer(_ListTokenizer):
    """CJK bigrams and Latin word suffixes (see `text_grams`)."""

    def terms(self, value: str) -> Iterator[str]:
        return text_grams(value)


class FilingTokenizer(_ListTokenizer):
    """A filing number whole and as its runs (see `filing_words`)."""

    def terms(self, value: str) -> Iterator[str]:
        return iter(filing_words(normalize_filing_no(value)))


class NoLengthCodec(W3Codec):
    """Whoosh's W3 codec without field-length statistics.

    They only serve Whoosh's own scoring (ranking happens outside Whoosh here), and writing
    them checks a file on disk for every posting: about half of the indexing time.
    """

    length_stats = False


def make_schema() -> Schema:
    """Existence-only fields (ranking is done outside Whoosh); row_key is the unique id."""
    fields: dict[str, object] = {"row_key": ID(unique=True, sortable=True)}
    fields.update({col: ID(analyzer=GramTokenizer()) for col in GRAM_FIELDS})
    fields.update({col: ID() for col in KEYWORD_FIELDS})
    fields["filing_no"] = ID()
    fields["filing_text"] = ID(analyzer=FilingTokenizer())
    return Schema(**fields)


SCHEMA: Final = make_schema()
