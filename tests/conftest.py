"""Shared fixtures: the replica CAC site, built once, served over real HTTP."""

import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from replica.server import ReplicaServer, serve_in_thread
from replica.site import build_site
from tests.refresh_helpers import refresh, small_seed


@dataclass
class RunningReplica:
    """A running replica server and its base URL (``http://127.0.0.1:<port>``)."""

    server: ReplicaServer
    base_url: str


pytest_plugins = ["tests.ui_apptest"]


@pytest.fixture(scope="session")
def replica_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The replica site built from the seed into a session temp dir."""
    return build_site(tmp_path_factory.mktemp("replica") / "site")


@pytest.fixture(scope="session")
def replica_server(replica_site: Path) -> Iterator[RunningReplica]:
    """The replica site served on a free local port for the whole session."""
    server, base_url = serve_in_thread(replica_site)
    yield RunningReplica(server, base_url)
    server.shutdown()
    server.server_close()


@dataclass
class FirstRefresh:
    """The data directory after one refresh of the small replica, and how that run went."""

    data_dir: Path
    result: subprocess.CompletedProcess[str]
    requests: list[str]


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small replica without its broken links, for the refresh tests."""
    return build_site(tmp_path_factory.mktemp("small") / "site", small_seed())


@pytest.fixture(scope="session")
def small_port() -> int:
    """One port for every small-replica server, so stored URLs stay valid across tests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def first_refresh(small_site: Path, small_port: int, tmp_path_factory) -> FirstRefresh:
    """One refresh of the small replica into a fresh data directory (tests copy it)."""
    data_dir = tmp_path_factory.mktemp("first") / "data"
    server, base_url = serve_in_thread(small_site, port=small_port)
    try:
        result = refresh(data_dir, base_url)
        requests = [path for _, path, _ in server.request_log]
    finally:
        server.shutdown()
        server.server_close()
    return FirstRefresh(data_dir, result, requests)


@pytest.fixture
def small_replica(small_site: Path, small_port: int, tmp_path: Path) -> Iterator[RunningReplica]:
    """The small replica for one test: its own copy of the site and server, on small_port."""
    site = shutil.copytree(small_site, tmp_path / "site")
    server, base_url = serve_in_thread(site, port=small_port)
    yield RunningReplica(server, base_url)
    server.shutdown()
    server.server_close()


@pytest.fixture
def refreshed(first_refresh: FirstRefresh, tmp_path: Path) -> Path:
    """A copy of the data directory after the first refresh, for one test to change."""
    return shutil.copytree(first_refresh.data_dir, tmp_path / "data")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the checks against the real site unless the marker expression asks for them."""
    if "live" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="touches the real cac.gov.cn: run with -m live")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)
