"""`cacfilings feed`: an Atom feed of the filings a saved search finds, newest listing first."""

from pathlib import Path

import click

from crawler.commands.common import paths_of

COMMANDS = ["feed"]


@click.command()
@click.option("--query", default="", help="The search (the query language of `search`).")
@click.option("--company", default=None, help="Only filings whose company contains this text.")
@click.option(
    "--base-url",
    default="http://localhost:8501",
    show_default=True,
    help="Where the search page is served; entries link to its filing page.",
)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the feed to this file (atomically) instead of stdout.",
)
@click.pass_context
def feed(
    ctx: click.Context,
    query: str,
    company: str | None,
    base_url: str,
    limit: int,
    output: Path | None,
) -> None:
    """Write an Atom feed of the filings matching a search, one entry per filing number.

    Example: cacfilings feed --query '人脸 province:北京' -o face.atom
    Example: cacfilings feed --company ByteDance --base-url https://filings.example.org
    Serve the file or point a feed reader at it; rerun after each `cacfilings refresh`.
    """
    from crawler.storage import write_atomic
    from index.feed import feed_bytes
    from index.search import IndexMissingError

    try:
        data = feed_bytes(
            paths_of(ctx).index, query, company=company, base_url=base_url, limit=limit
        )
    except IndexMissingError as error:
        raise click.ClickException(str(error)) from error
    if output is None:
        click.echo(data, nl=False)
    else:
        write_atomic(output, lambda path: path.write_bytes(data))
        click.echo(f"Wrote {output}", err=True)
