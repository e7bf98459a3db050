"""index.lexical on a hand-made corpus: IDF, which documents hold a token, the top of a ranking."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from index.lexical import LexicalIndex, VocabularyBuilder

DOCUMENTS = [["كيري", "قال", "حلب"], ["لافروف", "قال"], ["حلب", "حلب", "هدنه"], []]


@pytest.fixture
def lexical(tmp_path: Path) -> LexicalIndex:
    vocabulary = VocabularyBuilder()
    for tokens in DOCUMENTS:
        vocabulary.add(tokens)
    LexicalIndex.build(vocabulary, tmp_path / "bm25")
    return LexicalIndex.load(tmp_path / "bm25")


def test_idf_is_lucene_bm25_and_highest_for_unseen_words(lexical: LexicalIndex) -> None:
    n = len(DOCUMENTS)
    assert lexical.size == n
    assert lexical.idf("قال") == pytest.approx(math.log(1 + (n - 2 + 0.5) / (2 + 0.5)))
    assert lexical.idf("هدنه") == pytest.approx(math.log(1 + (n - 1 + 0.5) / (1 + 0.5)))
    assert lexical.idf("نهر") == pytest.approx(math.log(1 + (n + 0.5) / 0.5))
    assert lexical.idf("نهر") > lexical.idf("هدنه") > lexical.idf("قال")


def test_holding_tells_which_documents_contain_a_token(lexical: LexicalIndex) -> None:
    sids = np.array([0, 1, 2, 3], dtype=np.int64)
    assert lexical.holding("حلب", sids).tolist() == [True, False, True, False]
    assert lexical.holding("قال", sids[::-1]).tolist() == [False, False, True, True]
    assert not lexical.holding("نهر", sids).any()


def test_top_ranks_positive_scores_only_best_first(lexical: LexicalIndex) -> None:
    sids, scores = lexical.top(["حلب"], 10)
    assert sids.tolist() == [2, 0]  # two occurrences in a shorter document beat one
    assert (np.diff(scores) <= 0).all() and (scores > 0).all()
    assert lexical.top(["نهر"], 10)[0].size == 0
    assert lexical.top(["حلب", "قال"], 1)[0].tolist() == [0]
