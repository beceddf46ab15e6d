"""English terms reporters search for, mapped to the Chinese words the CAC lists use.

The data is a CSV with `term,word` columns (index/glossary.csv, plus a user file named by
$CACFILINGS_GLOSSARY or passed explicitly; later files add to earlier ones), read like
index/aliases.py: a word cell may name another term (`text to image,text-to-image`), `#` starts
a comment line, and matching ignores case and full-width forms. A term of one to
MAX_WORDS words finds the term itself or any of its words (`face swap` -> 人脸融合, 换脸, …).
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from index.aliases import data_files, read_pairs, resolve_names, stamps
from index.schema import normalize_text

GLOSSARY_FILE: Final = Path(__file__).with_name("glossary.csv")
GLOSSARY_ENV: Final = "CACFILINGS_GLOSSARY"
COLUMNS: Final = ("term", "word")


@dataclass(frozen=True)
class Glossary:
    """Normalised term -> normalised Chinese words (sorted)."""

    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def words(self, text: str) -> tuple[str, ...]:
        """The words `text` stands for, or () when it is no term."""
        return self.terms.get(normalize_text(text), ())


def glossary_of(pairs: list[tuple[str, str]]) -> Glossary:
    """A glossary from (term, word-or-term) pairs."""
    return Glossary(resolve_names(pairs))


def glossary_files(extra: Path | str | None = None) -> tuple[Path, ...]:
    """The built-in file, then $CACFILINGS_GLOSSARY, then `extra`."""
    return data_files(GLOSSARY_FILE, GLOSSARY_ENV, extra)


@functools.lru_cache(maxsize=8)
def _load(files: tuple[Path, ...], file_stamps: tuple[int, ...]) -> Glossary:
    return glossary_of([pair for path in files for pair in read_pairs(path, COLUMNS)])


def load_glossary(extra: Path | str | None = None) -> Glossary:
    """All glossary terms in effect (re-read when a file changes)."""
    files = glossary_files(extra)
    return _load(files, stamps(files))
