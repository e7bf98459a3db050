"""What preparing and analysing one article yields: everything a build needs from its text.

An article's :class:`PreparedArticle` depends only on its title and text and on the code that
cleans, splits and analyses them. :func:`content_digest` names that: a hash of the title, the
text and :func:`analysis_key`, which covers ``ANALYZER_VERSION`` and the source of every module
the result depends on, so a code change can never serve a stale result. The lexical context is
not part of it: the cached tokens are each sentence's own, and the context is added afterwards
(:func:`index.parts.context.document_parts`), so changing the context reuses the cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from dataclasses import dataclass
from functools import lru_cache

import orjson
import zstandard

from index.speech.people import Apposition, SpeakerPhrase, find_speakers
from index.text.analyze import ANALYZER_VERSION, analyze
from index.text.articles import Article
from index.text.document import Document, Sentence, prepare_article
from index.text.sentences import Span

__all__ = ["ANALYSIS_MODULES", "PreparedArticle", "analysis_key", "content_digest", "prepare"]

#: The modules whose code decides a :class:`PreparedArticle` (read in :func:`analysis_key`).
ANALYSIS_MODULES = (
    "index.text.normalize",
    "index.text.analyze",
    "index.text.boilerplate",
    "index.text.sentences",
    "index.text.document",
    "index.speech.lexicon",
    "index.speech.titles",
    "index.speech.attribution",
    "index.speech.people",
    "index.build.prepared",
)


@lru_cache(maxsize=1)
def analysis_key() -> str:
    """A short hash of ``ANALYZER_VERSION`` and the source of :data:`ANALYSIS_MODULES`."""
    digest = hashlib.sha1(f"analyzer {ANALYZER_VERSION}".encode())
    for name in ANALYSIS_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:  # pragma: no cover - the package is installed as source
            raise RuntimeError(f"cannot find the source of {name} to key the article cache")
        with open(spec.origin, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:16]


def content_digest(article: Article) -> str:
    """The key of an article's prepared result: its title and text under :func:`analysis_key`."""
    digest = hashlib.sha1(analysis_key().encode())
    # A title of None and an empty title differ: "\x01" cannot start a title read from a file.
    for part in ("\x01" if article.title is None else article.title, article.text):
        digest.update(b"\x00")
        digest.update(part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# Zstandard's (de)compressors may be reused but not shared between threads: one per thread.
_zstd = threading.local()


def _compressor() -> zstandard.ZstdCompressor:
    if not hasattr(_zstd, "compressor"):
        _zstd.compressor = zstandard.ZstdCompressor(level=1)
    return _zstd.compressor


def _decompressor() -> zstandard.ZstdDecompressor:
    if not hasattr(_zstd, "decompressor"):
        _zstd.decompressor = zstandard.ZstdDecompressor()
    return _zstd.decompressor


#: How a sentence's passage is composed for the encoder: the sentence alone, the title before it,
#: the previous sentence before it, or the sentences either side around it.
PASSAGE_COMPOSITIONS = ("sentence", "title", "previous", "window")


@dataclass(frozen=True)
class PreparedArticle:
    """An article cleaned, split and analysed, without its id or metadata.

    Attributes:
        title: The title (the metadata title, else a leading heading), or ``None``.
        sentences: ``(start, end, paragraph, text)`` of each sentence, in order.
        headings: ``(start, end, text)`` of each heading kept apart from the sentences.
        tokens: Each sentence's own analysed tokens (no context).
        title_tokens: The title's analysed tokens.
        appositions: The appositions found in the sentences, in order, analysed.
        phrases: Each sentence's speaker phrase, analysed, or ``None``.
    """

    title: str | None
    sentences: tuple[tuple[int, int, int, str], ...]
    headings: tuple[tuple[int, int, str], ...]
    tokens: tuple[tuple[str, ...], ...]
    title_tokens: tuple[str, ...]
    appositions: tuple[Apposition, ...]
    phrases: tuple[SpeakerPhrase | None, ...]

    @property
    def texts(self) -> list[str]:
        """The sentences' texts."""
        return [s[3] for s in self.sentences]

    def passages(self, composition: str = "sentence") -> list[str]:
        """The texts the encoder embeds, one per sentence, composed as :data:`PASSAGE_COMPOSITIONS` says."""
        texts = self.texts
        if composition == "sentence":
            return texts
        if composition == "title":
            return [f"{self.title}. {t}" for t in texts] if self.title else texts
        if composition == "previous":
            return [f"{texts[i - 1]} {t}" if i else t for i, t in enumerate(texts)]
        if composition == "window":
            return [" ".join(texts[max(i - 1, 0) : i + 2]) for i in range(len(texts))]
        raise ValueError(f"unknown passage composition {composition!r}; choose one of {sorted(PASSAGE_COMPOSITIONS)}")

    @property
    def paragraphs(self) -> list[int]:
        """Each sentence's paragraph number."""
        return [s[2] for s in self.sentences]

    def document(self, article: Article) -> Document:
        """The :class:`Document` the store writes for ``article``."""
        sentences = tuple(
            Sentence(article.id, position, start, end, text, paragraph)
            for position, (start, end, paragraph, text) in enumerate(self.sentences, start=1)
        )
        headings = tuple(Span(start, end, text) for start, end, text in self.headings)
        return Document(article, self.title, sentences, headings)

    def to_bytes(self) -> bytes:
        """A compact encoding for the article cache: JSON (orjson; the named tuples as arrays),
        compressed by Zstandard at level 1.

        A build writes one per new article: at a million sentences (280k articles) the standard
        library's json and zlib took 0.11 ms an article (~30 s of the build's CPU), these 0.04 ms,
        with smaller output (1.18 KB an article on average, against 1.21 KB).
        """
        fields = (self.title, self.sentences, self.headings, self.tokens, self.title_tokens,
                  self.appositions, self.phrases)
        return _compressor().compress(orjson.dumps(fields, default=tuple))

    @classmethod
    def from_bytes(cls, blob: bytes) -> PreparedArticle:
        """Decode :meth:`to_bytes`; raises ``ValueError`` (or ``TypeError``) on anything else."""
        try:
            text = _decompressor().decompress(blob)
        except zstandard.ZstdError as exc:
            raise ValueError(f"not a compressed prepared article: {exc}") from exc
        title, sentences, headings, tokens, title_tokens, appositions, phrases = orjson.loads(text)
        return cls(
            title,
            tuple(tuple(s) for s in sentences),
            tuple(tuple(h) for h in headings),
            tuple(tuple(t) for t in tokens),
            tuple(title_tokens),
            tuple(Apposition.from_row(a) for a in appositions),
            tuple(SpeakerPhrase.from_row(p) if p else None for p in phrases),
        )


def prepare(article: Article) -> PreparedArticle:
    """Clean, split and analyse one article (:func:`index.text.document.prepare_article` and the rest)."""
    doc = prepare_article(article)
    texts = [s.text for s in doc.sentences]
    appositions, phrases = find_speakers(texts)
    return PreparedArticle(
        title=doc.title,
        sentences=tuple((s.start, s.end, s.paragraph, s.text) for s in doc.sentences),
        headings=tuple((h.start, h.end, h.text) for h in doc.headings),
        tokens=tuple(tuple(analyze(t)) for t in texts),
        title_tokens=tuple(analyze(doc.title)) if doc.title else (),
        appositions=tuple(appositions),
        phrases=tuple(phrases),
    )
