"""The replica's seed: the small site, and the table rows a correct crawl + parse must produce.

The small site (the default; `./run demo` and most tests) publishes every sampled real list
(replica.real_rows) with exactly its sampled rows, in the real layout of its period: real
companies and real filing numbers. Deep-synthesis batches the sample lacks get a few generated
rows, so that every known notice page exists; so do the six on-device services the sample
does not name. A seed is plain JSON (replica.real_site); `load_seed(path)` reads a stored one.
"""

import copy
import functools
import json
import random
import re
from pathlib import Path
from typing import Any, Final

from crawler.official import DEEP_SYNTHESIS_BATCHES
from replica.generate import ROW_FIELDS, RowMaker
from replica.lists import (
    dirty_cells,
    generated_ds_batch,
    on_device_list,
    real_algorithm,
    real_cancellations,
    real_deep_synthesis,
    real_genai,
    reserve_real,
)
from replica.real_site import BOARD_NOTICE, SiteLists, download_href, site_seed

SMALL_RANDOM_SEED: Final = 7
SMALL_GENERATED_ROWS: Final = 3  # rows of each deep-synthesis batch the sample lacks
SMALL_DIRTY_SHARE: Final = 0.1
_BATCH_RE: Final = re.compile(r"（(?:截至)?(\d{4})年(\d{1,2})月）")


def load_seed(path: Path | str | None = None) -> dict[str, Any]:
    """A stored seed (JSON), or by default the small site's seed."""
    if path is not None:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    return copy.deepcopy(_small_seed())


@functools.cache
def _small_seed() -> dict[str, Any]:
    return small_seed()


def small_seed() -> dict[str, Any]:
    """The small site: every sampled real list, and the few generated rows it needs."""
    maker = RowMaker(SMALL_RANDOM_SEED)
    deep_synthesis, algorithm = real_deep_synthesis(), real_algorithm()
    genai, cancellations = real_genai(), real_cancellations()
    reserve_real(maker, [*deep_synthesis.values(), *algorithm, *genai, *cancellations])
    for number in DEEP_SYNTHESIS_BATCHES.keys() - deep_synthesis.keys():
        deep_synthesis[number] = generated_ds_batch(maker, number, SMALL_GENERATED_ROWS)
    rng = random.Random(SMALL_RANDOM_SEED)
    dirty_cells(rng, [*deep_synthesis.values(), *algorithm], SMALL_DIRTY_SHARE)
    lists = SiteLists(deep_synthesis, algorithm, genai, on_device_list(maker), cancellations)
    return site_seed(lists, "small")


def batch_from_text(text: str) -> str | None:
    """Return YYYY-MM from a link text like 清单（2024年4月） or （截至2025年12月）."""
    match = _BATCH_RE.search(text)
    if match is None:
        return None
    return f"{match.group(1)}-{int(match.group(2)):02d}"


# --- expected rows -------------------------------------------------------------------------


def expected_rows(seed: dict[str, Any]) -> list[dict[str, Any]]:
    """Every table row a correct crawl + parse must produce, with its provenance.

    A file linked from several notices counts once, under the earliest-published notice that
    links it. Each row: list_type, batch, every canonical field's expected value, `real`, and
    notice_path / notice_url / attachment_token / attachment_path / notice_id.
    """
    rows: list[dict[str, Any]] = []
    for attachment, notice in first_links(seed).values():
        rows += attachment_rows(notice, attachment)
    return rows


def first_links(seed: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """For each healthy file: (its attachment with rows, the earliest notice linking it)."""
    originals: dict[str, dict[str, Any]] = {}
    linking: dict[str, list[dict[str, Any]]] = {}
    for notice in seed["notices"]:
        for attachment in notice["attachments"]:
            if attachment.get("fault"):
                continue
            file_key = attachment.get("same_as") or _file_key(attachment)
            if not attachment.get("same_as"):
                originals[file_key] = attachment
            linking.setdefault(file_key, []).append(notice)
    return {
        key: (attachment, min(linking[key], key=lambda n: (n["date"], n["time"])))
        for key, attachment in originals.items()
    }


def _file_key(attachment: dict[str, Any]) -> str:
    return attachment["token"] or attachment["notice_id"]


def attachment_rows(notice: dict[str, Any], attachment: dict[str, Any]) -> list[dict[str, Any]]:
    """The expected rows of one file as linked from `notice`."""
    link = _linking(notice, attachment)
    rows = attachment.get("rows", []) + [
        row for section in attachment.get("sections", []) for row in section["rows"]
    ]
    return [_expected(row, attachment["batch"], link) for row in rows]


def _linking(notice: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """Provenance of a file's rows: the notice and the link to the file it carries."""
    link = next(a for a in notice["attachments"] if a is original or _links_to(a, original))
    notice_id = link.get("notice_id")
    return {
        "notice_path": notice["path"] or BOARD_NOTICE.format(notice_id),
        "notice_url": notice["url"],
        "attachment_token": link.get("token"),
        "attachment_path": download_href(link),
        "notice_id": notice_id,
    }


def _links_to(attachment: dict[str, Any], original: dict[str, Any]) -> bool:
    """Whether an attachment links the file of `original` under another token."""
    return bool(original["token"]) and attachment.get("same_as") == original["token"]


def _expected(row: dict[str, Any], batch: str, link: dict[str, Any]) -> dict[str, Any]:
    """One expected table row: list type, batch, canonical values, origin and provenance."""
    values = {name: row["expected"][name] for name in ROW_FIELDS}
    return {"list_type": row["list_type"], "batch": batch, **values, "real": row["real"], **link}
