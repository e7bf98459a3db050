"""Time a one-shot ``isnad ask`` from a cold process: wall seconds and peak RSS.

    python -m bench.cold_start --index-dir data/index [--runs 5] [--question "ماذا قال كيري؟"]

Each run is a fresh process (imports, index open, model load, one answer), as a user's
one-shot command is. Prints the median and worst wall time and the peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run_once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default="ماذا قال كيري؟")
    parser.add_argument("--isnad", default=str(Path(sys.executable).with_name("isnad")))
    args = parser.parse_args()
    command = [args.isnad, "ask", args.question, "--index-dir", str(args.index_dir)]
    walls = [run_once(command) for _ in range(args.runs)]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.runs} runs of: {' '.join(command)}")
    print(f"wall median {statistics.median(walls):.2f} s, worst {max(walls):.2f} s; peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
