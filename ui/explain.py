"""What the search page says about a search and a link: pure wording of notices and matches.

The search's own notices (index.notices) are worded by `describe` in the UI's language; the
parts of a link the page ignored (ui.urlstate.UrlNote) by the url_* labels. A row's "why it
matched" names each field a query word was found in, the match marked 【 】 (a table cell
shows no HTML), cut to a snippet around the first match.
"""

from typing import Final

from index.notices import describe
from index.search import SORTS, SearchResult
from ui.labels import column, text, value
from ui.results import plain
from ui.urlstate import UrlNote

PRE: Final = "【"
POST: Final = "】"
ELLIPSIS: Final = "…"
CONTEXT: Final = 8  # characters kept before the first match
WIDTH: Final = 36  # characters a field's snippet keeps at most
FIELD_SEPARATOR: Final = " · "


def search_lines(result: SearchResult, lang: str) -> list[tuple[bool, str]]:
    """(is a warning, Markdown-safe text) of each thing the search tells its user; the
    malformed-query message stands in when the search recorded no notices."""
    if result.notices:
        return [(n.is_warning, plain(describe(n, lang))) for n in result.notices]
    if result.message:
        return [(True, text(lang, "malformed", message=plain(result.message)))]
    return []


def url_line(note: UrlNote, lang: str) -> str:
    """One ignored or reinterpreted part of a link, in `lang`, safe for Markdown."""
    values = {
        "param": plain(note.param),
        "value": plain(note.value),
        "values": plain("、".join(value(lang, note.facet, code) for code in note.shown)),
        "sorts": plain(", ".join(SORTS)),
        "low": plain(note.shown[0]) if note.shown else "",
        "high": plain(note.shown[-1]) if note.shown else "",
    }
    return text(lang, f"url_{note.kind}", **values)


def snippet(marked: str, width: int = WIDTH) -> str:
    """`marked` cut to about `width` characters, starting a little before its first match."""
    if len(marked) <= width:
        return marked
    start = max(marked.find(PRE) - CONTEXT, 0)
    end = start + width
    return (ELLIPSIS if start else "") + marked[start:end] + (ELLIPSIS if end < len(marked) else "")


def why_matched(result: SearchResult, lang: str) -> list[str]:
    """Per row of the result: the fields the query's words were found in, marked; empty
    strings when the query has no text or filing-number words."""
    if not (result.needles or result.prefixes):
        return [""] * len(result.rows)
    return [
        FIELD_SEPARATOR.join(
            f"{column(lang, name)}: {snippet(marked)}" for name, marked in row.items()
        )
        for row in result.highlights(PRE, POST)
    ]
