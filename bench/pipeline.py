"""Time the whole pipeline on the replica: site, crawl, parse, table, index, exports.

Run on demand (not part of the tests):

    .venv/bin/python bench/pipeline.py --scale small
    .venv/bin/python bench/pipeline.py --scale full [--work-dir /tmp/bench-full]

Builds the replica site (the bundled seed, or the full-size generated corpus), serves it on a
free local port, crawls it with the CLI in a subprocess (`crawl --no-build`), then runs the
build stages in-process and every export format, and prints rows per list type and seconds
per stage.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.dataset.export import FORMATS, export_table  # noqa: E402
from crawler.paths import data_paths  # noqa: E402
from crawler.rebuild import parse_stage, table_stage  # noqa: E402
from index.build import build_index  # noqa: E402
from replica.server import serve_in_thread  # noqa: E402
from replica.site import build_site  # noqa: E402

Timings = list[tuple[str, float]]


@contextmanager
def timed(stage: str, timings: Timings) -> Iterator[None]:
    """Record how long the block took under `stage`."""
    start = time.perf_counter()
    yield
    timings.append((stage, time.perf_counter() - start))


def seed_of(scale: str) -> dict[str, Any] | None:
    """None (the bundled seed) for small, the generated full-size seed for full."""
    if scale == "small":
        return None
    from replica.scale import FULL, scale_seed

    return scale_seed(FULL)


def crawl(data_dir: Path, site: str) -> subprocess.CompletedProcess[str]:
    """Run the crawl exactly as a user would, without the build."""
    command = [sys.executable, "-m", "crawler.cli", "--data-dir", str(data_dir)]
    command += ["crawl", "--site", site, "--no-build"]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)


def run(scale: str, work: Path) -> tuple[Timings, Any, subprocess.CompletedProcess[str]]:
    """Every stage in order; returns the timings, the build result and the crawl process."""
    timings: Timings = []
    with timed("generate + build site", timings):
        site_dir = build_site(work / "site", seed_of(scale))
    server, url = serve_in_thread(site_dir)
    paths = data_paths(work / "data")
    try:
        with timed("crawl (subprocess)", timings):
            crawled = crawl(paths.root, url)
    finally:
        server.shutdown()
        server.server_close()
    with timed("parse (every attachment afresh)", timings):
        result = parse_stage(paths, use_cache=False)
    with timed("table (enrich, validate, write)", timings):
        result = table_stage(result, paths)
    with timed("index", timings):
        build_index(result.table, paths.index)
    for fmt in FORMATS:
        with timed(f"export {fmt}", timings):
            export_table(result.table, fmt, work / "exports" / f"filings.{fmt}")
    return timings, result, crawled


def report(scale: str, timings: Timings, result: Any, crawled: Any, out: Callable) -> None:
    """Print the crawl outcome, rows per list type, checks and seconds per stage."""
    table = result.table
    out(f"scale: {scale}; crawl exit status {crawled.returncode}")
    for list_type, count in table["list_type"].value_counts().sort_index().items():
        out(f"  {list_type:<18}{count:>7} rows")
    out(f"  {'total':<18}{len(table):>7} rows")
    cancelled = table.loc[table["status"] == "cancelled", "filing_no"].nunique()
    out(f"  cancelled filings {cancelled}; rows with problems {(table['problems'] != '').sum()}")
    out(f"  parse errors {len(result.errors)}; refused {len(result.refused)}")
    for stage, seconds in timings:
        out(f"  {stage:<34}{seconds:>8.1f} s")
    out(f"  {'total':<34}{sum(s for _, s in timings):>8.1f} s")


def main() -> None:
    """Parse arguments, run the stages in a work directory and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("small", "full"), default="small")
    parser.add_argument("--work-dir", type=Path, default=None, help="keep everything here")
    args = parser.parse_args()
    if args.work_dir:
        report(args.scale, *run(args.scale, args.work_dir), print)
        return
    with tempfile.TemporaryDirectory(prefix="cacfilings-bench-") as work:
        report(args.scale, *run(args.scale, Path(work)), print)


if __name__ == "__main__":
    main()
