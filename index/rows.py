"""The row store: the indexed table plus precomputed search columns, kept in memory.

Each index generation holds `rows.parquet`: every TABLE_COLUMN (missing derived columns are
empty), a `row_key`, and hidden columns computed once at build time: normalised text, filing-number
words and jieba segmentation. Loaded, it answers what Whoosh postings cannot answer cheaply in
pure Python: exact verification of candidates, keyword filters and facets (integer codes),
filing-number prefixes (a sorted list), date order, and the result rows themselves.
"""

import bisect
import logging
import operator
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from pathlib import Path
from typing import Final

import jieba
import numpy as np
import pandas as pd

from crawler.constants import COLUMNS, TABLE_COLUMNS
from index.schema import (
    CODED_TEXT_FIELDS,
    TEXT_FIELDS,
    filing_words,
    normalize_filing_no,
    normalize_text,
)

jieba.setLogLevel(logging.WARNING)

ROW_KEY: Final = "row_key"
ROWS_FILE: Final = "rows.parquet"
SEP: Final = "\x1f"  # between fields in joined haystacks; never part of a normalised query
WORD_FIELDS: Final = ("name", "company", "product", "purpose")
# Columns kept as integer codes, for keyword filters, facets and the few-valued text fields.
CODED_FIELDS: Final = (
    "list_type",
    "batch",
    "filing_year",
    "status",
    "province",
    *CODED_TEXT_FIELDS,
)
Test = Callable[[Iterable[str]], Iterator[object]]
_KEY_FALLBACK: Final = ("list_type", "batch", "seq", "filing_no", "name", "company")


def _mapped(column: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """`func` applied once per distinct value (names and purposes repeat a lot)."""
    uniques = column.unique()
    return column.map(dict(zip(uniques, map(func, uniques), strict=True)))


def segment(text: str) -> str:
    """jieba words of a normalised text as `|w1|w2|`, so a word sequence is a substring."""
    return f"|{'|'.join(jieba.lcut(text))}|" if text else ""


def row_keys(table: pd.DataFrame) -> pd.Series:
    """A stable id per row: attachment (sha256, else URL) + source_locator, made unique."""
    source = table["attachment_sha256"]
    for fallback in ("attachment_url", "notice_url"):
        source = source.where(source != "", table[fallback])
    located = (source != "") & (table["source_locator"] != "")
    fallback = table[list(_KEY_FALLBACK)].agg("|".join, axis=1) if len(table) else source
    keys = (source + "#" + table["source_locator"]).where(located, fallback)
    repeat = keys.groupby(keys).cumcount()
    return keys.where(repeat == 0, keys + "~" + (repeat + 1).astype(str))


def _with_table_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Exactly TABLE_COLUMNS as str; derived columns absent from `table` are empty."""
    missing = [col for col in COLUMNS if col not in table.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}")
    frame = table.reindex(columns=list(TABLE_COLUMNS), fill_value="")
    return frame.fillna("").astype(str).reset_index(drop=True)


def keyed_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Exactly TABLE_COLUMNS as str, and the row_key (no hidden search columns yet)."""
    frame = _with_table_columns(table)
    frame[ROW_KEY] = row_keys(frame)
    return frame


def prepare_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The table with row_key and the hidden search columns, as stored in rows.parquet."""
    return add_search_columns(keyed_rows(table))


def add_search_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Hidden columns: normalised text, filing words, jieba words, province fallback."""
    hidden = {f"_{col}": _mapped(frame[col], normalize_text) for col in TEXT_FIELDS}
    hidden["_filing"] = _mapped(frame["filing_no"], normalize_filing_no)
    hidden["_fw"] = _mapped(hidden["_filing"], lambda no: SEP + SEP.join(filing_words(no)))
    words = [_mapped(hidden[f"_{col}"], segment) for col in WORD_FIELDS]
    hidden["_words"] = words[0].str.cat(words[1:], sep=SEP) if len(frame) else words[0]
    hidden["_province"] = frame["province"].where(frame["province"] != "", frame["jurisdiction"])
    return frame.assign(**hidden)


def write_rows(frame: pd.DataFrame, directory: Path) -> None:
    """Store the prepared rows in a generation directory (a new file, never rewritten)."""
    tmp = directory / f".{ROWS_FILE}.tmp"
    frame.to_parquet(tmp, index=False)
    tmp.replace(directory / ROWS_FILE)


def read_rows(directory: Path) -> pd.DataFrame:
    """The prepared rows of an index generation directory."""
    return pd.read_parquet(directory / ROWS_FILE)


def _codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    codes, uniques = pd.factorize(column)
    return codes.astype(np.int32), [str(value) for value in uniques]


class RowStore:
    """The prepared rows in memory, as Python lists and numpy arrays for fast scans."""

    def __init__(self, frame: pd.DataFrame) -> None:
        shown = [*TABLE_COLUMNS, ROW_KEY]  # as one object block, so taking rows is one numpy take
        self.frame = pd.DataFrame(frame[shown].to_numpy(dtype=object), columns=shown, dtype=object)
        self.size = len(frame)
        self.hay = {col: frame[f"_{col}"].tolist() for col in TEXT_FIELDS}
        self.hay["plain"] = [SEP.join(parts) for parts in zip(*self.hay.values(), strict=True)]
        self.filing_words = frame["_fw"].tolist()
        self.words = {"plain": frame["_words"].tolist()}
        split = zip(*(words.split(SEP) for words in self.words["plain"]), strict=True)
        self.words |= dict(zip(WORD_FIELDS, map(list, split), strict=True)) if self.size else {}
        self.lengths = {col: np.array([len(t) for t in self.hay[col]]) for col in TEXT_FIELDS}
        coded = {col: frame[col] for col in CODED_FIELDS} | {"province": frame["_province"]}
        self.codes = {col: _codes(values) for col, values in coded.items()}
        self.codes["company"] = _codes(frame["_company"])
        self._filing_index(frame["_filing"])
        self._date_orders(frame)

    def _filing_index(self, filing: pd.Series) -> None:
        order = np.argsort(filing.to_numpy(dtype=object), kind="stable")
        self.filing_order = order
        self.filing_sorted = filing.iloc[order].tolist()

    def _date_orders(self, frame: pd.DataFrame) -> None:
        """Rank of each row newest first (batch, then filing_date) and oldest first."""
        batch = pd.factorize(frame["batch"], sort=True)[0]
        date = pd.factorize(frame["filing_date"], sort=True)[0]
        position = np.arange(self.size)
        self.date_rank = {
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
