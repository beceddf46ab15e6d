"""The replica's document generators produce documents shaped like the CAC's."""

import io

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from replica.documents import build_genai_pdf, build_list_docx, build_list_xlsx, printed

HEADERS = ["序号", "算法名称", "角色", "主体名称", "应用产品", "主要用途", "备案编号", "备注"]


def list_row(n: int, **raw: str) -> dict:
    row = {
        "seq": n,
        "name": f"算法{n}",
        "role": "服务技术支持者",
        "company": f"测试科技有限公司{n}",
        "product": "应用",
        "purpose": f"用途{n}",
        "filing_no": f"网信算备11010882348390123{n:04d}号",
        "remarks": "",
    }
    return {**row, "raw": raw} if raw else row


def genai_row(n: int, **raw: str) -> dict:
    row = {
        "seq": n,
        "jurisdiction": "北京",
        "name": f"模型{n}",
        "company": "北京字节跳动科技有限公司",
        "filing_no": f"Beijing-MoXing{n}-20230821",
        "filing_date": "2023-08-21",
    }
    return {**row, "raw": raw} if raw else row


def test_printed_prefers_raw_text() -> None:
    row = list_row(1, role="服务技术支\n持者", seq="")
    assert printed(row, "role") == "服务技术支\n持者"
    assert printed(row, "seq") == ""
    assert printed(row, "name") == "算法1"


def test_docx_has_heading_table_and_footnote() -> None:
    data = build_list_docx(
        [list_row(1), list_row(2)], heading="清单", footnote="注：以上排名不分先后"
    )
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts == ["清单", "注：以上排名不分先后"]
    [table] = document.tables
    assert table.style.name == "Table Grid"
    assert [cell.text for cell in table.rows[0].cells] == HEADERS
    assert [cell.text for cell in table.rows[2].cells][6] == "网信算备110108823483901230002号"
    assert len(table.rows) == 3


def test_docx_nine_columns_merge_header_and_alternate_body_rows() -> None:
    data = build_list_docx([list_row(1), list_row(2)], nine_columns=True)
    table = docx.Document(io.BytesIO(data)).tables[0]
    header, first, second = table.rows
    assert len(table.columns) == 9
    assert header.cells[5]._tc is header.cells[6]._tc
    assert header.cells[7].text == "备案编号"
    assert first.cells[5]._tc is not first.cells[6]._tc
    assert [first.cells[5].text, first.cells[6].text] == ["用途1", "用途1"]
    assert second.cells[5]._tc is second.cells[6]._tc
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
    data = build_list_xlsx([list_row(1), list_row(2, seq="")], sheet_title="清单", heading="标题")
    sheet = load_workbook(io.BytesIO(data))["清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("标题", None, None, None, None, None, None, None)
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:H1"]
    assert list(rows[1]) == HEADERS
    assert rows[2][0] == 1
    assert rows[3][0] is None
    assert rows[3][6] == "网信算备110108823483901230002号"


@pytest.fixture(scope="module")
def genai_pdf() -> bytes:
    filed = [genai_row(i) for i in range(1, 46)]
    filed[17] = genai_row(18, company="北京字节跳动科\n技有限公司")
    registered = [genai_row(i) for i in range(1, 26)]
    return build_genai_pdf(filed, registered, heading="生成式人工智能服务备案信息")


def test_pdf_pages_titles_and_repeated_headers(genai_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(genai_pdf)) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
        first_rows = [page.extract_tables()[0][0] for page in pdf.pages]
    assert len(texts) == 4
    assert "一、生成式人工智能服务已备案信息" in texts[0]
    assert "二、生成式人工智能服务已登记信息" in texts[2]
    assert texts[3].splitlines()[-1] == "注：以上信息按属地排列，排名不分先后。"
    assert first_rows[:3] == [["序号", "属地", "模型名称", "备案单位", "备案号", "备案时间"]] * 3
    assert first_rows[3] == ["序号", "属地", "模型名称", "登记单位", "登记编号", "登记时间"]


def test_pdf_splits_the_row_ending_the_first_page(genai_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(genai_pdf)) as pdf:
        last_of_page_1 = pdf.pages[0].extract_tables()[0][-1]
        top_of_page_2 = pdf.pages[1].extract_tables()[0][1]
    assert last_of_page_1 == ["18", "北", "模型", "北京字节跳动科", "Beijing-MoXing18-", "2023-08-"]
    assert top_of_page_2 == ["", "京", "18", "技有限公司", "20230821", "21"]
