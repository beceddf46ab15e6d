"""The registry of list families: how each is titled, headed, typed, checked and batched.

The CAC publishes five families of filing lists (docs/data-dictionary.md): deep synthesis,
algorithm recommendation, generative AI (filed and registered services, the on-device rows among
the filed ones) and cancellations. Everything that tells them apart lives here, so adding a family
touches this file and its tests: the title patterns of its notices, link texts and documents; the
header cells that mark its tables; the list types its rows take; the fields every row must fill;
and how its batch is named. Annual / full-list notices are a notice kind, not a family: they
re-list what period notices listed, so their totals are read and their rows never counted twice.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

# How a family's batch (YYYY-MM) is named: by the month printed in the list's own name
# (境内深度合成服务算法备案清单（2023年8月）, which can differ from its notice's date), or by
# the month its notice was published (cancellation notices name no month).
BATCH_FROM_LIST_NAME: Final = "list_name"
BATCH_FROM_NOTICE_DATE: Final = "notice_date"


@dataclass(frozen=True)
class Family:
    """One family of lists the CAC publishes."""

    key: str
    label: str  # as the CAC names it
    title: re.Pattern[str]  # matches its notice titles, link texts and document titles
    list_types: tuple[str, ...]
    signature: frozenset[str]  # header cells (normalized) that mark a table of this family
    required: Mapping[str, tuple[str, ...]]  # list type -> fields every row must fill
    batch: str = BATCH_FROM_LIST_NAME


_ALGORITHM_ROW: Final = ("name", "role", "company", "filing_no")
_GENAI_ROW: Final = ("name", "company", "filing_no", "jurisdiction")

# Order matters: a cancellation title names the algorithms it cancels, which may contain any
# other family's words; 深度合成 titles also say 算法备案.
FAMILIES: Final = (
    Family(
        key="cancellation",
        label="注销",
        title=re.compile(r"注销.*备案编号"),
        list_types=("cancellation",),
        signature=frozenset({"注销时间", "注销日期"}),
        required={"cancellation": ("name", "company", "filing_no")},
        batch=BATCH_FROM_NOTICE_DATE,
    ),
    Family(
        key="deep_synthesis",
        label="深度合成",
        title=re.compile(r"深度合成"),
        list_types=("deep_synthesis",),
        signature=frozenset({"角色", "算法角色"}),
        required={"deep_synthesis": _ALGORITHM_ROW},
    ),
    Family(
        key="genai",
        label="生成式人工智能",
        title=re.compile(r"生成式人工智能"),
        list_types=("genai_filed", "genai_registered"),
        signature=frozenset({"属地"}),
        required={"genai_filed": _GENAI_ROW, "genai_registered": _GENAI_ROW},
    ),
    Family(
        key="algorithm",
        label="算法推荐",
        title=re.compile(r"互联网信息服务算法|算法推荐|算法备案"),
        list_types=("algorithm",),
        signature=frozenset({"算法类别"}),
        required={"algorithm": ("name", "company", "filing_no")},
    ),
)
FAMILY_BY_KEY: Final = {family.key: family for family in FAMILIES}
LIST_TYPES: Final = tuple(t for family in FAMILIES for t in family.list_types)
REQUIRED_FIELDS: Final = {t: f for family in FAMILIES for t, f in family.required.items()}

# Generative-AI tables: the header cells of a registered (已登记) table, and the section titles
# printed above tables (latest title wins). 端侧 (on-device) services are filed services.
GENAI_REGISTERED_HEADERS: Final = frozenset({"应用/功能名称", "登记单位", "上线编号", "登记时间"})
GENAI_FILED_HEADERS: Final = frozenset({"模型名称", "大模型名称", "备案号", "备案时间", "适用场景"})
GENAI_SECTIONS: Final = (
    ("已登记", "genai_registered"),
    ("端侧", "genai_filed"),
    ("已备案", "genai_filed"),
)
# A registered service's number ends in its date, S and a sequence: Shanghai-X-20240829S0021.
REGISTERED_NO: Final = re.compile(r"\d{8}S\d+$")

# Annual / full-list notices (2024-04-02 first full list, 2025-01-08 for 2024, 2026-01-09 for 2025).
# Their exact titles are unverified: a genAI notice naming a year and no month, or saying 截至.
ANNUAL_TITLE: Final = re.compile(r"(\d{4})\s*年(?:度)?(?:全年)?生成式人工智能|截至\s*\d{4}\s*年")
ANNUAL_NOTICE_PATHS: Final = (
    "/2025-01/08/c_1738034725920930.htm",
    "/2026-01/09/c_1769688009588554.htm",
)
NOTICE_KIND_LIST: Final = "list"
NOTICE_KIND_ANNUAL: Final = "annual"


def family_of(text: str) -> Family | None:
    """The family a notice title, link text or document title belongs to, or None."""
    for family in FAMILIES:
        if family.title.search(text or ""):
            return family
    return None


def family_key(text: str) -> str | None:
    """The key of family_of(text), or None."""
    family = family_of(text)
    return family.key if family else None


def family_of_list_type(list_type: str) -> Family | None:
    """The family a list type belongs to (genai_filed -> genai), or None."""
    return next((f for f in FAMILIES if list_type in f.list_types), None)


def single_list_type(family: str) -> str | None:
    """The list type a family implies when it has only one (genAI names its own per table)."""
    found = FAMILY_BY_KEY.get(family)
    return found.list_types[0] if found and len(found.list_types) == 1 else None


def batch_from_notice_date(family: str) -> bool:
    """Whether a family's batch is its notice's publication month (cancellations name none)."""
    found = FAMILY_BY_KEY.get(family)
    return found is not None and found.batch == BATCH_FROM_NOTICE_DATE


def family_of_header(cells: Iterable[str]) -> Family | None:
    """The family whose signature cells a header row (normalized cells) carries, or None."""
    present = set(cells)
    return next((family for family in FAMILIES if family.signature & present), None)


def genai_list_type_of_header(cells: Iterable[str]) -> str | None:
    """genai_registered / genai_filed when a header row's cells say which, else None."""
    present = set(cells)
    if present & GENAI_REGISTERED_HEADERS:
        return "genai_registered"
    if present & GENAI_FILED_HEADERS:
        return "genai_filed"
    return None


def genai_list_type_of_section(text: str) -> str | None:
    """The list type named by the last genAI section title in `text`, or None."""
    positions = {list_type: text.rfind(marker) for marker, list_type in GENAI_SECTIONS}
    best = max(positions, key=lambda list_type: positions[list_type])
    return best if positions[best] >= 0 else None


def genai_list_type_of_number(filing_no: str) -> str | None:
    """genai_registered for a number ending in YYYYMMDDSnnnn, genai_filed for another
    generative-AI number (Prov-Name-YYYYMMDD…), None for anything else."""
    if REGISTERED_NO.search(filing_no or ""):
        return "genai_registered"
    if re.fullmatch(r"[A-Za-z’']+-.+-\d{8,}", filing_no or ""):
        return "genai_filed"
    return None


def is_annual_notice(title: str, path: str = "") -> bool:
    """True for an annual / full-list notice, whose rows re-list what period notices listed."""
    return path in ANNUAL_NOTICE_PATHS or bool(ANNUAL_TITLE.search(title or ""))
