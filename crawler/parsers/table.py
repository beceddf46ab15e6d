"""Turn raw table rows (lists of cell text) into the canonical filing-row DataFrame."""

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from crawler.constants import DOCUMENT_COLUMNS
from crawler.parsers.errors import UnknownLayoutError
from crawler.parsers.headers import canonical_header
from crawler.parsers.normalize import clean_cell, clean_filing_no, to_iso_date

log = logging.getLogger(__name__)

OUTPUT_COLUMNS: Final = (*DOCUMENT_COLUMNS, "source_locator")
# Every family carries a filing number; a table without one cannot be deduplicated,
# matched against cancellations or cited, so it is reported as an unknown layout.
REQUIRED_COLUMNS: Final = ("name", "company", "filing_no")
MIN_HEADER_MATCHES: Final = 2
COMPLETE_FILING_NO: Final = re.compile(r"网信算备\d{6}\d{6,}号|[A-Za-z]+-.+-\d{8}.*")

ColumnMap = list[str | None]
Record = dict[str, str]


@dataclass(frozen=True)
class RawRow:
    """One table row as printed, with where it came from."""

    cells: Sequence[str]
    locator: str
    list_type: str = ""
    after_break: bool = False  # first data row on a page after a page break (PDF)


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
    values = {value for column, value in record.items() if column != "seq" and value}
    return len(values) < 2


def _continues(row: RawRow, record: Record, records: list[Record]) -> bool:
    """True for the rest of a row split by a page break: blank 序号, no full filing number."""
    if not (row.after_break and records and not record.get("seq")):
        return False
    return not COMPLETE_FILING_NO.fullmatch(clean_filing_no(record.get("filing_no", "")))


def _merge(previous: Record, continuation: Record) -> None:
    """Append a continuation row's text to the row it continues, cell by cell."""
    for column, text in continuation.items():
        if column != "seq" and text:
            previous[column] = clean_cell(f"{previous.get(column, '')}\n{text}")


def _header_candidate(cells: Sequence[str], current: list[str] | None) -> list[str] | None:
    """Keep the first multi-cell row as the 'headers found' of an unknown layout."""
    texts = [text for text in map(clean_cell, cells) if text]
    if current is None or (len(current) < 2 and len(texts) >= 2):
        return texts
    return current


def collect_records(rows: Iterable[RawRow], *, source: str) -> list[Record]:
    """Map rows through their header, skip repeated headers and noise, merge split rows."""
    mapping: ColumnMap | None = None
    candidate: list[str] | None = None
    records: list[Record] = []
    for row in rows:
        if not any(clean_cell(cell) for cell in row.cells):
            continue
        found = header_mapping(row.cells)
        if found is not None:
            _check_layout(found, row.cells, source)
            mapping = found
        elif mapping is None:
            candidate = _header_candidate(row.cells, candidate)
        else:
            _add_record(row, _map_row(row.cells, mapping), records)
    if mapping is None:
        raise UnknownLayoutError(source, candidate or [])
    return records


def _add_record(row: RawRow, record: Record, records: list[Record]) -> None:
    """Merge the record into the previous one, drop it as noise, or append it."""
    if _continues(row, record, records):
        _merge(records[-1], record)
    elif not _is_noise(record):
        record["list_type"] = row.list_type
        record["source_locator"] = row.locator
        records.append(record)


def _clean_seq(text: str, previous: str) -> str:
    """Give 序号 as an integer string; a blank one follows the previous number."""
    folded = unicodedata.normalize("NFKC", text).strip().rstrip(".")
    if folded.isdigit():
        return str(int(folded))
    if not folded and previous.isdigit():
        return str(int(previous) + 1)
    return text


def _finish(records: list[Record]) -> list[Record]:
    """Apply the per-column normalisation and fill absent columns with ''."""
    finished: list[Record] = []
    previous = ""
    for record in records:
        out = {column: record.get(column, "") for column in OUTPUT_COLUMNS}
        out["seq"] = previous = _clean_seq(out["seq"], previous)
        out["filing_no"] = clean_filing_no(out["filing_no"])
        out["filing_date"] = to_iso_date(out["filing_date"])
        finished.append(out)
    return finished


def rows_to_frame(rows: Iterable[RawRow], *, source: str) -> pd.DataFrame:
    """Build the DOCUMENT_COLUMNS + source_locator frame (all str) from raw table rows."""
    records = _finish(collect_records(rows, source=source))
    frame = pd.DataFrame.from_records(records, columns=list(OUTPUT_COLUMNS))
    return frame.astype(str)
