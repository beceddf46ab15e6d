"""Time `cacfilings search` as a user runs it: a fresh process, a full-scale index.

Run on demand (not part of the tests):

    .venv/bin/python bench/cli.py [--data-dir /tmp/bench-full/data] [--runs 15]

Uses the data dir given (rebuilding its index when the index code changed), or builds the
full-scale replica data with bench/pipeline.py --scale full into /tmp/bench-full. Then runs the
installed `.venv/bin/cacfilings --data-dir … search 字节 --limit 5` N times as subprocesses,
prints the median, min and max wall time and the costliest imports (python -X importtime), and
exits 1 when the median is above LIMIT_SECONDS.

The project's bytecode caches are written first, as a user's first run writes them: under
PYTHONDONTWRITEBYTECODE every timed run would otherwise compile each source edited since.
"""

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLI = REPO / ".venv" / "bin" / "cacfilings"
DEFAULT_DATA = Path("/tmp/bench-full/data")
LIMIT_SECONDS = 0.35
QUERY = ("search", "字节", "--limit", "5")
PACKAGES = ("crawler", "index")
_IMPORT_LINE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)")


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One run of the installed command line."""
    command = [str(CLI), "--data-dir", str(data_dir), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def ensure_data(data_dir: Path) -> None:
    """A data dir with a table and an index this code can read."""
    if not (data_dir / "processed" / "filings.parquet").exists():
        work = data_dir.parent
        pipeline = [sys.executable, str(REPO / "bench" / "pipeline.py"), "--scale", "full"]
        subprocess.run([*pipeline, "--work-dir", str(work)], check=True)
    probe = cli(data_dir, *QUERY)
    if probe.returncode != 0:
        print("index missing or outdated: rebuilding it", file=sys.stderr)
        subprocess.run([str(CLI), "--data-dir", str(data_dir), "build"], check=True)


def compile_sources() -> None:
    """Write the bytecode caches of the project's packages with the command's interpreter."""
    packages = [str(REPO / package) for package in PACKAGES]
    subprocess.run([str(CLI.parent / "python"), "-m", "compileall", "-q", *packages], check=False)


def wall_times(data_dir: Path, runs: int) -> list[float]:
    """Seconds of each of `runs` subprocess runs of the search."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = cli(data_dir, *QUERY)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"the search failed:\n{done.stderr}")
    return times


def top_imports(data_dir: Path, count: int = 12) -> list[tuple[int, str]]:
    """The top-level imports (cumulative microseconds) of one run, costliest first."""
    command = [str(CLI.parent / "python"), "-X", "importtime", "-m", "crawler.cli"]
    done = subprocess.run(
        [*command, "--data-dir", str(data_dir), *QUERY], capture_output=True, text=True, check=False
    )
    found = [
        (int(match[1]), match[3])
        for match in map(_IMPORT_LINE.match, done.stderr.splitlines())
        if match and len(match[2]) <= 3  # imported by __main__ or one level below
    ]
    return sorted(found, reverse=True)[:count]


def main() -> None:
    """Build or reuse the data, time the runs, print the figures, fail above the limit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    ensure_data(args.data_dir)
    compile_sources()
    times = wall_times(args.data_dir, args.runs)
    median = statistics.median(times)
    print(f"cacfilings {' '.join(QUERY)}: {args.runs} runs")
    print(f"  median {median:.3f} s  min {min(times):.3f} s  max {max(times):.3f} s")
    print("top imports (cumulative):")
    for micros, module in top_imports(args.data_dir):
        print(f"  {micros / 1e6:7.3f} s  {module}")
    if median > LIMIT_SECONDS:
        raise SystemExit(f"median {median:.3f} s is above the {LIMIT_SECONDS} s limit")


if __name__ == "__main__":
    main()
