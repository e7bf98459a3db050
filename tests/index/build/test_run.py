"""Index builds: atomic swap, incremental embedding, bad inputs, failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.build.run import BuildOptions, build_index
from index.errors import BuildFailed
from index.parts.layout import builds_root
from index.parts.manifest import read_manifest
from index.reader import open_index
from tests.conftest import SEEDS, fake_encoder

KERRY_ARTICLE = "ولم يتحدث كيري صراحة عن فشل. وقال كيري إن المحادثات في جنيف كانت صعبة.\n"


def _build(paths: list[Path], index_dir: Path, **kwargs: object):
    encoder = kwargs.pop("encoder", None) or fake_encoder()
    return build_index(paths, index_dir, encoder, BuildOptions(progress=False, **kwargs))


def test_build_writes_every_part_behind_a_symlink(tmp_path: Path) -> None:
    report = _build([SEEDS], tmp_path / "index")
    index_dir = tmp_path / "index"
    assert index_dir.is_symlink()
    for part in ("manifest.json", "store.sqlite", "dense.faiss", "lexical"):
        assert (index_dir / part).exists()
    manifest = read_manifest(index_dir)
    assert (report.articles, manifest.articles) == (5, 5)
    assert manifest.sentences == report.sentences > 60
    assert manifest.model.name == "fake" and manifest.dense_index == "IndexIDMap2(IndexFlatIP)"
    assert report.embeddings_computed == report.sentences and report.embeddings_reused == 0


def test_unchanged_rebuild_embeds_nothing(tmp_path: Path) -> None:
    first = _build([SEEDS], tmp_path / "index")
    encoder = fake_encoder()
    second = _build([SEEDS], tmp_path / "index", encoder=encoder)
    assert second.embeddings_computed == 0
    assert second.embeddings_reused == first.sentences
    assert encoder._model.encoded == []


def test_adding_an_article_embeds_only_its_sentences(seeds_copy: Path, tmp_path: Path) -> None:
    _build([seeds_copy], tmp_path / "index")
    (seeds_copy / "new_article.txt").write_text(KERRY_ARTICLE, encoding="utf-8")
    encoder = fake_encoder()
    report = _build([seeds_copy], tmp_path / "index", encoder=encoder)
    assert report.embeddings_computed == 2
    assert sorted(encoder._model.encoded) == sorted(
        ["ولم يتحدث كيري صراحة عن فشل.", "وقال كيري إن المحادثات في جنيف كانت صعبة."]
    )


def test_removed_article_disappears(seeds_copy: Path, tmp_path: Path) -> None:
    _build([seeds_copy], tmp_path / "index")
    (seeds_copy / "003_0afe021c5c0a8f5f.txt").unlink()
    _build([seeds_copy], tmp_path / "index")
    index = open_index(tmp_path / "index")
    assert index.store.count_articles() == 4
    assert index.store.articles(["003_0afe021c5c0a8f5f"]) == {}
    sids, _ = index.lexical.top(["رام", "رحم", "مرصد"], 50)
    assert all(s.article_id != "003_0afe021c5c0a8f5f" for s in index.store.sentences(list(sids)).values())


def test_full_rebuild_ignores_the_cache(tmp_path: Path) -> None:
    first = _build([SEEDS], tmp_path / "index")
    again = _build([SEEDS], tmp_path / "index", full=True)
    assert again.embeddings_computed == first.sentences and again.embeddings_reused == 0


def test_failed_build_keeps_the_previous_index_serving(seeds_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _build([SEEDS], index_dir)
    before = index_dir.resolve()
    (seeds_copy / "new_article.txt").write_text(KERRY_ARTICLE, encoding="utf-8")
    with pytest.raises(BuildFailed, match="previous index kept"):
        _build([seeds_copy], index_dir, full=True, batch_size=8, encoder=fake_encoder(fail_after=2))
    assert index_dir.resolve() == before
    index = open_index(index_dir)
    assert index.store.count_articles() == 5
    assert not [p for p in builds_root(index_dir).iterdir() if p.name.startswith("tmp-")]


def test_failure_at_the_swap_keeps_the_previous_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _build([SEEDS], index_dir)
    before = index_dir.resolve()

    def crash(_: Path) -> None:
        raise OSError("disk full")

    with pytest.raises(BuildFailed, match="disk full"):
        _build([SEEDS], index_dir, before_swap=crash)
    assert index_dir.resolve() == before and read_manifest(index_dir).articles == 5


def test_a_killed_build_leaves_nothing_behind_after_the_next(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _build([SEEDS], index_dir)
    leftover = builds_root(index_dir) / "tmp-20000101T000000000000-1"
    leftover.mkdir()
    (leftover / "store.sqlite").write_bytes(b"half written")
    _build([SEEDS], index_dir)
    assert not leftover.exists()


def test_old_builds_are_pruned(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    for _ in range(4):
        _build([SEEDS], index_dir)
    assert len([p for p in builds_root(index_dir).iterdir() if not p.name.startswith(".")]) == 2


def test_bad_inputs_are_skipped_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    legacy = "وقال وزير الخارجية الفرنسي إن المفاوضات حول مدينة حمص متعثرة.\r\nوأضاف أن الحل سياسي.\r\n"
    (folder / "legacy.txt").write_bytes(legacy.encode("cp1256"))
    report = _build([folder], tmp_path / "index")
    assert report.articles == 1 and report.sentences == 2
    reasons = {Path(s.origin).name: s.reason for s in report.skipped}
    assert set(reasons) == {"picture.txt", "empty.txt"}
    assert "binary" in reasons["picture.txt"] and "empty" in reasons["empty.txt"]
    index = open_index(tmp_path / "index")
    sids, _ = index.lexical.top(["حمص"], 5)
    assert [index.store.sentences(list(sids))[s].text for s in sids] == [
        "وقال وزير الخارجية الفرنسي إن المفاوضات حول مدينة حمص متعثرة."
    ]


def test_nothing_to_index_fails_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    (folder / "only-boilerplate.txt").write_text("728 x 90\n\nاكتب تعليق\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="nothing to index"):
        _build([folder], tmp_path / "index")
    assert not (tmp_path / "index").exists()


def test_jsonl_and_txt_in_one_build(tmp_path: Path) -> None:
    jsonl = tmp_path / "extra.jsonl"
    jsonl.write_text(
        '{"id": "j1", "title": "عنوان", "text": "قال المتحدث إن الاجتماع في الدوحة انتهى.", "url": "https://example.org/j1"}\n',
        encoding="utf-8",
    )
    report = _build([SEEDS, jsonl], tmp_path / "index")
    assert report.articles == 6
    index = open_index(tmp_path / "index")
    article = index.store.articles(["j1"])["j1"]
    assert (article.title, article.url) == ("عنوان", "https://example.org/j1")


def test_a_plain_directory_is_never_replaced(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / "thesis.txt").write_text("operator's own files", encoding="utf-8")
    for _ in range(3):
        with pytest.raises(BuildFailed, match="is not an Isnad index"):
            _build([SEEDS], index_dir)
    assert (index_dir / "thesis.txt").read_text(encoding="utf-8") == "operator's own files"


def test_an_empty_directory_becomes_the_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    _build([SEEDS], index_dir)
    assert index_dir.is_symlink() and os.path.isdir(index_dir)


def test_a_second_build_at_once_fails_and_leaves_the_first_alone(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    _build([SEEDS], index_dir)
    before = index_dir.resolve()
    seen: list[str] = []

    def build_again(_: Path) -> None:
        try:
            _build([SEEDS], index_dir)
        except BuildFailed as exc:
            seen.append(str(exc))

    _build([SEEDS], index_dir, before_swap=build_again)
    assert len(seen) == 1 and "another build of this index is running" in seen[0]
    assert index_dir.resolve() != before and read_manifest(index_dir).articles == 5


@pytest.mark.parametrize("name", ["a#b", "what?", "100%", "with space"])
def test_any_index_path_builds_and_answers(tmp_path: Path, name: str) -> None:
    from retrieval.engine import Engine
    from retrieval.ranking.search import SearchOptions

    index_dir = tmp_path / name / "index"
    _build([SEEDS], index_dir)
    index = open_index(index_dir)
    assert index.store.count_articles() == 5
    engine = Engine(index_dir, SearchOptions(mode="lexical"))
    assert engine.answer("ماذا قال كيري؟").answered
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no stray files beside it


def test_links_out_of_the_corpus_and_special_files_are_refused_and_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("خبر\n\nقال كيري إن المحادثات صعبة.\n", encoding="utf-8")
    secret = tmp_path / "outside" / ".env"
    secret.parent.mkdir()
    secret.write_text("DB_PASSWORD=hunter2-secret\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(secret)
    (corpus / "outside-folder").symlink_to(secret.parent, target_is_directory=True)
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "sub" / "b.txt").write_text("خبر\n\nأعلن لافروف وقف العمليات.\n", encoding="utf-8")
    (corpus / "inside-link.txt").symlink_to(corpus / "sub" / "b.txt")
    os.mkfifo(corpus / "pipe.txt")
    report = _build([corpus], tmp_path / "index")
    reasons = {Path(s.origin).name: s.reason for s in report.skipped}
    assert "outside the corpus folder" in reasons["leak.txt"]
    assert "outside the corpus folder" in reasons["outside-folder"]
    assert "broken symbolic link" in reasons["dangling.txt"]
    assert "FIFO" in reasons["pipe.txt"]
    index = open_index(tmp_path / "index")
    texts = [index.store.sentences([sid])[sid].text for sid in range(index.store.count_sentences())]
    assert not any("hunter2" in t for t in texts)
    assert any("لافروف" in t for t in texts) and any("كيري" in t for t in texts)


def test_an_unwritable_location_fails_in_one_line_naming_the_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(BuildFailed) as error:
        _build([SEEDS], blocker / "index")
    message = str(error.value)
    assert f"cannot write the index at {blocker / 'index'}" in message and "--index-dir" in message
    assert "\n" not in message


def test_leftover_builds_never_delete_the_index_being_served(seeds_copy: Path, tmp_path: Path) -> None:
    import shutil

    index_dir = tmp_path / "index"
    _build([seeds_copy], index_dir)
    served = index_dir.resolve()
    root = builds_root(index_dir)
    newer = served.stat().st_mtime + 60
    for offset, name in enumerate(("20990101T000000000001-1", "20990101T000000000002-2")):  # never swapped in
        shutil.copytree(served, root / name)
        os.utime(root / name, (newer + offset, newer + offset))
    with pytest.raises(BuildFailed, match="previous index kept"):
        _build([seeds_copy], index_dir, full=True, batch_size=8, encoder=fake_encoder(fail_after=1))
    assert index_dir.resolve() == served and (served / "manifest.json").is_file()
    assert open_index(index_dir).store.count_articles() == 5


def test_inputs_that_do_not_exist_fail_before_anything_is_written(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BuildFailed, match="none of the inputs exist"):
        _build([Path("seeds")], Path("data/index"))
    assert list(tmp_path.iterdir()) == []


def test_inputs_read_in_another_encoding_or_repaired_are_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "خبر\n\nقال كيري إن المحادثات صعبة.\n"
    (corpus / "cp1256.txt").write_bytes(text.encode("cp1256"))
    (corpus / "mojibake.txt").write_bytes(text.encode("utf-8").decode("latin-1").encode("utf-8"))
    (corpus / "plain.txt").write_bytes(text.encode("utf-8"))
    report = _build([corpus], tmp_path / "index")
    assert report.articles == 3
    notes = {Path(d.origin).name: d.reason for d in report.decoded}
    assert notes == {"cp1256.txt": "decoded as cp1256", "mojibake.txt": "decoded as utf-8 (mojibake repaired)"}
    assert read_manifest(tmp_path / "index").decoded == [
        {"origin": str(corpus / name), "reason": reason} for name, reason in sorted(notes.items())
    ]


def test_the_cycle_collector_is_paused_during_a_build_and_back_after(seeds_copy: Path, tmp_path: Path) -> None:
    import gc

    seen: list[bool] = []
    encoder = fake_encoder()
    model_encode = encoder._model.encode
    encoder._model.encode = lambda texts, **kw: (seen.append(gc.isenabled()), model_encode(texts, **kw))[1]
    assert gc.isenabled()
    _build([seeds_copy], tmp_path / "index", encoder=encoder)
    assert seen and not any(seen)
    assert gc.isenabled()
    failing = fake_encoder(fail_after=0)
    with pytest.raises(BuildFailed):
        _build([seeds_copy], tmp_path / "other", encoder=failing, full=True)
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that paused it itself finds it paused still
        _build([seeds_copy], tmp_path / "third")
        assert not gc.isenabled()
    finally:
        gc.enable()
