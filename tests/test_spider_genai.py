"""Generative-AI notices: the long-lived page, a period's notice, annual notices, the on-device
notice, and attachment links the spider will not follow."""

from urllib.parse import quote

import pytest

from tests.helpers import fixture_response, make_spider

SITE = "https://www.cac.gov.cn"
DOWNLOAD = f"{SITE}/cms/pub/interact/downloadfile.jsp"
GENAI_PAGE = f"{SITE}/2024-04/02/c_1713729983803145.htm"
PERIOD = f"{SITE}/2025-09/10/c_1759222982377536.htm"
ANNUAL = f"{SITE}/2026-01/09/c_1769688009588554.htm"
ANNUAL_2024 = f"{SITE}/2025-01/08/c_1738034725920930.htm"
ON_DEVICE = f"{SITE}/2026-07/15/c_1785861480767004.htm"


def download(token: str, name: str) -> str:
    return f"{DOWNLOAD}?filepath={quote(token, safe='')}&fText={quote(name, safe='')}"


AUGUST_2025 = download(
    "tok-genai-2025-08", "附件7：生成式人工智能服务已备案和已登记信息（2025年8月）.pdf"
)


@pytest.fixture
def spider(tmp_path):
    return make_spider(tmp_path)


def test_the_genai_page_lists_each_period_once_on_the_site(spider) -> None:
    [item] = spider.parse_notice(fixture_response("genai-page.htm", GENAI_PAGE))
    assert (item.family, item.kind, item.published) == ("genai", "list", "2024-04-02")
    assert [(a["url"], a["text"], a["batch"]) for a in item.attachments] == [
        (
            download("tok-genai-2024-04", "生成式人工智能服务已备案信息（2024年4月）.pdf"),
            "生成式人工智能服务已备案信息（2024年4月）",
            "2024-04",
        ),
        (  # linked as http://www.cac.gov.cn/…, asked on the site
            download("tok-genai-2024-08", "生成式人工智能服务已备案和已登记信息（2024年8月）.pdf"),
            "生成式人工智能服务已备案和已登记信息（2024年8月）",
            "2024-08",
        ),
        (AUGUST_2025, "附件7：生成式人工智能服务已备案和已登记信息（2025年8月）", "2025-08"),
    ]
    assert {a["family"] for a in item.attachments} == {"genai"}
    assert {a["referer"] for a in item.attachments} == {GENAI_PAGE}


def test_links_off_the_site_are_reported_by_name_and_the_rest_is_kept(spider) -> None:
    [item] = spider.parse_notice(fixture_response("genai-page.htm", GENAI_PAGE))
    assert item.failures == [
        {
            "url": "file:///C:/Users/cac/Desktop/生成式人工智能服务已备案和已登记信息（2025年10月）.pdf",
            "text": "生成式人工智能服务已备案和已登记信息（2025年10月）",
            "reason": "link not followed: a file: link, not an http(s) download",
        },
        {
            "url": "https://files.example.org/生成式人工智能服务已备案和已登记信息（2025年12月）.pdf",
            "text": "生成式人工智能服务已备案和已登记信息（2025年12月）",
            "reason": "link not followed: files.example.org is another host than "
            "beian.cac.gov.cn or www.cac.gov.cn",
        },
    ]
    assert len(item.file_urls) == 3


def test_a_notice_whose_only_link_cannot_be_followed_is_yielded_to_report_it(spider) -> None:
    url = f"{SITE}/2026-05/06/c_1779809434590762.htm"
    [item] = spider.parse_notice(fixture_response("javascript-only.htm", url))
    assert item.attachments == []
    assert item.file_urls == []
    assert item.failures == [
        {
            "url": "javascript:void(0)",
            "text": "境内深度合成服务算法备案清单（2026年5月）.docx",
            "reason": "link not followed: a javascript: link, not an http(s) download",
        }
    ]


def test_a_period_notice_links_the_period_file_batched_by_its_link_text(spider) -> None:
    [item] = spider.parse_notice(fixture_response("genai-period.htm", PERIOD))
    assert item.title == "关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）"
    assert (item.family, item.kind, item.stated_totals) == ("genai", "list", None)
    assert item.published == "2025-09-10"
    assert [(a["url"], a["batch"]) for a in item.attachments] == [(AUGUST_2025, "2025-08")]


def test_an_annual_notice_states_its_cumulative_totals(spider) -> None:
    [item] = spider.parse_notice(fixture_response("annual-2025.htm", ANNUAL))
    assert (item.family, item.kind, item.published) == ("genai", "annual", "2026-01-09")
    assert item.stated_totals == {
        "genai_filed": 748,
        "genai_registered": 435,
        "as_of": "2025-12-31",
    }
    [attachment] = item.attachments
    assert attachment["text"] == "2025年生成式人工智能服务已备案和已登记信息"
    assert attachment["batch"] == ""


def test_an_annual_notice_without_attachments_is_kept_for_its_totals(spider) -> None:
    [item] = spider.parse_notice(fixture_response("annual-no-attachment.htm", ANNUAL_2024))
    assert item.kind == "annual"
    assert item.attachments == []
    assert item.failures == []
    assert item.stated_totals == {
        "genai_filed": 302,
        "genai_registered": 105,
        "as_of": "2024-12-31",
    }


def test_the_on_device_notice_is_a_genai_list_named_by_its_file(spider) -> None:
    [item] = spider.parse_notice(fixture_response("on-device.htm", ON_DEVICE))
    assert item.title == "关于发布7款提供手机端侧生成式人工智能服务已备案信息的公告"
    assert (item.family, item.kind, item.published) == ("genai", "list", "2026-07-15")
    assert item.attachments == [
        {
            "url": download("tok-on-device", "提供手机端侧生成式人工智能服务已备案信息.pdf"),
            "text": "提供手机端侧生成式人工智能服务已备案信息.pdf",  # the link has no text
            "batch": "",  # no month named: the table takes the notice's month
            "family": "genai",
            "inline": False,
            "referer": ON_DEVICE,
            "stated_total": 7,
        }
    ]
