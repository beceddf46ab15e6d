"""What an installed cacfilings needs: complete package data and a data dir where it runs."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from crawler.paths import data_paths
from crawler.run import (
    REQUIRED_PIPELINES,
    SettingsError,
    check_pipelines,
    project_settings,
    set_verbose,
    verbosity_settings,
)

CHECKOUT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = {
    "index/aliases.csv",
    "crawler/data/gbt2260.csv",
    "replica/real_rows/algorithm.json",
    "replica/real_rows/cancellations.json",
    "replica/real_rows/deep_synthesis.json",
    "replica/real_rows/genai.json",
    "ui/app.py",
    "ui/views/company.py",
    "ui/views/overview.py",
    "ui/views/search.py",
}


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The files of a wheel built from a copy of the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        check=True,
    )
    for name in listed.stdout.splitlines():
        if (CHECKOUT / name).is_file():
            target = work / "src" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((CHECKOUT / name).read_bytes())
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist")]
    subprocess.run([*pip, str(work / "src")], check=True, capture_output=True, timeout=300)
    [wheel] = (work / "dist").glob("cacfilings-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def test_the_wheel_holds_every_data_file(wheel_names: set[str]) -> None:
    assert PACKAGE_DATA - wheel_names == set()


def test_the_wheel_holds_no_data_directory(wheel_names: set[str]) -> None:
    assert [name for name in wheel_names if name.startswith("data/")] == []


def test_default_data_dir_is_data_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CACFILINGS_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert data_paths().root == tmp_path.resolve() / "data"


def test_data_dir_from_the_environment_beats_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(tmp_path)
    assert data_paths().root == tmp_path.resolve() / "elsewhere"
    assert data_paths(tmp_path / "given").root == tmp_path.resolve() / "given"


def test_project_settings_load_wherever_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = project_settings({})
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getint("CONCURRENT_REQUESTS") == 1
    assert settings["USER_AGENT"].startswith("cacfilings/")
    assert set(REQUIRED_PIPELINES) <= set(settings.getwithbase("ITEM_PIPELINES"))


def test_pipelines_off_are_refused() -> None:
    settings = project_settings({})
    settings.set("ITEM_PIPELINES", {"crawler.pipelines.ManifestPipeline": 300}, "cmdline")
    with pytest.raises(SettingsError) as raised:
        check_pipelines(settings)
    assert str(raised.value) == (
        "item pipelines not enabled: crawler.pipelines.ValidationPipeline, "
        "crawler.pipelines.AttachmentsPipeline"
    )


def test_quiet_by_default_detail_when_verbose() -> None:
    assert verbosity_settings() == {"STATS_DUMP": False}
    set_verbose(True)
    try:
        assert verbosity_settings() == {"LOG_LEVEL": "DEBUG", "STATS_DUMP": True}
    finally:
        set_verbose(False)
