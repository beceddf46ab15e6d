"""`cacfilings parse`: list documents on disk into canonical rows."""

import hashlib
from pathlib import Path

import click
import pandas as pd

from crawler.commands.common import EXIT_INCOMPLETE, emit
from crawler.constants import COLUMNS, LIST_TYPES
from crawler.dataset.export import csv_safe
from crawler.notices import batch_month, classify_notice, list_type_hint
from crawler.parsers.errors import ParseError
from crawler.sandbox import parse_document

COMMANDS = ["parse"]


@click.command()
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
        rows = pd.concat(frames, ignore_index=True)
        emit(csv_safe(rows) if fmt == "csv" else rows, fmt, output)
    if failed:
        ctx.exit(EXIT_INCOMPLETE)


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
