"""The scale benchmark: build and serve synthetic archives of ~40k, ~300k and ~1M sentences.

    python -m bench.scale [--sizes 40000,300000,1000000] [--shared ../shared] \
        [--vectors-index data/eval-work/archive/index] [--work-dir data/bench/work] [--resume]

For each size: a synthetic archive from the real ANT articles (:mod:`bench.synthetic`), a full
build timed by stage (:mod:`bench.scale_build`, the stand-in encoder of :mod:`bench.standin`
giving real e5 vectors), serving measurements (:mod:`bench.scale_query`, the real query
encoder), then one article added and built again. Each step runs in a fresh process, so one
size's memory never counts against another's. The real encoder's rate is measured once on a
sample (:mod:`bench.encoder_rate`). Prints Markdown tables and writes every number to
``data/bench/scale.json``. Without ``../shared/corpora/ant`` it says so and does nothing.

``--resume`` keeps the results of steps already done in the work folder (a long 1M run that
was interrupted goes on where it stopped); without it every step runs again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.scale_report import markdown
from bench.synthetic import Template, extra_article, generate, load_templates

__all__ = ["machine", "run_sizes"]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = "40000,300000,1000000"
SOURCE = Path("corpora") / "ant" / "ant.jsonl"


def machine() -> str:
    """The CPU model, its cores, memory and the operating system, in one line."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({cpu}), {memory / 2**20:.0f} GiB, no GPU; {platform.system()} {platform.release()}"


def _step(name: str, command: list[str], out: Path, resume: bool) -> dict[str, Any] | None:
    """Run one step in a fresh process (unless resuming and done); its JSON result, or None if it failed."""
    if not (resume and out.exists()):
        print(f"[{time.strftime('%H:%M:%S')}] {name}", file=sys.stderr, flush=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if "--started" in command:
            command[command.index("--started") + 1] = repr(time.time())
        done = subprocess.run([sys.executable, "-m", *command, "--out", str(out)], cwd=ROOT, env=env)
        if done.returncode != 0:
            print(f"{name} failed (exit {done.returncode})", file=sys.stderr)
            return None
    return json.loads(out.read_text(encoding="utf-8"))


def _run_size(size: int, archive: Path, args: argparse.Namespace, extra: Path) -> dict[str, Any]:
    folder = archive.parent
    index_dir = folder / "index"
    vectors = ["--vectors-index", str(args.vectors_index)]
    build = _step(f"{size}: full build", ["bench.scale_build", "--archive", str(archive), "--index-dir", str(index_dir),
                                          *vectors], folder / "build-full.json", args.resume)
    result: dict[str, Any] = {"build": build}
    if build is None:
        return result
    questions = args.work_dir / "questions.jsonl"
    if not questions.exists():
        from bench.scale_questions import question_set, save_questions

        save_questions(question_set(index_dir, args.shared), questions)
    result["queries"] = _step(f"{size}: serving", ["bench.scale_query", "--index-dir", str(index_dir), "--questions",
                                                   str(questions), "--started", "0"], folder / "queries.json", args.resume)
    result["add"] = _step(f"{size}: add one article", ["bench.scale_build", "--archive", str(archive), "--add", str(extra),
                                                       "--index-dir", str(index_dir), *vectors], folder / "build-add.json",
                          args.resume)
    if args.encoder_rate is None:
        args.encoder_rate = _step("real encoder rate", ["bench.encoder_rate", "--index-dir", str(index_dir)],
                                  args.work_dir / "encoder-rate.json", args.resume)
    return result


def run_sizes(args: argparse.Namespace, sizes: list[int]) -> dict[str, Any]:
    """Every step of every size; the results as :mod:`bench.scale_report` reads them."""
    source = args.shared / SOURCE
    templates: list[Template] = []

    def loaded() -> list[Template]:
        if not templates:
            templates.extend(load_templates(source))
        return templates

    extra = args.work_dir / "extra.jsonl"
    results: dict[str, Any] = {}
    for size in sizes:
        archive = generate(source, args.work_dir / str(size) / "archive.jsonl", size, args.seed, None)
        if not extra.exists():
            extra_article(loaded(), extra, args.seed)
        results[str(size)] = {"archive": {"articles": archive.articles, "copies": archive.copies},
                              **_run_size(size, archive.path, args, extra)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES") or DEFAULT_SIZES,
                        help="sentence counts, comma-separated (default: BENCH_SIZES or %(default)s)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--vectors-index", type=Path, default=ROOT / "data" / "eval-work" / "archive" / "index",
                        help="a built index of the ANT archive: its real e5 vectors (else hashed vectors)")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "data" / "bench" / "work")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "bench" / "scale.json")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resume", action="store_true", help="keep the results of steps already done")
    args = parser.parse_args()
    if not (args.shared / SOURCE).exists():
        print(f"bench skipped: no ANT corpus at {args.shared / SOURCE} (the scale benchmark builds from it)")
        return
    args.shared, args.work_dir, args.vectors_index = (p.resolve() for p in (args.shared, args.work_dir, args.vectors_index))
    args.encoder_rate = None
    sizes = [int(s) for s in args.sizes.replace(" ", "").split(",") if s]
    results = run_sizes(args, sizes)
    data = {"machine": machine(), "date": date.today().isoformat(), "encoder_rate": args.encoder_rate,
            "corpus": f"synthetic archives from ANT v1.1 ({args.shared / SOURCE}), seed {args.seed}", "sizes": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(markdown(data))


if __name__ == "__main__":
    main()
