"""Cell normalisation: line joins, filing numbers and dates."""

import pytest

from crawler.parsers.normalize import (
    clean_cell,
    clean_filing_no,
    clean_seq,
    split_date_note,
    to_iso_date,
    to_year_month,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("服务技术支\n持者", "服务技术支持者"),
        ("AI\nPainter", "AI Painter"),
        ("  北京字节跳动科 \r\n 技有限公司  ", "北京字节跳动科技有限公司"),
        ("Co.,\nLtd.", "Co., Ltd."),
        ("Beijing-\nYunQue-\n20230821", "Beijing-YunQue-20230821"),
        ("智能\nAI", "智能AI"),
        ("AI\n助手", "AI助手"),
        ("芒果TV\n（网站、APP）", "芒果TV（网站、APP）"),
        ("Louis\nVuitton(APP)", "Louis Vuitton(APP)"),
        ("宠胖胖(\nAPP)", "宠胖胖(APP)"),
        ("ＡＩ\nＰａｉｎｔｅｒ", "ＡＩ Ｐａｉｎｔｅｒ"),
        ("2023年12月新增\n算法使用产品", "2023年12月新增算法使用产品"),
        ("a   b\t\tc", "a b c"),
        ("文心一格（网站）", "文心一格（网站）"),
        ("\n\n", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_clean_cell(raw: object, expected: str) -> None:
    assert clean_cell(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("网信算备１１０１０８８２３４８３９０１２３００３１号", "网信算备110108823483901230031号"),
        ("网信算备 110108\n823483901230031 号", "网信算备110108823483901230031号"),
        ("Ｂｅｉｊｉｎｇ－ＹｕｎＱｕｅ－２０２３０８２１", "Beijing-YunQue-20230821"),
        ("", ""),
    ],
)
def test_clean_filing_no(raw: str, expected: str) -> None:
    assert clean_filing_no(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023年8月21日", "2023-08-21"),
        ("2023-8-21", "2023-08-21"),
        ("2023/08/21", "2023-08-21"),
        ("20230821", "2023-08-21"),
        ("2023.08.21", "2023-08-21"),
        ("２０２３年８月２１日", "2023-08-21"),
        ("2023-08-\n21", "2023-08-21"),
        ("2023-08-21 00:00:00", "2023-08-21"),
        ("2023-02-30", "2023-02-30"),
        (" 待定 ", "待定"),
        ("", ""),
    ],
)
def test_to_iso_date(raw: str, expected: str) -> None:
    assert to_iso_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", "1"),
        ("０１", "1"),
        (" 12 ", "12"),
        ("3.", "3"),
        ("", ""),
        ("序号", "序号"),
        ("1-2", "1-2"),
    ],
)
def test_clean_seq_keeps_blank_and_folds_integers(raw: str, expected: str) -> None:
    assert clean_seq(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023/8/31", ("2023-08-31", "")),
        ("2026/5/1（补登）", ("2026-05-01", "补登")),
        ("2025/6/30 (补登)", ("2025-06-30", "补登")),
        ("2026/4/16\n（补登）", ("2026-04-16", "补登")),
        ("2023-08-21 00:00:00", ("2023-08-21", "")),
        ("2023/2/30（补登）", ("2023/2/30（补登）", "")),
        ("待定", ("待定", "")),
        ("", ("", "")),
    ],
)
def test_split_date_note(raw: str, expected: tuple[str, str]) -> None:
    assert split_date_note(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025年7月", "2025-07"),
        ("2026年 1 月", "2026-01"),
        ("２０２５年９月", "2025-09"),
        ("2025-07", "2025-07"),
        ("2025年13月", "2025年13月"),
        ("七月", "七月"),
        ("", ""),
    ],
)
def test_to_year_month(raw: str, expected: str) -> None:
    assert to_year_month(raw) == expected
