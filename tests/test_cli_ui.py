"""`cacfilings ui`: its Streamlit server stops with it."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.system


def free_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    """Whether the Streamlit server on `port` answers its health check."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
            return True
    except OSError:
        return False


def wait_until(condition: object, seconds: float) -> bool:
    """Poll `condition` until it holds or `seconds` pass; return whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not count)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_sigterm_stops_the_streamlit_server(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "crawler.cli", "--data-dir", str(tmp_path), "ui"]
    ui = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=tmp_path,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = [ui.pid]
    try:
        assert wait_until(lambda: answers(port), 60)
        [streamlit] = children_of(ui.pid)
        started.append(streamlit)
        ui.send_signal(signal.SIGTERM)
        assert ui.wait(timeout=30) == 0
        assert wait_until(lambda: not answers(port), 10)
        assert not alive(streamlit)
    finally:
        for pid in started:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
