"""The interactive REPL and its machine interface (``--json``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from bot.render import error_json, reply_json, reply_text
from index import IndexError_
from retrieval.conversation import Notice, Reply

__all__ = ["EXIT_WORDS", "refuse_json", "run_json", "run_interactive"]

logger = logging.getLogger(__name__)

EXIT_WORDS = frozenset({"exit", "quit", "خروج"})
BANNER = "إسناد: اسأل عن الأخبار المفهرسة، مثل: ماذا قال كيري؟\nType 'exit' or 'quit' (or Ctrl-D) to exit."
PROMPT = "؟> "

Ask = Callable[[str], Reply]


SORRY = "تعذّر الجواب عن هذا السؤال بسبب خطأ داخلي؛ سُجّل الخطأ. جرّب سؤالاً آخر."


def _safe_ask(ask: Ask, question: str) -> Reply:
    """One turn; an unexpected failure is logged and becomes a short reply, never the end of the loop.

    An unusable index (:class:`IndexError_`) is not such a failure: it ends the session, and the
    command says what to rebuild.
    """
    try:
        return ask(question)
    except IndexError_:
        raise
    except Exception:  # noqa: BLE001 - one bad question must not end the session
        logger.exception("Could not answer %r", question)
        return Notice(SORRY, "internal_error")


def run_json(ask: Ask, lines: Iterable[str], out: TextIO, on_new_conversation: Callable[[], None]) -> None:
    """One JSON object per question line; a blank line starts a new conversation."""
    for raw in lines:
        question = raw.strip()
        if not question:
            on_new_conversation()
            continue
        try:
            reply = _safe_ask(ask, question)
        except IndexError_ as exc:
            print(error_json(question, str(exc)), file=out, flush=True)
            raise
        print(reply_json(question, reply), file=out, flush=True)


def refuse_json(lines: Iterable[str], out: TextIO, error: str) -> None:
    """The error line for the first question when the index cannot be opened: every question gets a line."""
    question = next((line.strip() for line in lines if line.strip()), None)
    if question is not None:
        print(error_json(question, error), file=out, flush=True)


def _enable_history(path: Path) -> Callable[[], None]:
    try:
        import readline
    except ImportError:  # pragma: no cover - readline is absent on some platforms
        return lambda: None
    history = path.expanduser()
    try:
        readline.read_history_file(history)
    except (FileNotFoundError, OSError):
        pass

    def save() -> None:
        try:
            readline.write_history_file(history)
        except OSError as exc:
            logger.warning("Could not save REPL history to %s: %s", history, exc)

    return save


def run_interactive(
    ask: Ask, history: Path, out: TextIO, read: Callable[[str], str] = input, on_new_conversation: Callable[[], None] = lambda: None
) -> None:
    """Prompt, answer, repeat, until exit, quit or end of input."""
    save_history = _enable_history(history)
    print(BANNER, file=out, flush=True)
    try:
        while True:
            try:
                question = read(PROMPT).strip()
            except EOFError:
                print(file=out)
                break
            except KeyboardInterrupt:
                print(file=out)
                continue
            if question.lower() in EXIT_WORDS:
                break
            if not question:
                on_new_conversation()
                continue
            print(reply_text(_safe_ask(ask, question)), file=out, flush=True)
    finally:
        save_history()
