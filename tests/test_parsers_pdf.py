"""Generative-AI PDF parser: sections, repeated headers, a row split by a page break."""

import io

import pdfplumber
import pytest

from crawler.constants import DOCUMENT_COLUMNS
from crawler.parsers import (
    CAC_TABLE_SETTINGS,
    NotADocumentError,
    parse_document,
    parse_pdf_list,
)
from replica.documents import build_genai_pdf

PROVINCES = {"北京": "Beijing", "上海": "Shanghai", "广东": "Guangdong", "浙江": "Zhejiang"}


def genai_row(n: int, kind: str, **raw: str) -> dict:
    province = list(PROVINCES)[n % 4]
    row = {
        "seq": n,
        "jurisdiction": province,
        "name": f"{kind}模型{n}",
        "company": f"{province}星河智能科技有限公司",
        "filing_no": f"{PROVINCES[province]}-XingHe{n}-202308{n % 28 + 1:02d}",
        "filing_date": f"2023-08-{n % 28 + 1:02d}",
    }
    return {**row, "raw": raw} if raw else row


FILED = [genai_row(n, "备案") for n in range(1, 46)]
FILED[0] = {
    **FILED[0],
    "name": "AI Painter",
    "raw": {"name": "AI\nPainter", "filing_date": "2023年8月2日"},
}
FILED[17] = {
    **FILED[17],
    "name": "云雀大模型",
    "company": "北京字节跳动科技有限公司",
    "filing_no": "Beijing-YunQue-20230821",
    "raw": {"company": "北京字节跳动科\n技有限公司"},
}
FILED[44] = {
    **FILED[44],
    "raw": {"filing_no": "Ｇｕａｎｇｄｏｎｇ－ＸｉｎｇＨｅ４５－２０２３０８１８"},
}
REGISTERED = [genai_row(n, "登记") for n in range(1, 26)]
REGISTERED[8] = {**REGISTERED[8], "raw": {"seq": ""}}


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return build_genai_pdf(FILED, REGISTERED, heading="生成式人工智能服务备案信息")


@pytest.fixture(scope="module")
def frame(pdf_bytes: bytes):
    return parse_pdf_list(pdf_bytes, source="genai.pdf")


def test_settings_follow_ruled_lines() -> None:
    assert CAC_TABLE_SETTINGS["vertical_strategy"] == "lines"
    assert CAC_TABLE_SETTINGS["horizontal_strategy"] == "lines"


def test_document_spans_at_least_three_pages(pdf_bytes: bytes) -> None:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) >= 3


def test_both_sections_with_exact_counts(frame) -> None:
    assert list(frame.columns) == [*DOCUMENT_COLUMNS, "source_locator"]
    assert frame["list_type"].value_counts().to_dict() == {
        "genai_filed": 45,
        "genai_registered": 25,
    }
    filed = frame[frame["list_type"] == "genai_filed"]
    assert filed["seq"].tolist() == [str(n) for n in range(1, 46)]
    assert not frame["name"].isin(["模型名称"]).any()


def test_first_row(frame) -> None:
    assert frame.iloc[0].to_dict() == {
        "list_type": "genai_filed",
        "batch": "",
        "seq": "1",
        "name": "AI Painter",
        "role": "",
        "company": "上海星河智能科技有限公司",
        "product": "",
        "purpose": "",
        "filing_no": "Shanghai-XingHe1-20230802",
        "filing_date": "2023-08-02",
        "jurisdiction": "上海",
        "remarks": "",
        "source_locator": "page 1 row 2",
    }


def test_last_rows_of_each_section(frame) -> None:
    last_filed = frame[frame["list_type"] == "genai_filed"].iloc[-1]
    assert last_filed["filing_no"] == "Guangdong-XingHe45-20230818"
    assert frame.iloc[-1].to_dict() == {
        "list_type": "genai_registered",
        "batch": "",
        "seq": "25",
        "name": "登记模型25",
        "role": "",
        "company": "上海星河智能科技有限公司",
        "product": "",
        "purpose": "",
        "filing_no": "Shanghai-XingHe25-20230826",
        "filing_date": "2023-08-26",
        "jurisdiction": "上海",
        "remarks": "",
        "source_locator": "page 4 row 18",
    }


def test_row_split_across_pages_comes_back_whole(frame, pdf_bytes: bytes) -> None:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        top_of_page_2 = pdf.pages[1].extract_tables()[0][1]
    assert top_of_page_2[0] == ""
    split = frame.iloc[17]
    assert split[
        ["seq", "jurisdiction", "name", "company", "filing_no", "filing_date"]
    ].tolist() == [
        "18",
        "广东",
        "云雀大模型",
        "北京字节跳动科技有限公司",
        "Beijing-YunQue-20230821",
        "2023-08-19",
    ]
    assert split["source_locator"] == "page 1 row 19"
    assert frame.iloc[18]["seq"] == "19"


def test_blank_seq_at_top_of_page_with_own_filing_no_is_a_row(frame) -> None:
    registered = frame[frame["list_type"] == "genai_registered"]
    ninth = registered.iloc[8]
    assert ninth["source_locator"] == "page 4 row 2"
    assert ninth[["seq", "name", "filing_no"]].tolist() == [
        "9",
        "登记模型9",
        "Shanghai-XingHe9-20230810",
    ]
    assert len(registered) == 25


def test_filing_numbers_unique_and_companies_filled(frame) -> None:
    assert frame["company"].ne("").all()
    assert frame.groupby("list_type")["filing_no"].nunique().to_dict() == {
        "genai_filed": 45,
        "genai_registered": 25,
    }


def test_parse_document_keeps_section_list_types(pdf_bytes: bytes) -> None:
    frame = parse_document(pdf_bytes, source="genai.pdf", list_type="deep_synthesis")
    assert set(frame["list_type"]) == {"genai_filed", "genai_registered"}


def test_corrupt_pdf() -> None:
    corrupt = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n"
    with pytest.raises(NotADocumentError, match=r"^broken\.pdf is truncated or corrupt"):
        parse_pdf_list(corrupt, source="broken.pdf")


def test_truncated_pdf(pdf_bytes: bytes) -> None:
    with pytest.raises(NotADocumentError, match=r"^half\.pdf is truncated or corrupt"):
        parse_pdf_list(pdf_bytes[: len(pdf_bytes) // 2], source="half.pdf")
