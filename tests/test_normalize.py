"""Cell normalisation: line joins, filing numbers and dates."""

import pytest

from crawler.parsers.normalize import clean_cell, clean_filing_no, to_iso_date


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
