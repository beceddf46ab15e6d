"""Company groups: the aliases of index/aliases.csv (and the user's file) that name entities.

A group is an alias whose lines name legal entities directly (ByteDance, Baidu, Alibaba);
aliases naming a group (字节跳动, 字节 -> ByteDance) stand for that group. A group is shown
under its name as the file spells it, with the entities of it the index holds.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import pandas as pd

from crawler.dataset.normalize import company_key
from index.aliases import Aliases, alias_files, load_aliases, read_pairs
from index.schema import normalize_text
from ui.companies import containing, key_of, spelling_index

MAX_LISTED: Final = 3  # entities named in the alias note before "…"


@dataclass(frozen=True)
class Group:
    """An alias group: its name as spelled, every entity it lists, the index's company keys."""

    name: str
    entities: tuple[str, ...]  # normalised names (index.aliases), listed or not
    keys: tuple[str, ...] = ()  # company keys of the entities the index holds, most filings first


def alias_groups() -> list[Group]:
    """Every alias naming an entity directly, in file order, with all its entities."""
    pairs = [pair for path in alias_files() for pair in read_pairs(path)]
    return groups_of(pairs, load_aliases())


def groups_of(pairs: Iterable[tuple[str, str]], aliases: Aliases) -> list[Group]:
    """The groups among (alias, entity) pairs: aliases with an entity that is no alias."""
    named: dict[str, str] = {}
    for alias, entity in pairs:
        if not aliases.entities(entity):
            named.setdefault(normalize_text(alias), alias)
    return [Group(name, aliases.entities(name)) for name in named.values()]


def present_groups(groups: Iterable[Group], directory: pd.DataFrame) -> list[Group]:
    """The groups with their entities' company keys, those without any left out."""
    order = {key: place for place, key in enumerate(directory["company_key"])}
    spelled = spelling_index(directory)
    found = []
    for group in groups:
        keys = {spelled.get(company_key(entity)) for entity in group.entities} - {None}
        ranked = tuple(sorted((str(key) for key in keys), key=order.__getitem__))
        if ranked:
            found.append(Group(group.name, group.entities, ranked))
    return found


def group_named(groups: Iterable[Group], typed: str, aliases: Aliases) -> Group | None:
    """The group `typed` names: its name, or an alias standing for its entities."""
    wanted = aliases.entities(typed)
    if not wanted:
        return None
    listed = list(groups)
    by_name = [g for g in listed if normalize_text(g.name) == normalize_text(typed)]
    same = by_name or [g for g in listed if g.entities == wanted]
    return same[0] if same else None


def group_of(groups: Iterable[Group], key: str) -> Group | None:
    """The largest group holding the company `key` (the first in the file among equals)."""
    holding = [group for group in groups if key in group.keys]
    return max(holding, key=lambda group: len(group.entities)) if holding else None


def alias_note(group: Group, names: list[str]) -> tuple[str, int, int]:
    """(the entities listed, how many the alias file names, how many the index holds)."""
    listed = " · ".join(names[:MAX_LISTED]) + (" …" if len(names) > MAX_LISTED else "")
    return listed, len(group.entities), len(group.keys)


@dataclass(frozen=True)
class Lookup:
    """What a typed company name finds: one company, a group, or candidates to pick from."""

    key: str | None = None
    group: Group | None = None
    candidates: tuple[str, ...] = ()  # company keys, most filings first


def lookup(
    directory: pd.DataFrame,
    groups: Iterable[Group],
    typed: str,
    renames: Mapping[str, str] | None = None,
) -> Lookup:
    """A spelling or former name of one company, else a group's name or alias, else the
    companies whose names contain `typed` (one of them: that company)."""
    if key := key_of(directory, typed, renames):
        return Lookup(key=key)
    if group := group_named(groups, typed, load_aliases()):
        return Lookup(group=group)
    found = containing(directory, typed)
    return Lookup(key=found[0]) if len(found) == 1 else Lookup(candidates=tuple(found))
