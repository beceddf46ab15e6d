"""Commands that live in their own modules; each module lists its commands in COMMANDS.

A command's module is imported when the command is used (or its help shown), not at start-up:
the names come from the `COMMANDS = [...]` line of each module's source, so `cacfilings search`
never loads the crawler, the document parsers or the UI.
"""

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Final

import click

_COMMANDS_LINE: Final = re.compile(r"^COMMANDS\s*=\s*(\[[^\]]*\])", re.MULTILINE)


def command_modules() -> dict[str, str]:
    """Command name -> the module that defines it, read from each module's COMMANDS line."""
    found: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        source = (Path(__path__[0]) / f"{info.name}.py").read_text(encoding="utf-8")
        if match := _COMMANDS_LINE.search(source):
            for name in ast.literal_eval(match[1]):
                found[name] = f"{__name__}.{info.name}"
    return found


class LazyCommands(MutableMapping[str, click.Command]):
    """A click group's commands, each imported from its module on first use."""

    def __init__(self, modules: dict[str, str]) -> None:
        self.modules = dict(modules)
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            module = importlib.import_module(self.modules[name])
            self.loaded[name] = getattr(module, name)
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        self.modules.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(set(self.modules) | set(self.loaded)))

    def __len__(self) -> int:
        return len(set(self.modules) | set(self.loaded))


def lazy_commands() -> LazyCommands:
    """Every command of this package, loaded when first used."""
    return LazyCommands(command_modules())


def all_commands() -> list[click.Command]:
    """Every command named in the COMMANDS list of a module in this package (all imported)."""
    commands = lazy_commands()
    return [commands[name] for name in commands]
