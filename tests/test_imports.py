"""Start-up stays light: the CLI and its search load no parser, crawler or build-only library."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.paths import data_paths
from index.build import build_index
from tests.test_search_fields import table

HEAVY = ("jieba", "pdfplumber", "docx", "openpyxl", "scrapy", "streamlit")
PROBE = """
import json, sys
{code}
print(json.dumps(sorted(name for name in {heavy} if name in sys.modules)))
"""


def loaded_after(code: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The `heavy` modules a fresh interpreter has imported after running `code`."""
    script = PROBE.format(code=code, heavy=heavy)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("imports")
    build_index(table(), data_paths(root).index)
    return root


def test_importing_the_cli_loads_nothing_heavy() -> None:
    assert loaded_after("import crawler.cli") == []


def test_a_search_loads_nothing_heavy(data_dir: Path) -> None:
    code = (
        "from crawler.cli import main\n"
        f"main(['--data-dir', {str(data_dir)!r}, 'search', '数字人', '--limit', '5'],"
        " standalone_mode=False)"
    )
    assert loaded_after(code) == []


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_search_loads_no_pandas(data_dir: Path, fmt: str) -> None:
    code = (
        "from crawler.cli import main\n"
        f"main(['--data-dir', {str(data_dir)!r}, 'search', '数字人', '--format', {fmt!r}],"
        " standalone_mode=False)"
    )
    assert loaded_after(code, ("pandas", *HEAVY)) == []


def test_the_index_modules_a_search_imports_load_no_pandas() -> None:
    modules = ["search", "engine", "rank", "highlight", "build", "aliases", "glossary", "query"]
    code = "\n".join(f"import index.{name}" for name in [*modules, "schema"])
    assert loaded_after(code, ("pandas",)) == []


def test_help_still_lists_every_command() -> None:
    from click.testing import CliRunner

    from crawler.cli import main

    listed = CliRunner().invoke(main, ["--help"]).output.split("Commands:")[1]
    names = [line.split()[0] for line in listed.strip().splitlines()]
    assert names == sorted(main.commands)
    assert {"search", "feed", "crawl", "build", "export"} <= set(names)


def test_the_dataset_package_loads_its_parts_on_use() -> None:
    assert loaded_after("import crawler.dataset.export") == []
    assert loaded_after("from crawler.dataset import enrich") != []  # the parsers come along
    code = (
        "import crawler.dataset.enrich\nfrom crawler.dataset import enrich\nassert callable(enrich)"
    )
    assert loaded_after(code) != []
