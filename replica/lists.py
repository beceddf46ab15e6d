"""The lists the replica publishes, from the sample of real rows (replica.real_rows).

Every sampled batch becomes a `SeedList` holding its real rows as printed, with the values a
parser must return (RealRow.expected), its published name, notice page and attachment token.
Both scales build on these: the small site publishes them as they are, the full one
(replica.scale) fills each list to its real size with generated rows. Quirks the real lists
print that the sample cannot carry are laid on here: blank 序号 in whole deep-synthesis
batches, the 9-column layout, dirty DOCX cells.
"""

import datetime as dt
import random
from collections.abc import Iterable
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from crawler.notices import chinese_number
from crawler.official import DEEP_SYNTHESIS_BATCHES
from replica.generate import RowMaker, dirty, seed_row
from replica.real_rows import RealBatch, RealRow, real_batches
from replica.real_site import ON_DEVICE_LIST, SeedList, month_text

BLANK_SEQ_DS: Final = frozenset({10, 11, 12})  # batches whose 序号 column is empty throughout
NINE_COLUMN_DS: Final = frozenset({2})  # batches whose 主要用途 spans two grid columns
ON_DEVICE_BATCH: Final = "2026-07"
ON_DEVICE_ROWS: Final = 7
# The one on-device row cac-source.md quotes (the notice of 2026-07-15).
ON_DEVICE_REAL: Final = {
    "jurisdiction": "上海市",
    "name": "Apple智能",
    "company": "苹果技术开发（上海）有限公司",
    "filing_no": "Shanghai-AppleZhiNeng-202506160057",
    "filing_date": "2026/7/8",
    "scenario": "苹果手机",
}
DS_BY_PATH: Final = {path: number for number, (_, path, _, _) in DEEP_SYNTHESIS_BATCHES.items()}


def real_seed_row(row: RealRow) -> dict[str, Any]:
    """A seed row of a real published row: printed as published, expected as real_rows says."""
    return seed_row(row.list_type, row.printed, expected=row.expected, real=True)


def url_token(url: str) -> str:
    """The filepath token of a downloadfile.jsp URL as published ('' for other URLs)."""
    return parse_qs(urlsplit(url or "").query).get("filepath", [""])[0]


def ds_number(batch: RealBatch) -> int:
    """The batch number of a real deep-synthesis list, from its page (else its 第N批)."""
    number = DS_BY_PATH.get(urlsplit(batch.page).path)
    return number if number is not None else chinese_number(str(batch.meta["batch"])[1:-1])


def seed_list(batch: RealBatch, month: str | None = None) -> SeedList:
    """A real batch as a list: its real rows, name, page, token and noticeId."""
    return SeedList(
        family=batch.family,
        batch=month or batch.period,
        name=batch.name,
        rows=[real_seed_row(row) for row in batch.rows],
        token=url_token(batch.url),
        page=batch.page,
        notice_id=str(batch.meta.get("noticeId", "")),
        date=str(batch.meta.get("date", "")),
    )


def real_deep_synthesis() -> dict[int, SeedList]:
    """Every sampled deep-synthesis batch, by number, named by the month in its list's name."""
    lists = {}
    for batch in real_batches("deep_synthesis"):
        number = ds_number(batch)
        lists[number] = seed_list(batch, DEEP_SYNTHESIS_BATCHES[number][2])
        lists[number].nine_columns = number in NINE_COLUMN_DS
    return lists


def real_algorithm() -> list[SeedList]:
    """Every sampled algorithm-recommendation period."""
    return [seed_list(batch) for batch in real_batches("algorithm")]


def real_genai() -> list[SeedList]:
    """Every sampled generative-AI period (filed and registered rows)."""
    return [seed_list(batch) for batch in real_batches("genai") if not _on_device(batch)]


def real_cancellations() -> list[SeedList]:
    """Every sampled cancellation notice, its rows numbered 1… where the sample has no 序号."""
    lists = [seed_list(batch) for batch in real_batches("cancellation")]
    for data in lists:
        data.rows = [_numbered(row, seq) for seq, row in enumerate(data.rows, start=1)]
    return lists


def _numbered(row: dict[str, Any], seq: int) -> dict[str, Any]:
    """The row with 序号 `seq` printed and expected, unless it has one."""
    if row.get("seq") or row["expected"]["seq"]:
        return row
    return {**row, "seq": str(seq), "expected": {**row["expected"], "seq": str(seq)}}


def _on_device(batch: RealBatch) -> bool:
    """Whether a real genAI batch is the on-device notice's list (rows with 适用场景)."""
    return any(row.printed.get("scenario") for row in batch.rows)


def on_device_list(maker: RowMaker) -> SeedList:
    """The on-device notice's 7 rows: the real ones and generated ones, by date, numbered 1-7."""
    real = [
        real_seed_row(row)
        for batch in real_batches("genai")
        if _on_device(batch)
        for row in batch.rows
    ] or [seed_row("genai_filed", ON_DEVICE_REAL, real=True)]
    days = sorted(maker.rng.sample(range(1, 15), ON_DEVICE_ROWS - len(real)))
    generated = [maker.on_device_row("", dt.date(2026, 7, day)) for day in days]
    rows = sorted([*real, *generated], key=lambda row: row["expected"]["filing_date"])
    numbered = [_renumbered(row, seq) for seq, row in enumerate(rows, start=1)]
    return SeedList("genai", ON_DEVICE_BATCH, ON_DEVICE_LIST, numbered)


def _renumbered(row: dict[str, Any], seq: int) -> dict[str, Any]:
    """The row printed and expected with 序号 `seq`."""
    return {**row, "seq": str(seq), "expected": {**row["expected"], "seq": str(seq)}}


def blank_seq(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with an empty 序号, printed and expected (Word numbering lost in the file)."""
    return [{**row, "seq": "", "expected": {**row["expected"], "seq": ""}} for row in rows]


def generated_ds_batch(maker: RowMaker, number: int, size: int) -> SeedList:
    """A deep-synthesis batch the sample lacks, with `size` generated rows."""
    _, _, month, _ = DEEP_SYNTHESIS_BATCHES[number]
    rows = [maker.ds_row(month, str(seq)) for seq in range(1, size + 1)]
    if number in BLANK_SEQ_DS:
        rows = blank_seq(rows)
    name = f"境内深度合成服务算法备案清单（{month_text(month)}）"
    return SeedList("deep_synthesis", month, name, rows, nine_columns=number in NINE_COLUMN_DS)


def reserve_real(maker: RowMaker, lists: Iterable[SeedList]) -> None:
    """Keep the generator off the real rows' names and numbers."""
    maker.reserve(
        value for data in lists for row in data.rows for value in (row["name"], row["filing_no"])
    )


def dirty_cells(rng: random.Random, lists: Iterable[SeedList], share: float) -> None:
    """Print one cell dirty in `share` of the rows of these (DOCX) lists."""
    for data in lists:
        data.rows = [dirty(rng, row) if rng.random() < share else row for row in data.rows]
