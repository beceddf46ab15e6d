"""Real published rows of every list family, as a public tracker copied them from the CAC.

`replica/real_rows/*.json` holds a sample of the published lists (some batches of each family;
the tracker stripped whitespace inside cells). This module turns them into RealBatch / RealRow:
what each row prints under the published headers, and what a correct parser returns for it.
Both the parser tests and the replica site build on it.
"""

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from crawler.constants import DOCUMENT_COLUMNS
from replica.documents import (
    ALGORITHM_HEADERS,
    CANCELLATION_HEADERS,
    DEEP_SYNTHESIS_HEADERS,
    GENAI_FILED_HEADERS,
    field_of,
)

DATA_DIR: Final = Path(__file__).with_name("real_rows")
FAMILY_FILES: Final = {
    "deep_synthesis": "deep_synthesis.json",
    "algorithm": "algorithm.json",
    "genai": "genai.json",
    "cancellation": "cancellations.json",
}
# Canonical fields a parser returns from a document (DOCUMENT_COLUMNS minus list_type, batch).
EXPECTED_FIELDS: Final = DOCUMENT_COLUMNS[2:]
# The tracker's keys: the published headers, and its own keys for cancellation rows.
KEY_FIELDS: Final = {
    "序号": "seq",
    "算法名称": "name",
    "模型名称": "name",
    "大模型名称": "name",
    "角色": "role",
    "算法类别": "category",
    "主体名称": "company",
    "备案单位": "company",
    "应用产品": "product",
    "主要用途": "purpose",
    "备案编号": "filing_no",
    "备案号": "filing_no",
    "备注": "remarks",
    "属地": "jurisdiction",
    "备案时间": "filing_date",
    "name": "name",
    "role": "role",
    "entity": "company",
    "product": "product",
    "code": "filing_no",
    "cancel": "cancel_month",
}
# Fields each family's published table prints, in order (cancellations: 序号 and 主要用途 are
# printed but the tracker did not copy them, so they print '' here).
PRINTED_FIELDS: Final = {
    family: tuple(field_of(header) for header in headers)
    for family, headers in (
        ("deep_synthesis", DEEP_SYNTHESIS_HEADERS),
        ("algorithm", ALGORITHM_HEADERS),
        ("genai", GENAI_FILED_HEADERS),
        ("cancellation", CANCELLATION_HEADERS),
    )
}
SINGLE_LIST_TYPES: Final = {
    "deep_synthesis": "deep_synthesis",
    "algorithm": "algorithm",
    "cancellation": "cancellation",
}
GENAI_KINDS: Final = {"备案": "genai_filed", "登记": "genai_registered"}
BATCH_KEYS: Final = ("period", "name", "page", "url", "count", "rows")
DATE_WITH_NOTE: Final = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})\s*(?:[（(](.*)[）)])?")
YEAR_MONTH: Final = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")


@dataclass(frozen=True)
class RealRow:
    """One published row: its list type, what it prints, what a parser returns for it."""

    list_type: str  # deep_synthesis | algorithm | genai_filed | genai_registered | cancellation
    printed: dict[str, str]  # canonical field -> text as the published list prints it
    expected: dict[str, str]  # canonical field -> what a correct parser returns (EXPECTED_FIELDS)


@dataclass(frozen=True)
class RealBatch:
    """One published list (a batch or period of a family), with the sample of its rows."""

    family: str  # deep_synthesis | algorithm | genai | cancellation
    period: str  # YYYY-MM
    name: str  # the list's published name
    page: str  # notice page URL ('' for cancellations)
    url: str  # attachment URL as published
    count: int  # rows the published list holds (the sample may hold fewer)
    rows: tuple[RealRow, ...]
    meta: dict[str, Any] = field(default_factory=dict)  # everything else the source says

    def of_type(self, list_type: str) -> tuple[RealRow, ...]:
        """The sample rows of one list type, in published order."""
        return tuple(row for row in self.rows if row.list_type == list_type)


def _squeeze(text: str) -> str:
    """Cell text with runs of whitespace made one space and the ends stripped."""
    return " ".join(text.split())


def _expected_seq(text: str) -> str:
    """序号 as an integer string ("０１" -> "1"); anything else as printed; blank stays blank."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return str(int(folded)) if folded.isdigit() else _squeeze(text)


def _expected_date(text: str) -> tuple[str, str]:
    """filing_date and filing_date_note: 2026/5/1（补登） -> ('2026-05-01', '补登')."""
    match = DATE_WITH_NOTE.fullmatch(text.strip())
    if not match:
        return _squeeze(text), ""
    year, month, day, note = match.groups()
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}", _squeeze(note or "")


def _expected_month(text: str) -> str:
    """注销时间 as YYYY-MM (2025年7月 -> 2025-07), else as printed."""
    match = YEAR_MONTH.fullmatch(text.strip())
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}" if match else _squeeze(text)


def expected_of(printed: dict[str, str]) -> dict[str, str]:
    """What a correct parser returns for a row printing these texts."""
    expected = {name: _squeeze(printed.get(name, "")) for name in EXPECTED_FIELDS}
    expected["seq"] = _expected_seq(printed.get("seq", ""))
    expected["filing_no"] = "".join(
        unicodedata.normalize("NFKC", printed.get("filing_no", "")).split()
    )
    date, note = _expected_date(printed.get("filing_date", ""))
    expected["filing_date"], expected["filing_date_note"] = date, note
    expected["cancel_month"] = _expected_month(printed.get("cancel_month", ""))
    if expected["role"].endswith("类") and not expected["category"]:
        expected["category"], expected["role"] = expected["role"], ""
    return expected


def _printed_of(family: str, source: dict[str, Any]) -> dict[str, str]:
    """The texts a source row prints, by canonical field, in its family's column order."""
    values = {KEY_FIELDS[key]: str(value) for key, value in source.items() if key in KEY_FIELDS}
    return {name: values.get(name, "") for name in PRINTED_FIELDS[family]}


def _is_header_row(source: dict[str, Any]) -> bool:
    """True for the 已登记 header row the tracker copied as a row (序号 reads 序号)."""
    return source.get("序号") == "序号"


def _genai_types(sources: list[dict[str, Any]]) -> list[str]:
    """Each genAI row's list type by its section: from the embedded 已登记 header row or the
    first registered row on, rows sit in the 已登记 section whatever the tracker tagged them."""
    types, registered = [], False
    for source in sources:
        registered = registered or _is_header_row(source) or source.get("_kind") == "登记"
        types.append("genai_registered" if registered else GENAI_KINDS[source["_kind"]])
    return types


def _rows(family: str, sources: list[dict[str, Any]]) -> tuple[RealRow, ...]:
    """The RealRows of one batch, the copied header row left out."""
    if family == "genai":
        kinds = _genai_types(sources)
    else:
        kinds = [SINGLE_LIST_TYPES[family]] * len(sources)
    return tuple(
        RealRow(kind, printed, expected_of(printed))
        for kind, source in zip(kinds, sources, strict=True)
        if not _is_header_row(source)
        for printed in [_printed_of(family, source)]
    )


def _meta(family: str, batch: dict[str, Any]) -> dict[str, Any]:
    """Everything the source says about a batch besides its RealBatch fields."""
    meta = {key: value for key, value in batch.items() if key not in BATCH_KEYS}
    embedded = [row for row in batch["rows"] if _is_header_row(row)]
    if family == "genai" and embedded:
        meta["registered_header"] = [
            value for key, value in embedded[0].items() if key not in ("_kind", "period")
        ]
    return meta


def _batch(family: str, batch: dict[str, Any]) -> RealBatch:
    """One RealBatch from its JSON object."""
    return RealBatch(
        family=family,
        period=batch["period"],
        name=batch["name"],
        page=batch.get("page", ""),
        url=batch.get("url", ""),
        count=int(batch["count"]),
        rows=_rows(family, batch["rows"]),
        meta=_meta(family, batch),
    )


@functools.cache
def _load(family: str) -> tuple[RealBatch, ...]:
    """The batches of one family, read once."""
    data = json.loads((DATA_DIR / FAMILY_FILES[family]).read_text(encoding="utf-8"))
    return tuple(_batch(family, batch) for batch in data["batches"])


def real_batches(family: str) -> list[RealBatch]:
    """The sampled batches of one family (deep_synthesis, algorithm, genai, cancellation)."""
    if family not in FAMILY_FILES:
        raise KeyError(f"unknown family {family!r}; known: {sorted(FAMILY_FILES)}")
    return list(_load(family))


def all_real_batches() -> list[RealBatch]:
    """The sampled batches of every family."""
    return [batch for family in FAMILY_FILES for batch in _load(family)]


def real_batch(family: str, period: str) -> RealBatch:
    """The sampled batch of a family for one period (YYYY-MM)."""
    for batch in _load(family):
        if batch.period == period:
            return batch
    raise KeyError(f"no sampled {family} batch for {period}")
