"""How well copies of one statement are grouped on SaudiNewsNet, and how much citation space it frees.

    python -m bench.copies_eval [--work-dir data/eval-work] [--pairs 200] [--show 15]

Over the sentences of the SaudiNewsNet slice index (``isnad eval --suite snn-dev`` builds it):

- recall against exact copies: every set of sentences whose words match after normalisation
  (six words or more) must fall in one group (:func:`retrieval.ranking.copies.group_copies`);
- precision of near copies: pairs the rule groups that are not exact copies (found through a shared
  rare word pair), ``--pairs`` sampled with a fixed seed, each labelled by a second, written rule:
  the same statement when their normalised texts agree by a ``difflib`` ratio of 0.8 or more and give
  the same figures; ``--show`` of them are printed to read by eye;
- citation space: the SaudiNewsNet questions (``bench/snn-*.jsonl`` and the outlet questions of
  ``bench/dated-*.jsonl``) answered with grouping switched off, and the share of their shown citations
  that repeat a statement shown above them.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

from index.text.normalize import normalize_arabic
from retrieval.ranking.copies import MIN_WORDS, group_copies, shingles
from retrieval.engine import Engine

__all__ = ["main"]

BENCH = Path(__file__).resolve().parent
QUESTION_SETS = ("snn-dev.jsonl", "snn-heldout.jsonl", "dated-dev.jsonl", "dated-heldout.jsonl")
_DIGITS = re.compile(r"\d+")


def _same_statement(a: str, b: str) -> bool:
    """The second rule: near-identical characters and the same figures."""
    a, b = normalize_arabic(a), normalize_arabic(b)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8 and set(_DIGITS.findall(a)) == set(
        _DIGITS.findall(b))


def _grouped_together(a: int, b: int, texts: dict[int, str]) -> bool:
    return len(group_copies([a, b], texts)) == 1


def exact_recall(texts: dict[int, str]) -> tuple[int, int]:
    """Sets of exact copies, and how many of them the rule groups whole."""
    by_key: dict[frozenset[str], list[int]] = defaultdict(list)
    for sid, text in texts.items():
        if len(re.findall(r"\w+", text)) >= MIN_WORDS:
            by_key[shingles(text)].append(sid)
    sets = [sids for sids in by_key.values() if len(sids) > 1]
    whole = sum(len(group_copies(sids, texts)) == 1 for sids in sets)
    return len(sets), whole


def near_pairs(texts: dict[int, str]) -> list[tuple[int, int]]:
    """Pairs grouped by the rule that are not exact copies, found through their rarest shared word pair."""
    keys = {sid: shingles(t) for sid, t in texts.items() if len(re.findall(r"\w+", t)) >= MIN_WORDS}
    frequency = Counter(s for k in keys.values() for s in k)
    by_rare: dict[str, list[int]] = defaultdict(list)
    for sid, key in keys.items():
        for rare in sorted(key, key=lambda s: (frequency[s], s))[:3]:
            if frequency[rare] <= 40:
                by_rare[rare].append(sid)
    pairs = set()
    for sids in by_rare.values():
        for i, a in enumerate(sids):
            for b in sids[i + 1:]:
                if keys[a] != keys[b] and _grouped_together(a, b, texts):
                    pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def citation_space(engine: Engine) -> tuple[int, int]:
    """Shown citations over the SaudiNewsNet questions with grouping off, and how many repeat one above."""
    shown = repeats = 0
    with mock.patch("retrieval.answer.group_copies", lambda sids, texts: [(s, (s,)) for s in sids]):
        for name in QUESTION_SETS:
            for line in (BENCH / name).read_text(encoding="utf-8").splitlines():
                raw = json.loads(line)
                if raw.get("corpus", "saudinewsnet") != "saudinewsnet":
                    continue
                texts = {i: c.text for i, c in enumerate(engine.answer(raw["q"], 5).citations)}
                shown += len(texts)
                repeats += len(texts) - len(group_copies(list(texts), texts))
    return shown, repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=Path("data/eval-work"))
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--show", type=int, default=15)
    args = parser.parse_args()
    engine = Engine(args.work_dir / "saudinewsnet" / "index")
    store = engine.index.store
    texts = {sid: s.text for sid, s in store.sentences(range(store.count_sentences())).items()}
    sets, whole = exact_recall(texts)
    print(f"exact copies: {sets} sets of 2+ sentences, {whole} grouped whole (recall {whole / max(sets, 1):.3f})")
    pairs = near_pairs(texts)
    sample = random.Random(21).sample(pairs, min(args.pairs, len(pairs)))
    agree = [p for p in sample if _same_statement(texts[p[0]], texts[p[1]])]
    print(f"near copies: {len(pairs)} pairs grouped, {len(sample)} sampled, {len(agree)} the same statement by the "
          f"second rule (precision {len(agree) / max(len(sample), 1):.3f})")
    for a, b in sample[: args.show]:
        print(f"  {'=' if (a, b) in agree else '≠'} {texts[a][:110]}\n    {texts[b][:110]}")
    shown, repeats = citation_space(engine)
    print(f"citation space: {shown} citations shown without grouping, {repeats} of them repeat a statement above "
          f"({repeats / max(shown, 1):.1%} freed)")


if __name__ == "__main__":
    main()
