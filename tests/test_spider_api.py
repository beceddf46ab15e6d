"""The filing system's notice API: page URLs are followed, cancellation entries are notices
themselves with their list at fileDownLoad, and HTML content is never asked for."""

import json

import pytest
import scrapy

from crawler.items import NoticeItem
from tests.helpers import FIXTURES, file_response, fixture_response, make_spider

API = "https://beian.cac.gov.cn/api/notice/list"
SITE = "http://127.0.0.1:8765"
CANCEL_28 = "notice_9e2d7a41-3c6b-4e0f-8a15-6f4b2c9d0e37"
CANCEL_5 = "notice_1c8e5f2a-7b3d-4a9e-b6c0-d4e2f1a8b953"


def answers(spider, url: str = API) -> list:
    return list(spider.parse_api(fixture_response("notice-list.json", url)))


@pytest.fixture
def spider(tmp_path):
    return make_spider(tmp_path)


def test_the_api_gives_one_page_to_follow_and_two_cancellation_notices(spider) -> None:
    results = answers(spider)
    assert [type(result) for result in results] == [scrapy.Request, NoticeItem, NoticeItem]
    request = results[0]
    assert request.url == "https://www.cac.gov.cn/2026-07/17/c_1786032856662750.htm"
    assert request.callback == spider.parse_notice
    assert [item.url for item in results[1:]] == [
        f"https://beian.cac.gov.cn/#/notice/{CANCEL_28}",
        f"https://beian.cac.gov.cn/#/notice/{CANCEL_5}",
    ]
    assert spider.notices_read == 2
    assert spider.page_failures == []


def test_a_cancellation_notice_is_built_from_its_api_entry(spider) -> None:
    item = answers(spider)[1]
    assert item.title == "关于注销“仲帆PreWrite算法”等28个算法备案编号的公告"
    assert (item.published, item.family, item.kind) == ("2025-07-14", "cancellation", "list")
    assert item.attachments == [
        {
            "url": f"https://beian.cac.gov.cn/api/file/fileDownLoad?noticeId={CANCEL_28}",
            "text": item.title,
            "batch": "",
            "family": "cancellation",
            "inline": False,
            "referer": "https://beian.cac.gov.cn/",
            "stated_total": 28,
        }
    ]
    assert item.file_urls == [item.attachments[0]["url"]]
    assert len(item.fingerprint) == 64


def test_a_title_without_a_count_takes_the_count_from_the_content(spider) -> None:
    item = answers(spider)[2]
    assert item.title == "关于注销“智能客服对话生成算法”等算法备案编号的公告"
    assert item.published == "2026-03-12"
    assert item.attachments[0]["stated_total"] == 5


def test_html_content_and_the_static_path_it_quotes_are_never_asked_for(spider) -> None:
    requested = [result.url for result in answers(spider) if isinstance(result, scrapy.Request)]
    downloads = [url for item in answers(spider)[1:] for url in item.file_urls]
    everything = " ".join(requested + downloads)
    assert "/static/fileUpload/" not in everything
    assert "#/index" not in everything  # the link inside an unrelated entry's HTML
    assert "c_1713729983803145" not in everything  # a URL mentioned inside HTML text


def test_with_a_site_the_api_content_and_downloads_are_on_that_site(tmp_path) -> None:
    spider = make_spider(tmp_path, site=SITE)
    request, cancelled, _ = answers(spider, f"{SITE}/api/notice/list")
    assert request.url == f"{SITE}/2026-07/17/c_1786032856662750.htm"
    assert cancelled.url == f"{SITE}/#/notice/{CANCEL_28}"
    assert cancelled.file_urls == [f"{SITE}/api/file/fileDownLoad?noticeId={CANCEL_28}"]
    assert cancelled.attachments[0]["referer"] == f"{SITE}/"


def test_an_entry_on_another_host_is_not_followed(spider, tmp_path) -> None:
    payload = json.loads((FIXTURES / "notice-list.json").read_text(encoding="utf-8"))
    payload["datas"][0]["content"] = "https://mirror.example.org/2026-07/17/c_1786032856662750.htm"
    saved = tmp_path / "list.json"
    saved.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    results = list(spider.parse_api(file_response(saved, API, json=True)))
    assert [type(result) for result in results] == [NoticeItem, NoticeItem]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"errno": 500, "errmsg": "busy", "datas": []}', "notice API answered errno=500"),
        ("<html><body>维护中</body></html>", "notice API answered something other than JSON"),
    ],
)
def test_a_bad_api_answer_is_a_page_failure(spider, tmp_path, body: str, reason: str) -> None:
    saved = tmp_path / "answer"
    saved.write_text(body, encoding="utf-8")
    assert list(spider.parse_api(file_response(saved, API, json=True))) == []
    assert spider.page_failures == [{"url": API, "reason": reason}]


def test_a_cancellation_entry_without_notice_id_is_a_page_failure(spider, tmp_path) -> None:
    entry = {"type": 2, "title": "关于注销“X算法”等1个算法备案编号的公告", "content": "<p>注销</p>"}
    saved = tmp_path / "list.json"
    saved.write_text(json.dumps({"errno": 0, "errmsg": "", "datas": [entry]}), encoding="utf-8")
    assert list(spider.parse_api(file_response(saved, API, json=True))) == []
    assert spider.page_failures == [
        {"url": API, "reason": "notice '关于注销“X算法”等1个算法备案编号的公告' has no noticeId"}
    ]


def test_a_create_time_in_epoch_milliseconds_is_read_as_a_beijing_date(spider, tmp_path) -> None:
    entry = {
        "noticeId": "notice_x",
        "title": "关于注销“X算法”等1个算法备案编号的公告",
        "content": "<p>注销</p>",
        "createTime": 1752508800000,  # 2025-07-14 16:00 UTC = 2025-07-15 00:00 in Beijing
    }
    saved = tmp_path / "list.json"
    saved.write_text(json.dumps({"errno": 0, "errmsg": "", "datas": [entry]}), encoding="utf-8")
    [item] = spider.parse_api(file_response(saved, API, json=True))
    assert item.published == "2025-07-15"


def test_a_challenge_page_in_place_of_the_api_is_a_block(spider) -> None:
    assert list(spider.parse_api(fixture_response("challenge.htm", API))) == []
    assert spider.blocked == [{"url": API, "reason": "web-firewall challenge page (HTTP 200)"}]
    assert spider.page_failures == []


def test_an_entry_speaking_of_a_security_check_is_no_challenge(spider, tmp_path) -> None:
    payload = json.loads((FIXTURES / "notice-list.json").read_text(encoding="utf-8"))
    payload["datas"][3]["content"] = "<p>登录备案系统时请完成安全验证（人机验证）。</p>"
    saved = tmp_path / "list.json"
    saved.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    assert len(list(spider.parse_api(file_response(saved, API, json=True)))) == 3
    assert spider.blocked == []
