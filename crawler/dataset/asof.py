"""How current the data is: the date of the newest CAC notice in the table."""

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import pandas as pd

ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def newest_date(dates: Iterable[str]) -> str:
    """The latest of the YYYY-MM-DD values among `dates` (others ignored); '' when none is."""
    return max(filter(ISO_DATE.fullmatch, dates), default="")


def data_as_of(table: "pd.DataFrame") -> str:
    """The newest notice_date of the table's rows; '' for an empty table.

    Raw downloads are write-once and everything else is rebuilt from them, so this date, not
    the build's clock, says what the table covers: every list published up to that day.
    """
    if "notice_date" not in table:
        return ""
    return newest_date(table["notice_date"].astype(str))
