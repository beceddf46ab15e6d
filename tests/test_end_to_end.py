"""Crawl the replica over real HTTP, parse everything, index it, and search it: all via the CLI."""

import hashlib
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from crawler.constants import DOCUMENT_COLUMNS, TABLE_COLUMNS
from crawler.dataset.normalize import normalize_company, normalize_role
from crawler.official import ALGORITHM_PAGE, GENAI_PAGE
from replica.real_site import BOARD_NOTICE, FILE_DOWNLOAD_PATH, download_href
from replica.seed import expected_rows, load_seed
from replica.site import CONTENT_TYPES

pytestmark = pytest.mark.system

SEED = load_seed()
EXPECTED = expected_rows(SEED)
NOTICES = {notice["key"]: notice for notice in SEED["notices"]}
FAULTS = {
    attachment["fault"]: attachment
    for notice in SEED["notices"]
    for attachment in notice["attachments"]
    if attachment.get("fault")
}
CANCELLATION_NOTICES = [n for n in SEED["notices"] if n["family"] == "cancellation"]
DOCUMENT_FIELDS = list(DOCUMENT_COLUMNS)
PROVENANCE_FIELDS = ["list_type", "batch", "seq", "filing_no", "notice_url", "attachment_url"]


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


def read_manifest(data_dir: Path) -> dict[str, dict[str, Any]]:
    return json.loads((data_dir / "raw" / "manifest.json").read_text(encoding="utf-8"))


def token_of(url: str) -> str | None:
    return parse_qs(urlsplit(url).query).get("filepath", [None])[0]


def notice_path(notice: dict[str, Any]) -> str:
    """Where a notice is recorded: its page on the site, or its place on the filing system."""
    return notice["path"] or BOARD_NOTICE.format(notice["api"]["noticeId"])


def seed_links(base: str) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Every link to a healthy file in the seed: its URL -> (its notice, its attachment)."""
    return {
        base + download_href(attachment): (notice, attachment)
        for notice in SEED["notices"]
        for attachment in notice["attachments"]
        if not attachment.get("fault")
    }


def relinked_files(base: str) -> dict[str, str]:
    """URL of each link to a file another notice published -> the URL of that file's link."""
    links = seed_links(base)
    by_token = {attachment["token"]: url for url, (_, attachment) in links.items()}
    return {
        url: by_token[attachment["same_as"]]
        for url, (_, attachment) in links.items()
        if attachment.get("same_as")
    }


def shared_link(base: str, url: str) -> dict[str, Any]:
    """What a manifest entry keeps of another link to its bytes."""
    notice, _ = seed_links(base)[url]
    return {
        "url": url,
        "notice_url": base + notice_path(notice),
        "notice_title": notice["title"],
        "published": notice["date"],
        "notice_kind": notice["kind"],
    }


def expected_values(row: dict[str, Any]) -> tuple[str, ...]:
    """An expected row's document fields as the table carries them (normalized company, role)."""
    values = {
        **row,
        "company": normalize_company(row["company"]),
        "role": normalize_role(row["role"]) or row["role"],
    }
    return tuple(values[field] for field in DOCUMENT_FIELDS)


def expected_provenance(row: dict[str, Any], base: str) -> tuple[str, ...]:
    located = {
        **row,
        "notice_url": base + row["notice_path"],
        "attachment_url": base + row["attachment_path"],
    }
    return tuple(located[field] for field in PROVENANCE_FIELDS)


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
    got = Counter(tuple(row) for row in table[DOCUMENT_FIELDS].itertuples(index=False))
    want = Counter(expected_values(row) for row in EXPECTED)
    assert len(table) == len(EXPECTED) == 574
    assert got == want


def test_rows_per_list_type(table) -> None:
    assert table["list_type"].value_counts().to_dict() == {
        "genai_filed": 196,
        "deep_synthesis": 168,
        "genai_registered": 102,
        "algorithm": 92,
        "cancellation": 16,
    }


def test_table_has_the_canonical_and_derived_columns_in_order(crawled, table) -> None:
    _, data_dir, _ = crawled
    assert list(table.columns) == list(TABLE_COLUMNS)
    parquet = pd.read_parquet(data_dir / "processed" / "filings.parquet")
    assert parquet.astype(str).equals(table)


def test_every_row_points_at_its_notice_and_attachment(crawled, table) -> None:
    _, _, base = crawled
    got = Counter(tuple(row) for row in table[PROVENANCE_FIELDS].itertuples(index=False))
    assert got == Counter(expected_provenance(row, base) for row in EXPECTED)
    listed = table[table["list_type"] != "cancellation"]
    want_tokens = {row["attachment_token"] for row in EXPECTED if row["notice_id"] is None}
    assert set(listed["attachment_url"].map(token_of)) == want_tokens
    assert len(want_tokens) == 39
    assert table["source_locator"].str.fullmatch(r"(table|page) \d+ row \d+").all()


def test_cancellations_come_from_the_filing_system(crawled, table) -> None:
    _, _, base = crawled
    cancelled = table[table["list_type"] == "cancellation"]
    assert len(CANCELLATION_NOTICES) == cancelled["notice_url"].nunique() == 4
    for notice in CANCELLATION_NOTICES:
        notice_id = notice["api"]["noticeId"]
        rows = cancelled[cancelled["notice_url"] == base + BOARD_NOTICE.format(notice_id)]
        [attachment] = notice["attachments"]
        download = f"{base}{FILE_DOWNLOAD_PATH}?noticeId={notice_id}"
        assert set(rows["attachment_url"]) == {download}
        assert list(rows["filing_no"]) == [row["filing_no"] for row in attachment["rows"]]
        assert set(rows["batch"]) == {notice["date"][:7]}
        assert set(rows["notice_date"]) == {notice["date"]}


def test_manifest_records_each_link_once_with_its_notice(crawled, table) -> None:
    _, data_dir, base = crawled
    manifest = read_manifest(data_dir)
    links = seed_links(base)
    assert len(manifest) == len(links) == 46
    assert set(manifest) == set(links)
    assert set(table["attachment_url"]) == set(manifest) - set(relinked_files(base))
    for url, entry in manifest.items():
        notice, attachment = links[url]
        stored = (data_dir / "raw" / "files" / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(stored).hexdigest()
        assert entry["size"] == len(stored)
        assert entry["notice_url"] == base + notice_path(notice)
        assert entry["notice_title"] == notice["title"]
        assert entry["published"] == notice["date"]
        assert entry["notice_kind"] == notice["kind"]
        assert entry["family"] == notice["family"]
        assert entry["batch"] == ("" if notice["family"] == "cancellation" else attachment["batch"])
        assert [link["notice_url"] for link in entry["linked_from"]] == [entry["notice_url"]]


def test_manifest_names_the_other_links_to_the_same_bytes(crawled) -> None:
    _, data_dir, base = crawled
    manifest = read_manifest(data_dir)
    relinked = relinked_files(base)
    both_ways = {**relinked, **{original: relink for relink, original in relinked.items()}}
    got = {
        url: entry["also_linked_from"]
        for url, entry in manifest.items()
        if "also_linked_from" in entry
    }
    assert got == {url: [shared_link(base, other)] for url, other in both_ways.items()}
    assert len(got) == 6
    assert all(manifest[a]["sha256"] == manifest[b]["sha256"] for a, b in relinked.items())
    originals = {manifest[url]["notice_url"] for url in relinked.values()}
    assert originals == {base + GENAI_PAGE}


def test_manifest_keeps_type_and_name_from_the_headers(crawled) -> None:
    _, data_dir, base = crawled
    manifest = read_manifest(data_dir)
    got = {
        url: (entry["format"], entry["content_type"], entry["filename"])
        for url, entry in manifest.items()
    }
    assert got == {
        url: (attachment["format"], CONTENT_TYPES[attachment["format"]], attachment["filename"])
        for url, (_, attachment) in seed_links(base).items()
    }
    assert Counter(entry["format"] for entry in manifest.values()) == {"docx": 28, "pdf": 18}


def test_broken_attachments_are_not_stored(crawled) -> None:
    _, data_dir, _ = crawled
    manifest = read_manifest(data_dir)
    tokens = {token_of(url) for url in manifest}
    assert FAULTS["html_error"]["token"] not in tokens
    assert FAULTS["404"]["token"] not in tokens
    assert len(list((data_dir / "raw" / "files" / "full").iterdir())) == len(manifest) == 46
    assert len({entry["sha256"] for entry in manifest.values()}) == 43


def test_search_finds_douyin_and_nothing_else(crawled, table) -> None:
    _, data_dir, _ = crawled
    result = cli("search", "抖音", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    text = table["name"] + table["company"] + table["product"] + table["purpose"]
    assert len(rows) == text.str.contains("抖音").sum() == 5
    assert all(
        "抖音" in row["name"] + row["company"] + row["product"] + row["purpose"] for row in rows
    )
    assert all(row["notice_url"] and row["attachment_url"] for row in rows)


def test_search_by_algorithm_type_and_filter(crawled, table) -> None:
    _, data_dir, _ = crawled
    result = cli("search", "人脸", "--type", "deep_synthesis", "--format", "csv", data_dir=data_dir)
    rows = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    deep = table[table["list_type"] == "deep_synthesis"]
    text = deep["name"] + deep["company"] + deep["product"] + deep["purpose"]
    assert len(rows) == text.str.contains("人脸").sum() == 11
    assert set(rows["list_type"]) == {"deep_synthesis"}


def test_search_for_something_absent_finds_nothing(crawled) -> None:
    _, data_dir, _ = crawled
    result = cli("search", "潜水艇", "--format", "json", data_dir=data_dir)
    assert json.loads(result.stdout) == []


def test_build_rebuilds_the_same_table_from_raw(crawled, table) -> None:
    _, data_dir, _ = crawled
    result = cli("build", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rebuilt = pd.read_csv(data_dir / "processed" / "filings.csv", dtype=str, keep_default_na=False)
    assert rebuilt.equals(table)


def test_manifest_keeps_the_total_each_notice_states(crawled, table) -> None:
    _, data_dir, _ = crawled
    manifest = read_manifest(data_dir)
    deep = {url: e for url, e in manifest.items() if e["family"] == "deep_synthesis"}
    assert len(deep) == 18
    for url, entry in deep.items():
        assert entry["stated_total"] == (table["attachment_url"] == url).sum()
    cancellations = {
        e["published"]: e["stated_total"]
        for e in manifest.values()
        if e["family"] == "cancellation"
    }
    assert cancellations == {
        "2025-09-11": None,
        "2026-01-07": 5,
        "2026-03-12": None,
        "2026-05-06": 5,
    }
    on_device = next(
        e for e in manifest.values() if e["batch"] == "2026-07" and e["family"] == "genai"
    )
    assert on_device["stated_total"] == 7


def test_manifest_keeps_the_cumulative_totals_of_the_annual_notices(crawled) -> None:
    _, data_dir, _ = crawled
    manifest = read_manifest(data_dir)
    annual = {
        e["published"]: e["stated_totals"]
        for e in manifest.values()
        if e["notice_kind"] == "annual"
    }
    assert annual == {
        "2025-01-08": {"as_of": "2024-12-31", "genai_filed": 302, "genai_registered": 105},
        "2026-01-09": {"as_of": "2025-12-31", "genai_filed": 748, "genai_registered": 435},
    }
    list_notices = [e for e in manifest.values() if e["notice_kind"] == "list"]
    assert len(list_notices) == 44
    assert all(e["stated_totals"] is None for e in list_notices)


CANCELLED_BY_NOTICE = NOTICES["cancel-2026-01-07"]
# Filing number -> (the notice that cancels it, on which day): three marked 已注销 in the lists
# of the algorithm page (no date: the mark's date is not published), one named by a
# cancellation notice (and marked 已注销 too).
CANCELLED = {
    "网信算备330110287769002230015号": (ALGORITHM_PAGE, ""),
    "网信算备330110287769004230017号": (ALGORITHM_PAGE, ""),
    "网信算备110113605440104230017号": (ALGORITHM_PAGE, ""),
    "网信算备330110985154602230015号": (notice_path(CANCELLED_BY_NOTICE), "2026-01-07"),
}


def test_the_four_cancelled_filings_are_marked_and_stay(crawled, table) -> None:
    _, _, base = crawled
    listed = table[table["list_type"] != "cancellation"]
    cancelled = listed[listed["status"] == "cancelled"]
    got = {row.filing_no: (row.cancelled_by, row.cancelled_on) for row in cancelled.itertuples()}
    assert got == {number: (base + path, day) for number, (path, day) in CANCELLED.items()}
    assert len(cancelled) == 4
    active = listed[listed["status"] == "active"]
    assert len(active) == len(listed) - 4 == 554
    assert set(active["cancelled_by"]) == set(active["cancelled_on"]) == {""}
    notices = table[table["list_type"] == "cancellation"]
    assert set(notices["status"]) == {"cancellation"}
    assert (notices["cancelled_by"] == notices["notice_url"]).all()
    assert (notices["cancelled_on"] == notices["notice_date"]).all()


def test_filing_numbers_are_decoded(table) -> None:
    jianying = table[table["filing_no"] == "网信算备110108823483901230015号"].iloc[0]
    assert (jianying.division_code, jianying.province, jianying.city, jianying.district) == (
        "110108",
        "北京市",
        "北京市",
        "海淀区",
    )
    assert (jianying.filing_year, jianying.filing_category) == ("2023", "生成合成类")
    tencent = table[table["filing_no"] == "网信算备440305295988703220011号"].iloc[0]
    assert (tencent.province, tencent.city, tencent.district, tencent.filing_year) == (
        "广东省",
        "深圳市",
        "南山区",
        "2022",
    )
    assert tencent.filing_category == "排序精选类"
    yunque = table[table["filing_no"] == "Beijing-YunQue-20230821"].iloc[0]
    assert (yunque.division_code, yunque.province, yunque.filing_no_date) == (
        "110000",
        "北京市",
        "2023-08-21",
    )
    jiutian = table[table["filing_no"] == "ZhongYangQiYe-JiuTian-20240123"].iloc[0]
    assert (jiutian.central_soe, jiutian.province, jiutian.filing_no_date) == (
        "yes",
        "",
        "2024-01-23",
    )
    algorithm_rows = table[table["filing_no"].str.startswith("网信算备")]
    assert len(algorithm_rows) == 276
    assert (algorithm_rows["district"] != "").all()


def test_only_the_oddities_the_source_prints_are_flagged(table) -> None:
    flagged = table[table["problems"] != ""]
    assert Counter(
        flagged[["list_type", "batch", "problems"]].itertuples(index=False, name=None)
    ) == {
        ("cancellation", "2025-09", "cancels a filing number found in no list"): 5,
        ("cancellation", "2026-01", "cancels a filing number found in no list"): 4,
        ("cancellation", "2026-03", "cancels a filing number found in no list"): 1,
        ("cancellation", "2026-05", "cancels a filing number found in no list"): 5,
        (
            "genai_filed",
            "2025-03",
            "name looks like an organisation and company does not: cells swapped in the source?",
        ): 6,
        (
            "genai_registered",
            "2025-10",
            "filing_no Jiangsu-SiWeiXiangLiangZhiSuanYun-: truncated, no YYYYMMDD date at its end",
        ): 1,
    }


def test_first_seen_and_history_trace_a_cancelled_filing(crawled, table) -> None:
    _, data_dir, base = crawled
    kuaishou = "网信算备110108413760701220011号"
    rows = table[table["filing_no"] == kuaishou]
    assert list(rows[["list_type", "first_seen"]].itertuples(index=False, name=None)) == [
        ("algorithm", "2022-08"),
        ("deep_synthesis", "2022-08"),
    ]
    result = cli(
        "history",
        "网信算备３３０１１０ ９８５１５４６０２２３００１５号",
        "--format",
        "json",
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["list_type"], r["batch"], r["status"]) for r in rows] == [
        ("algorithm", "2023-12", "cancelled"),
        ("cancellation", "2026-01", "cancellation"),
    ]
    assert rows[0]["notice_url"] == base + ALGORITHM_PAGE
    assert rows[1]["notice_url"] == base + notice_path(CANCELLED_BY_NOTICE)


# The batches whose notice states how many rows its list has (共N个, N款, 等N个).
STATED_BATCHES = {
    *((row["list_type"], row["batch"]) for row in EXPECTED if row["list_type"] == "deep_synthesis"),
    ("genai_filed", "2026-07"),
    ("cancellation", "2026-01"),
    ("cancellation", "2026-05"),
}


def test_validate_reports_every_batch_against_the_stated_totals(crawled) -> None:
    _, data_dir, _ = crawled
    result = cli("validate", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["report"]
    checks = {(r["list_type"], r["batch"]): (r["rows"], r["total_check"]) for r in report}
    rows = Counter((row["list_type"], row["batch"]) for row in EXPECTED)
    assert checks == {
        batch: (count, "ok" if batch in STATED_BATCHES else "not stated")
        for batch, count in rows.items()
    }
    assert len(checks) == 52
    assert len(STATED_BATCHES) == 21
    problems = {
        (r["list_type"], r["batch"]): r["problem_rows"] for r in report if r["problem_rows"]
    }
    assert problems == {
        ("cancellation", "2025-09"): 5,
        ("cancellation", "2026-01"): 4,
        ("cancellation", "2026-03"): 1,
        ("cancellation", "2026-05"): 5,
        ("genai_filed", "2025-03"): 6,
        ("genai_registered", "2025-10"): 1,
    }
    assert all(r["duplicate_filing_nos"] == 0 for r in report)


def test_the_crawl_leaves_each_checked_parse_in_the_cache(replica_server, tmp_path) -> None:
    """The parse that vets a download is kept, so the build does not parse it again."""
    result = cli("crawl", "--site", replica_server.base_url, "--no-build", data_dir=tmp_path)
    assert result.returncode == 1, result.stderr
    manifest = read_manifest(tmp_path)
    cached = sorted(path.stem for path in (tmp_path / "processed" / "parsed").iterdir())
    assert cached == sorted({entry["sha256"] for entry in manifest.values()})
    assert len(cached) == 43
