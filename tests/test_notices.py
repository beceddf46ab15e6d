"""Reading families, batches and dates out of notice titles and link texts."""

import pytest

from crawler.notices import (
    annual_totals,
    batch_month,
    batch_number,
    chinese_number,
    classify_notice,
    cutoff_date,
    notice_kind,
    parse_date,
    stated_total,
)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("国家互联网信息办公室关于发布第十八批深度合成服务算法备案信息的公告", "deep_synthesis"),
        ("境内深度合成服务算法备案清单（2024年4月）", "deep_synthesis"),
        ("生成式人工智能服务已备案信息（截至2025年12月）", "genai"),
        ("境内互联网信息服务算法备案清单（2024年2月）", "algorithm"),
        ("关于注销抖音推荐算法等5个算法备案编号的公告", "cancellation"),
        ("关于注销“仲帆PreWrite算法”等28个算法备案编号的公告", "cancellation"),
        ("关于注销“智能客服对话生成算法”等算法备案编号的公告", "cancellation"),
        ("关于发布7款提供手机端侧生成式人工智能服务已备案信息的公告", "genai"),
        ("关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）", "genai"),
        ("国家网信办部署开展“清朗”系列专项行动", None),
        ("", None),
    ],
)
def test_classify_notice(text: str, family: str | None) -> None:
    assert classify_notice(text) == family


@pytest.mark.parametrize(
    ("text", "published", "batch"),
    [
        ("境内深度合成服务算法备案清单（2024年4月）", "2024-05-01", "2024-04"),
        ("生成式人工智能服务已备案信息（截至2025年12月）", "2024-04-02", "2025-12"),
        ("关于注销等5个算法备案编号的公告", "2026-05-06", "2026-05"),
        ("清单", "", ""),
        ("关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）", "", "2025-08"),
        ("生成式人工智能服务已备案和已登记信息（2025年12月至2026年2月）", "", "2026-02"),
        ("附件7：生成式人工智能服务已备案和已登记信息（2025年8月）", "2024-04-02", "2025-08"),
    ],
)
def test_batch_month(text: str, published: str, batch: str) -> None:
    assert batch_month(text, published) == batch


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十八", 18), ("二十三", 23), ("12", 12)],
)
def test_chinese_number(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


def test_batch_number_from_title() -> None:
    assert batch_number("第十八批深度合成服务算法备案信息") == 18
    assert batch_number("深度合成服务算法备案信息") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年06月20日 16:45", "2023-06-20"),
        ("2023-6-2", "2023-06-02"),
        ("/2026-07/17/c_1786032856662750.htm", "2026-07-17"),
        ("no date", ""),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("现公开发布境内深度合成服务算法备案信息，共12个，具体信息可通过系统查询。", 12),
        ("第十八批深度合成服务算法备案信息，共 二十 个", 20),
        ("经备案主体申请，注销以下5个算法的备案编号。关于注销…等5个算法备案编号的公告", 5),
        ("经备案主体申请，注销以下5个算法的备案编号，现予公告。", 5),
        ("关于发布7款提供手机端侧生成式人工智能服务已备案信息的公告", 7),
        ("关于注销“智能客服对话生成算法”等算法备案编号的公告", None),
        ("没有总数", None),
    ],
)
def test_stated_total(text: str, total: int | None) -> None:
    assert stated_total(text) == total


@pytest.mark.parametrize(
    ("text", "totals"),
    [
        (
            "截至2025年12月31日，累计有748款生成式人工智能服务完成备案，"
            "435款生成式人工智能应用或功能完成登记。",
            {"genai_filed": 748, "genai_registered": 435, "as_of": "2025-12-31"},
        ),
        (
            "截至2024年12月31日，全国共有302款生成式人工智能服务在国家网信办完成备案，"
            "105款生成式人工智能应用或功能在地方网信办完成登记。",
            {"genai_filed": 302, "genai_registered": 105, "as_of": "2024-12-31"},
        ),
        (
            "截至2026年8月，已有1,112款生成式人工智能服务完成备案",
            {"genai_filed": 1112, "genai_registered": None, "as_of": "2026-08-31"},
        ),
        ("现将已备案信息公告如下。", {"genai_filed": None, "genai_registered": None, "as_of": ""}),
    ],
)
def test_annual_totals(text: str, totals: dict) -> None:
    assert annual_totals(text) == totals


@pytest.mark.parametrize(
    ("text", "iso"),
    [("截至2026年2月28日", "2026-02-28"), ("截至 2024 年 2 月", "2024-02-29"), ("2025年", "")],
)
def test_cutoff_date(text: str, iso: str) -> None:
    assert cutoff_date(text) == iso


@pytest.mark.parametrize(
    ("title", "url", "kind"),
    [
        (
            "国家互联网信息办公室关于发布2025年生成式人工智能服务已备案信息的公告",
            "https://www.cac.gov.cn/2026-01/20/c_1.htm",
            "annual",
        ),
        ("公告", "https://www.cac.gov.cn/2025-01/08/c_1738034725920930.htm", "annual"),
        (
            "关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）",
            "https://www.cac.gov.cn/2025-09/10/c_1759222982377536.htm",
            "list",
        ),
        (
            "生成式人工智能服务已备案信息公告",
            "https://www.cac.gov.cn/2024-04/02/c_1713729983803145.htm",
            "list",
        ),
    ],
)
def test_notice_kind(title: str, url: str, kind: str) -> None:
    assert notice_kind(title, url) == kind
