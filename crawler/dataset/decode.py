"""Decode filing numbers: division, province, city, district, year, date, category; flag odd ones.

Algorithm filings (deep synthesis, algorithm recommendation, cancellations): ``网信算备`` +
6-digit GB/T 2260 code + 7-digit entity code + 2-digit category (01 生成合成 … 06 调度决策) +
2-digit year + 4-digit serial + ``号``. Generative-AI services: filed ``Prov-Name-YYYYMMDD``,
from 2024-08 ``…-YYYYMMDDnnnn`` (once ``…-YYYYMMDDnnnnnn``), registered ``…-YYYYMMDDSnnnn``;
the prefix ``ZhongYangQiYe`` (属地 国资委) marks a central state-owned enterprise, filed with no
province. Nothing is guessed: a number that does not fit its pattern decodes to what it plainly
says and names the rest in `problems`.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from crawler.dataset.divisions import Division, lookup_division, pinyin_key, province_from_pinyin

ALGORITHM_NO: Final = re.compile(
    r"网信算备(?P<code>\d{6})(?P<entity>\d{7})(?P<category>\d{2})(?P<year>\d{2})(?P<serial>\d{4})号"
)
ALGORITHM_PREFIX: Final = "网信算备"
# The category a 2-digit code stands for, named as 算法类别 prints it (04 is later printed
# 信息检索类 too; the printed category does not always agree with the code).
ALGORITHM_CATEGORIES: Final = {
    "01": "生成合成类",
    "02": "个性化推送类",
    "03": "排序精选类",
    "04": "检索过滤类",
    "05": "内容过滤类",
    "06": "调度决策类",
}
GENAI_NO: Final = re.compile(
    r"(?P<prefix>[A-Za-z’']+)-(?P<name>.+)-(?P<date>\d{8})(?P<serial>\d{4}|\d{6}|S\d{4})?"
)
GENAI_START: Final = re.compile(r"(?P<prefix>[A-Za-z’']+)-(?P<rest>.*)")
GENAI_DIGITS: Final = re.compile(r"-S?\d+S?\d*$")
CENTRAL_SOE_PREFIX: Final = "zhongyangqiye"
CENTRAL_SOE_JURISDICTION: Final = "国资委"
CENTRAL_SOE: Final = "yes"  # the central_soe value of a central state-owned enterprise's row
CENTRAL_SOE_LABEL: Final = "中央企业"
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
    filing_category: str = ""
    central_soe: str = ""
    problems: tuple[str, ...] = field(default_factory=tuple)


def decode_filing_no(filing_no: str, jurisdiction: str = "") -> Decoded:
    """Decode an algorithm or generative-AI filing number (already cleaned of whitespace).

    `jurisdiction` (属地, generative-AI rows) tells ShanXi = 山西 from ShanXi = 陕西 and marks
    a 国资委 row as a central state-owned enterprise; it never overrides the number.
    """
    if not filing_no:
        return Decoded(central_soe=_central_by_jurisdiction(jurisdiction))
    if match := ALGORITHM_NO.fullmatch(filing_no):
        return _decode_algorithm(match)
    if filing_no.startswith(ALGORITHM_PREFIX):
        return Decoded(ALGORITHM_KIND, problems=(f"filing_no {filing_no}: {_algorithm_shape()}",))
    if match := GENAI_NO.fullmatch(filing_no):
        return _decode_genai(match, filing_no, jurisdiction)
    if (match := GENAI_START.fullmatch(filing_no)) and _is_genai_prefix(match["prefix"]):
        return _decode_odd_genai(match, filing_no, jurisdiction)
    return Decoded(problems=(f"filing_no {filing_no}: not a known filing-number format",))


def _algorithm_shape() -> str:
    return "not 网信算备 + 6-digit division code + 15 digits + 号"


def _decode_algorithm(match: re.Match[str]) -> Decoded:
    """Division from the 6-digit code; category and year from the digits after the entity."""
    division = lookup_division(match["code"])
    year = 2000 + int(match["year"])
    problems = [*_division_problems(division), *_category_problems(match["category"])]
    if year < FIRST_FILING_YEAR:
        problems.append(f"filing year {year} is before filing began ({FIRST_FILING_YEAR})")
    return Decoded(
        ALGORITHM_KIND,
        division.code,
        division.province,
        division.city,
        division.district,
        str(year),
        filing_category=ALGORITHM_CATEGORIES.get(match["category"], ""),
        problems=tuple(problems),
    )


def _division_problems(division: Division) -> list[str]:
    if division.known:
        return []
    return [f"division code {division.code} is not in GB/T 2260"]


def _category_problems(code: str) -> list[str]:
    if code in ALGORITHM_CATEGORIES:
        return []
    return [f"category code {code} is not one of {', '.join(ALGORITHM_CATEGORIES)}"]


def _decode_genai(match: re.Match[str], filing_no: str, jurisdiction: str) -> Decoded:
    """Province (or central SOE) from the pinyin prefix, date from the eight digits."""
    date = _number_date(match["date"])
    problems = []
    if date is None:
        problems.append(f"filing_no {filing_no}: {match['date']} is not a plausible date")
    return _genai_decoded(
        match["prefix"], filing_no, jurisdiction, date.isoformat() if date else "", problems
    )


def _decode_odd_genai(match: re.Match[str], filing_no: str, jurisdiction: str) -> Decoded:
    """A generative-AI prefix without the rest: cut short (Jiangsu-SiWeiXiangLiangZhiSuanYun-)
    or with digits of another shape after the name; only the prefix is decoded."""
    if GENAI_DIGITS.search(match["rest"]):
        problem = f"filing_no {filing_no}: {_genai_shape()}"
    else:
        problem = f"filing_no {filing_no}: truncated, no YYYYMMDD date at its end"
    return _genai_decoded(match["prefix"], filing_no, jurisdiction, "", [problem])


def _genai_shape() -> str:
    return "not Prov-Name-YYYYMMDD, -YYYYMMDDnnnn or -YYYYMMDDSnnnn"


def _genai_decoded(
    prefix: str, filing_no: str, jurisdiction: str, date: str, problems: list[str]
) -> Decoded:
    """The Decoded of a generative-AI number whose prefix and (ISO) date are known."""
    if pinyin_key(prefix) == CENTRAL_SOE_PREFIX:
        return Decoded(
            GENAI_KIND,
            filing_year=date[:4],
            filing_no_date=date,
            central_soe=CENTRAL_SOE,
            problems=tuple(problems),
        )
    division = province_from_pinyin(prefix, jurisdiction)
    if division is None:
        problems.insert(0, f"filing_no {filing_no}: unknown province {prefix!r}")
    return Decoded(
        GENAI_KIND,
        division.code if division else "",
        division.province if division else "",
        division.city if division else "",
        filing_year=date[:4],
        filing_no_date=date,
        central_soe=_central_by_jurisdiction(jurisdiction),
        problems=tuple(problems),
    )


def is_central_soe_number(filing_no: str) -> bool:
    """True for a generative-AI number of a central state-owned enterprise (ZhongYangQiYe-…)."""
    match = GENAI_START.fullmatch(filing_no or "")
    return match is not None and pinyin_key(match["prefix"]) == CENTRAL_SOE_PREFIX


def _is_genai_prefix(prefix: str) -> bool:
    """True for a prefix generative-AI numbers start with (a province's pinyin, ZhongYangQiYe)."""
    return pinyin_key(prefix) == CENTRAL_SOE_PREFIX or province_from_pinyin(prefix) is not None


def _central_by_jurisdiction(jurisdiction: str) -> str:
    return CENTRAL_SOE if jurisdiction == CENTRAL_SOE_JURISDICTION else ""


def _number_date(digits: str) -> dt.date | None:
    """The YYYYMMDD date, or None when it is no calendar date or precedes generative-AI filing."""
    try:
        date = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return date if date >= FIRST_GENAI_DATE else None
