"""`cacfilings ui`: the Streamlit search page, stopped with the command."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import click

from crawler.commands.common import paths_of

COMMANDS = ["ui"]
FORWARDED_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


@click.command()
@click.option("--port", default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.pass_context
def ui(ctx: click.Context, port: int, host: str) -> None:
    """Start the Streamlit search page.

    Example: cacfilings ui --port 8501
    """
    env = {**os.environ, "CACFILINGS_DATA_DIR": str(paths_of(ctx).root)}
    ctx.exit(run_forwarding_signals(streamlit_command(port, host), env))


def streamlit_command(port: int, host: str) -> list[str]:
    """The Streamlit server of the search page (ui/app.py of the installed package)."""
    import ui

    app = Path(ui.__file__).resolve().parent / "app.py"
    options = {"port": port, "address": host, "headless": "true"}
    server = [arg for name, value in options.items() for arg in (f"--server.{name}", str(value))]
    usage_stats = ["--browser.gatherUsageStats", "false"]
    # An unexpected error shows a generic message in the browser, never a traceback with paths;
    # the toolbar keeps the viewer's items only (no Deploy button). ui/.streamlit/config.toml
    # says the same for `streamlit run ui/app.py`.
    client = ["--client.showErrorDetails", "none", "--client.toolbarMode", "minimal"]
    return [sys.executable, "-m", "streamlit", "run", str(app), *server, *usage_stats, *client]


def run_forwarding_signals(command: list[str], env: dict[str, str]) -> int:
    """Run `command`, pass SIGTERM/SIGINT/SIGHUP on to it, and return its exit status."""
    child = subprocess.Popen(command, env=env)
    previous = {number: signal.getsignal(number) for number in FORWARDED_SIGNALS}
    for number in FORWARDED_SIGNALS:
        signal.signal(number, lambda received, _frame: child.send_signal(received))
    try:
        status = child.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 128 - status if status < 0 else status
