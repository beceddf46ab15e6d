"""`cacfilings crawl` (download, then rebuild) and `cacfilings build` (rebuild from data/raw)."""

import click

from crawler.commands.common import EXIT_INCOMPLETE, paths_of, report_failures
from crawler.paths import DataPaths

COMMANDS = ["crawl", "build"]


@click.command()
@click.option("--site", default=None, help="Crawl this site instead of https://www.cac.gov.cn.")
@click.option("--no-build", is_flag=True, help="Only download; do not rebuild table and index.")
@click.pass_context
def crawl(ctx: click.Context, site: str | None, no_build: bool) -> None:
    """Download new notices and attachments, then rebuild the table and index.

    Example: cacfilings crawl --site http://127.0.0.1:8765
    Exits 1 when some attachment or notice could not be fetched or parsed, 4 when the site
    blocked us or could not be reached, 5 when another run holds the data directory's lock.
    """
    from crawler.commands.refresh import run_and_report
    from crawler.refresh import Exit, RefreshOptions

    options = RefreshOptions(site=site, force_build=not no_build, build=not no_build)
    code = run_and_report(paths_of(ctx), options, "crawl")
    if code == Exit.PARTIAL:
        click.echo("Run incomplete: see the failures above.", err=True)
    ctx.exit(Exit.CHANGED if code == Exit.NO_CHANGES else code)


@click.command()
@click.option(
    "--accept-fewer-rows",
    is_flag=True,
    help="Use new parses even when they have far fewer rows than the stored table.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Parse every attachment afresh (ignore the parse cache) and rebuild the whole index.",
)
@click.pass_context
def build(ctx: click.Context, accept_fewer_rows: bool, full: bool) -> None:
    """Rebuild the table (CSV, Parquet) and the search index from data/raw.

    Cached parses are reused and only the changed rows of the index are rewritten; `--full`
    parses everything again and builds the index from scratch.

    Example: cacfilings build --full
    Exits 1 when an attachment could not be parsed, or its new parse was refused for having far
    fewer rows than the stored table (its stored rows are kept), or when the build found no rows
    at all but the stored table has some (nothing is replaced); 5 when another run holds the
    data directory's lock.
    """
    ctx.exit(_locked_build(paths_of(ctx), accept_fewer=accept_fewer_rows, full=full))


def _locked_build(paths: DataPaths, *, accept_fewer: bool, full: bool) -> int:
    """Rebuild under the data directory's lock; the exit status."""
    from crawler.lock import LockHeld, held_lock
    from crawler.rebuild import EmptyTableRefused
    from crawler.refresh import Exit

    try:
        with held_lock(paths.refresh_lock):
            failed = _rebuild_and_report(paths, accept_fewer=accept_fewer, full=full)
    except LockHeld as error:
        click.echo(f"build: not started: {error}", err=True)
        return Exit.LOCKED
    except EmptyTableRefused as error:
        click.echo(f"build: {error}", err=True)
        return EXIT_INCOMPLETE
    return EXIT_INCOMPLETE if failed else 0


def _rebuild_and_report(
    paths: DataPaths, *, accept_fewer: bool = False, full: bool = False
) -> list[dict[str, str]]:
    """Rebuild table and index, print what came out; return the attachments not used afresh."""
    from crawler.dataset.validate import summary_lines
    from crawler.rebuild import rebuild

    result = rebuild(paths, accept_fewer=accept_fewer, full=full)
    counts = result.table["list_type"].value_counts().sort_index()
    for list_type, count in counts.items():
        click.echo(f"{list_type}: {count} rows", err=True)
    click.echo(f"Table: {len(result.table)} rows -> {paths.table_csv}", err=True)
    for line in summary_lines(result.table, result.report):
        click.echo(line, err=True)
    refused = {refusal["url"] for refusal in result.refused}
    report_failures("parse", [e for e in result.errors if e["url"] not in refused])
    for error in result.errors:
        if error["url"] in refused:
            click.echo(f"{error['url']}: {error['reason']}", err=True)
    return result.errors
