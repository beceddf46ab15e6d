"""Pieces every command shares: data paths, exit codes, output writers."""

import json
from pathlib import Path

import click
import pandas as pd

from crawler.paths import DataPaths

EXIT_INCOMPLETE = 1
EXIT_USAGE = 2


def paths_of(ctx: click.Context) -> DataPaths:
    """The data paths chosen by the top-level --data-dir option."""
    return ctx.find_root().obj["paths"]


def report_failures(
    stage: str, failures: list[dict[str, str]], acknowledged: frozenset[str] = frozenset()
) -> None:
    """Name each failure on stderr; an acknowledged one says so (it no longer fails a run)."""
    for failure in failures:
        label = f"{failure['text']} <{failure['url']}>" if failure.get("text") else failure["url"]
        known = " (acknowledged)" if failure["url"] in acknowledged else ""
        click.echo(f"{stage} failed{known}: {label}: {failure['reason']}", err=True)


def emit(frame: pd.DataFrame, fmt: str, output: Path | None) -> None:
    """Write rows as csv/json/table to `output` or stdout."""
    if fmt == "json":
        text = json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = frame.to_csv(index=False)
    else:
        text = as_table(frame)
    if output:
        output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        click.echo(text, nl=False)


def as_table(frame: pd.DataFrame) -> str:
    shown = ["list_type", "batch", "name", "company", "product", "filing_no", "notice_url"]
    if frame.empty:
        return "(no matches)\n"
    return frame[shown].to_string(index=False) + "\n"
