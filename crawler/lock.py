"""A lock so that two runs never write the same data directory at once.

It is an advisory `flock` on a file in the data directory. The kernel releases it when the holding
process ends, however it ends (SIGKILL, OOM, reboot), so a stale lock file never blocks a later
run: the file is only the thing locked, and it is never written to (a run that changes nothing
leaves every file in the data directory as it was). Local file systems only: flock over NFS is
not reliable.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockHeld(RuntimeError):
    """Another process holds the lock."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"another run holds the lock {path} (see it with `fuser {path}`)")
        self.path = path


@contextmanager
def held_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` for the duration, or raise LockHeld at once."""
    fd = acquire(path)
    try:
        yield
    finally:
        release(fd)


def acquire(path: Path) -> int:
    """Take the lock without waiting; return the descriptor that holds it (see `release`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise LockHeld(path) from None
    return fd


def release(fd: int) -> None:
    """Let go of a lock taken with `acquire`."""
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
