"""The parse sandbox: one pooled child with memory and time limits; each overrun is a ParseError."""

import logging
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from bench.hostile import docx_grid_span_bomb, plain_docx
from crawler import parsers, sandbox
from crawler.parsers import ParseError, UnknownLayoutError
from crawler.table import parse_through_cache


@pytest.fixture(scope="module")
def box() -> Iterator[sandbox.Sandbox]:
    """A sandbox of its own with a short timeout, ended after the module's tests."""
    runner = sandbox.Sandbox(memory_mb=1024, timeout_s=3)
    yield runner
    runner.close()


def test_a_sandboxed_parse_equals_the_parse_in_process(box) -> None:
    here = parsers.parse_document(plain_docx(), source="plain.docx")
    there = sandbox.parse_document(plain_docx(), source="plain.docx", sandbox=box)
    pd.testing.assert_frame_equal(there, here, check_exact=True)


def test_the_child_is_pooled_across_calls(box) -> None:
    first = box.call("os:getpid", "a.pdf")
    assert box.call("os:getpid", "b.pdf") == first


def test_a_parse_error_keeps_its_type_and_fields(box) -> None:
    with pytest.raises(UnknownLayoutError) as caught:
        box.call("tests.test_hostile_sandbox:raise_layout_error", "x.pdf")
    assert (caught.value.source, caught.value.headers) == ("x.pdf", ["甲", "乙"])


def raise_layout_error() -> None:
    """Raise the error a list of unknown columns gives (run in the child)."""
    raise UnknownLayoutError("x.pdf", ["甲", "乙"])


def test_a_bomb_is_refused_in_the_child(box) -> None:
    with pytest.raises(ParseError, match=r"^span\.docx: refused: gridSpan 400000000 exceeds 64$"):
        sandbox.parse_document(docx_grid_span_bomb(), source="span.docx", sandbox=box)


def test_a_parse_past_the_timeout_is_refused_and_the_child_replaced(box) -> None:
    before = box.call("os:getpid", "a.pdf")
    with pytest.raises(ParseError, match=r"^slow\.pdf: refused: took longer than 3 s$"):
        box.call("time:sleep", "slow.pdf", (60,))
    assert box.call("os:getpid", "a.pdf") != before


def test_a_parse_past_the_memory_limit_is_refused_and_the_child_replaced(box) -> None:
    before = box.call("os:getpid", "a.pdf")
    with pytest.raises(ParseError, match=r"^big\.docx: refused: parsing exceeded 1024 MB$"):
        box.call("builtins:bytearray", "big.docx", (2 * 1024**3,))
    assert box.call("os:getpid", "a.pdf") != before


def test_a_child_that_dies_is_a_refusal(box) -> None:
    message = (
        r"^dead\.pdf: refused: the parsing process died \(signal SIGABRT; its limit is 1024 MB\)$"
    )
    with pytest.raises(ParseError, match=message):
        box.call("os:abort", "dead.pdf")
    assert box.call("math:sqrt", "a.pdf", (4.0,)) == 2.0


def test_another_failure_in_the_child_is_a_parse_error(box) -> None:
    with pytest.raises(
        ParseError, match=r"^odd\.pdf: could not be parsed \(ValueError: math domain"
    ):
        box.call("math:sqrt", "odd.pdf", (-1.0,))


def test_the_childs_warnings_are_logged_in_the_parent(box, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="crawler.parsers"):
        box.call("tests.test_hostile_sandbox:warn", "w.docx")
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("crawler.parsers", "w.docx: a warning from the child")
    ]


def warn() -> None:
    """Log one warning (run in the child)."""
    logging.getLogger("crawler.parsers").warning("w.docx: a warning from the child")


def test_parse_through_cache_refuses_a_bomb_and_caches_nothing(tmp_path: Path) -> None:
    url = "https://www.cac.gov.cn/span.docx"
    with pytest.raises(
        ParseError, match=r"^https://www\.cac\.gov\.cn/span\.docx: refused: gridSpan"
    ):
        parse_through_cache(docx_grid_span_bomb(), url, None, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_result_that_cannot_cross_is_a_parse_error(box) -> None:
    with pytest.raises(ParseError, match=r"^gen\.pdf: could not be parsed \(unpicklable result"):
        box.call("tests.test_hostile_sandbox:a_generator", "gen.pdf")
    assert box.call("math:sqrt", "a.pdf", (9.0,)) == 3.0


def a_generator() -> Iterator[int]:
    """A result pickle cannot carry (run in the child)."""
    return (n for n in range(3))
