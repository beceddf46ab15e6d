"""Downloader middleware: retries that back off exponentially instead of hammering a slow site."""

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, each one waiting RETRY_BACKOFF_BASE * 2**(n-1) seconds (capped) first."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 0.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        """Retry HTTP statuses in RETRY_HTTP_CODES, after the back-off."""
        return await self._after_backoff(super().process_response(request, response))

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        """Retry exceptions in RETRY_EXCEPTIONS, after the back-off."""
        return await self._after_backoff(super().process_exception(request, exception))

    def backoff(self, retry_times: int) -> float:
        """Seconds to wait before retry number `retry_times` (1, 2, ...)."""
        return min(self.backoff_max, self.backoff_base * 2 ** (retry_times - 1))

    async def _after_backoff(self, result: Any) -> Any:
        """Return `result`, after sleeping first when it is a retry request."""
        if isinstance(result, Request) and "retry_times" in result.meta:
            delay = self.backoff(result.meta["retry_times"])
            if delay > 0:
                await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return result
