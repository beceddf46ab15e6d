"""The `cacfilings` command line: a thin layer over the library functions.

Every command lives in a module of crawler.commands; this module holds the group (the options
every command shares). A command's module is imported only when that command runs, so a search
starts without loading the crawler or the document parsers.
"""

import sys
from pathlib import Path

import click

from crawler.commands import lazy_commands
from crawler.paths import data_paths


def set_verbose(verbose: bool) -> None:
    """Tell the crawl runner (crawler.run) how much to log, loading it only when it matters."""
    if verbose or "crawler.run" in sys.modules:
        from crawler.run import set_verbose as set_run_verbose

        set_run_verbose(verbose)


@click.group(commands=lazy_commands())
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data directory (default: $CACFILINGS_DATA_DIR or ./data).",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Log the crawl in detail (DEBUG lines, Scrapy's stats)."
)
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, verbose: bool) -> None:
    """Crawl, parse, index and search the CAC's algorithm filing lists."""
    set_verbose(verbose)
    ctx.obj = {"paths": data_paths(data_dir)}


if __name__ == "__main__":
    main()
