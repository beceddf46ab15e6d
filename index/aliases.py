"""English and short names of company groups, mapped to their Chinese legal entities.

The data is a CSV with `alias,entity` columns (index/aliases.csv, plus a user file named by
$CACFILINGS_ALIASES or passed explicitly; later files add to earlier ones). An entity cell may
name another alias, so `字节,ByteDance` makes 字节 mean every entity listed for ByteDance.
Lines whose alias starts with `#` are comments. Matching ignores case and full-width forms.
"""

import csv
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from index.schema import normalize_text

ALIASES_FILE: Final = Path(__file__).with_name("aliases.csv")
ALIASES_ENV: Final = "CACFILINGS_ALIASES"
MAX_WORDS: Final = 3  # the longest alias, in words ("Qihoo 360", "Ant Group")


@dataclass(frozen=True)
class Aliases:
    """Normalised alias -> normalised entity names (sorted)."""

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def entities(self, text: str) -> tuple[str, ...]:
        """The entities `text` stands for, or () when it is no alias."""
        return self.names.get(normalize_text(text), ())


def read_pairs(path: Path, columns: tuple[str, str] = ("alias", "entity")) -> list[tuple[str, str]]:
    """(name, target) pairs of one CSV file; raises ValueError when the columns are wrong."""
    name, target = columns
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not set(columns) <= set(reader.fieldnames or ()):
            raise ValueError(f"{path}: the file needs the columns {name},{target}")
        pairs = [((row[name] or "").strip(), (row[target] or "").strip()) for row in reader]
    return [(key, value) for key, value in pairs if key and value and key[0] != "#"]


def _expand(name: str, targets: dict[str, set[str]], seen: frozenset[str]) -> set[str]:
    """Entities of one alias, following aliases that name aliases (cycles stop)."""
    found: set[str] = set()
    for target in targets.get(name, ()):
        if target in targets and target not in seen:
            found |= _expand(target, targets, seen | {target})
        elif target not in targets:
            found.add(target)
    return found


def resolve_names(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Normalised name -> its targets (sorted), from (name, target-or-name) pairs."""
    targets: dict[str, set[str]] = {}
    for name, target in pairs:
        targets.setdefault(normalize_text(name), set()).add(normalize_text(target))
    names = {name: tuple(sorted(_expand(name, targets, frozenset({name})))) for name in targets}
    return {name: found for name, found in names.items() if found}


def resolve(pairs: Iterable[tuple[str, str]]) -> Aliases:
    """Aliases from (alias, entity-or-alias) pairs."""
    return Aliases(resolve_names(pairs))


def data_files(builtin: Path, env: str, extra: Path | str | None) -> tuple[Path, ...]:
    """The built-in file, then the one named by $`env`, then `extra`."""
    chosen = [builtin, os.environ.get(env) or None, extra]
    return tuple(Path(path) for path in chosen if path)


def alias_files(extra: Path | str | None = None) -> tuple[Path, ...]:
    """The built-in file, then $CACFILINGS_ALIASES, then `extra`."""
    return data_files(ALIASES_FILE, ALIASES_ENV, extra)


def stamps(files: tuple[Path, ...]) -> tuple[int, ...]:
    """The files' modification times: a cache key that changes when one is edited."""
    return tuple(path.stat().st_mtime_ns for path in files)


@functools.lru_cache(maxsize=8)
def _load(files: tuple[Path, ...], stamps: tuple[int, ...]) -> Aliases:
    return resolve(pair for path in files for pair in read_pairs(path))


def load_aliases(extra: Path | str | None = None) -> Aliases:
    """All aliases in effect (re-read when a file changes)."""
    files = alias_files(extra)
    return _load(files, stamps(files))
