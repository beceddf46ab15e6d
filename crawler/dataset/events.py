"""Read the events that remarks (备注) record: cancellations, renamed entities, added products.

A remark cell holds zero or more events, separated by ；/;/，/, outside quotes and brackets:
``已注销`` (cancelled), ``原主体名称“A”变更为“B”`` (the entity renamed: A's and B's rows share
one company_key), ``2023年12月新增算法使用产品`` (products added, possibly named), and other
changes (``变更内容：…``, ``产品变更、算法输出模态变更、算法模型变更``, ``算法名称由“A”变更为“B”``).
A month printed in a remark (2023年12月) dates its event and the events after it in the cell.
The remark text itself stays in the table as printed; these functions only read it.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd

from crawler.dataset.export import csv_restored, csv_safe
from crawler.dataset.normalize import company_key
from crawler.paths import DataPaths
from crawler.storage import write_atomic

KIND_CANCELLED: Final = "cancelled"
KIND_RENAMED: Final = "renamed"
KIND_PRODUCT_ADDED: Final = "product_added"
KIND_CHANGED: Final = "changed"
EVENT_KINDS: Final = (KIND_CANCELLED, KIND_RENAMED, KIND_PRODUCT_ADDED, KIND_CHANGED)
EVENT_SEPARATOR: Final = "; "  # between the kinds in the table's `events` column
# The row an event was read from, then the event.
ROW_COLUMNS: Final = (
    "filing_no",
    "list_type",
    "batch",
    "notice_url",
    "attachment_url",
    "source_locator",
)
EVENT_FIELDS: Final = ("kind", "field", "old", "new", "month", "text")
EVENT_COLUMNS: Final = (*ROW_COLUMNS, *EVENT_FIELDS)
EVENTS_CSV: Final = "events.csv"

# Quotes and brackets a separator inside of does not split a remark: opener -> closer.
_PAIRS: Final = dict(zip('“「『‘"《（(【', '”」』’"》）)】', strict=True))
_SEPARATORS: Final = frozenset("；;，,")
_Q_OPEN: Final = '[“"「『‘]'
_Q_CLOSE: Final = '[”"」』’]'
_QUOTED: Final = f'{_Q_OPEN}(?P<{{0}}>[^”"」』’]+){_Q_CLOSE}'
# 原主体名称“A”变更为“B”, 算法名称原“A”变更为“B”, 产品名称由“A”变更为“B”.
_QUOTED_CHANGE: Final = re.compile(
    r"原?(?P<subject>主体名称|算法名称|产品名称|应用产品名称|应用产品)\s*(?:原|由)?\s*"
    + _QUOTED.format("old")
    + r"\s*(?:变更|更改|更名|修改)为\s*"
    + _QUOTED.format("new")
)
# 原主体名称A变更为B (unquoted: the whole clause).
_BARE_RENAME: Final = re.compile(
    r"原主体名称(?P<old>[^“”\"「」]+?)(?:变更|更名)为(?P<new>[^“”\"「」]+)"
)
# 变更主要用途 为“…”.
_QUOTED_NEW: Final = re.compile(
    r"变更(?P<subject>主要用途|算法名称|应用产品|产品名称)\s*为\s*" + _QUOTED.format("new")
)
_SUBJECT_FIELDS: Final = {
    "主体名称": "company",
    "算法名称": "name",
    "产品名称": "product",
    "应用产品名称": "product",
    "应用产品": "product",
    "主要用途": "purpose",
}
_PRODUCTS_ADDED: Final = re.compile(
    r"新增(?:算法)?(?:关联|使用|应用)?(?:算法)?产品[：:]?(?P<new>.*)"
)
_ADDED: Final = re.compile(r"新增(?P<new>.+)")
_PRODUCT_WORDS: Final = re.compile(r"APP|App|app|小程序|网站|公众号|客户端|[（(][^）)]*[）)]")
_PRODUCT_UPDATE: Final = re.compile(r"更新(?:应用|使用|关联)?产品$")
_MONTH: Final = re.compile(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月")
_MORE_MONTHS: Final = re.compile(r"\s*(?:、|和|及|与)\s*(?P<month>\d{1,2})\s*月")
_MONTH_ONLY: Final = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*(?:、|和|及|与)\s*\d{1,2}\s*月)*[，,]?"
)
_CANCELLED: Final = re.compile(r"已(?:于[^，,；;]*)?注销")  # 已注销, 已于2025年7月注销
_LEAD: Final = re.compile(r"^\s*变更内容\s*[：:]\s*")
_FILLER: Final = re.compile(r"^[\s：:、；;，,。.]*$")


@dataclass(frozen=True)
class RemarkEvent:
    """One event a remark records; '' where the remark says nothing."""

    kind: str
    field: str = ""  # the table column it changes: company, name, product, purpose
    old: str = ""
    new: str = ""
    month: str = ""  # YYYY-MM
    text: str = ""  # the part of the remark it was read from, as printed


def parse_remarks(text: str) -> list[RemarkEvent]:
    """The events one remark cell records, in the order printed."""
    events: list[RemarkEvent] = []
    carried: list[str] = []
    for clause in _merged(_pieces(text or "")):
        carried = _months(clause) or carried
        found = _clause_events(clause)
        events += [_dated(event, month) for event in found for month in carried or [""]]
    return events


def split_clauses(text: str) -> list[str]:
    """The clauses of a remark: split at ；;，, that stand outside quotes and brackets."""
    return [clause for clause in map(_trimmed, _pieces(text or "")) if clause]


def _pieces(text: str) -> list[str]:
    """The remark cut after each separator outside quotes and brackets (separators kept)."""
    pieces, start = [], 0
    expected: list[str] = []  # closing characters awaited, innermost last
    for position, char in enumerate(text):
        if expected and char == expected[-1]:
            expected.pop()
        elif char in _PAIRS:
            expected.append(_PAIRS[char])
        elif char in _SEPARATORS and not expected:
            pieces.append(text[start : position + 1])
            start = position + 1
    return [*pieces, text[start:]]


def _trimmed(piece: str) -> str:
    """A piece without surrounding spaces and its trailing separator."""
    return piece.strip().rstrip("".join(_SEPARATORS)).strip()


def _merged(pieces: list[str]) -> list[str]:
    """The clauses, a lone month (2024年6月，) or 更新应用产品 joined with the clause after it."""
    merged: list[str] = []
    for piece in pieces:
        if merged and _joins_next(_trimmed(merged[-1]), _trimmed(piece)):
            merged[-1] += piece
        else:
            merged.append(piece)
    return [clause for clause in map(_trimmed, merged) if clause]


def _joins_next(clause: str, following: str) -> bool:
    """True when `clause` only introduces `following`: a month, or 更新应用产品 before 新增…."""
    if not clause or not following:
        return False
    lone_month = _MONTH_ONLY.fullmatch(clause) is not None
    return lone_month or (
        _PRODUCT_UPDATE.search(clause) is not None and following.startswith("新增")
    )


def _months(clause: str) -> list[str]:
    """The months a clause prints: 2023年4月、12月 -> 2023-04, 2023-12."""
    months = []
    for match in _MONTH.finditer(clause):
        year, end = int(match["year"]), match.end()
        months.append(f"{year:04d}-{int(match['month']):02d}")
        while more := _MORE_MONTHS.match(clause, end):
            months.append(f"{year:04d}-{int(more['month']):02d}")
            end = more.end()
    return months


def _dated(event: RemarkEvent, month: str) -> RemarkEvent:
    return RemarkEvent(event.kind, event.field, event.old, event.new, month, event.text)


def _clause_events(clause: str) -> list[RemarkEvent]:
    """The events of one clause: quoted changes first, then what the rest of it says."""
    quoted = [*_QUOTED_CHANGE.finditer(clause), *_QUOTED_NEW.finditer(clause)]
    events = [_quoted_event(match) for match in sorted(quoted, key=lambda m: m.start())]
    rest = _without(clause, quoted) if quoted else clause
    body = _MONTH_ONLY.sub("", _LEAD.sub("", rest)).strip()
    if _FILLER.fullmatch(body):
        return events
    return [*events, _plain_event(rest.strip(), body)]


def _without(clause: str, matches: list[re.Match[str]]) -> str:
    """The clause with the matched spans removed."""
    kept, start = [], 0
    for match in sorted(matches, key=lambda m: m.start()):
        kept.append(clause[start : match.start()])
        start = match.end()
    return "".join([*kept, clause[start:]])


def _quoted_event(match: re.Match[str]) -> RemarkEvent:
    """A change with its old and new value: a renamed entity, or a change of another field."""
    field = _SUBJECT_FIELDS.get(match["subject"], "")
    old = match.groupdict().get("old") or ""
    kind = KIND_RENAMED if field == "company" and old else KIND_CHANGED
    return RemarkEvent(kind, field, old.strip(), match["new"].strip(), text=match[0])


def _plain_event(text: str, body: str) -> RemarkEvent:
    """The event of a clause without quoted values: cancelled, products added, or a change."""
    if _CANCELLED.search(body):
        return RemarkEvent(KIND_CANCELLED, text=text)
    if rename := _BARE_RENAME.fullmatch(body):
        return RemarkEvent(
            KIND_RENAMED, "company", rename["old"].strip(), rename["new"].strip(), text=text
        )
    if (added := _products_added(body)) is not None:
        return RemarkEvent(KIND_PRODUCT_ADDED, "product", new=added, text=text)
    return RemarkEvent(KIND_CHANGED, text=text)


def _products_added(body: str) -> str | None:
    """The products a clause adds ('' when it names none), or None for a clause adding none:
    新增…产品…, or 新增 + a product (X(APP), X小程序 …) or after 更新应用产品."""
    start = body.find("新增")
    if start < 0:
        return None
    if match := _PRODUCTS_ADDED.match(body, start):
        return match["new"].strip()
    named = _ADDED.match(body, start)
    after_update = _PRODUCT_UPDATE.search(body[:start].rstrip("，,")) is not None
    if named and (after_update or _PRODUCT_WORDS.search(named["new"])):
        return named["new"].strip()
    return None


def remarks_say_cancelled(text: str) -> bool:
    """True when a remark records the filing as cancelled (已注销)."""
    return any(event.kind == KIND_CANCELLED for event in parse_remarks(text))


def remark_events(table: pd.DataFrame) -> pd.DataFrame:
    """One row per event the table's remarks record: the row's number and provenance, then
    kind (cancelled | renamed | product_added | changed), field, old, new, month and text."""
    rows = table.reindex(columns=[*ROW_COLUMNS, "remarks"], fill_value="")
    records = [
        {**{column: str(row[column]) for column in ROW_COLUMNS}, **_as_record(event)}
        for row in rows[rows["remarks"].astype(str) != ""].to_dict("records")
        for event in parse_remarks(str(row["remarks"]))
    ]
    return pd.DataFrame(records, columns=list(EVENT_COLUMNS)).astype(str)


def _as_record(event: RemarkEvent) -> dict[str, str]:
    return {name: getattr(event, name) for name in EVENT_FIELDS}


def event_kinds(remarks: pd.Series) -> pd.Series:
    """Per row, the distinct kinds of its remark's events, '; '-joined ('' when none)."""
    cache = {text: _kinds(text) for text in remarks.unique()}
    return remarks.map(cache).astype(str)


def _kinds(text: str) -> str:
    kinds = dict.fromkeys(event.kind for event in parse_remarks(text))
    return EVENT_SEPARATOR.join(kinds)


def rename_links(events: pd.DataFrame) -> dict[str, str]:
    """company_key of every old name -> company_key of the latest name its renames lead to.

    Chains are followed (A -> B, B -> C: A and B -> C); when one name was renamed twice, the
    later list wins; in a loop (A -> B, B -> A) the name the latest rename gave is the end.
    """
    renamed = events[events["kind"] == KIND_RENAMED].sort_values(["batch", "notice_url"])
    links: dict[str, str] = {}
    order: dict[str, int] = {}
    for rank, (old, new) in enumerate(zip(renamed["old"], renamed["new"], strict=True)):
        old_key, new_key = company_key(old), company_key(new)
        if old_key and new_key and old_key != new_key:
            links[old_key], order[new_key] = new_key, rank
    return {key: _chain_end(key, links, order) for key in links}


def _chain_end(key: str, links: Mapping[str, str], order: Mapping[str, int]) -> str:
    """Where following the renames from `key` ends (in a loop: the latest name in it)."""
    path = [key]
    while (following := links.get(path[-1])) is not None and following not in path:
        path.append(following)
    if following is None:
        return path[-1]
    loop = path[path.index(following) :]
    return max(loop, key=lambda name: order.get(name, -1))


def linked_company_keys(companies: pd.Series, links: Mapping[str, str]) -> pd.Series:
    """Each company's key, an old name's replaced by the key of its latest name."""
    keys = companies.map(company_key)
    return keys.map(lambda key: links.get(key, key)).astype(str)


def company_key_of(name: str, links: Mapping[str, str]) -> str:
    """The company_key the table gives a company spelled `name`: an old name's is that of its
    latest name (`links` = rename_links(events), e.g. of read_events(paths))."""
    key = company_key(name)
    return links.get(key, key)


def events_path(paths: DataPaths) -> Path:
    """Where the events table is kept: data/processed/events.csv."""
    return paths.processed / EVENTS_CSV


def write_events(table: pd.DataFrame, paths: DataPaths) -> None:
    """Write remark_events(table) to data/processed/events.csv (UTF-8 with BOM), atomically."""
    events = csv_safe(remark_events(table))  # read_events restores the neutralised formulas
    path = events_path(paths)
    write_atomic(path, lambda tmp: events.to_csv(tmp, index=False, encoding="utf-8-sig"))


def read_events(paths: DataPaths) -> pd.DataFrame:
    """The stored events table; an empty one with EVENT_COLUMNS when none was written."""
    path = events_path(paths)
    if not path.exists():
        return pd.DataFrame(columns=list(EVENT_COLUMNS), dtype=str)
    return csv_restored(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
