"""What a search tells its user about the query: structured notices, worded per language.

The query layer (index/query.py, index/search.py) records a Notice with a code and values;
`describe(notice, lang)` words it in 中文 or English, so the CLI (English) and the UI (the
user's language) say the same thing. Every code has a template in both languages
(tests/test_search_notices.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

LANGS: Final = ("zh", "en")


@dataclass(frozen=True)
class Notice:
    """One thing the search wants its user to know: a code and the values its text names."""

    code: str
    values: Mapping[str, str] = field(default_factory=dict)


TEMPLATES: Final[dict[str, dict[str, str]]] = {
    "zh": {},
    "en": {},
}


def describe(notice: Notice, lang: str = "en") -> str:
    """The notice in `lang` (English when the language is unknown)."""
    templates = TEMPLATES.get(lang, TEMPLATES["en"])
    template = templates.get(notice.code) or TEMPLATES["en"].get(notice.code, notice.code)
    return template.format(**notice.values)
