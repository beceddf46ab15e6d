"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Files get the mode a plain open() would give them (mkstemp alone makes them private, 0600),
# so that a web server can publish changes.atom. Read once, while the process has one thread.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK
# Files whose previous content is kept as `<name>.bak` before each replacement, and restored
# from when the file itself is found corrupt: the manifest is the one record of what is stored.
BACKED_UP = frozenset({"manifest.json"})

logger = logging.getLogger(__name__)
# Every atomic write of this process that failed, so a run can name what it could not keep
# even when the writer's caller swallowed the error (a pipeline's close, a cache).
_FAILED_WRITES: list[dict[str, str]] = []


def write_atomic(path: Path, writer: Callable[[Path], object]) -> None:
    """Call `writer` on a temp file beside `path`, fsync it, then rename it into place.

    A write that fails (a full disk: ENOSPC) is remembered for `failed_writes` and raised."""
    try:
        _write_atomic(path, writer)
    except OSError as error:
        _FAILED_WRITES.append({"url": str(path), "reason": f"could not be written: {error}"})
        raise


def failed_writes() -> list[dict[str, str]]:
    """The writes that failed in this process since `forget_failed_writes`, oldest first."""
    return list(_FAILED_WRITES)


def forget_failed_writes() -> None:
    """Start a new run's account of failed writes."""
    _FAILED_WRITES.clear()


def _write_atomic(path: Path, writer: Callable[[Path], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        tmp.chmod(FILE_MODE)
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        tmp.replace(path)
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (it survives a power cut once this returns)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically."""
    write_atomic(path, lambda tmp: tmp.write_bytes(data))


def write_json_atomic(path: Path, payload: Any) -> None:
    """Write `payload` as pretty UTF-8 JSON to `path` atomically (a BACKED_UP file's readable
    previous content first to its backup)."""
    data = (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    write_atomic(path, lambda tmp: _back_up_then_write(path, tmp, data, type(payload)))


def _back_up_then_write(path: Path, tmp: Path, data: bytes, kind: type) -> None:
    """Keep a BACKED_UP file's readable content as its backup, then write `data` to `tmp`."""
    if path.name in BACKED_UP and _load(path, kind) is not None:
        _write_atomic(backup_path(path), lambda backup: backup.write_bytes(path.read_bytes()))
    tmp.write_bytes(data)


def backup_path(path: Path) -> Path:
    """Where the previous content of a BACKED_UP file is kept."""
    return path.with_name(path.name + ".bak")


def read_json(path: Path, default: Any) -> Any:
    """The JSON in `path`, or `default` when the file does not exist.

    A file that does not parse, or holds another kind of value than `default` (a list where a
    dict belongs), is corrupt: a BACKED_UP file is restored from its backup, any other gives
    `default` (it is derived, and rebuilt), with a warning either way.
    """
    if not path.exists():
        return default
    kind = type(default) if default is not None else object
    loaded = _load(path, kind)
    if loaded is not None:
        return loaded
    return _recover(path, default, kind)


def _load(path: Path, kind: type) -> Any:
    """The JSON value in `path` when it parses and is a `kind`, else None."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, kind) else None


def _recover(path: Path, default: Any, kind: type) -> Any:
    """A corrupt file's backup, restored in its place when good, else `default`."""
    backup = _load(backup_path(path), kind) if path.name in BACKED_UP else None
    if backup is None:
        logger.warning("%s is corrupt; using %r in its place (it is rebuilt)", path, default)
        return default
    logger.warning("%s is corrupt; restored it from %s", path, backup_path(path))
    write_bytes_atomic(path, backup_path(path).read_bytes())
    return backup
