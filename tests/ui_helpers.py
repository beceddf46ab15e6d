"""A small literal filings table for the UI tests, enriched and indexed into a data directory.

Eleven rows over four batches and every list type: two spellings of one company (OPPO / Oppo,
one company_key), a filing of it cancelled by the 2025-01 notice, three 字节跳动 filings, a
company with a deep-synthesis and a generative-AI filing (百度, registered late: 补登), an
on-device service with its scenario (Apple智能, 苹果手机), algorithm-recommendation rows with
their category (算法类别) and no role, and a 上海 newcomer in the latest batch.
"""

from pathlib import Path
from typing import Final

import pandas as pd

from crawler.constants import COLUMNS
from crawler.dataset import enrich
from crawler.paths import data_paths
from index.build import build_index

BYTEDANCE: Final = "北京字节跳动科技有限公司"
BAIDU: Final = "北京百度网讯科技有限公司"
OPPO: Final = "OPPO广东移动通信有限公司"
OPPO_VARIANT: Final = "Oppo广东移动通信有限公司"
PDD: Final = "上海寻梦信息技术有限公司"
APPLE: Final = "苹果技术开发（上海）有限公司"
CANCELLED_NO: Final = "网信算备441900111111101240021号"
DOWNLOAD: Final = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath="
NOTICES: Final = {
    "2022-08": "https://www.cac.gov.cn/2022-08/12/c_1661927474338504.htm",
    "2023-06": "https://www.cac.gov.cn/2023-06/20/c_1688910683316256.htm",
    "2024-04": "https://www.cac.gov.cn/2024-04/11/c_1714509267496697.htm",
    "2025-01": "https://www.cac.gov.cn/2025-01/10/c_1738000000000000.htm",
}
UI_ROWS: Final = [
    {
        "list_type": "algorithm",
        "batch": "2022-08",
        "seq": "1",
        "name": "抖音个性化推荐算法",
        "category": "个性化推送类",
        "company": "北京微播视界科技有限公司",
        "product": "抖音",
        "purpose": "推荐视频",
        "filing_no": "网信算备110108123456701220007号",
    },
    {
        "list_type": "algorithm",
        "batch": "2022-08",
        "seq": "2",
        "name": "OPPO软件商店推荐算法",
        "category": "排序精选类",
        "company": OPPO,
        "product": "OPPO软件商店",
        "purpose": "推荐应用",
        "filing_no": "网信算备441900111111101220003号",
    },
    {
        "list_type": "deep_synthesis",
        "batch": "2023-06",
        "seq": "1",
        "name": "人脸融合算法",
        "role": "服务提供者",
        "company": BYTEDANCE,
        "product": "抖音",
        "purpose": "用于视频特效中的人脸替换",
        "filing_no": "网信算备110108823483901230031号",
    },
    {
        "list_type": "deep_synthesis",
        "batch": "2023-06",
        "seq": "2",
        "name": "语音合成算法",
        "role": "服务技术支持者",
        "company": BAIDU,
        "product": "百度APP",
        "purpose": "根据文本生成语音",
        "filing_no": "网信算备110108000000101230002号",
    },
    {
        "list_type": "deep_synthesis",
        "batch": "2024-04",
        "seq": "1",
        "name": "剪映虚拟形象生成算法",
        "role": "服务提供者",
        "company": BYTEDANCE,
        "product": "剪映",
        "purpose": "根据用户照片生成虚拟形象",
        "filing_no": "网信算备110108823483901240015号",
    },
    {
        "list_type": "deep_synthesis",
        "batch": "2024-04",
        "seq": "2",
        "name": "小布助手语音合成算法",
        "role": "服务提供者、服务技术支持者",
        "company": OPPO_VARIANT,
        "product": "小布助手",
        "purpose": "语音合成",
        "filing_no": CANCELLED_NO,
    },
    {
        "list_type": "genai_filed",
        "batch": "2024-04",
        "seq": "1",
        "name": "云雀大模型",
        "company": BYTEDANCE,
        "filing_no": "Beijing-YunQue-20230829",
        "filing_date": "2023-08-29",
        "jurisdiction": "北京",
    },
    {
        "list_type": "genai_registered",
        "batch": "2024-04",
        "seq": "1",
        "name": "文心一言 ERNIE Bot",
        "company": BAIDU,
        "filing_no": "Beijing-WenXin-20230831S0001",
        "filing_date": "2023-08-31",
        "filing_date_note": "补登",
        "jurisdiction": "北京",
    },
    {
        "list_type": "genai_filed",
        "batch": "2024-04",
        "seq": "2",
        "name": "Apple智能",
        "company": APPLE,
        "scenario": "苹果手机",
        "filing_no": "Shanghai-AppleZhiNeng-20240301",
        "filing_date": "2024-03-01",
        "jurisdiction": "上海",
    },
    {
        "list_type": "algorithm",
        "batch": "2025-01",
        "seq": "1",
        "name": "拼多多商品推荐算法",
        "category": "个性化推送类",
        "company": PDD,
        "product": "拼多多",
        "purpose": "向用户推荐商品",
        "filing_no": "网信算备310115222222201250001号",
    },
    {
        "list_type": "cancellation",
        "batch": "2025-01",
        "seq": "1",
        "name": "小布助手语音合成算法",
        "company": OPPO,
        "filing_no": CANCELLED_NO,
    },
]


def with_provenance(row: dict[str, str]) -> dict[str, str]:
    """The row with its notice and attachment URLs and its place in the attachment."""
    notice = NOTICES[row["batch"]]
    attachment = notice if row["list_type"] == "cancellation" else f"{DOWNLOAD}{row['batch']}"
    locator = f"table 1 row {int(row['seq']) + 1}"
    return {"notice_url": notice, "attachment_url": attachment, "source_locator": locator} | row


def ui_table() -> pd.DataFrame:
    """UI_ROWS as the table step writes them: every TABLE_COLUMN, enriched."""
    rows = [with_provenance(row) for row in UI_ROWS]
    raw = pd.DataFrame([[row.get(c, "") for c in COLUMNS] for row in rows], columns=list(COLUMNS))
    return enrich(raw)


def build_ui_index(root: Path, table: pd.DataFrame | None = None) -> Path:
    """Index `table` (default: ui_table()) under the data root `root`; returns the index dir."""
    ix_dir = data_paths(root).index
    build_index(ui_table() if table is None else table, ix_dir)
    return ix_dir


EVIL_IMAGE: Final = "![x](http://evil.example/x.png)"
EVIL_LINK: Final = "[点我](javascript:alert(1)) www.evil.example <img src=x>"
HOSTILE_ROWS: Final = [
    {
        "list_type": "deep_synthesis",
        "batch": "2025-01",
        "seq": "1",
        "name": "恶意图片算法",
        "role": "服务提供者",
        "company": EVIL_IMAGE,
        "product": "evil",
        "filing_no": "网信算备110108999999901250001号",
    },
    {
        "list_type": "deep_synthesis",
        "batch": "2025-01",
        "seq": "2",
        "name": "恶意链接算法",
        "role": "服务提供者",
        "company": EVIL_LINK,
        "product": "evil",
        "filing_no": "网信算备110108999999901250002号",
    },
]


def hostile_table() -> pd.DataFrame:
    """ui_table() and two rows whose companies are Markdown images, links and HTML."""
    rows = [with_provenance(row) for row in HOSTILE_ROWS]
    raw = pd.DataFrame([[row.get(c, "") for c in COLUMNS] for row in rows], columns=list(COLUMNS))
    return pd.concat([ui_table(), enrich(raw)], ignore_index=True)
