"""How fast articles are prepared here: the CPU time of ``index.build.prepared.prepare`` per sentence.

    python -m bench.prepare_rate [--articles 3000] [--shared ../shared] [--profile N]

Reads the first ``--articles`` ANT articles (``SHARED/corpora/ant/ant.jsonl``) as a build reads
them, prepares each one (clean, split into sentences, analyse, find speakers) and prints the
sentence count, the CPU seconds (``time.process_time``, steadier than wall time on a shared
machine) and the milliseconds per sentence. Reading the file is not timed, and the pass runs
with every cache cold, as the first articles of a build do. ``--profile N`` then prepares the
articles again under cProfile and prints the ``N`` functions with the most cumulative time:
that pass finds the word caches warm, as most of a large build does (the profiler slows it
down about twofold, so its total is not the rate). Without the corpus it says so and exits.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import time
from pathlib import Path

from index.build.prepared import prepare
from index.text.articles import Article, ArticleReader

__all__ = ["measure", "read_articles"]

ANT = Path("corpora") / "ant" / "ant.jsonl"


def read_articles(path: Path, count: int) -> list[Article]:
    """The first ``count`` articles of a JSONL file, read as a build reads them."""
    return list(itertools.islice(ArticleReader([path]), count))


def measure(articles: list[Article]) -> dict[str, float]:
    """Prepare ``articles`` once; their sentence count, CPU seconds and ms per sentence."""
    started = time.process_time()
    sentences = sum(len(prepare(article).sentences) for article in articles)
    cpu = time.process_time() - started
    return {"articles": len(articles), "sentences": sentences, "cpu_seconds": round(cpu, 2),
            "ms_per_sentence": round(1000 * cpu / max(sentences, 1), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="How many ANT articles to prepare.")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="The shared data folder.")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="Also profile a second (warm) pass and print the top N functions by cumulative time.")
    args = parser.parse_args()
    ant = args.shared / ANT
    if not ant.is_file():
        print(f"skipped: no ANT corpus at {ant} (pass --shared with the shared data folder)")
        return
    articles = read_articles(ant, args.articles)
    result = measure(articles)
    print(f"{result['articles']} articles, {result['sentences']} sentences: CPU {result['cpu_seconds']:.2f} s, "
          f"{result['ms_per_sentence']:.3f} ms per sentence")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(measure, articles)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
