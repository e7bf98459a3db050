"""The scale benchmark's results as Markdown: one column per archive size.

Takes the JSON :mod:`bench.scale` writes: ``{"machine", "date", "corpus", "encoder_rate",
"sizes": {size: {"archive", "build", "add", "queries"}}}``; any part may be missing (a step
not run yet) and shows as «–».
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from index.build.timing import STAGES

__all__ = ["markdown", "size_label"]

Row = tuple[str, Callable[[dict[str, Any]], str]]
DASH = "–"


def size_label(size: int) -> str:
    """40000 → 40k, 1000000 → 1M."""
    if size >= 1_000_000 and size % 100_000 == 0:
        return f"{size / 1_000_000:g}M"
    return f"{size / 1000:g}k" if size >= 1000 else str(size)


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _seconds(value: float | None) -> str:
    if value is None:
        return DASH
    if value >= 120:
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min {seconds:02d} s"
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def _mb(value: float | None) -> str:
    return DASH if value is None else (f"{value / 1024:.2f} GB" if value >= 1024 else f"{value:.0f} MB")


def _bytes(value: int | None) -> str:
    return DASH if value is None else _mb(value / 2**20)


def _wall_cpu(part: dict[str, Any] | None) -> str:
    if not part:
        return DASH
    return f"{_seconds(part['wall'])} / {_seconds(part['cpu'])}"


def _ms(summary: dict[str, Any] | None) -> str:
    if not summary or not summary.get("n"):
        return DASH
    cpu = f" (CPU {summary['cpu_p50']:.0f})" if summary.get("cpu_p50") is not None else ""
    return f"{summary['p50']:.0f} / {summary['p95']:.0f} / {summary['max']:.0f}{cpu}"


def _excluding_encoder(build: dict[str, Any] | None) -> str:
    if not build:
        return DASH
    encoder = build["stages"]["encoder"]
    return f"{_seconds(build['wall'] - encoder['wall'])} / {_seconds(build['cpu'] - encoder['cpu'])}"


def _other(build: dict[str, Any] | None) -> str:
    if not build:
        return DASH
    wall = build["wall"] - sum(s["wall"] for s in build["stages"].values())
    cpu = build["cpu"] - sum(s["cpu"] for s in build["stages"].values())
    return _wall_cpu({"wall": wall, "cpu": cpu})


def _extrapolated(result: dict[str, Any], rate: dict[str, Any] | None) -> str:
    sentences = _get(result, "build", "sentences")
    if not rate or not sentences:
        return DASH
    cpu = sentences * rate["cpu_seconds"] / rate["sentences"]
    return f"{_seconds(sentences / rate['per_second'])} / {_seconds(cpu)} (extrapolated)"


def _throughput(result: dict[str, Any], workers: int) -> str:
    for run in _get(result, "queries", "throughput") or []:
        if run["workers"] == workers:
            return f"{run['per_second']:.1f} q/s (p50 {run['latency']['p50']:.0f} ms, p95 {run['latency']['p95']:.0f} ms)"
    return DASH


def _vector_sources(result: dict[str, Any]) -> str:
    counts = _get(result, "build", "encoder")
    return f"{counts['real']:,} / {counts['varied']:,} / {counts['hashed']:,}" if counts else DASH


def _load(step: dict[str, Any] | None) -> str:
    average = (step or {}).get("load_average")
    return f"{average[0]:.1f}" if average else DASH


def _size_part(name: str) -> Row:
    return (f"size: {name}", lambda r: _bytes(_get(r, "build", "sizes", name)))


def _index_total(result: dict[str, Any]) -> str:
    sizes = _get(result, "build", "sizes")
    return _bytes(sum(v for k, v in sizes.items() if k != "embedding cache")) if sizes else DASH


def _build_rows(rate: dict[str, Any] | None) -> list[Row]:
    stages = [(f"· {name}", lambda r, n=name: _wall_cpu(_get(r, "build", "stages", n))) for name in STAGES]
    return [
        ("sentences (articles)", lambda r: f"{_get(r, 'build', 'sentences'):,} ({_get(r, 'build', 'articles'):,})"
         if _get(r, "build") else DASH),
        ("dense index", lambda r: _get(r, "build", "dense_index") or DASH),
        ("stand-in vectors: real / near copies / hashed", _vector_sources),
        ("build wall / CPU, all stages", lambda r: _wall_cpu(_get(r, "build"))),
        ("build wall / CPU without the encoder", lambda r: _excluding_encoder(_get(r, "build"))),
        *stages,
        ("· other (opening, counting)", lambda r: _other(_get(r, "build"))),
        ("real encoder for all sentences: wall / CPU", lambda r: _extrapolated(r, rate)),
        ("peak RSS of the build", lambda r: _mb(_get(r, "build", "peak_rss_mb"))),
        *(_size_part(n) for n in ("store.sqlite", "dense.faiss", "dense.shortlist.faiss", "lexical", "people.json")),
        ("size: index in all", _index_total),
        ("size: embedding cache (beside the index)", lambda r: _bytes(_get(r, "build", "sizes", "embedding cache"))),
        ("add 1 article: wall / CPU", lambda r: _wall_cpu(_get(r, "add"))),
        ("add 1 article: sentences embedded", lambda r: str(_get(r, "add", "embeddings_computed") or DASH)),
        ("add 1 article: peak RSS", lambda r: _mb(_get(r, "add", "peak_rss_mb"))),
        ("machine load (1-min load average) after the build", lambda r: _load(_get(r, "build"))),
    ]


def _serve_rows() -> list[Row]:
    rows: list[Row] = [
        ("time to first answer (fresh process)", lambda r: _seconds(_get(r, "queries", "first_answer_seconds"))),
        ("· of which opening the index", lambda r: _seconds((_get(r, "queries", "open_ms") or 0) / 1000)
         if _get(r, "queries") else DASH),
        ("serving RSS after 100 answers", lambda r: _mb(_get(r, "queries", "serving_rss_mb"))),
    ]
    for mode in ("lexical", "dense", "hybrid"):
        for kind, label in (("all", "all"), ("other", "not speaker"), ("speaker", "speaker")):
            rows.append((f"{mode}, {label}: ms p50 / p95 / max", lambda r, m=mode, k=kind: _ms(_get(r, "queries", "modes", m, k))))
    rows.append(("query encoder alone: ms p50 / p95 / max", lambda r: _ms(_get(r, "queries", "query_encoder"))))
    rows += [(f"throughput, {w} concurrent (hybrid)", lambda r, w=w: _throughput(r, w)) for w in (20, 50)]
    rows.append(("machine load (1-min load average) after serving", lambda r: _load(_get(r, "queries"))))
    return rows


def _table(title: str, rows: list[Row], results: dict[str, dict[str, Any]]) -> list[str]:
    sizes = sorted(results, key=int)
    lines = [f"| {title} | " + " | ".join(size_label(int(s)) for s in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(results[s]) for s in sizes) + " |")
    return lines


def markdown(data: dict[str, Any]) -> str:
    """Both tables (build, then serving) with the machine, date and encoder rate above them."""
    rate = data.get("encoder_rate")
    head = [f"Machine: {data.get('machine', DASH)}. Date: {data.get('date', DASH)}.", f"Corpus: {data.get('corpus', DASH)}."]
    if rate:
        head.append(f"Real encoder (multilingual-e5-small, {rate.get('engine', 'sentence-transformers')}, CPU): "
                    f"{rate['per_second']:.1f} sentences/s wall, {rate['sentences'] / rate['cpu_seconds']:.1f} per CPU "
                    f"second, over a sample of {rate['sentences']} (model load {rate['load_seconds']:.1f} s).")
        engines = rate.get("engines") or {}
        if engines:
            head.append("Per passage engine, sentences/s wall: " + ", ".join(
                f"{name} ({r['engine']}) {r['per_second']:.1f}" for name, r in engines.items()) + ".")
    sizes = data.get("sizes", {})
    body = _table("build", _build_rows(rate), sizes) + [""] + _table("serving", _serve_rows(), sizes)
    return "\n".join([*head, "", *body, ""])
