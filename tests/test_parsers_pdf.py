"""PDF list parser: titled tables, headers not repeated, rows split by page breaks, types."""

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
from replica.documents import (
    GENAI_FILED_HEADERS,
    GENAI_REGISTERED_HEADERS,
    PdfSection,
    build_genai_pdf,
)

PROVINCES = {"北京市": "Beijing", "上海市": "Shanghai", "广东省": "Guangdong", "浙江省": "ZheJiang"}
SPLIT_COMPANY = "北\n京\n字\n节\n跳\n动\n科\n技\n有\n限\n公\n司"
TITLE = "生成式人工智能服务已备案和已登记信息（2025年8月）"
FILED_TITLE = "一、已备案的生成式人工智能服务"
REGISTERED_TITLE = "二、已登记的生成式人工智能应用或功能"


def genai_row(n: int, kind: str, **raw: str) -> dict:
    province = list(PROVINCES)[n % 4]
    day = n % 28 + 1
    suffix = f"202508{day:02d}S{n:04d}" if kind == "登记" else f"202508{day:02d}{n:04d}"
    row = {
        "seq": str(n),
        "jurisdiction": province,
        "name": f"{kind}模型{n}",
        "company": f"{province}星河智能科技有限公司",
        "filing_no": f"{PROVINCES[province]}-XingHe{n}-{suffix}",
        "filing_date": f"2025/8/{day}",
    }
    return {**row, "raw": raw} if raw else row


FILED = [genai_row(n, "备案") for n in range(1, 81)]
FILED[0] = {**FILED[0], "name": "AI Painter", "raw": {"name": "AI\nPainter"}}
FILED[17] = {
    **FILED[17],
    "name": "云雀大模型",
    "company": "北京字节跳动科技有限公司",
    "raw": {"company": SPLIT_COMPANY},
}
FILED[44] = {
    **FILED[44],
    "raw": {"filing_no": "Ｇｕａｎｇｄｏｎｇ－ＸｉｎｇＨｅ４５－２０２５０８１８００４５"},
}
FILED[60] = {**FILED[60], "filing_date": "2026/5/1（补登）"}
REGISTERED = [genai_row(n, "登记") for n in range(1, 31)]
REGISTERED[8] = {**REGISTERED[8], "raw": {"seq": ""}}


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return build_genai_pdf(
        [
            PdfSection(FILED_TITLE, GENAI_FILED_HEADERS, FILED),
            PdfSection(REGISTERED_TITLE, GENAI_REGISTERED_HEADERS, REGISTERED),
        ],
        title=TITLE,
    )


@pytest.fixture(scope="module")
def frame(pdf_bytes: bytes):
    return parse_pdf_list(pdf_bytes, source="genai.pdf")


def test_settings_follow_ruled_lines() -> None:
    assert CAC_TABLE_SETTINGS["vertical_strategy"] == "lines"
    assert CAC_TABLE_SETTINGS["horizontal_strategy"] == "lines"


def test_document_spans_three_pages_without_repeated_headers(pdf_bytes: bytes) -> None:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        tops = [page.extract_tables()[0][0][2] for page in pdf.pages]
    assert len(tops) == 3
    assert tops[0] == "大模型名称"
    assert "大模型名称" not in tops[1:]


def test_both_sections_with_exact_counts(frame) -> None:
    assert list(frame.columns) == [*DOCUMENT_COLUMNS, "source_locator"]
    assert frame["list_type"].value_counts().to_dict() == {
        "genai_filed": 80,
        "genai_registered": 30,
    }
    filed = frame[frame["list_type"] == "genai_filed"]
    assert filed["seq"].tolist() == [str(n) for n in range(1, 81)]
    assert set(frame["batch"]) == {"2025-08"}
    assert not frame["name"].isin(["大模型名称", "应用/功能名称"]).any()


def test_first_row(frame) -> None:
    assert frame.iloc[0].to_dict() == {
        **dict.fromkeys(frame.columns, ""),
        "list_type": "genai_filed",
        "batch": "2025-08",
        "seq": "1",
        "name": "AI Painter",
        "company": "上海市星河智能科技有限公司",
        "filing_no": "Shanghai-XingHe1-202508020001",
        "filing_date": "2025-08-02",
        "jurisdiction": "上海市",
        "source_locator": "page 1 row 2",
    }


def test_late_entry_keeps_its_note(frame) -> None:
    assert frame.iloc[60][["seq", "filing_date", "filing_date_note"]].tolist() == [
        "61",
        "2026-05-01",
        "补登",
    ]


def test_last_rows_of_each_section(frame) -> None:
    last_filed = frame[frame["list_type"] == "genai_filed"].iloc[-1]
    assert last_filed["filing_no"] == "Beijing-XingHe80-202508250080"
    assert frame.iloc[44]["filing_no"] == "Guangdong-XingHe45-202508180045"
    last = frame.iloc[-1]
    assert last[["list_type", "seq", "name", "filing_no", "filing_date"]].tolist() == [
        "genai_registered",
        "30",
        "登记模型30",
        "Guangdong-XingHe30-20250803S0030",
        "2025-08-03",
    ]


def test_a_tall_row_comes_back_whole(frame) -> None:
    tall = frame.iloc[17]
    assert tall[["seq", "name", "company", "filing_no"]].tolist() == [
        "18",
        "云雀大模型",
        "北京字节跳动科技有限公司",
        "Guangdong-XingHe18-202508190018",
    ]
    assert frame.iloc[18]["seq"] == "19"


def test_blank_seq_with_own_filing_no_is_a_row_and_stays_blank(frame) -> None:
    registered = frame[frame["list_type"] == "genai_registered"]
    ninth = registered.iloc[8]
    assert ninth[["seq", "name", "filing_no"]].tolist() == [
        "",
        "登记模型9",
        "Shanghai-XingHe9-20250810S0009",
    ]
    assert len(registered) == 30


def _tall_rows(count: int) -> list[dict]:
    """Rows whose every fifth one is twelve lines tall, so page breaks split rows."""
    rows = [genai_row(n, "备案") for n in range(1, count + 1)]
    return [
        {**row, "raw": {"company": "\n".join(row["company"])}} if n % 5 == 0 else row
        for n, row in enumerate(rows)
    ]


@pytest.mark.parametrize(
    ("valign", "repeat_header"), [("top", False), ("middle", True), ("bottom", False)]
)
def test_rows_split_at_every_break_come_back_whole(valign: str, repeat_header: bool) -> None:
    rows = _tall_rows(150)
    section = PdfSection(FILED_TITLE, GENAI_FILED_HEADERS, rows, False, repeat_header, valign)
    data = build_genai_pdf([section])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        tables = [table.extract() for page in pdf.pages for table in page.find_tables()]
    fragments = [row for table in tables for row in table if not row[0]]
    frame = parse_pdf_list(data, source="tall.pdf")
    assert len(tables) >= 3
    assert fragments  # the part of a split row without its 序号
    assert frame["seq"].tolist() == [str(n) for n in range(1, 151)]
    assert frame["company"].tolist() == [row["company"] for row in rows]
    assert frame["filing_no"].tolist() == [row["filing_no"] for row in rows]


def test_an_explicit_list_type_overrides_the_sections(pdf_bytes: bytes) -> None:
    frame = parse_document(pdf_bytes, source="genai.pdf", list_type="genai_filed")
    assert set(frame["list_type"]) == {"genai_filed"}


NEUTRAL_HEADERS = ("序号", "属地", "算法名称", "主体名称", "备案编号")


def test_a_section_title_beats_the_number_rule() -> None:
    rows = [genai_row(1, "备案"), genai_row(2, "登记")]
    data = build_genai_pdf(
        [PdfSection(REGISTERED_TITLE, NEUTRAL_HEADERS, rows)],
        title="生成式人工智能服务已备案和已登记信息（2025年10月）",
    )
    frame = parse_pdf_list(data)
    assert frame["list_type"].tolist() == ["genai_registered", "genai_registered"]


def test_without_section_or_header_the_number_decides() -> None:
    rows = [genai_row(1, "备案"), genai_row(2, "登记")]
    data = build_genai_pdf([PdfSection(None, NEUTRAL_HEADERS, rows)], title=TITLE)
    frame = parse_pdf_list(data)
    assert frame["list_type"].tolist() == ["genai_filed", "genai_registered"]


def test_a_registered_header_beats_an_earlier_filed_title() -> None:
    data = build_genai_pdf(
        [
            PdfSection(FILED_TITLE, GENAI_FILED_HEADERS, [genai_row(1, "备案")]),
            PdfSection(None, GENAI_REGISTERED_HEADERS, [genai_row(2, "登记")], same_table=True),
        ]
    )
    frame = parse_pdf_list(data)
    assert frame["list_type"].tolist() == ["genai_filed", "genai_registered"]
    assert frame["batch"].tolist() == ["", ""]


def test_corrupt_pdf() -> None:
    corrupt = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n"
    with pytest.raises(NotADocumentError, match=r"^broken\.pdf is truncated or corrupt"):
        parse_pdf_list(corrupt, source="broken.pdf")


def test_truncated_pdf(pdf_bytes: bytes) -> None:
    with pytest.raises(NotADocumentError, match=r"^half\.pdf is truncated or corrupt"):
        parse_pdf_list(pdf_bytes[: len(pdf_bytes) // 2], source="half.pdf")
