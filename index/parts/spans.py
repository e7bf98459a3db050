"""Each sentence's publication period and outlet, written by the build so that questions never compute them.

A question scoped to a period or an outlet needs, for every sentence, when its article was published
and by whom. Read from the store, that is a join over every article (about 2 s at a million sentences);
the build writes it once instead, beside the other parts (``spans/``):

- ``periods.npy``: ``int32[2, sentences]``, each sentence's first and last day as proleptic ordinals
  (``0, -1`` for an article without a date, which no period overlaps);
- ``sources.npy``: ``int32[sentences]``, each sentence's outlet as a position in ``sources.json`` (-1: none).

A build from before them has no ``spans/``: :func:`load_spans` then reads the store.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from index.parts.layout import SPANS_NAME, STORE_NAME
from index.parts.store import SentenceStore

__all__ = ["Spans", "load_spans", "write_spans"]

_PERIODS, _SOURCES, _NAMES = "periods.npy", "sources.npy", "sources.json"


class Spans:
    """Each sentence's period (first and last day) and outlet (a position in ``sources``)."""

    def __init__(self, first: np.ndarray, last: np.ndarray, codes: np.ndarray, sources: list[str]) -> None:
        self.first, self.last, self.codes, self.sources = first, last, codes, sources


def write_spans(build: Path) -> int:
    """Write a build's ``spans/`` from its finished store; return how many of its articles have no date."""
    folder = build / SPANS_NAME
    folder.mkdir(exist_ok=True)
    store = SentenceStore.open_readonly(build / STORE_NAME)
    try:
        first, last = store.sentence_periods()
        codes, sources = store.sentence_sources()
        undated = store.count_undated()
    finally:
        store.close()
    np.save(folder / _PERIODS, np.stack([first, last]), allow_pickle=False)
    np.save(folder / _SOURCES, codes, allow_pickle=False)
    (folder / _NAMES).write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")
    return undated


def load_spans(build: Path, store: SentenceStore) -> Spans:
    """A build's spans, memory-mapped; read from ``store`` when the build has none (an older build)."""
    folder = build / SPANS_NAME
    if not (folder / _NAMES).is_file():
        first, last = store.sentence_periods()
        codes, sources = store.sentence_sources()
        return Spans(first, last, codes, sources)
    periods = np.load(folder / _PERIODS, mmap_mode="r", allow_pickle=False)
    codes = np.load(folder / _SOURCES, mmap_mode="r", allow_pickle=False)
    return Spans(periods[0], periods[1], codes, json.loads((folder / _NAMES).read_text(encoding="utf-8")))
