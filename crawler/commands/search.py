"""`cacfilings search`: answer a query from the index."""

import click

from crawler.commands.common import emit, paths_of
from crawler.constants import COLUMNS, LIST_TYPES

COMMANDS = ["search"]


@click.command()
@click.argument("query", default="")
@click.option("--company", default=None, help="Only rows whose company contains this text.")
@click.option("--type", "list_type", type=click.Choice(LIST_TYPES), default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    company: str | None,
    list_type: str | None,
    fmt: str,
    limit: int | None,
) -> None:
    """Search the index: company, algorithm, product, purpose or filing number.

    Example: cacfilings search 字节 --type deep_synthesis
    """
    from index.search import IndexMissingError
    from index.search import search as run_search

    try:
        rows = run_search(
            paths_of(ctx).index, query, company=company, list_type=list_type, limit=limit
        )
    except IndexMissingError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{len(rows)} matching filings", err=True)
    emit(rows[list(COLUMNS)], fmt, None)
