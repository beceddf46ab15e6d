"""Mark the matched substrings of result rows, e.g. 北京<mark>字节</mark>跳动科技有限公司."""

from collections.abc import Iterable
from typing import Final

from index.schema import TEXT_FIELDS, normalize_filing_no, normalize_text

HIGHLIGHT_FIELDS: Final = (*TEXT_FIELDS, "filing_no")


def spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) of every occurrence of any needle in `text`."""
    found = []
    for needle in filter(None, needles):
        start = text.find(needle)
        while start >= 0:
            found.append((start, start + len(needle)))
            start = text.find(needle, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, needles: Iterable[str], pre: str, post: str) -> str:
    """`text` with each normalised needle wrapped in pre/post ("" when nothing matches).

    Positions are found in the normalised text; when normalising changed the length (rare:
    collapsed spaces, ligatures), the normalised text is what gets marked.
    """
    norm = normalize_text(text)
    shown = text if len(norm) == len(text) else norm
    found = spans(norm, needles)
    if not found:
        return ""
    out, last = [], 0
    for start, end in found:
        out += [shown[last:start], pre, shown[start:end], post]
        last = end
    return "".join([*out, shown[last:]])


def mark_filing(filing_no: str, prefixes: Iterable[str], pre: str, post: str) -> str:
    """The filing number with its longest matched prefix marked ("" when none matches)."""
    norm = normalize_filing_no(filing_no)
    length = max((len(p) for p in prefixes if p and norm.startswith(p)), default=0)
    if not length:
        return ""
    shown = filing_no if norm == filing_no.casefold() else norm
    return f"{pre}{shown[:length]}{post}{shown[length:]}"


def row_marks(
    row: dict[str, str], texts: list[str], prefixes: list[str], entities: frozenset[str],
    pre: str, post: str,
) -> dict[str, str]:  # fmt: skip
    """Marked text of each field of one row that matched (alias companies marked whole)."""
    marks = {field: mark(row.get(field, ""), texts, pre, post) for field in HIGHLIGHT_FIELDS}
    filing = mark_filing(row.get("filing_no", ""), prefixes, pre, post)
    marks["filing_no"] = filing or marks["filing_no"]
    company = row.get("company", "")
    if entities and normalize_text(company) in entities and not marks["company"]:
        marks["company"] = f"{pre}{company}{post}"
    return {field: text for field, text in marks.items() if text}
