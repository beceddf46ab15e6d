"""Index generations: build aside, publish by switching a pointer file atomically.

Layout of an index directory::

    index/CURRENT           the name of the live generation (replaced with os.replace)
    index/gen-000007-ab12…  Whoosh segment files + rows.parquet of one generation
    index/.tmp-…            a generation being written (never read)
    index/.lock             held (flock) by the one writer at a time

Readers read CURRENT and open that generation; a reader that opened an older generation keeps
working, because a swap never touches a published generation and cleanup keeps the previous one
(and, on POSIX, files already open survive their deletion).
"""

import contextlib
import fcntl
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Final

POINTER: Final = "CURRENT"
KEEP: Final = 2  # generations kept: the live one and the one it replaced
_GEN: Final = re.compile(r"^gen-(\d{6})-[0-9a-f]{8}$")
_LEGACY: Final = re.compile(r"^_?MAIN_")  # Whoosh files of the old single-directory layout


def current_name(ix_dir: Path) -> str | None:
    """The live generation's name, or None when nothing was published."""
    try:
        name = (Path(ix_dir) / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name if _GEN.match(name) and (Path(ix_dir) / name).is_dir() else None


def current_dir(ix_dir: Path) -> Path | None:
    """The live generation directory, or None."""
    name = current_name(ix_dir)
    return Path(ix_dir) / name if name else None


def _generations(ix_dir: Path) -> list[Path]:
    """Published generation directories, oldest first."""
    found = [p for p in ix_dir.iterdir() if _GEN.match(p.name) and p.is_dir()]
    return sorted(found, key=lambda p: int(_GEN.match(p.name)[1]))  # type: ignore[index]


def _next_name(ix_dir: Path) -> str:
    gens = _generations(ix_dir)
    number = int(_GEN.match(gens[-1].name)[1]) + 1 if gens else 1  # type: ignore[index]
    return f"gen-{number:06d}-{uuid.uuid4().hex[:8]}"


@contextlib.contextmanager
def writer_lock(ix_dir: Path) -> Iterator[None]:
    """Serialise writers of one index directory (released even if the process dies)."""
    ix_dir.mkdir(parents=True, exist_ok=True)
    with (ix_dir / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def new_generation(ix_dir: Path) -> Iterator[Path]:
    """A fresh directory to write a generation into; removed if the block fails."""
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=ix_dir))
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def publish(ix_dir: Path, work: Path) -> str:
    """Make `work` the live generation: rename it, switch CURRENT atomically, clean up."""
    name = _next_name(ix_dir)
    work.replace(ix_dir / name)
    pointer_tmp = ix_dir / f".{POINTER}.{uuid.uuid4().hex}"
    pointer_tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(pointer_tmp, ix_dir / POINTER)  # noqa: PTH105 (atomic, and patched in tests)
    _clean(ix_dir, name)
    return name


def _clean(ix_dir: Path, live: str) -> None:
    """Remove unfinished work and all but the newest KEEP generations (never the live one)."""
    for path in ix_dir.iterdir():
        if path.name.startswith((".tmp-", f".{POINTER}.")) or _LEGACY.match(path.name):
            _remove(path)
    for path in _generations(ix_dir)[:-KEEP]:
        if path.name != live:
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clone_generation(source: Path, target: Path, skip: frozenset[str] = frozenset()) -> None:
    """Copy a generation's files but `skip` into `target` (hard links: they never change).

    Whoever writes into `target` must replace files (new names, or os.replace), never rewrite
    them in place: Whoosh does so, and so does `write_rows`.
    """
    for path in source.iterdir():
        if path.is_file() and path.name not in skip and "WRITELOCK" not in path.name:
            try:
                os.link(path, target / path.name)
            except OSError:
                shutil.copy2(path, target / path.name)
