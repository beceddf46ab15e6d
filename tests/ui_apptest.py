"""What the AppTest files share: fresh caches, the UI data dir, download capture, page runs.

tests/conftest.py loads this module as a plugin, so its fixtures are everywhere; a UI test module
marks itself `pytest.mark.usefixtures("fresh_caches")`, so no test sees a cached frame of
another test's index.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Final

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.ui_helpers import build_ui_index

APP: Final = Path(__file__).resolve().parent.parent / "ui" / "app.py"


@pytest.fixture
def fresh_caches() -> None:
    """Every test starts with empty Streamlit caches."""
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data root holding an index of the UI table, selected through CACFILINGS_DATA_DIR."""
    build_ui_index(tmp_path)
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """The deferred payloads the download buttons registered, by file name."""
    captured: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, data_callable, mimetype, coordinates, file_name=None, **kw):
        captured[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


def rerun(at: AppTest) -> AppTest:
    """Run the app again; no exception allowed."""
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(page: str, **query_params: str) -> AppTest:
    """The app as a link to `page` (views/….py) with `query_params` opens it: AppTest starts on
    the default page (search), so another page is reached by switching to it after a first run."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    if page == "views/search.py":
        at.query_params.update(query_params)
        return rerun(at)
    rerun(at)
    at.query_params.clear()
    at.query_params.update(query_params)
    at.switch_page(page)
    return rerun(at)
