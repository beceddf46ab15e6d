"""Say why a request failed, in words an operator can act on, and whether it looks like a block."""

from dataclasses import dataclass
from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionDone, ConnectionLost, TimeoutError
from twisted.web._newclient import ResponseNeverReceived

# Statuses a site answers when it refuses us rather than fails.
BLOCK_STATUSES = frozenset({401, 403, 429})
_RESET_MARKERS = ("ConnectionLost", "Connection lost", "Connection reset", "ResponseNeverReceived")


@dataclass(frozen=True)
class FailureReason:
    """Why a request failed, and whether the site is refusing us (403, reset, challenge)."""

    reason: str
    blocked: bool = False


def explain(error: Any) -> FailureReason:
    """Explain a Twisted failure or an exception raised by a download."""
    exc = getattr(error, "value", error)
    if isinstance(exc, HttpError):
        status = exc.response.status
        return FailureReason(f"HTTP {status}", status in BLOCK_STATUSES)
    if isinstance(exc, DownloadTimeoutError | TimeoutError):
        return FailureReason("timed out")
    if isinstance(exc, DownloadConnectionRefusedError):
        return FailureReason("connection refused (site unreachable)")
    if isinstance(exc, CannotResolveHostError):
        return FailureReason("host name does not resolve (site unreachable)")
    if isinstance(exc, ResponseDataLossError):
        return FailureReason("truncated: the connection closed before the announced length")
    if _is_reset(exc):
        return FailureReason("connection reset by the server", blocked=True)
    return FailureReason(str(exc) or type(exc).__name__)


def _is_reset(exc: BaseException) -> bool:
    """Whether a download failed because the server dropped or reset the connection."""
    if isinstance(exc, ConnectionLost | ConnectionDone | ResponseNeverReceived):
        return True
    if isinstance(exc, DownloadFailedError):
        text = f"{exc} {exc.__cause__!r}"
        return any(marker in text for marker in _RESET_MARKERS)
    return False
