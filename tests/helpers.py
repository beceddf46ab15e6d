"""Test helpers: responses built from saved files, with their real URLs."""

from pathlib import Path

from scrapy.http import HtmlResponse, Request, Response, TextResponse


def file_response(path: Path, url: str, *, binary: bool = False, json: bool = False) -> Response:
    """A Scrapy response whose body is the file at `path`, as if fetched from `url`."""
    body = path.read_bytes()
    request = Request(url)
    if binary:
        return Response(url=url, body=body, request=request)
    if json:
        return TextResponse(url=url, body=body, encoding="utf-8", request=request)
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=request)
