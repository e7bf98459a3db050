"""Every part of a built index, damaged every way (tests/faults/damage.py): never a silent change.

A part the served index reads is refused when the index is opened, with one line that names the file
and the command that rebuilds it; a ``reuse/`` part only costs the next build its shortcut. Either
way the next build succeeds by itself and answers exactly as a clean build does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.errors import IndexNotFound
from index.reader import open_index
from retrieval.answer import answer_question
from retrieval.question.understand import understand_text
from tests.conftest import SEEDS, fake_encoder
from tests.faults.damage import MODES, damage

#: Every file of a seed build (checked against the manifest below, so a new part joins the suite).
PARTS = (
    "dense.faiss", "store.sqlite", "people.json",
    "lexical/data.csc.index.npy", "lexical/indices.csc.index.npy", "lexical/indptr.csc.index.npy",
    "lexical/params.index.json", "lexical/vocab.index.json",
    "reuse/articles.json", "reuse/counts/counts.npy", "reuse/counts/indptr.npy", "reuse/counts/lengths.npy",
    "reuse/counts/tokens.npy", "reuse/counts/vocab.json",
    "spans/periods.npy", "spans/sources.npy", "spans/sources.json",
)
QUESTIONS = ("ماذا قال كيري؟", "ماذا قال لافروف عن سوريا؟", "حلب", "متى بدأت الهدنة؟", "ما هي عاصمة اليابان؟")
ENCODER = fake_encoder()


def _options(work: Path) -> BuildOptions:
    return BuildOptions(progress=False, cache_path=work / "cache" / "embeddings.sqlite")


def answers(index_dir: Path) -> list[tuple[bool, list[tuple[str, int]]]]:
    """What a reader sees for each question: answered or not, and the cited sentences."""
    index = open_index(index_dir, encoder_factory=lambda _: ENCODER)
    try:
        replies = [answer_question(index, understand_text(q)) for q in QUESTIONS]
    finally:
        index.close()
    return [(r.answered, [(c.doc_id, c.sentence) for c in r.citations]) for r in replies]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("faults") / "work"
    build_index([SEEDS], work / "index", ENCODER, _options(work))
    return work


@pytest.fixture(scope="module")
def clean(template: Path) -> list[tuple[bool, list[tuple[str, int]]]]:
    found = answers(template / "index")
    assert sum(bool(cited) for _, cited in found) >= 2
    return found


def _copy(template: Path, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(template, work, symlinks=True)
    return work


def test_the_suite_damages_every_part_a_build_writes(template: Path) -> None:
    manifest = open_index(template / "index", encoder_factory=lambda _: ENCODER).manifest
    assert sorted(manifest.parts) == sorted(PARTS)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("part", PARTS)
def test_a_damaged_part_is_named_and_the_next_build_heals(template: Path, clean: list, tmp_path: Path,
                                                         part: str, mode: str) -> None:
    work = _copy(template, tmp_path)
    index_dir = work / "index"
    damage(index_dir.resolve() / part, mode)
    if part.startswith("reuse/"):
        assert answers(index_dir) == clean  # queries never read reuse/
    else:
        with pytest.raises(IndexNotFound) as error:
            open_index(index_dir, encoder_factory=lambda _: ENCODER)
        message = str(error.value)
        assert f"is damaged: {part}: " in message and f"--index-dir {index_dir} --full" in message
        assert "\n" not in message
    report = build_index([SEEDS], index_dir, ENCODER, _options(work))
    assert report.manifest.reused_from == "" and report.embeddings_computed == 0
    assert answers(index_dir) == clean


def test_a_damaged_build_stays_refused_until_rebuilt_and_the_served_one_keeps_answering(
    template: Path, clean: list, tmp_path: Path
) -> None:
    from retrieval.engine import Engine

    work = _copy(template, tmp_path)
    engine = Engine(work / "index")
    engine._index = open_index(work / "index", encoder_factory=lambda _: ENCODER)  # serving, as a bot does
    served = engine.index.path
    report = build_index([SEEDS], work / "index", ENCODER, _options(work))
    damage(report.index_dir.resolve() / "dense.faiss", "flip")  # the new build, before any question sees it
    assert engine.index.path == served  # the damaged build is not swapped in to serve
    assert [(r.answered, [(c.doc_id, c.sentence) for c in r.citations])
            for r in (answer_question(engine.index, understand_text(q)) for q in QUESTIONS)] == clean
