"""Errors raised by the document parsers; all are ValueErrors."""

import functools
from collections.abc import Callable, Sequence

import pandas as pd


class ParseError(ValueError):
    """A document could not be turned into filing rows."""


class UnknownLayoutError(ParseError):
    """The document holds a table, but not one with the columns of a filing list."""

    def __init__(self, source: str, headers: Sequence[str]) -> None:
        self.source = source
        self.headers = list(headers)
        super().__init__(f"{source}: unknown column layout; headers found: {self.headers}")

    def __reduce__(self) -> tuple[type, tuple[str, list[str]]]:
        """Pickle by the constructor's arguments, so the error crosses a process boundary."""
        return (type(self), (self.source, self.headers))


class NotADocumentError(ParseError):
    """The bytes are not a document at all: an HTML page, an empty or a truncated file."""

    def __init__(self, source: str, what: str) -> None:
        self.source = source
        self.what = what
        super().__init__(f"{source} {what}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle by the constructor's arguments, so the error crosses a process boundary."""
        return (type(self), (self.source, self.what))


Parser = Callable[..., pd.DataFrame]


def refuse_library_errors(kind: str) -> Callable[[Parser], Parser]:
    """Make a parser report any library failure as NotADocumentError naming the file and kind."""

    def decorate(parse: Parser) -> Parser:
        @functools.wraps(parse)
        def guarded(data: bytes, *, source: str = f"<{kind}>") -> pd.DataFrame:
            try:
                return parse(data, source=source)
            except (ParseError, MemoryError):
                raise
            except Exception as exc:
                what = f"is a malformed {kind.upper()} ({type(exc).__name__}: {exc})"
                raise NotADocumentError(source, what) from exc

        return guarded

    return decorate
