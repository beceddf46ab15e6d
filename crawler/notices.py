"""Pure helpers that read meaning out of notice titles, link texts and dates."""

import re

_FAMILY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cancellation", re.compile(r"注销.*(算法)?备案编号")),
    ("deep_synthesis", re.compile(r"深度合成")),
    ("genai", re.compile(r"生成式人工智能")),
    ("algorithm", re.compile(r"算法备案")),
)
_MONTH_IN_TEXT = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
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
_STATED_TOTAL = re.compile(r"共\s*([零一二两三四五六七八九十百\d]+)\s*(?:个|项|款|条)")
_BATCH_NO = re.compile(r"第([零一二两三四五六七八九十百\d]+)批")


def classify_notice(text: str) -> str | None:
    """The list family a title or link text belongs to, or None when unrelated."""
    for family, pattern in _FAMILY_RULES:
        if pattern.search(text or ""):
            return family
    return None


def list_type_hint(family: str) -> str | None:
    """The list type a family implies; generative-AI PDFs name theirs per section."""
    return None if family == "genai" else (family or None)


def parse_date(text: str) -> str:
    """The first date in `text` as ISO yyyy-mm-dd, or '' when there is none."""
    match = _ISO_DATE.search(text or "")
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def batch_month(text: str, published: str = "") -> str:
    """Batch as YYYY-MM from '（2024年4月）'-style text, else the publication month."""
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
    """The total a notice states, as in 共12个 or 等5个; None when it states none."""
    match = _STATED_TOTAL.search(text or "") or re.search(r"等(\d+)个", text or "")
    return chinese_number(match.group(1)) if match else None
