"""Crawl the replica over real HTTP, parse everything, index it, and search it: all via the CLI."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from crawler.constants import DOCUMENT_COLUMNS, TABLE_COLUMNS
from replica.seed import expected_rows, load_seed

SEED = load_seed()
EXPECTED = expected_rows(SEED)
FAULTS = {
    attachment["fault"]: attachment
    for notice in SEED["notices"]
    for attachment in notice.get("attachments", [])
    if attachment.get("fault")
}
DOCUMENT_FIELDS = list(DOCUMENT_COLUMNS)


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed command line exactly as a user would."""
    command = [sys.executable, "-m", "crawler.cli", "--data-dir", str(data_dir), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def crawled(replica_server, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    result = cli("crawl", "--site", replica_server.base_url, data_dir=data_dir)
    return result, data_dir, replica_server.base_url


@pytest.fixture(scope="module")
def table(crawled) -> pd.DataFrame:
    _, data_dir, _ = crawled
    return pd.read_csv(data_dir / "processed" / "filings.csv", dtype=str, keep_default_na=False)


def token_of(url: str) -> str | None:
    return parse_qs(urlsplit(url).query).get("filepath", [None])[0]


def test_crawl_exits_1_and_names_both_broken_attachments(crawled) -> None:
    result, _, _ = crawled
    assert result.returncode == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("download failed:")]
    assert len(failures) == 2
    html_error, missing = FAULTS["html_error"], FAULTS["404"]
    assert any(html_error["text"] in line and "web-firewall challenge" in line for line in failures)
    assert any(missing["text"] in line and line.endswith(": HTTP 404") for line in failures)
    assert "Run incomplete" in result.stderr


def test_every_seed_row_comes_out_exactly_once_with_its_values(table) -> None:
    got = sorted(tuple(row) for row in table[DOCUMENT_FIELDS].itertuples(index=False))
    want = sorted(tuple(row[field] for field in DOCUMENT_FIELDS) for row in EXPECTED)
    assert len(table) == len(EXPECTED) == 150
    assert got == want


def test_rows_per_list_type(table) -> None:
    assert table["list_type"].value_counts().to_dict() == {
        "deep_synthesis": 55,
        "genai_filed": 45,
        "genai_registered": 25,
        "algorithm": 20,
        "cancellation": 5,
    }


def test_table_has_the_canonical_and_derived_columns_in_order(crawled, table) -> None:
    _, data_dir, _ = crawled
    assert list(table.columns) == list(TABLE_COLUMNS)
    parquet = pd.read_parquet(data_dir / "processed" / "filings.parquet")
    assert parquet.astype(str).equals(table)


def test_every_row_points_at_its_notice_and_attachment(crawled, table) -> None:
    _, _, base = crawled
    by_filing = {row["filing_no"]: row for row in EXPECTED if row["list_type"] != "cancellation"}
    for row in table[table["list_type"] != "cancellation"].itertuples():
        seed_row = by_filing[row.filing_no]
        assert row.notice_url == base + seed_row["notice_path"]
        assert token_of(row.attachment_url) == seed_row["attachment_token"]
        assert row.source_locator


def test_cancellations_come_from_the_notice_page_itself(crawled, table) -> None:
    _, _, base = crawled
    cancelled = table[table["list_type"] == "cancellation"]
    notice = next(n for n in SEED["notices"] if n["family"] == "cancellation")
    assert set(cancelled["attachment_url"]) == {base + notice["path"]}
    assert set(cancelled["filing_no"]) == {row["filing_no"] for row in notice["inline_rows"]}


def test_manifest_records_each_attachment_once_with_provenance(crawled, table) -> None:
    _, data_dir, base = crawled
    manifest = json.loads((data_dir / "raw" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest) == 9
    assert set(manifest) == set(table["attachment_url"])
    for url, entry in manifest.items():
        stored = (data_dir / "raw" / "files" / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(stored).hexdigest()
        assert entry["size"] == len(stored)
        assert entry["notice_url"].startswith(base)
        assert entry["notice_title"]
        assert entry["published"][:4] in {"2022", "2023", "2024", "2025", "2026"}
        assert entry["batch"] == table.loc[table["attachment_url"] == url, "batch"].iloc[0]


def test_manifest_keeps_type_and_name_from_the_headers(crawled) -> None:
    _, data_dir, _ = crawled
    manifest = json.loads((data_dir / "raw" / "manifest.json").read_text(encoding="utf-8"))
    pdf = next(entry for entry in manifest.values() if entry["format"] == "pdf")
    assert pdf["content_type"] == "application/pdf"
    assert pdf["filename"].startswith("生成式人工智能服务")
    assert pdf["filename"].endswith(".pdf")
    assert sorted(entry["format"] for entry in manifest.values()) == sorted(
        ["docx"] * 6 + ["xlsx", "pdf", "html"]
    )


def test_broken_attachments_are_not_stored(crawled) -> None:
    _, data_dir, _ = crawled
    manifest = json.loads((data_dir / "raw" / "manifest.json").read_text(encoding="utf-8"))
    tokens = {token_of(url) for url in manifest}
    assert FAULTS["html_error"]["token"] not in tokens
    assert FAULTS["404"]["token"] not in tokens
    assert len(list((data_dir / "raw" / "files" / "full").iterdir())) == 9


def test_search_finds_bytedance_and_nothing_else(crawled, table) -> None:
    _, data_dir, _ = crawled
    result = cli("search", "字节", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    text = table["name"] + table["company"] + table["product"] + table["purpose"]
    assert len(rows) == text.str.contains("字节").sum() > 0
    assert all(
        "字节" in row["name"] + row["company"] + row["product"] + row["purpose"] for row in rows
    )
    assert all(row["notice_url"] and row["attachment_url"] for row in rows)


def test_search_by_algorithm_type_and_filter(crawled, table) -> None:
    _, data_dir, _ = crawled
    result = cli("search", "人脸", "--type", "deep_synthesis", "--format", "csv", data_dir=data_dir)
    rows = pd.read_csv(__import__("io").StringIO(result.stdout), dtype=str, keep_default_na=False)
    deep = table[table["list_type"] == "deep_synthesis"]
    text = deep["name"] + deep["company"] + deep["product"] + deep["purpose"]
    assert len(rows) == text.str.contains("人脸").sum() > 0
    assert set(rows["list_type"]) == {"deep_synthesis"}


def test_search_for_something_absent_finds_nothing(crawled) -> None:
    _, data_dir, _ = crawled
    result = cli("search", "潜水艇", "--format", "json", data_dir=data_dir)
    assert json.loads(result.stdout) == []


def test_build_rebuilds_the_same_table_from_raw(crawled, table, tmp_path) -> None:
    _, data_dir, _ = crawled
    result = cli("build", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rebuilt = pd.read_csv(data_dir / "processed" / "filings.csv", dtype=str, keep_default_na=False)
    assert rebuilt.equals(table)


def test_manifest_keeps_the_total_each_notice_states(crawled, table) -> None:
    _, data_dir, _ = crawled
    manifest = json.loads((data_dir / "raw" / "manifest.json").read_text(encoding="utf-8"))
    deep = {url: e for url, e in manifest.items() if e["family"] == "deep_synthesis"}
    assert len(deep) == 5
    for url, entry in deep.items():
        assert entry["stated_total"] == (table["attachment_url"] == url).sum()
    cancellation = next(e for e in manifest.values() if e["family"] == "cancellation")
    assert cancellation["stated_total"] == 5


CANCELLATION_NOTICE = next(n for n in SEED["notices"] if n["family"] == "cancellation")
CANCELLED = {row["filing_no"] for row in CANCELLATION_NOTICE["inline_rows"]}


def test_the_five_cancelled_filings_are_marked_and_stay(crawled, table) -> None:
    _, _, base = crawled
    notice_url = base + CANCELLATION_NOTICE["path"]
    listed = table[table["list_type"] != "cancellation"]
    cancelled = listed[listed["status"] == "cancelled"]
    assert set(cancelled["filing_no"]) == CANCELLED
    assert len(cancelled) == 5
    assert set(cancelled["cancelled_by"]) == {notice_url}
    assert set(cancelled["cancelled_on"]) == {"2026-05-06"}
    active = listed[listed["status"] == "active"]
    assert len(active) == len(listed) - 5
    assert set(active["cancelled_by"]) == set(active["cancelled_on"]) == {""}
    notices = table[table["list_type"] == "cancellation"]
    assert set(notices["status"]) == {"cancellation"}
    assert set(notices["cancelled_by"]) == {notice_url}


def test_filing_numbers_are_decoded(table) -> None:
    douyin = table[table["filing_no"] == "网信算备110108428331966230314号"].iloc[0]
    assert (douyin.division_code, douyin.province, douyin.city, douyin.district) == (
        "110108",
        "北京市",
        "北京市",
        "海淀区",
    )
    assert douyin.filing_year == "2023"
    tencent = table[table["filing_no"] == "网信算备440305578045864220360号"].iloc[0]
    assert (tencent.province, tencent.city, tencent.district, tencent.filing_year) == (
        "广东省",
        "深圳市",
        "南山区",
        "2022",
    )
    yunque = table[table["filing_no"] == "Beijing-YunQue-20230829"].iloc[0]
    assert (yunque.division_code, yunque.province, yunque.filing_no_date) == (
        "110000",
        "北京市",
        "2023-08-29",
    )
    algorithm_rows = table[table["filing_no"].str.startswith("网信算备")]
    assert (algorithm_rows["district"] != "").all()
    assert (table["problems"] == "").all()


def test_first_seen_and_history_trace_a_cancelled_filing(crawled, table) -> None:
    _, data_dir, base = crawled
    kuaishou = "网信算备110108712183828230255号"
    assert set(table.loc[table["filing_no"] == kuaishou, "first_seen"]) == {"2023-06"}
    result = cli(
        "history",
        "网信算备１１０１０８ ７１２１８３８２８２３０２５５号",
        "--format",
        "json",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["list_type"], r["batch"], r["status"]) for r in rows] == [
        ("deep_synthesis", "2023-06", "cancelled"),
        ("cancellation", "2026-05", "cancellation"),
    ]
    assert rows[1]["notice_url"] == base + CANCELLATION_NOTICE["path"]


def test_validate_reports_every_batch_against_the_stated_totals(crawled) -> None:
    _, data_dir, _ = crawled
    result = cli("validate", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["report"]
    checks = {(r["list_type"], r["batch"]): (r["rows"], r["total_check"]) for r in report}
    assert checks == {
        ("algorithm", "2024-02"): (10, "not stated"),
        ("algorithm", "2024-06"): (10, "not stated"),
        ("cancellation", "2026-05"): (5, "ok"),
        ("deep_synthesis", "2023-06"): (12, "ok"),
        ("deep_synthesis", "2023-08"): (11, "ok"),
        ("deep_synthesis", "2024-04"): (11, "ok"),
        ("deep_synthesis", "2025-07"): (10, "ok"),
        ("deep_synthesis", "2026-07"): (11, "ok"),
        ("genai_filed", "2025-12"): (45, "not stated"),
        ("genai_registered", "2025-12"): (25, "not stated"),
    }
    assert all(r["problem_rows"] == r["duplicate_filing_nos"] == 0 for r in report)


def test_the_crawl_leaves_each_checked_parse_in_the_cache(replica_server, tmp_path) -> None:
    """The parse that vets a download is kept, so the build does not parse it again."""
    result = cli("crawl", "--site", replica_server.base_url, "--no-build", data_dir=tmp_path)
    assert result.returncode == 1, result.stderr
    manifest = json.loads((tmp_path / "raw" / "manifest.json").read_text(encoding="utf-8"))
    cached = sorted(path.stem for path in (tmp_path / "processed" / "parsed").iterdir())
    assert cached == sorted(entry["sha256"] for entry in manifest.values())
    assert len(cached) == 9
