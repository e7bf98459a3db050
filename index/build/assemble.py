"""The parts of a build, each assembled from the previous build's where it can: store, people, BM25, vectors.

Called by :mod:`index.build.run` in this order, each under its stage of the build's
:class:`~index.build.timing.StageTimer`; the previous build's parts are copied for the articles
:mod:`index.build.plan` marked *copied*, and only the new articles' are computed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from index.build.caches import EmbeddingCache
from index.build.options import BuildOptions
from index.build.plan import BuildPlan
from index.build.previous import PreviousBuild
from index.build.timing import StageTimer
from index.encoder.embed import Encoder
from index.parts.context import LexicalContext, document_parts
from index.parts.layout import (
    DENSE_NAME,
    LEXICAL_NAME,
    PEOPLE_NAME,
    REUSE_COUNTS_NAME,
    REUSE_NAME,
    STORE_NAME,
)
from index.parts.lexical import LexicalIndex
from index.parts.store import SentenceStore
from index.parts.termcounts import CountsAssembler, TermCounts
from index.parts.vectors import VectorIndex
from index.speech.people import PeopleRegistry

__all__ = ["PartsWritten", "assemble_counts", "assemble_vectors", "embed_new", "learn_people", "write_parts",
           "write_store"]

_EMBED_CHUNK = 4096
#: Embeddings reach the cache on disk at least this often (and after every chunk): a killed
#: build loses at most this much encoder work, and a fast encoder does not wait on commits.
_COMMIT_SECONDS = 10.0
#: Vectors copied from the previous build per FAISS call.
_COPY_CHUNK = 65536


@dataclass(frozen=True)
class PartsWritten:
    """What writing the parts leaves for the manifest: the FAISS index's kind, and the embeddings' origin."""

    dense_index: str
    embeddings_reused: int
    embeddings_computed: int


def write_store(path: Path, plan: BuildPlan, previous: PreviousBuild | None) -> SentenceStore:
    """The new store: a patched copy of the previous build's, or a new one."""
    if previous is None:
        store = SentenceStore.create(path)
    else:
        store = SentenceStore.copy_of(previous.store_path, path)
        copied = plan.copied
        store.delete_articles(plan.removed)
        store.move_sentences({a.id: a.sid - a.previous_sid for a in copied if a.sid != a.previous_sid})
        store.update_sources([(*a.sources, a.id) for a in copied if a.sources_changed])
    for a in plan.new:
        store.add_document(a.prepared.document(a.article), first_sid=a.sid)
    return store


def learn_people(plan: BuildPlan, store: SentenceStore) -> PeopleRegistry:
    """Replay every article's speaker findings in order; record the speaker keys that changed."""
    people = PeopleRegistry()
    keys: dict[int, str] = {}
    for a in plan.articles:
        sids = range(a.sid, a.sid + a.sentences)
        if a.copied is not None:
            keys.update(people.learn(sids, a.copied.appositions, a.copied.phrase_list()))
        else:
            keys.update(people.learn(sids, a.prepared.appositions, a.prepared.phrases))
    keys.update(people.resolve_pending())
    stored = store.speakers()
    changes: dict[int, str | None] = {sid: key for sid, key in keys.items() if stored.get(sid) != key}
    changes.update({sid: None for sid in stored if sid not in keys})
    store.set_speakers(changes)
    return people


def assemble_counts(plan: BuildPlan, previous: PreviousBuild | None, context: LexicalContext) -> TermCounts:
    """The BM25 term counts: the previous build's rows for copied articles, new rows for the rest."""
    assembler = CountsAssembler(previous.counts() if previous is not None else None)
    pending: list[int] | None = None  # previous rows [start, stop) still to copy
    for a in plan.articles:
        if a.copied is not None:
            if pending is not None and pending[1] == a.previous_sid:
                pending[1] += a.sentences
                continue
            if pending is not None:
                assembler.copy_rows(*pending)
            pending = [a.previous_sid, a.previous_sid + a.sentences]
            continue
        if pending is not None:
            assembler.copy_rows(*pending)
            pending = None
        prepared = a.prepared
        parts = [assembler.ids(tokens) for tokens in prepared.tokens]
        title = assembler.ids(prepared.title_tokens) if context.title_weight else []
        parts.append(title)
        assembler.add_documents(parts, document_parts(prepared.paragraphs, bool(title), context))
    if pending is not None:
        assembler.copy_rows(*pending)
    return assembler.finish()


def embed_new(
    texts: list[str],
    encoder: Encoder,
    cache: EmbeddingCache,
    *,
    use_cache: bool,
    batch_size: int,
    progress: bool,
    timer: StageTimer,
) -> tuple[np.ndarray, int, int]:
    """Vectors for ``texts`` (row i for ``texts[i]``) from the cache or the encoder; and how many of each.

    A text repeated within a chunk (an agency sentence in many articles) is encoded once; its copies
    count as reused.
    """
    out = np.zeros((len(texts), encoder.info.dimension), dtype=np.float32)
    reused = computed = 0
    committed = time.monotonic()
    with tqdm(total=len(texts), desc="embedding", unit="sent", disable=not progress, leave=False) as bar:
        for offset in range(0, len(texts), _EMBED_CHUNK):
            chunk = texts[offset : offset + _EMBED_CHUNK]
            with timer("cache"):
                found = cache.get_many(chunk) if use_cache else {}
            for i, vec in found.items():
                out[offset + i] = vec
            bar.update(len(found))
            rows: dict[str, list[int]] = {}  # each missing text and the rows it fills
            for i in range(len(chunk)):
                if i not in found:
                    rows.setdefault(chunk[i], []).append(offset + i)
            # Similar lengths in one batch: padding to the longest sentence is what costs.
            unique = sorted(rows, key=len)
            for start in range(0, len(unique), batch_size):
                part = unique[start : start + batch_size]
                with timer("encoder"):
                    encoded = encoder.encode_documents(part, batch_size=batch_size)
                for text, vector in zip(part, encoded):
                    out[rows[text]] = vector
                with timer("cache"):
                    cache.put_many(part, encoded)
                    if time.monotonic() - committed > _COMMIT_SECONDS:
                        cache.commit()
                        committed = time.monotonic()
                bar.update(sum(len(rows[text]) for text in part))
            with timer("cache"):
                cache.commit()
            committed = time.monotonic()
            reused += len(chunk) - len(unique)
            computed += len(unique)
    return out, reused, computed


def assemble_vectors(
    plan: BuildPlan, previous: PreviousBuild | None, new: np.ndarray, dimension: int, approximate_above: int
) -> VectorIndex:
    """The FAISS index: previous vectors for copied sentences, ``new`` (in sid order) for the rest.

    When the new build starts with every previous sentence in place and the previous index suits
    the new size (:meth:`VectorIndex.suits`), it is extended (training an inverted file's lists
    is what costs); otherwise a new index is filled in sid order, from the previous vectors
    (an inverted file's are its 8-bit codes decoded: within ~0.005 of the original).
    """
    runs = plan.runs()
    target = VectorIndex.empty(dimension, plan.sentences, approximate_above)
    old = previous.vectors() if previous is not None and any(r.previous_sid is not None for r in runs) else None
    if old is not None and old.suits(plan.sentences, approximate_above) and runs[0].sid == runs[0].previous_sid == 0 \
            and runs[0].count == len(old):
        target, runs = old, runs[1:]
    offset = 0
    for run in runs:
        if run.previous_sid is None:
            target.add(np.arange(run.sid, run.sid + run.count, dtype=np.int64), new[offset : offset + run.count])
            offset += run.count
            continue
        for start in range(0, run.count, _COPY_CHUNK):
            count = min(_COPY_CHUNK, run.count - start)
            ids = np.arange(run.sid + start, run.sid + start + count, dtype=np.int64)
            target.add(ids, old.take(run.previous_sid + start, run.previous_sid + start + count))
    return target


def write_parts(directory: Path, index_dir: Path, plan: BuildPlan, previous: PreviousBuild | None,
                encoder: Encoder, options: BuildOptions, timer: StageTimer) -> PartsWritten:
    """Write the store, the people registry, BM25 and FAISS of ``plan`` into ``directory``."""
    with timer("store"):
        store = write_store(directory / STORE_NAME, plan, previous)
    try:
        with timer("people"):
            learn_people(plan, store).save(directory / PEOPLE_NAME)
            store.commit()
        with timer("bm25"):
            counts = assemble_counts(plan, previous, options.lexical_context)
            LexicalIndex.build(counts, directory / LEXICAL_NAME)
            counts.save(directory / REUSE_NAME / REUSE_COUNTS_NAME)
            del counts
        with timer("embedding"):
            new, reused, computed = _embed_plan(index_dir, plan, encoder, options, timer)
        with timer("faiss"):
            vectors = assemble_vectors(plan, previous, new, encoder.info.dimension, options.approximate_above)
            del new
            vectors.save(directory / DENSE_NAME)
        with timer("store"):
            store.commit()
    finally:
        store.close()
    return PartsWritten(vectors.kind, reused, computed)


def _embed_plan(index_dir: Path, plan: BuildPlan, encoder: Encoder, options: BuildOptions,
                timer: StageTimer) -> tuple[np.ndarray, int, int]:
    """The new articles' passage vectors, through the embedding cache; copied sentences count as reused."""
    with timer("cache"):
        cache = EmbeddingCache(options.cache_for(index_dir), encoder.info.cache_key(), encoder.info.dimension)
    try:
        texts = [t for a in plan.new for t in a.prepared.passages(options.passage)]
        new, reused, computed = embed_new(texts, encoder, cache, use_cache=not options.full,
                                          batch_size=options.batch_size, progress=options.progress, timer=timer)
    finally:
        with timer("cache"):
            cache.close()
    return new, reused + plan.sentences - len(texts), computed
