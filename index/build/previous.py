"""The build an index directory serves now, as the next build reuses it.

Each build keeps, in its ``reuse/`` folder (:data:`index.parts.layout.REUSE_NAME`), what the next
build needs to copy it instead of redoing it: every article's id, content digest, sentence
count, sources and speaker findings, in sentence-id order (:class:`ArticleRecord`), and the BM25
term counts (:mod:`index.parts.termcounts`). Its store and FAISS index are read from the build itself.

A previous build is reused only when it was made by the same analysing code, lexical context
and embedding model (:func:`find_previous`); otherwise the next build starts afresh, still
reading prepared articles and embeddings from the caches.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

from index.build.prepared import analysis_key
from index.encoder.checksums import damaged_files
from index.encoder.embed import ModelInfo
from index.errors import IndexError_
from index.parts.context import LexicalContext
from index.parts.layout import (
    DENSE_NAME,
    REUSE_ARTICLES_NAME,
    REUSE_COUNTS_NAME,
    REUSE_NAME,
    STORE_NAME,
)
from index.parts.manifest import Manifest, read_manifest
from index.parts.termcounts import TermCounts
from index.parts.vectors import VectorIndex
from index.speech.people import Apposition, SpeakerPhrase

__all__ = ["ArticleRecord", "PreviousBuild", "Sources", "find_previous", "sources_key", "write_records"]

logger = logging.getLogger(__name__)

#: Where an article came from and what it links to: ``(url, date, source, origin)``.
Sources = tuple[str | None, str | None, str | None, str]
#: The layout of ``reuse/articles.json``; a build whose file has another is not reused.
RECORDS_FORMAT = 1


def sources_key(sources: Sources) -> str:
    """A short hash of an article's sources: the record keeps this, not the (long) URLs and paths."""
    joined = "\x1f".join("\x01" if part is None else part for part in sources)
    return hashlib.sha1(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class ArticleRecord(NamedTuple):
    """One article of a build, as the next build sees it (a named tuple: a build reads one per article).

    Attributes:
        id: The article id.
        digest: :func:`index.build.prepared.content_digest` of the article.
        sentences: How many sentences it has (its sids follow the previous article's).
        sources: :func:`sources_key` of its ``(url, date, source, origin)`` as stored.
        appositions: The appositions the speaker finder found, in order.
        phrases: ``(position - 1, phrase)`` of each sentence with a speaker phrase.
    """

    id: str
    digest: str
    sentences: int
    sources: str
    appositions: tuple[Apposition, ...]
    phrases: tuple[tuple[int, SpeakerPhrase], ...]

    def phrase_list(self) -> list[SpeakerPhrase | None]:
        """Each sentence's speaker phrase, or ``None``."""
        out: list[SpeakerPhrase | None] = [None] * self.sentences
        for i, phrase in self.phrases:
            out[i] = phrase
        return out


def write_records(directory: Path, records: list[ArticleRecord]) -> None:
    """Write the articles of a build into its ``reuse/`` folder."""
    folder = directory / REUSE_NAME
    folder.mkdir(exist_ok=True)
    payload = {"format": RECORDS_FORMAT, "articles": [list(r) for r in records]}
    (folder / REUSE_ARTICLES_NAME).write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                                              encoding="utf-8")


def _read_records(folder: Path) -> list[ArticleRecord]:
    payload = json.loads((folder / REUSE_ARTICLES_NAME).read_text(encoding="utf-8"))
    if not isinstance(payload, dict) or payload.get("format") != RECORDS_FORMAT:
        raise ValueError(f"its article list is not in format {RECORDS_FORMAT}")
    return [
        ArticleRecord(i, d, n, s, tuple(Apposition.from_row(a) for a in app),
                      tuple((int(p), SpeakerPhrase.from_row(t)) for p, t in phr))
        for i, d, n, s, app, phr in payload["articles"]
    ]


@dataclass
class PreviousBuild:
    """A finished build that the next one copies from."""

    directory: Path
    manifest: Manifest
    articles: list[ArticleRecord]

    def __post_init__(self) -> None:
        self.first_sids: list[int] = []
        sid = 0
        for record in self.articles:
            self.first_sids.append(sid)
            sid += record.sentences
        self.sentences = sid
        self.by_id = {record.id: i for i, record in enumerate(self.articles)}

    @property
    def store_path(self) -> Path:
        """Its sentence store (copied, never written)."""
        return self.directory / STORE_NAME

    def counts(self) -> TermCounts:
        """Its BM25 term counts (memory-mapped)."""
        return TermCounts.load(self.directory / REUSE_NAME / REUSE_COUNTS_NAME)

    def vectors(self) -> VectorIndex:
        """Its FAISS index."""
        return VectorIndex.load(self.directory / DENSE_NAME)


def find_previous(index_dir: Path, model: ModelInfo, context: LexicalContext,
                  passage: str = "sentence") -> tuple[PreviousBuild | None, str]:
    """The build ``index_dir`` serves, when the next build can reuse it; else ``None`` and why not."""
    if not index_dir.is_symlink():
        return None, "no previous build"
    directory = index_dir.resolve()
    try:
        manifest = read_manifest(directory, index_dir)
    except IndexError_ as exc:
        return None, f"the previous build's manifest is unreadable ({exc})"
    if manifest.analysis_key != analysis_key():
        return None, "the previous build was analysed by other code"
    if manifest.lexical_context != asdict(context):
        return None, "the previous build used another lexical context"
    if manifest.passage != passage:
        return None, f"the previous build embedded passages composed as {manifest.passage!r}"
    if manifest.model.cache_key() != model.cache_key():
        return None, f"the previous build was embedded by {manifest.model.name}"
    if damage := damaged_files(directory, manifest.parts):
        name, why = next(iter(damage.items()))
        logger.warning("The previous build's %s: %s: building from scratch, from the caches", name, why)
        return None, f"the previous build's {name} is damaged ({why})"
    folder = directory / REUSE_NAME
    try:
        articles = _read_records(folder)
    except (OSError, ValueError, TypeError) as exc:
        return None, f"the previous build keeps nothing to reuse ({type(exc).__name__}: {exc})"
    previous = PreviousBuild(directory, manifest, articles)
    if previous.sentences != manifest.sentences:
        return None, "the previous build's article list does not match its manifest"
    damage = _counts_damage(previous)
    if damage:
        logger.warning("The previous build's %s/ is damaged (%s): building from scratch, from the caches", REUSE_NAME,
                       damage)
        return None, f"the previous build's {REUSE_NAME}/ is damaged ({damage})"
    return previous, f"reusing {directory.name}"


def _counts_damage(previous: PreviousBuild) -> str:
    """Why the previous build's BM25 term counts cannot be copied, or ``""`` when they can.

    Checked before the build relies on them: shapes, offsets and token ids must agree with each
    other and with the article list, so a damaged file costs a full build, never a failed one.
    """
    try:
        counts = previous.counts()
        indptr, tokens = counts.indptr, counts.tokens
        if len(indptr) != previous.sentences + 1 or int(indptr[0]) != 0:
            return f"{len(indptr) - 1} rows of term counts for {previous.sentences} sentences"
        if int(indptr[-1]) != len(tokens) or len(tokens) != len(counts.counts):
            return "the term counts' offsets do not match their tokens"
        if len(indptr) > 1 and bool((indptr[1:] < indptr[:-1]).any()):
            return "the term counts' offsets go backwards"
        if len(tokens) and not 0 <= int(tokens.min()) <= int(tokens.max()) < len(counts.vocab):
            return "the term counts name tokens outside their vocabulary"
        if len(counts.lengths) != previous.sentences or (len(tokens) and int(counts.counts.min()) < 0):
            return "the term counts' lengths or counts are out of shape"
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""
