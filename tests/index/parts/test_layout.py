"""The names an index uses on disk: renaming one orphans every index already built."""

from __future__ import annotations

from pathlib import Path

from index.parts.layout import (
    BUILD_PARTS,
    MANIFEST_NAME,
    PEOPLE_NAME,
    REUSE_ARTICLES_NAME,
    REUSE_COUNTS_NAME,
    REUSE_NAME,
    TMP_PREFIX,
    builds_root,
    default_article_cache_path,
    default_cache_path,
    lock_path,
)


def test_the_names_on_disk_stay_what_existing_indexes_hold() -> None:
    assert BUILD_PARTS == ("store.sqlite", "dense.faiss", "lexical")
    assert (MANIFEST_NAME, PEOPLE_NAME, TMP_PREFIX) == ("manifest.json", "people.json", "tmp-")
    assert (REUSE_NAME, REUSE_ARTICLES_NAME, REUSE_COUNTS_NAME) == ("reuse", "articles.json", "counts")


def test_builds_cache_and_lock_sit_hidden_beside_the_index_directory() -> None:
    index_dir = Path("/srv/data/index")
    assert builds_root(index_dir) == Path("/srv/data/.index.builds")
    assert default_cache_path(index_dir) == Path("/srv/data/.index.cache/embeddings.sqlite")
    assert default_article_cache_path(index_dir) == Path("/srv/data/.index.cache/articles.sqlite")
    assert lock_path(builds_root(index_dir)) == Path("/srv/data/.index.builds/.lock")
