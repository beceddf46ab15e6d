"""Enumerations and the canonical column list, defined once for the whole project."""

from typing import Final

LIST_TYPES: Final = (
    "deep_synthesis",
    "genai_filed",
    "genai_registered",
    "algorithm",
    "cancellation",
)

# Canonical table columns, in output order.
COLUMNS: Final = (
    "list_type",
    "batch",
    "seq",
    "name",
    "role",
    "company",
    "product",
    "purpose",
    "filing_no",
    "filing_date",
    "jurisdiction",
    "remarks",
    "notice_url",
    "attachment_url",
    "attachment_sha256",
    "source_locator",
)

# Columns a parser fills from the document itself; the rest is provenance.
DOCUMENT_COLUMNS: Final = COLUMNS[:12]
PROVENANCE_COLUMNS: Final = COLUMNS[12:]

REAL_SITE: Final = "https://www.cac.gov.cn"
REAL_NOTICE_API: Final = "https://beian.cac.gov.cn/api/notice/list"
DOWNLOAD_PATH: Final = "/cms/pub/interact/downloadfile.jsp"

# Columns derived from the parsed ones: provenance date, status, history, filing-number decoding,
# normalization and row checks (docs/data-dictionary.md explains each).
# What a filing number decodes to (GB/T 2260 division, year; generative-AI numbers: a date).
DECODED_COLUMNS: Final = (
    "division_code",
    "province",
    "city",
    "district",
    "filing_year",
    "filing_no_date",
)
DERIVED_COLUMNS: Final = (
    "notice_date",
    "status",
    "cancelled_by",
    "cancelled_on",
    "first_seen",
    *DECODED_COLUMNS,
    "company_key",
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

# Fields every row of a list type must fill; an empty one is a problem of the row.
REQUIRED_FIELDS: Final = {
    "deep_synthesis": ("name", "role", "company", "filing_no"),
    "algorithm": ("name", "role", "company", "filing_no"),
    "genai_filed": ("name", "company", "filing_no", "jurisdiction"),
    "genai_registered": ("name", "company", "filing_no", "jurisdiction"),
    "cancellation": ("name", "company", "filing_no"),
}
