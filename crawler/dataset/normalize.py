"""Normalize roles and company names; key company spelling variants to one entity.

The raw cell text stays in the downloaded files (data/raw) for audit; the table carries these.
"""

import re
import unicodedata
from typing import Final

from crawler.constants import ROLE_BOTH, ROLE_PROVIDER, ROLE_SUPPORTER

_ONE_ROLE: Final = f"(?:{ROLE_PROVIDER}|{ROLE_SUPPORTER})"
_ROLE_CELL: Final = re.compile(f"({_ONE_ROLE})(?:[、,，/／;；和及与&+]?({_ONE_ROLE}))?")
_SPACES: Final = re.compile(r"\s+")
# A space survives only between two Latin letters or digits ("Apple Inc"); others go.
_LONE_SPACE: Final = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")
_BRACKETS: Final = str.maketrans({"(": "（", ")": "）", "[": "［", "]": "］"})


def normalize_role(text: str) -> str | None:
    """One of ROLES for a role cell ('服务提供者/服务技术支持者' -> ROLE_BOTH); None if unknown."""
    folded = "".join(unicodedata.normalize("NFKC", text or "").split())
    match = _ROLE_CELL.fullmatch(folded)
    if match is None:
        return None
    roles = {role for role in match.groups() if role}
    return ROLE_BOTH if len(roles) == 2 else roles.pop()


def normalize_company(text: str) -> str:
    """Fold full-width forms, drop stray spaces and line breaks, and use full-width brackets.

    '阿里巴巴(中国)有限公司 ' and '阿里巴巴（中国）有限公司' both become '阿里巴巴（中国）有限公司'.
    """
    folded = unicodedata.normalize("NFKC", text or "")
    spaced = _SPACES.sub(" ", folded).strip()
    return _LONE_SPACE.sub("", spaced).translate(_BRACKETS)


def company_key(text: str) -> str:
    """A grouping key for spelling variants of one entity: normalized, no spaces, case-folded."""
    return normalize_company(text).replace(" ", "").casefold()
