"""Every name an index uses on disk, and the paths built from them.

For an index directory ``data/index``::

    data/index -> .index.builds/20261121T180000-1234   (a symlink, swapped atomically)
    data/.index.builds/<stamp>/manifest.json, store.sqlite, dense.faiss, lexical/, people.json, spans/,
                               reuse/articles.json, reuse/counts/   (read by the next build only)
    data/.index.builds/tmp-<stamp>/                    (a build in progress)
    data/.index.builds/.lock                           (held while a build runs)
    data/.index.cache/embeddings.sqlite                (survives rebuilds)
    data/.index.cache/articles.sqlite                  (prepared articles; survives rebuilds)

The builder (:mod:`index.build.run`) writes these names and the reader (:mod:`index.reader`)
opens them; neither spells a name itself.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "ARTICLE_CACHE_NAME",
    "BUILD_PARTS",
    "CACHE_NAME",
    "DENSE_NAME",
    "LEXICAL_NAME",
    "LOCK_NAME",
    "MANIFEST_NAME",
    "PEOPLE_NAME",
    "REUSE_ARTICLES_NAME",
    "REUSE_COUNTS_NAME",
    "REUSE_NAME",
    "SPANS_NAME",
    "STORE_NAME",
    "TMP_PREFIX",
    "builds_root",
    "default_article_cache_path",
    "default_cache_path",
    "lock_path",
    "swap_link_path",
]

#: What a build records about itself (:mod:`index.parts.manifest`).
MANIFEST_NAME = "manifest.json"
#: The SQLite store of articles, sentences and headings (:mod:`index.parts.store`).
STORE_NAME = "store.sqlite"
#: The FAISS index of sentence vectors (:mod:`index.parts.vectors`).
DENSE_NAME = "dense.faiss"
#: The folder of the BM25 index (:mod:`index.parts.lexical`).
LEXICAL_NAME = "lexical"
#: The people who speak in the corpus (:mod:`index.speech.people`); an index may lack it.
PEOPLE_NAME = "people.json"
#: Each sentence's publication period and outlet, for questions scoped to them (:mod:`index.parts.spans`).
SPANS_NAME = "spans"
#: What a build keeps for the next one to reuse (:mod:`index.build.previous`); queries never read it,
#: and a build without it is simply not reused.
REUSE_NAME = "reuse"
#: In ``reuse/``: each article's id, digest, sentence count and speaker findings, in sid order.
REUSE_ARTICLES_NAME = "articles.json"
#: In ``reuse/``: the BM25 documents' term counts (:mod:`index.parts.termcounts`).
REUSE_COUNTS_NAME = "counts"
#: The parts every finished build holds besides its manifest.
BUILD_PARTS = (STORE_NAME, DENSE_NAME, LEXICAL_NAME)
#: A build directory whose name starts with this is still being written (or was abandoned).
TMP_PREFIX = "tmp-"
#: The lock file a build holds in the builds folder; hidden, so it is never taken for a build.
LOCK_NAME = ".lock"
#: The embedding cache's file name, in the cache folder beside the index directory.
CACHE_NAME = "embeddings.sqlite"
#: The prepared-article cache's file name (:mod:`index.build.caches`), beside the embedding cache.
ARTICLE_CACHE_NAME = "articles.sqlite"


def builds_root(index_dir: Path) -> Path:
    """The folder holding an index directory's builds."""
    return index_dir.parent / f".{index_dir.name}.builds"


def default_cache_path(index_dir: Path) -> Path:
    """Where an index directory's embedding cache lives by default."""
    return index_dir.parent / f".{index_dir.name}.cache" / CACHE_NAME


def default_article_cache_path(index_dir: Path) -> Path:
    """Where an index directory's prepared-article cache lives by default."""
    return default_cache_path(index_dir).parent / ARTICLE_CACHE_NAME


def lock_path(root: Path) -> Path:
    """The build lock of the builds folder ``root``."""
    return root / LOCK_NAME


def swap_link_path(index_dir: Path) -> Path:
    """Where this process writes the new symlink before renaming it over ``index_dir``."""
    return index_dir.parent / f".{index_dir.name}.link-{os.getpid()}"
