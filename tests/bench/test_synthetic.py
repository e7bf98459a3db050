"""bench.synthetic: varied copies keep the original's sentences, undone by canonical(); seeded output."""

from __future__ import annotations

import json
import random
from pathlib import Path

from bench.synthetic import (
    canonical,
    extra_article,
    generate,
    id_word,
    load_templates,
    vary,
)
from index.text.articles import Article
from index.text.document import prepare_article

ARTICLE = {
    "id": "a1",
    "title": "عنوان الخبر",
    "date": "2016-03-01T10:00:00+01:00",
    "text": (
        "قال وزير الداخلية إن 12 شخصا أوقفوا يوم 3 مارس 2016. وأضاف أن التحقيق متواصل.\n"
        "وأكد د. أحمد أن «الوضع مستقر تماما». ولم يذكر تفاصيل أخرى عن العملية الأمنية\n"
        "من جهتها أعلنت الوزارة عن خطة جديدة لسنة 2017؟\n"
        "وختم بالقول إن الأمن مسؤولية الجميع!"
    ),
}


def _sentences(record: dict) -> list[str]:
    article = Article(id=record["id"], text=record["text"], title=record.get("title"))
    return [s.text for s in prepare_article(article).sentences]


def _corpus(tmp_path: Path, count: int = 6) -> Path:
    path = tmp_path / "ant.jsonl"
    records = [{**ARTICLE, "id": f"a{i}"} for i in range(count)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_varied_copy_has_the_originals_sentences_up_to_canonical(tmp_path: Path) -> None:
    [template] = load_templates(_corpus(tmp_path, 1))
    varied = vary(template, 3, 41, random.Random(0))
    original = _sentences(ARTICLE)
    copied = _sentences(varied)
    assert varied["id"] == "a0~3" and varied["date"].startswith("2016-03-04")
    assert "2019" in varied["text"] and id_word(41).strip() in varied["text"]
    assert sorted(map(canonical, copied)) == sorted(map(canonical, original))
    assert not set(copied) & set(original)  # every sentence differs from the original's


def test_copy_zero_is_the_article_itself(tmp_path: Path) -> None:
    [template] = load_templates(_corpus(tmp_path, 1))
    assert vary(template, 0, 0, random.Random(0))["text"] == ARTICLE["text"]


def test_id_words_differ_per_article() -> None:
    words = {id_word(n) for n in range(2000)}
    assert len(words) == 2000 and all(canonical(f"نص{w}.") == "نص." for w in words)


def test_generate_reaches_the_target_deterministically(tmp_path: Path) -> None:
    source = _corpus(tmp_path)
    first = generate(source, tmp_path / "one" / "archive.jsonl", 40, seed=7)
    second = generate(source, tmp_path / "two" / "archive.jsonl", 40, seed=7)
    assert first.sentences >= 40 and first.copies >= 2
    assert first.path.read_bytes() == second.path.read_bytes()
    ids = [json.loads(line)["id"] for line in first.path.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == first.articles
    assert generate(source, first.path, 40, seed=7) == first  # reused, not written again


def test_the_extra_article_is_new(tmp_path: Path) -> None:
    templates = load_templates(_corpus(tmp_path))
    record = json.loads(extra_article(templates, tmp_path / "extra.jsonl").read_text(encoding="utf-8"))
    assert "~" in record["id"] and _sentences(record)
