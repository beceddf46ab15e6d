"""Reconcile the table with the official figures (crawler/official.py) and the notices' totals.

One line per figure: the section, the item (a cut-off, batch, period or notice), what is counted
(measure), the table's count, the official one, their difference (table - official), whether
they match, and a check: `ok`, `missing N`, `extra N`, `not in table` (the table has none of an
official batch), or `not stated` (a count without an official figure, shown for information).

Counting rules (docs/data-dictionary.md): rows of annual / full-list notices re-list what period
notices listed, so they never count towards a batch or period; the same file stored under two
URLs counts once; the cumulative generative-AI totals count distinct filing numbers.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

import pandas as pd

from crawler import official
from crawler.constants import STATUS_CANCELLED
from crawler.families import ANNUAL_NOTICE_PATHS, NOTICE_KIND_ANNUAL

RECONCILIATION_COLUMNS: Final = (
    "section",
    "item",
    "measure",
    "table",
    "official",
    "difference",
    "matched",
    "check",
)
SECTION_TITLES: Final = {
    "genai_totals": "Generative-AI services at each official cut-off (distinct numbers)",
    "annual_totals": "Cumulative totals the notices state",
    "deep_synthesis": "Deep-synthesis rows per batch",
    "algorithm": "Algorithm-recommendation rows per period",
    "genai_periods": "Generative-AI rows per period",
    "on_device": "On-device generative-AI services",
    "cancellation": "Cancellation rows per notice",
}
FILED: Final = "genai_filed"
REGISTERED: Final = "genai_registered"
GENAI_MEASURES: Final = {FILED: "filed", REGISTERED: "registered"}
CHECK_OK: Final = "ok"
CHECK_ABSENT: Final = "not in table"
CHECK_NOT_STATED: Final = "not stated"
ALL: Final = "all"
_DTYPES: Final = {
    "table": "int64",
    "official": "Int64",
    "difference": "Int64",
    "matched": "boolean",
}


@dataclass(frozen=True)
class Line:
    """One figure compared: `official` None when nothing official is stated."""

    section: str
    item: str
    measure: str
    table: int
    official: int | None


def reconciliation(table: pd.DataFrame, manifest: Mapping[str, Any]) -> pd.DataFrame:
    """Every official figure against the table (columns RECONCILIATION_COLUMNS)."""
    listed = period_rows(table, manifest)
    lines = [
        *genai_total_lines(table),
        *annual_total_lines(table, manifest),
        *deep_synthesis_lines(listed),
        *algorithm_lines(listed),
        *genai_period_lines(listed),
        *on_device_lines(table),
        *cancellation_lines(listed),
    ]
    frame = pd.DataFrame([_record(line) for line in lines], columns=list(RECONCILIATION_COLUMNS))
    return frame.astype(_DTYPES)


def _record(line: Line) -> dict[str, Any]:
    stated = line.official is not None
    difference = line.table - line.official if line.official is not None else None
    return {
        "section": line.section,
        "item": line.item,
        "measure": line.measure,
        "table": line.table,
        "official": line.official,
        "difference": difference,
        "matched": difference == 0 if stated else None,
        "check": _check(line.table, line.official),
    }


def _check(table: int, stated: int | None) -> str:
    """ok, missing N, extra N, not in table (none of an official batch), or not stated."""
    if stated is None:
        return CHECK_NOT_STATED
    if table == stated:
        return CHECK_OK
    if table == 0:
        return CHECK_ABSENT
    return f"missing {stated - table}" if table < stated else f"extra {table - stated}"


# --- what is counted -------------------------------------------------------------------------


def period_rows(table: pd.DataFrame, manifest: Mapping[str, Any]) -> pd.DataFrame:
    """The rows that count towards batches and periods: no annual notice's rows, and each file
    once (rows of a sha256 already stored under another URL are left out)."""
    annual = table["attachment_url"].map(lambda url: _is_annual(url, manifest)).astype(bool)
    by_path = table["notice_url"].map(lambda url: urlsplit(url).path in ANNUAL_NOTICE_PATHS)
    kept = table[~(annual | by_path.astype(bool))]
    return kept[~_repeated_files(kept)]


def _is_annual(url: str, manifest: Mapping[str, Any]) -> bool:
    entry = manifest.get(url)
    return isinstance(entry, Mapping) and entry.get("notice_kind") == NOTICE_KIND_ANNUAL


def _repeated_files(table: pd.DataFrame) -> pd.Series:
    """True for rows of a file (sha256) whose bytes an earlier attachment URL already holds."""
    files = table[table["attachment_sha256"] != ""]
    first_url = files.sort_values("attachment_url").groupby("attachment_sha256")["attachment_url"]
    owner = first_url.first().to_dict()
    owned = table["attachment_sha256"].map(lambda sha: owner.get(sha, "")).astype(str)
    return ((owned != "") & (owned != table["attachment_url"])).astype(bool)


def genai_numbers_at(table: pd.DataFrame, list_type: str, cutoff: str) -> set[str]:
    """Distinct numbers of `list_type` rows the lists published by `cutoff` (ISO date) hold:
    rows of the periods up to the first one at or after the cut-off month, dated on or before
    it (a row without a date by its batch month). A late entry, dated before the cut-off but
    listed in a later period (补登 or not), counts from the period that lists it."""
    rows = table[(table["list_type"] == list_type) & (table["filing_no"] != "")]
    published = rows["batch"] <= _last_period_by(cutoff, rows["batch"])
    dated = rows["filing_date"] != ""
    in_time = (dated & (rows["filing_date"] <= cutoff)) | (~dated & (rows["batch"] <= cutoff[:7]))
    return set(rows.loc[published & in_time & (rows["batch"] != ""), "filing_no"])


def _last_period_by(cutoff: str, batches: pd.Series) -> str:
    """The first generative-AI period at or after the cut-off's month (its list states the
    totals at that cut-off); the cut-off month itself when no known period comes after it."""
    periods = set(official.GENAI_PERIODS) | set(batches)
    later = sorted(period for period in periods if period and period >= cutoff[:7])
    return later[0] if later else cutoff[:7]


def cancelled_numbers_at(table: pd.DataFrame, list_type: str, cutoff: str) -> set[str]:
    """Distinct numbers of `list_type` rows cancelled on or before `cutoff`."""
    rows = table[(table["list_type"] == list_type) & (table["status"] == STATUS_CANCELLED)]
    # A cancellation known only from a list's 已注销 mark has no date: it counts at every cut-off.
    by_then = (rows["cancelled_on"] == "") | (rows["cancelled_on"] <= cutoff)
    return set(rows.loc[by_then, "filing_no"]) - {""}


# --- the sections ----------------------------------------------------------------------------


def genai_total_lines(table: pd.DataFrame) -> list[Line]:
    """Filed and registered services at each cut-off; then cancelled and valid filed ones."""
    lines = []
    for total in official.GENAI_TOTALS:
        filed = genai_numbers_at(table, FILED, total.cutoff)
        registered = genai_numbers_at(table, REGISTERED, total.cutoff)
        cancelled = len(cancelled_numbers_at(table, FILED, total.cutoff) & filed)
        lines += [
            Line("genai_totals", total.cutoff, "filed", len(filed), total.filed),
            Line("genai_totals", total.cutoff, "registered", len(registered), total.registered),
            Line("genai_totals", total.cutoff, "cancelled (filed)", cancelled, None),
            Line(
                "genai_totals",
                total.cutoff,
                "valid (filed - cancelled)",
                len(filed) - cancelled,
                total.filed - cancelled,
            ),
        ]
    return lines


def annual_total_lines(table: pd.DataFrame, manifest: Mapping[str, Any]) -> list[Line]:
    """The cumulative totals notices state (an annual notice's `stated_totals` in the manifest,
    at an entry's top level or in its `linked_from`), each against the table."""
    lines: dict[tuple[str, str], Line] = {}
    for url, entry in manifest.items():
        for link in _links(entry):
            for line in _stated_lines(table, url, link):
                lines.setdefault((line.item, line.measure), line)
    return list(lines.values())


def _links(entry: Any) -> list[Mapping[str, Any]]:
    """A manifest entry and every notice link it records (absent or odd ones: none)."""
    if not isinstance(entry, Mapping):
        return []
    linked = entry.get("linked_from")
    return [entry, *(link for link in linked or [] if isinstance(link, Mapping))]


def _stated_lines(table: pd.DataFrame, url: str, link: Mapping[str, Any]) -> list[Line]:
    """Lines for one notice link's stated_totals (none when it states nothing readable)."""
    stated = link.get("stated_totals")
    if not isinstance(stated, Mapping):
        return []
    as_of = str(stated.get("as_of") or "")
    item = f"{link.get('notice_url') or url}" + (f" as of {as_of}" if as_of else "")
    lines = []
    for list_type, measure in GENAI_MEASURES.items():
        if (figure := _as_int(stated.get(list_type))) is not None:
            numbers = _annual_numbers(table, url, list_type, as_of)
            lines.append(Line("annual_totals", item, measure, len(numbers), figure))
    return lines


def _annual_numbers(table: pd.DataFrame, url: str, list_type: str, as_of: str) -> set[str]:
    """What an annual total counts: services listed by its as-of date, else its own list's."""
    if as_of:
        return genai_numbers_at(table, list_type, as_of)
    rows = table[(table["attachment_url"] == url) & (table["list_type"] == list_type)]
    return set(rows["filing_no"]) - {""}


def _as_int(value: Any) -> int | None:
    """An integer figure, or None for an absent or unreadable one."""
    try:
        return None if value is None or isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        return None


def deep_synthesis_lines(rows: pd.DataFrame) -> list[Line]:
    """Rows per batch (the month in the list's name) against each official batch."""
    batches = {
        month: (f"{month} (batch {number}, {date})", count)
        for number, (date, _path, month, count) in official.DEEP_SYNTHESIS_BATCHES.items()
    }
    counts = _counts(rows, "deep_synthesis", "batch")
    return _month_lines("deep_synthesis", "rows", counts, batches, official.DEEP_SYNTHESIS_ROWS)


def algorithm_lines(rows: pd.DataFrame) -> list[Line]:
    """Rows per period against ALGORITHM_PERIODS."""
    periods = {month: (month, count) for month, count in official.ALGORITHM_PERIODS.items()}
    counts = _counts(rows, "algorithm", "batch")
    return _month_lines("algorithm", "rows", counts, periods, official.ALGORITHM_ROWS)


def genai_period_lines(rows: pd.DataFrame) -> list[Line]:
    """Filed and registered rows per period against GENAI_PERIODS (the on-device notice's own
    rows left out: its services are counted in the 2026-08 file)."""
    periodic = rows[~_on_device_notice(rows)]
    lines = []
    for position, (list_type, measure) in enumerate(GENAI_MEASURES.items()):
        periods = {m: (m, figures[position]) for m, figures in official.GENAI_PERIODS.items()}
        total = sum(figures[position] for figures in official.GENAI_PERIODS.values())
        counts = _counts(periodic, list_type, "batch")
        lines += _month_lines("genai_periods", f"{measure} rows", counts, periods, total)
    return lines


def on_device_lines(table: pd.DataFrame) -> list[Line]:
    """Distinct on-device services: rows of the on-device notice or with a 适用场景."""
    on_device = _on_device_notice(table) | (table["scenario"] != "")
    rows = table[on_device & (table["list_type"] == FILED)]
    count = len(set(rows["filing_no"]) - {""})
    return [Line("on_device", official.ON_DEVICE_PAGE, "services", count, official.ON_DEVICE_ROWS)]


def cancellation_lines(rows: pd.DataFrame) -> list[Line]:
    """Rows per cancellation notice (by its date) against CANCELLATION_NOTICES."""
    notices = {date: (date, count) for date, count in official.CANCELLATION_NOTICES.items()}
    counts = _counts(rows, "cancellation", "notice_date")
    return _month_lines("cancellation", "rows", counts, notices, official.CANCELLATION_ROWS)


def _on_device_notice(rows: pd.DataFrame) -> pd.Series:
    path = rows["notice_url"].map(lambda url: urlsplit(url).path)
    return (path == official.ON_DEVICE_PAGE).astype(bool)


def _counts(rows: pd.DataFrame, list_type: str, key: str) -> dict[str, int]:
    """Rows of `list_type` per value of column `key`."""
    return rows.loc[rows["list_type"] == list_type, key].value_counts().to_dict()


def _month_lines(
    section: str,
    measure: str,
    counts: Mapping[str, int],
    expected: Mapping[str, tuple[str, int]],
    total: int,
) -> list[Line]:
    """A line per official key (item, figure), one per key only the table has, and the total."""
    lines = [
        Line(section, item, measure, int(counts.get(key, 0)), figure)
        for key, (item, figure) in expected.items()
    ]
    unexpected = sorted(set(counts) - set(expected))
    lines += [Line(section, key or "(none)", measure, int(counts[key]), 0) for key in unexpected]
    lines.append(Line(section, ALL, measure, int(sum(counts.values())), total))
    return lines


# --- reading the result ----------------------------------------------------------------------


def failing_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines whose table count is not the official one (missing or extra rows)."""
    return lines[~lines["check"].isin([CHECK_OK, CHECK_NOT_STATED])]


def failed_reconciliation(lines: pd.DataFrame) -> int:
    """How many lines miss rows or have extra rows."""
    return len(failing_lines(lines))


def verdict(section: str, lines: pd.DataFrame) -> str:
    """One line on a section: how many figures match, how many are short or over."""
    title = SECTION_TITLES.get(section, section)
    compared = lines[lines["check"] != CHECK_NOT_STATED]
    if compared.empty:
        return f"{title}: nothing stated to compare"
    matched = int((compared["check"] == CHECK_OK).sum())
    short = compared[compared["difference"] < 0]
    absent = int((short["check"] == CHECK_ABSENT).sum())
    over = int((compared["difference"] > 0).sum())
    return (
        f"{title}: {matched} of {len(compared)} match; {len(short)} short of the official "
        f"figure ({absent} not in the table at all), {over} over it"
    )


def section_reports(lines: pd.DataFrame) -> Iterable[tuple[str, pd.DataFrame, str]]:
    """(title, its lines, verdict) per section, in SECTION_TITLES order (no lines: nothing
    stated, as for annual totals when the manifest records none)."""
    for section, title in SECTION_TITLES.items():
        rows = lines[lines["section"] == section]
        yield title, rows.drop(columns="section"), verdict(section, rows)


def reconciliation_records(lines: pd.DataFrame) -> list[dict[str, Any]]:
    """The lines as JSON-ready records (None where nothing is stated)."""
    return [
        {key: _plain(value) for key, value in record.items()}
        for record in lines.to_dict(orient="records")
    ]


def _plain(value: Any) -> Any:
    """A JSON-ready value: pandas/numpy scalars made Python ones, NaN made None."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    convert: Callable[[], Any] | None = getattr(value, "item", None)
    return convert() if convert else value
