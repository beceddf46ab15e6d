"""Data locations, all derived from one root (env CACFILINGS_DATA_DIR, default ./data)."""

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class DataPaths:
    """Where raw downloads, the table and the index live under one data root."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def files(self) -> Path:
        return self.raw / "files"

    @property
    def manifest(self) -> Path:
        return self.raw / "manifest.json"

    @property
    def processed(self) -> Path:
        return self.root / "processed"

    @property
    def table_csv(self) -> Path:
        return self.processed / "filings.csv"

    @property
    def table_parquet(self) -> Path:
        return self.processed / "filings.parquet"

    @property
    def index(self) -> Path:
        return self.root / "index"


def data_paths(root: str | Path | None = None) -> DataPaths:
    """Paths under `root`, else $CACFILINGS_DATA_DIR, else the repository's data/."""
    chosen = root or os.environ.get("CACFILINGS_DATA_DIR") or DEFAULT_DATA_DIR
    return DataPaths(Path(chosen).resolve())
