"""Reading families, batches and dates out of notice titles and link texts."""

import pytest

from crawler.notices import (
    batch_month,
    batch_number,
    chinese_number,
    classify_notice,
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
        ("没有总数", None),
    ],
)
def test_stated_total(text: str, total: int | None) -> None:
    assert stated_total(text) == total
