"""Commands that live in their own modules; each module lists its commands in COMMANDS."""

import importlib
import pkgutil

import click


def all_commands() -> list[click.Command]:
    """Every command named in the COMMANDS list of a module in this package."""
    commands: list[click.Command] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        commands.extend(getattr(module, name) for name in getattr(module, "COMMANDS", []))
    return commands
