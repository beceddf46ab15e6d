"""Atom feeds of new matching filings: a saved search or company, newest listing first."""

from pathlib import Path
from typing import Final

DEFAULT_BASE_URL: Final = "http://localhost:8501"


def feed_bytes(
    index: Path | str,
    query: str = "",
    *,
    company: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
    limit: int = 100,
) -> bytes:
    """An Atom document of the filings matching `query` (and `company`), newest first."""
    raise NotImplementedError
