"""`cacfilings search`: answer a query from the index."""

from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.commands.common import (
    as_of_note,
    echo_records,
    paths_of,
    search_notes,
    searched,
    types_of,
)
from crawler.commands.display import layout_option, render, shown

if TYPE_CHECKING:
    from index.search import SearchResult

COMMANDS = ["search"]
SORTS = ("relevance", "date", "date_asc")  # as index.search.SORTS, which loads lazily
# The columns of the table layout; csv and json give every column, as `cacfilings export`.
SHOWN = (
    "list_type",
    "batch",
    "status",
    "name",
    "category",
    "company",
    "product",
    "filing_no",
    "notice_url",
)


def facet_lines(facets: dict[str, dict[str, int]], top: int = 10) -> list[str]:
    """`field: value (count), ...` lines, the `top` values of each facet."""
    lines = []
    for name, counts in facets.items():
        shown = [f"{value or '(empty)'} ({count})" for value, count in list(counts.items())[:top]]
        more = f", … {len(counts) - top} more" if len(counts) > top else ""
        lines.append(f"{name}: {', '.join(shown)}{more}")
    return lines


def notes(result: "SearchResult") -> list[str]:
    """What stderr says before the rows: the search's notices (aliases used among them), the
    count."""
    lines = search_notes(result)
    shown, total = len(result.records), result.total
    lines.append(f"{total} matching filings" + (f", showing {shown}" if shown < total else ""))
    return lines


@click.command()
@click.argument("query", default="")
@click.option("--company", default=None, help="Only rows whose company contains this text.")
@click.option(
    "--type",
    "names",
    multiple=True,
    metavar="TYPE",
    help="Only these list types (repeatable): deep_synthesis, genai (both genAI lists), 深度合成…",
)
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    help="relevance, date (newest batch first) or date_asc.",
)
@click.option(
    "--facets", is_flag=True, help="Print counts per list type, role, category, province, batch."
)
@click.option(
    "--aliases",
    "aliases_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A CSV of alias,entity pairs added to the built-in ones and $CACFILINGS_ALIASES.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@layout_option
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    company: str | None,
    names: tuple[str, ...],
    sort: str,
    facets: bool,
    aliases_file: Path | None,
    fmt: str,
    limit: int | None,
    layout: str,
) -> None:
    """Search the index: words, company:/category:/type:/province:/year:/batch:/status:, AND/OR/NOT.

    Example: cacfilings search '人脸 year:2024 province:北京' --type deep_synthesis --facets
    Example: cacfilings search 'category:个性化 company:字节'   (算法类别 个性化推送类)

    The table shows status and category; --format csv/json give every column, as `export`.
    """
    result, as_of = searched(
        paths_of(ctx),
        query,
        company=company,
        list_type=types_of(names),
        sort=sort,
        limit=limit,
        aliases=aliases_file,
        **({} if facets else {"facets": ()}),  # facet counts only when they are printed
    )
    counts = facet_lines(result.facets) if facets else []
    for line in [*notes(result), as_of_note(as_of), *counts]:
        click.echo(line, err=True)
    if fmt == "table":
        click.echo(render(shown(result.records, SHOWN), layout), nl=False)
    else:
        echo_records(result.records, fmt, as_of)
