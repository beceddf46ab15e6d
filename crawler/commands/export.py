"""`cacfilings export`: the table as CSV, XLSX, Parquet or JSON, for analysts."""

import sys
from pathlib import Path

import click

from crawler.commands.common import paths_of
from crawler.constants import LIST_TYPES

COMMANDS = ["export"]
FORMATS = ("csv", "xlsx", "parquet", "json")


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--type", "list_type", type=click.Choice(LIST_TYPES), default=None)
@click.option("--since", default=None, metavar="BATCH", help="Only batches from YYYY-MM on.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here (atomically); csv and json go to stdout without it.",
)
@click.pass_context
def export(
    ctx: click.Context, fmt: str, list_type: str | None, since: str | None, output: Path | None
) -> None:
    """Export every column of the table, in canonical order (all list types, or one).

    Example: cacfilings export --format xlsx --type deep_synthesis --since 2025-01 -o ds.xlsx
    CSV is UTF-8 with a BOM (Excel opens it); XLSX and Parquet need -o.
    """
    from crawler.dataset.export import (
        BINARY_FORMATS,
        csv_text,
        export_table,
        json_text,
        select_rows,
    )
    from crawler.table import read_full_table

    if output is None and fmt in BINARY_FORMATS:
        raise click.UsageError(f"--format {fmt} writes a file: give -o OUT")
    if since and not _is_batch(since):
        raise click.BadParameter(f"{since!r} is not a batch like 2024-04", param_hint="--since")
    rows = select_rows(read_full_table(paths_of(ctx)), list_type, since)
    click.echo(f"{len(rows)} rows", err=True)
    if output is not None:
        export_table(rows, fmt, output)
    elif fmt == "csv":
        sys.stdout.buffer.write(("\ufeff" + csv_text(rows)).encode("utf-8"))
    else:
        click.echo(json_text(rows), nl=False)


def _is_batch(text: str) -> bool:
    """True for YYYY-MM."""
    year, _, month = text.partition("-")
    return len(year) == 4 and year.isdigit() and len(month) == 2 and month.isdigit()
