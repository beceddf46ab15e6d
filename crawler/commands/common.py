"""Pieces every command shares: data paths, exit codes, output writers."""

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from crawler.commands.display import render
from crawler.constants import LIST_TYPES
from crawler.paths import DataPaths

if TYPE_CHECKING:
    import pandas as pd

    from index.search import SearchResult

TYPE_NAMES = "深度合成, 生成式, 已备案, 已登记, 算法, 注销"  # as index/vocab.py LIST_TYPE_NAMES
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


def emit(frame: "pd.DataFrame", fmt: str, output: Path | None, layout: str = "auto") -> None:
    """Write rows as csv/json/table to `output` or stdout (a table in `layout`, display.py)."""
    if fmt == "json":
        text = json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = frame.to_csv(index=False)
    else:
        text = render(frame, layout)
    if output:
        output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        click.echo(text, nl=False)


def echo_export(rows: "pd.DataFrame", fmt: str, as_of: str) -> None:
    """Rows on stdout exactly as `cacfilings export` writes them: CSV with a BOM, or JSON."""
    from crawler.dataset.export import csv_text, json_text

    echo_text(csv_text(rows, as_of) if fmt == "csv" else json_text(rows, as_of), fmt)


def echo_records(records: Sequence[Mapping[str, object]], fmt: str, as_of: str) -> None:
    """Dict rows on stdout as echo_export writes the same rows, without pandas."""
    from crawler.dataset.export import records_csv, records_json

    text = records_csv(records, as_of) if fmt == "csv" else records_json(records, as_of)
    echo_text(text, fmt)


def echo_text(text: str, fmt: str) -> None:
    """CSV text on stdout with a BOM (so Excel reads UTF-8), other text as it is."""
    if fmt == "csv":
        sys.stdout.buffer.write(("\ufeff" + text).encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        click.echo(text, nl=False)


def rows_note(rows: "pd.DataFrame", as_of: str) -> str:
    """`N rows (M distinct filings), data as of D`, as export and search say on stderr."""
    from crawler.dataset.export import distinct_filings

    return f"{len(rows)} rows ({distinct_filings(rows)} distinct filings), {as_of_note(as_of)}"


def as_of_note(as_of: str) -> str:
    """`data as of D` (the newest notice date), or that the data holds no dated notice."""
    return f"data as of {as_of}" if as_of else "data as of: no dated notice in the data"


def searched(paths: DataPaths, query: str, **options: Any) -> "tuple[SearchResult, str]":
    """find() over the data's index, every match unless `limit` says otherwise, and the
    index's data_as_of; a missing index is a usage error naming how to build one."""
    from index.search import IndexMissingError, find, open_index

    try:
        index = open_index(paths.index)
    except IndexMissingError as error:
        raise click.ClickException(str(error)) from error
    return find(index, query, **options), index.rows.data_as_of()


def search_notes(result: "SearchResult") -> list[str]:
    """What the search wants its user to know (index.notices), or its message when it has none."""
    from index.notices import describe

    if result.notices:
        return [describe(notice, "en") for notice in result.notices]
    return [result.message] if result.message else []


def types_named(name: str) -> list[str]:
    """The list types a --type value names, as the query's type: reads it (index.query)."""
    from index.query import keyword_term
    from index.schema import normalize_text

    term = keyword_term("list_type", normalize_text(name))
    found = [list_type for list_type in LIST_TYPES if term.accepts(list_type)]
    if not found:
        known = f"{', '.join(LIST_TYPES)}, a prefix such as genai, or {TYPE_NAMES}"
        raise click.BadParameter(f"{name!r} names no list type; use {known}", param_hint="--type")
    return found


def types_of(names: Sequence[str]) -> tuple[str, ...]:
    """Every list type the --type values name, in LIST_TYPES order (none: no filter)."""
    named = {list_type for name in names for list_type in types_named(name)}
    return tuple(list_type for list_type in LIST_TYPES if list_type in named)
