"""Relevance: where a term matched, how much of the field it covers, aliases and jieba words.

A row's score sums, over the query's text terms, the weight of each field holding the term
times (1 + the share of the field it covers, so an exact field doubles), the alias weight when
the row's company belongs to the term's group, and a bonus when the term starts and ends on
jieba word boundaries of the row (数字人 in 数字人播报, not in 数字人民币: substring search must
find both, ranking puts the word first). Filing-number terms add a flat weight.
"""

import re
from typing import Final

import numpy as np

from index.engine import Positions, SearchIndex, plan
from index.query import FilingTerm, TextTerm
from index.rows import SEP, RowStore, contains, matches

FIELD_WEIGHTS: Final = {
    "name": 3.0, "company": 3.0, "product": 2.5, "purpose": 1.0, "scenario": 1.0, "role": 0.5,
    "category": 0.5,
}  # fmt: skip
FILING_WEIGHT: Final = 4.0
ALIAS_WEIGHT: Final = 4.5  # a company of the alias's group: as a company half matched
WORD_BONUS: Final = 1.5  # the term is whole jieba words of the row


def word_pattern(text: str) -> re.Pattern[str]:
    """Matches `text` in a jieba-segmented `|w1|w2|` string when it starts and ends on word
    boundaries (数字人 in |数字|人|播报|, not in |数字|人民币|)."""
    return re.compile(r"\|" + r"\|?".join(map(re.escape, text)) + r"\|")


def score(ix: SearchIndex, terms: list[TextTerm | FilingTerm], positions: Positions) -> np.ndarray:
    """Relevance of each row: field weights, coverage, alias and whole-word bonuses."""
    total = np.zeros(len(positions))
    if len(positions) == 0:
        return total
    for term in terms:
        if isinstance(term, FilingTerm):
            total += FILING_WEIGHT
            continue
        fields = [p.field for p in plan(ix, term)]
        total += _field_scores(ix.rows, term.text, fields, positions)
        total += _bonus_scores(ix.rows, term, positions)
    return total


def _field_scores(rows: RowStore, text: str, fields: list[str], positions: Positions) -> np.ndarray:
    """Sum over fields of weight * (1 + share of the field the text covers)."""
    total = np.zeros(len(positions))
    for field in (f for f in fields if f in FIELD_WEIGHTS):
        hit = contains(rows.hay[field], text, positions)
        if hit.any():
            cover = len(text) / np.maximum(rows.lengths[field][positions], 1)
            total += FIELD_WEIGHTS[field] * hit * (1 + np.minimum(cover, 1))
    if "filing" in fields:
        total += FILING_WEIGHT * contains(rows.filing_words, SEP + text, positions)
    return total


def _bonus_scores(rows: RowStore, term: TextTerm, positions: Positions) -> np.ndarray:
    """Alias entity rows, and rows where jieba cuts the term as whole words."""
    total = np.zeros(len(positions))
    if term.entities:
        codes, labels = rows.codes["company"]
        entities = set(term.entities)
        wanted = [code for code, label in enumerate(labels) if label in entities]
        total += ALIAS_WEIGHT * np.isin(codes[positions], wanted)
    if WORD_BONUS and len(term.text) > 1:
        fields = ["plain"] if len(term.fields) > 1 else [f for f in term.fields if f in rows.words]
        search = word_pattern(term.text).search
        for field in fields:
            aligned = matches(
                rows.words[field], lambda texts: map(bool, map(search, texts)), positions
            )
            total += WORD_BONUS * aligned
    return total
