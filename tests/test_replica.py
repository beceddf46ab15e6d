"""The small replica of the CAC site, checked over real HTTP: both hosts' paths on one server."""

import io
import json
import re
import urllib.error
import urllib.request
from collections import Counter
from urllib.parse import parse_qs, unquote, urlsplit

import docx
import pdfplumber

from crawler.families import ANNUAL_NOTICE_PATHS
from crawler.notices import batch_number
from crawler.official import ALGORITHM_PAGE, DEEP_SYNTHESIS_BATCHES, GENAI_PAGE, ON_DEVICE_PAGE
from replica.generate import ROW_FIELDS
from replica.lists import url_token
from replica.real_rows import real_batches
from replica.seed import expected_rows, load_seed
from replica.site import CONTENT_TYPES
from replica.updates import new_batch, publish
from tests.refresh_helpers import small_seed

SEED = load_seed()
NOTICES = {n["key"]: n for n in SEED["notices"]}
EXPECTED = expected_rows(SEED)
DOCX_TYPE = CONTENT_TYPES["docx"]
PERIOD_NOTICE = "/2025-09/10/c_1759222982377536.htm"
DS_TITLE = re.compile(
    r"国家互联网信息办公室关于发布(第[一二三四五六七八九十]+批)?深度合成服务算法备案信息的公告"
)
REAL_NOTICE_IDS = {
    "notice_230ec03a-bca6-41a1-be7f-ad84571ce128",
    "notice_5a210e0d-9585-456b-872f-d09b08c0cc0e",
    "notice_99369406-f1f4-4042-a0d7-b9ab61f06fd1",
    "notice_df4ab109-7f7c-494a-8d8c-a032f21a5026",
}


def fetch(url: str, referer: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET url; return status, headers and body, also for HTTP errors."""
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def links(base_url: str, path: str) -> list[tuple[str, str]]:
    """(absolute download URL, link text) of every attachment link on a page, in page order."""
    _, _, body = fetch(base_url + path)
    html = body.decode("utf-8").replace("&amp;", "&")
    found = re.findall(r'href="(/cms/pub/interact/downloadfile\.jsp\?[^"]+)">([^<]+)</a>', html)
    return [(base_url + href, text) for href, text in found]


def token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["filepath"][0]


def api(base_url: str, query: str = "") -> dict:
    status, headers, body = fetch(base_url + "/api/notice/list" + query)
    assert (status, headers["Content-Type"]) == (200, "application/json;charset=UTF-8")
    return json.loads(body)


def disposition_name(headers: dict[str, str]) -> str:
    return unquote(headers["Content-Disposition"].split("filename*=UTF-8''")[1])


# --- www.cac.gov.cn ------------------------------------------------------------------------


def test_deep_synthesis_pages_sit_at_their_real_paths_with_their_real_titles(replica_server):
    for number, (date, path, month, _) in DEEP_SYNTHESIS_BATCHES.items():
        status, _, body = fetch(replica_server.base_url + path)
        html = body.decode("utf-8")
        title = re.search(r'<h1 class="title" id="title">([^<]+)</h1>', html)[1]
        assert status == 200
        assert DS_TITLE.fullmatch(title)
        assert batch_number(title) == (None if number == 1 else number)
        assert f'<meta name="publishdate" content="{date}">' in html
        [(_, text)] = links(replica_server.base_url, path)[:1]
        assert text == f"境内深度合成服务算法备案清单（{int(month[:4])}年{int(month[5:])}月）"
    assert NOTICES["ds-01"]["title"] == "国家互联网信息办公室关于发布深度合成服务算法备案信息的公告"
    assert (
        NOTICES["ds-18"]["title"]
        == "国家互联网信息办公室关于发布第十八批深度合成服务算法备案信息的公告"
    )


def test_batches_2_and_8_keep_the_month_of_their_list_beside_their_page_date(replica_server):
    for key, page_month, list_name in (
        ("ds-02", "2023-09", "境内深度合成服务算法备案清单（2023年8月）"),
        ("ds-08", "2024-11", "境内深度合成服务算法备案清单（2024年10月）"),
    ):
        assert NOTICES[key]["date"][:7] == page_month
        assert links(replica_server.base_url, NOTICES[key]["path"])[0][1] == list_name


def test_the_algorithm_page_links_one_docx_per_sampled_period_and_a_404(replica_server):
    found = links(replica_server.base_url, ALGORITHM_PAGE)
    periods = [batch.name for batch in real_batches("algorithm")]
    assert [text for _, text in found] == [*periods, f"{periods[0]}（原版）"]
    referer = replica_server.base_url + ALGORITHM_PAGE
    assert [fetch(url, referer)[0] for url, _ in found] == [200] * len(periods) + [404]


def test_the_genai_page_links_one_pdf_per_period_with_the_published_link_texts(replica_server):
    texts = [text for _, text in links(replica_server.base_url, GENAI_PAGE)]
    assert texts == [batch.name for batch in real_batches("genai")]
    assert texts[0] == "生成式人工智能服务已备案信息（2024年4月）"
    assert texts[1] == "生成式人工智能服务已备案和已登记信息（2024年11月）"
    assert "附件7：生成式人工智能服务已备案和已登记信息（2025年8月）" in texts


def test_the_period_notice_links_the_same_bytes_as_the_page_under_another_token(replica_server):
    base = replica_server.base_url
    [(url, text)] = links(base, PERIOD_NOTICE)
    [(page_url, _)] = [(u, t) for u, t in links(base, GENAI_PAGE) if t.endswith("（2025年8月）")]
    status, headers, body = fetch(url, base + PERIOD_NOTICE)
    assert NOTICES["genai-2025-08"]["title"] == (
        "关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）"
    )
    assert text == "生成式人工智能服务已备案和已登记信息（2025年8月）"
    assert token(url) != token(page_url)
    assert (status, body[:4]) == (200, b"%PDF")
    assert body == fetch(page_url, base + GENAI_PAGE)[2]
    assert disposition_name(headers) == "生成式人工智能服务已备案和已登记信息（2025年8月）.pdf"


def test_annual_notices_state_the_totals_and_relink_a_period_file(replica_server):
    base = replica_server.base_url
    page = {token(u): fetch(u, base + GENAI_PAGE)[2] for u, _ in links(base, GENAI_PAGE)}
    stated = (
        "累计有302款生成式人工智能服务完成备案，105款",
        "累计有748款生成式人工智能服务完成备案，435款",
    )
    for path, year, total in zip(ANNUAL_NOTICE_PATHS, (2024, 2025), stated, strict=True):
        html = fetch(base + path)[2].decode("utf-8")
        [(url, _)] = links(base, path)
        assert f"国家互联网信息办公室关于发布{year}年生成式人工智能服务已备案信息的公告" in html
        assert f"截至{year}年12月31日，{total}生成式人工智能应用或功能完成登记" in html
        assert token(url) not in page
        assert fetch(url, base + path)[2] in page.values()


def test_the_on_device_notice_links_its_pdf_of_seven_services(replica_server):
    base = replica_server.base_url
    html = fetch(base + ON_DEVICE_PAGE)[2].decode("utf-8")
    [(url, text)] = links(base, ON_DEVICE_PAGE)
    assert "关于发布7款提供手机端侧生成式人工智能服务已备案信息的公告" in html
    assert text == "提供手机端侧生成式人工智能服务已备案信息（2026年7月）"
    assert fetch(url, base + ON_DEVICE_PAGE)[2][:4] == b"%PDF"


def test_download_requires_referer_and_names_the_file(replica_server):
    notice_url = replica_server.base_url + NOTICES["ds-01"]["path"]
    url, _ = links(replica_server.base_url, NOTICES["ds-01"]["path"])[0]
    status, headers, body = fetch(url)
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert "请通过页面中的链接下载附件" in body.decode("utf-8")
    status, headers, body = fetch(url, referer=notice_url)
    assert (status, headers["Content-Type"], body[:4]) == (200, DOCX_TYPE, b"PK\x03\x04")
    assert disposition_name(headers) == "境内深度合成服务算法备案清单（2023年6月）.docx"


def test_real_attachment_tokens_are_kept(replica_server):
    [batch_1] = [b for b in real_batches("deep_synthesis") if b.period == "2023-06"]
    url, _ = links(replica_server.base_url, NOTICES["ds-01"]["path"])[0]
    assert token(url) == url_token(batch_1.url)
    assert token(url).startswith("ekdHFflbXTKqZLE43DV~bcUMEhfQ2ANCVVPSXPwADu0A")


def test_the_challenge_fault_is_an_extra_correction_link_answering_200(replica_server):
    found = links(replica_server.base_url, NOTICES["ds-02"]["path"])
    assert [text for _, text in found] == [
        "境内深度合成服务算法备案清单（2023年8月）",
        "境内深度合成服务算法备案清单（2023年8月）（更正）",
    ]
    status, headers, body = fetch(found[1][0], referer=replica_server.base_url + "/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert "知道创宇云防御" in body.decode("utf-8")
    unknown = replica_server.base_url + "/cms/pub/interact/downloadfile.jsp?filepath=nope"
    assert fetch(unknown, referer=replica_server.base_url + "/")[0] == 404


def test_list_pages_paginate_and_link_every_site_notice_but_no_cancellation(replica_server):
    url, seen, pages = replica_server.base_url + "/wxzw/A0937index_1.htm", [], 0
    while url:
        status, _, body = fetch(url)
        html = body.decode("utf-8")
        assert status == 200
        pages += 1
        seen += re.findall(r'<li><a href="([^"]+)"', html)
        nxt = re.search(r'<a href="([^"]+)">下一页</a>', html)
        url = replica_server.base_url + nxt.group(1) if nxt else None
    site = [n["path"] for n in SEED["notices"] if n["host"] == "www"]
    assert (pages, len(seen)) == (4, 28)  # 18 batches, 3 pages, 3 genAI notices, 4 others
    assert sorted(seen) == sorted(site)
    assert not any(n["family"] == "cancellation" for n in SEED["notices"] if n["path"] in seen)


def test_robots_and_missing_pages(replica_server):
    status, _, body = fetch(replica_server.base_url + "/robots.txt")
    assert status == 200
    assert "Disallow: /cms/admin/" in body.decode("utf-8")
    assert fetch(replica_server.base_url + "/downloads.json")[0] == 404
    assert fetch(replica_server.base_url + "/../etc/passwd")[0] == 404


# --- beian.cac.gov.cn ----------------------------------------------------------------------


def test_the_notice_api_is_a_pinned_snapshot_without_batch_one(replica_server):
    payload = api(replica_server.base_url)
    datas = payload["datas"]
    assert (payload["errno"], payload["errmsg"]) == (0, "")
    assert api(replica_server.base_url, "?page=2&size=5") == payload
    assert {tuple(entry) for entry in datas} == {
        ("noticeId", "type", "title", "content", "createTime")
    }
    ds = {entry["content"] for entry in datas if entry["type"] == 3}
    pages = {f"https://www.cac.gov.cn{path}" for _, path, _, _ in DEEP_SYNTHESIS_BATCHES.values()}
    pages.remove("https://www.cac.gov.cn/2023-09/01/c_1695224377544009.htm")
    pages.add("http://www.cac.gov.cn/2023-09/01/c_1695224377544009.htm")  # as published
    assert ds == pages - {"https://www.cac.gov.cn/2023-06/20/c_1688910683316256.htm"}
    assert len(datas) == 17 + 4 + 2
    assert [e["createTime"] for e in datas] == sorted(
        (e["createTime"] for e in datas), reverse=True
    )


def test_cancellations_are_only_on_the_filing_system_with_html_content(replica_server):
    datas = api(replica_server.base_url)["datas"]
    cancellations = [entry for entry in datas if entry["type"] == 2]
    assert {entry["noticeId"] for entry in cancellations} == REAL_NOTICE_IDS
    assert {entry["title"] for entry in cancellations} == {
        "关于注销“天朝人脸融合算法”等算法备案编号的公告",
        "关于注销“宠胖胖智能问答算法”等5个算法备案编号的公告",
        "关于注销“书链鲸咕噜大模型算法”等算法备案编号的公告",
        "关于注销“生成无限多模态大模型算法-1”等5个算法备案编号的公告",
    }
    for entry in cancellations:
        assert entry["content"].startswith("<p>根据《互联网信息服务算法推荐管理规定》")
        assert re.search(
            r'<a href="/static/fileUpload/\d{8}/[0-9a-f-]{36}\.pdf">', entry["content"]
        )
        assert "cac.gov.cn" not in entry["content"]
    assert all(n["path"] is None for n in SEED["notices"] if n["family"] == "cancellation")


def test_a_cancellation_list_is_a_pdf_at_file_download_and_its_quoted_path_is_404(replica_server):
    base = replica_server.base_url
    entry = next(e for e in api(base)["datas"] if e["title"].startswith("关于注销“宠胖胖"))
    status, headers, body = fetch(f"{base}/api/file/fileDownLoad?noticeId={entry['noticeId']}")
    assert (status, headers["Content-Type"], body[:4]) == (200, "application/pdf", b"%PDF")
    assert disposition_name(headers) == f"{entry['title']}.pdf"
    quoted = re.search(r'href="([^"]+)"', entry["content"])[1]
    assert fetch(base + quoted)[0] == 404
    assert fetch(f"{base}/api/file/fileDownLoad?noticeId=notice_unknown")[0] == 404


# --- the rows a crawl must produce -----------------------------------------------------------


def test_expected_rows_per_list_type_and_origin():
    assert Counter((r["list_type"], r["real"]) for r in EXPECTED) == {
        ("deep_synthesis", True): 129,
        ("deep_synthesis", False): 39,  # 3 in each of the 13 batches the sample lacks
        ("algorithm", True): 92,
        ("genai_filed", True): 190,  # 189 sampled + Apple智能 of the on-device notice
        ("genai_filed", False): 6,  # the on-device notice's other services
        ("genai_registered", True): 102,
        ("cancellation", True): 16,
    }


def test_every_sampled_real_row_comes_out_once_with_its_expected_values():
    def key(list_type: str, values: dict, numbered: bool) -> tuple:
        fields = [f for f in ROW_FIELDS if not (numbered and f == "seq")]
        return (list_type, *(values[f] for f in fields))

    sampled = Counter(
        key(row.list_type, row.expected, family == "cancellation")
        for family in ("deep_synthesis", "algorithm", "genai", "cancellation")
        for batch in real_batches(family)
        for row in batch.rows
    )
    got = Counter(
        key(r["list_type"], r, r["list_type"] == "cancellation")
        for r in EXPECTED
        if r["real"] and r["filing_no"] != "Shanghai-AppleZhiNeng-202506160057"
    )
    assert got == sampled
    assert sum(sampled.values()) == 129 + 92 + 189 + 102 + 16


def test_a_file_linked_twice_counts_once_under_the_earliest_notice():
    genai = [r for r in EXPECTED if r["list_type"].startswith("genai")]
    page_token = next(
        a["token"] for a in NOTICES["genai"]["attachments"] if a["batch"] == "2025-08"
    )
    august = [r for r in genai if r["batch"] == "2025-08"]
    assert len(august) == 16 + 7
    assert {(r["notice_path"], r["attachment_token"]) for r in august} == {(GENAI_PAGE, page_token)}
    assert Counter(r["notice_path"] for r in genai) == {GENAI_PAGE: 291, ON_DEVICE_PAGE: 7}
    assert {r["batch"] for r in genai if r["notice_path"] == ON_DEVICE_PAGE} == {"2026-07"}


def test_cancellation_rows_point_at_the_filing_system():
    rows = [r for r in EXPECTED if r["list_type"] == "cancellation"]
    assert {r["notice_id"] for r in rows} == REAL_NOTICE_IDS
    for row in rows:
        assert row["notice_path"] == f"/#/notice/{row['notice_id']}"
        assert row["attachment_path"] == f"/api/file/fileDownLoad?noticeId={row['notice_id']}"
        assert (row["notice_url"], row["attachment_token"]) == (None, None)
    assert Counter(r["batch"] for r in rows) == {
        "2025-09": 5,
        "2026-01": 5,
        "2026-03": 1,
        "2026-05": 5,
    }


def test_blank_serial_numbers_where_the_real_lists_have_them():
    blank = {(r["list_type"], r["batch"]) for r in EXPECTED if r["seq"] == ""}
    assert blank == {
        ("deep_synthesis", "2025-03"),
        ("deep_synthesis", "2025-05"),
        ("deep_synthesis", "2025-07"),
        ("algorithm", "2025-07"),
    }
    assert all(r["seq"] == "" for r in EXPECTED if (r["list_type"], r["batch"]) in blank)


def test_real_quirks_come_out_as_printed():
    by_number = {r["filing_no"]: r for r in EXPECTED if r["list_type"] != "cancellation"}
    late = [r for r in EXPECTED if r["filing_date_note"]]
    assert len(late) == 12
    assert {r["filing_date_note"] for r in late} == {"补登"}
    assert by_number["Liaoning-YunKong-20260224S0004"]["filing_date"] == "2026-02-24"
    truncated = by_number["Jiangsu-SiWeiXiangLiangZhiSuanYun-"]
    assert (truncated["list_type"], truncated["batch"]) == ("genai_registered", "2025-10")
    swapped = by_number["Guangdong-ShangTangAIDaiMaShengChengMoXing-202503050020"]
    assert (swapped["name"], swapped["company"]) == ("深圳市商汤科技有限公司", "商汤AI代码生成模型")
    central = {r["filing_no"].split("-")[0] for r in EXPECTED if r["jurisdiction"] == "国资委"}
    assert central == {"ZhongYangQiYe"}
    renamed = by_number["网信算备110108967965002230013号"]["remarks"]
    assert renamed == "原主体名称“北京懂球帝科技有限公司”变更为“北京多格科技有限公司”"


def test_a_category_printed_in_a_cancellation_role_comes_out_as_the_category():
    [row] = [
        r
        for r in EXPECTED
        if r["filing_no"] == "网信算备330110985154602230015号" and r["list_type"] == "cancellation"
    ]
    assert (row["role"], row["category"], row["cancel_month"]) == ("", "个性化推送类", "2026-01")
    listed = next(r for r in EXPECTED if r["filing_no"] == row["filing_no"] and r is not row)
    assert (listed["list_type"], listed["remarks"]) == ("algorithm", "已注销")


def test_docx_lists_print_dirty_cells_and_one_batch_has_nine_columns(replica_server):
    base = replica_server.base_url
    url, _ = links(base, NOTICES["ds-02"]["path"])[0]
    table = docx.Document(io.BytesIO(fetch(url, base + "/")[2])).tables[0]
    assert {len(row.cells) for row in table.rows} == {9}
    assert table.rows[0].cells[5].text == table.rows[0].cells[6].text == "主要用途"
    rows = [r for n in SEED["notices"] for a in n["attachments"] for r in a.get("rows", [])]
    raw = [text for r in rows for text in r.get("raw", {}).values()]
    assert len(raw) == 26
    assert any("\n" in text for text in raw)
    assert any(re.search("[０-９]", text) for text in raw)


def test_a_published_batch_appears_on_the_list_pages_with_its_document(small_replica):
    base, server = small_replica.base_url, small_replica.server
    before = api(base)
    notice = new_batch(0)
    publish(server.site_dir, server, small_seed(), [notice])
    first_page = fetch(base + "/wxzw/A0937index_1.htm")[2].decode("utf-8")
    [(url, text)] = links(base, notice["path"])
    status, headers, body = fetch(url, base + notice["path"])
    table = docx.Document(io.BytesIO(body)).tables[0]
    assert notice["path"] in first_page
    assert text == "境内深度合成服务算法备案清单（2026年8月）"
    assert (status, headers["Content-Type"]) == (200, DOCX_TYPE)
    assert [row.cells[6].text for row in table.rows[1:]] == [
        f"网信算备3301069000000012600{seq:02d}号" for seq in (1, 2, 3)
    ]
    assert api(base) == before  # the API's snapshot is pinned


def test_genai_pdfs_cross_pages_without_a_header_and_split_a_tall_row(replica_server):
    base = replica_server.base_url
    page_starts = []
    for url, text in links(base, GENAI_PAGE):
        with pdfplumber.open(io.BytesIO(fetch(url, base + GENAI_PAGE)[2])) as pdf:
            for page in pdf.pages[1:]:
                first_row = page.extract_tables()[0][0]
                page_starts.append((text, first_row[0]))
    assert ("生成式人工智能服务已备案信息（2024年4月）", "35") in page_starts
    assert ("生成式人工智能服务已备案和已登记信息（2024年11月）", "") in page_starts  # a fragment
    assert "序号" not in {seq for _, seq in page_starts}
