"""English glosses of the published Chinese values the English UI shows beside them.

The data stays as published; the English page shows `北京市 · Beijing`, `深度合成 · deep synthesis`.
Provinces are named by their full name (the `province` column) and by the short name a list's
属地 column prints (北京, 广东); 国资委 is the jurisdiction of the central state-owned enterprises.
"""

import re
from typing import Final

SEPARATOR: Final = " · "

PROVINCES: Final = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia", "辽宁省": "Liaoning", "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang", "上海市": "Shanghai", "江苏省": "Jiangsu", "浙江省": "Zhejiang",
    "安徽省": "Anhui", "福建省": "Fujian", "江西省": "Jiangxi", "山东省": "Shandong",
    "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan", "广东省": "Guangdong",
    "广西壮族自治区": "Guangxi", "海南省": "Hainan", "重庆市": "Chongqing", "四川省": "Sichuan",
    "贵州省": "Guizhou", "云南省": "Yunnan", "西藏自治区": "Tibet (Xizang)", "陕西省": "Shaanxi",
    "甘肃省": "Gansu", "青海省": "Qinghai", "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang", "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macau",
    "台湾省": "Taiwan",
}  # fmt: skip
SUFFIX: Final = re.compile(r"((壮族|回族|维吾尔)?自治区|特别行政区|省|市)$")
JURISDICTIONS: Final = {"国资委": "central SOEs (SASAC)"}

LIST_TYPES: Final = {
    "deep_synthesis": ("深度合成", "deep synthesis"),
    "genai_filed": ("生成式AI（已备案）", "generative AI, filed"),
    "genai_registered": ("生成式AI（已登记）", "generative AI, registered"),
    "algorithm": ("算法推荐", "recommendation algorithm"),
    "cancellation": ("注销公告", "cancellation notice"),
}
ROLES: Final = {
    "服务提供者": "provider",
    "服务技术支持者": "technical supporter",
    "服务提供者、服务技术支持者": "provider and technical supporter",
}
CATEGORIES: Final = {
    "个性化推送类": "personalised push",
    "检索过滤类": "search filtering",
    "排序精选类": "ranking and selection",
    "调度决策类": "scheduling and decisions",
    "生成合成类": "generation and synthesis",
    "信息检索类": "information retrieval",
    "内容过滤类": "content filtering",
}


def glossed(chinese: str, english: str) -> str:
    """The Chinese value with its English gloss beside it: 北京市 · Beijing."""
    return f"{chinese}{SEPARATOR}{english}"


def glosses(names: dict[str, str]) -> dict[str, str]:
    """Each Chinese value -> the value with its gloss."""
    return {chinese: glossed(chinese, english) for chinese, english in names.items()}


def province_glosses() -> dict[str, str]:
    """Every province by its full and its short name, and 国资委, glossed."""
    short = {SUFFIX.sub("", full): english for full, english in PROVINCES.items()}
    return glosses(PROVINCES | short | JURISDICTIONS)


def list_type_glosses() -> dict[str, str]:
    """Each list type's code -> its Chinese name with the English beside it."""
    return {code: glossed(chinese, english) for code, (chinese, english) in LIST_TYPES.items()}
