"""One build of a synthetic archive, timed by stage; run in a fresh process per build.

    python -m bench.scale_build --archive A.jsonl --index-dir D --vectors-index V --out build.json
    python -m bench.scale_build --archive A.jsonl --add EXTRA.jsonl --index-dir D ... --out add.json

The first form builds from scratch (the index and its embedding cache are removed first);
the second adds one article file and builds again as ``isnad index`` would, reusing the cache.
The encoder is the stand-in (:mod:`bench.standin`); its seconds are reported apart. Writes
JSON: per-stage wall/CPU, peak RSS of this process, and the size of each part of the index.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.standin import RealVectors, StandInModel, default_model_info, usable_vectors
from index.build.run import BuildOptions, BuildReport, build_index
from index.build.timing import STAGES
from index.encoder.embed import Encoder
from index.parts.layout import (
    DENSE_NAME,
    LEXICAL_NAME,
    MANIFEST_NAME,
    PEOPLE_NAME,
    STORE_NAME,
    builds_root,
)
from index.parts.manifest import read_manifest
from index.parts.vectors import shortlist_path

__all__ = ["BuildResult", "index_sizes", "peak_rss_mb", "run_build"]


@dataclass(frozen=True)
class BuildResult:
    """What one build cost and made."""

    step: str
    articles: int
    sentences: int
    dense_index: str
    wall: float
    cpu: float
    peak_rss_mb: float
    rss_before_mb: float
    stages: dict[str, dict[str, float]]
    encoder: dict[str, float]
    embeddings_computed: int
    embeddings_reused: int
    sizes: dict[str, int]
    table_seconds: float
    load_average: tuple[float, float, float]


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bytes(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def index_sizes(index_dir: Path, cache: Path) -> dict[str, int]:
    """Bytes of each part of the current build, and of the embedding cache beside it."""
    real = index_dir.resolve()
    names = (STORE_NAME, DENSE_NAME, shortlist_path(Path(DENSE_NAME)).name, LEXICAL_NAME, PEOPLE_NAME, MANIFEST_NAME)
    parts = {name: _bytes(real / name) for name in names}
    return {**parts, "embedding cache": _bytes(cache)}


def _fresh(index_dir: Path, cache: Path) -> None:
    """Remove a previous benchmark build and its cache: a full build starts from nothing."""
    if index_dir.is_symlink():
        index_dir.unlink()
    shutil.rmtree(builds_root(index_dir), ignore_errors=True)
    shutil.rmtree(cache.parent, ignore_errors=True)


def run_build(paths: list[Path], index_dir: Path, table: RealVectors, step: str, table_seconds: float) -> BuildResult:
    """Build ``paths`` into ``index_dir`` with the stand-in encoder, timing every stage."""
    model = StandInModel(table)
    encoder = Encoder(model, default_model_info())
    options = BuildOptions(progress=False)
    cache = options.cache_for(index_dir)
    if step == "full":
        _fresh(index_dir, cache)
    rss_before = peak_rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    report: BuildReport = build_index(paths, index_dir, encoder, options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return BuildResult(
        step, report.articles, report.sentences, read_manifest(index_dir.resolve(), index_dir).dense_index,
        round(wall, 3), round(cpu, 3), round(peak_rss_mb(), 1), round(rss_before, 1),
        {name: {"wall": report.stage_seconds.get(name, 0.0), "cpu": report.stage_cpu_seconds.get(name, 0.0)}
         for name in STAGES},
        {"seconds": round(model.seconds, 3), **model.counts},
        report.embeddings_computed, report.embeddings_reused, index_sizes(index_dir, cache), round(table_seconds, 3),
        os.getloadavg(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--add", type=Path, help="one more article file: build again incrementally")
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--vectors-index", type=Path, help="a built index of the source articles (real vectors)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    started = time.perf_counter()
    table = RealVectors.from_index(args.vectors_index) if usable_vectors(args.vectors_index) else RealVectors.empty()
    paths = [args.archive, *([args.add] if args.add else [])]
    result = run_build(paths, args.index_dir, table, "add" if args.add else "full", time.perf_counter() - started)
    args.out.write_text(json.dumps(asdict(result), ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
