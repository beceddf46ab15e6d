"""What a refresh says about itself: a one-sentence headline and a key=value status line.

`cacfilings refresh` and `cacfilings crawl` print them on stderr; a Scrapyd job with
CAC_REFRESH_ON_CLOSE (crawler.extensions) logs them, having no exit status to give.
"""

from typing import Any

from crawler.changes import counts
from crawler.refresh import Exit, stored_any

NOTHING_NEW = "no new batches"


def headline(outcome: Any) -> str:
    """One sentence on the run, for the cron mail's first glance."""
    code, found = outcome.exit_code, _found_words(outcome)
    if code == Exit.FATAL:
        stored = "" if found == NOTHING_NEW else f"; stored before that: {found}"
        return f"FATAL: {_fatal_words(outcome.crawl)}; stored data is kept{stored}"
    if code == Exit.PARTIAL:
        return f"incomplete: some pages or attachments failed (named above); {found}, rest kept"
    return found


def status_line(outcome: Any) -> str:
    """key=value facts for monitoring (grep 'status=')."""
    crawl, change = outcome.crawl, outcome.change or {}
    facts = {
        "status": outcome.exit_code.name.lower(),
        "exit": int(outcome.exit_code),
        "notices_read": crawl.notices_read,
        "requests": crawl.stats.get("downloader/request_count", 0),
        "attachments_new": crawl.count("attachments_new"),
        "attachments_changed": crawl.count("attachments_changed"),
        "attachments_failed": len(crawl.failures),
        "writes_failed": len(outcome.write_errors),
        "blocked": len(crawl.blocked),
        **{kind: n for kind, n in counts(change).items()},
        "rebuilt": outcome.rebuilt,
        "crawl_seconds": round(outcome.crawl_seconds, 1),
        "seconds": round(outcome.seconds, 1),
    }
    return " ".join(f"{key}={value}" for key, value in facts.items())


def _fatal_words(crawl: Any) -> str:
    """Why a run could not tell what is new."""
    if crawl.fatal == "blocked":
        return (
            f"BLOCKED: the site refused {len(crawl.blocked)} requests (403, reset or challenge "
            "page; named above), so this run cannot tell whether anything is new"
        )
    if crawl.fatal == "unreachable":
        return "site unreachable: no notice page could be read (see the failures above)"
    return f"the crawl {crawl.fatal}"


def _found_words(outcome: Any) -> str:
    """What the run found: its changes, or what it stored without publishing, or nothing new."""
    crawl = outcome.crawl
    if outcome.change:
        return _change_words(counts(outcome.change))
    if not outcome.rebuilt and stored_any(crawl):
        new, changed = crawl.count("attachments_new"), crawl.count("attachments_changed")
        return f"{new} new and {changed} changed attachments stored; table and index not rebuilt"
    return NOTHING_NEW


def _change_words(numbers: dict[str, int]) -> str:
    words = [f"{n} {kind.replace('_', ' ')}" for kind, n in numbers.items() if n]
    return ", ".join(words) or NOTHING_NEW
