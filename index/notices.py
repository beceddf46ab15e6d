"""What a search tells its user about the query: structured notices, worded per language.

The query layer (index/query.py, index/search.py) records a Notice with a code and values;
`describe(notice, lang)` words it in 中文 or English, so the CLI (English) and the UI (the
user's language) say the same thing. Every code has a template in both languages
(tests/test_search_notices.py). Codes in WARNINGS mean the query was not searched as typed;
the others say how it was widened (aliases, glossary terms).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

LANGS: Final = ("zh", "en")


@dataclass(frozen=True)
class Notice:
    """One thing the search wants its user to know: a code and the values its text names."""

    code: str
    values: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_warning(self) -> bool:
        """Whether the query was not searched as typed."""
        return self.code in WARNINGS


TEMPLATES: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "too_long": "查询有 {length} 个字符，超过上限 {limit}，未作检索。",
        "too_deep": "无法解析查询（括号与 NOT 嵌套超过 {limit} 层）。",
        "unclosed_quote": "无法解析查询（引号未闭合）。",
        "malformed": "无法解析查询。",
        "plain_words": "已改为检索普通词语：{words}",
        "nothing_left": "没有剩下可检索的内容，因此没有结果。",
        "dropped_operator": "已忽略“{operator}”：该运算符缺少作用对象。",
        "dropped_field": "已忽略“{field}:”：该字段没有值。",
        "dropped_field_values": "已忽略“{field}:”：该字段没有值（可取 {values}）。",
        "unclosed_paren": "已忽略“(”：括号未闭合。",
        "unopened_paren": "已忽略“)”：右括号没有对应的左括号。",
        "empty_parens": "已忽略“()”：括号内没有内容。",
        "unknown_field": (
            "没有“{field}:”这个字段，已把“{value}”当作普通词语检索。可用字段：{fields}"
        ),
        "bad_type": (
            "“type:{value}”不匹配任何备案：清单类型应为 {types} 之一，或类别前缀 {families}。"
        ),
        "bad_year": "“year:{value}”不匹配任何备案：年份应为四位数字，如 2024。",
        "bad_batch": (
            "“batch:{value}”不匹配任何备案：批次应写作 YYYY 或 YYYY-MM，如 2024 或 2024-04。"
        ),
        "bad_status": "“status:{value}”不匹配任何备案：状态应为 {statuses}。",
        "alias": "{alias} 还匹配 {count} 个主体：{entities}",
        "glossary": "“{term}”也检索了中文词语：{words}",
    },
    "en": {
        "too_long": (
            "Could not read the query (it has {length} characters, more than the {limit} a "
            "query may have); nothing was searched."
        ),
        "too_deep": (
            "Could not read the query (parentheses and NOTs nest deeper than {limit} levels)."
        ),
        "unclosed_quote": "Could not read the query (a quote is not closed).",
        "malformed": "Could not read the query.",
        "plain_words": "Searched for the plain words: {words}",
        "nothing_left": "Nothing is left to search for, so nothing matches.",
        "dropped_operator": "Left out “{operator}”: the operator has nothing to work on.",
        "dropped_field": "Left out “{field}:”: the field has no value.",
        "dropped_field_values": "Left out “{field}:”: the field has no value (it takes {values}).",
        "unclosed_paren": "Left out “(”: a parenthesis is not closed.",
        "unopened_paren": "Left out “)”: a closing parenthesis has no opening one.",
        "empty_parens": "Left out “()”: the parentheses hold nothing.",
        "unknown_field": (
            "There is no field “{field}:”; searched for “{value}” as a plain word. Fields: {fields}"
        ),
        "bad_type": (
            "“type:{value}” matches no filing: a list type is one of {types}, "
            "or a family prefix ({families})."
        ),
        "bad_year": "“year:{value}” matches no filing: a year has 4 digits, such as 2024.",
        "bad_batch": (
            "“batch:{value}” matches no filing: a batch is YYYY or YYYY-MM, "
            "such as 2024 or 2024-04."
        ),
        "bad_status": "“status:{value}” matches no filing: a status is {statuses}.",
        "alias": "{alias} also matches {count} entities: {entities}",
        "glossary": "“{term}” also finds the Chinese words {words}",
    },
}
WARNINGS: Final = frozenset(TEMPLATES["en"]) - {"alias", "glossary"}


def describe(notice: Notice, lang: str = "en") -> str:
    """The notice in `lang` (English when the language is unknown)."""
    templates = TEMPLATES.get(lang, TEMPLATES["en"])
    template = templates.get(notice.code) or TEMPLATES["en"].get(notice.code, notice.code)
    return template.format(**notice.values)


def warning_text(notices: Iterable[Notice]) -> str | None:
    """The English text of the warnings among `notices` (None when there is none)."""
    texts = [describe(notice, "en") for notice in notices if notice.is_warning]
    return " ".join(texts) or None


def unique(notices: Iterable[Notice]) -> tuple[Notice, ...]:
    """The notices without repeats, in order."""
    seen: dict[tuple[str, tuple[tuple[str, str], ...]], Notice] = {}
    for notice in notices:
        seen.setdefault((notice.code, tuple(sorted(notice.values.items()))), notice)
    return tuple(seen.values())
