"""index.parts.lexical on a hand-made corpus: IDF, which documents hold a token, the top of a ranking;
and its BM25 scores against bm25s's own indexing, bit for bit."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from index.build.prepared import prepare
from index.parts.context import LexicalContext, document_parts
from index.parts.lexical import LexicalIndex, bm25_matrix
from index.parts.termcounts import CountsAssembler, TermCounts
from index.text.articles import ArticleReader
from tests.conftest import SEEDS
from tests.index.parts.test_context import compose_documents

DOCUMENTS = [["كيري", "قال", "حلب"], ["لافروف", "قال"], ["حلب", "حلب", "هدنه"], []]


def _counts(documents: list[list[str]]) -> TermCounts:
    assembler = CountsAssembler()
    for tokens in documents:
        assembler.add_document(assembler.ids(tokens))
    return assembler.finish()


@pytest.fixture
def lexical(tmp_path: Path) -> LexicalIndex:
    LexicalIndex.build(_counts(DOCUMENTS), tmp_path / "bm25")
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


def test_scores_are_bm25s_own_bit_for_bit() -> None:
    import bm25s

    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(300)]
    # Zipf-like draws: frequent and rare tokens, repeats within a document, some empty documents.
    documents = [[words[min(int(rng.zipf(1.3)), 299)] for _ in range(int(rng.integers(0, 40)))] for _ in range(500)]
    counts = _counts(documents)
    vocab = {token: i for i, token in enumerate(counts.vocab)}
    reference = bm25s.BM25()
    reference.index(([[vocab[t] for t in doc] for doc in documents], {**vocab, "": len(vocab)}), show_progress=False)
    data, indices, indptr = bm25_matrix(counts)
    assert data.dtype == reference.scores["data"].dtype == np.float32
    assert np.array_equal(indptr, reference.scores["indptr"])
    assert np.array_equal(indices, reference.scores["indices"])
    assert np.array_equal(data, reference.scores["data"])


def test_copied_rows_and_dropped_tokens_give_the_index_of_the_remaining_documents() -> None:
    first = _counts([["a", "b"], ["c", "c"], ["d"]])
    assembler = CountsAssembler(first)
    assembler.copy_rows(0, 1)
    assembler.add_document(assembler.ids(["e", "a"]))
    assembler.copy_rows(2, 3)
    merged = assembler.finish()
    assert "c" not in merged.vocab and merged.documents == 3
    fresh = _counts([["a", "b"], ["e", "a"], ["d"]])
    rows = [{merged.vocab[t]: int(c) for t, c in zip(merged.tokens[merged.indptr[i]:merged.indptr[i + 1]],
                                                    merged.counts[merged.indptr[i]:merged.indptr[i + 1]])}
            for i in range(3)]
    assert rows == [{"a": 1, "b": 1}, {"e": 1, "a": 1}, {"d": 1}]
    assert merged.lengths.tolist() == fresh.lengths.tolist()


@pytest.mark.parametrize(
    "context",
    [LexicalContext(), LexicalContext(sentence_weight=2, paragraph=True),
     LexicalContext(sentence_weight=3, neighbours=1, title_weight=2)],
    ids=["sentence alone", "default: twice plus paragraph", "neighbours and title"],
)
def test_documents_summed_from_parts_count_what_spelled_out_documents_hold(context: LexicalContext) -> None:
    articles = [prepare(a) for a in ArticleReader([SEEDS])]
    assembler = CountsAssembler()
    expected: list[Counter] = []
    for prepared in articles:
        parts = [assembler.ids(tokens) for tokens in prepared.tokens]
        title = assembler.ids(prepared.title_tokens) if context.title_weight else []
        assembler.add_documents([*parts, title], document_parts(prepared.paragraphs, bool(title), context))
        spelled = compose_documents(list(prepared.tokens), list(prepared.title_tokens) if context.title_weight else [],
                                    prepared.paragraphs, context)
        expected.extend(Counter(document) for document in spelled)
    counts = assembler.finish()
    assert counts.documents == len(expected) > 60
    for row, reference in enumerate(expected):
        start, stop = counts.indptr[row], counts.indptr[row + 1]
        ids = counts.tokens[start:stop]
        assert list(ids) == sorted(ids)
        got = {counts.vocab[t]: int(c) for t, c in zip(ids, counts.counts[start:stop])}
        assert got == dict(reference)
        assert counts.lengths[row] == sum(reference.values())


def test_counting_in_pieces_gives_the_same_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = [["a", "b", "a"], [], ["c"], ["b", "b", "d", "a"], ["e"] * 7]
    whole = _counts(documents)
    monkeypatch.setattr("index.parts.termcounts._NEW_TOKENS_PER_PIECE", 3)
    pieces = _counts(documents)
    assert pieces.vocab == whole.vocab
    for name in ("indptr", "tokens", "counts", "lengths"):
        assert np.array_equal(getattr(pieces, name), getattr(whole, name)), name


def test_scores_of_some_documents_are_the_full_scores_there(lexical: LexicalIndex) -> None:
    sids = np.array([3, 0, 2, 2, 1], dtype=np.int64)
    for tokens in (["حلب"], ["حلب", "قال"], ["قال", "قال", "هدنه"], ["نهر"], []):
        full = lexical.scores(tokens)
        expected = full[sids] if full.size else np.zeros(len(sids), dtype=np.float32)
        got = lexical.scores_of(tokens, sids)
        assert got.dtype == np.float32 and np.array_equal(got, expected), tokens
    assert lexical.scores_of(["حلب"], np.array([], dtype=np.int64)).size == 0
