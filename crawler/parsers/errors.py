"""Errors raised by the document parsers; all are ValueErrors."""

from collections.abc import Sequence


class ParseError(ValueError):
    """A document could not be turned into filing rows."""


class UnknownLayoutError(ParseError):
    """The document holds a table, but not one with the columns of a filing list."""

    def __init__(self, source: str, headers: Sequence[str]) -> None:
        self.source = source
        self.headers = list(headers)
        super().__init__(f"{source}: unknown column layout; headers found: {self.headers}")


class NotADocumentError(ParseError):
    """The bytes are not a document at all: an HTML page, an empty or a truncated file."""

    def __init__(self, source: str, what: str) -> None:
        self.source = source
        self.what = what
        super().__init__(f"{source} {what}")
