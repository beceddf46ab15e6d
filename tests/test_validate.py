"""Validation: the per-batch report, and refusal of a parse far worse than the stored table."""

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from crawler import official
from crawler.cli import main
from crawler.constants import COLUMNS
from crawler.dataset import MIN_ROW_RATIO, enrich, shrunken_attachments, validation_report
from crawler.paths import DataPaths
from crawler.rebuild import rebuild
from crawler.storage import write_bytes_atomic, write_json_atomic
from crawler.table import read_table
from replica.documents import build_list_docx

NOTICE = "https://www.cac.gov.cn/2024-04/11/c_1712803821589302.htm"
ATTACHMENT = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath=abc&fText=x"
OTHER_NOTICE = "https://www.cac.gov.cn/2023-06/20/c_1688910683316256.htm"
OTHER = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath=def&fText=y"


def seed_row(seq: int, batch_year: str = "24") -> dict:
    """A deep-synthesis list row as replica.documents prints it."""
    return {
        "seq": seq,
        "name": f"图像生成算法{seq}",
        "role": "服务提供者",
        "company": "北京字节跳动科技有限公司",
        "product": "抖音",
        "purpose": "应用于图像生成场景",
        "filing_no": f"网信算备110108{seq:07d}01{batch_year}{seq:04d}号",
        "remarks": "",
    }


def store(paths: DataPaths, url: str, rows: int, notice: str, batch: str, total: int) -> None:
    """Store a DOCX of `rows` rows under data/raw and record it in the manifest."""
    data = build_list_docx([seed_row(n) for n in range(1, rows + 1)])
    name = hashlib.sha1(url.encode()).hexdigest()
    write_bytes_atomic(paths.files / "full" / f"{name}.docx", data)
    manifest = (
        pd.read_json(paths.manifest, typ="series").to_dict() if paths.manifest.exists() else {}
    )
    manifest[url] = {
        "url": url,
        "path": f"full/{name}.docx",
        "family": "deep_synthesis",
        "batch": batch,
        "notice_url": notice,
        "published": notice.split("/")[3][:7] + "-" + notice.split("/")[4],
        "sha256": hashlib.sha256(data).hexdigest(),
        "stated_total": total,
    }
    write_json_atomic(paths.manifest, manifest)


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    """A data directory holding two stored attachments: 10 rows (2024-04) and 4 rows (2023-06)."""
    data = DataPaths(tmp_path / "data")
    store(data, ATTACHMENT, 10, NOTICE, "2024-04", 10)
    store(data, OTHER, 4, OTHER_NOTICE, "2023-06", 5)
    return data


def test_report_counts_rows_problems_and_checks_the_stated_total(paths: DataPaths) -> None:
    result = rebuild(paths)
    assert result.report.to_dict(orient="records") == [
        {
            "list_type": "deep_synthesis",
            "batch": "2023-06",
            "attachments": 1,
            "rows": 4,
            "problem_rows": 4,
            "duplicate_filing_nos": 0,
            "empty_required": 0,
            "stated_total": 5,
            "total_check": "missing 1",
        },
        {
            "list_type": "deep_synthesis",
            "batch": "2024-04",
            "attachments": 1,
            "rows": 10,
            "problem_rows": 0,
            "duplicate_filing_nos": 0,
            "empty_required": 0,
            "stated_total": 10,
            "total_check": "ok",
        },
    ]
    assert set(result.table.loc[result.table["batch"] == "2023-06", "problems"]) == {
        "filing year 2024 is after batch 2023-06"
    }


def test_report_counts_duplicates_and_empty_required_fields() -> None:
    rows = [
        {
            "list_type": "algorithm",
            "batch": "2024-02",
            "name": "甲",
            "role": "服务提供者",
            "company": "甲公司",
            "filing_no": "网信算备110108000000001240001号",
            "attachment_url": "a",
            "notice_url": "n",
        },
    ] * 3 + [
        {
            "list_type": "algorithm",
            "batch": "2024-02",
            "name": "乙",
            "role": "",
            "company": "乙公司",
            "filing_no": "",
            "attachment_url": "a",
            "notice_url": "n",
        },
    ]
    table = enrich(pd.DataFrame(rows).reindex(columns=list(COLUMNS), fill_value=""))
    report = validation_report(table, {"a": {"stated_total": None, "notice_url": "n"}})
    assert report.to_dict(orient="records") == [
        {
            "list_type": "algorithm",
            "batch": "2024-02",
            "attachments": 1,
            "rows": 4,
            "problem_rows": 4,
            "duplicate_filing_nos": 1,
            "empty_required": 1,
            "stated_total": None,
            "total_check": "not stated",
        }
    ]


def test_shrunken_attachments_use_the_named_ratio() -> None:
    stored = pd.DataFrame({"attachment_url": ["a"] * 10 + ["b"] * 10 + ["c"] * 5})
    new = pd.DataFrame({"attachment_url": ["a"] * 8 + ["b"] * 7 + ["d"] * 3})
    assert MIN_ROW_RATIO == 0.8
    assert shrunken_attachments(new, stored, ["a", "b", "c", "d"]) == [
        {"url": "b", "stored_rows": 10, "new_rows": 7},
        {"url": "c", "stored_rows": 5, "new_rows": 0},
    ]


def test_a_much_worse_parse_is_refused_and_the_stored_rows_kept(paths: DataPaths) -> None:
    first = rebuild(paths)
    assert first.complete
    store(paths, ATTACHMENT, 7, NOTICE, "2024-04", 10)  # 7 < 80% of 10
    second = rebuild(paths)
    assert second.refused == [{"url": ATTACHMENT, "stored_rows": 10, "new_rows": 7}]
    assert second.errors == [
        {
            "url": ATTACHMENT,
            "reason": "refused: the new parse has 7 rows, the stored table 10 (under 80%); "
            "the stored rows are kept",
        }
    ]
    assert not second.complete
    stored = read_table(paths)
    assert (stored["attachment_url"] == ATTACHMENT).sum() == 10
    assert stored.equals(first.table)


def test_a_parse_at_the_ratio_is_accepted(paths: DataPaths) -> None:
    rebuild(paths)
    store(paths, ATTACHMENT, 8, NOTICE, "2024-04", 10)
    result = rebuild(paths)
    assert result.refused == []
    assert (read_table(paths)["attachment_url"] == ATTACHMENT).sum() == 8


def test_build_exits_1_and_names_the_refused_attachment(paths: DataPaths) -> None:
    rebuild(paths)
    store(paths, ATTACHMENT, 2, NOTICE, "2024-04", 10)
    result = CliRunner().invoke(main, ["--data-dir", str(paths.root), "build"])
    assert result.exit_code == 1
    assert f"{ATTACHMENT}: refused: the new parse has 2 rows, the stored table 10" in result.stderr
    assert "deep_synthesis: 14 rows" in result.stderr
    assert "check: deep_synthesis 2023-06: 4 rows, notice states 5 (missing 1)" in result.stderr
    forced = CliRunner().invoke(
        main, ["--data-dir", str(paths.root), "build", "--accept-fewer-rows"]
    )
    assert forced.exit_code == 0, forced.output
    assert (read_table(paths)["attachment_url"] == ATTACHMENT).sum() == 2


def test_validate_prints_the_report_and_the_last_refusals(paths: DataPaths) -> None:
    rebuild(paths)
    store(paths, ATTACHMENT, 2, NOTICE, "2024-04", 10)
    rebuild(paths)
    args = ["--data-dir", str(paths.root), "validate", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [
        (r["batch"], r["rows"], r["stated_total"], r["total_check"]) for r in payload["report"]
    ] == [
        ("2023-06", 4, 5, "missing 1"),
        ("2024-04", 10, 10, "ok"),
    ]
    assert payload["refused"] == [{"url": ATTACHMENT, "stored_rows": 10, "new_rows": 2}]
    strict = CliRunner().invoke(main, ["--data-dir", str(paths.root), "validate", "--strict"])
    assert strict.exit_code == 1
    assert "refused: " + ATTACHMENT + ": 2 rows against 10 stored" in strict.stdout
    assert "missing 1" in strict.stdout


ANNUAL = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath=ann&fText=z"
ANNUAL_NOTICE = "https://www.cac.gov.cn/2026-01/09/c_1769688009588554.htm"


def add_manifest_entries(paths: DataPaths, entries: dict) -> None:
    """Record more attachments in the manifest (what `validate` reads of them)."""
    manifest = pd.read_json(paths.manifest, typ="series").to_dict()
    write_json_atomic(paths.manifest, manifest | entries)


def test_validate_json_reconciles_with_the_official_figures(paths: DataPaths) -> None:
    rebuild(paths)
    stated = {"genai_filed": 748, "genai_registered": 435, "as_of": "2025-12-31"}
    add_manifest_entries(
        paths,
        {
            ANNUAL: {
                "url": ANNUAL,
                "notice_url": ANNUAL_NOTICE,
                "notice_kind": "annual",
                "stated_totals": stated,
            },
            "elsewhere": {"url": "elsewhere", "notice_kind": "annual", "stated_totals": {}},
        },
    )
    result = CliRunner().invoke(
        main, ["--data-dir", str(paths.root), "validate", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)["reconciliation"]
    assert set(lines[0]) == {
        "section",
        "item",
        "measure",
        "table",
        "official",
        "difference",
        "matched",
        "check",
    }
    deep = [line for line in lines if line["section"] == "deep_synthesis"]
    assert [(d["item"], d["table"], d["official"], d["check"]) for d in deep[:5]] == [
        ("2023-06 (batch 1, 2023-06-20)", 4, 41, "missing 37"),
        ("2023-08 (batch 2, 2023-09-01)", 0, 110, "not in table"),
        ("2024-01 (batch 3, 2024-01-05)", 0, 129, "not in table"),
        ("2024-02 (batch 4, 2024-02-18)", 0, 266, "not in table"),
        ("2024-04 (batch 5, 2024-04-11)", 10, 394, "missing 384"),
    ]
    annual = [line for line in lines if line["section"] == "annual_totals"]
    assert [
        (a["item"], a["measure"], a["table"], a["official"], a["difference"]) for a in annual
    ] == [
        (f"{ANNUAL_NOTICE} as of 2025-12-31", "filed", 0, 748, -748),
        (f"{ANNUAL_NOTICE} as of 2025-12-31", "registered", 0, 435, -435),
    ]
    assert {line["section"] for line in lines} == {
        "genai_totals",
        "annual_totals",
        "deep_synthesis",
        "algorithm",
        "genai_periods",
        "on_device",
        "cancellation",
    }


def test_validate_prints_the_reconciliation_with_a_verdict_per_section(paths: DataPaths) -> None:
    rebuild(paths)
    result = CliRunner().invoke(main, ["--data-dir", str(paths.root), "validate"])
    assert result.exit_code == 0, result.output
    report, reconciliation = result.stdout.split("Reconciliation with the official figures")
    assert "deep_synthesis 2023-06            1     4" in report
    verdicts = [line for line in reconciliation.splitlines() if line.startswith("verdict: ")]
    assert verdicts == [
        "verdict: Generative-AI services at each official cut-off (distinct numbers): 0 of 15 "
        "match; 15 short of the official figure (15 not in the table at all), 0 over it",
        "verdict: Cumulative totals the notices state: nothing stated to compare",
        "verdict: Deep-synthesis rows per batch: 0 of 19 match; 19 short of the official figure "
        "(16 not in the table at all), 0 over it",
        "verdict: Algorithm-recommendation rows per period: 0 of 20 match; 20 short of the "
        "official figure (20 not in the table at all), 0 over it",
        "verdict: Generative-AI rows per period: 1 of 28 match; 27 short of the official figure "
        "(27 not in the table at all), 0 over it",
        "verdict: On-device generative-AI services: 0 of 1 match; 1 short of the official figure "
        "(1 not in the table at all), 0 over it",
        "verdict: Cancellation rows per notice: 0 of 8 match; 8 short of the official figure "
        "(8 not in the table at all), 0 over it",
    ]
    assert " 2024-04 (batch 5, 2024-04-11)    rows    10      394       -384  missing 384" in (
        reconciliation.splitlines()
    )


@pytest.fixture
def one_batch(tmp_path: Path) -> DataPaths:
    """A data directory holding only the 2024-04 list, whose 10 rows pass every row check."""
    data = DataPaths(tmp_path / "data")
    store(data, ATTACHMENT, 10, NOTICE, "2024-04", 10)
    rebuild(data)
    return data


def test_strict_fails_on_missing_rows_even_when_every_batch_check_passes(one_batch) -> None:
    args = ["--data-dir", str(one_batch.root), "validate", "--strict"]
    report = validation_report(read_table(one_batch), {})
    assert report["problem_rows"].tolist() == [0]
    assert CliRunner().invoke(main, args).exit_code == 1


def test_strict_passes_when_the_table_holds_every_official_figure(one_batch, monkeypatch) -> None:
    figures = {
        "GENAI_TOTALS": (),
        "DEEP_SYNTHESIS_BATCHES": {5: ("2024-04-11", "/2024-04/11/c_1.htm", "2024-04", 10)},
        "DEEP_SYNTHESIS_ROWS": 10,
        "ALGORITHM_PERIODS": {},
        "ALGORITHM_ROWS": 0,
        "GENAI_PERIODS": {},
        "ON_DEVICE_ROWS": 0,
        "CANCELLATION_NOTICES": {},
        "CANCELLATION_ROWS": 0,
    }
    for name, value in figures.items():
        monkeypatch.setattr(official, name, value)
    args = ["--data-dir", str(one_batch.root), "validate", "--strict"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "verdict: Deep-synthesis rows per batch: 2 of 2 match; 0 short" in result.stdout
