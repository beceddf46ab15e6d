"""Shared fixtures: the replica CAC site, built once, served over real HTTP."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from replica.server import ReplicaServer, serve_in_thread
from replica.site import build_site


@dataclass
class RunningReplica:
    """A running replica server and its base URL (``http://127.0.0.1:<port>``)."""

    server: ReplicaServer
    base_url: str


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
