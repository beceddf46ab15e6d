"""Inline HTML lists (cancellation notices) and HTML pages served instead of documents."""

import pytest

from crawler.parsers import NotADocumentError, UnknownLayoutError, parse_document, parse_html_list

NOTICE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>关于注销部分算法备案编号的公告</title></head>
<body><table class="layout"><tr><td>
<p>根据《互联网信息服务算法推荐管理规定》，现注销以下5个算法备案编号。</p>
<table border="1">
<tr><th>序号</th><th>算法名称</th><th>主体名称</th><th>备案编号</th></tr>
<tr><td>1</td><td>AI<br>Painter</td><td>北京某某科<br/>技有限公司</td>
<td>网信算备１１０１０８８２３４８３９０１２３００３１号</td></tr>
<tr><td>2</td><td><p>个性化推荐</p><p>算法</p></td><td>上海某某网络科技有限公司</td>
<td>网信算备 310115 123456701220002号</td></tr>
<tr><td colspan="4">注：以上排名不分先后</td></tr>
</table></td></tr></table></body></html>"""
FIREWALL = (
    "<html><head><title>访问验证</title><script src='/_guard/auto.js'></script></head>"
    "<body>知道创宇云防御 正在检查您的浏览器</body></html>"
).encode()


@pytest.mark.parametrize(("charset", "encoding"), [("utf-8", "utf-8"), ("gbk", "gbk")])
def test_inline_cancellation_table_typed_by_the_page_title(charset: str, encoding: str) -> None:
    data = NOTICE.format(charset=charset).encode(encoding)
    frame = parse_document(data, source="notice.htm")
    assert len(frame) == 2
    assert frame.iloc[0][["list_type", "seq", "name", "company", "filing_no"]].tolist() == [
        "cancellation",
        "1",
        "AI Painter",
        "北京某某科技有限公司",
        "网信算备110108823483901230031号",
    ]
    assert frame.iloc[1].to_dict() == {
        **dict.fromkeys(frame.columns, ""),
        "list_type": "cancellation",
        "seq": "2",
        "name": "个性化推荐算法",
        "company": "上海某某网络科技有限公司",
        "filing_no": "网信算备310115123456701220002号",
        "source_locator": "table 2 row 3",
    }


def test_firewall_page() -> None:
    with pytest.raises(NotADocumentError) as caught:
        parse_document(FIREWALL, source="attachment.docx")
    assert str(caught.value) == (
        "attachment.docx is an HTML page (web-firewall challenge), not a document"
    )


def test_firewall_page_to_html_parser() -> None:
    with pytest.raises(NotADocumentError, match="web-firewall challenge"):
        parse_html_list(FIREWALL, source="notice.htm")


def test_page_with_unrelated_table() -> None:
    page = "<html><body><table><tr><td>栏目</td><td>日期</td></tr></table></body></html>".encode()
    with pytest.raises(UnknownLayoutError, match=r"^p\.htm: .*headers found: \['栏目', '日期'\]$"):
        parse_html_list(page, source="p.htm")
    with pytest.raises(NotADocumentError, match=r"^p\.htm is an HTML page \(notice page\)"):
        parse_document(page, source="p.htm")
