"""Build the index from the filings table, update it with new rows, and open it.

Every write makes a new generation beside the live one and publishes it by switching the
`CURRENT` pointer (index/generations.py), so a reader never sees a half-written index. A full
build writes every row; `update_index` clones the live generation (hard links) and only adds,
replaces or deletes the documents of the new rows; `sync_index` does the same for the rows in
which a whole new table differs from the live row store, and builds afresh when that is most of
them or the live generation was written by other index code.

Each generation is stamped with `index_format()`: a digest of the index code, its libraries and
the table's columns. A generation stamped otherwise (or not at all) is never read: `open_index`
raises IndexOutdatedError, and `sync_index` (what `cacfilings build` runs) builds afresh.
"""

import functools
import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
from whoosh import index as whoosh_index
from whoosh.fields import Schema

from crawler.constants import COLUMNS, TABLE_COLUMNS
from crawler.versions import code_digest
from index.engine import SearchIndex
from index.generations import (
    clone_generation,
    current_dir,
    current_name,
    new_generation,
    publish,
    writer_lock,
)
from index.rows import (
    ROW_KEY,
    ROWS_FILE,
    add_search_columns,
    keyed_rows,
    prepare_rows,
    read_rows,
    write_rows,
)
from index.schema import GRAM_FIELDS, KEYWORD_FIELDS, SCHEMA, NoLengthCodec

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

# A sync that would rewrite more than this share of the rows builds the index afresh instead.
SYNC_MAX_CHANGED: Final = 0.3
# In each generation: the index code that built it (updates and syncs keep their base's stamp).
FORMAT_FILE: Final = "FORMAT"
_INDEX_SOURCES: Final = ("schema.py", "rows.py", "build.py")
_INDEX_PACKAGES: Final = ("whoosh", "jieba", "pandas")


class IndexMissingError(FileNotFoundError):
    """There is no search index yet at the expected directory."""

    def __init__(self, ix_dir: Path, message: str | None = None) -> None:
        super().__init__(
            message
            or f"No search index at {ix_dir}: run `cacfilings crawl` (if there is no table yet) "
            "and then `cacfilings build` to create it."
        )
        self.ix_dir = ix_dir


class IndexOutdatedError(IndexMissingError):
    """The live index was written by other index code (or for other columns): rebuild it."""

    def __init__(self, ix_dir: Path) -> None:
        super().__init__(
            ix_dir,
            f"The search index at {ix_dir} was built by another version of cacfilings: run "
            "`cacfilings build` to rebuild it.",
        )


@functools.cache
def index_format() -> str:
    """A digest of the code that analyses and stores rows, its libraries' versions and the
    table's columns (a column added to TABLE_COLUMNS makes every older generation outdated)."""
    here = Path(__file__).resolve().parent
    code = code_digest([here / name for name in _INDEX_SOURCES], _INDEX_PACKAGES)
    columns = hashlib.sha256("\0".join(TABLE_COLUMNS).encode()).hexdigest()[:8]
    return f"{code}-{columns}"


@dataclass(frozen=True)
class SyncResult:
    """What `sync_index` did: documents added, replaced, deleted; or a full build."""

    added: int
    replaced: int
    deleted: int
    rebuilt: bool


@dataclass(frozen=True)
class UpdateResult:
    """What an incremental update did."""

    added: int
    replaced: int
    total: int


def _documents(prepared: "pd.DataFrame") -> Iterator[dict[str, str]]:
    """Whoosh documents: the n-gram and keyword fields, filing number, row key; no empties."""
    columns = {col: col for col in (ROW_KEY, *GRAM_FIELDS, *KEYWORD_FIELDS)}
    columns |= {"province": "_province", "filing_no": "_filing", "filing_text": "_filing"}
    frame = prepared[list(columns.values())].set_axis(list(columns), axis=1)
    for record in frame.to_dict("records"):
        yield {field: value for field, value in record.items() if value}


def _add_documents(directory: Path, prepared: "pd.DataFrame", deleted: Iterator[str]) -> None:
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


def build_index(df: "pd.DataFrame", ix_dir: Path) -> int:
    """Index every row of `df` as a new generation of `ix_dir`; return the row count.

    `df` needs every COLUMN; derived columns (TABLE_COLUMNS) are indexed when present.
    """
    prepared = prepare_rows(df)
    ix_dir = Path(ix_dir)
    with writer_lock(ix_dir):
        _build_locked(prepared, ix_dir)
    return len(prepared)


def _build_locked(prepared: "pd.DataFrame", ix_dir: Path) -> None:
    """Write every prepared row as a new generation and publish it (writer lock held)."""
    with new_generation(ix_dir) as work:
        _add_documents(work, prepared, iter(()))
        write_rows(prepared, work)
        (work / FORMAT_FILE).write_text(index_format() + "\n", encoding="utf-8")
        publish(ix_dir, work)


def _stale(old: "pd.DataFrame", new: "pd.DataFrame") -> "pd.Series":
    """Old rows an update supersedes: same row key, or same attachment URL (a new version)."""
    urls = set(new["attachment_url"]) - {""}
    return old[ROW_KEY].isin(set(new[ROW_KEY])) | old["attachment_url"].isin(urls)


def update_index(rows: "pd.DataFrame", ix_dir: Path) -> UpdateResult:
    """Add `rows` to the live index, replacing rows with the same key or attachment URL.

    No full rebuild: only the new rows are analysed and written. Builds when there is no index;
    raises IndexOutdatedError when the live one was written by other index code.
    """
    import pandas as pd

    ix_dir = Path(ix_dir)
    if current_dir(ix_dir) is None:
        return UpdateResult(build_index(rows, ix_dir), 0, len(rows))
    new = prepare_rows(rows)
    with writer_lock(ix_dir), new_generation(ix_dir) as work:
        live = current_dir(ix_dir)
        old = _live_rows(live)
        if old is None:
            raise IndexOutdatedError(ix_dir)
        stale = _stale(old, new)
        clone_generation(live, work, skip=frozenset({ROWS_FILE}))  # type: ignore[arg-type]
        _add_documents(work, new, iter(old.loc[stale, ROW_KEY]))
        merged = pd.concat([old[~stale], new], ignore_index=True)
        write_rows(merged, work)
        publish(ix_dir, work)
    return UpdateResult(len(new), int(stale.sum()), len(merged))


def sync_index(table: "pd.DataFrame", ix_dir: Path) -> SyncResult:
    """Make the index hold exactly the rows of `table`, writing only the rows that changed.

    Rows are matched by row key and compared whole (every TABLE_COLUMN); changed and new rows
    are (re)indexed, rows gone from `table` deleted, and the result published as a new
    generation. Builds afresh when there is no index, the live one was written by other index
    code, or over SYNC_MAX_CHANGED of the rows changed. Publishes nothing when nothing changed.
    """
    ix_dir = Path(ix_dir)
    new = keyed_rows(table)
    with writer_lock(ix_dir):
        live = current_dir(ix_dir)
        old = _live_rows(live)
        diff = None if old is None else _Diff.of(old, new)
        if old is None or diff is None or diff.count > SYNC_MAX_CHANGED * max(len(old), len(new)):
            _build_locked(add_search_columns(new), ix_dir)
            return SyncResult(len(new), 0, 0, rebuilt=True)
        return _sync_locked(old, new, diff, ix_dir)


@dataclass(frozen=True)
class _Diff:
    """New rows that differ from the stored row of their key (or have none); old rows gone."""

    changed: np.ndarray
    gone: "pd.Series"

    @classmethod
    def of(cls, old: "pd.DataFrame", new: "pd.DataFrame") -> "_Diff":
        import pandas as pd

        columns = list(TABLE_COLUMNS)
        before = old.set_index(ROW_KEY)[columns].reindex(pd.Index(new[ROW_KEY]))
        same = (before.to_numpy(dtype=object) == new[columns].to_numpy(dtype=object)).all(axis=1)
        return cls(~same, ~old[ROW_KEY].isin(set(new[ROW_KEY])))

    @property
    def count(self) -> int:
        """Rows to write or delete."""
        return int(self.changed.sum()) + int(self.gone.sum())


def _sync_locked(old: "pd.DataFrame", new: "pd.DataFrame", diff: _Diff, ix_dir: Path) -> SyncResult:
    """Publish a generation with the changed rows re-indexed and the gone ones deleted."""
    fresh = add_search_columns(new[diff.changed].reset_index(drop=True))
    replaced = fresh[ROW_KEY].isin(set(old[ROW_KEY]))
    result = SyncResult(int((~replaced).sum()), int(replaced.sum()), int(diff.gone.sum()), False)
    if not diff.count:
        return result
    stale = [*fresh.loc[replaced, ROW_KEY], *old.loc[diff.gone, ROW_KEY]]
    with new_generation(ix_dir) as work:
        clone_generation(current_dir(ix_dir), work, skip=frozenset({ROWS_FILE}))  # type: ignore[arg-type]
        _add_documents(work, fresh, iter(stale))
        write_rows(_in_order(old, fresh, new[ROW_KEY]), work)
        publish(ix_dir, work)
    return result


def _in_order(old: "pd.DataFrame", fresh: "pd.DataFrame", keys: Iterable[str]) -> "pd.DataFrame":
    """The prepared rows of `keys`, in that order: fresh ones, else the old stored ones."""
    import pandas as pd

    pool = pd.concat([fresh, old[~old[ROW_KEY].isin(set(fresh[ROW_KEY]))]], ignore_index=True)
    positions = pd.Index(pool[ROW_KEY]).get_indexer(pd.Index(keys))
    return pool.iloc[positions].reset_index(drop=True)


def _live_rows(live: Path | None) -> "pd.DataFrame | None":
    """The live generation's row store, or None when absent or written by other index code."""
    if live is None or _format_of(live) != index_format():
        return None
    try:
        rows = read_rows(live)
        schema = whoosh_index.open_dir(str(live)).schema
    except (OSError, ValueError, whoosh_index.IndexError) as error:
        logger.warning("Cannot read the live index %s (%s); building it afresh", live, error)
        return None
    same_schema = _schema_signature(schema) == _schema_signature(SCHEMA)
    same_rows = list(rows.columns) == _row_columns() and rows[ROW_KEY].is_unique
    return rows if same_schema and same_rows else None


def _schema_signature(schema: Schema) -> list[tuple[str, str, str]]:
    """Field names, types and analyzers (Whoosh fields do not compare equal across loads)."""
    return [(name, type(f).__name__, type(f.analyzer).__name__) for name, f in schema.items()]


def _format_of(generation: Path) -> str:
    """The format stamp of a generation ('' when it has none)."""
    try:
        return (generation / FORMAT_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


@functools.cache
def _row_columns() -> list[str]:
    """The columns of a row store written by this code."""
    import pandas as pd

    empty = pd.DataFrame({column: pd.Series(dtype=str) for column in COLUMNS})
    return list(prepare_rows(empty).columns)


def open_index(ix_dir: Path) -> SearchIndex:
    """Open the live generation of `ix_dir`; raise IndexMissingError when there is none, and
    IndexOutdatedError when it was written by other index code."""
    ix_dir = Path(ix_dir)
    for _ in range(3):  # a generation may be retired between reading CURRENT and opening it
        name = current_name(ix_dir)
        if name is None:
            break
        try:
            return _open_generation(ix_dir, name)
        except IndexOutdatedError:
            raise
        except FileNotFoundError:
            continue
    raise IndexMissingError(ix_dir)


def _open_generation(ix_dir: Path, name: str) -> SearchIndex:
    """The generation `name`, when this index code wrote it."""
    generation = ix_dir / name
    if _format_of(generation) != index_format():
        if not generation.is_dir():
            raise FileNotFoundError(generation)  # retired meanwhile
        raise IndexOutdatedError(ix_dir)
    return SearchIndex(generation, name)


def index_version(ix_dir: Path) -> str:
    """A token that changes whenever a new generation is published in `ix_dir`."""
    return current_name(Path(ix_dir)) or "missing"
