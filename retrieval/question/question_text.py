"""A user's message as text: made safe to search, normalised for matching its form, stemmed, and its script."""

from __future__ import annotations

import re

from index.text.analyze import analyze
from index.text.normalize import normalize_arabic, strip_invisible

__all__ = ["MAX_QUESTION_CHARS", "clean_question", "is_arabic_script", "normalize_question", "without_phrase",
           "without_span", "word_stems"]

#: Questions are cut to this many characters: nobody asks in more, and the engine's cost
#: grows with the question's length.
MAX_QUESTION_CHARS = 500
#: Terminal escape sequences (colours, cursor moves) pasted with a question.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
#: C0 and C1 control characters (NUL, bell, DEL ...): a space each, so words either side stay apart.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_question(text: str) -> str:
    """A user's message made safe to search: valid Unicode, no invisible marks, no control characters or
    terminal escapes, one line, bounded.

    Undecodable input arrives as lone surrogates (Python's ``surrogateescape``); they would
    break the encoder's tokenizer, so they become U+FFFD.
    """
    text = text.encode("utf-8", "replace").decode("utf-8") if any("\ud800" <= c <= "\udfff" for c in text) else text
    text = _CONTROLS.sub(" ", _ANSI.sub("", text))
    text = " ".join(strip_invisible(text).split())
    return text[:MAX_QUESTION_CHARS]


def normalize_question(text: str) -> str:
    """A question normalised for matching its form, trailing punctuation and quotes removed."""
    norm = normalize_arabic(text).strip()
    return re.sub(r"[\s؟?!.،,«»\"']+$", "", norm).strip()


def is_arabic_script(text: str) -> bool:
    """Whether most letters of ``text`` are Arabic (U+0600-U+06FF and presentation forms)."""
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufefc")
    return bool(letters) and arabic * 2 >= len(letters)


def word_stems(text: str) -> set[str]:
    """The stems of ``text``'s content words, as the index analyses them (stop words left out).

    Front ends compare a question's stems with a word's to show which words of a cited
    sentence the question matched.
    """
    return set(analyze(text))


def without_span(text: str, start: int, end: int) -> str:
    """``text`` without ``text[start:end]``, the spaces left either side made one."""
    return re.sub(r"\s{2,}", " ", text[:start] + " " + text[end:]).strip()


def _bare(word: str) -> str:
    return re.sub(r"[^\w']", "", normalize_question(word))


def without_phrase(text: str, phrase: str) -> str:
    """``text`` without the run of words that normalise to ``phrase``'s (punctuation aside), its own spelling
    kept for the rest: «ما أخبار الأمطار حسب واس؟» without «حسب واس» is «ما أخبار الأمطار؟»."""
    wanted = [w for w in (_bare(p) for p in phrase.split()) if w]
    words = [(m.start(), m.end(), _bare(m.group())) for m in re.finditer(r"\S+", text)]
    words = [w for w in words if w[2]]
    for i in range(len(words) - len(wanted) + 1):
        if wanted and [w[2] for w in words[i : i + len(wanted)]] == wanted:
            start, end = words[i][0], words[i + len(wanted) - 1][1]
            tail = re.sub(r"^[\s،,:]+", " ", text[end:])
            kept = re.sub(r"\s{2,}", " ", text[:start] + tail).strip(" ،,")
            mark = text.rstrip()[-1:] if text.rstrip().endswith(("؟", "?")) else ""
            return kept + mark if mark and not kept.endswith(mark) else kept
    return text
