"""One company across batches and list families: pure functions over the filings table.

Spelling variants of one entity share a `company_key` (crawler.dataset.normalize); a company is
shown under its most frequent spelling. Filing numbers are decoded with
crawler.dataset.decode (region and year), and a number is cancelled when a cancellation
notice names it.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Final

import pandas as pd

from crawler.constants import STATUS_ACTIVE, STATUS_CANCELLATION, STATUS_CANCELLED
from crawler.dataset.decode import decode_filing_no
from crawler.dataset.normalize import company_key

CENTRAL_SOE: Final = "中央企业"
MAX_CANDIDATES: Final = 20
FILING_COLUMNS: Final = (
    "filing_no",
    "name",
    "list_types",
    "batches",
    "region",
    "filing_year",
    "filing_no_date",
    "status",
    "cancelled_on",
)
LISTING_COLUMNS: Final = (
    "batch",
    "list_type",
    "seq",
    "name",
    "role",
    "category",
    "company",
    "product",
    "scenario",
    "filing_no",
    "filing_date",
    "status",
    "notice_url",
    "filing_page",
    "source_locator",
)


def company_keys(table: pd.DataFrame) -> pd.Series:
    """Each row's company key; computed from the name where the table has none."""
    computed = table["company"].map(company_key)
    return table["company_key"].where(table["company_key"] != "", computed)


def display_names(rows: pd.DataFrame) -> pd.Series:
    """company_key -> the most frequent spelling of that company (ties: the first by name)."""
    spelled = rows[rows["company"] != ""].assign(company_key=company_keys)
    counted = spelled.groupby(["company_key", "company"]).size().reset_index(name="n")
    counted = counted.sort_values(["company_key", "n", "company"], ascending=[1, 0, 1])
    return counted.drop_duplicates("company_key").set_index("company_key")["company"]


def directory(table: pd.DataFrame) -> pd.DataFrame:
    """One row per company: key, most frequent spelling, filing numbers and rows; most first."""
    named = table[table["company"] != ""].assign(company_key=company_keys)
    names = display_names(named)
    filings = named[named["filing_no"] != ""].groupby("company_key")["filing_no"].nunique()
    out = pd.DataFrame({"company_key": names.index, "company": names.to_numpy()})
    out = out.assign(
        filings=out["company_key"].map(filings).fillna(0).astype(int),
        rows=out["company_key"].map(named.groupby("company_key").size()).astype(int),
        spelling_keys=out["company_key"].map(_spelling_keys(named)),
    )
    ordered = out.sort_values(["filings", "rows", "company"], ascending=[0, 0, 1])
    return ordered.reset_index(drop=True)


def _spelling_keys(named: pd.DataFrame) -> pd.Series:
    """company_key -> the keys of every name its rows print (a renamed entity's old names too)."""
    spelled = named.assign(spelling=named["company"].map(company_key))
    return spelled.groupby("company_key")["spelling"].agg(lambda keys: tuple(sorted(set(keys))))


def key_of(
    companies: pd.DataFrame, name: str, renames: Mapping[str, str] | None = None
) -> str | None:
    """The key of the company `name` spells (any spelling variant or former name), if any;
    `renames` (events.rename_links) leads a former name only remarks print to its company."""
    key = company_key(name)
    key = (renames or {}).get(key, key)
    if not key:
        return None
    if key in set(companies["company_key"]):
        return key
    holders = companies[companies["spelling_keys"].map(lambda keys: key in keys)]
    return str(holders["company_key"].iloc[0]) if len(holders) else None


def spelling_index(companies: pd.DataFrame) -> dict[str, str]:
    """The key of every name a company's rows print (and of its own key) -> the company key."""
    pairs = zip(companies["company_key"], companies["spelling_keys"], strict=True)
    index = {str(spelling): str(key) for key, keys in pairs for spelling in keys}
    return index | {str(key): str(key) for key in companies["company_key"]}


def spelling_of(
    companies: pd.DataFrame, name: str, renames: Mapping[str, str] | None = None
) -> str | None:
    """The spelling the directory shows for the company `name` spells, if it has it."""
    key = key_of(companies, name, renames)
    return None if key is None else name_of(companies, key)


def name_of(companies: pd.DataFrame, key: str) -> str:
    """The spelling the directory shows for the company `key`."""
    return str(companies.loc[companies["company_key"] == key, "company"].iloc[0])


def containing(companies: pd.DataFrame, text: str, limit: int = MAX_CANDIDATES) -> list[str]:
    """Keys of the companies one of whose names contains `text` (most filings first)."""
    part = company_key(text)
    if not part:
        return []
    holds = companies["spelling_keys"].map(lambda keys: any(part in key for key in keys))
    return [str(key) for key in companies.loc[holds, "company_key"].iloc[:limit]]


def company_rows(table: pd.DataFrame, key: str | None) -> pd.DataFrame:
    """Every row of the company, oldest batch first (then list type and place in the list);
    none for the key None (a name `key_of` finds no key for)."""
    return rows_of_keys(table, () if key is None else (key,))


def rows_of_keys(table: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Every row of the companies `keys`, oldest batch first (then list type, place in list)."""
    rows = table[company_keys(table).isin(keys)]
    order = rows.assign(_seq=pd.to_numeric(rows["seq"], errors="coerce"))
    order = order.sort_values(["batch", "list_type", "_seq"], kind="stable")
    return order.drop(columns="_seq").reset_index(drop=True)


def spellings(rows: pd.DataFrame) -> list[str]:
    """The distinct spellings of the company in its rows, most frequent first."""
    counts = rows["company"].value_counts()
    return sorted(map(str, counts.index), key=lambda name: (-counts[name], name))


def timeline(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows per batch and list type: columns batch, list_type, rows."""
    counted = rows.groupby(["batch", "list_type"]).size().reset_index(name="rows")
    return counted.sort_values(["batch", "list_type"]).reset_index(drop=True)


def region(province: str, city: str, district: str) -> str:
    """'北京市 海淀区': the division names, a repeated level (municipalities) said once."""
    parts: list[str] = []
    for part in (province, city, district):
        if part and part not in parts:
            parts.append(part)
    return " ".join(parts)


def _filing(number: str, rows: pd.DataFrame, type_name: Callable[[str], str]) -> dict[str, str]:
    """One filing number of the company, decoded, with where and whether it stands."""
    decoded = decode_filing_no(number, str(rows["jurisdiction"].iloc[0]))
    cancelled = rows["status"].isin([STATUS_CANCELLED, STATUS_CANCELLATION]).any()
    central = CENTRAL_SOE if decoded.central_soe else ""
    return {
        "filing_no": number,
        "name": str(rows["name"].iloc[-1]),
        "list_types": ", ".join(type_name(t) for t in dict.fromkeys(rows["list_type"])),
        "batches": ", ".join(sorted(set(rows["batch"]))),
        "region": central or region(decoded.province, decoded.city, decoded.district),
        "filing_year": decoded.filing_year,
        "filing_no_date": decoded.filing_no_date,
        "status": STATUS_CANCELLED if cancelled else STATUS_ACTIVE,
        "cancelled_on": max(rows["cancelled_on"], default=""),
    }


def decoded_filings(rows: pd.DataFrame, type_name: Callable[[str], str] = str) -> pd.DataFrame:
    """One row per filing number of `rows` (oldest first): decoded region and year, status."""
    numbered = rows[rows["filing_no"] != ""]
    found = [_filing(str(no), group, type_name) for no, group in numbered.groupby("filing_no")]
    frame = pd.DataFrame(found, columns=list(FILING_COLUMNS))
    return frame.sort_values(["batches", "filing_no"]).reset_index(drop=True)


def cancelled(filings: pd.DataFrame) -> list[str]:
    """'网信算备… (2025-01-10)' for every cancelled filing number."""
    gone = filings[filings["status"] == STATUS_CANCELLED]
    pairs = zip(gone["filing_no"], gone["cancelled_on"], strict=True)
    return [f"{number} ({on})" if on else number for number, on in pairs]


def with_entities(filings: pd.DataFrame, rows: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The filings with the entity (directory spelling) of each, after the number."""
    latest = rows[rows["filing_no"] != ""].drop_duplicates("filing_no", keep="last")
    keys = latest.assign(company_key=company_keys).set_index("filing_no")["company_key"]
    entity = filings["filing_no"].map(keys).map(names).fillna("")
    return filings.assign(company=entity)[["filing_no", "company", *FILING_COLUMNS[1:]]]


def metrics(rows: pd.DataFrame, filings: pd.DataFrame) -> dict[str, int]:
    """Counts for the company's header: rows, filing numbers, active, cancelled, batches."""
    return {
        "metric_rows": len(rows),
        "metric_filings": len(filings),
        "metric_active": int((filings["status"] == STATUS_ACTIVE).sum()),
        "metric_cancelled": int((filings["status"] == STATUS_CANCELLED).sum()),
        "metric_batches": int(rows["batch"].nunique()),
    }
