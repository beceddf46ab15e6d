"""The real published rows of replica/real_rows/*.json as a filings table (canonical columns).

Each JSON batch names its list, file and notice; its rows carry the printed headers. This maps
them onto COLUMNS the way the parsers do, so the dataset stage can be checked on real values.
"""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Final

import pandas as pd

from crawler.constants import COLUMNS

REAL_ROWS: Final = Path(__file__).resolve().parent.parent / "replica" / "real_rows"
_LIST_MONTH: Final = re.compile(r"（(\d{4})年(\d{1,2})月）")
_DATE: Final = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:（(.+)）)?")
# The genAI JSON notes that row 286 of 2025-10 (the truncated number) sits in the 已登记 section
# although the tracker tagged it 备案.
IN_REGISTERED_SECTION: Final = {("2025-10", "286")}


@cache
def batches(family: str) -> tuple[dict[str, Any], ...]:
    """The batches of one JSON file (algorithm, cancellations, deep_synthesis, genai)."""
    return tuple(json.loads((REAL_ROWS / f"{family}.json").read_text(encoding="utf-8"))["batches"])


def list_month(name: str) -> str:
    """YYYY-MM from a list's name: 境内深度合成服务算法备案清单（2023年8月） -> 2023-08."""
    match = _LIST_MONTH.search(name)
    return f"{match[1]}-{int(match[2]):02d}" if match else ""


def iso_date(text: str) -> tuple[str, str]:
    """('2026-05-01', '补登') from '2026/5/1（补登）'."""
    match = _DATE.fullmatch(text)
    if not match:
        return text, ""
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}", match[4] or ""


def _provenance(batch: dict[str, Any], position: int) -> dict[str, str]:
    return {
        "notice_url": batch.get("page") or batch["url"],
        "attachment_url": batch["url"],
        "attachment_sha256": "",
        "source_locator": f"table 1 row {position + 2}",
    }


def _algorithm_rows(family: str, list_type: str, role_header: str) -> list[dict[str, str]]:
    rows = []
    for batch in batches(family):
        for position, row in enumerate(batch["rows"]):
            rows.append(
                {
                    "list_type": list_type,
                    "batch": list_month(batch["name"]),
                    "seq": row["序号"],
                    "name": row["算法名称"],
                    role_header: row["角色" if role_header == "role" else "算法类别"],
                    "company": row["主体名称"],
                    "product": row["应用产品"],
                    "purpose": row["主要用途"],
                    "filing_no": row["备案编号"],
                    "remarks": row["备注"],
                    **_provenance(batch, position),
                }
            )
    return rows


def _genai_list_type(batch: dict[str, Any], row: dict[str, str]) -> str:
    if row["_kind"] == "登记" or (batch["period"], row["序号"]) in IN_REGISTERED_SECTION:
        return "genai_registered"
    return "genai_filed"


def _genai_rows() -> list[dict[str, str]]:
    """GenAI rows; the 已登记 header rows printed inside the tables (属地 属地) are no rows."""
    rows = []
    for batch in batches("genai"):
        for position, row in enumerate(batch["rows"]):
            if row["属地"] == "属地":
                continue
            date, note = iso_date(row["备案时间"])
            rows.append(
                {
                    "list_type": _genai_list_type(batch, row),
                    "batch": batch["period"],
                    "seq": row["序号"],
                    "name": row.get("模型名称") or row.get("大模型名称", ""),
                    "company": row["备案单位"],
                    "filing_no": row.get("备案号") or row.get("备案编号", ""),
                    "filing_date": date,
                    "filing_date_note": note,
                    "jurisdiction": row["属地"],
                    **_provenance(batch, position),
                }
            )
    return rows


def _cancellation_rows() -> list[dict[str, str]]:
    """Cancellation rows; a category printed in the 角色 column is the row's category."""
    rows = []
    for batch in batches("cancellations"):
        for position, row in enumerate(batch["rows"]):
            is_category = row["role"].endswith("类")
            rows.append(
                {
                    "list_type": "cancellation",
                    "batch": batch["date"][:7],
                    "seq": str(position + 1),
                    "name": row["name"],
                    "role": "" if is_category else row["role"],
                    "category": row["role"] if is_category else "",
                    "company": row["entity"],
                    "product": row["product"],
                    "filing_no": row["code"],
                    "cancel_month": list_month(f"（{row['cancel']}）"),
                    **_provenance(batch, position),
                }
            )
    return rows


def real_table() -> pd.DataFrame:
    """Every real row of every family, in canonical columns."""
    rows = [
        *_algorithm_rows("deep_synthesis", "deep_synthesis", "role"),
        *_algorithm_rows("algorithm", "algorithm", "category"),
        *_genai_rows(),
        *_cancellation_rows(),
    ]
    return pd.DataFrame(rows).reindex(columns=list(COLUMNS), fill_value="").fillna("")


def real_notice_dates() -> dict[str, str]:
    """Notice URL -> date for the notices whose URL carries none (the cancellation notices)."""
    return {batch["url"]: batch["date"] for batch in batches("cancellations")}
