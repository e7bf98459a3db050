"""The ``isnad`` command: index, ask, repl.

Exit codes: 0 ok, 1 runtime error (one line on stderr saying what to do), 2 usage error.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from bot.render import answer_json, answer_text, report_text
from bot.repl import run_interactive, run_json
from bot.settings import Settings
from index.errors import IndexError_
from retrieval.answer import AbstainPolicy
from retrieval.conversation import Conversation
from retrieval.engine import Engine
from retrieval.search import MODES, SearchOptions

__all__ = ["main"]

logger = logging.getLogger(__name__)


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "ISNAD_" + "_".join(str(p) for p in first["loc"]).upper()
        raise click.ClickException(f"invalid setting {name}: {first['msg']} (fix it in the environment or .env)")


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    # httpx logs request URLs (with the bot token) at INFO; bm25s sets itself to DEBUG on import.
    for noisy in ("httpx", "bm25s"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level.upper())))


def engine_from_settings(settings: Settings, index_dir: Path | None = None) -> Engine:
    """The answering engine as the settings describe it."""
    options = SearchOptions(
        mode=settings.search_mode,
        fusion=settings.fusion,
        lexical_weight=settings.lexical_weight,
        dense_weight=settings.dense_weight,
    )
    policy = AbstainPolicy(min_coverage=settings.min_coverage, min_dense=settings.min_dense_score)
    cache = str(settings.model_cache_dir) if settings.model_cache_dir else None
    return Engine(index_dir or settings.index_dir, options, policy, settings.hub_endpoint, cache)


def _warn_fallback(requested: str, reason: str) -> None:
    bar = "!" * 78
    click.secho(
        f"{bar}\nWARNING: embedding model {requested!r} is unavailable:\n  {reason}\n"
        "Using the BUILT-IN OFFLINE encoder instead (recorded in the index manifest).\n"
        f"Dense search is much weaker with it; answers lean on keyword search.\n{bar}",
        err=True,
        fg="yellow",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """Isnad: answer Arabic questions about news with cited sentences."""
    settings = _settings()
    _configure_logging(settings.log_level)
    ctx.obj = settings


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-d", "--index-dir", type=click.Path(path_type=Path), help="Index directory (default: ISNAD_INDEX_DIR).")
@click.option("-f", "--full", is_flag=True, help="Embed every sentence again, ignoring the embedding cache.")
@click.option("-m", "--model", help="Embedding model (default: ISNAD_EMBEDDING_MODEL).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_obj
def index_build(
    settings: Settings, paths: tuple[Path, ...], index_dir: Path | None, full: bool, model: str | None, quiet: bool
) -> None:
    """Build or rebuild the index from article folders (.txt) and JSONL files.

    \b
    Examples:
        isnad index                      # seeds/ into data/index
        isnad index seeds/ archive.jsonl --index-dir /srv/isnad/index
        isnad index --full               # re-embed everything
    """
    from index.build import build_index
    from index.embed import load_encoder

    sources = list(paths) or list(settings.corpus)
    try:
        encoder = load_encoder(
            model or settings.embedding_model,
            allow_fallback=settings.embedding_fallback,
            hub_endpoint=settings.hub_endpoint,
            timeout=settings.model_load_timeout,
            cache_folder=str(settings.model_cache_dir) if settings.model_cache_dir else None,
        )
        if encoder.info.fallback:
            _warn_fallback(encoder.info.requested, encoder.info.fallback_reason)
        report = build_index(
            sources,
            index_dir or settings.index_dir,
            encoder,
            full=full,
            progress=not quiet,
            batch_size=settings.embedding_batch_size,
            approximate_above=settings.approximate_above,
        )
    except IndexError_ as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report_text(report))


_K = click.option("-k", "--k", "k", type=click.IntRange(1, 50), help="Citations per answer (default: ISNAD_TOP_K).")
_MODE = click.option("--mode", type=click.Choice(MODES), help="Search legs (default: ISNAD_SEARCH_MODE).")
_DIR = click.option("-d", "--index-dir", type=click.Path(path_type=Path), help="Index directory.")
_JSON = click.option("json_", "-j", "--json", is_flag=True, help="Machine-readable JSON output.")


@main.command("ask")
@click.argument("question")
@_K
@_JSON
@_DIR
@_MODE
@click.pass_obj
def ask_once(settings: Settings, question: str, k: int | None, json_: bool, index_dir: Path | None, mode: str | None) -> None:
    """Answer one question with cited sentences.

    \b
    Example:
        isnad ask "ماذا قال كيري؟" --k 3
    """
    engine = engine_from_settings(settings, index_dir)
    try:
        answer = engine.answer(question, k or settings.top_k, mode)
    except IndexError_ as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(answer_json(answer) if json_ else answer_text(answer))


@main.command("repl")
@_K
@_JSON
@_DIR
@_MODE
@click.pass_obj
def repl_run(settings: Settings, k: int | None, json_: bool, index_dir: Path | None, mode: str | None) -> None:
    """Ask questions interactively; --json reads one question per line from stdin.

    \b
    Examples:
        isnad repl
        printf 'ماذا قال كيري؟\\n' | isnad repl --json
    """
    engine = engine_from_settings(settings, index_dir)
    try:
        _ = engine.index
        if (mode or settings.search_mode) != "lexical":
            _ = engine.index.encoder
    except IndexError_ as exc:
        raise click.ClickException(str(exc)) from exc

    conversation = Conversation(engine, k=k or settings.top_k, mode=mode)
    if json_:
        run_json(conversation.handle, sys.stdin, sys.stdout, on_new_conversation=conversation.reset)
    else:
        run_interactive(conversation.handle, settings.history_file, sys.stdout, on_new_conversation=conversation.reset)


@main.command("eval")
@click.option("-q", "--questions", "questions_path", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("../shared/eval/seeds-dev.jsonl"), show_default=True, help="Question set (JSONL).")
@_K
@_JSON
@_DIR
@_MODE
@click.pass_obj
def eval_run(settings: Settings, questions_path: Path, k: int | None, json_: bool, index_dir: Path | None,
             mode: str | None) -> None:
    """Score answers against a question set with gold evidence (hit@1, hit@5, recall@5, MRR).

    \b
    Example:
        isnad eval --questions ../shared/eval/seeds-dev.jsonl --mode lexical
    """
    from bot.report import summary_json, summary_table
    from retrieval.evaluate import evaluate, load_questions, summarize

    if not questions_path.is_file():
        raise click.ClickException(f"no question set at {questions_path}; pass --questions PATH")
    engine = engine_from_settings(settings, index_dir)
    try:
        scores = evaluate(load_questions(questions_path), lambda q: engine.answer(q.question, k or 5, mode))
    except IndexError_ as exc:
        raise click.ClickException(str(exc)) from exc
    rows = summarize(scores)
    click.echo(summary_json(rows) if json_ else summary_table(rows))


if __name__ == "__main__":  # pragma: no cover
    main()
