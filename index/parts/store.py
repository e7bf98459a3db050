"""The SQLite store of articles, sentences and headings.

Sentence ids (``sid``) are contiguous from 0 in build order: they are the FAISS ids and
the BM25 document positions, so one id names a sentence in all three parts of an index.
A build writes a new store, or a copy of the previous build's patched in place (articles
deleted and added, later sentences' ids moved); the query side opens it read-only.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import IndexDamaged, IndexNotFound
from index.text.dates import DATELINE_SPAN, Published, parse_published
from index.text.document import Document

__all__ = ["IN_CHUNK", "StoredArticle", "StoredSentence", "SentenceStore", "select_in"]

_SENTENCES_TABLE = """
CREATE TABLE {name} (
    sid INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    paragraph INTEGER NOT NULL, text TEXT NOT NULL, speaker TEXT
);
"""
_SENTENCE_INDEXES = """
CREATE UNIQUE INDEX sentences_by_article ON sentences(article_id, position);
CREATE INDEX sentences_by_speaker ON sentences(speaker);
"""
_SCHEMA = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY, title TEXT, url TEXT, date TEXT, source TEXT, origin TEXT,
    text TEXT NOT NULL, sentence_count INTEGER NOT NULL, published TEXT
);
""" + _SENTENCES_TABLE.format(name="sentences") + _SENTENCE_INDEXES + """
CREATE TABLE headings (
    article_id TEXT NOT NULL REFERENCES articles(id), start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX headings_by_article ON headings(article_id);
"""
_SENTENCE_COLUMNS = 'sid, article_id, position, start, "end", paragraph, text'
_ARTICLE_COLUMNS = "id, title, url, date, source, origin, sentence_count, published"
# SQLite's default limit on bound parameters is 999 in older builds.
IN_CHUNK = 900


def _published(date: str | None, url: str | None, text: str | None) -> str | None:
    found = parse_published(date, url, text)
    return found.iso if found is not None else None


def select_in(execute: Callable[[str, Sequence[object]], Iterable[tuple]], sql: str,
              keys: Sequence[object]) -> Iterator[tuple]:
    """The rows of ``sql`` for every key, whose ``{marks}`` is the ``IN`` list: ``IN_CHUNK`` keys a statement."""
    for start in range(0, len(keys), IN_CHUNK):
        chunk = list(keys[start : start + IN_CHUNK])
        yield from execute(sql.format(marks=",".join("?" * len(chunk))), chunk)


@dataclass(frozen=True)
class StoredSentence:
    """A sentence as the store holds it."""

    sid: int
    article_id: str
    position: int
    start: int
    end: int
    paragraph: int
    text: str


@dataclass(frozen=True)
class StoredArticle:
    """An article's metadata as the store holds it (the text is fetched on demand)."""

    id: str
    title: str | None
    url: str | None
    date: str | None
    source: str | None
    origin: str | None
    sentence_count: int
    #: The publication date parsed (:class:`index.text.dates.Published`'s ``iso``: its length is its precision).
    published: str | None = None


class SentenceStore:
    """Read and write access to one index's ``store.sqlite``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn = conn
        self._path = path
        self._lock = threading.Lock()
        self._next_sid = 0
        self._columns: list[str] | None = None

    @classmethod
    def create(cls, path: Path) -> SentenceStore:
        """Create an empty store at ``path`` (which must not exist)."""
        conn = sqlite3.connect(path)
        conn.executescript(_SCHEMA)
        return cls(conn)

    @classmethod
    def copy_of(cls, source: Path, path: Path) -> SentenceStore:
        """A writable copy at ``path`` of the store at ``source`` (which is left untouched); a store from
        before publication dates gets them."""
        shutil.copyfile(source, path)
        store = cls(sqlite3.connect(path))
        if "published" not in store._article_columns():
            store._conn.execute("ALTER TABLE articles ADD COLUMN published TEXT")
            store._columns = None
            rows = store._conn.execute(f"SELECT url, date, substr(text, 1, {DATELINE_SPAN}), id FROM articles").fetchall()
            store._conn.executemany("UPDATE articles SET published = ? WHERE id = ?",
                                    [(_published(date, url, head), i) for url, date, head, i in rows])
        return store

    def _article_columns(self) -> list[str]:
        if self._columns is None:
            self._columns = [row[1] for row in self._query("PRAGMA table_info(articles)")]
        return self._columns

    @classmethod
    def open_readonly(cls, path: Path) -> SentenceStore:
        """Open an existing store for queries; safe to share between threads."""
        if not path.is_file():
            raise IndexNotFound(f"no sentence store at {path}")
        # A URI, so the path must be percent-encoded: «#», «?» and «%» in a folder name would
        # otherwise end the path early (and SQLite would create stray files beside it).
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return cls(conn, path)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def add_document(self, doc: Document, first_sid: int | None = None) -> list[int]:
        """Store an article with its sentences and headings; return the new sentence ids.

        Ids follow the last article added, or start at ``first_sid`` when given.
        """
        if first_sid is not None:
            self._next_sid = first_sid
        a = doc.article
        self._conn.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (a.id, doc.title, a.url, a.date, a.source, a.origin, a.text, len(doc.sentences),
             _published(a.date, a.url, a.text)),
        )
        sids = list(range(self._next_sid, self._next_sid + len(doc.sentences)))
        self._next_sid += len(sids)
        self._conn.executemany(
            f"INSERT INTO sentences ({_SENTENCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(sid, s.article_id, s.position, s.start, s.end, s.paragraph, s.text) for sid, s in zip(sids, doc.sentences)],
        )
        self._conn.executemany(
            'INSERT INTO headings (article_id, start, "end", text) VALUES (?, ?, ?, ?)',
            [(a.id, h.start, h.end, h.text) for h in doc.headings],
        )
        return sids

    def set_speakers(self, keys: dict[int, str | None]) -> None:
        """Record the speaker key of sentences (see :mod:`index.speech.people`); ``None`` clears it."""
        self._conn.executemany("UPDATE sentences SET speaker = ? WHERE sid = ?", [(k, sid) for sid, k in keys.items()])

    def speakers(self) -> dict[int, str]:
        """The speaker key of every sentence that has one."""
        return dict(self._query("SELECT sid, speaker FROM sentences WHERE speaker IS NOT NULL"))

    def delete_articles(self, ids: Sequence[str]) -> None:
        """Remove articles with their sentences and headings."""
        rows = [(i,) for i in ids]
        for table, column in (("sentences", "article_id"), ("headings", "article_id"), ("articles", "id")):
            self._conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", rows)

    def move_sentences(self, shifts: dict[str, int]) -> None:
        """Add ``shifts[article_id]`` to the sids of each listed article's sentences.

        When a quarter of the sentences or more move, the table is copied in the new order
        (three times cheaper than moving every row in place); otherwise the rows move in
        two passes through negative ids, so that no moved sentence ever meets another's id.
        """
        if not shifts:
            return
        conn = self._conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS shift (id TEXT PRIMARY KEY, delta INTEGER NOT NULL)")
        conn.execute("DELETE FROM shift")
        conn.executemany("INSERT INTO shift VALUES (?, ?)", list(shifts.items()))
        moving = conn.execute("SELECT COUNT(*) FROM sentences JOIN shift ON sentences.article_id = shift.id").fetchone()[0]
        if moving * 4 < self.count_sentences():
            conn.execute("UPDATE sentences SET sid = -1 - (sid + shift.delta) FROM shift WHERE sentences.article_id = shift.id")
            conn.execute("UPDATE sentences SET sid = -1 - sid WHERE sid < 0")
            return
        conn.execute("DROP INDEX sentences_by_article")
        conn.execute("DROP INDEX sentences_by_speaker")
        conn.execute(_SENTENCES_TABLE.format(name="moved"))
        conn.execute(
            'INSERT INTO moved SELECT s.sid + COALESCE(m.delta, 0), s.article_id, s.position, s.start, s."end", '
            "s.paragraph, s.text, s.speaker FROM sentences s LEFT JOIN shift m ON s.article_id = m.id ORDER BY 1"
        )
        conn.execute("DROP TABLE sentences")
        conn.execute("ALTER TABLE moved RENAME TO sentences")
        conn.executescript(_SENTENCE_INDEXES)

    def update_sources(self, rows: Sequence[tuple[str | None, str | None, str | None, str, str]]) -> None:
        """Set ``(url, date, source, origin)`` of articles, given as ``(url, date, source, origin, id)``,
        and their publication dates again."""
        heads = dict(select_in(self._conn.execute, f"SELECT id, substr(text, 1, {DATELINE_SPAN}) FROM articles "
                               "WHERE id IN ({marks})", [row[4] for row in rows]))
        self._conn.executemany(
            "UPDATE articles SET url = ?, date = ?, source = ?, origin = ?, published = ? WHERE id = ?",
            [(url, date, source, origin, _published(date, url, heads.get(i)), i) for url, date, source, origin, i in rows],
        )

    def statements(self, speakers: Sequence[str], limit: int = 500) -> list[StoredSentence]:
        """Sentences spoken by any of ``speakers``, in article and sentence order."""
        keys = list(dict.fromkeys(speakers))[:IN_CHUNK]
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._query(
            f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE speaker IN ({marks}) ORDER BY sid LIMIT ?",
            (*keys, limit),
        )
        return [StoredSentence(*row) for row in rows]

    def commit(self) -> None:
        """Commit pending writes."""
        self._conn.commit()

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:  # "database disk image is malformed" and kin
                raise IndexDamaged(f"the sentence store {self._path or ''} is damaged ({exc})") from exc

    def count_sentences(self) -> int:
        """How many sentences the store holds."""
        return int(self._query("SELECT COUNT(*) FROM sentences")[0][0])

    def count_articles(self) -> int:
        """How many articles the store holds."""
        return int(self._query("SELECT COUNT(*) FROM articles")[0][0])

    def sentences(self, sids: Sequence[int]) -> dict[int, StoredSentence]:
        """Fetch sentences by id; ids not in the store are absent from the result."""
        rows = select_in(self._query, f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE sid IN ({{marks}})",
                         [int(s) for s in sids])
        return {row[0]: StoredSentence(*row) for row in rows}

    def neighbours(self, article_id: str, position: int, radius: int) -> list[StoredSentence]:
        """The sentences of an article within ``radius`` positions of ``position``, in order."""
        rows = self._query(
            f"SELECT {_SENTENCE_COLUMNS} FROM sentences WHERE article_id = ? AND position BETWEEN ? AND ? "
            "ORDER BY position",
            (article_id, position - radius, position + radius),
        )
        return [StoredSentence(*row) for row in rows]

    def articles(self, ids: Sequence[str]) -> dict[str, StoredArticle]:
        """Fetch article metadata by id."""
        columns = _ARTICLE_COLUMNS if "published" in self._article_columns() else _ARTICLE_COLUMNS.replace(
            "published", "NULL")  # a store from before publication dates
        rows = select_in(self._query, f"SELECT {columns} FROM articles WHERE id IN ({{marks}})",
                         list(dict.fromkeys(ids)))
        return {row[0]: StoredArticle(*row) for row in rows}

    def date_range(self) -> tuple[str | None, str | None]:
        """The earliest and latest publication dates, where articles have one (``iso`` forms)."""
        if "published" not in self._article_columns():
            return None, None
        row = self._query("SELECT MIN(published), MAX(published) FROM articles WHERE published IS NOT NULL")[0]
        return row[0], row[1]

    def count_undated(self) -> int:
        """How many articles have no publication date (none in their metadata, URL or dateline)."""
        if "published" not in self._article_columns():
            return self.count_articles()
        return int(self._query("SELECT COUNT(*) FROM articles WHERE published IS NULL")[0][0])

    def sentence_periods(self) -> tuple[np.ndarray, np.ndarray]:
        """Each sentence's publication period as proleptic ordinals (first day, last day), by sid; an
        article without a date gives its sentences ``(0, -1)``, which no period overlaps."""
        count = self.count_sentences()
        first, last = np.zeros(count, dtype=np.int32), np.full(count, -1, dtype=np.int32)
        for sid, n, text in self._article_spans("published"):
            period = Published.from_iso(text)
            if period is not None:
                first[sid : sid + n], last[sid : sid + n] = period.start.toordinal(), period.end.toordinal()
        return first, last

    def sentence_sources(self) -> tuple[np.ndarray, list[str]]:
        """Each sentence's outlet as an index into the list of the store's sources (-1: none), by sid."""
        codes = np.full(self.count_sentences(), -1, dtype=np.int32)
        sources: dict[str, int] = {}
        for sid, n, source in self._article_spans("source"):
            codes[sid : sid + n] = sources.setdefault(source, len(sources))
        return codes, list(sources)

    def outlets(self) -> list[tuple[str, int, str | None, str | None]]:
        """Each source with its article count and its first and last publication dates, the largest first."""
        dates = "MIN(published), MAX(published)" if "published" in self._article_columns() else "NULL, NULL"
        return [tuple(row) for row in self._query(  # type: ignore[misc]
            f"SELECT source, COUNT(*), {dates} FROM articles WHERE source IS NOT NULL GROUP BY source "
            "ORDER BY COUNT(*) DESC, source")]

    def _article_spans(self, column: str) -> list[tuple[int, int, str]]:
        """``(first sid, sentence count, value)`` of each article whose ``column`` is set."""
        if column not in self._article_columns():
            return []
        return self._query(f"SELECT s.sid, a.sentence_count, a.{column} FROM articles a JOIN sentences s "
                           f"ON s.article_id = a.id AND s.position = 1 WHERE a.{column} IS NOT NULL")
