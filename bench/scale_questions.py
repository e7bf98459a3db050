"""The fixed question set of the scale benchmark: real Arabic questions, speaker questions apart.

- the ANT development questions (``bench/ant-dev.jsonl``; Arabic, with a few English and French);
- the seed development questions (``../shared/eval/seeds-dev.jsonl``), when present;
- «ماذا قال/أكد/أعلن X؟» for the people who speak most in the real articles of a built
  synthetic archive (copy 0, so every size asks about the same people), named by the
  two-word name the index learnt for them («ابراهيم كالين»).

Each question is tagged ``speaker`` or ``other`` by the product's own question model.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from index.parts.layout import PEOPLE_NAME, STORE_NAME
from index.speech.lexicon import TITLE_WORDS
from index.speech.people import surname_key
from index.speech.titles import split_name_title
from retrieval.question.understand import question_kind

__all__ = ["BenchQuestion", "question_set", "speaker_names", "load_questions", "save_questions"]

ROOT = Path(__file__).resolve().parents[1]
SPEAKER_VERBS = ("قال", "أكد", "أعلن")
_ARABIC_WORDS = re.compile(r"^[\u0621-\u064a]{3,} [\u0621-\u064a]{3,}$")
#: A name is taken when at least this many of a speaker's aliases give it beside a title.
MIN_ALIASES = 4
#: Words of a speaker phrase that are not part of a name: «باسم» (on behalf of), a preposition before «ال».
_NOT_NAME = re.compile(r"^(?:باسم|عام|ذاته|نفسه|ايضا)$|^(?:بال|لل|وال|كال|فال)")


@dataclass(frozen=True)
class BenchQuestion:
    """One question: its text, where it comes from, and ``speaker`` or ``other``."""

    q: str
    source: str
    kind: str


def _tagged(text: str, source: str) -> BenchQuestion:
    return BenchQuestion(text, source, "speaker" if question_kind(text) == "speaker" else "other")


def _jsonl_questions(path: Path, source: str) -> list[BenchQuestion]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [_tagged(json.loads(line)["q"], source) for line in handle if line.strip()]


def _is_name(name: str, key: str) -> bool:
    words = name.split()
    return bool(_ARABIC_WORDS.match(name)) and surname_key(name) == key and not any(
        _NOT_NAME.match(w) for w in words) and not words[0].startswith("ال")


def _name_for(key: str, aliases: list[str]) -> str | None:
    """A person's name among a speaker's aliases: two words that four aliases give beside a title.

    «الامين العام للحزب الجمهوري عصام الشابي» names «عصام الشابي»; an alias with no title
    («اتحاد شركات») is not taken for a name, nor «باسم الشركه» of «متحدث باسم الشركه».
    """
    seen: Counter[str] = Counter()
    for alias in aliases:
        name, title = split_name_title(alias)
        if title and title.split()[0] in TITLE_WORDS and _is_name(name, key):
            seen[name] += 1
    named = [n for n, times in seen.items() if times >= MIN_ALIASES]
    return min(named, key=lambda n: (-seen[n], n)) if named else None


def speaker_names(index_dir: Path, count: int = 20) -> list[str]:
    """The names of the ``count`` people with most statements in the index's real (copy 0) articles."""
    real = Path(index_dir).resolve()
    people = json.loads((real / PEOPLE_NAME).read_text(encoding="utf-8"))
    with sqlite3.connect(f"{(real / STORE_NAME).as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT speaker, COUNT(*) AS n FROM sentences WHERE speaker IS NOT NULL AND speaker NOT LIKE 'role:%' "
            "AND article_id NOT LIKE '%~%' GROUP BY speaker ORDER BY n DESC, speaker LIMIT 2000"
        ).fetchall()
    names = []
    for key, _ in rows:
        name = _name_for(key, people.get(key, []))
        if name and name not in names:
            names.append(name)
        if len(names) == count:
            break
    return names


def question_set(index_dir: Path, shared: Path, speakers: int = 20) -> list[BenchQuestion]:
    """Development questions, seed questions, then speaker questions about the archive's people."""
    asked = [f"ماذا {SPEAKER_VERBS[i % len(SPEAKER_VERBS)]} {name}؟" for i, name in enumerate(speaker_names(index_dir, speakers))]
    return [
        *_jsonl_questions(ROOT / "bench" / "ant-dev.jsonl", "ant-dev"),
        *_jsonl_questions(shared / "eval" / "seeds-dev.jsonl", "seeds-dev"),
        *(_tagged(q, "speakers") for q in asked),
        *_dated_questions(ROOT / "bench" / "dated-dev.jsonl"),
    ]


def _dated_questions(path: Path) -> list[BenchQuestion]:
    """The ANT questions of the dated set (a period, or the newest first), timed as kind ``dated``."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [BenchQuestion(r["q"], "dated-dev", "dated") for r in rows if r.get("corpus") == "ant"]


def save_questions(questions: list[BenchQuestion], path: Path) -> None:
    """Write the set as JSONL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(asdict(q), ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")


def load_questions(path: Path) -> list[BenchQuestion]:
    """Read a set written by :func:`save_questions`."""
    with path.open(encoding="utf-8") as handle:
        return [BenchQuestion(**json.loads(line)) for line in handle if line.strip()]
