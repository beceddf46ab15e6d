"""Mark the filings that cancellation notices name: status, cancelled_by, cancelled_on.

Every row whose filing number a cancellation notice names gets status `cancelled`, the notice's
URL and date (the earliest notice, if several name it); the row stays in the table. Rows of the
cancellation notices themselves get status `cancellation` and point at their own notice.
"""

import pandas as pd

from crawler.constants import STATUS_ACTIVE, STATUS_CANCELLATION, STATUS_CANCELLED

CANCELLATION = "cancellation"


def first_cancellations(table: pd.DataFrame) -> pd.DataFrame:
    """One row per cancelled filing number: filing_no, cancelled_by, cancelled_on (earliest)."""
    rows = table[(table["list_type"] == CANCELLATION) & (table["filing_no"] != "")]
    ordered = rows.sort_values(["notice_date", "notice_url"], kind="stable")
    first = ordered.drop_duplicates("filing_no", keep="first")
    renamed = first.rename(columns={"notice_url": "cancelled_by", "notice_date": "cancelled_on"})
    return renamed[["filing_no", "cancelled_by", "cancelled_on"]].set_index("filing_no")


def cancellation_columns(table: pd.DataFrame) -> pd.DataFrame:
    """status, cancelled_by and cancelled_on for every row of `table` (same index)."""
    cancelled = first_cancellations(table)
    by = _lookup(table["filing_no"], cancelled["cancelled_by"].to_dict())
    on = _lookup(table["filing_no"], cancelled["cancelled_on"].to_dict())
    status = pd.Series(STATUS_ACTIVE, index=table.index)
    status[by != ""] = STATUS_CANCELLED
    status[table["list_type"] == CANCELLATION] = STATUS_CANCELLATION
    return pd.DataFrame({"status": status, "cancelled_by": by, "cancelled_on": on})


def _lookup(keys: pd.Series, values: dict[str, str]) -> pd.Series:
    """Each key's value, '' where there is none."""
    return keys.map(lambda key: values.get(key, "")).astype(str)


def cancellation_problems(table: pd.DataFrame, columns: pd.DataFrame) -> pd.Series:
    """Per row, a list of problems: cancelled numbers never listed, rows listed after cancelling."""
    listed = set(table.loc[table["list_type"] != CANCELLATION, "filing_no"])
    is_notice = table["list_type"] == CANCELLATION
    unknown = is_notice & (table["filing_no"] != "") & ~table["filing_no"].isin(listed)
    late = ~is_notice & (columns["cancelled_on"] != "")
    late &= table["notice_date"] > columns["cancelled_on"]
    problems = pd.Series([[] for _ in range(len(table))], index=table.index, dtype=object)
    for index in table.index[unknown]:
        problems[index] = ["cancels a filing number found in no list"]
    for index in table.index[late]:
        when = (table.at[index, "notice_date"], columns.at[index, "cancelled_on"])
        problems[index] = [f"listed on {when[0]}, after its cancellation on {when[1]}"]
    return problems
