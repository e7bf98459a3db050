"""Matching gold answer texts in cited sentences (the ``../shared/eval`` README's rule).

A text matches a gold text when the gold text, normalised, is a substring of the text,
normalised: harakat, superscript alef and tatweel removed; أ إ آ ٱ → ا, ى → ي, ة → ه;
non-alphanumerics to spaces; spaces collapsed. A gold text that normalises to nothing matches
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from index.text.normalize import fold_letters, strip_marks

__all__ = ["contains_gold", "normalize_for_match"]

_NON_WORD = re.compile(r"[^\w ]|_")
_SPACES = re.compile(r"\s+")


def normalize_for_match(text: str) -> str:
    """The gold-matching normalisation of the eval README."""
    text = fold_letters(strip_marks(text))
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def contains_gold(gold: Iterable[str]) -> Callable[[str], bool]:
    """A predicate: does a text contain any of the ``gold`` texts (both normalised)?

    Pass it to :func:`retrieval.evaluation.metrics.first_rank` to find the first citation
    that answers.
    """
    targets = tuple(t for t in map(normalize_for_match, gold) if t)

    def matches(text: str) -> bool:
        normalized = normalize_for_match(text)
        return any(t in normalized for t in targets)

    return matches
