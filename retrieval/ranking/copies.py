"""One statement, all its sources: the same sentence in several articles is cited once.

A news archive says the same thing many times: an agency sentence runs word for word in five
outlets, or with a word changed. Among an answer's candidates, sentences are copies when their words
match after normalisation, or when their sets of two-word shingles overlap by ``NEAR_COPY`` (Jaccard)
or more and they give the same figures (a number changed is another fact: «ثلاثة قتلى»، «خمسة قتلى»
differ by a word and by everything); sentences of fewer than ``MIN_WORDS`` words are never grouped («وأضاف أن الوضع هادئ» says
little of itself). Each group is cited once, at the place of its best-ranked member, by its fullest
version (the longest), with every member as a source. Grouping happens at answer time over the
candidates (a few dozen sentences, microseconds): copies score alike, so they rank side by side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.text.normalize import normalize_arabic

__all__ = ["MIN_WORDS", "NEAR_COPY", "group_copies", "shingles"]

#: Jaccard overlap of two sentences' two-word shingles from which they are copies of one statement.
NEAR_COPY = 0.7
#: Sentences shorter than this (in words) are never grouped.
MIN_WORDS = 6
_WORD = re.compile(r"\w+")


def shingles(text: str) -> frozenset[str]:
    """The sentence's consecutive word pairs after normalisation (its words alone when it has one)."""
    words = _WORD.findall(normalize_arabic(text))
    if len(words) < 2:
        return frozenset(words)
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:]))


def _copies(a: frozenset[str], b: frozenset[str]) -> bool:
    return a == b or (len(a & b) >= NEAR_COPY * len(a | b) and _figures(a) == _figures(b))


def _figures(shingles_: frozenset[str]) -> frozenset[str]:
    return frozenset(w for pair in shingles_ for w in pair.split() if w.isdigit())


def group_copies(sids: Sequence[int], texts: dict[int, str]) -> list[tuple[int, tuple[int, ...]]]:
    """``sids`` (best first) as ``(shown, members)``: each group once, at its best member's place,
    shown by its longest member; ``members`` are all of the group, the shown one first."""
    groups: list[list[int]] = []
    keys: list[frozenset[str]] = []
    for sid in sids:
        text = texts.get(sid, "")
        key = shingles(text) if len(_WORD.findall(text)) >= MIN_WORDS else None
        home = next((i for i, k in enumerate(keys) if key is not None and k and _copies(key, k)), None)
        if home is None:
            groups.append([sid])
            keys.append(key or frozenset())
        else:
            groups[home].append(sid)
    out = []
    for members in groups:
        shown = max(members, key=lambda sid: (len(texts.get(sid, "")), -members.index(sid)))
        out.append((shown, (shown, *[m for m in members if m != shown])))
    return out
