"""Cell-level text normalisation shared by every document parser."""

import datetime as dt
import re
import unicodedata
from typing import Final

_LINE_BREAKS: Final = re.compile(r"[\r\n\v\f\u2028\u2029]+")
_SPACE_RUNS: Final = re.compile(r"[ \t\u00a0\u3000]+")
_LATIN_LEFT: Final = frozenset(".,;:!?)%&'\"")
_LATIN_RIGHT: Final = frozenset("(&'\"")
_DATE_PARTS: Final = re.compile(
    r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
_DATE_COMPACT: Final = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _is_latin(char: str, extra: frozenset[str]) -> bool:
    """True for ASCII letters and digits, plus the given ASCII punctuation."""
    return char.isascii() and (char.isalnum() or char in extra)


def _join_lines(left: str, right: str) -> str:
    """Join two wrapped lines: one space between Latin words, none next to CJK text."""
    if _is_latin(left[-1], _LATIN_LEFT) and _is_latin(right[0], _LATIN_RIGHT):
        return f"{left} {right}"
    return left + right


def clean_cell(text: object) -> str:
    """Strip a cell, join its wrapped lines and collapse runs of spaces (no NFKC)."""
    if text is None:
        return ""
    lines = (_SPACE_RUNS.sub(" ", line).strip() for line in _LINE_BREAKS.split(str(text)))
    joined = ""
    for line in lines:
        if line:
            joined = _join_lines(joined, line) if joined else line
    return joined


def clean_filing_no(text: object) -> str:
    """Fold full-width characters (NFKC) and remove all whitespace from a filing number."""
    folded = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return "".join(folded.split())


def to_iso_date(text: object) -> str:
    """Turn '2023年8月21日', '2023/08/21', '20230821'... into '2023-08-21'; else clean as is."""
    cleaned = clean_cell(text)
    folded = unicodedata.normalize("NFKC", cleaned).strip()
    match = _DATE_PARTS.fullmatch(folded) or _DATE_COMPACT.fullmatch(folded)
    if match is None:
        return cleaned
    try:
        date = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return cleaned
    return date.isoformat()
