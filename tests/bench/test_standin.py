"""bench.standin: real vectors for original sentences, near copies for varied ones, hashed otherwise."""

from __future__ import annotations

import numpy as np

from bench.standin import RealVectors, StandInModel, _digest
from bench.synthetic import canonical, id_word

TEXTS = ["قال الوزير إن 12 شخصا أوقفوا.", "وأضاف أن التحقيق متواصل."]


def _model() -> StandInModel:
    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((2, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    table = RealVectors(matrix)
    for row, text in enumerate(TEXTS):
        table.exact[_digest(text)] = row
        table.canon[_digest(canonical(text))] = row
    return StandInModel(table)


def test_an_original_sentence_gets_its_real_vector() -> None:
    model = _model()
    assert np.allclose(model.encode(TEXTS, prompt="passage: "), model.table.matrix, atol=1e-6)
    assert model.counts["real"] == 2


def test_a_varied_sentence_gets_a_near_copy_every_time() -> None:
    model = _model()
    varied = "قال الوزير إن 15 شخصا أوقفوا" + id_word(9) + "."
    first, again = model.encode([varied]), model.encode([varied])
    assert np.array_equal(first, again)
    cosine = float(first[0] @ model.table.matrix[0])
    assert 0.95 < cosine < 0.999 and abs(np.linalg.norm(first[0]) - 1) < 1e-5
    assert model.counts["varied"] == 2


def test_an_unknown_sentence_gets_a_hashed_unit_vector() -> None:
    model = _model()
    vector = model.encode(["جملة لا يعرفها الجدول."])[0]
    assert abs(np.linalg.norm(vector) - 1) < 1e-5 and model.counts["hashed"] == 1
    assert model.seconds > 0
