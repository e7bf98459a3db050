"""A small corpus and a change to it that touches every part an incremental build patches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import SEEDS

__all__ = ["KERRY", "change_corpus", "make_corpus"]

TITLE_ONLY = "تصريحات روسية\n\nوقال وزير الخارجية الروسي إن الحل في سوريا سياسي.\nوأضاف أن المحادثات ستستمر.\n"
NAMED = "وقال وزير الخارجية الروسي سيرغي لافروف إن موسكو تدعم الهدنة في حلب.\n"
KERRY = "ولم يتحدث كيري صراحة عن فشل. وقال كيري إن المحادثات في جنيف كانت صعبة.\n"
RECORDS = [
    {"id": "j1", "title": "هدنة حلب", "text": "قال المتحدث إن الاجتماع في الدوحة انتهى.", "url": "https://example.org/j1"},
    {"id": "j2", "text": "أعلن وزير الخارجية الأمريكي جون كيري أن الهدنة صامدة.\nوقال إن واشنطن تراقب.",
     "url": "https://example.org/j2"},
    {"id": "j3", "text": "ارتفعت أسعار النفط في الأسواق العالمية اليوم.", "date": "2016-02-01"},
]


def _write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def make_corpus(folder: Path) -> Path:
    """The seeds, an article with a title-only speaker and a JSONL file, in ``folder``."""
    shutil.copytree(SEEDS, folder)
    (folder / "010_russia.txt").write_text(TITLE_ONLY, encoding="utf-8")
    _write_jsonl(folder / "wire.jsonl", RECORDS)
    return folder


def change_corpus(folder: Path) -> None:
    """Add, change and remove articles, and move the ones after them."""
    (folder / "002a_kerry.txt").write_text(KERRY, encoding="utf-8")  # mid-folder: later sids move
    seed = folder / "001_19e06f0813bb1063.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nوأضاف المرصد أن القصف استمر حتى المساء.\n", encoding="utf-8")
    (folder / "003_0afe021c5c0a8f5f.txt").unlink()
    (folder / "011_lavrov.txt").write_text(NAMED, encoding="utf-8")  # re-keys 010's title-only speaker
    records = [dict(RECORDS[0])] + [dict(r) for r in RECORDS[1:]]
    records[1]["url"] = "https://example.org/j2-moved"
    _write_jsonl(folder / "wire.jsonl", [{"id": "j0", "text": "وصل الوفد إلى جنيف صباح اليوم."}, *records])
