"""The two CAC hosts: real by default, both routed onto one --site (a replica)."""

import pytest

from crawler.hosts import SiteHosts
from crawler.paths import DataPaths
from crawler.run import crawl_settings

REAL = SiteHosts(site="https://www.cac.gov.cn", filing_site="https://beian.cac.gov.cn")
REPLICA = SiteHosts(site="http://127.0.0.1:8765", filing_site="http://127.0.0.1:8765")
PAGE = "/2025-09/10/c_1759222982377536.htm"
FILE = "/api/file/fileDownLoad?noticeId=notice_1"


@pytest.mark.parametrize(
    ("url", "real", "replica"),
    [
        (
            f"http://www.cac.gov.cn{PAGE}",
            f"https://www.cac.gov.cn{PAGE}",
            f"http://127.0.0.1:8765{PAGE}",
        ),
        (
            f"https://cac.gov.cn{PAGE}",
            f"https://www.cac.gov.cn{PAGE}",
            f"http://127.0.0.1:8765{PAGE}",
        ),
        (
            f"http://beian.cac.gov.cn{FILE}",
            f"https://beian.cac.gov.cn{FILE}",
            f"http://127.0.0.1:8765{FILE}",
        ),
        (f"http://127.0.0.1:8765{PAGE}", None, f"http://127.0.0.1:8765{PAGE}"),
        ("https://files.example.org/a.pdf", None, None),
        ("file:///C:/a.pdf", None, None),
        ("javascript:void(0)", None, None),
    ],
)
def test_urls_are_mapped_onto_the_configured_hosts(url, real, replica) -> None:
    assert REAL.map(url) == real
    assert REPLICA.map(url) == replica


def test_filing_system_notices_are_recorded_and_downloaded_on_the_filing_host() -> None:
    assert REAL.file_download("notice_ab-1") == (
        "https://beian.cac.gov.cn/api/file/fileDownLoad?noticeId=notice_ab-1"
    )
    assert REAL.board_notice("notice_ab-1") == "https://beian.cac.gov.cn/#/notice/notice_ab-1"
    assert REAL.filing_referer == "https://beian.cac.gov.cn/"
    assert REPLICA.file_download("n") == "http://127.0.0.1:8765/api/file/fileDownLoad?noticeId=n"


def test_a_site_routes_pages_filing_system_and_api_to_one_host(tmp_path) -> None:
    settings = crawl_settings(DataPaths(tmp_path), "http://127.0.0.1:8765/")
    assert {key: settings[key] for key in ("CAC_SITE", "CAC_FILING_SITE", "CAC_NOTICE_API")} == {
        "CAC_SITE": "http://127.0.0.1:8765",
        "CAC_FILING_SITE": "http://127.0.0.1:8765",
        "CAC_NOTICE_API": "http://127.0.0.1:8765/api/notice/list",
    }
    assert "CAC_SITE" not in crawl_settings(DataPaths(tmp_path))  # the real hosts stay
