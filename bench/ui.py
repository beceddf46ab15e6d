"""UI latency: the server-side work of one search-page rerun on the full-size table.

    .venv/bin/python bench/ui.py                          # 15k synthetic rows (bench/synthetic.py)
    .venv/bin/python bench/ui.py --table data/processed/filings.parquet
    .venv/bin/python bench/ui.py --data-dir data/demo     # an index built already

Drives ui/app.py with Streamlit's AppTest: types each query into the search box (or sets the
sidebar filters: list type, role, algorithm category, province, status), then times whole reruns
of the script: the search, the facet counts, the filters, the table handed to the browser
(Arrow), the download buttons (their files are made on click, not here) and the rest of the
page. One warm-up run opens the index first, as the
first visitor of a new index generation would. Target: p99 under 300 ms.

Then the filing page (the number listed most often), the company page (the company with the
most filings, a short name several companies hold) and the group page (ByteDance): each opened
with empty caches after the search page's first run (first run: its directories and groups
computed), then rerun as it stands.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.search import percentile, read_table
from bench.synthetic import make_table
from crawler.dataset import enrich
from crawler.paths import data_paths
from index.build import build_index, open_index
from index.search import find
from ui import companies

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
TARGET_MS = 300.0
QUERIES = (
    "",
    "字节",
    "ByteDance",
    "百度",
    "阿里巴巴",
    "腾讯",
    "人脸",
    "数字人",
    "推荐算法",
    "语音合成",
    "company:字节",
    "category:个性化",
    "scenario:手机",
    "type:genai",
    "province:北京 year:2024",
    "batch:2024",
    "status:cancelled",
    "网信算备110108",
    "Beijing-",
    "人脸 OR 语音",
    "大模型 NOT 百度",
    '"图像生成"',
)


@dataclass(frozen=True)
class Case:
    """One search-page state: a query and sidebar filters (widget key -> value)."""

    query: str
    filters: dict[str, object] = field(default_factory=dict)

    @property
    def label(self) -> str:
        extra = " ".join(f"{key}={value}" for key, value in self.filters.items())
        return " ".join(part for part in (self.query or "(empty)", extra) if part)


def cases() -> list[Case]:
    """The queries as typed, plus four with sidebar filters set."""
    filtered = [
        Case("", {"f_list_type": ["deep_synthesis", "algorithm"]}),
        Case("算法", {"f_province": ["北京市", "浙江省"], "f_status": ["active"]}),
        Case("", {"f_role": ["服务技术支持者"], "f_list_type": ["deep_synthesis"]}),
        Case("算法", {"f_category": ["个性化推送类", "排序精选类"]}),
    ]
    return [Case(query) for query in QUERIES] + filtered


def prepare(args: argparse.Namespace, work: Path) -> tuple[Path, int]:
    """The data directory to serve and its row count (builds the index unless given one)."""
    if args.data_dir:
        root = Path(args.data_dir)
        return root, len(pd.read_parquet(next(data_paths(root).index.glob("gen-*/rows.parquet"))))
    table = read_table(Path(args.table)) if args.table else make_table(1.0)
    if args.table and "company_key" not in table.columns:
        table = enrich(table)
    started = time.perf_counter()
    build_index(table, data_paths(work).index)
    print(f"index of {len(table):,} rows built in {time.perf_counter() - started:.1f} s")
    return work, len(table)


def timed_runs(at: AppTest, case: Case, repeat: int) -> list[float]:
    """Milliseconds of `repeat` reruns in the state `case` sets (the first applies it).

    Filters are set after one untimed run of the bare query: a multiselect offers the values
    the rows left by the query hold, and a value it does not offer cannot be chosen.
    """
    at.text_input(key="q").set_value(case.query)
    if case.filters:
        at.run()
    for key, value in case.filters.items():
        at.multiselect(key=key).set_value(value)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
        assert not at.exception, at.exception
    return times


def reset(at: AppTest, case: Case) -> None:
    """Clear the filters `case` set, so the next case starts from the bare query."""
    for key in case.filters:
        at.multiselect(key=key).set_value([])


def shown(at: AppTest) -> int:
    return len(at.dataframe[0].value) if at.dataframe else 0


def measure(repeat: int, out: Callable[[str], None] = print) -> list[float]:
    """Warm up, then time every case; print one line per case and return all timings."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    started = time.perf_counter()
    at.run()
    out(f"first run (opens the index, warms the caches): {(time.perf_counter() - started):.2f} s")
    everything: list[float] = []
    for case in cases():
        times = timed_runs(at, case, repeat)
        everything += times
        out(f"  {case.label:<60} {shown(at):>6,} rows  p50 {percentile(times, 0.5):6.1f} ms")
        reset(at, case)
    return everything


@dataclass(frozen=True)
class PageCase:
    """One page opened through its URL parameters."""

    page: str
    params: dict[str, str]

    @property
    def label(self) -> str:
        shown = " ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.page.removeprefix('views/')} {shown}"


def page_cases(root: Path) -> list[PageCase]:
    """The filing listed most often, the biggest company, a shared short name, a group."""
    rows = find(open_index(data_paths(root).index), "", facets=()).rows
    numbered = rows.loc[rows["filing_no"] != "", "filing_no"]
    busiest = str(numbered.value_counts().index[0])
    biggest = str(companies.directory(rows)["company"].iloc[0])
    return [
        PageCase("views/filing.py", {"no": busiest}),
        PageCase("views/filing.py", {"no": busiest[: len(busiest) // 2]}),  # candidates
        PageCase("views/company.py", {"company": biggest}),
        PageCase("views/company.py", {"company": "科技"}),  # a short name many companies hold
        PageCase("views/company.py", {"group": "ByteDance"}),
    ]


def page_times(case: PageCase, repeat: int) -> tuple[float, list[float]]:
    """Milliseconds of the page's first run (caches emptied) and of `repeat` reruns."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.query_params.update(case.params)
    at.switch_page(case.page)
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
        assert not at.exception, at.exception
    return times[0], times[1:]


def measure_pages(root: Path, repeat: int, out: Callable[[str], None] = print) -> None:
    """Print the first run and the rerun p50 of each page case."""
    out("pages (first run with empty caches, then reruns):")
    for case in page_cases(root):
        first, reruns = page_times(case, repeat)
        label = case.label if len(case.label) <= 60 else case.label[:59] + "…"
        out(f"  {label:<60} first {first:7.1f} ms  rerun p50 {percentile(reruns, 0.5):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", help="a filings table (CSV or Parquet) instead of synthetic")
    parser.add_argument("--data-dir", help="a data directory whose index is built already")
    parser.add_argument("--repeat", type=int, default=5, help="reruns per case (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cacfilings-ui-bench-") as work:
        root, rows = prepare(args, Path(work))
        os.environ["CACFILINGS_DATA_DIR"] = str(root)
        times = measure(args.repeat)
        measure_pages(root, args.repeat)
    p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
    verdict = "ok" if p99 < TARGET_MS else "OVER TARGET"
    print(f"{rows:,} rows, {len(cases())} cases x {args.repeat} reruns = {len(times)} reruns")
    print(f"rerun p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(times):.1f} ms")
    print(f"target p99 < {TARGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
