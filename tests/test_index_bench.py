"""The search benchmark runs end to end on a small synthetic table and finds what the scan finds."""

import pytest

from bench.queries import cases
from bench.search import main, percentile
from bench.synthetic import CATEGORY_CODES, make_table, new_batch


def test_synthetic_table_is_deterministic_and_realistic() -> None:
    table = make_table(0.02)
    assert table.equals(make_table(0.02))
    assert table["list_type"].value_counts().to_dict() == {
        "deep_synthesis": 140, "algorithm": 120, "genai_filed": 17, "genai_registered": 11,
        "cancellation": 1,
    }  # fmt: skip
    assert (
        table["filing_no"].str.match(r"^(网信算备\d{21}号|[A-Z][a-z]+-\w+-\d{8}(S\d{4})?)$").all()
    )
    assert set(new_batch(table, 5)["batch"]) == {"2026-09"}


def test_synthetic_rows_fill_the_new_columns_as_the_lists_do() -> None:
    table = make_table(0.1)
    filled = table[["role", "category", "scenario", "filing_date_note", "cancel_month"]].ne("")
    counts = filled.groupby(table["list_type"]).sum()
    assert counts.loc["algorithm"].to_dict() == {
        "role": 0, "category": 600, "scenario": 0, "filing_date_note": 0, "cancel_month": 0,
    }  # fmt: skip
    assert counts.loc["deep_synthesis"].to_dict() == {
        "role": 700, "category": 0, "scenario": 0, "filing_date_note": 0, "cancel_month": 0,
    }  # fmt: skip
    cancelled = table[table["list_type"] == "cancellation"]
    assert len(cancelled) == 3
    assert (cancelled["role"].ne("") ^ cancelled["category"].ne("")).all()  # one of the two
    assert (cancelled["cancel_month"] == cancelled["batch"]).all()
    genai = table[table["list_type"].str.startswith("genai")]
    assert genai["filing_date_note"].value_counts().to_dict() == {"": 137, "补登": 3}
    on_device = genai[genai["scenario"] != ""]
    assert on_device[["list_type", "batch"]].values.tolist() == [["genai_filed", "2026-04"]]
    assert set(table["category"]) == {"", *CATEGORY_CODES}
    algorithm = table[table["list_type"] == "algorithm"]
    codes = algorithm["filing_no"].str[17:19]
    assert (codes == algorithm["category"].map(CATEGORY_CODES)).all()
    assert (algorithm["filing_category"] != "").all()


def test_benchmark_has_enough_realistic_queries() -> None:
    kinds = {case.kind for case in cases(make_table(0.02))}
    assert len(cases(make_table(0.02))) >= 50
    assert kinds == {"company", "product", "algorithm", "alias", "fielded", "filing", "boolean"}


def test_percentile_is_nearest_rank() -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert percentile(list(map(float, range(1, 101))), 0.99) == 99.0


def test_benchmark_prints_figures_and_full_recall(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--scales", "0.02", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "== scale 0.02: 289 rows ==" in out
    for figure in ("build", "update +500 rows", "index  p50", "pandas p50", "R-precision"):
        assert figure in out
    assert "MISMATCHES" not in out
    assert "1.000 with the word bonus" in out
