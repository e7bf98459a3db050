"""The SaudiNewsNet archive slice that the ``snn-dev`` suites are asked against.

SaudiNewsNet (``corpora/saudinewsnet``: one ZIP of one JSON array a day) is non-commercial:
it is read for benchmarks only, never to train a shipped model. The slice is the last six days
of the corpus (2015-08-06 .. 2015-08-11), the only window in which all 14 outlets publish, thinned
to about 3,000 articles: per outlet, the articles whose URL hash falls in the first ``SHARE`` of
the range, and every article of an outlet with fewer than ``KEEP_ALL`` in the window. The choice
depends on the URLs alone, so the slice is the same on every machine.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["DAYS", "slice_articles", "write_slice"]

#: The six days of the slice (ZIP stems under ``corpora/saudinewsnet``).
DAYS = ("2015-08-06", "2015-08-07", "2015-08-08", "2015-08-09", "2015-08-10", "2015-08-11")
SHARE = 0.24
KEEP_ALL = 400


def _read_day(path: Path) -> list[dict]:
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".json"))
        return json.loads(archive.read(name).decode("utf-8"))


def _fraction(url: str) -> float:
    """Where a URL's hash falls in [0, 1): the slice's stable coin."""
    return int.from_bytes(hashlib.sha1(url.encode("utf-8")).digest()[:8], "big") / 2**64


def article_id(raw: dict) -> str:
    """A stable id: the outlet and a hash of the URL (the corpus has no ids of its own)."""
    digest = hashlib.sha1((raw.get("url") or raw.get("title") or raw.get("content", "")).encode("utf-8")).hexdigest()
    return f"snn-{raw.get('source', 'unknown')}-{digest[:12]}"


def slice_articles(folder: Path) -> Iterator[dict]:
    """The slice's articles as JSONL records (``id``, ``title``, ``text``, ``url``, ``date``, ``source``)."""
    days = [rec for day in DAYS for rec in _read_day(folder / f"{day}.zip")]
    per_outlet: dict[str, int] = {}
    for raw in days:
        per_outlet[raw.get("source", "")] = per_outlet.get(raw.get("source", ""), 0) + 1
    seen: set[str] = set()
    for raw in days:
        small = per_outlet[raw.get("source", "")] < KEEP_ALL
        if not (raw.get("content") or "").strip() or not (small or _fraction(raw.get("url", "")) < SHARE):
            continue
        record = {
            "id": article_id(raw), "title": raw.get("title") or None, "text": raw["content"],
            "url": raw.get("url") or None, "date": raw.get("date_extracted") or None, "source": raw.get("source"),
        }
        if record["id"] not in seen:
            seen.add(record["id"])
            yield record


def write_slice(folder: Path, out: Path) -> Path:
    """Write the slice as JSONL to ``out`` (rewritten only when missing); returns ``out``."""
    if not out.is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for record in slice_articles(folder):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        tmp.replace(out)
    return out
