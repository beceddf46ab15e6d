"""Search benchmark: build time, index size, query latency and recall against a pandas scan.

    .venv/bin/python bench/search.py                     # 15k synthetic rows, then 10x (150k)
    .venv/bin/python bench/search.py --scales 1          # only the full-size table
    .venv/bin/python bench/search.py --table data/processed/filings.parquet --scales 1

Latency is `find(index, query, limit=100)`: the total, facets over all matches and a page of
100 rows; each query runs `--repeat` times after one warm-up. The baseline is the same query
as a pandas scan over pre-normalised columns (the ground truth). Targets apply to scale 1.
"""

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd

from bench.queries import Case, Scan, cases
from bench.synthetic import make_table, new_batch
from crawler.constants import COLUMNS
from index import rank
from index.aliases import load_aliases
from index.build import build_index, open_index, update_index
from index.engine import SearchIndex
from index.generations import current_dir
from index.rows import ROWS_FILE, prepare_rows
from index.search import find

TARGETS = {"build_s": 20.0, "update_s": 3.0, "p50_ms": 5.0, "p99_ms": 50.0, "recall": 1.0}
PAGE = 100


def timed(func: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(np.ceil(share * len(ordered))) - 1))]


def size_mb(directory: Path, name: str | None = None) -> float:
    files = [p for p in directory.iterdir() if p.is_file() and (name is None or p.name == name)]
    return sum(p.stat().st_size for p in files) / 1e6


def read_table(path: Path) -> pd.DataFrame:
    """A stored table, all text; canonical columns it was written without are empty."""
    if path.suffix == ".parquet":
        table = pd.read_parquet(path).fillna("").astype(str)
    else:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [column for column in COLUMNS if column not in table.columns]
    return table.assign(**dict.fromkeys(missing, "")) if missing else table


def latencies(run: Callable[[], Any], repeat: int) -> list[float]:
    run()
    return [timed(run)[1] * 1000 for _ in range(repeat)]


def check(ix: SearchIndex, scan: Scan, keys: pd.Series, case: Case) -> dict[str, Any]:
    """Recall and precision of one query against its ground truth."""
    truth = set(keys[case.truth(scan)])
    found = set(find(ix, case.query, limit=None).rows["row_key"])
    hits = len(truth & found)
    return {
        "kind": case.kind,
        "query": case.query,
        "truth": len(truth),
        "found": len(found),
        "recall": hits / len(truth) if truth else 1.0,
        "precision": hits / len(found) if found else 1.0,
    }


def measure(ix: SearchIndex, table: pd.DataFrame, repeat: int) -> dict[str, Any]:
    """Latency of the index and of the pandas scan, and recall, over every benchmark query."""
    scan, queries = Scan(table, load_aliases()), cases(table)
    keys = prepare_rows(table)["row_key"]
    index_ms, scan_ms, per_query = [], [], []
    for case in queries:
        ours = latencies(lambda case=case: find(ix, case.query, limit=PAGE), repeat)
        theirs = latencies(lambda case=case: table[case.truth(scan)], repeat)
        index_ms += ours
        scan_ms += theirs
        per_query.append({**check(ix, scan, keys, case), "ms": np.median(ours)})
    return {"index_ms": index_ms, "scan_ms": scan_ms, "queries": per_query}


def digital_human_precision(ix: SearchIndex, bonus: float) -> float:
    """R-precision of purpose:数字人 for rows about digital humans (not 数字人民币).

    With R such rows among the matches, the share of them among the first R: 1.0 when they
    all rank above every 数字人民币 row.
    """
    saved, rank.WORD_BONUS = rank.WORD_BONUS, bonus
    try:
        rows = find(ix, "purpose:数字人").rows
    finally:
        rank.WORD_BONUS = saved
    human = rows["purpose"].map(lambda text: bool(re.search("数字人(?!民币)", text)))
    return float(human.iloc[: int(human.sum())].mean()) if human.any() else 1.0


def run_scale(table: pd.DataFrame, label: str, repeat: int, work: Path) -> dict[str, Any]:
    """Build, open, query, update; print the figures of one table."""
    ix_dir = work / label
    _, build_s = timed(lambda: build_index(table, ix_dir))
    live = current_dir(ix_dir)
    ix, open_s = timed(lambda: open_index(ix_dir))
    figures = measure(ix, table, repeat)
    batch = new_batch(table, 500)
    result, update_s = timed(lambda: update_index(batch, ix_dir))
    updated = open_index(ix_dir)
    assert find(updated, "batch:2026-09").total >= 500, "the added batch is not searchable"
    figures |= {"rows": len(table), "build_s": build_s, "open_s": open_s, "update_s": update_s}
    figures |= {"size_mb": size_mb(live), "rows_mb": size_mb(live, ROWS_FILE)}  # type: ignore[arg-type]
    figures["jieba"] = (
        digital_human_precision(ix, rank.WORD_BONUS),
        digital_human_precision(ix, 0),
    )
    figures["update"] = result
    report(label, figures)
    return figures


def report(label: str, f: dict[str, Any]) -> None:
    """Print the figures of one scale."""
    ix, sc = f["index_ms"], f["scan_ms"]
    print(f"\n== {label}: {f['rows']:,} rows ==")
    print(f"build {f['build_s']:.1f} s; index {f['size_mb']:.1f} MB "
          f"(Whoosh {f['size_mb'] - f['rows_mb']:.1f} MB + row store {f['rows_mb']:.1f} MB); "
          f"open {f['open_s'] * 1000:.0f} ms")  # fmt: skip
    print(f"update +500 rows: {f['update_s']:.2f} s ({f['update']})")
    print(f"latency over {len(f['queries'])} queries x {len(ix) // len(f['queries'])} runs "
          f"(page of {PAGE}):")  # fmt: skip
    print(f"  index  p50 {percentile(ix, .5):7.2f} ms  p99 {percentile(ix, .99):7.2f} ms  "
          f"max {max(ix):7.2f} ms")  # fmt: skip
    print(f"  pandas p50 {percentile(sc, .5):7.2f} ms  p99 {percentile(sc, .99):7.2f} ms  "
          f"max {max(sc):7.2f} ms  (baseline scan)")  # fmt: skip
    report_recall(f["queries"])
    with_bonus, without = f["jieba"]
    print(f"jieba ranking, purpose:数字人, R-precision of digital-human rows over 数字人民币 rows: "
          f"{with_bonus:.3f} with the word bonus, {without:.3f} without")  # fmt: skip


def report_recall(queries: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame(queries)
    by_kind = frame.groupby("kind").agg(
        queries=("query", "size"),
        recall=("recall", "min"),
        precision=("precision", "min"),
        ms=("ms", "median"),
    )
    print("recall/precision (worst query per kind) and median ms:")
    print(by_kind.to_string(float_format=lambda v: f"{v:.3f}"))
    slow = frame.nlargest(5, "ms")[["query", "truth", "ms"]]
    print("slowest queries:\n" + slow.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    wrong = frame[(frame["recall"] < 1) | (frame["precision"] < 1)]
    if len(wrong):
        print("MISMATCHES:\n" + wrong.to_string(index=False))


def verdicts(f: dict[str, Any]) -> list[tuple[str, bool, str]]:
    recall = min(q["recall"] for q in f["queries"])
    p50, p99 = percentile(f["index_ms"], 0.5), percentile(f["index_ms"], 0.99)
    return [
        ("recall 100%", recall >= TARGETS["recall"], f"{recall:.1%}"),
        ("p50 <= 5 ms", p50 <= TARGETS["p50_ms"], f"{p50:.2f} ms"),
        ("p99 <= 50 ms", p99 <= TARGETS["p99_ms"], f"{p99:.2f} ms"),
        ("build <= 20 s", f["build_s"] <= TARGETS["build_s"], f"{f['build_s']:.1f} s"),
        ("add 500 rows <= 3 s", f["update_s"] <= TARGETS["update_s"], f"{f['update_s']:.2f} s"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, help="CSV or Parquet table for scale 1")
    parser.add_argument("--scales", default="1,10", help="synthetic sizes, 1 = about 15k rows")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (10x: a third)")
    args = parser.parse_args(argv)
    first = None
    with tempfile.TemporaryDirectory(prefix="cacfilings-bench-") as work:
        for scale in (float(s) for s in args.scales.split(",")):
            table = read_table(args.table) if args.table and scale == 1 else make_table(scale)
            repeat = args.repeat if scale <= 1 else max(1, args.repeat // 3)
            figures = run_scale(table, f"scale {scale:g}", repeat, Path(work))
            first = first or (figures if scale == 1 else None)
    if first:
        print("\n== targets (scale 1) ==")
        for name, passed, value in verdicts(first):
            print(f"{'PASS' if passed else 'MISS'}  {name:22s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
