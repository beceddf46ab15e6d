"""The one header crosswalk: every observed header variant -> canonical column."""

import unicodedata
from typing import Final

HEADER_ALIASES: Final[dict[str, str]] = {
    "序号": "seq",
    "编号": "seq",
    "算法名称": "name",
    "模型名称": "name",
    "大模型名称": "name",
    "应用/功能名称": "name",
    "服务名称": "name",
    "产品名称": "name",
    "角色": "role",
    "算法角色": "role",
    "算法类别": "category",
    "主体名称": "company",
    "备案单位": "company",
    "登记单位": "company",
    "备案主体": "company",
    "应用产品": "product",
    "主要用途": "purpose",
    "适用场景": "scenario",
    "备案编号": "filing_no",
    "备案号": "filing_no",
    "上线编号": "filing_no",
    "登记编号": "filing_no",
    "登记号": "filing_no",
    "备案时间": "filing_date",
    "备案日期": "filing_date",
    "登记时间": "filing_date",
    "登记日期": "filing_date",
    "属地": "jurisdiction",
    "所在地": "jurisdiction",
    "备注": "remarks",
    "注销时间": "cancel_month",
    "注销日期": "cancel_month",
}


def normalize_header(text: str) -> str:
    """Fold full-width forms and drop all whitespace, so '备 案\\n编号' -> '备案编号'."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(folded.split())


def canonical_header(text: str) -> str | None:
    """Map one header cell to its canonical column, or None when unknown."""
    return HEADER_ALIASES.get(normalize_header(text))
