"""The row store: the indexed table plus precomputed search columns, kept in memory.

Each index generation holds `rows.parquet`: every TABLE_COLUMN (missing derived columns are
empty), a `row_key`, and hidden columns computed once at build time: normalised text, filing-number
words and jieba segmentation. Loaded, it answers what Whoosh postings cannot answer cheaply in
pure Python: exact verification of candidates, keyword filters and facets (integer codes),
filing-number prefixes (a sorted list), date order, and the result rows themselves.

Searching reads the file with pyarrow alone, each column on first use (a search reads only the
columns its query needs), so a search never loads pandas; writing rows (at build time) uses
pandas.
"""

import bisect
import functools
import logging
import operator
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import repeat
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from crawler.constants import COLUMNS, TABLE_COLUMNS
from crawler.dataset.asof import newest_date
from index.schema import (
    CODED_TEXT_FIELDS,
    TEXT_FIELDS,
    filing_words,
    normalize_filing_no,
    normalize_text,
)

if TYPE_CHECKING:
    import pandas as pd

ROW_KEY: Final = "row_key"
ROWS_FILE: Final = "rows.parquet"
SEP: Final = "\x1f"  # between fields in joined haystacks; never part of a normalised query
WORD_FIELDS: Final = ("name", "company", "product", "purpose")
SHOWN_COLUMNS: Final = (*TABLE_COLUMNS, ROW_KEY)
# Columns kept as integer codes, for keyword filters, facets and the few-valued text fields.
CODED_FIELDS: Final = (
    "list_type",
    "batch",
    "filing_year",
    "status",
    "province",
    *CODED_TEXT_FIELDS,
)
SLICED_ROWS: Final = 200  # a page of at most this many rows is read row by row from Arrow
Test = Callable[[Iterable[str]], Iterator[object]]
Record = dict[str, Any]
_KEY_FALLBACK: Final = ("list_type", "batch", "seq", "filing_no", "name", "company")


def _mapped(column: "pd.Series", func: Callable[[str], str]) -> "pd.Series":
    """`func` applied once per distinct value (names and purposes repeat a lot)."""
    uniques = column.unique()
    return column.map(dict(zip(uniques, map(func, uniques), strict=True)))


@functools.cache
def _jieba() -> ModuleType:
    """jieba, imported (and quietened) on first use: only building an index segments text."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def segment(text: str) -> str:
    """jieba words of a normalised text as `|w1|w2|`, so a word sequence is a substring."""
    return f"|{'|'.join(_jieba().lcut(text))}|" if text else ""


def row_keys(table: "pd.DataFrame") -> "pd.Series":
    """A stable id per row: attachment (sha256, else URL) + source_locator, made unique."""
    source = table["attachment_sha256"]
    for fallback in ("attachment_url", "notice_url"):
        source = source.where(source != "", table[fallback])
    located = (source != "") & (table["source_locator"] != "")
    fallback = table[list(_KEY_FALLBACK)].agg("|".join, axis=1) if len(table) else source
    keys = (source + "#" + table["source_locator"]).where(located, fallback)
    repeat = keys.groupby(keys).cumcount()
    return keys.where(repeat == 0, keys + "~" + (repeat + 1).astype(str))


def _with_table_columns(table: "pd.DataFrame") -> "pd.DataFrame":
    """Exactly TABLE_COLUMNS as str; derived columns absent from `table` are empty."""
    missing = [col for col in COLUMNS if col not in table.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}")
    frame = table.reindex(columns=list(TABLE_COLUMNS), fill_value="")
    return frame.fillna("").astype(str).reset_index(drop=True)


def keyed_rows(table: "pd.DataFrame") -> "pd.DataFrame":
    """Exactly TABLE_COLUMNS as str, and the row_key (no hidden search columns yet)."""
    frame = _with_table_columns(table)
    frame[ROW_KEY] = row_keys(frame)
    return frame


def prepare_rows(table: "pd.DataFrame") -> "pd.DataFrame":
    """The table with row_key and the hidden search columns, as stored in rows.parquet."""
    return add_search_columns(keyed_rows(table))


def add_search_columns(frame: "pd.DataFrame") -> "pd.DataFrame":
    """Hidden columns: normalised text, filing words, jieba words, province fallback."""
    hidden = {f"_{col}": _mapped(frame[col], normalize_text) for col in TEXT_FIELDS}
    hidden["_filing"] = _mapped(frame["filing_no"], normalize_filing_no)
    hidden["_fw"] = _mapped(hidden["_filing"], lambda no: SEP + SEP.join(filing_words(no)))
    words = [_mapped(hidden[f"_{col}"], segment) for col in WORD_FIELDS]
    hidden["_words"] = words[0].str.cat(words[1:], sep=SEP) if len(frame) else words[0]
    hidden["_province"] = frame["province"].where(frame["province"] != "", frame["jurisdiction"])
    return frame.assign(**hidden)


def write_rows(frame: "pd.DataFrame", directory: Path) -> None:
    """Store the prepared rows in a generation directory (a new file, never rewritten)."""
    tmp = directory / f".{ROWS_FILE}.tmp"
    frame.to_parquet(tmp, index=False)
    tmp.replace(directory / ROWS_FILE)


def read_rows(directory: Path) -> "pd.DataFrame":
    """The prepared rows of an index generation directory, as a DataFrame."""
    import pandas as pd

    return pd.read_parquet(directory / ROWS_FILE)


def open_rows(directory: Path) -> pq.ParquetFile:
    """The prepared rows of an index generation directory, open for reading columns (no pandas).

    The file stays open, so its columns can still be read once the generation is retired.
    """
    return pq.ParquetFile(directory / ROWS_FILE)


def _codes(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """A code per value (distinct values numbered in order of appearance), and the values."""
    labels = list(dict.fromkeys(values))
    numbers = {value: code for code, value in enumerate(labels)}
    return np.fromiter(map(numbers.__getitem__, values), np.int32, len(values)), labels


def _sorted_codes(values: list[str]) -> np.ndarray:
    """A code per value: the rank of the value among the distinct values, sorted."""
    numbers = {value: code for code, value in enumerate(sorted(set(values)))}
    return np.fromiter(map(numbers.__getitem__, values), np.int64, len(values))


class RowStore:
    """The prepared rows: an Arrow table or file, and lists and arrays of its columns for scans.

    Each part is built on first use, so a search pays only for what its query needs (a text
    query never sorts filing numbers; relevance order never ranks dates).
    """

    def __init__(self, source: pa.Table | pq.ParquetFile) -> None:
        self.source = source
        self.size = source.num_rows if isinstance(source, pa.Table) else source.metadata.num_rows
        self._arrow: dict[str, pa.ChunkedArray] = {}
        self._columns: dict[str, list[str]] = {}
        self._reading = threading.Lock()  # one read of the file at a time

    def arrow(self, names: list[str]) -> pa.Table:
        """The columns `names` as an Arrow table (each read from the source on first use)."""
        with self._reading:
            if missing := [name for name in names if name not in self._arrow]:
                self._arrow.update(zip(missing, self._read(missing).columns, strict=True))
            return pa.table({name: self._arrow[name] for name in names})

    def _read(self, names: list[str]) -> pa.Table:
        """The columns `names` of the source."""
        if isinstance(self.source, pa.Table):
            return self.source.select(names)
        return self.source.read(columns=names)

    def close(self) -> None:
        """Close the file the rows are read from (a table needs no closing)."""
        if isinstance(self.source, pq.ParquetFile):
            self.source.close()

    def column(self, name: str) -> list[str]:
        """One column as a list of str (converted on first use)."""
        if name not in self._columns:
            self._columns[name] = self.arrow([name]).column(0).to_pylist()
        return self._columns[name]

    @functools.cached_property
    def frame(self) -> "pd.DataFrame":
        """TABLE_COLUMNS and the row key of every row, as a DataFrame."""
        return self.arrow(list(SHOWN_COLUMNS)).to_pandas()

    def take(self, positions: np.ndarray | None) -> "pd.DataFrame":
        """The shown columns of the rows at `positions` (None: every row), as objects."""
        import pandas as pd

        picked = range(self.size) if positions is None else positions.tolist()
        columns = {name: self.column(name) for name in SHOWN_COLUMNS}
        cells = {name: [column[p] for p in picked] for name, column in columns.items()}
        return pd.DataFrame(cells, columns=list(SHOWN_COLUMNS), dtype=object)

    def records(self, positions: np.ndarray) -> list[Record]:
        """The shown columns of the rows at `positions`, one dict per row."""
        if len(positions) <= SLICED_ROWS:
            shown = self._shown_table
            return [shown.slice(p, 1).to_pylist()[0] for p in positions.tolist()]
        columns = [self.column(name) for name in SHOWN_COLUMNS]
        return [
            dict(zip(SHOWN_COLUMNS, [column[p] for column in columns], strict=True))
            for p in positions.tolist()
        ]

    @functools.cached_property
    def _shown_table(self) -> pa.Table:
        """The TABLE_COLUMNS and row key of every row, as an Arrow table."""
        return self.arrow(list(SHOWN_COLUMNS))

    def data_as_of(self) -> str:
        """The newest notice_date (YYYY-MM-DD) of the rows; '' when no row has one."""
        return newest_date(self.column("notice_date"))

    @functools.cached_property
    def hay(self) -> dict[str, list[str]]:
        """Normalised text per text field, and all of them joined (`plain`)."""
        self.arrow([f"_{col}" for col in TEXT_FIELDS])  # one read of the file for all of them
        hay = {col: self.column(f"_{col}") for col in TEXT_FIELDS}
        hay["plain"] = [SEP.join(parts) for parts in zip(*hay.values(), strict=True)]
        return hay

    @functools.cached_property
    def filing_words(self) -> list[str]:
        """The words of each filing number, each after a SEP."""
        return self.column("_fw")

    @functools.cached_property
    def words(self) -> "LazyWords":
        """jieba words per word field, and of all of them (`plain`)."""
        return LazyWords(self.column("_words"))

    @functools.cached_property
    def lengths(self) -> dict[str, np.ndarray]:
        """Length of each normalised text field."""
        return {
            col: np.fromiter(map(len, self.hay[col]), np.int64, self.size) for col in TEXT_FIELDS
        }

    @functools.cached_property
    def codes(self) -> "LazyCodes":
        """Integer codes and labels of the coded fields and of the company."""
        return LazyCodes(self.column)

    @functools.cached_property
    def filing_order(self) -> np.ndarray:
        """Positions in order of normalised filing number."""
        return np.argsort(np.array(self.column("_filing"), dtype=object), kind="stable")

    @functools.cached_property
    def filing_sorted(self) -> list[str]:
        """Normalised filing numbers, sorted."""
        return list(map(self.column("_filing").__getitem__, self.filing_order.tolist()))

    @functools.cached_property
    def date_rank(self) -> dict[str, np.ndarray]:
        """Rank of each row newest first (batch, then filing_date) and oldest first."""
        batch = _sorted_codes(self.column("batch"))
        date = _sorted_codes(self.column("filing_date"))
        position = np.arange(self.size)
        return {
            "date": _ranks(np.lexsort((position, -date, -batch))),
            "date_asc": _ranks(np.lexsort((position, date, batch))),
        }

    def filing_prefix(self, prefix: str) -> np.ndarray:
        """Sorted positions of rows whose normalised filing number starts with `prefix`."""
        low = bisect.bisect_left(self.filing_sorted, prefix)
        high = bisect.bisect_left(self.filing_sorted, prefix + "\U0010ffff")
        return np.sort(self.filing_order[low:high])

    def coded(self, field: str, accept: Callable[[str], bool]) -> np.ndarray:
        """Sorted positions of rows whose `field` value passes `accept`."""
        codes, labels = self.codes[field]
        wanted = [code for code, label in enumerate(labels) if accept(label)]
        if not wanted:
            return np.empty(0, np.int64)
        return np.flatnonzero(np.isin(codes, wanted))

    def counts(self, field: str, positions: np.ndarray) -> dict[str, int]:
        """Rows per value of `field` among `positions`, most frequent first."""
        codes, labels = self.codes[field]
        tally = np.bincount(codes[positions], minlength=len(labels))
        order = sorted(np.flatnonzero(tally), key=lambda code: (-tally[code], labels[code]))
        return {labels[code]: int(tally[code]) for code in order}


class LazyCodes(Mapping[str, tuple[np.ndarray, list[str]]]):
    """Field -> (codes, labels), computed on first use from the field's column."""

    def __init__(self, column: Callable[[str], list[str]]) -> None:
        self.columns = {col: col for col in CODED_FIELDS}
        self.columns |= {"province": "_province", "company": "_company"}
        self.column = column
        self.done: dict[str, tuple[np.ndarray, list[str]]] = {}

    def __getitem__(self, field: str) -> tuple[np.ndarray, list[str]]:
        if field not in self.done:
            self.done[field] = _codes(self.column(self.columns[field]))
        return self.done[field]

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)


class LazyWords(Mapping[str, list[str]]):
    """Field -> the jieba words of each row (`plain`: of every word field), split on first use."""

    def __init__(self, plain: list[str]) -> None:
        self.done = {"plain": plain}

    def __getitem__(self, field: str) -> list[str]:
        if field not in self.done:
            if field not in WORD_FIELDS:
                raise KeyError(field)
            at = WORD_FIELDS.index(field)
            self.done[field] = [text.split(SEP)[at] for text in self.done["plain"]]
        return self.done[field]

    def __iter__(self) -> Iterator[str]:
        return iter(("plain", *WORD_FIELDS))

    def __len__(self) -> int:
        return 1 + len(WORD_FIELDS)


def _ranks(order: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order))
    return ranks


def contains(hay: list[str], needle: str, positions: np.ndarray | None) -> np.ndarray:
    """Booleans: does hay[p] contain `needle`, for each p in `positions` (None: every row)."""
    return matches(hay, lambda texts: map(operator.contains, texts, repeat(needle)), positions)


def matches(hay: list[str], test: Test, positions: np.ndarray | None) -> np.ndarray:
    """Booleans of `test` over hay[p] for p in `positions` (None: every row).

    `test` maps an iterable of texts to truth values at C speed (map over operator.contains
    or a compiled pattern), over Python ints; a large subset is answered by testing every
    row, which is cheaper than indexing.
    """
    if positions is None or len(positions) * 3 > len(hay):
        every = np.fromiter(test(hay), bool, len(hay))
        return every if positions is None else every[positions]
    picked = map(hay.__getitem__, positions.tolist())
    return np.fromiter(test(picked), bool, len(positions))
