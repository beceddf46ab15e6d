"""Batch and list type of the table's rows: from the link text, the document, the family."""

import hashlib

import pandas as pd
import pytest

from crawler import table
from crawler.paths import DataPaths
from crawler.storage import write_bytes_atomic, write_json_atomic
from crawler.table import build_table, entry_links, row_batches
from tests.helpers import parsed_rows

ON_DEVICE = "https://www.cac.gov.cn/2026-07/15/c_1785861480767004.htm"
DS_2 = "https://www.cac.gov.cn/2023-09/01/c_1695224377544009.htm"
CANCEL = "https://beian.cac.gov.cn/#/notice/notice_1"


@pytest.mark.parametrize(
    ("link", "document", "batch"),
    [
        # the month the link text names, even when the document's own title names another
        (
            {"batch": "2023-08", "published": "2023-09-01", "family": "deep_synthesis"},
            "2023-09",
            "2023-08",
        ),
        # no month in the link text: the month in the document's own title
        ({"batch": "", "published": "2024-04-02", "family": "genai"}, "2024-03", "2024-03"),
        # neither: the notice's month (the on-device notice, 2026-07-15)
        ({"batch": "", "published": "2026-07-15", "family": "genai"}, "", "2026-07"),
        # a cancellation is batched by its notice's month whatever the document says
        ({"batch": "", "published": "2025-07-14", "family": "cancellation"}, "2025-06", "2025-07"),
        ({"batch": "2025-06", "published": "2025-07-14", "family": "cancellation"}, "", "2025-07"),
        # a cancellation without a date: what the link or the document names
        ({"batch": "", "published": "", "family": "cancellation"}, "2025-06", "2025-06"),
    ],
)
def test_row_batches(link: dict, document: str, batch: str) -> None:
    batches = row_batches(pd.Series([document, document]), link)
    assert list(batches) == [batch, batch]


def test_each_row_keeps_its_document_month_when_the_link_names_none() -> None:
    link = {"batch": "", "published": "2026-01-09", "family": "genai"}
    assert list(row_batches(pd.Series(["2025-11", "", "2025-12"]), link)) == [
        "2025-11",
        "2026-01",
        "2025-12",
    ]


PARSES = {
    b"ds": parsed_rows("网信算备1101080000001240001号", list_type=""),
    b"genai": pd.concat(
        [
            parsed_rows("Beijing-A-20260708", list_type=""),
            parsed_rows("Shanghai-B-20260708S0001", list_type=""),
        ]
    ),
    b"typed": parsed_rows("Beijing-A-20260708", list_type="genai_filed"),
    b"cancel": parsed_rows("网信算备1101080000001240001号", list_type="", batch="2025-06"),
}


@pytest.fixture
def paths(tmp_path, monkeypatch) -> DataPaths:
    monkeypatch.setattr(table, "parse_document", lambda data, **_: PARSES[data].copy())
    return DataPaths(tmp_path / "data")


def store(paths: DataPaths, url: str, data: bytes, **entry: object) -> None:
    """Store `data` at `url` with a manifest entry of top-level fields only (an older crawl)."""
    name = hashlib.sha1(url.encode()).hexdigest()
    write_bytes_atomic(paths.files / name, data)
    manifest = table.read_manifest(paths)
    manifest[url] = {"url": url, "path": name, "sha256": hashlib.sha256(data).hexdigest(), **entry}
    write_json_atomic(paths.manifest, manifest)


def test_blank_list_types_take_the_family_single_one_and_no_more(paths) -> None:
    store(paths, "u-ds", b"ds", family="deep_synthesis", notice_url=DS_2, published="2023-09-01")
    store(paths, "u-genai", b"genai", family="genai", notice_url=ON_DEVICE, published="2026-07-15")
    store(paths, "u-typed", b"typed", family="genai", notice_url=ON_DEVICE, published="2026-07-15")
    built = build_table(paths).table.set_index("attachment_url")
    assert list(built.loc[["u-ds"], "list_type"]) == ["deep_synthesis"]
    assert list(built.loc[["u-genai"], "list_type"]) == ["", ""]
    assert list(built.loc[["u-typed"], "list_type"]) == ["genai_filed"]
    assert set(built["batch"]) == {"2023-09", "2026-07"}


def test_a_cancellation_list_is_batched_by_its_notice_month(paths) -> None:
    store(
        paths, CANCEL, b"cancel", family="cancellation", notice_url=CANCEL, published="2025-07-14"
    )
    built = build_table(paths).table
    assert list(built["list_type"]) == ["cancellation"]
    assert list(built["batch"]) == ["2025-07"]
    assert list(built["notice_url"]) == [CANCEL]


def test_an_older_entry_of_an_annual_notice_is_recognised_by_its_title(paths) -> None:
    annual = "https://www.cac.gov.cn/2026-01/09/c_1769688009588554.htm"
    store(paths, "u-annual", b"typed", family="genai", notice_url=annual, published="2026-01-09")
    [link] = entry_links(table.read_manifest(paths)["u-annual"])
    assert link["notice_kind"] == "annual"
    assert build_table(paths).table.empty
