"""`cacfilings validate`: per batch, rows and problems against the totals notices state; then
the table reconciled with every official figure."""

import json
from typing import Any

import click
import pandas as pd

from crawler.commands.common import paths_of

COMMANDS = ["validate"]
SHOWN_COLUMNS = ["item", "measure", "table", "official", "difference", "check"]


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when any check or reconciliation fails, the last run left an unacknowledged "
    "failure, or the table is empty.",
)
@click.pass_context
def validate(ctx: click.Context, fmt: str, strict: bool) -> None:
    """Report per list type and batch: rows, rows with problems, duplicate filing numbers,
    empty required fields, and the row count against the total the notice states; then the
    attachments the last rebuild refused and what the last refresh could not get (pages,
    downloads, parses; acknowledged ones marked); then the reconciliation with the official figures
    (genAI totals at each cut-off, annual notices' totals, rows per deep-synthesis batch,
    algorithm period, genAI period and cancellation notice), with a verdict per section.

    Example: cacfilings validate --format json
    """
    from crawler.dataset.reconcile import reconciliation
    from crawler.dataset.validate import validation_report
    from crawler.run_failures import read_failures
    from crawler.table import read_full_table, read_manifest, read_refusals

    paths = paths_of(ctx)
    table, manifest = read_full_table(paths), read_manifest(paths)
    report = validation_report(table, manifest)
    lines = reconciliation(table, manifest)
    refused, failed = read_refusals(paths), read_failures(paths)
    if fmt == "json":
        click.echo(_json_text(report, refused, failed, lines))
    else:
        _echo_report(report, refused, failed)
        _echo_reconciliation(lines)
    if strict and _strict_fails(table, report, refused + failed, lines):
        ctx.exit(1)


def _strict_fails(table: pd.DataFrame, report: pd.DataFrame, named: list, lines: Any) -> bool:
    """Whether --strict fails: an empty table, a refusal or unacknowledged failure, a check."""
    from crawler.dataset.reconcile import failed_reconciliation
    from crawler.dataset.validate import failed_checks

    open_items = [item for item in named if not item.get("acknowledged")]
    return bool(table.empty or open_items or failed_checks(report) or failed_reconciliation(lines))


def _json_text(report: pd.DataFrame, refused: list, failed: list, lines: pd.DataFrame) -> str:
    """The report, the refusals, the last run's failures and the reconciliation as one JSON
    document."""
    from crawler.dataset.reconcile import reconciliation_records

    records = report.astype(object).where(report.notna(), None).to_dict(orient="records")
    payload = {
        "report": records,
        "refused": refused,
        "failed": failed,
        "reconciliation": reconciliation_records(lines),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def _echo_report(report: pd.DataFrame, refused: list, failed: list) -> None:
    click.echo(report.to_string(index=False) if len(report) else "(empty table)")
    for refusal in refused:
        click.echo(
            f"refused: {refusal['url']}: {refusal['new_rows']} rows against "
            f"{refusal['stored_rows']} stored"
        )
    for failure in failed:
        known = " (acknowledged)" if failure.get("acknowledged") else ""
        click.echo(f"{failure['stage']} failed{known}: {failure['url']}: {failure['reason']}")


def _echo_reconciliation(lines: pd.DataFrame) -> None:
    """Each section as a table under its title, then its verdict."""
    from crawler.dataset.reconcile import section_reports

    click.echo("\nReconciliation with the official figures")
    for title, rows, verdict in section_reports(lines):
        click.echo(f"\n{title}")
        click.echo(rows[SHOWN_COLUMNS].astype(object).fillna("").to_string(index=False))
        click.echo(f"verdict: {verdict}")
