"""The replica's document generators produce documents in the CAC's published layouts."""

import io

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from replica.documents import (
    ALGORITHM_HEADERS,
    CANCELLATION_HEADERS,
    DEEP_SYNTHESIS_HEADERS,
    GENAI_FILED_HEADERS,
    GENAI_FILED_HEADERS_2024,
    GENAI_REGISTERED_HEADERS,
    ON_DEVICE_HEADERS,
    PdfSection,
    build_cancellation_pdf,
    build_genai_pdf,
    build_list_docx,
    build_list_xlsx,
    printed,
)


def list_row(n: int, **raw: str) -> dict:
    row = {
        "seq": str(n),
        "name": f"算法{n}",
        "role": "服务技术支持者",
        "category": "个性化推送类",
        "company": f"测试科技有限公司{n}",
        "product": "应用",
        "purpose": f"用途{n}",
        "filing_no": f"网信算备11010882348390123{n:04d}号",
        "remarks": "",
        "cancel_month": "2025年7月",
    }
    return {**row, "raw": raw} if raw else row


def genai_row(n: int, **raw: str) -> dict:
    row = {
        "seq": str(n),
        "jurisdiction": "北京市",
        "name": f"模型{n}",
        "company": "北京字节跳动科技有限公司",
        "filing_no": f"Beijing-MoXing{n}-20230821",
        "filing_date": "2023/8/31",
        "scenario": "手机",
    }
    return {**row, "raw": raw} if raw else row


def pdf_tables(data: bytes) -> list[list[list[list[str]]]]:
    """Per page, its tables (top to bottom) as rows of cell texts."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            [table.extract() for table in sorted(page.find_tables(), key=lambda t: t.bbox[1])]
            for page in pdf.pages
        ]


def pdf_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_printed_prefers_raw_text() -> None:
    row = list_row(1, role="服务技术支\n持者", seq="")
    assert printed(row, "role") == "服务技术支\n持者"
    assert printed(row, "seq") == ""
    assert printed(row, "name") == "算法1"
    assert printed(row, "scenario") == ""


def test_docx_has_title_ruled_table_and_footnote() -> None:
    data = build_list_docx(
        [list_row(1), list_row(2)],
        title="境内深度合成服务算法备案清单（2023年6月）",
        footnote="注：以上排名不分先后",
    )
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == [
        "境内深度合成服务算法备案清单（2023年6月）",
        "注：以上排名不分先后",
    ]
    [table] = document.tables
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None
    assert [cell.text for cell in table.rows[0].cells] == list(DEEP_SYNTHESIS_HEADERS)
    assert [cell.text for cell in table.rows[2].cells] == [
        "2",
        "算法2",
        "服务技术支持者",
        "测试科技有限公司2",
        "应用",
        "用途2",
        "网信算备110108823483901230002号",
        "",
    ]
    assert len(table.rows) == 3


def test_docx_algorithm_layout_prints_the_category() -> None:
    table = docx.Document(io.BytesIO(build_list_docx([list_row(1)], headers=ALGORITHM_HEADERS)))
    header, row = table.tables[0].rows
    assert [cell.text for cell in header.cells] == list(ALGORITHM_HEADERS)
    assert row.cells[2].text == "个性化推送类"


def test_docx_nine_cells_span_purpose_over_two_grid_columns_in_every_row() -> None:
    data = build_list_docx([list_row(1), list_row(2)], nine_columns=True)
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert len(table.columns) == 9
    for row in table.rows:
        assert len(row.cells) == 9
        assert row.cells[5]._tc is row.cells[6]._tc
    header, first, second = table.rows
    assert header.cells[7].text == "备案编号"
    assert [first.cells[5].text, first.cells[6].text] == ["用途1", "用途1"]
    assert second.cells[7].text == "网信算备110108823483901230002号"


def test_docx_line_breaks_use_paragraphs_and_breaks() -> None:
    rows = [list_row(1, role="服务技术支\n持者"), list_row(2, role="服务技术支\n持者")]
    table = docx.Document(io.BytesIO(build_list_docx(rows))).tables[0]
    as_paragraphs, as_break = table.rows[1].cells[2], table.rows[2].cells[2]
    assert [p.text for p in as_paragraphs.paragraphs] == ["服务技术支", "持者"]
    assert len(as_break.paragraphs) == 1
    assert len(as_break._tc.findall(".//" + qn("w:br"))) == 1
    assert as_break.text == as_paragraphs.text == "服务技术支\n持者"


def test_docx_blank_seq() -> None:
    table = docx.Document(io.BytesIO(build_list_docx([list_row(1, seq="")]))).tables[0]
    assert table.rows[1].cells[0].text == ""


def test_xlsx_title_row_header_and_int_seq() -> None:
    data = build_list_xlsx([list_row(1), list_row(2, seq="")], sheet_title="清单", title="标题")
    sheet = load_workbook(io.BytesIO(data))["清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("标题", None, None, None, None, None, None, None)
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:H1"]
    assert list(rows[1]) == list(ALGORITHM_HEADERS)
    assert rows[2][0] == 1
    assert rows[2][2] == "个性化推送类"
    assert rows[3][0] is None
    assert rows[3][6] == "网信算备110108823483901230002号"


@pytest.fixture(scope="module")
def titled_pdf() -> bytes:
    """2025-03+ layout: the document title, two tables each under its title line."""
    filed = [genai_row(i) for i in range(1, 71)]
    registered = [genai_row(i) for i in range(1, 11)]
    return build_genai_pdf(
        [
            PdfSection("一、已备案的生成式人工智能服务", GENAI_FILED_HEADERS, filed),
            PdfSection("二、已登记的生成式人工智能应用", GENAI_REGISTERED_HEADERS, registered),
        ],
        title="附件7：生成式人工智能服务已备案和已登记信息（2025年8月）",
    )


def test_pdf_title_and_section_titles(titled_pdf: bytes) -> None:
    texts = pdf_texts(titled_pdf)
    assert len(texts) == 2
    assert texts[0].splitlines()[:2] == [
        "附件7：生成式人工智能服务已备案和已登记信息（2025年8月）",
        "一、已备案的生成式人工智能服务",
    ]
    assert "二、已登记的生成式人工智能应用" in texts[1]
    assert texts[1].splitlines()[-1] == "- 2 -"


def test_pdf_table_continues_on_the_next_page_without_its_header(titled_pdf: bytes) -> None:
    first_page, second_page = pdf_tables(titled_pdf)
    assert [table[0] for table in first_page] == [list(GENAI_FILED_HEADERS)]
    continued, registered = second_page
    assert continued[0][0] == str(len(first_page[0]))  # the next 序号, no header row
    assert continued[-1][0] == "70"
    assert registered[0] == list(GENAI_REGISTERED_HEADERS)
    assert [row[0] for row in registered[1:]] == [str(n) for n in range(1, 11)]


def test_pdf_repeats_the_header_only_when_asked() -> None:
    section = PdfSection(
        None, GENAI_FILED_HEADERS, [genai_row(i) for i in range(1, 71)], False, True
    )
    pages = pdf_tables(build_genai_pdf([section]))
    assert [page[0][0] for page in pages] == [list(GENAI_FILED_HEADERS)] * 2


def test_pdf_same_table_embeds_the_registered_header() -> None:
    data = build_genai_pdf(
        [
            PdfSection(None, GENAI_FILED_HEADERS_2024, [genai_row(1), genai_row(2)]),
            PdfSection("ignored", GENAI_REGISTERED_HEADERS, [genai_row(3)], same_table=True),
        ],
        title="生成式人工智能服务已备案和已登记信息（2024年11月）",
    )
    [[table]] = pdf_tables(data)
    assert [row[0] for row in table] == ["序号", "1", "2", "序号", "3"]
    assert table[3] == list(GENAI_REGISTERED_HEADERS)
    assert "ignored" not in pdf_texts(data)[0]


def test_pdf_on_device_table_has_the_scenario_column() -> None:
    data = build_genai_pdf([PdfSection("三、端侧", ON_DEVICE_HEADERS, [genai_row(1)])])
    [[table]] = pdf_tables(data)
    assert table == [
        list(ON_DEVICE_HEADERS),
        [
            "1",
            "北京市",
            "模型1",
            "北京字节跳动科技有限公司",
            "Beijing-MoXing1-20230821",
            "2023/8/31",
            "手机",
        ],
    ]


TALL_COMPANY = "北\n京\n字\n节\n跳\n动\n科\n技\n有\n限\n公\n司"


def _tall(n: int) -> dict:
    return genai_row(n, company=TALL_COMPANY)


@pytest.mark.parametrize(
    ("valign", "head", "tail"),
    [
        ("top", ["1", "北京市", "模型1"], ["", "", ""]),
        ("bottom", ["", "", ""], ["1", "北京市", "模型1"]),
    ],
)
def test_pdf_splits_a_tall_row_at_the_page_break(valign, head, tail) -> None:
    rows = [genai_row(n) for n in range(2, 44)]  # leave one line of room on the first page
    section = PdfSection(None, GENAI_FILED_HEADERS, [*rows, _tall(1)], valign=valign)
    first, second = pdf_tables(build_genai_pdf([section]))
    assert first[0][-1][:3] == head
    assert second[0][0][:3] == tail
    assert len(second[0]) == 1
    assert (
        f"{first[0][-1][3]}\n{second[0][0][3]}" == "北\n京\n字\n节\n跳\n动\n科\n技\n有\n限\n公\n司"
    )


def test_cancellation_pdf_has_eight_columns_over_pages() -> None:
    rows = [list_row(n) for n in range(1, 61)]
    pages = pdf_tables(build_cancellation_pdf(rows, title="注销算法备案编号清单"))
    assert [cell.replace("\n", "") for cell in pages[0][0][0]] == list(CANCELLATION_HEADERS)
    assert all(page[0][0][1] != "算法名称" for page in pages[1:])
    assert len(pages) == 4
    assert [cell.replace("\n", "") for cell in pages[-1][0][-1]] == [
        "60",
        "算法60",
        "服务技术支持者",
        "测试科技有限公司60",
        "应用",
        "用途60",
        "网信算备110108823483901230060号",
        "2025年7月",
    ]


def test_pdf_text_reads_back_middle_dots_and_bullets() -> None:
    row = genai_row(1, name="书生·浦语", company="易问•九思（北京）", filing_no="成均・雅望")
    [[table]] = pdf_tables(build_genai_pdf([PdfSection(None, GENAI_FILED_HEADERS, [row])]))
    assert table[1][2:5] == ["书生·浦语", "易问•九思（北京）", "成均・雅望"]


def test_documents_are_deterministic() -> None:
    rows = [genai_row(1), genai_row(2)]
    assert build_genai_pdf([PdfSection(None, GENAI_FILED_HEADERS, rows)]) == build_genai_pdf(
        [PdfSection(None, GENAI_FILED_HEADERS, rows)]
    )
    assert build_list_xlsx([list_row(1)]) == build_list_xlsx([list_row(1)])


def test_a_header_no_list_has_is_refused() -> None:
    with pytest.raises(KeyError, match="名称"):
        build_genai_pdf([PdfSection(None, ("序号", "名称"), [genai_row(1)])])
