"""Opening an index: damaged parts give one clear error that says to rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.errors import IndexNotFound
from index.reader import open_index
from tests.conftest import SEEDS, fake_encoder


@pytest.mark.parametrize("part", ["dense.faiss", "store.sqlite", "people.json", "lexical/params.index.json"])
def test_a_damaged_part_says_to_rebuild(tmp_path: Path, part: str) -> None:
    index_dir = tmp_path / "index"
    build_index([SEEDS], index_dir, fake_encoder(), BuildOptions(progress=False))
    (index_dir / part).write_bytes(b"\x00garbage{")
    with pytest.raises(IndexNotFound) as error:
        open_index(index_dir)
    # The advice is a command to paste: the real corpus and index folder, not a bare --full.
    assert f"Rebuild with: isnad index {SEEDS} --index-dir {index_dir} --full" in str(error.value)


def test_a_manifest_missing_a_key_says_to_rebuild(tmp_path: Path) -> None:
    import json

    index_dir = tmp_path / "index"
    build_index([SEEDS], index_dir, fake_encoder(), BuildOptions(progress=False))
    raw = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    del raw["model"]["dimension"]
    (index_dir / "manifest.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(IndexNotFound, match="Rebuild"):
        open_index(index_dir)


def _built(tmp_path: Path) -> Path:
    index_dir = tmp_path / "index"
    build_index([SEEDS], index_dir, fake_encoder(), BuildOptions(progress=False))
    return index_dir


def test_the_encoder_can_load_in_the_background_while_the_parts_open(tmp_path: Path) -> None:
    import threading

    loaded_in: list[str] = []

    def factory(manifest):
        loaded_in.append(threading.current_thread().name)
        return fake_encoder()

    opened = open_index(_built(tmp_path), encoder_factory=factory, load_encoder=True)
    assert opened.encoder is opened.encoder
    assert len(loaded_in) == 1 and loaded_in[0].startswith("isnad-load-encoder")
    assert open_index(tmp_path / "index", encoder_factory=factory)._encoder_loading is None


def test_the_background_load_never_overlaps_reading_the_bm25_arrays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CPython 3.11 fails when two threads build ASTs at once; numpy parses .npy headers with ast.

    Both sides hold one lock while they run (so they cannot overlap), the BM25 arrays first.
    """
    import index.reader as reader
    from index.parts.lexical import LexicalIndex

    events: list[str] = []
    load = LexicalIndex.load.__func__

    def watched_load(cls, directory, mmap=True):
        events.append("lexical starts")
        assert reader._PARSING.locked()
        loaded = load(cls, directory, mmap)
        events.append("lexical done")
        return loaded

    def factory(manifest):
        assert reader._PARSING.locked()
        events.append("encoder starts")
        return fake_encoder()

    monkeypatch.setattr(LexicalIndex, "load", classmethod(watched_load))
    opened = open_index(_built(tmp_path), encoder_factory=factory, load_encoder=True)
    assert opened.encoder.info.dimension == 32
    assert events == ["lexical starts", "lexical done", "encoder starts"]


def test_a_background_load_that_failed_raises_once_then_loads_again(tmp_path: Path) -> None:
    attempts: list[int] = []

    def factory(manifest):
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("model files still copying")
        return fake_encoder()

    opened = open_index(_built(tmp_path), encoder_factory=factory, load_encoder=True)
    with pytest.raises(RuntimeError, match="still copying"):
        _ = opened.encoder
    assert opened.encoder.info.dimension == 32 and len(attempts) == 2


def test_the_spans_are_read_under_the_parsing_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The periods and outlets are .npy files too: read on a question while the encoder may still load."""
    import index.reader as reader

    real = reader.load_spans

    def watched(build, store):
        assert reader._PARSING.locked()
        return real(build, store)

    monkeypatch.setattr(reader, "load_spans", watched)
    opened = open_index(_built(tmp_path), encoder_factory=lambda _: fake_encoder())
    assert len(opened.sentence_periods()[0]) == opened.manifest.sentences
