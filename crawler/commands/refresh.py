"""`cacfilings refresh` (the unattended run for cron) and `cacfilings changes` (what it found)."""

import json
import logging
from datetime import UTC, datetime
from typing import Any

import click

from crawler.commands.common import paths_of, report_failures
from crawler.paths import DataPaths

COMMANDS = ["refresh", "changes", "acknowledge"]
logger = logging.getLogger(__name__)


@click.command()
@click.option("--site", default=None, help="Crawl this site instead of https://www.cac.gov.cn.")
@click.option(
    "--recheck",
    is_flag=True,
    help="Walk every list page and re-ask every stored attachment (conditional GET): weekly.",
)
@click.option(
    "--feed-url",
    envvar="CACFILINGS_FEED_URL",
    default=None,
    help="Public URL of changes.atom, for the feed's self link ($CACFILINGS_FEED_URL).",
)
@click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy setting, e.g. -s DOWNLOAD_DELAY=5 (repeatable).",
)
@click.option("-q", "--quiet", is_flag=True, help="Log warnings and errors only.")
@click.pass_context
def refresh(
    ctx: click.Context,
    site: str | None,
    recheck: bool,
    feed_url: str | None,
    overrides: tuple[str, ...],
    quiet: bool,
) -> None:
    """Fetch what is new, update table, index and change feed: the run for cron.

    Example: cacfilings refresh --site http://127.0.0.1:8765

    \b
    Exit status: 0 changes found, 3 no new batches,
    1 partial failure (named on stderr; the rest is kept), 2 usage error,
    4 fatal (the site blocked us or is unreachable), 5 another run holds the lock.
    See docs/operations.md.
    """
    from crawler.refresh import RefreshOptions

    settings = parse_overrides(overrides, quiet)
    options = RefreshOptions(site=site, recheck=recheck, feed_url=feed_url, settings=settings)
    ctx.exit(run_and_report(paths_of(ctx), options, "refresh"))


@click.command()
@click.option(
    "--since",
    default=None,
    metavar="DATE",
    help="Only runs from this date (YYYY-MM-DD) or time (ISO 8601, UTC if no offset) on.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def changes(ctx: click.Context, since: str | None, fmt: str) -> None:
    """Print what refresh runs found: new batches, filings, cancellations, updated lists.

    Example: cacfilings changes --since 2026-07-01 --format json
    """
    from crawler.changes import read_changes, render_text

    records = read_changes(paths_of(ctx).changes_log, parse_since(since))
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(records), nl=False)


@click.command()
@click.argument("url")
@click.pass_context
def acknowledge(ctx: click.Context, url: str) -> None:
    """Acknowledge a known failure (a dead link): still listed, it no longer makes a run exit 1.

    Example: cacfilings acknowledge 'https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?…'
    The URL goes into acknowledged.txt in the data directory; delete its line to undo.
    """
    from crawler.run_failures import acknowledged_path, add_acknowledged

    paths = paths_of(ctx)
    added = add_acknowledged(paths, url)
    click.echo(f"{'acknowledged' if added else 'already acknowledged'}: {url}", err=True)
    click.echo(f"(listed in {acknowledged_path(paths)})", err=True)


def run_and_report(paths: DataPaths, options: Any, command: str) -> int:
    """Run a refresh, say what happened on stderr, and return the exit status."""
    from crawler.lock import LockHeld
    from crawler.refresh import Exit, refresh

    try:
        outcome = refresh(paths, options)
    except LockHeld as error:
        click.echo(f"{command}: not started: {error}", err=True)
        return Exit.LOCKED
    except Exception as error:
        logger.exception("%s failed", command)
        click.echo(f"{command}: FATAL: {type(error).__name__}: {error}", err=True)
        return Exit.FATAL
    report(outcome, command)
    return outcome.exit_code


def report(outcome: Any, command: str) -> None:
    """Name every failed URL with its reason, then a summary and a key=value status line."""
    from crawler.report import headline, status_line

    crawl = outcome.crawl
    _name_all("blocked", crawl.blocked)
    report_failures("page", crawl.page_failures, outcome.acknowledged)
    _name_all("notice changed", crawl.layout_errors)
    report_failures("download", crawl.failures, outcome.acknowledged)
    report_failures("parse", outcome.parse_errors, outcome.acknowledged)
    report_failures("write", outcome.write_errors)
    for list_type, rows in outcome.rows.items():
        click.echo(f"{list_type}: {rows} rows", err=True)
    if outcome.rebuilt:
        click.echo(f"Table: {sum(outcome.rows.values())} rows", err=True)
    click.echo(f"{command}: {headline(outcome)}", err=True)
    click.echo(f"{command}: {status_line(outcome)}", err=True)


def parse_overrides(overrides: tuple[str, ...], quiet: bool) -> dict[str, str]:
    """-s NAME=VALUE pairs as a settings dict (exit 2 on a malformed one)."""
    settings = {"LOG_LEVEL": "WARNING"} if quiet else {}
    for override in overrides:
        name, sep, value = override.partition("=")
        if not sep or not name.isupper():
            raise click.BadParameter(f"expected NAME=VALUE, got {override!r}", param_hint="-s")
        settings[name] = value
    return settings


def parse_since(text: str | None) -> datetime | None:
    """A --since value as an aware datetime (UTC when it names no offset)."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise click.BadParameter(
            f"not a date or ISO time: {text!r}", param_hint="--since"
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _name_all(stage: str, items: list[dict[str, str]]) -> None:
    for item in items:
        click.echo(f"{stage}: {item['url']}: {item['reason']}", err=True)
