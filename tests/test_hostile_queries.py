"""Hostile queries: deep nesting and huge input answer with a message, never a traceback."""

from pathlib import Path

import pytest

from index.query import MAX_DEPTH, MAX_QUERY_CHARS, NotOf, TextTerm, parse_query
from index.schema import PLAIN_FIELDS
from index.search import SearchResult, find
from tests.ui_helpers import build_ui_index

DEEP_PARENS = "(" * 329 + "人脸" + ")" * 329
DEPTH_MESSAGE = (
    f"Could not read the query (parentheses and NOTs nest deeper than {MAX_DEPTH} levels)."
)


@pytest.fixture(scope="module")
def ix_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ui_index(tmp_path_factory.mktemp("hostile"))


def test_nesting_at_the_limit_is_read() -> None:
    parsed = parse_query("NOT " * MAX_DEPTH + "x")
    assert parsed.message is None
    assert isinstance(parsed.node, NotOf)


def test_nesting_past_the_limit_is_searched_as_plain_words() -> None:
    parsed = parse_query("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    assert parsed.node == TextTerm("x", PLAIN_FIELDS)
    assert parsed.message == f"{DEPTH_MESSAGE} Searched for the plain words: x"


def test_329_nested_parentheses_find_the_word(ix_dir: Path) -> None:
    result = find(ix_dir, DEEP_PARENS)
    assert result.message == f"{DEPTH_MESSAGE} Searched for the plain words: 人脸"
    assert result.rows["name"].tolist() == ["人脸融合算法"]


def test_200_nots_are_too_deep_and_the_operators_are_left_out(ix_dir: Path) -> None:
    result = find(ix_dir, "NOT " * 200 + "人脸")
    assert result.message == f"{DEPTH_MESSAGE} Searched for the plain words: 人脸"
    assert result.rows["name"].tolist() == ["人脸融合算法"]


@pytest.mark.parametrize(
    ("query", "length"),
    [("NOT " * 1000 + "人脸", "4,002"), ("人脸 " * 34_000, "102,000")],
    ids=["1000-nots", "100kb"],
)
def test_an_over_long_query_is_refused(ix_dir: Path, query: str, length: str) -> None:
    result = find(ix_dir, query)
    assert result.message == (
        f"Could not read the query (it has {length} characters, more than the 1,000 a query"
        " may have); nothing was searched."
    )
    assert (result.total, len(result.rows)) == (0, 0)


def test_a_query_of_the_maximum_length_is_read() -> None:
    parsed = parse_query("脸" * MAX_QUERY_CHARS)
    assert parsed.message is None
    assert parsed.node == TextTerm("脸" * MAX_QUERY_CHARS, PLAIN_FIELDS)


def test_a_refusal_is_a_search_result(ix_dir: Path) -> None:
    assert isinstance(find(ix_dir, "x" * (MAX_QUERY_CHARS + 1)), SearchResult)
