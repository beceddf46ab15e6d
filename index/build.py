"""Build the Whoosh index from the filings table, swapping it into place by rename."""

import shutil
import tempfile
import uuid
from pathlib import Path

import pandas as pd
from whoosh import index as whoosh_index
from whoosh.index import Index

from crawler.constants import COLUMNS
from index.schema import SCHEMA, normalize_filing_no


class IndexMissingError(FileNotFoundError):
    """There is no search index yet at the expected directory."""

    def __init__(self, ix_dir: Path) -> None:
        super().__init__(
            f"No search index at {ix_dir}: run `cacfilings crawl` (if there is no table yet) "
            "and then `cacfilings build` to create it."
        )
        self.ix_dir = ix_dir


def open_index(ix_dir: Path) -> Index:
    """Open the index at `ix_dir` read-only, or raise IndexMissingError."""
    ix_dir = Path(ix_dir)
    if not whoosh_index.exists_in(str(ix_dir)):
        raise IndexMissingError(ix_dir)
    return whoosh_index.open_dir(str(ix_dir), readonly=True)


def index_version(ix_dir: Path) -> str:
    """A token that changes whenever a rebuild swaps a new index into `ix_dir`."""
    try:
        stat = Path(ix_dir).stat()
    except FileNotFoundError:
        return "missing"
    return f"{stat.st_ino}-{stat.st_mtime_ns}"


def _cell(value: object) -> str:
    if isinstance(value, str):
        return value
    return "" if pd.isna(value) else str(value)


def _document(row_id: int, row: dict[str, object]) -> dict[str, str]:
    """One Whoosh document: every non-empty column, plus row_id and filing_text."""
    doc = {col: _cell(row[col]) for col in COLUMNS}
    doc = {col: value for col, value in doc.items() if value}
    if filing_no := doc.get("filing_no"):
        doc["filing_no"] = normalize_filing_no(filing_no)
        doc["_stored_filing_no"] = filing_no
        doc["filing_text"] = filing_no
    doc["row_id"] = str(row_id)
    return doc


def _check_columns(df: pd.DataFrame) -> None:
    missing = [col for col in COLUMNS if col not in df.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}")


def _write_documents(ix_dir: Path, df: pd.DataFrame) -> int:
    """Create a fresh index in the (empty) `ix_dir` holding every row of `df`."""
    writer = whoosh_index.create_in(str(ix_dir), SCHEMA).writer(limitmb=256)
    for row_id, row in enumerate(df[list(COLUMNS)].to_dict("records")):
        writer.add_document(**_document(row_id, row))
    writer.commit()
    return len(df)


def _swap_into_place(new_dir: Path, ix_dir: Path) -> None:
    """Rename `new_dir` to `ix_dir`; an old index is renamed aside first, then deleted."""
    if not ix_dir.exists():
        new_dir.replace(ix_dir)
        return
    old_dir = ix_dir.with_name(f".{ix_dir.name}.old-{uuid.uuid4().hex}")
    ix_dir.replace(old_dir)
    try:
        new_dir.replace(ix_dir)
    except OSError:
        old_dir.replace(ix_dir)
        raise
    shutil.rmtree(old_dir, ignore_errors=True)


def build_index(df: pd.DataFrame, ix_dir: Path) -> int:
    """Index every row of `df` into `ix_dir` (built aside, then swapped in); return the count."""
    _check_columns(df)
    ix_dir = Path(ix_dir)
    ix_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{ix_dir.name}.tmp-", dir=ix_dir.parent))
    try:
        count = _write_documents(tmp_dir, df)
        _swap_into_place(tmp_dir, ix_dir)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    return count
