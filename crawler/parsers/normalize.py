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
_YEAR_MONTH: Final = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?")
_BRACKETED: Final = re.compile(r"[(\[【]\s*(.*?)\s*[)\]】]")


def _is_latin(char: str, extra: frozenset[str]) -> bool:
    """True for Latin letters and digits (full-width ones too), plus the given ASCII
    punctuation (full-width punctuation such as （ belongs to CJK text)."""
    folded = unicodedata.normalize("NFKC", char)[:1]
    return char in extra or (folded.isascii() and folded.isalnum())


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


def clean_seq(text: object) -> str:
    """序号 as printed, an integer folded to plain digits ('０１' -> '1'); blank stays blank."""
    cleaned = clean_cell(text)
    folded = unicodedata.normalize("NFKC", cleaned).rstrip(".")
    return str(int(folded)) if folded.isdigit() else cleaned


def _iso(match: re.Match[str]) -> str:
    """The matched year, month, day as ISO, or '' when no such day exists."""
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return ""


def split_date_note(text: object) -> tuple[str, str]:
    """A date cell as (ISO date, note): '2026/5/1（补登）' -> ('2026-05-01', '补登').

    A cell that does not start with a valid date is returned cleaned, with no note.
    """
    cleaned = clean_cell(text)
    folded = unicodedata.normalize("NFKC", cleaned).strip()
    match = _DATE_COMPACT.fullmatch(folded) or _DATE_PARTS.match(folded)
    date = _iso(match) if match else ""
    if not match or not date:
        return cleaned, ""
    rest = folded[match.end() :].strip()
    bracketed = _BRACKETED.fullmatch(rest)
    return date, bracketed.group(1) if bracketed else rest


def to_iso_date(text: object) -> str:
    """Turn '2023年8月21日', '2023/08/21', '20230821'... into '2023-08-21'; else clean as is."""
    date, note = split_date_note(text)
    return date if not note else clean_cell(text)


def to_year_month(text: object) -> str:
    """Turn a month such as '2025年7月' (注销时间) into '2025-07'; else clean as is."""
    cleaned = clean_cell(text)
    match = _YEAR_MONTH.fullmatch(unicodedata.normalize("NFKC", cleaned))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return cleaned
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
