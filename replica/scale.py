"""The full-size replica: every list at its real size, deterministic.

`scale_seed(FULL)` publishes what crawler/official.py counts: 18 deep-synthesis batches (7,764
rows), 19 algorithm-recommendation periods (1,014), 13 generative-AI periods (1,112 filed, the 7
on-device services in the 2026-08 PDF's third table among them, and 731 registered) besides the
on-device notice's own 7, and 7 cancellation notices (57 numbers, each one a list holds, marked
已注销 there). Real rows stand at their 序号 where the sample has them; generated rows
(replica.generate) fill the rest. GenAI 序号 run across periods (filed and registered each
numbered cumulatively), and a period's generated rows are dated after the previous period's
month and within its own (the 2025-01 period: 2024-11-24 … 2024-12-31), so that counting the
rows dated up to a cut-off in the lists published by then gives the official totals.
"""

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from crawler.official import (
    ALGORITHM_PERIODS,
    CANCELLATION_NOTICES,
    DEEP_SYNTHESIS_BATCHES,
    GENAI_PERIODS,
)
from replica.generate import CATEGORIES, DS_KINDS, RowMaker, printed_month, seed_row
from replica.lists import (
    BLANK_SEQ_DS,
    NINE_COLUMN_DS,
    blank_seq,
    dirty_cells,
    on_device_list,
    real_algorithm,
    real_cancellations,
    real_deep_synthesis,
    real_genai,
    reserve_real,
)
from replica.real_site import SeedList, SiteLists, month_text, site_seed

FULL_RANDOM_SEED: Final = 2260
FIRST_GENAI_WINDOW: Final = (dt.date(2023, 8, 31), dt.date(2024, 3, 31))  # the first full list
LATE_2024_WINDOW: Final = ("2025-01", dt.date(2024, 11, 24), dt.date(2024, 12, 31))
CANCELLED: Final = "已注销"
TRUNCATED_ROLE: Final = "服务提供"  # printed once in a cancellation list's 角色


@dataclass(frozen=True)
class ScaleSpec:
    """How many rows each list holds, and the share of DOCX rows printed with a dirty cell."""

    deep_synthesis: dict[int, int] = field(
        default_factory=lambda: {n: rows for n, (_, _, _, rows) in DEEP_SYNTHESIS_BATCHES.items()}
    )
    algorithm: dict[str, int] = field(default_factory=lambda: dict(ALGORITHM_PERIODS))
    genai: dict[str, tuple[int, int]] = field(default_factory=lambda: dict(GENAI_PERIODS))
    cancellations: dict[str, int] = field(default_factory=lambda: dict(CANCELLATION_NOTICES))
    dirty_share: float = 0.15


FULL: Final = ScaleSpec()


def scale_seed(spec: ScaleSpec = FULL, random_seed: int = FULL_RANDOM_SEED) -> dict[str, Any]:
    """The seed of a site of this size; the same arguments always give the same seed."""
    maker = RowMaker(random_seed)
    rng = random.Random(random_seed)
    real_ds, real_alg = real_deep_synthesis(), {d.batch: d for d in real_algorithm()}
    real_gen, real_can = {d.batch: d for d in real_genai()}, real_cancellations()
    reserve_real(maker, [*real_ds.values(), *real_alg.values(), *real_gen.values(), *real_can])
    deep_synthesis = {
        n: ds_list(maker, n, real_ds.get(n), rows) for n, rows in spec.deep_synthesis.items()
    }
    algorithm = [algorithm_list(maker, p, real_alg.get(p), n) for p, n in spec.algorithm.items()]
    listed = ListedRows(deep_synthesis, algorithm)
    cancellations = cancellation_lists(maker, rng, spec, listed, real_can)
    dirty_cells(rng, [*deep_synthesis.values(), *algorithm], spec.dirty_share)
    on_device = on_device_list(maker)
    genai = genai_lists(maker, spec, real_gen, on_device)
    lists = SiteLists(deep_synthesis, algorithm, genai, on_device, cancellations)
    return site_seed(lists, "full")


# --- filling a list to its size ---------------------------------------------------------------


def filled(
    real: list[dict[str, Any]], count: int, make: Callable[[str], dict[str, Any]], first: int = 1
) -> list[dict[str, Any]]:
    """`count` rows: the real ones, and generated ones at the free 序号 from `first` on, merged
    in 序号 order (the real rows keep their published order)."""
    taken = {row["expected"]["seq"] for row in real}
    free = (str(n) for n in itertools.count(first) if str(n) not in taken)
    generated = [make(seq) for seq in itertools.islice(free, max(0, count - len(real)))]
    return merged(real, generated)


def merged(real: list[dict[str, Any]], generated: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Generated rows slotted before the first real row with a higher 序号; rows without a
    序号 (a blank column) follow the real ones."""
    out, pending = [], list(generated)
    for row in real:
        seq = _number(row)
        while pending and seq is not None and (_number(pending[0]) or 0) < seq:
            out.append(pending.pop(0))
        out.append(row)
    return out + pending


def _number(row: dict[str, Any]) -> int | None:
    seq = row["expected"]["seq"]
    return int(seq) if seq.isdigit() else None


def ds_list(maker: RowMaker, number: int, real: SeedList | None, count: int) -> SeedList:
    """A deep-synthesis batch at its real size (序号 blank throughout in batches 10-12)."""
    _, _, month, _ = DEEP_SYNTHESIS_BATCHES[number]
    data = real or SeedList(
        "deep_synthesis", month, f"境内深度合成服务算法备案清单（{month_text(month)}）", []
    )
    data.rows = filled(data.rows, count, lambda seq: maker.ds_row(month, seq))
    data.rows = blank_seq(data.rows) if number in BLANK_SEQ_DS else data.rows
    data.nine_columns = number in NINE_COLUMN_DS
    return data


def algorithm_list(maker: RowMaker, period: str, real: SeedList | None, count: int) -> SeedList:
    """An algorithm-recommendation period at its real size (序号 blank where the real is)."""
    name = f"境内互联网信息服务算法备案清单（{month_text(period)}）"
    data = real or SeedList("algorithm", period, name, [])
    blank = bool(data.rows) and not any(row["expected"]["seq"] for row in data.rows)
    data.rows = filled(data.rows, count, lambda seq: maker.algorithm_row(period, seq))
    data.rows = blank_seq(data.rows) if blank else data.rows
    return data


# --- generative AI ------------------------------------------------------------------------------


def genai_name(period: str) -> str:
    """A period's published name: 已备案信息 for the first, 已备案和已登记信息 after."""
    kind = "已备案信息" if period <= "2024-04" else "已备案和已登记信息"
    return f"生成式人工智能服务{kind}（{month_text(period)}）"


def genai_window(period: str, previous: str | None) -> tuple[dt.date, dt.date]:
    """The dates a period's generated rows are filed on."""
    if previous is None:
        return FIRST_GENAI_WINDOW
    if period == LATE_2024_WINDOW[0]:
        return LATE_2024_WINDOW[1], LATE_2024_WINDOW[2]
    year, month = int(previous[:4]), int(previous[5:])
    start = dt.date(year + month // 12, month % 12 + 1, 1)
    year, month = int(period[:4]), int(period[5:])
    return start, dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def genai_lists(
    maker: RowMaker,
    spec: ScaleSpec,
    real: dict[str, SeedList],
    on_device: SeedList,
) -> list[SeedList]:
    """Every period's list at its real size; the last one carries the 端侧 table too."""
    lists, previous, starts = [], None, {"genai_filed": 1, "genai_registered": 1}
    last = max(spec.genai)
    for period, (filed, registered) in spec.genai.items():
        data = real.get(period) or SeedList("genai", period, genai_name(period), [])
        extra = [dict(row) for row in on_device.rows] if period == last else []
        counts = {"genai_filed": filed - len(extra), "genai_registered": registered}
        window = genai_window(period, previous)
        data.rows = [
            row
            for list_type, count in counts.items()
            for row in genai_rows(maker, data, list_type, count, starts[list_type], window)
        ]
        data.on_device = extra
        starts = {list_type: starts[list_type] + count for list_type, count in counts.items()}
        lists.append(data)
        previous = period
    return lists


def genai_rows(
    maker: RowMaker,
    data: SeedList,
    list_type: str,
    count: int,
    first: int,
    window: tuple[dt.date, dt.date],
) -> list[dict[str, Any]]:
    """A period's rows of one type: the real ones and generated ones, dated in the window."""
    real = [row for row in data.rows if row["list_type"] == list_type]
    days = (window[1] - window[0]).days + 1
    dates = iter(
        sorted(window[0] + dt.timedelta(days=maker.rng.randrange(days)) for _ in range(count))
    )
    return filled(
        real, count, lambda seq: maker.genai_row(list_type, seq, next(dates), data.batch), first
    )


# --- cancellations ------------------------------------------------------------------------------


@dataclass
class ListedRows:
    """The deep-synthesis and algorithm lists, and which of their numbers are cancelled."""

    deep_synthesis: dict[int, SeedList]
    algorithm: list[SeedList]
    cancelled: set[str] = field(default_factory=set)

    def numbers(self) -> set[str]:
        """Every filing number the lists hold."""
        return {row["expected"]["filing_no"] for data in self.lists() for row in data.rows}

    def replaceable(self, row: dict[str, Any]) -> bool:
        """Whether a row may give way to a cancelled filing: a generated, uncancelled one."""
        return not row["real"] and row["expected"]["filing_no"] not in self.cancelled

    def lists(self) -> list[SeedList]:
        return [*self.deep_synthesis.values(), *self.algorithm]

    def before(self, date: str, family: str | None = None) -> list[SeedList]:
        """The lists published before `date` (of one family), oldest first."""
        chosen = [
            data
            for data in self.lists()
            if _published(data) < date and family in (None, data.family)
        ]
        return sorted(chosen, key=_published)


def _published(data: SeedList) -> str:
    """When a list was published: its batch's notice date (algorithm: the period's month)."""
    if data.family == "deep_synthesis":
        return next(d for d, _, month, _ in DEEP_SYNTHESIS_BATCHES.values() if month == data.batch)
    return f"{data.batch}-28"


def cancellation_lists(
    maker: RowMaker,
    rng: random.Random,
    spec: ScaleSpec,
    listed: ListedRows,
    real: list[SeedList],
) -> list[SeedList]:
    """Every cancellation notice: the real ones, and generated ones cancelling generated rows
    listed before them; every cancelled number is held by a list, marked 已注销 there."""
    by_date = {data.date: data for data in real}
    held = listed.numbers()
    for data in real:
        for row in data.rows:
            if row["expected"]["filing_no"] not in held:
                hold(maker, listed, row, data.date)
            listed.cancelled.add(row["expected"]["filing_no"])
    made = [
        by_date.get(date) or generated_cancellation(rng, listed, date, count)
        for date, count in spec.cancellations.items()
    ]
    truncate_one_role(made, by_date)
    return made


def hold(maker: RowMaker, listed: ListedRows, cancelled: dict[str, Any], date: str) -> None:
    """Put a cancelled number the lists lack into an earlier list of its family (by its
    category code) and year, in place of a generated row, marked 已注销."""
    number = cancelled["expected"]["filing_no"]
    family = "deep_synthesis" if number[17:19] == "01" else "algorithm"
    earlier = [
        data for data in listed.before(date, family) if any(map(listed.replaceable, data.rows))
    ]
    year = f"20{number[19:21]}"
    target = next((data for data in earlier if data.batch[:4] == year), earlier[-1])
    index = next(i for i, row in enumerate(target.rows) if listed.replaceable(row))
    target.rows[index] = listed_row(maker, family, cancelled, target.rows[index]["seq"])


def listed_row(maker: RowMaker, family: str, cancelled: dict[str, Any], seq: str) -> dict[str, Any]:
    """A list's row for a cancelled filing: its name, entity, products and number."""
    values = cancelled["expected"]
    _, purpose = maker.rng.choice(DS_KINDS)
    printed = {
        "seq": seq,
        "name": values["name"],
        "company": values["company"],
        "product": values["product"],
        "purpose": purpose,
        "filing_no": values["filing_no"],
        "remarks": CANCELLED,
    }
    if family == "deep_synthesis":
        printed["role"] = values["role"] or "服务提供者"
    else:
        printed["category"] = values["category"] or _category_of(values["filing_no"])
        printed["purpose"] = CATEGORIES[printed["category"]][3]
    return seed_row(family, printed)


def _category_of(number: str) -> str:
    """The first 算法类别 whose code the number carries."""
    return next(name for name, (code, *_) in CATEGORIES.items() if code == number[17:19])


def generated_cancellation(
    rng: random.Random, listed: ListedRows, date: str, count: int
) -> SeedList:
    """A notice cancelling `count` generated filings listed before `date`."""
    candidates = [
        row for data in listed.before(date) for row in data.rows if listed.replaceable(row)
    ]
    chosen = rng.sample(candidates, count)
    rows = [cancellation_row(row, seq, date[:7]) for seq, row in enumerate(chosen, start=1)]
    for row in chosen:
        mark_cancelled(row)
        listed.cancelled.add(row["expected"]["filing_no"])
    title = f"关于注销“{rows[0]['name']}”等{count}个算法备案编号的公告"
    return SeedList("cancellation", date[:7], title, rows, date=date)


def mark_cancelled(row: dict[str, Any]) -> None:
    """Edit a listed row as the CAC edits old lists: 备注 已注销."""
    row["remarks"] = CANCELLED
    row["expected"]["remarks"] = CANCELLED


def cancellation_row(listed: dict[str, Any], seq: int, month: str) -> dict[str, Any]:
    """A cancellation list's row for a listed filing; 角色 holds an algorithm's category."""
    values = listed["expected"]
    printed = {
        "seq": str(seq),
        "name": values["name"],
        "role": values["role"] or values["category"],
        "company": values["company"],
        "product": values["product"],
        "purpose": values["purpose"],
        "filing_no": values["filing_no"],
        "cancel_month": printed_month(month),
    }
    return seed_row("cancellation", printed)


def truncate_one_role(made: Iterable[SeedList], real: dict[str, SeedList]) -> None:
    """Print one generated cancellation row's 角色 truncated (服务提供), as one real list does."""
    rows = [row for data in made if data.date not in real for row in data.rows]
    row = next(row for row in rows if row["role"] == "服务提供者")
    row["role"] = row["expected"]["role"] = TRUNCATED_ROLE
