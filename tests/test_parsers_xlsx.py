"""XLSX list parser: title rows above the header, numbers and dates, errors."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from crawler.constants import DOCUMENT_COLUMNS
from crawler.parsers import NotADocumentError, UnknownLayoutError, parse_document, parse_xlsx_list
from replica.documents import build_list_xlsx

ROWS = [
    {
        "seq": "1",
        "name": "智能推荐算法",
        "category": "个性化推送类",
        "company": "广州市动悦信息技术有限公司",
        "product": "Fun App",
        "purpose": "个性化推荐",
        "filing_no": "网信算备440106123456702230001号",
        "remarks": "",
        "raw": {
            "category": "个性化推\n送类",
            "filing_no": "网信算备４４０１０６１２３４５６７０２２３０００１号",
        },
    },
    {
        "seq": "2",
        "name": "AI Writer",
        "category": "检索过滤类",
        "company": "深圳市腾讯计算机系统有限公司",
        "product": "腾讯文档",
        "purpose": "文本检索",
        "filing_no": "网信算备440305123456704230002号",
        "remarks": "已注销",
        "raw": {"name": "AI\nWriter", "seq": ""},
    },
]


def test_title_row_names_the_list_and_rows_are_exact() -> None:
    data = build_list_xlsx(
        ROWS, sheet_title="算法清单", title="境内互联网信息服务算法备案清单（2024年6月）"
    )
    frame = parse_xlsx_list(data, source="algo.xlsx")
    assert list(frame.columns) == [*DOCUMENT_COLUMNS, "source_locator"]
    assert len(frame) == 2
    assert frame.iloc[0].to_dict() == {
        **dict.fromkeys(frame.columns, ""),
        "list_type": "algorithm",
        "batch": "2024-06",
        "seq": "1",
        "name": "智能推荐算法",
        "category": "个性化推送类",
        "company": "广州市动悦信息技术有限公司",
        "product": "Fun App",
        "purpose": "个性化推荐",
        "filing_no": "网信算备440106123456702230001号",
        "source_locator": "sheet 算法清单 row 3",
    }
    assert frame.iloc[-1][["seq", "name", "remarks", "source_locator"]].tolist() == [
        "",
        "AI Writer",
        "已注销",
        "sheet 算法清单 row 4",
    ]


def test_without_title_row_header_is_row_one() -> None:
    frame = parse_xlsx_list(build_list_xlsx(ROWS))
    assert frame["source_locator"].tolist() == ["sheet Sheet1 row 2", "sheet Sheet1 row 3"]
    assert frame["batch"].tolist() == ["", ""]


def test_provincial_genai_sheet_with_native_dates() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["广东省生成式人工智能服务已备案信息（截至2024年3月）"])
    sheet.append(["序号", "属地", "模型名称", "备案单位", "备案号", "备案时间"])
    sheet.append(
        [
            1.0,
            "广东",
            "Hunyuan",
            "深圳市腾讯计算机系统有限公司",
            "Guangdong-HunYuan-20230831",
            dt.datetime(2023, 8, 31),
        ]
    )
    sheet.append(
        [2, "广东", "盘古", "华为云计算技术有限公司", "Guangdong-PanGu-20231106", "2023年11月6日"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    frame = parse_document(buffer.getvalue(), source="gd.xlsx")
    assert frame["seq"].tolist() == ["1", "2"]
    assert frame["filing_date"].tolist() == ["2023-08-31", "2023-11-06"]
    assert frame["jurisdiction"].tolist() == ["广东", "广东"]
    assert frame["list_type"].tolist() == ["genai_filed", "genai_filed"]
    assert frame["batch"].tolist() == ["2024-03", "2024-03"]


def test_unknown_layout() -> None:
    workbook = Workbook()
    workbook.active.append(["名称", "公司"])
    workbook.active.append(["甲", "乙"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UnknownLayoutError) as caught:
        parse_xlsx_list(buffer.getvalue(), source="odd.xlsx")
    assert str(caught.value) == "odd.xlsx: unknown column layout; headers found: ['名称', '公司']"


def test_empty_file() -> None:
    with pytest.raises(NotADocumentError, match=r"^list\.xlsx is empty \(0 bytes\)$"):
        parse_xlsx_list(b"", source="list.xlsx")
