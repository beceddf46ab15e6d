"""`cacfilings export`: the table as CSV, XLSX, Parquet or JSON, for analysts."""

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pandas as pd

from crawler.commands.common import (
    echo_export,
    paths_of,
    rows_note,
    search_notes,
    searched,
    types_named,
)
from crawler.paths import DataPaths

if TYPE_CHECKING:
    from crawler.dataset.export import ExportInfo

COMMANDS = ["export"]
FORMATS = ("csv", "xlsx", "parquet", "json")
BINARY = frozenset({"xlsx", "parquet"})  # as crawler.dataset.export.BINARY_FORMATS, loaded lazily
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_YEAR = re.compile(r"\d{4}")


def month_value(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --since/--until value: a real month, YYYY-MM with the month 01 to 12."""
    if value is not None and not _MONTH.fullmatch(value):
        message = f"{value!r} is not a batch month like 2024-04 (YYYY-MM, month 01 to 12)"
        raise click.BadParameter(message, param=param)
    return value


def year_values(
    _ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """--year values: four-digit years."""
    for value in values:
        if not _YEAR.fullmatch(value):
            raise click.BadParameter(f"{value!r} is not a year like 2024", param=param)
    return values


def filters_used(
    query: str, names: tuple[str, ...], years: tuple[str, ...], since: str | None, until: str | None
) -> list[tuple[str, str]]:
    """What selected the rows, for the about sheet and the file name."""
    types = "; ".join(f"{name} = {', '.join(types_named(name))}" for name in names)
    given = [
        ("query", query),
        ("type", types),
        ("year", ", ".join(years)),
        ("since", since or ""),
        ("until", until or ""),
    ]
    return [(label, value) for label, value in given if value]


def file_label(
    query: str, names: tuple[str, ...], years: tuple[str, ...], months: list[str]
) -> str:
    """The selection in the query language's words, for export_file_name."""
    words = [query, *(f"type:{n}" for n in names), *(f"year:{y}" for y in years)]
    return " ".join(word for word in [*words, *months] if word)


def source_rows(paths: DataPaths, query: str) -> tuple[pd.DataFrame, str]:
    """The rows to select from (the query's matches, or the whole table) and their data date."""
    from crawler.dataset.asof import data_as_of
    from crawler.table import read_full_table

    if not query:
        table = read_full_table(paths)
        return table, data_as_of(table)
    result, as_of = searched(paths, query, facets=())
    for line in search_notes(result):
        click.echo(line, err=True)
    return result.rows, as_of


def target(output: Path | None, fmt: str, label: str, as_of: str) -> tuple[Path | None, bool]:
    """Where to write and whether the name was chosen here (then it is printed)."""
    from crawler.dataset.export import export_file_name

    name = export_file_name(label, as_of, fmt)
    if output is None:
        return (Path(name), True) if fmt in BINARY else (None, False)
    return (output / name, True) if output.is_dir() else (output, False)


def write(rows: pd.DataFrame, fmt: str, out: Path | None, info: "ExportInfo") -> None:
    """The export to `out`, or CSV/JSON on stdout when there is none."""
    from crawler.dataset.export import export_table

    if out is None:
        echo_export(rows, fmt, info.as_of or "")
    else:
        export_table(rows, fmt, out, info)


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option(
    "--type",
    "names",
    multiple=True,
    metavar="TYPE",
    help="A list type, a prefix (genai) or a Chinese name (深度合成); repeat for several.",
)
@click.option("--query", default="", help="Only the rows this search (the query language) finds.")
@click.option(
    "--year",
    "years",
    multiple=True,
    callback=year_values,
    metavar="YYYY",
    help="Only filings of this filing_year (as year: in a query); repeat for several.",
)
@click.option(
    "--since", default=None, callback=month_value, metavar="YYYY-MM", help="Batches from then on."
)
@click.option(
    "--until", default=None, callback=month_value, metavar="YYYY-MM", help="Batches up to then."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="A file, or a directory to name the file in; csv and json go to stdout without it.",
)
@click.pass_context
def export(
    ctx: click.Context,
    fmt: str,
    names: tuple[str, ...],
    query: str,
    years: tuple[str, ...],
    since: str | None,
    until: str | None,
    output: Path | None,
) -> None:
    """Export every column of the table, in canonical order, and the data's date (data_as_of).

    \b
    Example: cacfilings export --format xlsx --type genai --year 2025 --since 2025-01 -o out/
    Example: cacfilings export --format csv --query '字节 status:active' > bytedance.csv

    XLSX and Parquet without -o are written to the current directory under a name saying what
    they hold (cacfilings-字节-2026-08-31.xlsx); the path is printed.
    """
    from crawler.dataset.export import ExportInfo, select_rows

    types = [found for name in names for found in types_named(name)]
    table, as_of = source_rows(paths_of(ctx), query)
    rows = select_rows(table, list_types=types, years=years, since=since, until=until)
    info = ExportInfo(as_of, tuple(filters_used(query, names, years, since, until)))
    months = [f"since:{since}" if since else "", f"until:{until}" if until else ""]
    out, named = target(output, fmt, file_label(query, names, years, months), as_of)
    click.echo(rows_note(rows, as_of), err=True)
    write(rows, fmt, out, info)
    if named:
        click.echo(str(out))
