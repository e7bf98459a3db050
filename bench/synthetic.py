"""A synthetic news archive of a chosen size, made of real articles (ANT) lightly varied.

Copy 0 is the real articles as they are. Every later copy of an article gets a new id
(``<id>~<copy>``), and its text is varied so that no sentence repeats one of another copy:

- an *id word* (a tatweel and a few Arabic letters naming the copy's article, «ـبجد») is
  put before the final mark of each of its sentences;
- every run of ASCII digits is shifted by the copy number (same width: 2016 → 2019);
- two paragraphs after the first swap places in one copy out of two;
- the date moves by the copy number of days.

The sentence splitter never cuts at the inserted word, so a varied article has the sentences
of the original, each a little changed; :func:`canonical` undoes the changes (for the stand-in
encoder, which gives a varied sentence the vector of the sentence it came from). Everything
is seeded: the same source, size and seed give the same file, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from index.text.articles import Article
from index.text.decode import normalize_newlines
from index.text.document import prepare_article

__all__ = ["Template", "SyntheticArchive", "canonical", "load_templates", "generate", "extra_article"]

GENERATOR_VERSION = 1
_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_TATWEEL = "\u0640"
_ID_WORD = re.compile(f" {_TATWEEL}[{_LETTERS}]+")
_DIGITS = re.compile(r"[0-9]+")
_FINAL = re.compile(r"[.!?؟…]+[»”\"')\]]*$")
#: The copy number of the article added by the incremental-build step: beyond any archive's.
EXTRA_COPY = 999_983


def id_word(serial: int) -> str:
    """The word that marks the sentences of synthetic article ``serial``: « ـ» and letters."""
    letters = ""
    serial += 1
    while serial:
        serial, digit = divmod(serial - 1, len(_LETTERS))
        letters = _LETTERS[digit] + letters
    return f" {_TATWEEL}{letters}"


def canonical(text: str) -> str:
    """A sentence with the variations undone: id words dropped, every digit a zero."""
    return _DIGITS.sub(lambda m: "0" * len(m.group()), _ID_WORD.sub("", text))


@dataclass(frozen=True)
class Template:
    """A real article cut where the id word goes: ``pieces`` joined by it give the varied text."""

    record: dict
    pieces: tuple[str, ...]
    sentences: int


def _template(record: dict) -> Template:
    text = normalize_newlines(record["text"])
    doc = prepare_article(Article(id=record["id"], text=text, title=record.get("title") or None))
    cuts = []
    for sentence in doc.sentences:
        final = _FINAL.search(sentence.text)
        cuts.append(sentence.end - (len(final.group()) if final else 0))
    bounds = [0, *cuts, len(text)]
    pieces = tuple(text[a:b] for a, b in zip(bounds, bounds[1:]))
    return Template({**record, "text": text}, pieces, len(doc.sentences))


def load_templates(source: Path) -> list[Template]:
    """Every article of a JSONL corpus with its cut points, in file order."""
    with source.open(encoding="utf-8") as handle:
        return [_template(json.loads(line)) for line in handle if line.strip()]


def _shift_digits(text: str, copy: int) -> str:
    def shift(match: re.Match[str]) -> str:
        digits = match.group()
        return str((int(digits) + copy) % 10 ** len(digits)).zfill(len(digits))

    return _DIGITS.sub(shift, text)


def _swap_paragraphs(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if line.strip()][1:]
    if len(body) >= 2 and rng.random() < 0.5:
        a, b = rng.sample(body, 2)
        lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def _shift_date(date: str | None, copy: int) -> str | None:
    try:
        return (datetime.fromisoformat(date) + timedelta(days=copy)).isoformat() if date else date
    except ValueError:
        return date


def vary(template: Template, copy: int, serial: int, rng: random.Random) -> dict:
    """Copy ``copy`` of an article (``serial`` names its id word); copy 0 is the article itself."""
    record = template.record
    if copy == 0:
        return record
    text = _swap_paragraphs(_shift_digits(id_word(serial).join(template.pieces), copy), rng)
    title = _shift_digits(record["title"], copy) if record.get("title") else record.get("title")
    return {**record, "id": f"{record['id']}~{copy}", "text": text, "title": title,
            "date": _shift_date(record.get("date"), copy)}


def _records(templates: list[Template], target: int, seed: int) -> Iterator[tuple[dict, int]]:
    """Articles with their sentence counts until ``target`` sentences: copy 0 in file order, then shuffled copies."""
    total = serial = copy = 0
    while total < target:
        order = list(range(len(templates)))
        rng = random.Random(f"{seed}:{copy}")
        if copy:
            rng.shuffle(order)
        for i in order:
            if total >= target:
                return
            yield vary(templates[i], copy, serial, rng), templates[i].sentences
            total += templates[i].sentences
            serial += 1
        copy += 1


@dataclass(frozen=True)
class SyntheticArchive:
    """A generated archive file and what it holds (sentences as the splitter cut the originals)."""

    path: Path
    target: int
    seed: int
    articles: int
    sentences: int
    copies: int
    source: str


def _fingerprint(source: Path, target: int, seed: int) -> str:
    stat = source.stat()
    raw = f"{GENERATOR_VERSION}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{target}|{seed}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def generate(source: Path, out: Path, target: int, seed: int = 0,
             templates: list[Template] | None = None) -> SyntheticArchive:
    """Write an archive of about ``target`` sentences to ``out`` (reused when already made alike)."""
    meta_path = out.with_suffix(".meta.json")
    fingerprint = _fingerprint(source, target, seed)
    if out.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.pop("fingerprint", None) == fingerprint:
            return SyntheticArchive(**{**meta, "path": out})
    templates = templates if templates is not None else load_templates(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    articles = sentences = 0
    ids: set[str] = set()
    with out.open("w", encoding="utf-8") as handle:
        for record, count in _records(templates, target, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            articles, sentences = articles + 1, sentences + count
            ids.add(record["id"].rpartition("~")[2] if "~" in record["id"] else "0")
    archive = SyntheticArchive(out, target, seed, articles, sentences, len(ids), str(source))
    meta_path.write_text(json.dumps({**asdict(archive), "path": str(out), "fingerprint": fingerprint}), encoding="utf-8")
    return archive


def extra_article(templates: list[Template], out: Path, seed: int = 0) -> Path:
    """One new article for the incremental build (a copy no archive holds), written to ``out``."""
    rng = random.Random(f"{seed}:extra")
    template = rng.choice([t for t in templates if t.sentences >= 3])
    record = vary(template, EXTRA_COPY, EXTRA_COPY, rng)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
