"""Requests and time of `cacfilings refresh` on the replica: a first run, a run with nothing new,
a run that finds a new batch, and a --recheck run. Run on demand, not in the test suite:

    .venv/bin/python bench/refresh.py               # the full-size replica (~10,000 rows)
    .venv/bin/python bench/refresh.py --scale small # the bundled sample of real rows (574)

The replica is served on localhost, where the crawl drops its politeness delays; the last column
estimates the same run against cac.gov.cn with the production DOWNLOAD_DELAY (a lower bound:
AutoThrottle only ever waits longer).
"""

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler import settings  # noqa: E402
from replica.seed import load_seed  # noqa: E402
from replica.server import ReplicaServer, serve_in_thread  # noqa: E402
from replica.site import DOWNLOAD_PATH, build_site  # noqa: E402
from replica.updates import new_batch, publish  # noqa: E402

BATCH_ROWS = 392  # 7,059 deep-synthesis rows over 18 batches


def seed_of(scale: str) -> dict[str, Any]:
    """The replica seed of a scale."""
    if scale == "small":
        return load_seed()
    from replica.scale import FULL, scale_seed

    return scale_seed(FULL)


def fingerprint(root: Path) -> dict[str, tuple[int, str]]:
    """(mtime, sha256) of every file under `root`."""
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in root.rglob("*")
        if p.is_file()
    }


def measure(server: ReplicaServer, base_url: str, data_dir: Path, *args: str) -> dict[str, Any]:
    """Run one refresh in a subprocess; what it asked for, how long it took, what it changed."""
    before = fingerprint(data_dir) if data_dir.exists() else {}
    server.reset_log()
    command = [sys.executable, "-m", "crawler.cli", "--data-dir", str(data_dir), "refresh"]
    started = time.monotonic()
    run = subprocess.run([*command, "--site", base_url, "-q", *args], capture_output=True, cwd=ROOT)
    seconds = time.monotonic() - started
    after = fingerprint(data_dir)
    changed = sum(1 for path, state in after.items() if before.get(path) != state)
    return {
        "exit": run.returncode,
        "requests": len(server.request_log),
        "attachments": server.request_count(DOWNLOAD_PATH),
        "seconds": seconds,
        "files_written": changed,
        "status": run.stderr.decode().strip().splitlines()[-1],
    }


def report(name: str, figures: dict[str, Any]) -> None:
    """One row of the figures table."""
    polite = figures["requests"] * settings.DOWNLOAD_DELAY
    print(
        f"{name:<28} {figures['exit']:>4} {figures['requests']:>8} {figures['attachments']:>11} "
        f"{figures['seconds']:>8.1f} {figures['files_written']:>13} {polite:>10.0f}"
    )


def main() -> None:
    """Build and serve the replica, run the four refreshes, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["full", "small"], default="full")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cacfilings-bench-") as tmp:
        seed = seed_of(args.scale)
        started = time.monotonic()
        site = build_site(Path(tmp) / "site", seed)
        print(f"replica ({args.scale}) built in {time.monotonic() - started:.1f} s")
        server, base_url = serve_in_thread(site)
        data_dir = Path(tmp) / "data"
        print(f"{'run':<28} exit requests attachments  seconds files_written polite_s")
        runs = {"first (empty data dir)": measure(server, base_url, data_dir)}
        runs["no change"] = measure(server, base_url, data_dir)
        publish(site, server, seed, [new_batch(0, rows=BATCH_ROWS)])
        runs[f"new batch ({BATCH_ROWS} rows)"] = measure(server, base_url, data_dir)
        runs["no change, --recheck"] = measure(server, base_url, data_dir, "--recheck")
        for name, figures in runs.items():
            report(name, figures)
        for figures in runs.values():
            print(figures["status"])
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
