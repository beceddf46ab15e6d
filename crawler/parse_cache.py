"""The parse cache: each attachment's parsed frame, keyed by its sha256 and the parser version.

`processed/parsed/<sha256>.parquet` holds what `parse_document` returned for those bytes (before
the list-type hint and the provenance columns, which depend on the manifest entry). The parser
version and the sha256 the file is named for are stored in its metadata; a file of another
version, one claiming other bytes than its name (a file swapped or copied under another name),
one without today's columns, or one that does not read, is ignored and the bytes are parsed
again. The cache is derived data:
deleting it only costs time.
"""

import functools
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crawler.parsers import OUTPUT_COLUMNS
from crawler.storage import write_atomic
from crawler.versions import code_digest

logger = logging.getLogger(__name__)

CRAWLER_DIR: Final = Path(__file__).resolve().parent
PARSERS_DIR: Final = CRAWLER_DIR / "parsers"
# Modules outside crawler/parsers/ that decide what a parse holds: the list families (each row's
# list type), batch months read from titles, and the canonical columns.
PARSER_DEPENDENCIES: Final = tuple(
    CRAWLER_DIR / name for name in ("families.py", "notices.py", "constants.py")
)
# Libraries whose output the parsers rely on: a new version of one may parse differently.
PARSER_PACKAGES: Final = ("pdfplumber", "pdfminer.six", "python-docx", "openpyxl", "lxml", "pandas")
VERSION_KEY: Final = b"cacfilings.parser_version"
SHA256_KEY: Final = b"cacfilings.sha256"
SUFFIX: Final = ".parquet"


@functools.cache
def parser_version() -> str:
    """A digest of crawler/parsers/*.py, the modules they build on and the parsing libraries'
    versions: a change to any of them parses every attachment again."""
    return code_digest([*PARSERS_DIR.glob("*.py"), *PARSER_DEPENDENCIES], PARSER_PACKAGES)


def cache_file(directory: Path, sha256: str) -> Path:
    """Where the parse of the bytes with this sha256 is cached."""
    return directory / f"{sha256}{SUFFIX}"


def read_cached(path: Path) -> pd.DataFrame | None:
    """The cached frame at `path`, or None when absent, unreadable or of another parser version."""
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, pa.ArrowException) as error:
        logger.warning("Ignoring unreadable parse cache %s: %s", path, error)
        return None
    if (table.schema.metadata or {}) != {**(table.schema.metadata or {}), **_stamp(path)}:
        return None
    frame = table.to_pandas()
    return frame if list(frame.columns) == list(OUTPUT_COLUMNS) else None


def write_cached(path: Path, frame: pd.DataFrame) -> None:
    """Store a parsed frame with the current parser version, atomically."""
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **_stamp(path)})
    write_atomic(path, lambda tmp: pq.write_table(table, tmp))


def _stamp(path: Path) -> dict[bytes, bytes]:
    """The metadata a cache file must carry: the parser version and the sha256 it is named for."""
    return {VERSION_KEY: parser_version().encode(), SHA256_KEY: path.stem.encode()}


def cached_parse(
    path: Path, parse: Callable[[], pd.DataFrame], *, use_cache: bool = True
) -> pd.DataFrame:
    """The cached frame at `path` (unless not use_cache), else `parse()`, stored at `path`."""
    frame = read_cached(path) if use_cache else None
    if frame is None:
        frame = parse()
        try:
            write_cached(path, frame)
        except OSError as error:  # the cache only saves time; never fail a build for it
            logger.warning("Cannot cache the parse at %s: %s", path, error)
    return frame


def prune(directory: Path, keep: Iterable[str]) -> list[Path]:
    """Remove cached parses whose sha256 is not in `keep`; return what was removed."""
    wanted = set(keep)
    stale = [p for p in directory.glob(f"*{SUFFIX}") if p.stem not in wanted]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
