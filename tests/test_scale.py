"""The full-size replica generator, exercised at a small size."""

from collections import Counter
from pathlib import Path

import pytest

from crawler.dataset.decode import decode_filing_no
from crawler.dataset.divisions import lookup_division
from crawler.parsers import parse_document
from crawler.settings import CAC_KNOWN_NOTICES
from replica.scale import FULL, SMALL, scale_seed
from replica.seed import expected_rows
from replica.site import build_site, document_bytes

LIST_FIELDS = ["seq", "name", "role", "company", "product", "purpose", "filing_no", "remarks"]


@pytest.fixture(scope="module")
def seed() -> dict:
    return scale_seed(SMALL)


def families(seed: dict) -> Counter:
    return Counter(notice["family"] for notice in seed["notices"])


def test_same_arguments_give_the_same_seed(seed: dict) -> None:
    assert scale_seed(SMALL) == seed
    assert scale_seed(SMALL, random_seed=1) != seed


def test_row_counts_match_the_spec(seed: dict) -> None:
    rows = Counter(row["list_type"] for row in expected_rows(seed))
    assert rows == {
        "deep_synthesis": 60,
        "genai_filed": 20,
        "genai_registered": 10,
        "algorithm": 30,
        "cancellation": 5,
    }
    assert families(seed) == {
        "deep_synthesis": 3,
        "algorithm": 1,
        "genai": 1,
        "cancellation": 2,
        "other": 4,
    }


def test_the_full_spec_is_the_real_corpus_size() -> None:
    sizes = (FULL.deep_synthesis_rows, FULL.deep_synthesis_batches, FULL.genai_filed)
    assert sizes == (7059, 18, 847)
    assert (FULL.genai_registered, FULL.algorithm_rows, FULL.cancellations) == (
        511,
        3200,
        (8, 5, 10),
    )


def test_known_notice_paths_exist_so_a_crawl_finds_them(seed: dict) -> None:
    paths = {notice["path"] for notice in seed["notices"]}
    assert set(CAC_KNOWN_NOTICES) <= paths  # batches 1, 2 and 18, algorithm and genai notices


def test_notices_state_their_totals(seed: dict) -> None:
    for notice in seed["notices"]:
        if notice["family"] == "deep_synthesis":
            rows = len(notice["attachments"][0]["rows"])
            assert f"共{rows}个" in notice["paragraphs"][0]
        if notice["family"] == "cancellation":
            assert f"等{len(notice['inline_rows'])}个" in notice["title"]


def test_filing_numbers_are_unique_and_use_current_real_divisions(seed: dict) -> None:
    listed = [r for r in expected_rows(seed) if r["list_type"] != "cancellation"]
    numbers = [row["filing_no"] for row in listed]
    assert len(numbers) == len(set(numbers))
    decoded = [decode_filing_no(number) for number in numbers]
    malformed = [d for d in decoded if d.problems]
    assert len(malformed) == SMALL.malformed == 1
    assert all(d.province for d in decoded if not d.problems)
    assert all(lookup_division(d.division_code).known for d in decoded if d.division_code)


def test_generative_ai_rows_match_their_jurisdiction(seed: dict) -> None:
    genai = [r for r in expected_rows(seed) if r["list_type"].startswith("genai")]
    for row in genai:
        decoded = decode_filing_no(row["filing_no"])
        assert decoded.province == row["jurisdiction"]
        assert decoded.filing_no_date == row["filing_date"]
    registered = [r["filing_no"] for r in genai if r["list_type"] == "genai_registered"]
    assert registered[0].endswith("S0001")


def test_cancellations_name_filings_listed_before_them(seed: dict) -> None:
    listed = {
        row["filing_no"]: notice["date"]
        for notice in seed["notices"]
        for attachment in notice.get("attachments", [])
        for row in attachment.get("rows", [])
    }
    for notice in seed["notices"]:
        for row in notice.get("inline_rows", []):
            assert listed[row["filing_no"]] < notice["date"]


def test_a_share_of_rows_print_dirty_cells(seed: dict) -> None:
    rows = [
        row
        for notice in seed["notices"]
        for attachment in notice.get("attachments", [])
        for key in ("rows", "filed", "registered")
        for row in attachment.get(key, [])
    ]
    dirty = [row for row in rows if row.get("raw")]
    assert 0 < len(dirty) < len(rows) / 2
    assert any("\n" in text for row in dirty for text in row["raw"].values())


def test_generated_documents_parse_back_to_the_seed_rows(seed: dict) -> None:
    notices = {notice["family"]: notice for notice in seed["notices"]}
    for attachment in notices["algorithm"]["attachments"] + notices["genai"]["attachments"]:
        frame = parse_document(document_bytes(attachment), source=attachment["filename"])
        want = attachment.get("rows") or attachment["filed"] + attachment["registered"]
        assert frame["filing_no"].tolist() == [row["filing_no"] for row in want]
        assert frame["company"].tolist() == [row["company"] for row in want]


def test_the_site_builds(seed: dict, tmp_path: Path) -> None:
    site = build_site(tmp_path / "site", seed)
    assert (site / "2026-07" / "17" / "c_1786032856662750.htm").exists()
    assert len(list((site / "files").iterdir())) == 3 + 2 + 1
