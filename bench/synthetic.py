"""A deterministic, realistic-looking filings table for the search benchmark.

Scale 1 gives about 15 thousand rows (7,000 deep synthesis, 850 + 550 generative AI, 6,000
algorithm recommendation, 30 cancellations), as the real corpus had in mid-2026; scale 10 gives
ten times that. Companies of the major groups carry their real products; the long tail is
generated from city, brand and business-type vocabulary. Algorithm-recommendation rows carry a
category (算法类别, also coded in their filing number) and no role; cancellation rows carry the
role or category of the filing they cancel and their 注销时间; a few generative-AI rows are late
entries (补登) and a handful of filed ones are on-device services with a scenario (适用场景).
Derived columns (status, province, filing_year, ...) are filled the way the dataset step fills
them.
"""

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from crawler.constants import COLUMNS, TABLE_COLUMNS
from crawler.dataset.decode import ALGORITHM_CATEGORIES

# division code, province, city, district, pinyin of the province
DIVISIONS = [
    ("110105", "北京市", "北京市", "朝阳区", "Beijing"),
    ("110108", "北京市", "北京市", "海淀区", "Beijing"),
    ("110114", "北京市", "北京市", "昌平区", "Beijing"),
    ("310104", "上海市", "上海市", "徐汇区", "Shanghai"),
    ("310110", "上海市", "上海市", "杨浦区", "Shanghai"),
    ("310115", "上海市", "上海市", "浦东新区", "Shanghai"),
    ("330106", "浙江省", "杭州市", "西湖区", "Zhejiang"),
    ("330108", "浙江省", "杭州市", "滨江区", "Zhejiang"),
    ("330110", "浙江省", "杭州市", "余杭区", "Zhejiang"),
    ("440305", "广东省", "深圳市", "南山区", "Guangdong"),
    ("440304", "广东省", "深圳市", "福田区", "Guangdong"),
    ("440106", "广东省", "广州市", "天河区", "Guangdong"),
    ("320106", "江苏省", "南京市", "鼓楼区", "Jiangsu"),
    ("320505", "江苏省", "苏州市", "虎丘区", "Jiangsu"),
    ("340104", "安徽省", "合肥市", "蜀山区", "Anhui"),
    ("420111", "湖北省", "武汉市", "洪山区", "Hubei"),
    ("510107", "四川省", "成都市", "武侯区", "Sichuan"),
    ("500112", "重庆市", "重庆市", "渝北区", "Chongqing"),
    ("610113", "陕西省", "西安市", "雁塔区", "Shaanxi"),
    ("370102", "山东省", "济南市", "历下区", "Shandong"),
    ("350203", "福建省", "厦门市", "思明区", "Fujian"),
    ("120116", "天津市", "天津市", "滨海新区", "Tianjin"),
    ("430104", "湖南省", "长沙市", "岳麓区", "Hunan"),
    ("410105", "河南省", "郑州市", "金水区", "Henan"),
]
CITY_PREFIX = {
    "北京市": "北京",
    "上海市": "上海",
    "杭州市": "杭州",
    "深圳市": "深圳",
    "广州市": "广州",
    "南京市": "南京",
    "苏州市": "苏州",
    "合肥市": "合肥",
    "武汉市": "武汉",
    "成都市": "成都",
    "重庆市": "重庆",
    "西安市": "西安",
    "济南市": "济南",
    "厦门市": "厦门",
    "天津市": "天津",
    "长沙市": "长沙",
    "郑州市": "郑州",
}

# The major groups: legal entity, its division code and its products.
MAJOR = [
    ("北京字节跳动科技有限公司", "110108", ["抖音", "今日头条", "西瓜视频", "番茄小说"]),
    ("北京抖音信息服务有限公司", "110105", ["抖音", "抖音火山版", "抖音商城"]),
    ("北京有竹居网络技术有限公司", "110108", ["飞书", "飞书妙记"]),
    ("北京火山引擎科技有限公司", "110108", ["火山引擎", "火山方舟"]),
    ("北京春田知韵科技有限公司", "110108", ["豆包", "即梦AI"]),
    ("深圳市脸萌科技有限公司", "440305", ["剪映", "醒图", "CapCut"]),
    ("北京百度网讯科技有限公司", "110108", ["百度APP", "文心一言", "百度地图", "好看视频"]),
    ("百度在线网络技术（北京）有限公司", "110108", ["百度输入法", "百度网盘", "文小言"]),
    ("阿里巴巴（中国）有限公司", "330110", ["淘宝", "闲鱼", "夸克"]),
    ("阿里云计算有限公司", "330106", ["通义千问", "通义万相", "阿里云百炼"]),
    ("浙江淘宝网络有限公司", "330110", ["淘宝", "淘宝直播"]),
    ("钉钉（中国）信息技术有限公司", "330110", ["钉钉"]),
    ("优酷信息技术（北京）有限公司", "110105", ["优酷"]),
    ("高德软件有限公司", "110108", ["高德地图"]),
    ("上海拉扎斯信息科技有限公司", "310110", ["饿了么"]),
    ("支付宝（中国）网络技术有限公司", "310115", ["支付宝", "蚂蚁财富"]),
    ("深圳市腾讯计算机系统有限公司", "440305", ["微信", "QQ", "腾讯元宝", "腾讯视频"]),
    ("腾讯科技（深圳）有限公司", "440305", ["腾讯混元助手", "腾讯会议", "QQ音乐"]),
    ("北京搜狗科技发展有限公司", "110108", ["搜狗输入法"]),
    ("北京快手科技有限公司", "110108", ["快手", "快影", "可灵AI"]),
    ("北京达佳互联信息技术有限公司", "110108", ["快手极速版"]),
    ("北京三快在线科技有限公司", "110105", ["美团", "美团外卖", "美团开店宝"]),
    ("汉海信息技术（上海）有限公司", "310104", ["大众点评"]),
    ("科大讯飞股份有限公司", "340104", ["讯飞星火", "讯飞输入法", "讯飞配音", "讯飞同传"]),
    ("安徽听见科技有限公司", "340104", ["讯飞听见"]),
    ("上海商汤智能科技有限公司", "310104", ["商汤商量", "商汤秒画", "商汤如影"]),
    ("北京京东叁佰陆拾度电子商务有限公司", "110114", ["京东", "京东言犀"]),
    ("网易（杭州）网络有限公司", "330108", ["网易新闻", "网易邮箱"]),
    ("杭州网易云音乐科技有限公司", "330108", ["网易云音乐"]),
    ("北京网易有道计算机系统有限公司", "110108", ["有道翻译", "网易有道词典"]),
    ("小米科技有限责任公司", "110108", ["小爱同学", "小米商城"]),
    ("上海寻梦信息技术有限公司", "310104", ["拼多多"]),
    ("华为技术有限公司", "440305", ["华为小艺", "盘古大模型"]),
    ("华为云计算技术有限公司", "520115", ["华为云"]),
    ("北京智谱华章科技有限公司", "110108", ["智谱清言", "ChatGLM"]),
    ("北京月之暗面科技有限公司", "110108", ["Kimi智能助手"]),
    ("上海稀宇科技有限公司", "310104", ["海螺AI", "星野", "MiniMax开放平台"]),
    ("杭州深度求索人工智能基础技术研究有限公司", "330106", ["DeepSeek"]),
    ("上海哔哩哔哩科技有限公司", "310110", ["哔哩哔哩", "必剪"]),
    ("行吟信息科技（上海）有限公司", "310104", ["小红书"]),
    ("北京微梦创科网络技术有限公司", "110108", ["微博"]),
    ("北京小桔科技有限公司", "110108", ["滴滴出行"]),
    ("北京智者天下科技有限公司", "110108", ["知乎"]),
]
BANKS = [
    ("中国工商银行股份有限公司", "110102", ["工银融e联"]),
    ("招商银行股份有限公司", "440304", ["招商银行APP"]),
    ("中国建设银行股份有限公司", "110102", ["建行生活"]),
]

BRAND = [
    ("云", "Yun"),
    ("星", "Xing"),
    ("智", "Zhi"),
    ("海", "Hai"),
    ("博", "Bo"),
    ("华", "Hua"),
    ("睿", "Rui"),
    ("安", "An"),
    ("德", "De"),
    ("汇", "Hui"),
    ("联", "Lian"),
    ("信", "Xin"),
    ("达", "Da"),
    ("通", "Tong"),
    ("天", "Tian"),
    ("鼎", "Ding"),
    ("恒", "Heng"),
    ("瑞", "Rui"),
    ("极", "Ji"),
    ("光", "Guang"),
    ("维", "Wei"),
    ("锐", "Rui"),
    ("灵", "Ling"),
    ("思", "Si"),
    ("创", "Chuang"),
    ("易", "Yi"),
    ("源", "Yuan"),
    ("启", "Qi"),
    ("明", "Ming"),
    ("远", "Yuan"),
    ("航", "Hang"),
    ("晨", "Chen"),
    ("宇", "Yu"),
    ("泽", "Ze"),
    ("峰", "Feng"),
    ("川", "Chuan"),
    ("蓝", "Lan"),
    ("青", "Qing"),
    ("墨", "Mo"),
    ("象", "Xiang"),
    ("乐", "Le"),
    ("友", "You"),
    ("小", "Xiao"),
    ("趣", "Qu"),
    ("火", "Huo"),
    ("米", "Mi"),
    ("果", "Guo"),
    ("鲸", "Jing"),
    ("鹿", "Lu"),
    ("狐", "Hu"),
    ("熊", "Xiong"),
    ("猫", "Mao"),
    ("蜂", "Feng"),
    ("鸟", "Niao"),
    ("金", "Jin"),
    ("银", "Yin"),
    ("新", "Xin"),
    ("未", "Wei"),
    ("来", "Lai"),
    ("问", "Wen"),
]
BUSINESS = [
    "科技",
    "网络科技",
    "信息技术",
    "人工智能科技",
    "数字科技",
    "智能科技",
    "网络技术",
    "软件",
    "计算机技术",
    "教育科技",
    "医疗科技",
    "文化传媒",
    "信息科技",
    "互联网科技",
]
SUFFIXES = ["有限公司"] * 8 + ["股份有限公司", "有限责任公司"]
APP_SUFFIX = [
    "APP",
    "智能助手",
    "小程序",
    "AI",
    "云平台",
    "开放平台",
    "智能客服",
    "数字人平台",
    "写作助手",
    "相机",
    "视频",
    "翻译",
    "教育",
    "健康",
    "问答",
]
ROLES = ["服务提供者"] * 6 + ["服务技术支持者"] * 3 + ["服务提供者、服务技术支持者"]

# algorithm type -> purpose
DEEP_TYPES = {
    "图像生成": "应用于图像生成场景，根据用户输入的文本或图片生成图像",
    "文本生成": "应用于对话问答场景，根据用户输入的文本生成文本回复",
    "语音合成": "应用于语音合成场景，将用户输入的文本转换为语音",
    "人脸融合": "应用于图像特效场景，将用户上传的人脸图像与模板图像进行融合",
    "人脸替换": "应用于视频特效场景，对视频中的人脸进行替换",
    "数字人生成": "应用于数字人生成场景，根据用户上传的形象素材和文本生成数字人视频",
    "数字人播报": "应用于新闻播报场景，驱动虚拟数字人播报用户输入的文本",
    "视频生成": "应用于视频创作场景，根据用户输入的文本或图片生成视频",
    "智能对话": "应用于智能客服场景，根据用户提问生成文本回复",
    "虚拟形象生成": "应用于社交娱乐场景，根据用户照片生成虚拟形象",
    "图像编辑": "应用于图像处理场景，根据用户指令对图片进行编辑",
    "音乐生成": "应用于音乐创作场景，根据用户输入的描述生成音乐",
    "声音克隆": "应用于配音场景，根据用户提供的声音样本合成相似音色的语音",
    "代码生成": "应用于软件开发场景，根据用户输入的需求生成代码",
    "智能写作": "应用于文案创作场景，根据用户输入的主题生成文章",
}
# algorithm type -> (category, purpose)
RECO_TYPES = {
    "个性化推荐": ("个性化推送类", "应用于信息流推荐场景，根据用户浏览行为推荐其可能感兴趣的内容"),
    "检索过滤": ("检索过滤类", "应用于搜索场景，根据用户检索词过滤并返回相关结果"),
    "排序精选": ("排序精选类", "应用于内容精选场景，对候选内容进行排序并展示"),
    "调度决策": ("调度决策类", "应用于配送或出行场景，根据订单和运力情况进行智能调度"),
    "搜索排序": ("信息检索类", "应用于搜索场景，根据用户检索词对搜索结果进行排序"),
    "商品推荐": ("个性化推送类", "应用于电商场景，根据用户购买和浏览行为推荐商品"),
    "短视频推荐": (
        "个性化推送类",
        "应用于短视频推荐场景，根据用户浏览行为推荐其可能感兴趣的视频内容",
    ),
    "热搜榜单": ("排序精选类", "应用于热点榜单场景，根据内容热度生成榜单"),
    "评论过滤": ("内容过滤类", "应用于评论区场景，识别并过滤违法和不良信息"),
    "智能回复": ("生成合成类", "应用于客服场景，根据用户提问生成回复内容"),
}
# the category's two digits in a filing number (网信算备 + division + entity + these + year + seq)
CATEGORY_CODES = {name: code for code, name in ALGORITHM_CATEGORIES.items()} | {"信息检索类": "04"}
ON_DEVICE_SCENARIOS = ["苹果手机", "华为手机", "荣耀手机", "小米手机", "OPPO手机", "vivo手机"]
ON_DEVICE_ROWS = 7  # at scale 1, in the latest generative-AI batch
LATE_ENTRY = "补登"
LATE_ENTRY_SHARE = 0.02  # of the generative-AI rows, whose date carries （补登）
BANK_PURPOSE = "应用于数字人民币钱包的智能客服场景，根据用户提问生成文本回复"
GENAI_KINDS = ["大模型", "智能助手", "AI助手", "对话模型", "写作大模型", "多模态大模型"]

DEEP_BATCHES = [
    "2023-06",
    "2023-08",
    "2023-10",
    "2023-12",
    "2024-02",
    "2024-04",
    "2024-06",
    "2024-08",
    "2024-10",
    "2024-12",
    "2025-02",
    "2025-04",
    "2025-06",
    "2025-08",
    "2025-10",
    "2025-12",
    "2026-03",
    "2026-07",
]
ALGO_BATCHES = [
    "2022-08",
    "2023-01",
    "2023-06",
    "2023-09",
    "2024-01",
    "2024-04",
    "2024-08",
    "2024-12",
    "2025-04",
    "2025-08",
    "2025-12",
    "2026-04",
]
GENAI_BATCHES = ["2024-04", "2024-08", "2025-01", "2025-06", "2026-01", "2026-04"]
BASE_COUNTS = {"deep_synthesis": 7000, "genai_filed": 850, "genai_registered": 550,
               "algorithm": 6000, "cancellation": 30}  # fmt: skip


@dataclass(frozen=True)
class Company:
    """A filing entity: legal name, division code and products."""

    name: str
    division: str
    products: tuple[str, ...]
    brand: str
    pinyin: str


def _division(code: str) -> tuple[str, str, str, str, str]:
    found = [d for d in DIVISIONS if d[0] == code]
    return found[0] if found else (code, "贵州省", "贵阳市", "贵安新区", "Guizhou")


def _major_companies() -> list[Company]:
    companies = []
    for name, code, products in MAJOR + BANKS:
        companies.append(Company(name, code, tuple(products), products[0], "Major"))
    return companies


def _tail_company(rng: random.Random) -> Company:
    """A generated company such as 杭州云启智能科技有限公司 with products 云启APP, 云启AI."""
    division = rng.choice(DIVISIONS)
    (c1, p1), (c2, p2) = rng.sample(BRAND, 2)
    brand, pinyin = c1 + c2, p1 + p2.lower()
    name = CITY_PREFIX[division[2]] + brand + rng.choice(BUSINESS) + rng.choice(SUFFIXES)
    products = tuple(brand + suffix for suffix in rng.sample(APP_SUFFIX, rng.randint(1, 3)))
    return Company(name, division[0], products, brand, pinyin)


def make_companies(count: int, rng: random.Random) -> list[Company]:
    """The major groups plus `count` generated companies (unique names)."""
    companies, names = _major_companies(), set()
    while len(companies) < count:
        company = _tail_company(rng)
        if company.name not in names:
            names.add(company.name)
            companies.append(company)
    return companies


def _filing_no(rng: random.Random, division: str, year: int, category: str = "01") -> str:
    entity = "".join(rng.choice("0123456789") for _ in range(7))
    code = CATEGORY_CODES.get(category, "01")
    return f"网信算备{division}{entity}{code}{year % 100:02d}{rng.randint(1, 9999):04d}号"


def _pick_company(rng: random.Random, companies: list[Company]) -> Company:
    """Major groups file far more than the long tail."""
    majors = len(MAJOR) + len(BANKS)
    return companies[rng.randrange(majors)] if rng.random() < 0.12 else rng.choice(companies)


def _algo_kind(rng: random.Random, list_type: str) -> tuple[str, str, str]:
    """(type, role, category) of a deep-synthesis row (a role) or an algorithm row (a category)."""
    if list_type == "deep_synthesis":
        return rng.choice(list(DEEP_TYPES)), rng.choice(ROLES), ""
    kind = rng.choice(list(RECO_TYPES))
    return kind, "", RECO_TYPES[kind][0]


def _algo_row(rng: random.Random, company: Company, list_type: str, batch: str) -> dict[str, str]:
    """One deep-synthesis or algorithm-recommendation row."""
    kind, role, category = _algo_kind(rng, list_type)
    product = rng.choice(company.products)
    purpose = DEEP_TYPES[kind] if list_type == "deep_synthesis" else RECO_TYPES[kind][1]
    purpose = BANK_PURPOSE if company.name.endswith("银行股份有限公司") else purpose
    year = int(batch[:4]) - (1 if batch[5:] <= "02" else 0)
    return {
        "list_type": list_type,
        "batch": batch,
        "name": f"{product}{kind}算法",
        "role": role,
        "category": category,
        "company": company.name,
        "product": product,
        "purpose": purpose,
        "filing_no": _filing_no(rng, company.division, year, category or "生成合成类"),
        "division_code": company.division,
    }


def _genai_row(rng: random.Random, company: Company, list_type: str, batch: str) -> dict[str, str]:
    """One generative-AI row: model name, 属地 and a Province-Name-YYYYMMDD number."""
    division = _division(company.division)
    year, month = int(batch[:4]), int(batch[5:])
    date = f"{year - (month <= 3)}-{(month - 4) % 12 + 1:02d}-{rng.randint(1, 28):02d}"
    number = f"{division[4]}-{company.pinyin}{rng.choice(['', 'Chat', 'AI', 'GPT'])}-"
    number += date.replace("-", "")
    if list_type == "genai_registered":
        number += f"S{rng.randint(1, 9999):04d}"
    return {
        "list_type": list_type,
        "batch": batch,
        "name": company.brand + rng.choice(GENAI_KINDS),
        "company": company.name,
        "filing_no": number,
        "filing_date": date,
        "jurisdiction": division[1],
        "province": division[1],
        "filing_year": date[:4],
    }


def _rows_of(list_type: str, count: int, rng: random.Random, companies: list[Company]):
    batches = {"deep_synthesis": DEEP_BATCHES, "algorithm": ALGO_BATCHES}.get(
        list_type, GENAI_BATCHES
    )
    make = _genai_row if list_type.startswith("genai") else _algo_row
    for i in range(count):
        batch = batches[min(len(batches) - 1, int(len(batches) * (i / count) ** 0.8))]
        yield make(rng, _pick_company(rng, companies), list_type, batch)


def _derive(row: dict[str, str]) -> dict[str, str]:
    """Fill province/city/district/filing_year from the division code, as the dataset does."""
    if code := row.get("division_code"):
        _, province, city, district, _ = _division(code)
        digits = row["filing_no"][4:-1]
        row.update(
            province=province, city=city, district=district, filing_year="20" + digits[-6:-4]
        )
        row["filing_category"] = ALGORITHM_CATEGORIES[digits[-8:-6]]
    row.setdefault("status", "active")
    row.setdefault("first_seen", row["batch"])
    row["company_key"] = row["company"]
    return row


def _late_entries(rows: list[dict[str, str]], rng: random.Random) -> None:
    """Mark LATE_ENTRY_SHARE of the generative-AI rows (at least one) as entered late (补登)."""
    genai = [row for row in rows if row["list_type"].startswith("genai")]
    for row in rng.sample(genai, max(1, round(LATE_ENTRY_SHARE * len(genai)))):
        row["filing_date_note"] = LATE_ENTRY


def _on_device(rows: list[dict[str, str]], count: int, rng: random.Random) -> None:
    """Give `count` filed generative-AI rows of the latest batch an on-device scenario."""
    newest = ("genai_filed", GENAI_BATCHES[-1])
    latest = [row for row in rows if (row["list_type"], row["batch"]) == newest]
    for row in rng.sample(latest, min(count, len(latest))):
        row["scenario"] = rng.choice(ON_DEVICE_SCENARIOS)


def _cancel(rows: list[dict[str, str]], count: int, rng: random.Random) -> Iterator[dict[str, str]]:
    """Cancellation rows for `count` algorithm filings, which become status cancelled.

    A cancellation list's 角色 column holds the role of a deep-synthesis filing and the category
    of an algorithm one (as the real lists mix them); its 注销时间 is the notice's month.
    """
    targets = rng.sample([r for r in rows if r["filing_no"].startswith("网信算备")], count)
    for seq, target in enumerate(targets, 1):
        batch = rng.choice(["2026-03", "2026-05", "2026-07"])
        target.update(status="cancelled", cancelled_by=batch, cancelled_on=f"{batch}-15")
        keep = ("name", "role", "category", "company", "product", "filing_no", "division_code")
        yield (
            {"list_type": "cancellation", "batch": batch, "seq": str(seq)}
            | {key: target[key] for key in keep}
            | {"cancel_month": batch}
        )


def _sequence(rows: list[dict[str, str]]) -> None:
    """序号 and source_locator per (list type, batch), as the parsers number them."""
    counters: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["list_type"], row["batch"])
        counters[key] = counters.get(key, 0) + 1
        row.setdefault("seq", str(counters[key]))
        sha = f"{zlib.crc32('/'.join(key).encode()):08x}"
        row["attachment_sha256"] = row.get("attachment_sha256") or f"{sha * 8}"
        row["source_locator"] = f"table 1 row {counters[key] + 1}"


def make_table(scale: float = 1.0, seed: int = 2026, derived: bool = True) -> pd.DataFrame:
    """About 15,000 * `scale` rows with every TABLE_COLUMN (or only COLUMNS), all str."""
    rng = random.Random(seed)
    counts = {kind: max(1, round(n * scale)) for kind, n in BASE_COUNTS.items()}
    companies = make_companies(int(5000 * scale**0.7), rng)
    rows = []
    for list_type in ("deep_synthesis", "genai_filed", "genai_registered", "algorithm"):
        rows.extend(_rows_of(list_type, counts[list_type], rng, companies))
    rows = [_derive(row) for row in rows]
    _on_device(rows, max(1, round(ON_DEVICE_ROWS * scale)), rng)
    _late_entries(rows, rng)
    rows.extend(_derive(row) for row in list(_cancel(rows, counts["cancellation"], rng)))
    _sequence(rows)
    frame = pd.DataFrame(rows, dtype=object).reindex(columns=list(TABLE_COLUMNS), fill_value="")
    frame = frame.fillna("")
    frame = frame.astype(str)
    return frame if derived else frame[list(COLUMNS)]


def new_batch(table: pd.DataFrame, rows: int = 500, seed: int = 7) -> pd.DataFrame:
    """A further deep-synthesis batch (2026-09) of `rows` filings, for the incremental update."""
    rng = random.Random(seed)
    companies = make_companies(300, rng)
    batch = [
        _derive(_algo_row(rng, rng.choice(companies), "deep_synthesis", "2026-09"))
        for _ in range(rows)
    ]
    _sequence(batch)
    frame = pd.DataFrame(batch, dtype=object).reindex(columns=list(table.columns), fill_value="")
    frame = frame.fillna("")
    return frame.astype(str)
