"""Items the spider yields: one per notice, with its attachments to download."""

from dataclasses import dataclass, field
from typing import Any

from crawler.families import NOTICE_KIND_LIST


@dataclass
class NoticeItem:
    """A notice and the list documents it links (or holds inline).

    `kind` is NOTICE_KIND_LIST, or NOTICE_KIND_ANNUAL for an annual / full-list notice, whose
    `stated_totals` are the cumulative totals it states ({"genai_filed", "genai_registered",
    "as_of"}). Each attachment: url, text (link text), batch (the month the link text names,
    '' when none), family, inline, referer, stated_total. `failures` start with the links the
    spider would not follow; the pipelines add the downloads that failed.
    """

    url: str
    title: str
    published: str
    family: str
    kind: str = NOTICE_KIND_LIST
    stated_totals: dict[str, Any] | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    file_urls: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""
