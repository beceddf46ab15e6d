"""`cacfilings history`: every list and batch that names one filing number."""

import shlex

import click
import pandas as pd

from crawler.commands.common import as_of_note, emit, paths_of
from crawler.commands.display import layout_option, render

COMMANDS = ["history"]


def numbers_named(filing_nos: pd.Series, text: str) -> list[str]:
    """The table's filing numbers `text` names, spelled as search reads a number.

    Case, spaces and full-width forms are ignored (index.schema.normalize_filing_no), so is a
    missing 号; digits alone (110108712183828230255, 20230829, or 20240815S0001) name the
    numbers holding them as a whole run (网信算备110108712183828230255号, Beijing-X-20230829).
    """
    from index.schema import normalize_filing_no, runs

    wanted = normalize_filing_no(text).removesuffix("号")
    a_run = wanted.isascii() and wanted.isalnum() and not wanted.isalpha()
    found = []
    for number in sorted(set(filing_nos) - {""}):
        key = normalize_filing_no(number)
        if key.removesuffix("号") == wanted or (
            a_run and wanted in {run for run, cjk in runs(key) if not cjk}
        ):
            found.append(number)
    return found


def appearances_of(table: pd.DataFrame, numbers: list[str]) -> pd.DataFrame:
    """Every appearance of each number, number by number, oldest batch first."""
    from crawler.dataset.history import appearances

    frames = [appearances(table, number) for number in numbers]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def not_found(text: str) -> str:
    """The message for a number no row carries, pointing to the search by prefix."""
    return (
        f"No filing {text} in the table; `cacfilings search {shlex.quote(text)}` "
        "also finds the numbers that start with it"
    )


@click.command()
@click.argument("filing_no")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@layout_option
@click.pass_context
def history(ctx: click.Context, filing_no: str, fmt: str, layout: str) -> None:
    """List every appearance of a filing number, oldest batch first, with its notice and file.

    \b
    Example: cacfilings history 网信算备110108823483901230031号
    Example: cacfilings history 110108823483901230031   (bare digits, as search takes them)

    The number is read as search reads it (case, spaces, full-width forms and 号 ignored).
    Exits 1 when no row carries the number.
    """
    from crawler.dataset.asof import data_as_of
    from crawler.dataset.export import csv_safe
    from crawler.table import read_full_table

    table = read_full_table(paths_of(ctx))
    numbers = numbers_named(table["filing_no"], filing_no)
    if not numbers:
        raise click.ClickException(not_found(filing_no))
    rows = appearances_of(table, numbers)
    click.echo(f"{len(rows)} appearances of {', '.join(numbers)}", err=True)
    click.echo(as_of_note(data_as_of(table)), err=True)
    if fmt != "table":
        emit(csv_safe(rows) if fmt == "csv" else rows, fmt, None)
    else:
        shown = rows.drop(columns="filing_no") if len(numbers) == 1 else rows
        click.echo(render(shown, layout), nl=False)
