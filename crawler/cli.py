"""The `cacfilings` command line: a thin layer over the library functions.

Every command lives in a module of crawler.commands; this module holds the group (the options
every command shares) and registers them.
"""

from pathlib import Path

import click

from crawler.commands import all_commands
from crawler.paths import data_paths


@click.group()
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
    from crawler.run import set_verbose

    set_verbose(verbose)
    ctx.obj = {"paths": data_paths(data_dir)}


for _command in all_commands():
    main.add_command(_command)


if __name__ == "__main__":
    main()
