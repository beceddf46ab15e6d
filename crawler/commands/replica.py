"""`cacfilings replica`: build and serve the local replica of the CAC site."""

from pathlib import Path

import click

from crawler.commands.common import paths_of

COMMANDS = ["replica"]


@click.command()
@click.option("--port", default=8765, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the replica site is built (default: <data-dir>/replica-site).",
)
@click.pass_context
def replica(ctx: click.Context, port: int, host: str, site_dir: Path | None) -> None:
    """Build and serve the local replica of the CAC site (for demos and tests).

    Example: cacfilings replica --port 8765
    """
    from replica.server import make_server
    from replica.site import build_site

    site_dir = site_dir or paths_of(ctx).root / "replica-site"
    build_site(site_dir)
    server = make_server(site_dir, host=host, port=port)
    click.echo(f"Replica of the CAC site at http://{host}:{server.server_address[1]}", err=True)
    server.serve_forever()
