"""Turn raw table rows (lists of cell text) into the canonical filing-row DataFrame."""

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

import pandas as pd

from crawler.constants import DOCUMENT_COLUMNS
from crawler.parsers.context import DocumentContext
from crawler.parsers.errors import UnknownLayoutError
from crawler.parsers.headers import canonical_header, normalize_header
from crawler.parsers.normalize import (
    clean_cell,
    clean_filing_no,
    clean_seq,
    split_date_note,
    to_year_month,
)

log = logging.getLogger(__name__)

OUTPUT_COLUMNS: Final = (*DOCUMENT_COLUMNS, "source_locator")
# Every family carries a filing number; a table without one cannot be deduplicated,
# matched against cancellations or cited, so it is reported as an unknown layout.
REQUIRED_COLUMNS: Final = ("name", "company", "filing_no")
MIN_HEADER_MATCHES: Final = 2
# A whole filing number: 网信算备 + digits + 号, or a generative-AI Prov-Name-YYYYMMDD….
COMPLETE_FILING_NO: Final = re.compile(r"网信算备\d{12,}号|[A-Za-z’']+-\S+-\d{8}(?:\d*|S\d+)")
# A category (算法类别) printed in a 角色 column, as cancellation lists do: 个性化推送类.
CATEGORY: Final = re.compile(r"\S+类")
NOT_CONTENT: Final = frozenset({"seq", "list_type", "source_locator"})

ColumnMap = list[str | None]
Record = dict[str, str]


@dataclass(frozen=True)
class RawRow:
    """One table row as printed, with where it came from."""

    cells: Sequence[str]
    locator: str
    page: int = 0  # PDF page; 0 where rows never split across pages


@dataclass(frozen=True)
class Caption:
    """Text printed outside the tables: the document's title, a section title above a table."""

    text: str


Item = RawRow | Caption


def header_mapping(cells: Sequence[str]) -> ColumnMap | None:
    """Map a header row's cells to canonical columns, or None when the row is no header."""
    mapping = [canonical_header(cell) for cell in cells]
    matched = sum(column is not None for column in mapping)
    filled = sum(bool(clean_cell(cell)) for cell in cells)
    if matched >= MIN_HEADER_MATCHES and matched * 2 >= filled:
        return mapping
    return None


def _check_layout(mapping: ColumnMap, cells: Sequence[str], source: str) -> None:
    """Raise UnknownLayoutError when a header lacks a required column; warn on unknown ones."""
    if any(column not in mapping for column in REQUIRED_COLUMNS):
        raise UnknownLayoutError(source, [text for text in map(clean_cell, cells) if text])
    unknown = [clean_cell(c) for c, col in zip(cells, mapping, strict=True) if col is None]
    if any(unknown):
        log.warning("%s: ignoring unknown columns %s", source, [u for u in unknown if u])


def _map_row(cells: Sequence[str], mapping: ColumnMap) -> Record:
    """Pick each canonical column's text; duplicated columns give their first non-empty cell."""
    record: Record = {}
    for column, cell in zip(mapping, cells, strict=False):
        if column is not None and not record.get(column):
            record[column] = clean_cell(cell)
    return record


def _is_noise(record: Record) -> bool:
    """True for footnotes, titles and other rows with fewer than two distinct values."""
    values = {text for column, text in record.items() if column not in NOT_CONTENT and text}
    return len(values) < 2


def _complete(record: Record) -> bool:
    """True when the record holds a whole filing number."""
    return bool(COMPLETE_FILING_NO.fullmatch(clean_filing_no(record.get("filing_no", ""))))


def is_split(head: Record, tail: Record) -> bool:
    """True when two rows on either side of a page break are the parts of one split row.

    Parts of a split row never both carry a 序号, nor both a whole filing number; which part
    holds the number, the 序号 or neither depends on where the break falls.
    """
    both_numbered = bool(head.get("seq")) and bool(tail.get("seq"))
    return not both_numbered and not (_complete(head) and _complete(tail))


def _merge(head: Record, tail: Record) -> None:
    """Append the text of a row's second part to its first part, cell by cell."""
    for column, text in tail.items():
        if column in ("list_type", "source_locator") or not text:
            continue
        head[column] = clean_cell(f"{head.get(column, '')}\n{text}")


def _header_candidate(cells: Sequence[str], current: list[str] | None) -> list[str] | None:
    """Keep the first multi-cell row as the 'headers found' of an unknown layout."""
    texts = [text for text in map(clean_cell, cells) if text]
    if current is None or (len(current) < 2 and len(texts) >= 2):
        return texts
    return current


@dataclass
class _Collector:
    """Reads a document's items in order into records."""

    source: str
    context: DocumentContext = field(default_factory=DocumentContext)
    mapping: ColumnMap | None = None
    header: list[str] | None = None
    candidate: list[str] | None = None
    records: list[Record] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    boundary: bool = False  # a new table or section began since the last record

    def add(self, item: Item) -> None:
        """Take in one caption or table row."""
        if isinstance(item, Caption):
            self.boundary |= self.context.caption(item.text)
        elif any(clean_cell(cell) for cell in item.cells):
            self._row(item)

    def _row(self, row: RawRow) -> None:
        """A header row switches the mapping; rows above the first header are title text."""
        found = header_mapping(row.cells)
        if found is not None:
            self._header(row.cells, found)
        elif self.mapping is None:
            self.candidate = _header_candidate(row.cells, self.candidate)
            self.context.caption(" ".join(filter(None, map(clean_cell, row.cells))))
        else:
            self._record(row, _map_row(row.cells, self.mapping))

    def _header(self, cells: Sequence[str], mapping: ColumnMap) -> None:
        """Switch to a header row's columns; a header other than the current one starts a
        new table (a repeated header at the top of a page does not)."""
        _check_layout(mapping, cells, self.source)
        normalized = [normalize_header(cell) for cell in cells]
        self.boundary |= normalized != self.header
        self.mapping, self.header = mapping, normalized
        self.context.header(list(cells))

    def _record(self, row: RawRow, record: Record) -> None:
        """Merge the record into the part of its row before a page break, or append it."""
        if self._continues(row):
            head = self.records[-1]
            if is_split(head, record):
                _merge(head, record)
                head["list_type"] = self.context.list_type(clean_filing_no(head["filing_no"]))
                return
        record["list_type"] = self.context.list_type(clean_filing_no(record.get("filing_no")))
        record["source_locator"] = row.locator
        self.records.append(record)
        self.pages.append(row.page)
        self.boundary = False

    def _continues(self, row: RawRow) -> bool:
        """True when the row is the first after a page break inside the same table."""
        return bool(self.records) and not self.boundary and row.page != self.pages[-1]

    def finish(self) -> list[Record]:
        """The finished records; raises UnknownLayoutError when no header row was found."""
        if self.mapping is None:
            raise UnknownLayoutError(self.source, self.candidate or [])
        batch = self.context.batch
        return [_finish(record, batch) for record in self.records if not _is_noise(record)]


def collect_records(items: Iterable[Item], *, source: str) -> list[Record]:
    """Map rows through their header, skip repeated headers and noise, merge split rows."""
    collector = _Collector(source)
    for item in items:
        collector.add(item)
    return collector.finish()


def _category_from_role(record: Record) -> None:
    """Move a category printed in the 角色 column (个性化推送类) to category."""
    if CATEGORY.fullmatch(record["role"]) and not record["category"]:
        record["category"], record["role"] = record["role"], ""


def _finish(record: Record, batch: str) -> Record:
    """Apply the per-column normalisation and fill absent columns with ''."""
    out = {column: record.get(column, "") for column in OUTPUT_COLUMNS}
    out["batch"] = batch
    out["seq"] = clean_seq(out["seq"])
    out["filing_no"] = clean_filing_no(out["filing_no"])
    out["filing_date"], out["filing_date_note"] = split_date_note(out["filing_date"])
    out["cancel_month"] = to_year_month(out["cancel_month"])
    _category_from_role(out)
    return out


def rows_to_frame(items: Iterable[Item], *, source: str) -> pd.DataFrame:
    """Build the DOCUMENT_COLUMNS + source_locator frame (all str) from a document's items."""
    records = collect_records(items, source=source)
    frame = pd.DataFrame.from_records(records, columns=list(OUTPUT_COLUMNS))
    return frame.astype(str)
