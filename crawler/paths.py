"""Data locations, all derived from one root (env CACFILINGS_DATA_DIR, default ./data)."""

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path("data")  # relative: ./data of the working directory, never the package


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
    def parsed(self) -> Path:
        """The parse cache: each attachment's parsed frame, by sha256 (derived data)."""
        return self.processed / "parsed"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def notice_state(self) -> Path:
        """Fingerprints of the notice pages seen, to tell when one changed."""
        return self.raw / "notices.json"

    @property
    def versions(self) -> Path:
        """Earlier bytes of attachments that changed at the same URL."""
        return self.files / "versions"

    @property
    def changes_log(self) -> Path:
        return self.root / "changes.jsonl"

    @property
    def changes_feed(self) -> Path:
        return self.root / "changes.atom"

    @property
    def refresh_lock(self) -> Path:
        return self.root / ".refresh.lock"

    @property
    def refresh_state(self) -> Path:
        """What the table and change log were last built from."""
        return self.root / ".refresh-state.json"

    @property
    def refresh_journal(self) -> Path:
        """The baseline of a rebuild in progress; left behind only by an interrupted run."""
        return self.root / ".refresh-pending.json"


def data_paths(root: str | Path | None = None) -> DataPaths:
    """Paths under `root`, else $CACFILINGS_DATA_DIR, else ./data of the working directory."""
    chosen = root or os.environ.get("CACFILINGS_DATA_DIR") or DEFAULT_DATA_DIR
    return DataPaths(Path(chosen).resolve())
