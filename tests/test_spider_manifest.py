"""The pipelines after the spider: which notices go on, the download requests, and what the
manifest and the notice state record of notices linking the same file."""

import json
from itertools import permutations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import NoticeItem
from crawler.pipelines import AttachmentsPipeline, ManifestPipeline, ValidationPipeline
from tests.helpers import project_settings

SITE = "https://www.cac.gov.cn"
GENAI_PAGE = f"{SITE}/2024-04/02/c_1713729983803145.htm"
PERIOD = f"{SITE}/2025-09/10/c_1759222982377536.htm"
ANNUAL = f"{SITE}/2026-01/09/c_1769688009588554.htm"
AUGUST = f"{SITE}/cms/pub/interact/downloadfile.jsp?filepath=tok-2025-08&fText=a.pdf"
AUGUST_AGAIN = f"{SITE}/cms/pub/interact/downloadfile.jsp?filepath=tok-annual&fText=b.pdf"
CANCEL = "https://beian.cac.gov.cn/#/notice/notice_1"
CANCEL_FILE = "https://beian.cac.gov.cn/api/file/fileDownLoad?noticeId=notice_1"
SHA = "a" * 64
TOTALS = {"genai_filed": 748, "genai_registered": 435, "as_of": "2025-12-31"}


def attachment(url: str, text: str, batch: str, family: str = "genai", **extra) -> dict:
    return {
        "url": url,
        "text": text,
        "batch": batch,
        "family": family,
        "inline": False,
        "referer": extra.pop("referer", ""),
        "stated_total": extra.pop("stated_total", None),
    }


def stored(item: NoticeItem, sha: str = SHA) -> NoticeItem:
    """The item as AttachmentsPipeline leaves it: every attachment downloaded."""
    item.files = [
        {"url": a["url"], "path": f"full/{a['url'][-5:]}", "checksum": sha, "status": "downloaded"}
        for a in item.attachments
    ]
    return item


def genai_page() -> NoticeItem:
    text = "附件7：生成式人工智能服务已备案和已登记信息（2025年8月）"
    return NoticeItem(
        url=GENAI_PAGE,
        title="生成式人工智能服务已备案信息公告",
        published="2024-04-02",
        family="genai",
        attachments=[attachment(AUGUST, text, "2025-08")],
        fingerprint="f-page",
    )


def period_notice() -> NoticeItem:
    return NoticeItem(
        url=PERIOD,
        title="关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）",
        published="2025-09-10",
        family="genai",
        attachments=[
            attachment(AUGUST, "生成式人工智能服务已备案和已登记信息（2025年8月）", "2025-08")
        ],
        fingerprint="f-period",
    )


def annual_notice() -> NoticeItem:
    return NoticeItem(
        url=ANNUAL,
        title="国家互联网信息办公室关于发布2025年生成式人工智能服务已备案信息的公告",
        published="2026-01-09",
        family="genai",
        kind="annual",
        stated_totals=dict(TOTALS),
        attachments=[attachment(AUGUST_AGAIN, "2025年生成式人工智能服务已备案和已登记信息", "")],
        fingerprint="f-annual",
    )


@pytest.fixture
def manifest_pipeline(tmp_path):
    crawler = get_crawler(settings_dict=project_settings())
    return ManifestPipeline(tmp_path / "manifest.json", tmp_path / "notices.json", crawler.stats)


def run(pipeline: ManifestPipeline, *items: NoticeItem) -> tuple[dict, dict]:
    for item in items:
        pipeline.process_item(stored(item))
    pipeline.close_spider()
    return (
        json.loads(pipeline.manifest_path.read_text(encoding="utf-8")),
        json.loads(pipeline.notice_state_path.read_text(encoding="utf-8")),
    )


def test_a_url_linked_from_two_notices_records_both_the_earliest_first(manifest_pipeline) -> None:
    manifest, _ = run(manifest_pipeline, period_notice(), genai_page())
    entry = manifest[AUGUST]
    assert [link["notice_url"] for link in entry["linked_from"]] == [GENAI_PAGE, PERIOD]
    assert entry["notice_url"] == GENAI_PAGE
    assert entry["published"] == "2024-04-02"
    assert entry["link_text"] == "附件7：生成式人工智能服务已备案和已登记信息（2025年8月）"
    assert (entry["notice_kind"], entry["stated_totals"], entry["batch"]) == (
        "list",
        None,
        "2025-08",
    )
    assert entry["also_linked_from"] == [
        {
            "url": AUGUST,
            "notice_url": PERIOD,
            "notice_title": "关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）",
            "published": "2025-09-10",
            "notice_kind": "list",
        }
    ]


def test_the_manifest_does_not_depend_on_the_order_notices_arrive_in(tmp_path) -> None:
    crawler = get_crawler(settings_dict=project_settings())
    results = []
    for number, order in enumerate(permutations([genai_page, period_notice, annual_notice])):
        directory = tmp_path / str(number)
        pipeline = ManifestPipeline(directory / "m.json", directory / "n.json", crawler.stats)
        results.append(run(pipeline, *(make() for make in order)))
    assert all(result == results[0] for result in results)


def test_an_annual_notice_is_recorded_with_its_kind_and_stated_totals(manifest_pipeline) -> None:
    manifest, state = run(manifest_pipeline, genai_page(), annual_notice())
    entry = manifest[AUGUST_AGAIN]
    assert entry["notice_kind"] == "annual"
    assert entry["stated_totals"] == TOTALS
    assert entry["notice_url"] == ANNUAL
    assert [link["url"] for link in entry["also_linked_from"]] == [AUGUST]  # the same bytes
    assert [link["url"] for link in manifest[AUGUST]["also_linked_from"]] == [AUGUST_AGAIN]
    assert state[ANNUAL] == {
        "fingerprint": "f-annual",
        "title": "国家互联网信息办公室关于发布2025年生成式人工智能服务已备案信息的公告",
        "published": "2026-01-09",
        "kind": "annual",
        "stated_totals": TOTALS,
        "attachments": [AUGUST_AGAIN],
    }
    assert state[GENAI_PAGE]["kind"] == "list"
    assert "stated_totals" not in state[GENAI_PAGE]


def test_bytes_linked_once_carry_no_other_links(manifest_pipeline) -> None:
    manifest, _ = run(manifest_pipeline, genai_page())
    assert "also_linked_from" not in manifest[AUGUST]
    assert len(manifest[AUGUST]["linked_from"]) == 1


def test_an_entry_written_before_linked_from_keeps_its_notice(manifest_pipeline) -> None:
    manifest_pipeline.entries[AUGUST] = {
        "url": AUGUST,
        "sha256": SHA,
        "path": "full/x.pdf",
        "notice_url": PERIOD,
        "notice_title": "关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）",
        "published": "2025-09-10",
        "link_text": "生成式人工智能服务已备案和已登记信息（2025年8月）",
        "batch": "2025-08",
        "family": "genai",
    }
    manifest, _ = run(manifest_pipeline, genai_page())
    assert [link["notice_url"] for link in manifest[AUGUST]["linked_from"]] == [GENAI_PAGE, PERIOD]


def test_an_annual_notice_without_attachments_and_a_notice_of_bad_links_go_on() -> None:
    validation = ValidationPipeline()
    annual = NoticeItem(url=ANNUAL, title="年度", published="2026-01-09", family="genai")
    annual.kind = "annual"
    refused = NoticeItem(url=PERIOD, title="公告", published="2026-05-06", family="genai")
    refused.failures = [{"url": "javascript:void(0)", "text": "清单", "reason": "not followed"}]
    assert validation.process_item(annual) is annual
    assert validation.process_item(refused) is refused
    with pytest.raises(DropItem):
        validation.process_item(NoticeItem(url=PERIOD, title="公告", published="", family="genai"))


def test_a_notice_of_bad_links_reports_them_and_is_not_remembered(manifest_pipeline) -> None:
    item = NoticeItem(url=PERIOD, title="公告", published="2026-05-06", family="genai")
    item.failures = [{"url": "javascript:void(0)", "text": "清单.docx", "reason": "not followed"}]
    manifest_pipeline.process_item(item)
    manifest_pipeline.close_spider()
    assert manifest_pipeline.failures == [
        {
            "url": "javascript:void(0)",
            "text": "清单.docx",
            "reason": "not followed",
            "notice_url": PERIOD,
        }
    ]
    assert not manifest_pipeline.notice_state_path.exists()


def test_downloads_send_the_referer_the_spider_names(tmp_path) -> None:
    settings = project_settings(
        FILES_STORE=str(tmp_path / "files"),
        CAC_DATA_DIR=str(tmp_path),
        CAC_MANIFEST=str(tmp_path / "manifest.json"),
        CAC_NOTICE_STATE=str(tmp_path / "notices.json"),
    )
    pipeline = AttachmentsPipeline.from_crawler(get_crawler(settings_dict=settings))
    cancellation = NoticeItem(
        url=CANCEL,
        title="关于注销“X”等1个算法备案编号的公告",
        published="2026-03-12",
        family="cancellation",
        attachments=[
            attachment(CANCEL_FILE, "注销", "", "cancellation", referer="https://beian.cac.gov.cn/")
        ],
    )
    page = genai_page()
    requests = [*pipeline.get_media_requests(cancellation, None)]
    requests += pipeline.get_media_requests(page, None)
    assert [(r.url, r.headers["Referer"]) for r in requests] == [
        (CANCEL_FILE, b"https://beian.cac.gov.cn/"),
        (AUGUST, GENAI_PAGE.encode()),  # no referer named: the notice
    ]
