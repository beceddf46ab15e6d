"""The search explains itself: repairs, unknown fields and values, aliases, in 中文 and English."""

import string
from pathlib import Path

import pytest

from index.aliases import resolve
from index.notices import LANGS, TEMPLATES, WARNINGS, Notice, describe
from index.query import NOTHING, AllOf, TextTerm, parse_query
from index.schema import PLAIN_FIELDS
from index.search import find
from tests.test_search_fields import ANCHOR, BANK, ix_dir  # noqa: F401 (a fixture)

ALIASES = resolve([("ByteDance", "北京抖音信息服务有限公司")])
ZIJIE = TextTerm("字节", PLAIN_FIELDS)


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_has_a_template_in_both_languages() -> None:
    assert set(TEMPLATES) == set(LANGS)
    assert set(TEMPLATES["zh"]) == set(TEMPLATES["en"])
    assert set(TEMPLATES["en"]) - {"alias", "glossary"} == WARNINGS


@pytest.mark.parametrize("code", sorted(TEMPLATES["en"]))
def test_every_template_formats_with_the_same_values(code: str) -> None:
    names = fields_of(TEMPLATES["en"][code])
    assert fields_of(TEMPLATES["zh"][code]) == names
    notice = Notice(code, {name: f"<{name}>" for name in names})
    for lang in LANGS:
        assert all(f"<{name}>" in describe(notice, lang) for name in names)


def test_an_unknown_language_is_worded_in_english() -> None:
    notice = Notice("dropped_operator", {"operator": "AND"})
    assert describe(notice, "fr") == "Left out “AND”: the operator has nothing to work on."
    assert describe(notice, "zh") == "已忽略“AND”：该运算符缺少作用对象。"


@pytest.mark.parametrize(
    ("query", "node", "codes"),
    [
        ("字节 AND", ZIJIE, ["dropped_operator"]),
        ("company:(字节 AND", ZIJIE, ["dropped_field", "unclosed_paren", "dropped_operator"]),
        ("AND 字节 OR", ZIJIE, ["dropped_operator", "dropped_operator"]),
        ("字节 NOT", ZIJIE, ["dropped_operator"]),
        ("NOT AND 字节", ZIJIE, ["dropped_operator", "dropped_operator"]),
        ("字节 ()", ZIJIE, ["empty_parens"]),
        ("字节)", ZIJIE, ["unopened_paren"]),
        ("(字节 人脸", AllOf((ZIJIE, TextTerm("人脸", PLAIN_FIELDS))), ["unclosed_paren"]),
        ('"字节 AND', ZIJIE, ["unclosed_quote", "plain_words"]),
        ("OR AND NOT", NOTHING, [*["dropped_operator"] * 3, "nothing_left"]),
        ("( )", NOTHING, ["empty_parens", "nothing_left"]),
        ("company:", NOTHING, ["dropped_field", "nothing_left"]),
        ('"', NOTHING, ["unclosed_quote", "nothing_left"]),
    ],
)
def test_what_cannot_be_read_is_left_out(query: str, node: object, codes: list[str]) -> None:
    parsed = parse_query(query, ALIASES)
    assert parsed.node == node
    assert [notice.code for notice in parsed.notices] == codes


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status:", "Left out “status:”: the field has no value (it takes active | cancelled | "
                    "cancellation)."),
        ("year:", "Left out “year:”: the field has no value (it takes YYYY)."),
        ("type:", "Left out “type:”: the field has no value (it takes deep_synthesis | "
                  "genai_filed | genai_registered | algorithm | cancellation | genai)."),
        ("name:", "Left out “name:”: the field has no value."),
    ],
)  # fmt: skip
def test_an_empty_coded_field_names_its_values(query: str, message: str) -> None:
    parsed = parse_query(f"字节 {query}")
    assert (parsed.node, parsed.message) == (ZIJIE, message)


def test_the_message_names_everything_left_out() -> None:
    assert parse_query("company:(字节 AND").message == (
        "Left out “company:”: the field has no value. "
        "Left out “(”: a parenthesis is not closed. "
        "Left out “AND”: the operator has nothing to work on."
    )
    assert parse_query('"字节 AND').message == (
        "Could not read the query (a quote is not closed). Searched for the plain words: 字节"
    )


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("type:foo", Notice("bad_type", {
            "value": "foo", "families": "genai",
            "types": "deep_synthesis, genai_filed, genai_registered, algorithm, cancellation",
        })),
        ("year:abc", Notice("bad_year", {"value": "abc"})),
        ("year:24", Notice("bad_year", {"value": "24"})),
        ("batch:2024-13", Notice("bad_batch", {"value": "2024-13"})),
        ("status:maybe",
         Notice("bad_status", {"value": "maybe", "statuses": "active | cancelled | cancellation"})),
    ],
)  # fmt: skip
def test_a_value_a_field_cannot_take_matches_nothing_and_says_why(
    ix_dir: Path,  # noqa: F811
    query: str,
    notice: Notice,
) -> None:
    result = find(ix_dir, f"数字人 {query}")
    assert (result.total, result.notices) == (0, (notice,))


def test_messages_for_unknown_values_name_the_valid_ones(ix_dir: Path) -> None:  # noqa: F811
    assert find(ix_dir, "batch:2024-13").message == (
        "“batch:2024-13” matches no filing: a batch is YYYY or YYYY-MM, such as 2024 or 2024-04."
    )
    assert describe(find(ix_dir, "year:abc").notices[0], "zh") == (
        "“year:abc”不匹配任何备案：年份应为四位数字，如 2024。"
    )


def test_valid_values_have_no_notice(ix_dir: Path) -> None:  # noqa: F811
    result = find(ix_dir, "数字人 type:deep year:2024 batch:2024-04 status:active")
    assert (result.rows["name"].tolist(), result.notices) == ([ANCHOR], ())


def test_an_unknown_field_is_read_as_its_value(ix_dir: Path) -> None:  # noqa: F811
    result = find(ix_dir, "firm:数字人")
    assert set(result.rows["name"]) == {BANK, ANCHOR}
    assert result.message == (
        "There is no field “firm:”; searched for “数字人” as a plain word. Fields: name:, "
        "company:, product:, purpose:, role:, category:, scenario:, filing_no:, type:, "
        "province:, year:, batch:, status:"
    )


def test_a_web_address_stays_one_word() -> None:
    parsed = parse_query("http://example.com")
    assert (parsed.node, parsed.notices) == (TextTerm("http://example.com", PLAIN_FIELDS), ())


def test_dangling_operators_search_the_rest(ix_dir: Path) -> None:  # noqa: F811
    assert find(ix_dir, "抖音 AND").rows["name"].tolist() == [ANCHOR]
    assert find(ix_dir, "company:(抖音 AND").rows["name"].tolist() == [ANCHOR]


def test_aliases_used_are_notices_not_warnings(ix_dir: Path) -> None:  # noqa: F811
    result = find(ix_dir, "ByteDance", aliases=ALIASES)
    alias = Notice(
        "alias", {"alias": "ByteDance", "count": "1", "entities": "北京抖音信息服务有限公司"}
    )
    assert (result.notices, result.message) == ((alias,), None)
    assert describe(alias) == "ByteDance also matches 1 entities: 北京抖音信息服务有限公司"
    assert result.needles == ("bytedance", "北京抖音信息服务有限公司")


def test_the_company_filter_alias_is_a_notice_too(ix_dir: Path) -> None:  # noqa: F811
    result = find(ix_dir, "数字 AND", company="ByteDance", aliases=ALIASES)
    assert [notice.code for notice in result.notices] == ["dropped_operator", "alias"]
    assert result.rows["name"].tolist() == [ANCHOR]


def test_warnings_come_before_other_notices(ix_dir: Path) -> None:  # noqa: F811
    result = find(ix_dir, "ByteDance year:abc", aliases=ALIASES)
    assert [notice.code for notice in result.notices] == ["bad_year", "alias"]


def test_an_over_long_query_says_so_in_chinese() -> None:
    notice = parse_query("脸" * 1001).notices[0]
    assert describe(notice, "zh") == "查询有 1,001 个字符，超过上限 1,000，未作检索。"


def test_bank_row_is_found_by_the_repaired_query(ix_dir: Path) -> None:  # noqa: F811
    assert find(ix_dir, "(数字人民币 OR").rows["name"].tolist() == [BANK]
