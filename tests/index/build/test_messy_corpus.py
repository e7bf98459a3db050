"""One corpus holding every messy input an operator meets: it builds, reports each skipped or
re-decoded input, and answers about every good article."""

from __future__ import annotations

import os
from pathlib import Path

from index.build.run import BuildOptions, build_index
from retrieval.engine import Engine
from retrieval.ranking.search import SearchOptions
from tests.conftest import fake_encoder

ARTICLE = "{title}\n\n{sentence}\n"
GOOD = {
    "2016/01/1.txt": ("utf-8", "قال كيري إن المحادثات مع لافروف صعبة."),
    "2016/02/1.txt": ("utf-8", "أعلنت وزارة الداخلية توقيف عصابة في بن عروس."),
    "nul.txt": ("nul", "ارتفعت أسعار الزيت في صفاقس."),
    "utf16.txt": ("utf-16-le", "افتتح والي المهدية معرضا للكتاب."),
    "iso.txt": ("iso8859_6", "نظمت بلدية سوسة حملة نظافة."),
    "cp1256.txt": ("cp1256", "فاز الترجي على الافريقي في الدربي."),
    "mojibake.txt": ("mojibake", "أكد وزير الصحة توفر اللقاحات."),
}


def _write(path: Path, encoding: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if encoding == "nul":
        data = text.encode("utf-8")
        path.write_bytes(data[:10] + b"\x00" + data[10:])
    elif encoding == "mojibake":
        path.write_bytes(text.encode("utf-8").decode("latin-1").encode("utf-8"))
    else:
        path.write_bytes(text.encode(encoding))


def test_a_messy_corpus_builds_reports_and_answers(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name, (encoding, sentence) in GOOD.items():
        _write(corpus / name, encoding, ARTICLE.format(title="خبر", sentence=sentence))
    (corpus / "blob.txt").write_text("عنوان\n\n" + "كلمة " * 300_000, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    secret = tmp_path / "secret.env"
    secret.write_text("PASSWORD=hunter2\n", encoding="utf-8")
    (corpus / "secret.txt").symlink_to(secret)
    (corpus / "gone.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "records.jsonl").write_text('{"id": "j1", "text": "خبر\\n\\nتوقع المعهد الوطني للرصد الجوي امطارا."}\n'
                                          "not json\n", encoding="utf-8")
    report = build_index([corpus], tmp_path / "index", fake_encoder(), BuildOptions(progress=False))

    skipped = {Path(s.origin.split(":")[0]).name for s in report.skipped}
    assert {"empty.txt", "image.txt", "secret.txt", "gone.txt", "pipe.txt", "records.jsonl"} <= skipped
    decoded = {Path(d.origin).name for d in report.decoded}
    assert {"utf16.txt", "iso.txt", "cp1256.txt", "mojibake.txt"} <= decoded
    assert report.articles == len(GOOD) + 2  # the good ones, the blob, the JSONL record

    engine = Engine(tmp_path / "index", SearchOptions(mode="lexical"))
    for _, sentence in GOOD.values():
        answer = engine.answer(sentence.rstrip("."))
        assert answer.answered and answer.citations[0].text == sentence, sentence
    store = engine.index.store
    texts = [store.sentences([sid])[sid].text for sid in range(store.count_sentences())]
    assert not any("hunter2" in t for t in texts)
    assert max(len(t) for t in texts) <= 1000
    assert sum(t.count("كلمة") for t in texts) == 300_000
