"""The ``manifest.json`` that describes a built index: model, analyser, counts, timing."""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.encoder.embed import ModelInfo
from index.errors import IndexNotFound
from index.parts.layout import MANIFEST_NAME

__all__ = ["FORMAT_VERSION", "Manifest", "read_manifest", "rebuild_advice", "write_manifest"]

FORMAT_VERSION = 2


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
    decoded: list[dict[str, str]] = field(default_factory=list)
    lexical_context: dict[str, int] = field(default_factory=dict)
    #: How each sentence was composed for the encoder (:data:`index.build.prepared.PASSAGE_COMPOSITIONS`).
    passage: str = "sentence"
    #: What computed the passage vectors (:data:`index.encoder.embed.ENGINES`).
    encoder_engine: str = ""
    #: :func:`index.build.prepared.analysis_key` of the code that prepared the articles.
    analysis_key: str = ""
    #: The build this one copied from (its folder name), or ``""`` for a build from scratch.
    reused_from: str = ""
    articles_reused: int = 0
    articles_analysed: int = 0
    #: Wall-clock seconds of each stage of the build.
    stage_seconds: dict[str, float] = field(default_factory=dict)
    #: Articles without a publication date (none in their metadata, URL or dateline: :mod:`index.text.dates`).
    undated: int = 0
    #: Every file of the build but this manifest, with its size and checksum (:mod:`index.encoder.checksums`).
    parts: dict[str, dict[str, int]] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION


def write_manifest(directory: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` into ``directory``."""
    text = json.dumps(asdict(manifest), ensure_ascii=False, indent=2)
    (directory / MANIFEST_NAME).write_text(text + "\n", encoding="utf-8")


def rebuild_advice(index_dir: Path, sources: Sequence[str] = ()) -> str:
    """The command that rebuilds ``index_dir`` from ``sources``, ready to paste."""
    corpus = " ".join(shlex.quote(s) for s in sources) or "<article folders and .jsonl files>"
    return f"Rebuild with: isnad index {corpus} --index-dir {shlex.quote(str(index_dir))} --full"


def read_manifest(directory: Path, index_dir: Path | None = None) -> Manifest:
    """Read an index's manifest; ``index_dir`` is the path the user named (for the advice).

    Raises:
        IndexNotFound: when there is no manifest or it cannot be read.
    """
    path = directory / MANIFEST_NAME
    advice = rebuild_advice(index_dir or directory)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexNotFound(f"No index in {index_dir or directory}. Build one with: isnad index seeds/ "
                            f"--index-dir {shlex.quote(str(index_dir or directory))}") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexNotFound(f"The index manifest {path} is unreadable ({exc}). {advice}") from exc
    if raw.get("format_version") != FORMAT_VERSION:
        raise IndexNotFound(
            f"The index in {index_dir or directory} has format {raw.get('format_version')}, this version reads "
            f"{FORMAT_VERSION}. {rebuild_advice(index_dir or directory, raw.get('sources') or ())}"
        )
    try:
        raw["model"] = ModelInfo(**raw["model"])
        return Manifest(**raw)
    except (KeyError, TypeError) as exc:
        raise IndexNotFound(f"The index manifest {path} is incomplete ({exc}). {advice}") from exc
