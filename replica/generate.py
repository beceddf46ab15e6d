"""Generated list rows for the replica, where the sample of real rows has none.

A `RowMaker` is deterministic (one random seed) and issues each company, filing number and name
once. Companies sit in real GB/T 2260 districts (crawler/data/gbt2260.csv) and keep one 7-digit
entity code, so their numbers read as the real ones do: 网信算备 + division + entity + category
(01 生成合成 in deep synthesis; 02-06 by 算法类别) + 2-digit year + 4-digit sequence + 号.
Generative-AI numbers are Prov-Name-YYYYMMDD (filed until 2024-04), Prov-Name-YYYYMMDDnnnn
(filed from 2024-08) and Prov-Name-YYYYMMDDSnnnn (registered). A share of rows carry the
published lists' events in 备注 and the dirty cells the real documents print (`raw`).

A seed row is a dict: the printed text of each field, `list_type`, `real` (False here),
`expected` (every canonical field as a correct parser returns it) and optionally `raw`.
"""

import csv
import datetime as dt
import random
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from crawler.constants import DOCUMENT_COLUMNS
from crawler.dataset.divisions import GBT2260_CSV

ROW_FIELDS: Final = DOCUMENT_COLUMNS[2:]  # every document column after list_type and batch
CURRENT_REVISION: Final = "2025-12"
# City prefix of company names, 4-digit GB/T 2260 prefix, province pinyin spellings, weight.
CITIES: Final = (
    ("北京", "1101", ("Beijing", "BeiJing"), 25),
    ("上海", "3101", ("Shanghai",), 18),
    ("杭州", "3301", ("ZheJiang", "Zhejiang"), 10),
    ("深圳", "4403", ("Guangdong",), 10),
    ("广州", "4401", ("Guangdong",), 6),
    ("成都", "5101", ("Sichuan",), 4),
    ("南京", "3201", ("Jiangsu",), 4),
    ("苏州", "3205", ("Jiangsu",), 3),
    ("武汉", "4201", ("Hubei",), 3),
    ("合肥", "3401", ("Anhui",), 3),
    ("西安", "6101", ("ShaanXi", "Shaanxi"), 2),
    ("厦门", "3502", ("Fujian",), 2),
    ("天津", "1201", ("Tianjin",), 2),
    ("重庆", "5001", ("ChongQing", "Chongqing"), 2),
    ("长沙", "4301", ("Hunan",), 2),
    ("济南", "3701", ("Shandong",), 1),
    ("郑州", "4101", ("Henan",), 1),
    ("沈阳", "2101", ("Liaoning",), 1),
    ("太原", "1401", ("ShanXi", "Shanxi"), 1),
    ("贵阳", "5201", ("Guizhou",), 1),
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
PRODUCT_KINDS: Final = ("APP", "网站", "小程序", "公众账号", "其他")
PRODUCT_SUFFIXES: Final = ("AI", "助手", "智绘", "配音", "数字人", "创作", "视频", "相机")
DS_KINDS: Final = (
    ("图像生成", "应用于图像生成场景，根据用户输入的文本或图片，生成相应的图像。"),
    ("文本生成", "应用于对话生成场景，根据用户输入的文本，生成相应的文本回复。"),
    ("语音合成", "应用于音频生成场景，根据用户输入的文本，生成相应的语音内容。"),
    ("视频生成", "应用于视频生成场景，根据用户输入的文本、图像，生成相应的视频。"),
    ("数字人生成", "应用于数字人视频生成场景，根据用户输入的文本、音频，生成数字人视频。"),
    ("人脸融合", "应用于人脸图像生成场景，将用户上传的照片与模板进行面部融合，生成图像。"),
    ("多模态生成", "应用于多模态生成场景，根据用户输入的文本、图像，生成文本、图像内容。"),
)
SUPPORTER_PURPOSE: Final = "应用于{}场景，服务于企业端客户，根据用户输入的文本，生成相应的内容。"
# 算法类别 -> (category code in the filing number, weight, kinds of algorithm and purposes).
CATEGORIES: Final = {
    "个性化推送类": ("02", 45, "内容推荐", "应用于内容推荐场景，根据用户行为推荐感兴趣的内容。"),
    "排序精选类": ("03", 12, "榜单排序", "应用于榜单排序场景，根据内容热度对内容排序。"),
    "检索过滤类": ("04", 8, "信息检索", "应用于搜索场景，根据查询词搜索满足需求的内容。"),
    "信息检索类": ("04", 6, "搜索", "应用于信息检索场景，根据用户输入的检索词，匹配相关内容。"),
    "内容过滤类": ("05", 8, "内容安全", "应用于内容过滤场景，识别并处置违法违规信息内容。"),
    "调度决策类": ("06", 15, "调度决策", "应用于配送调度场景，根据订单和运力为订单匹配骑手。"),
    "生成合成类": ("01", 3, "生成合成", "应用于图像生成场景，根据用户输入的文本生成图像。"),
}
CATEGORIES_FROM_2024: Final = frozenset({"信息检索类", "内容过滤类"})
ROLES: Final = (("服务提供者", 78), ("服务技术支持者", 21), ("服务提供者、服务技术支持者", 1))
REGISTERED_KINDS: Final = ("智能客服", "写作助手", "政务助手", "问答助手", "AI助手", "智能体")
FILED_KINDS: Final = ("大模型", "大语言模型", "多模态大模型", "智能助手")
CENTRAL_SOE: Final = ("国资委", "ZhongYangQiYe")  # 属地 of central state-owned enterprises
FULL_WIDTH: Final = str.maketrans("0123456789", "０１２３４５６７８９")
REUSE_SHARE: Final = 0.3  # rows whose company filed before
EVENT_SHARE: Final = 0.05  # rows whose 备注 records an event
CENTRAL_SHARE: Final = 0.04  # genAI filed rows of central SOEs
LATE_SHARE: Final = 0.05  # registered rows marked （补登）, in lists from 2025-10 on
LATE_FROM: Final = "2025-10"
FRESH_TRIES: Final = 10_000
FIRST_FILING_YEAR: Final = 22  # 网信算备 numbers began in 2022
_DATE: Final = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:（(.+)）)?$")
_MONTH: Final = re.compile(r"(\d{4})年(\d{1,2})月$")


@dataclass
class Company:
    """A filing entity: name, home district (6 digits), entity code (7 digits), province."""

    name: str
    division: str
    entity: str
    province: str
    pinyin: str
    numbers: int = 0


@dataclass
class RowMaker:
    """Deterministic source of generated rows: everything issued is remembered, never reused."""

    seed: int = 2260
    rng: random.Random = field(init=False)
    districts: dict[str, list[str]] = field(init=False)
    provinces: dict[str, str] = field(init=False)
    companies: list[Company] = field(default_factory=list)
    issued: set[str] = field(default_factory=set)
    serials: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.districts, self.provinces = current_districts()

    def reserve(self, values: Any) -> None:
        """Never issue these names or numbers (the real rows' own)."""
        self.issued.update(values)

    def unique(self, make: Callable[[], str]) -> str:
        """Call make() (which draws anew each time) until it gives a value not issued yet."""
        return self.fresh(lambda: (make(),))[0]

    def fresh(self, make: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
        """Call make() until the first of the values it draws was not issued yet; remember it."""
        for _ in range(FRESH_TRIES):
            values = make()
            if values[0] not in self.issued:
                self.issued.add(values[0])
                return values
        raise RuntimeError(f"no fresh value after {FRESH_TRIES} draws, last {values[0]!r}")

    def brand_name(self, kind: str) -> tuple[str, str]:
        """A product brand (云智AI) and an algorithm named after it (云智AI图像生成算法-1)."""

        def draw() -> tuple[str, str]:
            brand = self.word() + self.rng.choice(PRODUCT_SUFFIXES)
            return f"{brand}{kind}算法{self._variant()}", brand

        name, brand = self.fresh(draw)
        return brand, name

    def word(self) -> str:
        """Two characters that make a brand name, like 云雀 or 星辰."""
        return "".join(self.rng.sample(list(WORD_PINYIN), k=2))

    def company(self, *, reuse: bool = True) -> Company:
        """An earlier filer (REUSE_SHARE of calls) or a new company in a real district."""
        if reuse and self.companies and self.rng.random() < REUSE_SHARE:
            return self.rng.choice(self.companies)
        city, prefix, pinyins, _ = self.rng.choices(CITIES, weights=[c[3] for c in CITIES])[0]
        industry = self.rng.choice(INDUSTRIES)
        bracketed = self.rng.random() < 0.06
        name = self.unique(lambda: _company_name(self.word(), city, industry, bracketed))
        entity = self.unique(lambda: f"{self.rng.randrange(10**6, 10**7)}")
        division = self.rng.choice(self.districts[prefix])
        province = self.provinces[division[:2]]
        made = Company(name, division, entity, province, self.rng.choice(pinyins))
        self.companies.append(made)
        return made

    def algorithm_number(self, company: Company, code: str, batch: str) -> str:
        """A 网信算备 number of this company, category code and a year up to the batch's."""
        year = max(FIRST_FILING_YEAR, int(batch[2:4]) - (self.rng.random() < 0.2))

        def make() -> str:
            company.numbers += 1
            serial = 8 * company.numbers + self.rng.choice((3, 3, 5, 7))
            return f"网信算备{company.division}{company.entity}{code}{year:02d}{serial:04d}号"

        return self.unique(make)

    def product(self, brand: str) -> str:
        """One or two products, 品牌(APP) or 品牌（网站）, as the lists print them."""
        kinds = self.rng.sample(PRODUCT_KINDS, k=self.rng.choice((1, 1, 2)))
        left, right = ("(", ")") if self.rng.random() < 0.5 else ("（", "）")
        return "、".join(f"{brand}{left}{kind}{right}" for kind in kinds)

    def ds_row(self, batch: str, seq: str) -> dict[str, Any]:
        """A deep-synthesis row: a provider's (with products) or a technical supporter's (--)."""
        company = self.company()
        kind, purpose = self.rng.choice(DS_KINDS)
        brand, name = self.brand_name(kind)
        role = self.rng.choices([r for r, _ in ROLES], [w for _, w in ROLES])[0]
        supporter = role == "服务技术支持者"
        printed = {
            "seq": seq,
            "name": name,
            "role": role,
            "company": company.name,
            "product": "--" if supporter else self.product(brand),
            "purpose": SUPPORTER_PURPOSE.format(kind) if supporter else purpose,
            "filing_no": self.algorithm_number(company, "01", batch),
            "remarks": self.remark(company, batch),
        }
        return seed_row("deep_synthesis", printed)

    def algorithm_row(self, batch: str, seq: str) -> dict[str, Any]:
        """An algorithm-recommendation row of a category in use in the batch's year."""
        company = self.company()
        names = [n for n in CATEGORIES if batch >= "2024" or n not in CATEGORIES_FROM_2024]
        category = self.rng.choices(names, weights=[CATEGORIES[n][1] for n in names])[0]
        code, _, kind, purpose = CATEGORIES[category]
        brand, name = self.brand_name(kind)
        printed = {
            "seq": seq,
            "name": name,
            "category": category,
            "company": company.name,
            "product": self.product(brand),
            "purpose": purpose,
            "filing_no": self.algorithm_number(company, code, batch),
            "remarks": self.remark(company, batch),
        }
        return seed_row("algorithm", printed)

    def remark(self, company: Company, batch: str) -> str:
        """备注: mostly empty; EVENT_SHARE of rows record a rename, new products or a change."""
        if self.rng.random() >= EVENT_SHARE:
            return ""
        year, month = int(batch[:4]), int(batch[5:])
        events = (
            f"原主体名称“{self.word()}{company.name[2:]}”变更为“{company.name}”",
            f"{year}年{month}月新增算法使用产品",
            "变更内容：产品变更",
            "产品变更、算法输出模态变更、算法模型变更",
        )
        return self.rng.choice(events)

    def genai_row(self, list_type: str, seq: str, date: dt.date, batch: str) -> dict[str, Any]:
        """A generative-AI row filed (已备案) or registered (已登记) on `date`."""
        central = list_type == "genai_filed" and self.rng.random() < CENTRAL_SHARE
        company = self.company(reuse=False)
        jurisdiction, prefix = CENTRAL_SOE if central else (company.province, company.pinyin)
        kinds = FILED_KINDS if list_type == "genai_filed" else REGISTERED_KINDS
        name, word = self.fresh(lambda: _service_name(self.word(), self.rng.choice(kinds)))
        printed = {
            "seq": seq,
            "jurisdiction": jurisdiction,
            "name": name,
            "company": company.name,
            "filing_no": self.genai_number(list_type, prefix, word, date, batch),
            "filing_date": printed_date(date, late=self._late(list_type, batch)),
        }
        return seed_row(list_type, printed)

    def on_device_row(self, seq: str, date: dt.date) -> dict[str, Any]:
        """A filed on-device (端侧) service of a phone maker, with its 适用场景."""
        company = self.company(reuse=False)
        name, brand = self.fresh(lambda: _service_name(self.word(), "端侧智能助手"))
        printed = {
            "seq": seq,
            "jurisdiction": company.province,
            "name": name,
            "company": company.name,
            "filing_no": self.genai_number("genai_filed", company.pinyin, brand, date, "2026-07"),
            "filing_date": printed_date(date),
            "scenario": f"{brand}手机",
        }
        return seed_row("genai_filed", printed)

    def genai_number(
        self, list_type: str, prefix: str, word: str, date: dt.date, batch: str
    ) -> str:
        """Prov-Name-YYYYMMDD, …-YYYYMMDDnnnn from 2024-08, registered …-YYYYMMDDSnnnn; the
        date is the application's (a filed service applied 10-60 days before it was filed)."""
        model = "".join(WORD_PINYIN[char] for char in word)
        registered = list_type == "genai_registered"

        def draw() -> str:
            days = 0 if registered else self.rng.randrange(10, 60)
            applied = date - dt.timedelta(days=days)
            key = f"{prefix}{applied:%Y%m%d}{registered}"
            self.serials[key] += 1
            serial = self.serials[key]
            tail = f"S{serial:04d}" if registered else "" if batch <= "2024-04" else f"{serial:04d}"
            return f"{prefix}-{model}-{applied:%Y%m%d}{tail}"

        return self.unique(draw)

    def _variant(self) -> str:
        """The -1, -2 some algorithm names carry."""
        return self.rng.choice(("", "", "", "", "-1", "-2"))

    def _late(self, list_type: str, batch: str) -> bool:
        """Whether a row prints （补登） after its date."""
        late = list_type == "genai_registered" and batch >= LATE_FROM
        return late and self.rng.random() < LATE_SHARE


def _service_name(word: str, kind: str) -> tuple[str, str]:
    """A service's name (云智大模型) and the word its number spells (YunZhi)."""
    return word + kind, word


def _company_name(word: str, city: str, industry: str, bracketed: bool) -> str:
    """北京云智科技有限公司, or 云智科技（北京）有限公司."""
    if bracketed:
        return f"{word}{industry}（{city}）有限公司"
    return f"{city}{word}{industry}有限公司"


def current_districts() -> tuple[dict[str, list[str]], dict[str, str]]:
    """County-level codes in force for each city prefix of CITIES, and province names by the
    first two digits of a code."""
    prefixes = {prefix for _, prefix, _, _ in CITIES}
    districts: dict[str, list[str]] = {prefix: [] for prefix in prefixes}
    provinces: dict[str, str] = {}
    with GBT2260_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code, current = row["code"], row["last_revision"] == CURRENT_REVISION
            if current and code.endswith("0000"):
                provinces[code[:2]] = row["name"]
            elif current and code[:4] in prefixes and code[4:] != "00":
                districts[code[:4]].append(code)
    return districts, provinces


def printed_date(date: dt.date, *, late: bool = False) -> str:
    """A date as the genAI lists print it: 2023/8/31, or 2026/5/1（补登） for a late entry."""
    return f"{date.year}/{date.month}/{date.day}" + ("（补登）" if late else "")


def printed_month(month: str) -> str:
    """YYYY-MM as a cancellation list prints it: 2025年7月."""
    return f"{int(month[:4])}年{int(month[5:])}月"


def seed_row(
    list_type: str,
    printed: Mapping[str, str],
    *,
    expected: Mapping[str, str] | None = None,
    real: bool = False,
) -> dict[str, Any]:
    """A seed row: printed fields, list type, origin and the values a parser must return."""
    values = dict(expected) if expected is not None else clean_values(list_type, printed)
    full = {name: str(values.get(name, "")) for name in ROW_FIELDS}
    return {**printed, "list_type": list_type, "real": real, "expected": full}


def printed_fields(row: Mapping[str, Any]) -> dict[str, str]:
    """The printed fields of a seed row (no list type, origin, expected values or raw text)."""
    return {name: row[name] for name in ROW_FIELDS if name in row}


def clean_values(list_type: str, printed: Mapping[str, str]) -> dict[str, str]:
    """What a parser returns for a clean printed row: dates as ISO with their note apart,
    注销时间 as YYYY-MM, a category printed in a cancellation list's 角色 as the category."""
    values = dict(printed)
    if date := printed.get("filing_date"):
        values["filing_date"], values["filing_date_note"] = _iso_date(date)
    if month := printed.get("cancel_month"):
        found = _MONTH.match(month)
        values["cancel_month"] = f"{found[1]}-{int(found[2]):02d}" if found else month
    if list_type == "cancellation" and printed.get("role", "") in CATEGORIES:
        values["role"], values["category"] = "", printed["role"]
    return values


def _iso_date(text: str) -> tuple[str, str]:
    """2026/5/1（补登） -> ("2026-05-01", "补登")."""
    found = _DATE.match(text)
    if found is None:
        return text, ""
    year, month, day = (int(part) for part in found.groups()[:3])
    return f"{year:04d}-{month:02d}-{day:02d}", found[4] or ""


# --- dirty printed cells ---------------------------------------------------------------------


def dirty(rng: random.Random, row: dict[str, Any]) -> dict[str, Any]:
    """The row with one cell printed dirty (`raw`): a line break inside a word, or stray
    spaces, full-width digits or a line break in its filing number."""
    name = rng.choice(("company", "name", "purpose", "filing_no", "filing_no"))
    text = str(row.get(name, ""))
    raw = dirty_number(rng, text) if name == "filing_no" else break_cjk(rng, text)
    return {**row, "raw": {**row.get("raw", {}), name: raw}} if raw != text else row


def break_cjk(rng: random.Random, text: str) -> str:
    """A line break between two CJK characters, as narrow cells wrap."""
    cuts = [i for i in range(1, len(text)) if _cjk(text[i - 1]) and _cjk(text[i])]
    if not cuts:
        return text
    cut = rng.choice(cuts)
    return f"{text[:cut]}\n{text[cut:]}"


def dirty_number(rng: random.Random, number: str) -> str:
    """网信算备 numbers printed with full-width digits and a space, spaced out, or broken."""
    if not (number.startswith("网信算备") and number.endswith("号")):
        return number
    code, rest = number[4:10], number[10:-1]
    style = rng.randrange(3)
    if style == 0:
        return f"网信算备{code.translate(FULL_WIDTH)} {rest}号"
    if style == 1:
        return f"网信算备 {code} {rest} 号"
    return f"网信算备{code}{rest[:4]}\n{rest[4:]}号"


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
