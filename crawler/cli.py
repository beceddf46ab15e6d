"""The `cacfilings` command line: a thin layer over the library functions."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pandas as pd

from crawler.commands import all_commands
from crawler.commands.common import EXIT_INCOMPLETE, emit, paths_of, report_failures
from crawler.constants import COLUMNS, LIST_TYPES
from crawler.notices import batch_month, classify_notice, list_type_hint
from crawler.parsers import parse_document
from crawler.parsers.errors import ParseError
from crawler.paths import DataPaths, data_paths


@click.group()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data directory (default: $CACFILINGS_DATA_DIR or ./data).",
)
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None) -> None:
    """Crawl, parse, index and search the CAC's algorithm filing lists."""
    ctx.obj = {"paths": data_paths(data_dir)}


@main.command()
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


@main.command()
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
    fewer rows than the stored table (its stored rows are kept).
    """
    if _rebuild_and_report(paths_of(ctx), accept_fewer=accept_fewer_rows, full=full):
        ctx.exit(EXIT_INCOMPLETE)


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--type",
    "list_type",
    type=click.Choice(LIST_TYPES),
    default=None,
    help="List type of every row (else read from the document, then from the file name).",
)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_context
def parse(
    ctx: click.Context,
    files: tuple[Path, ...],
    list_type: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Parse downloaded list documents (DOCX, PDF, XLSX, HTML) into canonical rows.

    The list type and batch come from the document itself (its header, section titles and
    title), so a download saved as downloadfile.jsp parses as well as a named file.

    Example: cacfilings parse 境内深度合成服务算法备案清单.docx --format json -o rows.json
    """
    frames, failed = [], False
    for path in files:
        try:
            frames.append(_parse_file(path, list_type))
        except ParseError as error:
            click.echo(f"error: {error}", err=True)
            failed = True
    if frames:
        emit(pd.concat(frames, ignore_index=True), fmt, output)
    if failed:
        ctx.exit(EXIT_INCOMPLETE)


@main.command()
@click.option("--port", default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.pass_context
def ui(ctx: click.Context, port: int, host: str) -> None:
    """Start the Streamlit search page.

    Example: cacfilings ui --port 8501
    """
    app = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    env = {**os.environ, "CACFILINGS_DATA_DIR": str(paths_of(ctx).root)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    ctx.exit(subprocess.call(command, env=env))


@main.command()
@click.option("--port", default=8765, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the replica site is built (default: <data-dir>/replica-site).",
)
@click.pass_context
def replica(ctx: click.Context, port: int, host: str, site_dir: Path | None) -> None:
    """Build and serve the local replica of the CAC site (for demos and tests).

    Example: cacfilings replica --port 8765
    """
    from replica.server import make_server
    from replica.site import build_site

    site_dir = site_dir or paths_of(ctx).root / "replica-site"
    build_site(site_dir)
    server = make_server(site_dir, host=host, port=port)
    click.echo(f"Replica of the CAC site at http://{host}:{server.server_address[1]}", err=True)
    server.serve_forever()


def _rebuild_and_report(
    paths: DataPaths, *, accept_fewer: bool = False, full: bool = False
) -> list[dict[str, str]]:
    """Rebuild table and index, print what came out; return the attachments not used afresh."""
    from crawler.build import rebuild
    from crawler.dataset.validate import summary_lines

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


def _parse_file(path: Path, list_type: str | None) -> pd.DataFrame:
    """Parse one file; its rows carry the file's path and sha256.

    Each row's list type is the one `list_type` names, else the document's own (its header,
    section and title), else the one the file name implies. The batch is the month the file
    name names, else the one the document's title names.
    """
    data = path.read_bytes()
    frame = parse_document(data, source=str(path), list_type=list_type)
    named_type = list_type_hint(classify_notice(path.name) or "") or ""
    frame["list_type"] = frame["list_type"].replace("", named_type)
    frame["batch"] = batch_month(path.name) or frame["batch"]
    return frame.reindex(columns=list(COLUMNS), fill_value="").assign(
        attachment_url=str(path),
        attachment_sha256=hashlib.sha256(data).hexdigest(),
    )


for _command in all_commands():
    main.add_command(_command)


if __name__ == "__main__":
    main()
