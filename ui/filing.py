"""One filing number: its rows, decoded number, status, remark events and source documents.

Pure functions over the filings table and the raw manifest. A number is found in any spelling
the search accepts (full-width, spaces, case) and without its 网信算备 … 号 frame (bare digits).
A source document's stored copy is served only when its bytes have the sha256 the manifest
records for them.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote, unquote, urlsplit

import pandas as pd

from crawler.constants import STATUS_ACTIVE, STATUS_CANCELLATION, STATUS_CANCELLED
from crawler.dataset.decode import CENTRAL_SOE, CENTRAL_SOE_LABEL
from crawler.dataset.events import remark_events
from crawler.dataset.history import HISTORY_COLUMNS
from index.schema import normalize_filing_no
from ui.companies import region

PAGE_COLUMN: Final = "filing_page"
PAGE_PATH: Final = "filing"
ALGORITHM_PREFIX: Final = "网信算备"
ALGORITHM_SUFFIX: Final = "号"
MAX_CANDIDATES: Final = 10
DECODED_FIELDS: Final = (
    "region",
    "division_code",
    "filing_year",
    "filing_no_date",
    "filing_category",
    "central_soe",
)
EVENT_COLUMNS: Final = ("when", "kind", "field", "old", "new", "text", "batch", "list_type")
DOCUMENT_COLUMNS: Final = (
    "batch",
    "list_type",
    "notice_url",
    "attachment_url",
    "filename",
    "sha256",
    "path",
    "content_type",
)
# the history's columns but the number itself and the CAC link that needs its notice as Referer
APPEARANCE_COLUMNS: Final = tuple(
    name for name in HISTORY_COLUMNS if name not in ("filing_no", "attachment_url")
)


def number_key(text: str) -> str:
    """A filing number as compared: folded, lower-cased, no spaces, no 网信算备 … 号 frame."""
    key = normalize_filing_no(text)
    return key.removeprefix(ALGORITHM_PREFIX).removesuffix(ALGORITHM_SUFFIX)


def number_lookup(table: pd.DataFrame) -> pd.Series:
    """number_key -> filing number, for every distinct number of the table."""
    distinct = pd.Series(table.loc[table["filing_no"] != "", "filing_no"].unique(), dtype=str)
    lookup = pd.Series(distinct.to_numpy(), index=distinct.map(number_key).to_numpy())
    return lookup[~lookup.index.duplicated()].sort_index()


def resolve_number(lookup: pd.Series, typed: str) -> str | None:
    """The filing number `typed` spells, or None."""
    key = number_key(typed)
    return str(lookup[key]) if key and key in lookup.index else None


def candidates(lookup: pd.Series, typed: str, limit: int = MAX_CANDIDATES) -> list[str]:
    """Up to `limit` filing numbers starting with what was typed (in number_key form)."""
    key = number_key(typed)
    if not key:
        return []
    starts = lookup.index.str.startswith(key)
    return [str(number) for number in lookup[starts].iloc[:limit]]


def page_link(filing_no: str) -> str | None:
    """The relative URL of a filing's page (filing?no=…); None for a row without a number."""
    return f"{PAGE_PATH}?no={quote(filing_no, safe='')}" if filing_no else None


def with_page_links(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with a `filing_page` column: each row's filing page, relative."""
    links = {number: page_link(number) for number in rows["filing_no"].unique()}
    return rows.assign(**{PAGE_COLUMN: rows["filing_no"].map(links)})


def in_language(links: pd.Series, lang_params: Mapping[str, str]) -> pd.Series:
    """Filing-page links with the language parameter added (none for the default)."""
    suffix = "".join(f"&{name}={value}" for name, value in lang_params.items())
    return links.map(lambda link: f"{link}{suffix}" if link else link) if suffix else links


@dataclass(frozen=True)
class Standing:
    """Whether a filing stands, and the notice that cancels it."""

    status: str
    cancelled_by: str = ""
    cancelled_on: str = ""


def standing(rows: pd.DataFrame) -> Standing:
    """Cancelled when any row of the number is, with the cancelling notice and its date."""
    gone = rows["status"].isin([STATUS_CANCELLED, STATUS_CANCELLATION])
    if not gone.any():
        return Standing(STATUS_ACTIVE)
    notices = [str(url) for url in rows["cancelled_by"] if url]
    dates = [str(day) for day in rows["cancelled_on"] if day]
    return Standing(STATUS_CANCELLED, min(notices, default=""), min(dates, default=""))


def decoded(rows: pd.DataFrame) -> dict[str, str]:
    """What the number says (the table's decoded columns): region, code, year, category."""
    first = rows.iloc[0]
    central = first["central_soe"] == CENTRAL_SOE
    place = region(str(first["province"]), str(first["city"]), str(first["district"]))
    found = {name: str(first[name]) for name in DECODED_FIELDS if name in rows.columns}
    found |= {"region": place, "central_soe": CENTRAL_SOE_LABEL if central else ""}
    return {name: found[name] for name in DECODED_FIELDS if found.get(name)}


def timeline(rows: pd.DataFrame) -> pd.DataFrame:
    """The events the rows' remarks record, by month (the batch when the remark names none)."""
    events = remark_events(rows)
    events = events.assign(when=events["month"].where(events["month"] != "", events["batch"]))
    events = events.drop_duplicates(["when", "kind", "field", "old", "new", "text"])
    return events.sort_values(["when", "batch"], kind="stable")[list(EVENT_COLUMNS)]


def former_names(events: pd.DataFrame) -> list[str]:
    """The company names the events say were renamed away from, as printed."""
    renamed = events[events["kind"] == "renamed"]
    return list(dict.fromkeys(str(name) for name in renamed["old"] if name))


def file_name(url: str, entry: Mapping[str, Any]) -> str:
    """The original file name: the manifest's, else the last part of the URL's path."""
    named = str(entry.get("filename") or "")
    return named or unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "attachment"


def documents(rows: pd.DataFrame, manifest: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """One row per source document of the rows: notice, attachment, stored file, sha256."""
    distinct = rows.drop_duplicates(["notice_url", "attachment_url"])
    records = [
        _document(row, manifest.get(str(row["attachment_url"]), {}))
        for row in distinct.to_dict("records")
    ]
    return pd.DataFrame(records, columns=list(DOCUMENT_COLUMNS))


def _document(row: Mapping[str, Any], entry: Mapping[str, Any]) -> dict[str, str]:
    url = str(row["attachment_url"])
    return {
        "batch": str(row["batch"]),
        "list_type": str(row["list_type"]),
        "notice_url": str(row["notice_url"]),
        "attachment_url": url,
        "filename": file_name(url, entry),
        "sha256": str(entry.get("sha256") or row.get("attachment_sha256") or ""),
        "path": str(entry.get("path") or ""),
        "content_type": str(entry.get("content_type") or "application/octet-stream"),
    }


COPY_UNRECORDED: Final = "copy_unrecorded"
COPY_MISSING: Final = "copy_missing"
COPY_MISMATCH: Final = "copy_mismatch"


class StoredCopyError(Exception):
    """The stored copy of a document is unrecorded, missing, or not the bytes recorded."""

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(f"{reason}: {path}" if path else reason)
        self.reason, self.path = reason, path


def stored_copy(files_dir: Path, path: str, sha256: str) -> bytes:
    """The stored bytes at `path` under `files_dir`, checked against `sha256`."""
    if not path:
        raise StoredCopyError(COPY_UNRECORDED)
    stored = (files_dir / path).resolve()
    if not stored.is_relative_to(files_dir.resolve()) or not stored.is_file():
        raise StoredCopyError(COPY_MISSING, stored)
    data = stored.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StoredCopyError(COPY_MISMATCH, stored)
    return data
