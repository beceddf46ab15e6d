"""Build the index from the filings table, update it with new rows, and open it.

Every write makes a new generation beside the live one and publishes it by switching the
`CURRENT` pointer (index/generations.py), so a reader never sees a half-written index. A full
build writes every row; `update_index` clones the live generation (hard links) and only adds,
replaces or deletes the documents of the new rows.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from whoosh import index as whoosh_index

from index.engine import SearchIndex
from index.generations import (
    clone_generation,
    current_dir,
    current_name,
    new_generation,
    publish,
    writer_lock,
)
from index.rows import ROW_KEY, ROWS_FILE, prepare_rows, read_rows, write_rows
from index.schema import GRAM_FIELDS, KEYWORD_FIELDS, SCHEMA, NoLengthCodec


class IndexMissingError(FileNotFoundError):
    """There is no search index yet at the expected directory."""

    def __init__(self, ix_dir: Path) -> None:
        super().__init__(
            f"No search index at {ix_dir}: run `cacfilings crawl` (if there is no table yet) "
            "and then `cacfilings build` to create it."
        )
        self.ix_dir = ix_dir


@dataclass(frozen=True)
class UpdateResult:
    """What an incremental update did."""

    added: int
    replaced: int
    total: int


def _documents(prepared: pd.DataFrame) -> Iterator[dict[str, str]]:
    """Whoosh documents: the n-gram and keyword fields, filing number, row key; no empties."""
    columns = {col: col for col in (ROW_KEY, *GRAM_FIELDS, *KEYWORD_FIELDS)}
    columns |= {"province": "_province", "filing_no": "_filing", "filing_text": "_filing"}
    frame = prepared[list(columns.values())].set_axis(list(columns), axis=1)
    for record in frame.to_dict("records"):
        yield {field: value for field, value in record.items() if value}


def _add_documents(directory: Path, prepared: pd.DataFrame, deleted: Iterator[str]) -> None:
    """Delete the documents of `deleted` row keys, then add `prepared`, in one commit."""
    if whoosh_index.exists_in(str(directory)):
        ix = whoosh_index.open_dir(str(directory))
    else:
        ix = whoosh_index.create_in(str(directory), SCHEMA)
    writer = ix.writer(limitmb=256, codec=NoLengthCodec())
    for key in deleted:
        writer.delete_by_term(ROW_KEY, key)
    for document in _documents(prepared):
        writer.add_document(**document)
    writer.commit()


def build_index(df: pd.DataFrame, ix_dir: Path) -> int:
    """Index every row of `df` as a new generation of `ix_dir`; return the row count.

    `df` needs every COLUMN; derived columns (TABLE_COLUMNS) are indexed when present.
    """
    prepared = prepare_rows(df)
    ix_dir = Path(ix_dir)
    with writer_lock(ix_dir), new_generation(ix_dir) as work:
        _add_documents(work, prepared, iter(()))
        write_rows(prepared, work)
        publish(ix_dir, work)
    return len(prepared)


def _stale(old: pd.DataFrame, new: pd.DataFrame) -> pd.Series:
    """Old rows an update supersedes: same row key, or same attachment URL (a new version)."""
    urls = set(new["attachment_url"]) - {""}
    return old[ROW_KEY].isin(set(new[ROW_KEY])) | old["attachment_url"].isin(urls)


def update_index(rows: pd.DataFrame, ix_dir: Path) -> UpdateResult:
    """Add `rows` to the live index, replacing rows with the same key or attachment URL.

    No full rebuild: only the new rows are analysed and written. Builds when there is no index.
    """
    ix_dir = Path(ix_dir)
    if current_dir(ix_dir) is None:
        return UpdateResult(build_index(rows, ix_dir), 0, len(rows))
    new = prepare_rows(rows)
    with writer_lock(ix_dir), new_generation(ix_dir) as work:
        live = current_dir(ix_dir)
        old = read_rows(live)  # type: ignore[arg-type]
        stale = _stale(old, new)
        clone_generation(live, work, skip=frozenset({ROWS_FILE}))  # type: ignore[arg-type]
        _add_documents(work, new, iter(old.loc[stale, ROW_KEY]))
        merged = pd.concat([old[~stale], new], ignore_index=True)
        write_rows(merged, work)
        publish(ix_dir, work)
    return UpdateResult(len(new), int(stale.sum()), len(merged))


def open_index(ix_dir: Path) -> SearchIndex:
    """Open the live generation of `ix_dir`, or raise IndexMissingError."""
    ix_dir = Path(ix_dir)
    for _ in range(3):  # a generation may be retired between reading CURRENT and opening it
        name = current_name(ix_dir)
        if name is None:
            break
        try:
            return SearchIndex(ix_dir / name, name)
        except FileNotFoundError:
            continue
    raise IndexMissingError(ix_dir)


def index_version(ix_dir: Path) -> str:
    """A token that changes whenever a new generation is published in `ix_dir`."""
    return current_name(Path(ix_dir)) or "missing"
