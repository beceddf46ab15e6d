"""Words the query language understands besides the data: provinces, list types, statuses."""

from typing import Final

# Pinyin (as in generative-AI filing numbers) and English names -> the province's short name,
# which is part of both 北京 and 北京市.
PROVINCE_NAMES: Final = {
    "beijing": "北京", "tianjin": "天津", "hebei": "河北", "shanxi": "山西",
    "neimenggu": "内蒙古", "inner mongolia": "内蒙古", "liaoning": "辽宁", "jilin": "吉林",
    "heilongjiang": "黑龙江", "shanghai": "上海", "jiangsu": "江苏", "zhejiang": "浙江",
    "anhui": "安徽", "fujian": "福建", "jiangxi": "江西", "shandong": "山东", "henan": "河南",
    "hubei": "湖北", "hunan": "湖南", "guangdong": "广东", "guangxi": "广西", "hainan": "海南",
    "chongqing": "重庆", "sichuan": "四川", "guizhou": "贵州", "yunnan": "云南",
    "xizang": "西藏", "tibet": "西藏", "shaanxi": "陕西", "gansu": "甘肃", "qinghai": "青海",
    "ningxia": "宁夏", "xinjiang": "新疆",
}  # fmt: skip

# Chinese names of the list types; a value maps to list types by prefix (genai -> both).
LIST_TYPE_NAMES: Final = {
    "深度合成": "deep_synthesis",
    "生成式人工智能": "genai",
    "生成式": "genai",
    "已备案": "genai_filed",
    "已登记": "genai_registered",
    "算法推荐": "algorithm",
    "算法": "algorithm",
    "注销": "cancellation",
}

STATUS_NAMES: Final = {
    "active": "active",
    "valid": "active",
    "有效": "active",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "注销": "cancelled",
    "已注销": "cancelled",
}
