"""Opening an index: damaged parts give one clear error that says to rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import BuildOptions, build_index
from index.errors import IndexNotFound
from index.reader import open_index
from tests.conftest import SEEDS, fake_encoder


@pytest.mark.parametrize("part", ["dense.faiss", "store.sqlite", "people.json", "lexical/params.index.json"])
def test_a_damaged_part_says_to_rebuild(tmp_path: Path, part: str) -> None:
    index_dir = tmp_path / "index"
    build_index([SEEDS], index_dir, fake_encoder(), BuildOptions(progress=False))
    (index_dir / part).write_bytes(b"\x00garbage{")
    with pytest.raises(IndexNotFound) as error:
        open_index(index_dir)
    # The advice is a command to paste: the real corpus and index folder, not a bare --full.
    assert f"Rebuild with: isnad index {SEEDS} --index-dir {index_dir} --full" in str(error.value)


def test_a_manifest_missing_a_key_says_to_rebuild(tmp_path: Path) -> None:
    import json

    index_dir = tmp_path / "index"
    build_index([SEEDS], index_dir, fake_encoder(), BuildOptions(progress=False))
    raw = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    del raw["model"]["dimension"]
    (index_dir / "manifest.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(IndexNotFound, match="Rebuild"):
        open_index(index_dir)
