"""Pure helpers that read meaning out of notice titles, link texts, bodies and dates."""

import calendar
import re
from typing import Any
from urllib.parse import urlsplit

from crawler.families import (
    NOTICE_KIND_ANNUAL,
    NOTICE_KIND_LIST,
    family_key,
    is_annual_notice,
    single_list_type,
)

_MONTH_IN_TEXT = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
# A period named by its months, as in （2025年7月至8月） or （2025年12月至2026年2月）: its last.
_MONTH_RANGE = re.compile(
    r"(\d{4})\s*年\s*\d{1,2}\s*月\s*(?:至|到|—|－|-|~|～)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月"
)
_ISO_DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMERAL = r"([零一二两三四五六七八九十百\d]+)"
# 共12个; 等5个 (a cancellation title); 注销以下5个; 发布7款 (the on-device notice's title).
_STATED_TOTALS = (
    re.compile(rf"共\s*{_NUMERAL}\s*(?:个|项|款|条)"),
    re.compile(rf"等\s*{_NUMERAL}\s*个"),
    re.compile(rf"注销[^。，,；;]{{0,12}}?{_NUMERAL}\s*个"),
    re.compile(rf"发布\s*{_NUMERAL}\s*款"),
)
_BATCH_NO = re.compile(rf"第{_NUMERAL}批")
# Annual notices: 截至2025年12月31日，累计有748款生成式人工智能服务完成备案，435款生成式人工智能
# 应用或功能完成登记 (wording unverified: any N款 … 备案 / N款 … 登记 within one clause).
_CUTOFF = re.compile(r"截至\s*(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_FILED = re.compile(r"(\d[\d,]*)\s*款[^。；;，,]*?备案")
_REGISTERED = re.compile(r"(\d[\d,]*)\s*款[^。；;，,]*?登记")


def classify_notice(text: str) -> str | None:
    """The list family a title or link text belongs to, or None when unrelated."""
    return family_key(text)


def list_type_hint(family: str) -> str | None:
    """The list type a family implies; generative-AI lists name theirs per table."""
    return single_list_type(family)


def notice_kind(title: str, url: str = "") -> str:
    """NOTICE_KIND_ANNUAL for an annual / full-list notice, else NOTICE_KIND_LIST."""
    annual = is_annual_notice(title, urlsplit(url or "").path)
    return NOTICE_KIND_ANNUAL if annual else NOTICE_KIND_LIST


def parse_date(text: str) -> str:
    """The first date in `text` as ISO yyyy-mm-dd, or '' when there is none."""
    match = _ISO_DATE.search(text or "")
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def batch_month(text: str, published: str = "") -> str:
    """Batch as YYYY-MM from '（2024年4月）'-style text (the last month of a range such as
    2025年7月至8月), else the publication month."""
    ranged = _MONTH_RANGE.search(text or "")
    if ranged:
        year = ranged.group(2) or ranged.group(1)
        return f"{int(year):04d}-{int(ranged.group(3)):02d}"
    match = _MONTH_IN_TEXT.search(text or "")
    if match:
        return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
    return published[:7]


def chinese_number(text: str) -> int:
    """Value of a Chinese numeral up to 999 (十八 -> 18), or of plain digits."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char == "百":
            total, current = total + (current or 1) * 100, 0
        elif char == "十":
            total, current = total + (current or 1) * 10, 0
        else:
            current = _CN_DIGITS[char]
    return total + current


def batch_number(title: str) -> int | None:
    """The batch number in a title such as 第十八批深度合成服务算法备案信息."""
    match = _BATCH_NO.search(title or "")
    return chinese_number(match.group(1)) if match else None


def stated_total(text: str) -> int | None:
    """The total a notice states, as in 共12个, 等5个 or 发布7款; None when it states none."""
    for pattern in _STATED_TOTALS:
        match = pattern.search(text or "")
        if match:
            return chinese_number(match.group(1))
    return None


def annual_totals(text: str) -> dict[str, Any]:
    """The cumulative totals an annual notice states: genai_filed, genai_registered (None when
    not stated) and as_of, the ISO cut-off date after 截至 ('' when none; a month's last day
    when only the month is named)."""
    return {
        "genai_filed": _count(_FILED, text),
        "genai_registered": _count(_REGISTERED, text),
        "as_of": cutoff_date(text),
    }


def cutoff_date(text: str) -> str:
    """The date after 截至 as ISO yyyy-mm-dd (the month's last day when no day is named)."""
    match = _CUTOFF.search(text or "")
    if not match:
        return ""
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{day:02d}"


def _count(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text or "")
    return int(match.group(1).replace(",", "")) if match else None
