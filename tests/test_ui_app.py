"""The Streamlit search page, driven through AppTest against a tiny index in tmp_path."""

import io
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from crawler.constants import COLUMNS
from crawler.paths import data_paths
from index.build import build_index
from tests.test_index import ROWS, make_table

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data root holding an index of ROWS, selected through CACFILINGS_DATA_DIR."""
    build_index(make_table(), data_paths(tmp_path).index)
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    return tmp_path


def run_app(**query_params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params.update(query_params)
    at.run()
    assert not at.exception, at.exception
    return at


def shown_names(at: AppTest) -> list[str]:
    return at.dataframe[0].value["name"].tolist()


@pytest.mark.usefixtures("data_dir")
def test_page_lists_every_row_before_searching() -> None:
    at = run_app()
    assert at.title[0].value == "CAC algorithm filings"
    assert shown_names(at) == [row["name"] for row in ROWS]
    assert list(at.dataframe[0].value.columns) == list(COLUMNS)


@pytest.mark.usefixtures("data_dir")
def test_search_box_sets_results_and_url() -> None:
    at = run_app()
    at.text_input(key="q").input("字节").run()
    assert shown_names(at) == ["人脸融合算法"]
    assert "**1** matching filings" in [md.value for md in at.markdown]
    assert at.query_params.get("q") == "字节"


@pytest.mark.usefixtures("data_dir")
def test_type_filter_narrows_results() -> None:
    at = run_app()
    at.selectbox(key="type").select("genai_filed").run()
    assert shown_names(at) == ["DeepSeek Chat"]
    assert at.query_params.get("type") == "genai_filed"


@pytest.mark.usefixtures("data_dir")
def test_company_filter_narrows_results() -> None:
    at = run_app()
    at.text_input(key="company").input("百度").run()
    assert sorted(shown_names(at)) == ["文心一言 ERNIE Bot", "语音合成算法"]


@pytest.mark.usefixtures("data_dir")
def test_url_restores_search() -> None:
    at = run_app(q="抖音", type="algorithm")
    assert at.text_input(key="q").value == "抖音"
    assert shown_names(at) == ["抖音个性化推荐算法"]


@pytest.mark.usefixtures("data_dir")
def test_bad_type_in_url_falls_back_to_all() -> None:
    at = run_app(type="nonsense")
    assert at.selectbox(key="type").value == "all"
    assert len(at.dataframe[0].value) == len(ROWS)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Bytes handed to Streamlit's in-memory media storage (download button payloads)."""
    captured: list[bytes] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(
        self: MemoryMediaFileStorage, data: str | bytes, *args: object, **kwargs: object
    ) -> str:
        if isinstance(data, bytes):
            captured.append(data)
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured


@pytest.mark.usefixtures("data_dir")
def test_download_button_offers_exactly_the_shown_rows(downloads: list[bytes]) -> None:
    at = run_app()
    at.text_input(key="q").input("百度").run()
    assert at.download_button(key="download").label == "Download CSV"
    payload = downloads[-1]
    assert payload.startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(csv, at.dataframe[0].value, check_dtype=False)
    assert len(csv) == 2


def test_missing_index_names_the_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    at = run_app()
    message = at.info[0].value
    assert "cacfilings crawl" in message
    assert "cacfilings build" in message
    assert len(at.dataframe) == 0


def test_empty_index_names_the_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(make_table([]), data_paths(tmp_path).index)
    monkeypatch.setenv("CACFILINGS_DATA_DIR", str(tmp_path))
    at = run_app()
    assert "cacfilings build" in at.info[0].value
