"""The ``manifest.json`` that describes a built index: model, analyser, counts, timing."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.embed import ModelInfo
from index.errors import IndexNotFound

__all__ = ["FORMAT_VERSION", "MANIFEST_NAME", "Manifest", "read_manifest", "write_manifest"]

FORMAT_VERSION = 2
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    """What a build records about itself, for the query side and for operators."""

    model: ModelInfo
    analyzer_version: int
    articles: int
    sentences: int
    built_at: str
    build_seconds: float
    dense_index: str
    embeddings_reused: int = 0
    embeddings_computed: int = 0
    embedding_seconds: float = 0.0
    sources: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    lexical_context: dict[str, int] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION


def write_manifest(directory: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` into ``directory``."""
    text = json.dumps(asdict(manifest), ensure_ascii=False, indent=2)
    (directory / MANIFEST_NAME).write_text(text + "\n", encoding="utf-8")


def read_manifest(directory: Path) -> Manifest:
    """Read an index's manifest.

    Raises:
        IndexNotFound: when there is no manifest or it cannot be read.
    """
    path = directory / MANIFEST_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexNotFound(f"No index in {directory}. Build one with: isnad index seeds/") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexNotFound(f"The index manifest {path} is unreadable ({exc}). Rebuild with: isnad index --full") from exc
    if raw.get("format_version") != FORMAT_VERSION:
        raise IndexNotFound(
            f"The index in {directory} has format {raw.get('format_version')}, this version reads "
            f"{FORMAT_VERSION}. Rebuild with: isnad index --full"
        )
    try:
        raw["model"] = ModelInfo(**raw["model"])
        return Manifest(**raw)
    except (KeyError, TypeError) as exc:
        raise IndexNotFound(f"The index manifest {path} is incomplete ({exc}). Rebuild with: isnad index --full") from exc
