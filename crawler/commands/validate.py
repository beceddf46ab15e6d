"""`cacfilings validate`: per batch, rows and problems against the totals notices state; then
the table reconciled with every official figure."""

import json

import click
import pandas as pd

from crawler.commands.common import paths_of

COMMANDS = ["validate"]
SHOWN_COLUMNS = ["item", "measure", "table", "official", "difference", "check"]


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--strict", is_flag=True, help="Exit 1 when any check or reconciliation fails.")
@click.pass_context
def validate(ctx: click.Context, fmt: str, strict: bool) -> None:
    """Report per list type and batch: rows, rows with problems, duplicate filing numbers,
    empty required fields, and the row count against the total the notice states; then the
    attachments the last rebuild refused; then the reconciliation with the official figures
    (genAI totals at each cut-off, annual notices' totals, rows per deep-synthesis batch,
    algorithm period, genAI period and cancellation notice), with a verdict per section.

    Example: cacfilings validate --format json
    """
    from crawler.dataset.reconcile import failed_reconciliation, reconciliation
    from crawler.dataset.validate import failed_checks, validation_report
    from crawler.table import read_full_table, read_manifest, read_refusals

    paths = paths_of(ctx)
    table, manifest = read_full_table(paths), read_manifest(paths)
    report = validation_report(table, manifest)
    lines = reconciliation(table, manifest)
    refused = read_refusals(paths)
    if fmt == "json":
        click.echo(_json_text(report, refused, lines))
    else:
        _echo_report(report, refused)
        _echo_reconciliation(lines)
    if strict and (refused or failed_checks(report) or failed_reconciliation(lines)):
        ctx.exit(1)


def _json_text(report: pd.DataFrame, refused: list, lines: pd.DataFrame) -> str:
    """The report, the refusals and the reconciliation as one JSON document."""
    from crawler.dataset.reconcile import reconciliation_records

    records = report.astype(object).where(report.notna(), None).to_dict(orient="records")
    payload = {
        "report": records,
        "refused": refused,
        "reconciliation": reconciliation_records(lines),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def _echo_report(report: pd.DataFrame, refused: list) -> None:
    click.echo(report.to_string(index=False) if len(report) else "(empty table)")
    for refusal in refused:
        click.echo(
            f"refused: {refusal['url']}: {refusal['new_rows']} rows against "
            f"{refusal['stored_rows']} stored"
        )


def _echo_reconciliation(lines: pd.DataFrame) -> None:
    """Each section as a table under its title, then its verdict."""
    from crawler.dataset.reconcile import section_reports

    click.echo("\nReconciliation with the official figures")
    for title, rows, verdict in section_reports(lines):
        click.echo(f"\n{title}")
        click.echo(rows[SHOWN_COLUMNS].astype(object).fillna("").to_string(index=False))
        click.echo(f"verdict: {verdict}")
