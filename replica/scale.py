"""A full-size replica seed matching the real corpus, generated deterministically.

`scale_seed(FULL)` returns a seed dict (the shape of replica/seed.json) with 18 deep-synthesis
batches (~7,000 rows), one generative-AI PDF (847 filed, 511 registered), a few thousand
algorithm-recommendation rows over DOCX and XLSX attachments, and three cancellation notices.
Companies sit in real GB/T 2260 districts; a share of rows carry the small seed's dirty cells
(line breaks inside words, full-width digits and spaces in filing numbers, 2023年8月29日 dates),
some companies are spelled with half-width brackets, and a few filing numbers are malformed.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Final

from crawler.dataset.divisions import GBT2260_CSV, lookup_division
from replica.seed import load_seed

CURRENT_REVISION: Final = "2025-12"
# (batch month, notice date, notice path or None to generate one), batch n at index n - 1.
DS_SCHEDULE: Final = (
    ("2023-06", "2023-06-20", "/2023-06/20/c_1688910683316256.htm"),
    ("2023-08", "2023-09-01", "/2023-09/01/c_1695224377544009.htm"),
    ("2023-11", "2023-11-28", None),
    ("2024-01", "2024-01-26", None),
    ("2024-04", "2024-04-11", "/2024-04/11/c_1712803821589302.htm"),
    ("2024-06", "2024-06-21", None),
    ("2024-08", "2024-08-27", None),
    ("2024-10", "2024-10-25", None),
    ("2024-12", "2024-12-20", None),
    ("2025-02", "2025-02-28", None),
    ("2025-04", "2025-04-30", None),
    ("2025-07", "2025-07-15", "/2025-07/15/c_1752542781810157.htm"),
    ("2025-09", "2025-09-26", None),
    ("2025-11", "2025-11-28", None),
    ("2026-01", "2026-01-23", None),
    ("2026-03", "2026-03-27", None),
    ("2026-05", "2026-05-22", None),
    ("2026-07", "2026-07-17", "/2026-07/17/c_1786032856662750.htm"),
)
ALGORITHM_MONTHS: Final = (
    "2022-08",
    "2023-01",
    "2023-06",
    "2023-09",
    "2024-02",
    "2024-06",
    "2024-12",
    "2025-06",
)
ALGORITHM_XLSX_MONTH: Final = "2024-06"
ALGORITHM_PATH: Final = "/2022-08/12/c_1661927474338504.htm"
GENAI_PATH: Final = "/2024-04/02/c_1713729983803145.htm"
GENAI_CUTOFF: Final = (2026, 4)
CANCELLATION_DATES: Final = (
    ("2026-03-12", None),
    ("2026-05-06", "/2026-05/06/c_1778035818138258.htm"),
    ("2026-07-17", None),
)
# City prefix of company names, 4-digit GB/T 2260 prefix, province pinyin, weight.
CITIES: Final = (
    ("北京", "1101", "Beijing", 25),
    ("上海", "3101", "Shanghai", 18),
    ("杭州", "3301", "Zhejiang", 10),
    ("深圳", "4403", "Guangdong", 10),
    ("广州", "4401", "Guangdong", 6),
    ("成都", "5101", "Sichuan", 4),
    ("南京", "3201", "Jiangsu", 4),
    ("苏州", "3205", "Jiangsu", 3),
    ("武汉", "4201", "Hubei", 3),
    ("合肥", "3401", "Anhui", 3),
    ("西安", "6101", "Shaanxi", 2),
    ("厦门", "3502", "Fujian", 2),
    ("天津", "1201", "Tianjin", 2),
    ("重庆", "5001", "Chongqing", 2),
    ("长沙", "4301", "Hunan", 2),
    ("济南", "3701", "Shandong", 1),
    ("郑州", "4101", "Henan", 1),
    ("沈阳", "2101", "Liaoning", 1),
    ("南昌", "3601", "Jiangxi", 1),
    ("贵阳", "5201", "Guizhou", 1),
)
WORD_PINYIN: Final = dict(
    zip(
        "云智星辰海天信达启明博远创新晨光数慧灵思易联图声影视象元极锐讯微瀚宇卓越鼎恒华泰",
        (
            *("Yun", "Zhi", "Xing", "Chen", "Hai", "Tian", "Xin", "Da", "Qi", "Ming"),
            *("Bo", "Yuan", "Chuang", "Xin", "Chen", "Guang", "Shu", "Hui", "Ling", "Si"),
            *("Yi", "Lian", "Tu", "Sheng", "Ying", "Shi", "Xiang", "Yuan", "Ji", "Rui"),
            *("Xun", "Wei", "Han", "Yu", "Zhuo", "Yue", "Ding", "Heng", "Hua", "Tai"),
        ),
        strict=True,
    )
)
INDUSTRIES: Final = ("科技", "网络科技", "信息技术", "智能科技", "人工智能科技", "数字科技", "软件")
PRODUCT_SUFFIXES: Final = ("AI", "助手", "智绘", "配音", "数字人", "创作", "视频", "相机")
DS_KINDS: Final = (
    ("图像生成", "应用于图像生成场景，根据用户输入的文本或图片生成图像"),
    ("文本生成", "应用于对话问答场景，根据用户输入的文本生成文本回复"),
    ("语音合成", "应用于语音合成场景，将用户输入的文本转换为语音"),
    ("视频生成", "应用于视频生成场景，根据用户输入的文本或图片生成视频"),
    ("数字人生成", "应用于数字人生成场景，根据用户上传的形象素材和文本生成数字人视频"),
    ("人脸替换", "应用于图像特效场景，将用户上传的人脸图像与模板图像进行融合或替换"),
    ("图像修复", "应用于图像编辑场景，对用户上传的图片进行修复和风格化处理"),
)
ALGORITHM_KINDS: Final = (
    ("个性化推荐", "应用于资讯推荐场景，根据用户兴趣推荐图文资讯内容"),
    ("短视频推荐", "应用于短视频推荐场景，根据用户浏览行为推荐其可能感兴趣的视频内容"),
    ("搜索排序", "应用于搜索场景，根据用户检索词对搜索结果进行排序"),
    ("配送调度", "应用于配送或出行场景，根据订单和运力情况进行智能调度"),
    ("商品推荐", "应用于电商场景，根据用户浏览和购买记录推荐商品"),
    ("热搜榜单", "应用于热搜榜单场景，根据内容热度生成榜单"),
)
REGISTERED_KINDS: Final = ("智能客服", "写作助手", "政务助手", "医疗问答助手", "法律咨询助手")
ROLE_WEIGHTS: Final = (
    ("服务提供者", 78),
    ("服务技术支持者", 21),
    ("服务提供者、服务技术支持者", 1),
)
FULL_WIDTH: Final = str.maketrans("0123456789", "０１２３４５６７８９")
BRACKETED_SHARE: Final = 0.06  # companies named like 行吟信息科技（上海）有限公司
HALF_WIDTH_SHARE: Final = 0.3  # of a bracketed company's rows, printed with ( )
REUSE_SHARE: Final = 0.3  # rows whose company already filed before


@dataclass(frozen=True)
class ScaleSpec:
    """How big a generated corpus is."""

    deep_synthesis_rows: int = 7059
    deep_synthesis_batches: int = 18
    genai_filed: int = 847
    genai_registered: int = 511
    algorithm_rows: int = 3200
    algorithm_attachments: int = 8
    cancellations: tuple[int, ...] = (8, 5, 10)
    malformed: int = 3
    dirty_share: float = 0.15


FULL: Final = ScaleSpec()
SMALL: Final = ScaleSpec(60, 3, 20, 10, 30, 2, (2, 3), 1)


@dataclass
class Company:
    """A filing entity: its name, home division code and province pinyin."""

    name: str
    code: str
    pinyin: str
    bracketed: bool = False


@dataclass
class _Generator:
    """Deterministic generator state: the random source and everything already issued."""

    rng: random.Random
    spec: ScaleSpec
    districts: dict[str, list[str]] = field(default_factory=dict)
    companies: list[Company] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    notice_id: int = 300


def scale_seed(spec: ScaleSpec = FULL, random_seed: int = 2260) -> dict[str, Any]:
    """A replica seed of the given size; the same arguments always give the same seed."""
    gen = _Generator(random.Random(random_seed), spec, districts=current_districts())
    notices = [*deep_synthesis_notices(gen), algorithm_notice(gen), genai_notice(gen)]
    notices += cancellation_notices(gen, notices)
    malform(gen, notices)
    notices += [n for n in load_seed()["notices"] if n["family"] == "other"]
    return {"notices": notices}


def current_districts() -> dict[str, list[str]]:
    """County-level codes in force (2025-12) for each city prefix of CITIES."""
    prefixes = {prefix for _, prefix, _, _ in CITIES}
    districts: dict[str, list[str]] = {prefix: [] for prefix in prefixes}
    with GBT2260_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"]
            if (
                code[:4] in prefixes
                and code[4:] != "00"
                and row["last_revision"] == CURRENT_REVISION
            ):
                districts[code[:4]].append(code)
    return districts


# --- companies and rows ---------------------------------------------------------------------


def _word(gen: _Generator) -> str:
    """Two characters that make a brand name, like 云雀 or 星辰."""
    return "".join(gen.rng.sample(list(WORD_PINYIN), k=2))


def _city(gen: _Generator, pinyin: str | None = None) -> tuple[str, str, str, int]:
    """A weighted city, optionally within one province."""
    cities = [city for city in CITIES if pinyin in (None, city[2])]
    return gen.rng.choices(cities, weights=[city[3] for city in cities])[0]


def new_company(gen: _Generator, pinyin: str | None = None) -> Company:
    """A company with a unique name in a real district of a (weighted) city."""
    city, prefix, province, _ = _city(gen, pinyin)
    bracketed = gen.rng.random() < BRACKETED_SHARE
    while True:
        industry = gen.rng.choice(INDUSTRIES)
        word = _word(gen)
        name = (
            f"{word}{industry}（{city}）有限公司"
            if bracketed
            else f"{city}{word}{industry}有限公司"
        )
        if name not in gen.names:
            break
    gen.names.add(name)
    company = Company(name, gen.rng.choice(gen.districts[prefix]), province, bracketed)
    gen.companies.append(company)
    return company


def pick_company(gen: _Generator) -> Company:
    """An earlier filer (REUSE_SHARE of rows) or a new one."""
    if gen.companies and gen.rng.random() < REUSE_SHARE:
        return gen.rng.choice(gen.companies)
    return new_company(gen)


def printed_company(gen: _Generator, company: Company) -> str:
    """The company as a list prints it: some bracketed names with half-width ( )."""
    if company.bracketed and gen.rng.random() < HALF_WIDTH_SHARE:
        return company.name.replace("（", "(").replace("）", ")")
    return company.name


def filing_number(gen: _Generator, code: str, batch: str, first_year: int) -> str:
    """A unique 网信算备 number: division code, 9 digits, year (<= the batch's), serial."""
    year = max(first_year, int(batch[:4]) - (gen.rng.random() < 0.2))
    while True:
        middle = gen.rng.randrange(10**9)
        number = f"网信算备{code}{middle:09d}{year % 100:02d}{gen.rng.randrange(1, 500):04d}号"
        if number not in gen.numbers:
            gen.numbers.add(number)
            return number


def list_row(
    gen: _Generator, seq: int, batch: str, kinds: tuple[tuple[str, str], ...], first_year: int
) -> dict:
    """One deep-synthesis or algorithm list row, possibly with dirty printed cells."""
    company = pick_company(gen)
    kind, purpose = gen.rng.choice(kinds)
    product = _word(gen) + gen.rng.choice(PRODUCT_SUFFIXES)
    role = gen.rng.choices(*zip(*ROLE_WEIGHTS, strict=True))[0]
    row = {
        "seq": seq,
        "name": f"{product}{kind}算法",
        "role": role,
        "company": printed_company(gen, company),
        "product": product,
        "purpose": purpose,
        "filing_no": filing_number(gen, company.code, batch, first_year),
        "remarks": "变更备案" if gen.rng.random() < 0.02 else "",
    }
    return dirty(gen, row)


def dirty(gen: _Generator, row: dict) -> dict:
    """Give a share of rows one of the small seed's dirty printed cells (row['raw'])."""
    if gen.rng.random() >= gen.spec.dirty_share:
        return row
    field_name = gen.rng.choice(("company", "name", "role", "filing_no", "filing_no"))
    text = str(row[field_name])
    raw = _dirty_number(gen, text) if field_name == "filing_no" else _break_cjk(gen, text)
    return {**row, "raw": {field_name: raw}} if raw != text else row


def _break_cjk(gen: _Generator, text: str) -> str:
    """Insert a line break between two CJK characters, as narrow cells wrap."""
    cuts = [i for i in range(1, len(text)) if not text[i - 1].isascii() and not text[i].isascii()]
    if not cuts:
        return text
    cut = gen.rng.choice(cuts)
    return f"{text[:cut]}\n{text[cut:]}"


def _dirty_number(gen: _Generator, number: str) -> str:
    """Full-width division code and a space, spaces around the code, or a line break."""
    code, rest = number[4:10], number[10:-1]
    style = gen.rng.randrange(3)
    if style == 0:
        return f"网信算备{code.translate(FULL_WIDTH)} {rest}号"
    if style == 1:
        return f"网信算备 {code} {rest} 号"
    return f"网信算备{code}{rest[:4]}\n{rest[4:]}号"


# --- notices --------------------------------------------------------------------------------


def _chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (十八)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else digits[tens]) + "十" if tens else ""
    return text + (digits[ones] if ones else "")


def _path(gen: _Generator, date: str) -> str:
    """A notice path like the real ones: /YYYY-MM/DD/c_<ms timestamp + 3 digits>.htm."""
    midnight = dt.datetime.fromisoformat(f"{date}T00:00:00+08:00")
    millis = int(midnight.timestamp() * 1000) + gen.rng.randrange(86_400_000)
    return f"/{date[:7]}/{date[8:]}/c_{millis}{gen.rng.randrange(1000):03d}.htm"


def _token(gen: _Generator) -> str:
    """An opaque base64-like download token, unique."""
    while True:
        token = base64.b64encode(gen.rng.randbytes(25)).decode("ascii")
        if token not in gen.tokens:
            gen.tokens.add(token)
            return token


def _api(gen: _Generator, notice_type: int) -> dict[str, int]:
    gen.notice_id += 1
    return {"noticeId": gen.notice_id, "type": notice_type}


def _split(gen: _Generator, total: int, parts: int) -> list[int]:
    """`total` split into `parts` uneven shares that add up exactly."""
    weights = [gen.rng.uniform(0.6, 1.4) for _ in range(parts)]
    shares = [int(total * w / sum(weights)) for w in weights]
    for index in range(total - sum(shares)):
        shares[index % parts] += 1
    return shares


def _month_text(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:])}月"


def _docx_attachment(gen: _Generator, text: str, rows: list[dict], **extra: Any) -> dict:
    return {
        "token": _token(gen),
        "text": text,
        "filename": f"{text}.docx",
        "format": "docx",
        "nine_columns": False,
        "fault": None,
        "heading": text,
        "rows": rows,
        **extra,
    }


def _ds_schedule(count: int) -> list[tuple[int, tuple[str, str, str | None]]]:
    """(batch number, schedule entry) for `count` batches: the first ones and the last."""
    numbered = list(enumerate(DS_SCHEDULE, start=1))
    return numbered[: count - 1] + numbered[-1:] if count < len(numbered) else numbered


def deep_synthesis_notices(gen: _Generator) -> list[dict]:
    """One notice per batch, each with one DOCX list (every fourth in the 9-column layout)."""
    schedule = _ds_schedule(gen.spec.deep_synthesis_batches)
    sizes = _split(gen, gen.spec.deep_synthesis_rows, len(schedule))
    return [
        _ds_notice(gen, number, entry, size)
        for (number, entry), size in zip(schedule, sizes, strict=True)
    ]


def _ds_notice(gen: _Generator, number: int, entry: tuple, size: int) -> dict:
    month, date, path = entry
    rows = [list_row(gen, seq, month, DS_KINDS, 2023) for seq in range(1, size + 1)]
    text = f"境内深度合成服务算法备案清单（{_month_text(month)}）"
    which = "" if number == 1 else f"第{_chinese_number(number)}批"
    attachment = _docx_attachment(gen, text, rows, nine_columns=number % 4 == 0)
    return {
        "key": f"ds-{number:02d}",
        "family": "deep_synthesis",
        "path": path or _path(gen, date),
        "title": f"国家互联网信息办公室关于发布{which}深度合成服务算法备案信息的公告",
        "date": date,
        "time": "16:00",
        "api": None if number == 1 else _api(gen, 3),
        "paragraphs": [
            f"根据《互联网信息服务深度合成管理规定》，现公开发布{which}境内深度合成服务算法备案信息，"
            f"共{size}个，具体信息可通过互联网信息服务算法备案系统查询。"
        ],
        "attachments": [attachment],
    }


def algorithm_notice(gen: _Generator) -> dict:
    """The long-lived algorithm notice with one list per month (one of them XLSX)."""
    months = ALGORITHM_MONTHS[: gen.spec.algorithm_attachments]
    sizes = _split(gen, gen.spec.algorithm_rows, len(months))
    attachments = [_algorithm_attachment(gen, m, n) for m, n in zip(months, sizes, strict=True)]
    return {
        "key": "algorithm",
        "family": "algorithm",
        "path": ALGORITHM_PATH,
        "title": "国家互联网信息办公室关于发布互联网信息服务算法备案信息的公告",
        "date": "2022-08-12",
        "time": "17:00",
        "api": _api(gen, 1),
        "paragraphs": [
            "根据《互联网信息服务算法推荐管理规定》，现公开发布境内互联网信息服务算法备案信息。"
        ],
        "attachments": attachments,
    }


def _algorithm_attachment(gen: _Generator, month: str, size: int) -> dict:
    rows = [list_row(gen, seq, month, ALGORITHM_KINDS, 2022) for seq in range(1, size + 1)]
    text = f"境内互联网信息服务算法备案清单（{_month_text(month)}）"
    attachment = _docx_attachment(gen, text, rows)
    if month == ALGORITHM_XLSX_MONTH:
        attachment.update(format="xlsx", filename=f"{text}.xlsx", sheet_title="备案清单")
        attachment.pop("heading")
    return attachment


def _genai_dates(gen: _Generator, count: int, start: dt.date) -> list[dt.date]:
    """`count` sorted filing dates from `start` up to the cut-off month."""
    end = dt.date(*GENAI_CUTOFF, 1)
    span = (end - start).days
    return sorted(start + dt.timedelta(days=gen.rng.randrange(span)) for _ in range(count))


def _genai_row(gen: _Generator, seq: int, date: dt.date, registered: bool) -> dict:
    """One 已备案 or 已登记 row with a unique number; some print the date as 2023年8月29日."""
    pinyin = _city(gen)[2]
    company = new_company(gen, pinyin)
    suffix = f"S{seq:04d}" if registered else ""
    while True:
        word = _word(gen)
        model = "".join(WORD_PINYIN[char] for char in word)
        number = f"{pinyin}-{model}-{date:%Y%m%d}{suffix}"
        if number not in gen.numbers:
            gen.numbers.add(number)
            break
    row = {
        "seq": seq,
        "jurisdiction": _province_name(company.code),
        "name": word + (gen.rng.choice(REGISTERED_KINDS) if registered else "大模型"),
        "company": company.name,
        "filing_no": number,
        "filing_date": date.isoformat(),
    }
    if gen.rng.random() < gen.spec.dirty_share:
        row["raw"] = {"filing_date": f"{date.year}年{date.month}月{date.day}日"}
    return row


def _province_name(code: str) -> str:
    return lookup_division(code).province


def genai_notice(gen: _Generator) -> dict:
    """The generative-AI notice with one PDF holding the 已备案 and 已登记 sections."""
    filed_dates = _genai_dates(gen, gen.spec.genai_filed, dt.date(2023, 8, 1))
    registered_dates = _genai_dates(gen, gen.spec.genai_registered, dt.date(2024, 8, 1))
    filed = [_genai_row(gen, n, d, False) for n, d in enumerate(filed_dates, start=1)]
    registered = [_genai_row(gen, n, d, True) for n, d in enumerate(registered_dates, start=1)]
    text = f"生成式人工智能服务已备案信息（截至{GENAI_CUTOFF[0]}年{GENAI_CUTOFF[1]}月）"
    attachment = {**_docx_attachment(gen, text, []), "format": "pdf", "filename": f"{text}.pdf"}
    attachment.update(filed=filed, registered=registered)
    del attachment["rows"]
    return {
        "key": "genai",
        "family": "genai",
        "path": GENAI_PATH,
        "title": "国家互联网信息办公室关于发布生成式人工智能服务已备案信息的公告",
        "date": "2024-04-02",
        "time": "18:00",
        "api": _api(gen, 5),
        "paragraphs": [
            f"截至{GENAI_CUTOFF[0]}年{GENAI_CUTOFF[1]}月，累计{len(filed)}款生成式人工智能服务完成备案，"
            f"{len(registered)}款生成式人工智能应用或功能完成登记。"
        ],
        "attachments": [attachment],
    }


def _listed_rows(notices: list[dict]) -> list[tuple[str, dict]]:
    """(notice date, row) of every deep-synthesis and algorithm row, in list order."""
    return [
        (notice["date"], row)
        for notice in notices
        if notice["family"] in {"deep_synthesis", "algorithm"}
        for attachment in notice["attachments"]
        for row in attachment.get("rows", [])
    ]


def cancellation_notices(gen: _Generator, notices: list[dict]) -> list[dict]:
    """Notices cancelling filings listed before them, each number cancelled once."""
    listed = _listed_rows(notices)
    cancelled: set[str] = set()
    made = []
    for count, (date, path) in zip(gen.spec.cancellations, CANCELLATION_DATES, strict=False):
        earlier = [row for when, row in listed if when < date and row["filing_no"] not in cancelled]
        rows = gen.rng.sample(earlier, count)
        cancelled.update(row["filing_no"] for row in rows)
        made.append(_cancellation_notice(gen, date, path, rows))
    return made


def _cancellation_notice(gen: _Generator, date: str, path: str | None, rows: list[dict]) -> dict:
    inline = [
        {"seq": n, "name": r["name"], "company": r["company"], "filing_no": r["filing_no"]}
        for n, r in enumerate(rows, start=1)
    ]
    return {
        "key": f"cancel-{date[:7]}",
        "family": "cancellation",
        "path": path or _path(gen, date),
        "title": f"关于注销{rows[0]['name']}等{len(rows)}个算法备案编号的公告",
        "date": date,
        "time": "10:00",
        "api": _api(gen, 2),
        "paragraphs": [
            "根据《互联网信息服务算法推荐管理规定》《互联网信息服务深度合成管理规定》，"
            f"经备案主体申请，注销以下{len(rows)}个算法的备案编号。"
        ],
        "attachments": [],
        "inline_rows": inline,
    }


def malform(gen: _Generator, notices: list[dict]) -> None:
    """Drop one digit from a few deep-synthesis filing numbers, as typos in a list would."""
    rows = [row for _, row in _listed_rows(notices) if "raw" not in row]
    cancelled = {r["filing_no"] for n in notices for r in n.get("inline_rows", [])}
    candidates = [row for row in rows if row["filing_no"] not in cancelled]
    for row in gen.rng.sample(candidates, gen.spec.malformed):
        row["filing_no"] = row["filing_no"][:-3] + row["filing_no"][-2:]
