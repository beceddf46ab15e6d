"""Mark cancelled filings: status, cancelled_by, cancelled_on.

A filing is cancelled when a cancellation notice names its number, or when a list's remark
(备注) says 已注销 (the CAC marks old lists so after publication). Every row of that number gets
status `cancelled` and the notice that says so: the earliest cancellation notice naming it, else
the earliest notice whose list marks it 已注销 (its cancelled_on then stays empty: the mark is
added to an old list later, on a date the CAC does not publish, and the notice's own date can
precede the cancellation by years). A row without a number is cancelled only by its own remark.
The rows stay in the table. Rows of the cancellation notices themselves get status
`cancellation` and point at their own notice.
"""

import pandas as pd

from crawler.constants import STATUS_ACTIVE, STATUS_CANCELLATION, STATUS_CANCELLED
from crawler.dataset.events import remarks_say_cancelled

CANCELLATION = "cancellation"
_BY_COLUMNS = ["filing_no", "cancelled_by", "cancelled_on"]


def first_cancellations(table: pd.DataFrame) -> pd.DataFrame:
    """One row per number a cancellation notice names: cancelled_by, cancelled_on (earliest)."""
    rows = table[(table["list_type"] == CANCELLATION) & (table["filing_no"] != "")]
    return _earliest(rows)


def remark_cancellations(table: pd.DataFrame) -> pd.DataFrame:
    """One row per number a listed row's remark marks 已注销: the earliest such row's notice."""
    rows = table[
        marked_cancelled(table["remarks"])
        & (table["list_type"] != CANCELLATION)
        & (table["filing_no"] != "")
    ]
    return _earliest(rows).assign(cancelled_on="")


def marked_cancelled(remarks: pd.Series) -> pd.Series:
    """Per row, True when its remark says 已注销."""
    said = {text: remarks_say_cancelled(text) for text in remarks.unique()}
    return remarks.map(said).astype(bool)


def _earliest(rows: pd.DataFrame) -> pd.DataFrame:
    """filing_no -> (cancelled_by, cancelled_on) of the earliest of `rows` per number."""
    ordered = rows.sort_values(["notice_date", "notice_url"], kind="stable")
    first = ordered.drop_duplicates("filing_no", keep="first")
    renamed = first.rename(columns={"notice_url": "cancelled_by", "notice_date": "cancelled_on"})
    return renamed[_BY_COLUMNS].set_index("filing_no")


def cancellation_columns(table: pd.DataFrame) -> pd.DataFrame:
    """status, cancelled_by and cancelled_on for every row of `table` (same index)."""
    by_number = pd.concat([first_cancellations(table), remark_cancellations(table)])
    chosen = by_number[~by_number.index.duplicated(keep="first")]
    by = _lookup(table["filing_no"], chosen["cancelled_by"].to_dict())
    on = _lookup(table["filing_no"], chosen["cancelled_on"].to_dict())
    unnumbered = (table["filing_no"] == "") & marked_cancelled(table["remarks"])
    by = by.where(~unnumbered, table["notice_url"])
    on = on.where(~unnumbered, "")
    status = pd.Series(STATUS_ACTIVE, index=table.index)
    status[by != ""] = STATUS_CANCELLED
    status[table["list_type"] == CANCELLATION] = STATUS_CANCELLATION
    return pd.DataFrame({"status": status, "cancelled_by": by, "cancelled_on": on})


def _lookup(keys: pd.Series, values: dict[str, str]) -> pd.Series:
    """Each key's value, '' where there is none."""
    return keys.map(lambda key: values.get(key, "")).astype(str)


def cancellation_problems(table: pd.DataFrame) -> pd.Series:
    """Per row, a list of problems: cancelled numbers never listed, and rows of a list whose
    month (batch) is after the month of a cancellation notice naming the number, unless the row
    itself is marked 已注销 (a mark is no date to check against: it is added to lists later)."""
    listed = set(table.loc[table["list_type"] != CANCELLATION, "filing_no"])
    is_notice = table["list_type"] == CANCELLATION
    unknown = is_notice & (table["filing_no"] != "") & ~table["filing_no"].isin(listed)
    noticed = _lookup(table["filing_no"], first_cancellations(table)["cancelled_on"].to_dict())
    month = table["batch"].where(table["batch"] != "", table["notice_date"].str[:7])
    late = ~is_notice & (noticed != "") & (month > noticed.str[:7])
    late &= ~marked_cancelled(table["remarks"])
    problems = pd.Series([[] for _ in range(len(table))], index=table.index, dtype=object)
    for index in table.index[unknown]:
        problems[index] = ["cancels a filing number found in no list"]
    for index in table.index[late]:
        when = (month[index], noticed[index])
        problems[index] = [f"listed in batch {when[0]}, after its cancellation on {when[1]}"]
    return problems
