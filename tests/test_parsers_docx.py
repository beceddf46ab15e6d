"""DOCX list parser: 8-column and 9-cell layouts, titles, dirty cells, blank 序号, errors."""

import io
import logging

import docx
import pytest

from crawler.constants import DOCUMENT_COLUMNS
from crawler.parsers import (
    NotADocumentError,
    UnknownLayoutError,
    parse_document,
    parse_docx_list,
)
from crawler.parsers.table import header_mapping
from replica.documents import ALGORITHM_HEADERS, build_list_docx

ROWS = [
    {
        "seq": "1",
        "name": "AI Painter",
        "role": "服务技术支持者",
        "company": "北京字节跳动科技有限公司",
        "product": "剪映",
        "purpose": "根据用户输入的文本生成图片",
        "filing_no": "网信算备110108823483901230031号",
        "remarks": "",
        "raw": {
            "name": "AI\nPainter",
            "role": "服务技术支\n持者",
            "company": "北京字节跳动科\n技有限公司",
            "filing_no": "网信算备１１０１０８８２３４８３９０１２３００３１号",
        },
    },
    {
        "seq": "2",
        "name": "文心一格图像生成算法",
        "role": "服务提供者",
        "company": "北京百度网讯科技有限公司",
        "product": "文心一格（网站）",
        "purpose": "应用于图像生成场景",
        "filing_no": "网信算备110108796493901230017号",
        "remarks": "",
        "raw": {"seq": "", "purpose": "应用于图像\n生成场景"},
    },
    {
        "seq": "3",
        "name": "通义万相文生图算法",
        "role": "服务提供者",
        "company": "阿里巴巴（中国）有限公司",
        "product": "通义万相",
        "purpose": "Text to Image generation",
        "filing_no": "网信算备330106123456701230003号",
        "remarks": "",
        "raw": {
            "seq": "０３",
            "purpose": "Text to\nImage generation",
            "filing_no": "网信算备 330106\n123456701230003号",
        },
    },
    {
        "seq": "41",
        "name": "小冰数字人生成算法",
        "role": "服务提供者、服务技术支持者",
        "company": "北京红棉小冰科技有限公司",
        "product": "小冰岛App",
        "purpose": "生成虚拟数字人",
        "filing_no": "网信算备110108111111101240004号",
        "remarks": "已注销",
    },
]
BLANK = dict.fromkeys((*DOCUMENT_COLUMNS, "source_locator"), "")
FIRST = {
    **BLANK,
    "list_type": "deep_synthesis",
    "batch": "2023-06",
    "seq": "1",
    "name": "AI Painter",
    "role": "服务技术支持者",
    "company": "北京字节跳动科技有限公司",
    "product": "剪映",
    "purpose": "根据用户输入的文本生成图片",
    "filing_no": "网信算备110108823483901230031号",
    "source_locator": "table 1 row 2",
}
LAST = {
    **FIRST,
    "seq": "41",
    "name": "小冰数字人生成算法",
    "role": "服务提供者、服务技术支持者",
    "company": "北京红棉小冰科技有限公司",
    "product": "小冰岛App",
    "purpose": "生成虚拟数字人",
    "filing_no": "网信算备110108111111101240004号",
    "remarks": "已注销",
    "source_locator": "table 1 row 5",
}
TITLE = "境内深度合成服务算法备案清单（2023年6月）"


def test_header_mapping_is_exact() -> None:
    headers = ["序号", "算法名称", "角色", "主体名称", "应用产品", "主要用途", "备案编号", "备注"]
    assert header_mapping(headers) == [
        "seq",
        "name",
        "role",
        "company",
        "product",
        "purpose",
        "filing_no",
        "remarks",
    ]


@pytest.mark.parametrize("nine_columns", [False, True])
def test_first_and_last_rows(nine_columns: bool) -> None:
    data = build_list_docx(
        ROWS, title=TITLE, nine_columns=nine_columns, footnote="注：以上排名不分先后"
    )
    frame = parse_docx_list(data, source="batch.docx")
    assert list(frame.columns) == [*DOCUMENT_COLUMNS, "source_locator"]
    assert len(frame) == 4
    assert frame.iloc[0].to_dict() == FIRST
    assert frame.iloc[-1].to_dict() == LAST


@pytest.mark.parametrize("nine_columns", [False, True])
def test_dirty_cells_are_cleaned_and_seq_kept_as_printed(nine_columns: bool) -> None:
    frame = parse_docx_list(build_list_docx(ROWS, nine_columns=nine_columns))
    assert frame["seq"].tolist() == ["1", "", "3", "41"]
    assert frame["purpose"].tolist() == [
        "根据用户输入的文本生成图片",
        "应用于图像生成场景",
        "Text to Image generation",
        "生成虚拟数字人",
    ]
    assert frame["filing_no"].tolist() == [row["filing_no"] for row in ROWS]
    assert frame.loc[2, "company"] == "阿里巴巴（中国）有限公司"


def test_nine_cell_rows_read_the_filing_number_at_index_7() -> None:
    data = build_list_docx(ROWS, nine_columns=True)
    table = docx.Document(io.BytesIO(data)).tables[0]
    cells = table.rows[4].cells
    assert len(cells) == 9
    assert cells[5].text == cells[6].text == "生成虚拟数字人"
    assert cells[7].text == "网信算备110108111111101240004号"
    frame = parse_docx_list(data)
    assert frame["remarks"].tolist() == ["", "", "", "已注销"]
    assert frame["filing_no"].str.fullmatch(r"网信算备\d{21}号").all()


def test_a_batch_without_seq_keeps_every_seq_blank() -> None:
    rows = [{**row, "raw": {**row.get("raw", {}), "seq": ""}} for row in ROWS]
    frame = parse_docx_list(build_list_docx(rows, title=TITLE))
    assert frame["seq"].tolist() == ["", "", "", ""]
    assert len(frame) == 4


def test_title_gives_the_batch_and_header_the_family() -> None:
    title = "境内互联网信息服务算法备案清单（2025年7月）"
    rows = [{**ROWS[3], "category": "个性化推送类"}]
    frame = parse_docx_list(build_list_docx(rows, headers=ALGORITHM_HEADERS, title=title))
    assert frame.iloc[0][["list_type", "batch", "category", "role"]].tolist() == [
        "algorithm",
        "2025-07",
        "个性化推送类",
        "",
    ]


def test_without_title_the_batch_is_blank() -> None:
    frame = parse_docx_list(build_list_docx(ROWS[:1]))
    assert frame["batch"].tolist() == [""]
    assert frame["list_type"].tolist() == ["deep_synthesis"]


def test_all_values_are_plain_strings() -> None:
    frame = parse_docx_list(build_list_docx(ROWS))
    assert all(isinstance(value, str) for value in frame.to_numpy().ravel())


def test_an_explicit_list_type_overrides_the_document() -> None:
    frame = parse_document(build_list_docx(ROWS), source="b.docx", list_type="algorithm")
    assert frame["list_type"].tolist() == ["algorithm"] * 4


def _docx_with_table(cells: list[list[str]], title: str | None = None) -> bytes:
    document = docx.Document()
    if title:
        document.add_paragraph(title)
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


NEUTRAL = [["序号", "算法名称", "主体名称", "备案编号"], ["1", "甲算法", "乙公司", "网信算备1号"]]


def test_untyped_rows_keep_a_blank_type_and_log_one_warning(caplog) -> None:
    data = _docx_with_table([*NEUTRAL, ["2", "丙算法", "丁公司", "网信算备2号"]])
    with caplog.at_level(logging.WARNING, logger="crawler.parsers"):
        frame = parse_document(data, source="neutral.docx")
    assert frame["list_type"].tolist() == ["", ""]
    assert [record.getMessage() for record in caplog.records] == [
        "neutral.docx: the document does not tell the list type of 2 of 2 rows; they keep an "
        "empty list_type (give one to type them)"
    ]


def test_a_cancellation_title_types_rows_of_a_neutral_header() -> None:
    data = _docx_with_table(NEUTRAL, title="关于注销“甲算法”等1个算法备案编号的公告")
    frame = parse_document(data, source="notice.docx")
    assert frame["list_type"].tolist() == ["cancellation"]


def test_vertically_merged_company_repeats_for_each_row() -> None:
    document = docx.Document(io.BytesIO(build_list_docx(ROWS[2:4])))
    table = document.tables[0]
    merged = table.cell(1, 3).merge(table.cell(2, 3))
    merged.text = "阿里巴巴（中国）有限公司"
    buffer = io.BytesIO()
    document.save(buffer)
    frame = parse_docx_list(buffer.getvalue())
    assert frame["company"].tolist() == ["阿里巴巴（中国）有限公司"] * 2


def test_second_table_without_header_continues_the_first() -> None:
    document = docx.Document(io.BytesIO(build_list_docx(ROWS[:1])))
    table = document.add_table(rows=1, cols=8)
    for cell, text in zip(
        table.rows[0].cells, ["5", "X", "R", "公司", "P", "U", "网信算备1号", ""], strict=True
    ):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    frame = parse_docx_list(buffer.getvalue())
    assert frame["source_locator"].tolist() == ["table 1 row 2", "table 2 row 1"]
    assert frame.loc[1, "filing_no"] == "网信算备1号"


def test_unknown_layout_names_source_and_headers() -> None:
    data = _docx_with_table([["名称", "公司"], ["甲", "乙"]])
    with pytest.raises(UnknownLayoutError) as caught:
        parse_docx_list(data, source="report.docx")
    assert (
        str(caught.value) == "report.docx: unknown column layout; headers found: ['名称', '公司']"
    )


def test_header_without_company_is_an_unknown_layout() -> None:
    data = _docx_with_table([["序号", "算法名称", "备案编号"], ["1", "甲", "网信算备1号"]])
    with pytest.raises(
        UnknownLayoutError, match=r"headers found: \['序号', '算法名称', '备案编号'\]"
    ):
        parse_docx_list(data, source="x.docx")


def test_truncated_docx() -> None:
    data = build_list_docx(ROWS)
    with pytest.raises(NotADocumentError, match=r"^half\.docx is truncated or corrupt"):
        parse_docx_list(data[: len(data) // 2], source="half.docx")


def test_html_instead_of_docx() -> None:
    page = "<html><body>知道创宇云防御</body></html>".encode()
    with pytest.raises(NotADocumentError) as caught:
        parse_docx_list(page, source="batch.docx")
    assert str(caught.value) == (
        "batch.docx is an HTML page (web-firewall challenge), not a document"
    )
