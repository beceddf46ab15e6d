"""Attachment faults, one new batch each, all in one refresh; then a run without faults.

Each new batch's attachment misbehaves in its own way. Transient faults are retried within the
run; the others fail the attachment alone: the run exits 1 naming it, stores nothing of it, keeps
everything else, and the next run gets it.
"""

import io
import shutil
import zipfile
from dataclasses import dataclass

import pandas as pd
import pytest
from docx import Document

from replica.server import serve_in_thread
from replica.site import CONTENT_TYPES, DOWNLOAD_PATH, document_bytes
from replica.updates import new_batch, publish
from tests.refresh_helpers import (
    manifest,
    refresh,
    small_seed,
    snapshot,
    token_prefix,
)

pytestmark = pytest.mark.system

SEED = small_seed()
HTML = "text/html; charset=utf-8"
ERROR_PAGE = (
    b"<html><head><title>500 Internal Server Error</title></head>"
    b"<body><h1>500 Internal Server Error</h1></body></html>"
)


def unknown_layout_docx() -> bytes:
    document = Document()
    table = document.add_table(rows=2, cols=3)
    for row, texts in zip(
        table.rows, [["名称", "公司", "日期"], ["甲", "乙", "2026"]], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def corrupt_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body><w:tbl>broken")
    return out.getvalue()


def half_a_docx() -> bytes:
    whole = document_bytes(new_batch(0)["attachments"][0])
    return whole[: len(whole) // 2]


CORRUPT_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ngarbage\n%%EOF\n"
DOCX = CONTENT_TYPES["docx"]
# name: (fault, parameters, times, what the run says about it; None when retried and stored)
FAULTS = {
    "500_then_200": ("status", {"status": 500}, 1, None),
    "timeout_then_200": ("slow", {"delay": 3}, 1, None),
    "timeout": ("slow", {"delay": 3}, None, "timed out"),
    "reset": ("reset", {}, None, "connection reset by the server"),
    "error_page": (
        "body",
        {"body": ERROR_PAGE, "content_type": HTML},
        None,
        "HTML page instead of a document (error page)",
    ),
    "truncated": ("truncate", {}, None, "truncated: the connection closed before"),
    "cut_docx": (
        "body",
        {"body": half_a_docx(), "content_type": DOCX},
        None,
        "is truncated or corrupt (zip does not open)",
    ),
    "corrupt_docx": (
        "body",
        {"body": corrupt_docx(), "content_type": DOCX},
        None,
        "not a readable filing list",
    ),
    "corrupt_pdf": (
        "body",
        {"body": CORRUPT_PDF, "content_type": CONTENT_TYPES["pdf"]},
        None,
        "not a readable filing list",
    ),
    "unknown_layout": (
        "body",
        {"body": unknown_layout_docx(), "content_type": DOCX},
        None,
        "unknown column layout; headers found: ['名称', '公司', '日期']",
    ),
}
BATCHES = {name: new_batch(number) for number, name in enumerate(FAULTS)}
FAILING = [name for name, fault in FAULTS.items() if fault[3]]


@dataclass
class Scenario:
    """Both runs: the one with faults and the one after."""

    before: dict
    faulty: object
    faulty_requests: dict[str, int]
    middle: dict
    middle_table: pd.DataFrame
    after: object
    after_requests: dict[str, int]
    data_dir: object


def url_of(name: str, data_dir) -> str:
    return next(url for url in manifest(data_dir) if token_prefix(attachment(name)) in url)


def attachment(name: str) -> dict:
    return BATCHES[name]["attachments"][0]


def requests(server) -> dict[str, int]:
    return {name: server.request_count(token_prefix(attachment(name))) for name in FAULTS}


@pytest.fixture(scope="module")
def scenario(small_site, small_port, first_refresh, tmp_path_factory) -> Scenario:
    root = tmp_path_factory.mktemp("attachment-faults")
    data_dir = shutil.copytree(first_refresh.data_dir, root / "data")
    server, base_url = serve_in_thread(shutil.copytree(small_site, root / "site"), port=small_port)
    try:
        publish(server.site_dir, server, SEED, list(BATCHES.values()))
        for name, (fault, params, times, _) in FAULTS.items():
            server.inject(token_prefix(attachment(name)), fault, times=times, **params)
        before = snapshot(data_dir)
        parallel = ("-s", "CONCURRENT_REQUESTS=4", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4")
        faulty = refresh(data_dir, base_url, *parallel, "-s", "DOWNLOAD_TIMEOUT=1")
        faulty_requests = requests(server)
        middle, middle_table = snapshot(data_dir), table(data_dir)
        server.clear_faults()
        server.reset_log()
        after = refresh(data_dir, base_url)
        after_requests = requests(server)
    finally:
        server.shutdown()
        server.server_close()
    return Scenario(
        before, faulty, faulty_requests, middle, middle_table, after, after_requests, data_dir
    )


def test_the_faulty_run_exits_1_and_names_each_failed_attachment_once(scenario) -> None:
    assert scenario.faulty.returncode == 1, scenario.faulty.stderr
    failed = [line for line in scenario.faulty.stderr.splitlines() if line.startswith("download")]
    assert len(failed) == len(FAILING)
    assert "refresh: incomplete" in scenario.faulty.stderr


@pytest.mark.parametrize("name", FAILING)
def test_a_failed_attachment_is_named_with_url_and_reason(scenario, name) -> None:
    text, reason = attachment(name)["text"], FAULTS[name][3]
    [line] = [
        line
        for line in scenario.faulty.stderr.splitlines()
        if line.startswith(f"download failed: {text} <")
    ]
    assert f"{DOWNLOAD_PATH}?filepath=" in line
    assert reason in line


@pytest.mark.parametrize("name", ["500_then_200", "timeout_then_200"])
def test_a_transient_fault_is_retried_within_the_run(scenario, name) -> None:
    assert scenario.faulty_requests[name] == 2
    assert scenario.after_requests[name] == 0


@pytest.mark.parametrize("name", FAILING)
def test_a_failed_attachment_is_asked_again_by_the_next_run_only(scenario, name) -> None:
    retried = name in ("timeout", "reset", "truncated")
    # Twisted itself retries a GET once when a reused keep-alive connection is reset.
    expected = {"reset": (2, 4)}.get(name, (2, 2) if retried else (1, 1))
    assert expected[0] <= scenario.faulty_requests[name] <= expected[1]
    assert scenario.after_requests[name] == 1


def test_the_faulty_run_keeps_every_file_stored_before(scenario) -> None:
    raw = {path: state for path, state in scenario.before.items() if path.startswith("raw/files")}
    assert {path: scenario.middle[path] for path in raw} == raw
    assert len([path for path in scenario.middle if path.startswith("raw/files")]) == len(raw) + 2


def test_the_faulty_run_adds_only_the_batches_it_got(scenario) -> None:
    numbers = set(scenario.middle_table["filing_no"])
    for name in FAULTS:
        rows = {row["filing_no"] for row in attachment(name)["rows"]}
        assert (rows <= numbers) is (name not in FAILING), name


def test_the_next_run_gets_every_batch(scenario) -> None:
    assert scenario.after.returncode == 0, scenario.after.stderr
    numbers = set(table(scenario.data_dir)["filing_no"])
    for name in FAULTS:
        assert {row["filing_no"] for row in attachment(name)["rows"]} <= numbers, name
        assert url_of(name, scenario.data_dir)


def table(data_dir) -> pd.DataFrame:
    path = data_dir / "processed" / "filings.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
