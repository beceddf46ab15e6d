"""The query language parser: fields, operators and precedence, aliases, malformed input."""

import pytest

from index.aliases import Aliases, load_aliases, resolve
from index.query import (
    AllOf,
    AnyOf,
    FilingTerm,
    KeywordTerm,
    NotOf,
    TextTerm,
    looks_like_filing_no,
    parse_query,
)
from index.schema import PLAIN_FIELDS

ALIASES = resolve([("ByteDance", "北京字节跳动科技有限公司"), ("字节", "ByteDance"),
                   ("Ant Group", "蚂蚁科技集团股份有限公司")])  # fmt: skip


def text(value: str, *fields: str, entities: tuple[str, ...] = ()) -> TextTerm:
    return TextTerm(value, fields or PLAIN_FIELDS, entities)


def node(query: str) -> object:
    parsed = parse_query(query, ALIASES)
    assert parsed.message is None, parsed.message
    return parsed.node


def test_words_are_anded() -> None:
    assert node("字节 人脸") == AllOf((text("字节"), text("人脸")))
    assert node("字节 AND 人脸") == node("字节 人脸")


def test_not_binds_tighter_than_and_tighter_than_or() -> None:
    a, b, c = text("a"), text("b"), text("c")
    assert node("a OR b c") == AnyOf((a, AllOf((b, c))))
    assert node("NOT a b") == AllOf((NotOf(a), b))
    assert node("-a b") == AllOf((NotOf(a), b))
    assert node("(a OR b) c") == AllOf((AnyOf((a, b)), c))
    assert node("NOT (a OR b)") == NotOf(AnyOf((a, b)))


def test_lower_case_operators_are_words() -> None:
    assert node("a or b") == AllOf((text("a"), text("or"), text("b")))


def test_quotes_keep_a_phrase_including_chinese_quotes() -> None:
    assert node('"ernie bot"') == text("ernie bot")
    assert node("“字节 跳动”") == text("字节 跳动")
    assert node("「字节 跳动」") == text("字节 跳动")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("company:百度", text("百度", "company")),
        ("Company:百度", text("百度", "company")),
        ("company：百度", text("百度", "company")),
        ('company:"百度 网讯"', text("百度 网讯", "company")),
        ("name:人脸", text("人脸", "name")),
        ("product:抖音", text("抖音", "product")),
        ("purpose:推荐", text("推荐", "purpose")),
        ("role:技术支持者", text("技术支持者", "role")),
        ("filing_no:网信算备 ", FilingTerm("网信算备")),
        ("no:Beijing-YunQue", FilingTerm("beijing-yunque")),
        ("type:deep_synthesis", KeywordTerm("list_type", "deep_synthesis", "exact")),
        ("type:genai", KeywordTerm("list_type", "genai", "prefix")),
        ("type:深度合成", KeywordTerm("list_type", "deep_synthesis", "exact")),
        ("list_type:已备案", KeywordTerm("list_type", "genai_filed", "exact")),
        ("province:北京", KeywordTerm("province", "北京", "contains")),
        ("province:Beijing", KeywordTerm("province", "北京", "contains")),
        ("year:2024", KeywordTerm("filing_year", "2024", "exact")),
        ("batch:2024", KeywordTerm("batch", "2024", "prefix")),
        ("status:注销", KeywordTerm("status", "cancelled", "exact")),
        ("status:Active", KeywordTerm("status", "active", "exact")),
        ("网信算备1101", FilingTerm("网信算备1101")),
        ("Beijing-YunQue-2023", FilingTerm("beijing-yunque-2023")),
        ("http://example.com", text("http://example.com")),
    ],
)
def test_fields_map_to_terms(query: str, expected: object) -> None:
    assert node(query) == expected


def test_keyword_terms_test_values() -> None:
    assert KeywordTerm("province", "北京", "contains").accepts("北京市")
    assert not KeywordTerm("province", "北京", "contains").accepts("天津市")
    assert KeywordTerm("batch", "2024", "prefix").accepts("2024-04")
    assert not KeywordTerm("filing_year", "2024", "exact").accepts("20241")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("网信算备110108", True), ("网信算备", True), ("beijing-yunque-2023", True),
     ("Zhejiang-DeepSeek-20240101", True), ("110108", False), ("beijing-yunque", False),
     ("字节", False)],
)  # fmt: skip
def test_filing_number_shapes(value: str, expected: bool) -> None:
    assert looks_like_filing_no(value) is expected


def test_latin_alias_expands_as_a_plain_word_chinese_only_after_company() -> None:
    entities = ("北京字节跳动科技有限公司",)
    assert node("ByteDance") == text("bytedance", entities=entities)
    assert node('"BYTEDANCE"') == text("bytedance", entities=entities)
    assert node("字节") == text("字节")
    assert node("company:字节") == text("字节", "company", entities=entities)
    assert node("name:ByteDance") == text("bytedance", "name")


def test_adjacent_words_forming_an_alias_are_joined() -> None:
    ant = ("蚂蚁科技集团股份有限公司",)
    assert node("Ant Group") == text("ant group", entities=ant)
    assert node("ant group 支付") == AllOf((text("ant group", entities=ant), text("支付")))
    assert node("ant -group") == AllOf((text("ant"), NotOf(text("group"))))


def test_parse_reports_the_aliases_it_used() -> None:
    parsed = parse_query("ByteDance OR company:字节", ALIASES)
    assert parsed.aliases == {
        "ByteDance": ("北京字节跳动科技有限公司",),
        "字节": ("北京字节跳动科技有限公司",),
    }


def test_positive_terms_leave_out_negated_ones() -> None:
    parsed = parse_query("字节 NOT 抖音 (人脸 OR 网信算备11) year:2024", ALIASES)
    assert parsed.positive_terms == [text("字节"), text("人脸"), FilingTerm("网信算备11")]


def test_empty_query_and_empty_phrase_match_everything() -> None:
    assert parse_query("").node is None
    assert parse_query('""').node is None
    assert parse_query("   ").message is None


def test_builtin_aliases_cover_the_major_groups() -> None:
    aliases = load_aliases()
    assert {
        "北京字节跳动科技有限公司",
        "北京抖音信息服务有限公司",
        "北京有竹居网络技术有限公司",
    } <= set(aliases.entities("bytedance"))
    assert aliases.entities("字节") == aliases.entities("ByteDance")
    assert aliases.entities("PDD") == ("上海寻梦信息技术有限公司",)
    for name in ("Baidu", "Alibaba", "Tencent", "Kuaishou", "Meituan", "iFlytek", "SenseTime",
                 "JD", "NetEase", "Xiaomi", "Pinduoduo", "Ant", "Huawei", "Zhipu", "Moonshot",
                 "MiniMax", "DeepSeek"):  # fmt: skip
        assert aliases.entities(name), name
    assert aliases.entities("抖音") == ()  # a product, not a group: searched as text


def test_alias_chains_resolve_and_cycles_stop() -> None:
    aliases = resolve([("a", "b"), ("b", "a"), ("b", "公司"), ("c", "a")])
    assert aliases.entities("C") == ("公司",)
    assert Aliases().entities("anything") == ()
