"""Time a full build of a synthetic archive, then an incremental build after adding one article.

    python -m bench.incremental --sentences 300000 [--shared ../shared] [--work-dir data/bench-incremental]
                                [--edit-first] [--bm25s]

The archive repeats the ANT articles (``SHARED/corpora/ant/ant.jsonl``) under new ids, each
repeat with about one word in ten swapped for another corpus word (deterministically), until it
holds about ``--sentences`` sentences. Vectors come from a stand-in encoder (hashed random unit
vectors, ``--dimension``): the real one embeds about 50 sentences/s here, so encoder time would
swamp everything else; the embedding stage is reported apart and left out of the totals
"without embedding". Each build runs in a fresh process, which reports its wall and CPU
seconds, its peak RSS and each stage's seconds. ``--edit-first`` adds a build after changing the
archive's first article (every later sentence id moves: the worst case); ``--bm25s`` times
``bm25s.BM25.index`` on the same BM25 documents, which is what a rebuild of the lexical index
cost before it was computed from term counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import re
import resource
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from queue import Empty

import numpy as np

ANT = Path("corpora") / "ant" / "ant.jsonl"
_WORD = re.compile(r"[\u0621-\u064A]{3,}")
_SWAP_SHARE = 0.1


class HashedVectors:
    """A stand-in sentence encoder: a unit vector drawn from a table by hashes of the text."""

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        table = np.random.default_rng(0).standard_normal((4096, dimension)).astype(np.float32)
        self._table = table / np.linalg.norm(table, axis=1, keepdims=True)

    def encode(self, texts: Sequence[str], **_: object) -> np.ndarray:
        keys = [int.from_bytes(hashlib.blake2b(t.encode(), digest_size=6).digest(), "little") for t in texts]
        first = np.array([k & 4095 for k in keys])
        second = np.array([(k >> 12) & 4095 for k in keys])
        weight = np.array([((k >> 24) & 255) / 255.0 for k in keys], dtype=np.float32)[:, None]
        out = self._table[first] + weight * self._table[second]
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def stand_in_encoder(dimension: int):
    from index.encoder.embed import Encoder, ModelInfo

    info = ModelInfo(name="bench-hashed", dimension=dimension, query_prompt="", document_prompt="",
                     fingerprint="bench-hashed-1")
    return Encoder(HashedVectors(dimension), info)


def _variant(text: str, words: list[str], rng: random.Random) -> str:
    return _WORD.sub(lambda m: rng.choice(words) if rng.random() < _SWAP_SHARE else m.group(0), text)


def make_archive(ant: Path, target: Path, sentences: int) -> tuple[int, dict]:
    """Write about ``sentences`` sentences of ANT repeats to ``target``; return (articles, a spare record)."""
    from index.text.articles import ArticleReader
    from index.text.document import prepare_article

    articles = list(ArticleReader([ant]))
    counts = [len(prepare_article(a).sentences) for a in articles]
    words = sorted({w for a in articles[:2000] for w in _WORD.findall(a.text)})
    written = total = 0
    with target.open("w", encoding="utf-8") as out:
        for repeat in range(10_000):
            for article, count in zip(articles, counts):
                if total >= sentences:
                    spare = _record(article, f"{article.id}-new", _variant(article.text, words, random.Random(-1)))
                    return written, spare
                rng = random.Random(f"{repeat}/{article.id}")
                text = article.text if repeat == 0 else _variant(article.text, words, rng)
                out.write(json.dumps(_record(article, f"{article.id}-r{repeat}", text), ensure_ascii=False) + "\n")
                written += 1
                total += count
    raise SystemExit("the ANT file holds no article with sentences")


def _record(article, new_id: str, text: str) -> dict:
    record = {"id": new_id, "text": text}
    for name in ("title", "url", "date", "source"):
        if getattr(article, name):
            record[name] = getattr(article, name)
    return record


def _build_child(archive: str, index_dir: str, cache: str, dimension: int, full: bool, queue) -> None:
    from index.build.run import BuildOptions, build_index

    wall, cpu = time.perf_counter(), time.process_time()
    options = BuildOptions(full=full, progress=False, batch_size=4096, cache_path=Path(cache))
    report = build_index([Path(archive)], Path(index_dir), stand_in_encoder(dimension), options)
    queue.put({
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "articles": report.articles,
        "sentences": report.sentences,
        "reused": report.articles_reused,
        "analysed": report.articles_analysed,
        "embedded": report.embeddings_computed,
        "stages": report.stage_seconds,
        "stages_cpu": report.stage_cpu_seconds,
    })


def _bm25s_child(index_dir: str, queue) -> None:
    import bm25s

    from index.parts.layout import REUSE_COUNTS_NAME, REUSE_NAME
    from index.parts.termcounts import TermCounts

    counts = TermCounts.load(Path(index_dir).resolve() / REUSE_NAME / REUSE_COUNTS_NAME)
    indptr, tokens, repeats = counts.indptr, np.asarray(counts.tokens), np.asarray(counts.counts)
    documents = [np.repeat(tokens[indptr[i]:indptr[i + 1]], repeats[indptr[i]:indptr[i + 1]]).tolist()
                 for i in range(counts.documents)]
    vocab = {t: i for i, t in enumerate(counts.vocab)}
    vocab[""] = len(vocab)
    wall, cpu = time.perf_counter(), time.process_time()
    bm25s.BM25().index((documents, vocab), show_progress=False)
    queue.put({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
               "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               "documents": counts.documents})


def _in_child(target, *args) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    while True:
        try:
            result = queue.get(timeout=5)
            break
        except Empty:
            if not process.is_alive():
                raise SystemExit(f"the measured process died (exit code {process.exitcode}; out of memory?)") from None
    process.join()
    return result


def _show(name: str, result: dict) -> None:
    stages = result["stages"]
    embedding = stages.get("embedding", 0.0)
    print(f"\n{name}: {result['articles']} articles, {result['sentences']} sentences "
          f"({result['reused']} articles copied, {result['analysed']} analysed, {result['embedded']} sentences embedded)")
    print(f"  wall {result['wall']:.1f} s ({result['wall'] - embedding:.1f} s without embedding), "
          f"CPU {result['cpu']:.1f} s ({result['cpu'] - result['stages_cpu'].get('embedding', 0.0):.1f} s without "
          f"embedding), peak RSS {result['peak_rss_mb']:.0f} MB")
    print("  stages (wall / CPU s): " + ", ".join(
        f"{stage} {seconds:.1f}/{result['stages_cpu'].get(stage, 0.0):.1f}" for stage, seconds in stages.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=40_000, help="About how many sentences the archive holds.")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="The shared data folder.")
    parser.add_argument("--work-dir", type=Path, default=Path("data/bench-incremental"),
                        help="Where the archive, index and caches go (emptied first).")
    parser.add_argument("--dimension", type=int, default=384, help="Stand-in vector size (e5-small: 384).")
    parser.add_argument("--edit-first", action="store_true", help="Also time a build after editing the first article.")
    parser.add_argument("--bm25s", action="store_true", help="Also time bm25s's own indexing of the BM25 documents.")
    args = parser.parse_args()
    ant = args.shared / ANT
    if not ant.is_file():
        print(f"skipped: no ANT corpus at {ant} (pass --shared with the shared data folder)")
        return
    shutil.rmtree(args.work_dir, ignore_errors=True)
    args.work_dir.mkdir(parents=True)
    archive, index_dir = args.work_dir / "archive.jsonl", args.work_dir / "index"
    cache = args.work_dir / "cache" / "embeddings.sqlite"
    started = time.perf_counter()
    articles, spare = make_archive(ant, archive, args.sentences)
    print(f"archive: {articles} articles in {archive} ({archive.stat().st_size / 1e6:.0f} MB, "
          f"{time.perf_counter() - started:.0f} s to write); encoder: hashed stand-in, dimension {args.dimension}")
    build = (str(archive), str(index_dir), str(cache), args.dimension)
    _show("full build", _in_child(_build_child, *build, True))
    with archive.open("a", encoding="utf-8") as out:
        out.write(json.dumps(spare, ensure_ascii=False) + "\n")
    _show("incremental build, one article added", _in_child(_build_child, *build, False))
    if args.edit_first:
        lines = archive.read_text(encoding="utf-8").splitlines(keepends=True)
        first = json.loads(lines[0])
        first["text"] += "\nوأضاف المصدر أن التحقيق متواصل."
        lines[0] = json.dumps(first, ensure_ascii=False) + "\n"
        archive.write_text("".join(lines), encoding="utf-8")
        _show("incremental build, first article edited", _in_child(_build_child, *build, False))
    if args.bm25s:
        result = _in_child(_bm25s_child, str(index_dir))
        print(f"\nbm25s.BM25.index of the {result['documents']} BM25 documents: wall {result['wall']:.1f} s, "
              f"CPU {result['cpu']:.1f} s, peak RSS {result['peak_rss_mb']:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
