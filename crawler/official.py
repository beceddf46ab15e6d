"""The official figures the CAC and its digests state, to reconcile the table against.

Sources: the notices themselves and news digests quoting them (docs/data-dictionary.md). Counts
are rows as listed; the genAI totals are cumulative distinct services, filed and registered, at
each cut-off date (the 7 on-device services count within the filed total).
"""

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class GenaiTotal:
    """Cumulative generative-AI services filed (已备案) and registered (已登记) at a cut-off."""

    cutoff: str  # ISO date
    filed: int
    registered: int


GENAI_TOTALS: Final = (
    GenaiTotal("2024-12-31", 302, 105),
    GenaiTotal("2025-12-31", 748, 435),
    GenaiTotal("2026-02-28", 796, 481),
    GenaiTotal("2026-04-30", 868, 530),
    GenaiTotal("2026-08-31", 1112, 731),
)

# Deep-synthesis batches: number -> (notice date, notice path, month in the list's name, rows).
DEEP_SYNTHESIS_BATCHES: Final = {
    1: ("2023-06-20", "/2023-06/20/c_1688910683316256.htm", "2023-06", 41),
    2: ("2023-09-01", "/2023-09/01/c_1695224377544009.htm", "2023-08", 110),
    3: ("2024-01-05", "/2024-01/05/c_1706119043746644.htm", "2024-01", 129),
    4: ("2024-02-18", "/2024-02/18/c_1709925427424332.htm", "2024-02", 266),
    5: ("2024-04-11", "/2024-04/11/c_1714509267496697.htm", "2024-04", 394),
    6: ("2024-06-12", "/2024-06/12/c_1719783421546747.htm", "2024-06", 492),
    7: ("2024-08-05", "/2024-08/05/c_1724541639039621.htm", "2024-08", 487),
    8: ("2024-11-01", "/2024-11/01/c_1732152604917193.htm", "2024-10", 509),
    9: ("2024-12-20", "/2024-12/20/c_1736389545949567.htm", "2024-12", 411),
    10: ("2025-03-12", "/2025-03/12/c_1743480314931271.htm", "2025-03", 395),
    11: ("2025-05-19", "/2025-05/19/c_1749365589879703.htm", "2025-05", 210),
    12: ("2025-07-14", "/2025-07/14/c_1754207718303963.htm", "2025-07", 389),
    13: ("2025-09-11", "/2025-09/11/c_1759222331638208.htm", "2025-09", 586),
    14: ("2025-11-06", "/2025-11/06/c_1764156698314535.htm", "2025-11", 680),
    15: ("2026-01-07", "/2026-01/07/c_1769516642440314.htm", "2026-01", 572),
    16: ("2026-03-12", "/2026-03/12/c_1775050837565188.htm", "2026-03", 779),
    17: ("2026-05-06", "/2026-05/06/c_1779809434590762.htm", "2026-05", 608),
    18: ("2026-07-17", "/2026-07/17/c_1786032856662750.htm", "2026-07", 706),
}
DEEP_SYNTHESIS_ROWS: Final = 7764

# The one algorithm-recommendation page, updated in place with an attachment per period.
ALGORITHM_PAGE: Final = "/2022-08/12/c_1661927474338504.htm"
ALGORITHM_PERIODS: Final = {
    "2022-08": 30,
    "2022-10": 70,
    "2023-01": 123,
    "2023-04": 39,
    "2023-12": 41,
    "2024-04": 69,
    "2024-06": 32,
    "2024-08": 44,
    "2024-10": 32,
    "2024-12": 40,
    "2025-03": 45,
    "2025-05": 10,
    "2025-07": 51,
    "2025-09": 56,
    "2025-11": 69,
    "2026-01": 43,
    "2026-03": 66,
    "2026-05": 78,
    "2026-07": 76,
}
ALGORITHM_ROWS: Final = 1014

# The long-lived generative-AI page (one attachment per period) and rows per period's PDF as
# (filed, registered). The period totals are the published ones, except 2025-03: its file holds
# 99 rows (45 + 54), which is what makes every cumulative official total above add up.
GENAI_PAGE: Final = "/2024-04/02/c_1713729983803145.htm"
GENAI_PERIODS: Final = {
    "2024-04": (117, 0),
    "2024-08": (69, 28),
    "2024-11": (65, 30),
    "2025-01": (51, 47),
    "2025-03": (45, 54),
    "2025-06": (93, 77),
    "2025-08": (99, 26),
    "2025-10": (74, 42),
    "2025-12": (135, 131),
    "2026-02": (48, 46),
    "2026-04": (72, 49),
    "2026-06": (120, 68),
    "2026-08": (124, 133),  # the filed 124 include the 7 on-device services (third table)
}
ON_DEVICE_PAGE: Final = "/2026-07/15/c_1785861480767004.htm"
ON_DEVICE_ROWS: Final = 7

# Cancellation notices on the filing system's notice board: date -> numbers cancelled.
CANCELLATION_NOTICES: Final = {
    "2025-07-14": 28,
    "2025-09-11": 5,
    "2025-11-06": 3,
    "2026-01-07": 5,
    "2026-03-12": 1,
    "2026-05-06": 5,
    "2026-07-17": 10,
}
CANCELLATION_ROWS: Final = 57
