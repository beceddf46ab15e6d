"""`cacfilings validate`: per batch, rows and problems against the totals notices state."""

import json

import click

from crawler.commands.common import paths_of

COMMANDS = ["validate"]


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--strict", is_flag=True, help="Exit 1 when any check fails.")
@click.pass_context
def validate(ctx: click.Context, fmt: str, strict: bool) -> None:
    """Report per list type and batch: rows, rows with problems, duplicate filing numbers,
    empty required fields, and the row count against the total the notice states; then the
    attachments the last rebuild refused.

    Example: cacfilings validate --format json
    """
    from crawler.dataset.validate import failed_checks, validation_report
    from crawler.table import read_full_table, read_manifest, read_refusals

    paths = paths_of(ctx)
    report = validation_report(read_full_table(paths), read_manifest(paths))
    refused = read_refusals(paths)
    if fmt == "json":
        records = report.astype(object).where(report.notna(), None).to_dict(orient="records")
        text = json.dumps({"report": records, "refused": refused}, ensure_ascii=False, indent=1)
        click.echo(text)
    else:
        click.echo(report.to_string(index=False) if len(report) else "(empty table)")
        for refusal in refused:
            click.echo(
                f"refused: {refusal['url']}: {refusal['new_rows']} rows against "
                f"{refusal['stored_rows']} stored"
            )
    if strict and (refused or failed_checks(report)):
        ctx.exit(1)
