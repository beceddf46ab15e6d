"""Hostile documents, and what the sandboxed parser makes of each: outcome, child peak memory, time.

`.venv/bin/python bench/hostile.py` builds a DOCX zip bomb (400 KB inflating to 250 MB of empty
paragraphs), DOCX tables with a gridSpan and a gridBefore of 400 million, an HTML list with
colspan="400000000", and a 200-page generative-AI PDF of the real layout, parses each in a fresh
sandbox child (crawler/sandbox.py) and prints one line per case. The builders are also used by
tests/test_hostile_*.py.
"""

import argparse
import io
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.parsers.errors import ParseError
from crawler.sandbox import Sandbox, parse_document
from replica.documents import (
    DEEP_SYNTHESIS_HEADERS,
    GENAI_FILED_HEADERS,
    PdfSection,
    build_genai_pdf,
    build_list_docx,
)

BOMB_SPAN: Final = 400_000_000
DOCUMENT_XML: Final = "word/document.xml"
EMPTY_PARAGRAPH: Final = b"<w:p/>"
DS_ROW: Final = {
    "seq": "1",
    "name": "智能推荐算法",
    "role": "服务技术支持者",
    "company": "北京字节跳动科技有限公司",
    "product": "抖音",
    "purpose": "个性化推荐",
    "filing_no": "网信算备110108823483901230011号",
    "remarks": "",
}


def _rewrite_member(package: bytes, name: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The zip package with one member's bytes passed through `edit`, maximally compressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            data = edit(data) if member.filename == name else data
            target.writestr(member.filename, data, zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def plain_docx() -> bytes:
    """A sound one-row deep-synthesis DOCX list."""
    return build_list_docx([DS_ROW], headers=DEEP_SYNTHESIS_HEADERS)


def docx_zip_bomb(inflated_mb: int = 250) -> bytes:
    """The DOCX list with `inflated_mb` MB of empty paragraphs before its table."""
    padding = EMPTY_PARAGRAPH * (inflated_mb * 1024 * 1024 // len(EMPTY_PARAGRAPH))
    return _rewrite_member(
        plain_docx(), DOCUMENT_XML, lambda xml: xml.replace(b"<w:body>", b"<w:body>" + padding, 1)
    )


def docx_grid_span_bomb(span: int = BOMB_SPAN) -> bytes:
    """The DOCX list whose first cell claims to span `span` grid columns."""
    return _rewrite_member(
        plain_docx(),
        DOCUMENT_XML,
        lambda xml: re.sub(
            rb"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{span}"/>'.encode(), xml, count=1
        ),
    )


def docx_grid_before_bomb(before: int = BOMB_SPAN) -> bytes:
    """The DOCX list whose first row claims `before` empty grid columns before its first cell."""
    row_properties = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>'.encode()
    return _rewrite_member(
        plain_docx(),
        DOCUMENT_XML,
        lambda xml: re.sub(rb"(<w:tr\b[^>]*>)", rb"\1" + row_properties, xml, count=1),
    )


def html_colspan_bomb(span: int = BOMB_SPAN) -> bytes:
    """A cancellation notice whose list has a cell with colspan=`span`."""
    return (
        "<html><head><title>关于注销算法备案的公告</title></head><body><table>"
        "<tr><th>序号</th><th>算法名称</th><th>主体名称</th><th>备案编号</th></tr>"
        f'<tr><td>1</td><td colspan="{span}">智能推荐算法</td><td>北京某公司</td>'
        "<td>网信算备110108823483901230011号</td></tr></table></body></html>"
    ).encode()


def genai_row(n: int) -> dict[str, str]:
    """One filed generative-AI service, numbered `n`."""
    return {
        "seq": str(n),
        "jurisdiction": "北京市",
        "name": f"模型{n}",
        "company": "北京字节跳动科技有限公司",
        "filing_no": f"Beijing-MoXing{n}-20230821",
        "filing_date": "2023/8/31",
    }


def genai_pdf(rows: int) -> bytes:
    """The generative-AI list of the 2025 layout with `rows` filed services."""
    section = PdfSection(
        "一、已备案的生成式人工智能服务",
        GENAI_FILED_HEADERS,
        [genai_row(n) for n in range(1, rows + 1)],
    )
    return build_genai_pdf([section], title="生成式人工智能服务已备案信息（2025年8月）")


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF has."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def measure(name: str, data: bytes) -> None:
    """Parse `data` in a fresh sandbox child and print the outcome, its peak memory and time."""
    sandbox = Sandbox()
    sandbox.call("math:sqrt", "warm-up", (1.0,))
    start = time.perf_counter()
    try:
        outcome = f"parsed: {len(parse_document(data, source=name, sandbox=sandbox))} rows"
    except ParseError as error:
        outcome = str(error)
    seconds = time.perf_counter() - start
    sandbox.close()
    print(
        f"{name:24} {len(data) / 1024:9.0f} KB  peak {sandbox.peak_rss_kb / 1024:6.0f} MB  "
        f"{seconds * 1000:9.1f} ms  {outcome}"
    )


def overhead(data: bytes, repeats: int) -> None:
    """Print the mean time of one parse in process and through the pooled child."""
    from crawler.parsers import parse_document as parse_here

    sandbox = Sandbox()
    start = time.perf_counter()
    parse_document(data, source="warm-up.docx", sandbox=sandbox)
    print(f"child start and first parse {(time.perf_counter() - start) * 1000:7.1f} ms")
    for label, parse in (("in process", parse_here), ("sandboxed", parse_document)):
        options = {"sandbox": sandbox} if label == "sandboxed" else {}
        start = time.perf_counter()
        for _ in range(repeats):
            parse(data, source="plain.docx", **options)
        print(f"{label:10} {(time.perf_counter() - start) / repeats * 1000:7.1f} ms per file")
    sandbox.close()


def main() -> None:
    """Build every case and print what the sandbox made of it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pdf-rows", type=int, default=8700, help="rows of the long PDF (8,700: 200 pages)"
    )
    options = parser.parse_args()
    pdf = genai_pdf(options.pdf_rows)
    print(f"long PDF: {options.pdf_rows} rows on {pdf_pages(pdf)} pages")
    cases = {
        "docx-zip-bomb.docx": docx_zip_bomb(),
        "docx-gridspan.docx": docx_grid_span_bomb(),
        "docx-gridbefore.docx": docx_grid_before_bomb(),
        "html-colspan.htm": html_colspan_bomb(),
        "genai-long.pdf": pdf,
        "plain.docx": plain_docx(),
    }
    for name, data in cases.items():
        measure(name, data)
    overhead(plain_docx(), repeats=50)


if __name__ == "__main__":
    main()
