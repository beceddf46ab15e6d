"""`cacfilings history`: every list and batch that names one filing number."""

import click

from crawler.commands.common import emit, paths_of

COMMANDS = ["history"]


@click.command()
@click.argument("filing_no")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.pass_context
def history(ctx: click.Context, filing_no: str, fmt: str) -> None:
    """List every appearance of a filing number, oldest batch first, with its notice and file.

    Example: cacfilings history 网信算备110108823483901230031号
    Exits 1 when no row carries the number.
    """
    from crawler.dataset import appearances
    from crawler.table import read_full_table

    rows = appearances(read_full_table(paths_of(ctx)), filing_no)
    if rows.empty:
        raise click.ClickException(f"No filing {filing_no} in the table (run `cacfilings build`?)")
    click.echo(f"{len(rows)} appearances of {rows['filing_no'].iloc[0]}", err=True)
    if fmt == "table":
        click.echo(rows.drop(columns="filing_no").to_string(index=False))
    else:
        emit(rows, fmt, None)
