"""Reading a shared link: ranges clamped to stored batches, query-language spellings, notes."""

from pathlib import Path

import pytest

from index.search import ALL_FACETS, find
from tests.ui_helpers import build_ui_index
from ui.urlstate import SearchView, UrlNote, read_url, resolve, url_is_new

BATCHES = ["2023-06", "2023-08", "2024-04", "2025-06", "2026-07"]
KNOWN = {
    "list_type": ["deep_synthesis", "genai_filed", "genai_registered", "algorithm", "cancellation"],
    "status": ["active", "cancelled", "cancellation"],
    "province": ["北京市", "广东省", "上海市", ""],
    "role": ["服务提供者", "服务技术支持者", "服务提供者、服务技术支持者", ""],
    "category": ["个性化推送类", "排序精选类", ""],
}


def read(**params: str) -> tuple[SearchView, tuple[UrlNote, ...]]:
    return read_url(params, KNOWN, BATCHES)


def test_a_range_shows_the_stored_batches_inside_it() -> None:
    view, notes = read(**{"from": "2023-01", "to": "2025-06"})
    assert view.batches == ("2023-06", "2025-06")
    assert notes == (UrlNote("range", "from/to", "2023-01–2025-06", shown=("2023-06", "2025-06")),)


def test_a_bound_between_batches_moves_inward() -> None:
    view, notes = read(**{"from": "2023-07", "to": "2025-01"})
    assert view.batches == ("2023-08", "2024-04")
    assert notes[0].shown == ("2023-08", "2024-04")


def test_a_range_of_stored_batches_has_no_note() -> None:
    assert read(**{"from": "2023-08", "to": "2024-04"}) == (
        SearchView(batches=("2023-08", "2024-04")),
        (),
    )


def test_one_bound_and_reversed_bounds() -> None:
    assert read(to="2024-04")[0].batches == ("2023-06", "2024-04")
    assert read(**{"from": "2025-06", "to": "2023-08"})[0].batches == ("2023-08", "2025-06")


def test_a_range_covering_every_batch_is_no_range() -> None:
    view, notes = read(**{"from": "2020-01", "to": "2030-12"})
    assert view.batches is None
    assert [note.kind for note in notes] == ["range"]


def test_a_range_without_batches_is_named() -> None:
    view, notes = read(**{"from": "2019-01", "to": "2020-12"})
    assert view.batches is None
    assert notes == (UrlNote("empty_range", "from/to", "2019-01–2020-12"),)
    assert notes[0].warning


def test_a_year_bound_stands_for_its_first_or_last_month() -> None:
    view, notes = read(**{"from": "2024", "to": "2025"})
    assert view.batches == ("2024-04", "2025-06")
    assert notes == (UrlNote("range", "from/to", "2024-01–2025-12", shown=("2024-04", "2025-06")),)


def test_a_bound_that_is_no_month_is_ignored() -> None:
    view, notes = read(**{"from": "last-year", "to": "2024-04"})
    assert view.batches == ("2023-06", "2024-04")
    assert notes == (UrlNote("unknown_value", "from", "last-year"),)


@pytest.mark.parametrize(
    ("param", "raw", "values"),
    [
        ("type", "genai", ("genai_filed", "genai_registered")),
        ("type", "深度合成", ("deep_synthesis",)),
        ("type", "已登记", ("genai_registered",)),
        ("province", "北京", ("北京市",)),
        ("province", "beijing", ("北京市",)),
        ("province", "Guangdong", ("广东省",)),
        ("status", "注销", ("cancelled",)),
        ("status", "canceled", ("cancelled",)),
        ("category", "个性化", ("个性化推送类",)),
    ],
)
def test_filter_values_accept_the_query_languages_spellings(
    param: str, raw: str, values: tuple[str, ...]
) -> None:
    view, notes = read(**{param: raw})
    facet = {"type": "list_type"}.get(param, param)
    assert view.chosen == {facet: values}
    assert notes == (UrlNote("read_as", param, raw, facet, values),)
    assert not notes[0].warning


def test_values_the_index_holds_are_taken_as_they_are() -> None:
    view, notes = read(type="genai_filed,deep_synthesis", status="cancelled", role="(none)")
    assert view.chosen == {
        "list_type": ("genai_filed", "deep_synthesis"),
        "role": ("",),
        "status": ("cancelled",),
    }
    assert notes == ()


def test_a_spelling_and_a_value_it_covers_choose_it_once() -> None:
    view, _ = read(type="genai_filed,genai")
    assert view.chosen == {"list_type": ("genai_filed", "genai_registered")}


def test_every_ignored_part_is_noted_in_url_order() -> None:
    view, notes = read(
        q="字节", colour="red", type="nonsense,algorithm", province="火星", sort="newest", lang="fr"
    )
    assert view == SearchView(query="字节", chosen={"list_type": ("algorithm",)})
    assert notes == (
        UrlNote("unknown_param", "colour", "red"),
        UrlNote("unknown_param", "lang", "fr"),
        UrlNote("unknown_value", "type", "nonsense", "list_type"),
        UrlNote("unknown_value", "province", "火星", "province"),
        UrlNote("bad_sort", "sort", "newest"),
    )
    assert all(note.warning for note in notes)


def test_an_empty_value_the_index_lacks_is_named_as_in_the_url() -> None:
    _, notes = read_url({"category": "(none)"}, {"category": ["个性化推送类"]}, BATCHES)
    assert notes == (UrlNote("unknown_value", "category", "(none)", "category"),)


def test_resolve_against_the_indexed_facets(tmp_path: Path) -> None:
    facets = find(build_ui_index(tmp_path), "", limit=0, facets=ALL_FACETS).facets
    assert resolve("province", "shanghai", facets["province"]) == ("上海市",)
    assert resolve("list_type", "genai", facets["list_type"]) == (
        "genai_filed",
        "genai_registered",
    )
    assert resolve("role", "技术支持", facets["role"]) == (
        "服务技术支持者",
        "服务提供者、服务技术支持者",
    )


def test_a_url_is_new_unless_the_page_published_it() -> None:
    assert url_is_new({}, None)
    assert url_is_new({"q": "字节"}, {"q": "百度"})
    assert not url_is_new({"q": "字节", "lang": "en"}, {"lang": "en", "q": "字节"})
