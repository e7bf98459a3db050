"""Check a question set's gold snippets against the articles they cite (``python -m bench.check_gold``).

For each answerable question with an ``article``: every gold snippet, normalised as the eval README
says, must fall inside one sentence of that article as the index splits it; the other articles whose
text holds the snippet are listed (a repost is fine, another event is not). Unanswerable questions
are listed with the articles that hold their ``terms`` (optional field), to read by hand. Exit 1
when a snippet fails.

    python -m bench.check_gold bench/ant-dev.jsonl --corpus ../shared/corpora/ant/ant.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.text.articles import ArticleReader
from index.text.document import prepare_article
from retrieval.evaluation.gold import normalize_for_match


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check(questions: list[dict], corpus: list[Path]) -> int:
    """Print one line per problem; return how many snippets failed."""
    articles = {a.id: a for a in ArticleReader(corpus)}
    texts = {aid: normalize_for_match(a.text) for aid, a in articles.items()}
    failed = 0
    for q in questions:
        if not q.get("gold"):
            continue
        article = articles.get(q.get("article", ""))
        if article is None:
            print(f"{q['id']}: article {q.get('article')!r} not in the corpus")
            failed += len(q["gold"])
            continue
        sentences = [normalize_for_match(s.text) for s in prepare_article(article).sentences]
        for snippet in q["gold"]:
            gold = normalize_for_match(snippet)
            if not any(gold in s for s in sentences):
                print(f"{q['id']}: snippet not inside one sentence of {article.id}: {snippet}")
                failed += 1
            others = [aid for aid, t in texts.items() if aid != article.id and gold in t]
            if others:
                print(f"{q['id']}: snippet also in {len(others)} other article(s): {others[:5]}  ({snippet})")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--corpus", type=Path, action="append", required=True, help="JSONL or folder; repeatable")
    args = parser.parse_args()
    questions = _load(args.questions)
    failed = check(questions, args.corpus)
    print(f"{len(questions)} questions, {failed} snippet(s) failed", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
