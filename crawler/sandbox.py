"""Run a parser in a child process with memory and time limits, so no file can take a crawl down.

`parse_document` here is `crawler.parsers.parse_document` run in one long-lived child
(`python -m crawler.sandbox`) whose address space is capped by RLIMIT_AS; the parent waits at
most a wall-clock timeout. A child that runs out of memory, dies or overruns is ended and
replaced, and its file is refused with a ParseError: "X: refused: parsing exceeded 1024 MB" or
"X: refused: took longer than 120 s".
The parsers stay pure; this module only carries their bytes in and their frames out.
"""

import atexit
import importlib
import logging
import os
import pickle
import re
import resource
import signal
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Final

import pandas as pd

from crawler.parsers.errors import ParseError

MEMORY_LIMIT_MB: Final = 1024
# A 200-page list of the real layout takes ~40 s; twice that leaves room on a busy machine.
TIME_LIMIT_S: Final = 120.0
START_TIMEOUT_S: Final = 60.0
PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent
PARSE_TARGET: Final = "crawler.parsers:parse_document"
# One thread per numeric library and few malloc arenas keep the child's address space small.
CHILD_ENVIRONMENT: Final = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",
}
READY: Final = b"ready"


def _child_environment() -> dict[str, str]:
    """The parent's environment, the project importable, the numeric libraries single-threaded."""
    path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, **CHILD_ENVIRONMENT, "PYTHONPATH": path}


class _Worker:
    """One child process and the two pipes to it."""

    def __init__(self, memory_mb: int) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crawler.sandbox", *map(str, (to_child, from_child, memory_mb))],
            pass_fds=(to_child, from_child),
            env=_child_environment(),
            stdin=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self.requests = Connection(from_parent, readable=False)
        self.replies = Connection(to_parent, writable=False)
        self.owner = os.getpid()
        self.peak_rss_kb = 0

    def alive(self) -> bool:
        """True while the child runs and belongs to this process (not to a forked copy)."""
        return self.owner == os.getpid() and self.process.poll() is None

    def wait_ready(self) -> None:
        """Wait until the child has imported the parsers; raise RuntimeError if it does not."""
        if not self.replies.poll(START_TIMEOUT_S) or self.replies.recv_bytes() != READY:
            self.end()
            raise RuntimeError("the parsing process did not start")

    def end(self) -> str:
        """Close the pipes, kill the child if it still runs, reap it; say how it ended."""
        self.requests.close()
        self.replies.close()
        if self.process.returncode is None:
            self._reap()
        return _how_it_ended(self.process.returncode)

    def _reap(self) -> None:
        """Kill the child (a no-op when it has ended) and keep its status."""
        os.kill(self.process.pid, signal.SIGKILL)
        _, status = os.waitpid(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)


def _peak_rss_kb(pid: int) -> int:
    """A process's peak resident memory since it started its program (VmHWM), 0 if unknown.

    Not ru_maxrss: a child's starts at its parent's resident size when it was forked.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _how_it_ended(code: int) -> str:
    """'exit 1' or 'signal SIGKILL' for a child's return code."""
    return f"signal {signal.Signals(-code).name}" if code < 0 else f"exit {code}"


class Sandbox:
    """A pooled child process that runs parser calls within a memory and a time limit."""

    def __init__(self, memory_mb: int = MEMORY_LIMIT_MB, timeout_s: float = TIME_LIMIT_S) -> None:
        self.memory_mb = memory_mb
        self.timeout_s = timeout_s
        self.peak_rss_kb = 0
        self._worker: _Worker | None = None
        self._lock = threading.Lock()

    def _ready_worker(self) -> _Worker:
        """The running child, started afresh when there is none or it died."""
        if self._worker is None or not self._worker.alive():
            self._retire()
            self._worker = _Worker(self.memory_mb)
            self._worker.wait_ready()
        return self._worker

    def _retire(self) -> str:
        """End the current child, if any, keeping its peak memory; say how it ended."""
        worker, self._worker = self._worker, None
        if worker is None:
            return ""
        how = worker.end() if worker.owner == os.getpid() else ""
        self.peak_rss_kb = worker.peak_rss_kb
        return how

    def close(self) -> None:
        """End the child (a later call starts a new one)."""
        with self._lock:
            self._retire()

    def call(
        self, target: str, source: str, args: tuple[Any, ...] = (), kwargs: dict | None = None
    ) -> Any:
        """Run `module:function`(*args, **kwargs) in the child; refuse `source` past a limit."""
        with self._lock:
            worker = self._ready_worker()
            try:
                worker.requests.send_bytes(pickle.dumps((target, args, kwargs or {})))
                reply = self._reply(worker, source)
            except (EOFError, OSError) as exc:
                raise self._died(source) from exc
        return _result(reply, source, self)

    def _reply(self, worker: _Worker, source: str) -> tuple[str, Any, list[Any]]:
        """The child's answer, or a refusal when it takes longer than the timeout."""
        if not worker.replies.poll(self.timeout_s):
            worker.peak_rss_kb = _peak_rss_kb(worker.process.pid)
            self._retire()
            raise ParseError(f"{source}: refused: took longer than {self.timeout_s:g} s")
        status, value, records, worker.peak_rss_kb = pickle.loads(worker.replies.recv_bytes())
        return status, value, records

    def _died(self, source: str) -> ParseError:
        """The refusal for a file whose parse killed the child."""
        how = self._retire()
        return ParseError(
            f"{source}: refused: the parsing process died ({how}; its limit is {self.memory_mb} MB)"
        )

    def memory_refusal(self, source: str) -> ParseError:
        """The refusal for a file whose parse ran out of memory; the child is replaced."""
        with self._lock:
            self._retire()
        return ParseError(f"{source}: refused: parsing exceeded {self.memory_mb} MB")


def _result(reply: tuple[str, Any, list[Any]], source: str, sandbox: Sandbox) -> Any:
    """Re-log the child's log lines, then return its result or raise its error."""
    status, value, records = reply
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)
    if status == "ok":
        return value
    if status == "memory":
        raise sandbox.memory_refusal(source)
    if status == "error":
        raise value
    raise ParseError(f"{source}: could not be parsed ({value})")


DEFAULT_SANDBOX: Final = Sandbox()
atexit.register(DEFAULT_SANDBOX.close)


def parse_document(
    data: bytes,
    *,
    source: str = "<bytes>",
    list_type: str | None = None,
    content_type: str | None = None,
    sandbox: Sandbox | None = None,
) -> pd.DataFrame:
    """`crawler.parsers.parse_document`, run in the sandbox's child process (the pooled one)."""
    runner = sandbox or DEFAULT_SANDBOX
    options = {"source": source, "list_type": list_type, "content_type": content_type}
    return runner.call(PARSE_TARGET, source, (data,), options)


# The child's side.


class _Collector(logging.Handler):
    """Keeps the warnings a call logs, to send them back with its answer."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record's logger name, level and message."""
        self.records.append((record.name, record.levelno, record.getMessage()))


def _resolve(target: str) -> Any:
    """The function named 'module:function'."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _run(request: bytes, collector: _Collector) -> tuple[str, Any, list[Any]]:
    """Answer one request: ('ok', result), ('error', a ParseError), ('memory', None) or
    ('crash', what went wrong), each with the warnings it logged."""
    collector.records = []
    try:
        target, args, kwargs = pickle.loads(request)
        return "ok", _resolve(target)(*args, **kwargs), collector.records
    except ParseError as exc:
        return "error", exc, collector.records
    except MemoryError:
        return "memory", None, collector.records
    except Exception as exc:
        return "crash", f"{type(exc).__name__}: {exc}", collector.records


def _limit_memory(memory_mb: int) -> None:
    """Cap the child's address space at `memory_mb`."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(requests: Connection, replies: Connection) -> None:
    """Answer requests until the parent closes its end; stop after running out of memory."""
    collector = _Collector()
    logging.getLogger().addHandler(collector)
    logging.getLogger().setLevel(logging.WARNING)
    replies.send_bytes(READY)
    while True:
        try:
            request = requests.recv_bytes()
        except EOFError:
            return
        reply = _run(request, collector)
        del request
        replies.send_bytes(_encode(reply))
        if reply[0] == "memory":
            return


def _encode(reply: tuple[str, Any, list[Any]]) -> bytes:
    """The pickled reply with the child's peak memory; a 'crash' when the result won't pickle."""
    peak = _peak_rss_kb(os.getpid())
    try:
        return pickle.dumps((*reply, peak))
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        return pickle.dumps(("crash", f"unpicklable result ({exc})", reply[2], peak))


def main(argv: list[str]) -> None:
    """`python -m crawler.sandbox READ_FD WRITE_FD MEMORY_MB`: serve parser calls."""
    importlib.import_module("crawler.parsers")
    requests = Connection(int(argv[0]), writable=False)
    replies = Connection(int(argv[1]), readable=False)
    _limit_memory(int(argv[2]))
    _serve(requests, replies)


if __name__ == "__main__":
    main(sys.argv[1:])
