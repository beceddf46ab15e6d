"""The command line run from a directory other than the checkout, as an installed tool is."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import FirstRefresh, RunningReplica
from tests.refresh_helpers import FAST, manifest

pytestmark = pytest.mark.system

PIPELINES_OFF = (
    "refresh: FATAL: SettingsError: item pipelines not enabled: "
    "crawler.pipelines.ValidationPipeline, crawler.pipelines.AttachmentsPipeline, "
    "crawler.pipelines.ManifestPipeline"
)


def cli_elsewhere(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`cacfilings ARGS` run as a subprocess in `cwd`, with a fresh tldextract cache."""
    tld_cache = cwd / "tldextract-cache"
    full_env = {**os.environ, "TLDEXTRACT_CACHE": str(tld_cache), **(env or {})}
    full_env.pop("CACFILINGS_DATA_DIR", None)
    command = [sys.executable, "-m", "crawler.cli", *args]
    return subprocess.run(
        command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=180, check=False
    )


def table_rows(data_dir: Path) -> int:
    """Rows of the stored table."""
    return len(pd.read_csv(data_dir / "processed" / "filings.csv", dtype=str))


def test_refresh_from_another_directory_stores_what_the_checkout_does(
    small_replica: RunningReplica, first_refresh: FirstRefresh, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    result = cli_elsewhere(
        tmp_path, "--data-dir", str(data_dir), "refresh", "--site", small_replica.base_url, *FAST
    )
    assert result.returncode == 0, result.stderr
    assert "refresh: status=changed exit=0" in result.stderr
    assert len(manifest(data_dir)) == len(manifest(first_refresh.data_dir))
    assert table_rows(data_dir) == table_rows(first_refresh.data_dir)


def test_crawl_from_another_directory_uses_the_default_data_dir_there(
    small_replica: RunningReplica, first_refresh: FirstRefresh, tmp_path: Path
) -> None:
    result = cli_elsewhere(tmp_path, "crawl", "--site", small_replica.base_url)
    assert result.returncode == 0, result.stderr
    assert f"Table: {table_rows(first_refresh.data_dir)} rows" in result.stderr
    assert table_rows(tmp_path / "data") == table_rows(first_refresh.data_dir)


def test_a_crawl_without_item_pipelines_is_refused(
    small_replica: RunningReplica, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    args = ("--data-dir", str(data_dir), "refresh", "--site", small_replica.base_url, *FAST)
    result = cli_elsewhere(tmp_path, *args, "-s", "ITEM_PIPELINES={}")
    assert result.returncode == 4
    assert PIPELINES_OFF in result.stderr.splitlines()
    assert not (data_dir / "raw" / "manifest.json").exists()


def test_default_output_has_no_traceback_and_no_stats_dump(
    replica_server: RunningReplica, tmp_path: Path
) -> None:
    result = cli_elsewhere(tmp_path, "crawl", "--site", replica_server.base_url, "--no-build")
    assert result.returncode == 1, result.stderr  # the replica's two broken links
    assert "Traceback" not in result.stderr
    assert "Dumping Scrapy stats" not in result.stderr
    assert "[tldextract]" not in result.stderr
    assert " DEBUG: " not in result.stderr


def test_verbose_output_has_the_stats_dump_and_debug_lines(
    replica_server: RunningReplica, tmp_path: Path
) -> None:
    args = ("-v", "crawl", "--site", replica_server.base_url, "--no-build")
    result = cli_elsewhere(tmp_path, *args)
    assert result.returncode == 1, result.stderr
    assert "[scrapy.statscollectors] INFO: Dumping Scrapy stats:" in result.stderr
    assert "[scrapy.core.engine] DEBUG: Crawled (200)" in result.stderr
    assert "Traceback" not in result.stderr
