"""How current the data is: the date of the newest CAC notice in the table."""

import pandas as pd


def data_as_of(table: pd.DataFrame) -> str:
    """The newest notice_date (YYYY-MM-DD) of the table's rows; '' for an empty table.

    Raw downloads are write-once and everything else is rebuilt from them, so this date, not
    the build's clock, says what the table covers: every list published up to that day.
    """
    if table.empty or "notice_date" not in table:
        return ""
    dates = table["notice_date"].astype(str)
    dates = dates[dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    return str(dates.max()) if not dates.empty else ""
