"""Understand what a message asks: a command («المزيد», «السياق 2», «المصدر 1») or a question,
and of what kind (speaker, person, date, place, number, reason, yes-no, other).

Everything here is pure text logic over normalised text, shared by the REPL and Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.normalize import normalize_arabic

__all__ = ["KINDS", "Command", "parse_command", "question_kind"]

KINDS = ("speaker", "person", "date", "place", "number", "reason", "yes-no", "other")

# Speech verbs, normalised, in the forms a question uses them («ماذا قال», «بماذا صرح»).
SPEECH_VERBS = (
    "قال", "قالت", "قالوا", "اعلن", "اعلنت", "اكد", "اكدت", "اضاف", "اضافت", "اعتبر", "اعتبرت", "اوضح",
    "اوضحت", "صرح", "صرحت", "دعا", "دعت", "حث", "حثت", "حذر", "حذرت", "انتقد", "انتقدت", "تابع",
    "ذكر", "ذكرت", "يقول", "تقول",
)
_SPEAKER = re.compile(
    r"^(?:و|ف)?(?:ماذا|بماذا|ما الذي|ما ذا)\s+(?:" + "|".join(SPEECH_VERBS) + r")\b"
    r"|^(?:و|ف)?ما\s+(?:موقف|راي|تصريحات|تصريح)\b"
)
_KIND_CUES = (
    ("date", re.compile(r"^(?:و|ف)?متي\b|\bفي اي (?:يوم|شهر|عام|سنه|تاريخ)\b")),
    ("place", re.compile(r"^(?:و|ف)?(?:اين|الي اين|من اين)\b|\bفي اي (?:مدينه|بلد|مكان|دوله)\b")),
    ("number", re.compile(r"^(?:و|ف)?(?:كم|بكم|علي كم)\b|\b(?:عدد|كم)\b")),
    ("reason", re.compile(r"^(?:و|ف)?(?:لماذا|لم|لما)\b|\b(?:ما سبب|ما اسباب|ما الذي دفع)\b")),
    ("yes-no", re.compile(r"^(?:و|ف)?(?:هل|أ)\b")),
    ("person", re.compile(r"^(?:و|ف)?(?:من|لمن|مع من)\s+(?:هو|هي|هم|الذي|التي|الذين)?\b")),
)

_MORE = re.compile(r"^(?:ال)?مزيد|^more$|^next$|^التالي$|^اكثر$")
_CONTEXT = re.compile(r"^(?:ال)?سياق\s*(\d+)?$|^context\s*(\d+)?$")
_SOURCE = re.compile(r"^(?:ال)?مصدر\s*(\d+)?$|^source\s*(\d+)?$")


@dataclass(frozen=True)
class Command:
    """A conversation command; ``name`` is ``more``, ``context``, ``source`` or ``question``."""

    name: str
    number: int | None = None


def _clean(text: str) -> str:
    norm = normalize_arabic(text).strip()
    return re.sub(r"[\s؟?!.،,«»\"']+$", "", norm).strip()


def parse_command(text: str) -> Command:
    """Whether a message is «المزيد», «السياق N», «المصدر N» (or English), or a question."""
    clean = _clean(text)
    if _MORE.match(clean) and len(clean.split()) <= 2:
        return Command("more")
    for name, pattern in (("context", _CONTEXT), ("source", _SOURCE)):
        match = pattern.match(clean)
        if match:
            digits = next((g for g in match.groups() if g), None)
            return Command(name, int(digits) if digits else None)
    return Command("question")


def question_kind(question: str) -> str:
    """The kind of answer a question asks for, from its question words; ``other`` if none."""
    clean = _clean(question)
    if _SPEAKER.search(clean):
        return "speaker"
    for kind, pattern in _KIND_CUES:
        if pattern.search(clean):
            return kind
    return "other"
