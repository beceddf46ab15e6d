"""Enumerations and the canonical column list, defined once for the whole project."""

from typing import Final

from crawler import families as _families

LIST_TYPES: Final = (
    "deep_synthesis",
    "genai_filed",
    "genai_registered",
    "algorithm",
    "cancellation",
)

# Columns a parser fills from the document itself, in output order (docs/data-dictionary.md).
# category: 算法类别 (algorithm lists; a category printed in a cancellation list's 角色 column);
# scenario: 适用场景 (on-device genAI); filing_date_note: what follows a date, as 补登 in
# 2026/5/1（补登）; cancel_month: 注销时间 of a cancellation list (2025年7月 -> 2025-07).
DOCUMENT_COLUMNS: Final = (
    "list_type",
    "batch",
    "seq",
    "name",
    "role",
    "category",
    "company",
    "product",
    "purpose",
    "scenario",
    "filing_no",
    "filing_date",
    "filing_date_note",
    "jurisdiction",
    "remarks",
    "cancel_month",
)
PROVENANCE_COLUMNS: Final = (
    "notice_url",
    "attachment_url",
    "attachment_sha256",
    "source_locator",
)
# Canonical table columns, in output order.
COLUMNS: Final = DOCUMENT_COLUMNS + PROVENANCE_COLUMNS

REAL_SITE: Final = "https://www.cac.gov.cn"
REAL_NOTICE_API: Final = "https://beian.cac.gov.cn/api/notice/list"
DOWNLOAD_PATH: Final = "/cms/pub/interact/downloadfile.jsp"

# Columns derived from the parsed ones: provenance date, status, history, filing-number decoding,
# normalization and row checks (docs/data-dictionary.md explains each).
# What a filing number decodes to (GB/T 2260 division, year; generative-AI numbers: a date;
# algorithm numbers: the category of their 2-digit code; central_soe: "yes" for a central
# state-owned enterprise, ZhongYangQiYe- / 属地 国资委, which has no province).
DECODED_COLUMNS: Final = (
    "division_code",
    "province",
    "city",
    "district",
    "filing_year",
    "filing_no_date",
    "filing_category",
    "central_soe",
)
# events: the kinds of event the row's remarks record (cancelled, renamed, product_added,
# changed), "; "-joined; the events themselves are data/processed/events.csv.
DERIVED_COLUMNS: Final = (
    "notice_date",
    "status",
    "cancelled_by",
    "cancelled_on",
    "first_seen",
    *DECODED_COLUMNS,
    "company_key",
    "events",
    "problems",
)
TABLE_COLUMNS: Final = COLUMNS + DERIVED_COLUMNS

# The closed set of roles (角色); a cell naming both roles becomes ROLE_BOTH.
ROLE_PROVIDER: Final = "服务提供者"
ROLE_SUPPORTER: Final = "服务技术支持者"
ROLE_BOTH: Final = f"{ROLE_PROVIDER}、{ROLE_SUPPORTER}"
ROLES: Final = (ROLE_PROVIDER, ROLE_SUPPORTER, ROLE_BOTH)

# status: a listed filing is active or cancelled; a row of a cancellation notice is a cancellation.
STATUS_ACTIVE: Final = "active"
STATUS_CANCELLED: Final = "cancelled"
STATUS_CANCELLATION: Final = "cancellation"
STATUSES: Final = (STATUS_ACTIVE, STATUS_CANCELLED, STATUS_CANCELLATION)

# Fields every row of a list type must fill (crawler/families.py); an empty one is a problem.
REQUIRED_FIELDS: Final = _families.REQUIRED_FIELDS
