"""Test helpers: saved responses with their real URLs, and spiders to read them."""

import json
from pathlib import Path
from typing import Any

import pandas as pd
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from crawler import settings
from crawler.parsers import OUTPUT_COLUMNS
from crawler.run import site_settings
from crawler.spiders.cac import CacSpider

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cac"


def file_response(path: Path, url: str, *, binary: bool = False, json: bool = False) -> Response:
    """A Scrapy response whose body is the file at `path`, as if fetched from `url`."""
    body = path.read_bytes()
    request = Request(url)
    if binary:
        return Response(url=url, body=body, request=request)
    if json:
        return TextResponse(url=url, body=body, encoding="utf-8", request=request)
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=request)


def fixture_response(name: str, url: str) -> Response:
    """The saved response tests/fixtures/cac/<name>, as if fetched from `url`."""
    return file_response(FIXTURES / name, url, json=name.endswith(".json"))


def project_settings(**overrides: Any) -> dict[str, Any]:
    """The project's Scrapy settings, with `overrides`."""
    values = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    return {**values, **overrides}


def make_spider(
    tmp_path: Path, *, site: str | None = None, seen: dict[str, Any] | None = None
) -> CacSpider:
    """A spider on the real hosts (or all on `site`), with the notice state `seen` (none: a
    first crawl)."""
    state = tmp_path / "notices.json"
    if seen is not None:
        state.write_text(json.dumps(seen), encoding="utf-8")
    overrides = {"CAC_NOTICE_STATE": str(state), **(site_settings(site) if site else {})}
    return CacSpider.from_crawler(get_crawler(CacSpider, project_settings(**overrides)))


def parsed_rows(*filing_nos: str, list_type: str = "genai_filed", batch: str = "") -> pd.DataFrame:
    """A parse as parse_document returns it: document columns and source_locator."""
    records = [
        {
            **dict.fromkeys(OUTPUT_COLUMNS, ""),
            "list_type": list_type,
            "batch": batch,
            "seq": str(n),
            "name": f"模型{n}",
            "company": "北京某某科技有限公司",
            "filing_no": number,
            "jurisdiction": "北京市",
            "source_locator": f"page 1 row {n + 1}",
        }
        for n, number in enumerate(filing_nos, start=1)
    ]
    return pd.DataFrame(records, columns=list(OUTPUT_COLUMNS))
