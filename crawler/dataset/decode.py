"""Decode filing numbers: division, province, city, district, year and date; flag malformed ones.

Algorithm filings (deep synthesis, algorithm recommendation, cancellations):
``网信算备`` + 6-digit GB/T 2260 code + 9 digits + 2-digit year + 4-digit serial + ``号``.
Generative-AI services: ``<Province>-<Name>-<YYYYMMDD>``, registrations with a suffix such as
``S0001`` after the date. Nothing is guessed: a number that does not fit its pattern decodes to
nothing and says why in `problems`.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from crawler.dataset.divisions import Division, lookup_division, province_from_pinyin

ALGORITHM_NO: Final = re.compile(r"网信算备(?P<code>\d{6})\d{9}(?P<year>\d{2})\d{4}号")
ALGORITHM_PREFIX: Final = "网信算备"
GENAI_NO: Final = re.compile(
    r"(?P<province>[A-Za-z]+)-(?P<name>.+)-(?P<date>\d{8})(?P<suffix>[A-Za-z][A-Za-z0-9]*)?"
)
FIRST_FILING_YEAR: Final = 2022  # algorithm filing opened in March 2022
FIRST_GENAI_DATE: Final = dt.date(2023, 1, 1)
ALGORITHM_KIND: Final = "algorithm"
GENAI_KIND: Final = "genai"


@dataclass(frozen=True)
class Decoded:
    """What a filing number says; empty strings where it says nothing."""

    kind: str = ""
    division_code: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    filing_year: str = ""
    filing_no_date: str = ""
    problems: tuple[str, ...] = field(default_factory=tuple)


def decode_filing_no(filing_no: str) -> Decoded:
    """Decode an algorithm or generative-AI filing number (already cleaned of whitespace)."""
    if not filing_no:
        return Decoded()
    if match := ALGORITHM_NO.fullmatch(filing_no):
        return _decode_algorithm(match)
    if filing_no.startswith(ALGORITHM_PREFIX):
        return Decoded(ALGORITHM_KIND, problems=(f"filing_no {filing_no}: {_algorithm_shape()}",))
    if match := GENAI_NO.fullmatch(filing_no):
        return _decode_genai(match, filing_no)
    return Decoded(problems=(f"filing_no {filing_no}: not a known filing-number format",))


def _algorithm_shape() -> str:
    return "not 网信算备 + 6-digit division code + 15 digits + 号"


def _decode_algorithm(match: re.Match[str]) -> Decoded:
    """Division from the 6-digit code; year from the two digits before the last four."""
    division = lookup_division(match["code"])
    year = 2000 + int(match["year"])
    problems = [*_division_problems(division)]
    if year < FIRST_FILING_YEAR:
        problems.append(f"filing year {year} is before filing began ({FIRST_FILING_YEAR})")
    return Decoded(
        ALGORITHM_KIND,
        division.code,
        division.province,
        division.city,
        division.district,
        str(year),
        "",
        tuple(problems),
    )


def _division_problems(division: Division) -> list[str]:
    if division.known:
        return []
    return [f"division code {division.code} is not in GB/T 2260"]


def _decode_genai(match: re.Match[str], filing_no: str) -> Decoded:
    """Province from the pinyin prefix, date from the eight digits."""
    date = _number_date(match["date"])
    division = province_from_pinyin(match["province"])
    problems = []
    if division is None:
        problems.append(f"filing_no {filing_no}: unknown province {match['province']!r}")
    if date is None:
        problems.append(f"filing_no {filing_no}: {match['date']} is not a plausible date")
    return Decoded(
        GENAI_KIND,
        division.code if division else "",
        division.province if division else "",
        "",
        "",
        str(date.year) if date else "",
        date.isoformat() if date else "",
        tuple(problems),
    )


def _number_date(digits: str) -> dt.date | None:
    """The YYYYMMDD date, or None when it is no calendar date or precedes generative-AI filing."""
    try:
        date = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return date if date >= FIRST_GENAI_DATE else None
