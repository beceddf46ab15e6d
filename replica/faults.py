"""Faults the replica server can be told to inject, per path prefix, for a number of requests."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

Reply = tuple[int, dict[str, str], bytes]

# Faults that change the reply; the others (slow, reset, truncate) act on the connection.
REPLY_FAULTS = frozenset({"status", "body", "challenge"})
TRANSPORT_FAULTS = frozenset({"slow", "reset", "truncate"})
FAULTS = REPLY_FAULTS | TRANSPORT_FAULTS
ERROR_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{status} Error</title></head>"
    "<body><h1>{status} Error</h1><p>服务器繁忙，请稍后再试。</p></body></html>"
)


@dataclass
class Fault:
    """One injected fault: what to do, and how many more requests it applies to (None: all)."""

    kind: str
    times: int | None = None
    status: int = 500
    delay: float = 0.0
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"

    def apply(self, reply: Reply, challenge_page: bytes) -> Reply:
        """The reply this fault makes of the normal one (transport faults keep it)."""
        status, headers, body = reply
        if self.kind == "status":
            page = ERROR_PAGE.format(status=self.status).encode("utf-8")
            return self.status, {"Content-Type": "text/html; charset=utf-8"}, page
        if self.kind == "challenge":
            return 200, {"Content-Type": "text/html; charset=utf-8"}, challenge_page
        if self.kind == "body":
            replaced = {**headers, "Content-Type": self.content_type, "ETag": etag(self.body)}
            replaced.pop("Last-Modified", None)
            return 200, replaced, self.body
        return status, headers, body


class FaultTable:
    """Faults keyed by path prefix, consumed request by request (thread-safe)."""

    def __init__(self) -> None:
        self._faults: list[tuple[str, Fault]] = []
        self._lock = threading.Lock()

    def add(self, path_prefix: str, fault: Fault) -> None:
        """Apply `fault` to requests whose path (with query) starts with `path_prefix`."""
        if fault.kind not in FAULTS:
            raise ValueError(f"unknown fault {fault.kind!r}; known: {sorted(FAULTS)}")
        with self._lock:
            self._faults.append((path_prefix, fault))

    def take(self, path: str) -> Fault | None:
        """The first fault for `path`, counting one use of it; None when there is none."""
        with self._lock:
            for index, (prefix, fault) in enumerate(self._faults):
                if path.startswith(prefix):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            del self._faults[index]
                    return fault
        return None

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()


def etag(body: bytes) -> str:
    """A strong entity tag for a body."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
