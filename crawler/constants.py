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

# Columns derived from the parsed ones: status, history, filing-number decoding, normalization.
DERIVED_COLUMNS: Final = (
    "status",
    "cancelled_by",
    "cancelled_on",
    "first_seen",
    "division_code",
    "province",
    "city",
    "district",
    "filing_year",
    "company_key",
    "problems",
)
TABLE_COLUMNS: Final = COLUMNS + DERIVED_COLUMNS
