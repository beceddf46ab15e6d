"""Items the spider yields: one per notice, with its attachments to download."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class NoticeItem:
    """A notice page and the list documents it links (or holds inline)."""

    url: str
    title: str
    published: str
    family: str
    attachments: list[dict[str, Any]] = field(default_factory=list)
    file_urls: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""
