"""Understand what a message asks: a command («المزيد», «السياق 2», «المصدر 1») or a question,
and of what kind (speaker, person, date, place, number, reason, yes-no, other).

Everything here is pure text logic over normalised text, shared by the REPL and Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.normalize import normalize_arabic
from index.speakers import SPEECH_VERBS
from retrieval.question_text import MAX_QUESTION_CHARS, clean_question, normalize_question
from retrieval.speakers import parse_speaker_question

__all__ = ["ANSWER_CUE_KINDS", "MAX_QUESTION_CHARS", "clean_question", "Command", "Understood", "has_answer_cue", "normalize_question", "parse_command", "question_kind", "understand"]

_SPEAKER = re.compile(
    r"^(?:و|ف)?(?:ماذا|بماذا|ما الذي|ما ذا)\s+(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b"
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


def parse_command(text: str) -> Command:
    """Whether a message is «المزيد», «السياق N», «المصدر N» (or English), or a question."""
    clean = normalize_question(text)
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
    clean = normalize_question(question)
    if _SPEAKER.search(clean):
        return "speaker"
    for kind, pattern in _KIND_CUES:
        if pattern.search(clean):
            return kind
    return "other"


@dataclass(frozen=True)
class Understood:
    """A question as understood in its conversation.

    ``resolved`` is the question to search for; ``subject`` is who or what it is about
    (for the next follow-up); ``about_previous`` marks «ومتى قال ذلك؟»-style questions about
    the previous answer, which are answered from its citations.
    """

    resolved: str
    kind: str
    subject: str | None = None
    about_previous: bool = False


_ELLIPSIS = re.compile(r"^(?:و|ف)\s*(?:ماذا|ما)\s+عن\s+(?P<a>.+)$|^(?:ماذا|ما)\s+عن\s+(?P<b>.+)$|^و(?P<c>[^\s].*)$")
_PERSON_SUBJECT = re.compile(r"^(?:و|ف)?(?:من|ما)\s+(?:هو|هي|هم)\s+(?P<s>.+)$")
_PRONOUN_SPEAKER = re.compile(r"^(?:و|ف)?(?:ماذا|بماذا|ما الذي)\s+(?P<verb>\S+)(?:\s+(?:عن|بشان|حول)\s+(?P<topic>.+))?$")
_ABOUT_PREVIOUS = re.compile(r"^(?:و|ف)?(?:متي|اين|كيف|لماذا)(?:\s+(?:قال|قالت|حدث|كان|جري|تم)(?:\s+ذلك|\s+هذا)?|\s+ذلك|\s+هذا)?$")
MAX_ELLIPSIS_WORDS = 4


def _subject_of(question: str, kind: str) -> str | None:
    """Who a question is about, where its form says so."""
    clean = normalize_question(question)
    if kind == "speaker":
        speaker = parse_speaker_question(question)
        return speaker.subject if speaker else None
    match = _PERSON_SUBJECT.match(clean)
    return match.group("s") if match else None


def _elliptical_subject(clean: str) -> str | None:
    if len(clean.split()) > MAX_ELLIPSIS_WORDS or question_kind(clean) != "other":
        return None
    match = _ELLIPSIS.match(clean)
    if not match:
        return None
    subject = next(g for g in match.groups() if g).strip()
    return subject if subject and subject not in ("هو", "هي", "ذلك", "هذا") else None


def understand(question: str, previous: Understood | None) -> Understood:
    """Resolve a message against the previous question of its conversation.

    - «ولافروف؟», «وماذا عن لافروف؟» after «ماذا قال كيري؟» ask «ماذا قال لافروف؟»;
    - «ماذا قال؟» (no subject) after «من هو مبعوث الأمم المتحدة إلى سوريا؟» asks what
      that envoy said;
    - «ومتى قال ذلك؟», «وأين؟» ask about the previous answer;
    - anything else is a new, complete question.
    """
    clean = normalize_question(question)
    kind = question_kind(question)
    if previous is not None:
        followed = _follow_up(clean, kind, previous)
        if followed is not None:
            return followed
    return Understood(question.strip(), kind, _subject_of(question, kind))


def _follow_up(clean: str, kind: str, previous: Understood) -> Understood | None:
    if _ABOUT_PREVIOUS.match(clean) and kind in ("date", "place", "reason", "other"):
        asked = clean.split()[0].lstrip("وف") if clean[:1] in "وف" else clean.split()[0]
        base = previous.resolved.split(": ", 1)[1] if previous.about_previous else previous.resolved
        return Understood(f"{asked}: {base}", kind, previous.subject, about_previous=True)
    subject = _elliptical_subject(clean)
    if subject is not None:
        return _with_subject(previous, subject)
    pronoun = _PRONOUN_SPEAKER.match(clean)
    if pronoun and kind == "speaker" and previous.subject and pronoun.group("verb") in SPEECH_VERBS:
        topic = f" عن {pronoun.group('topic')}" if pronoun.group("topic") else ""
        return Understood(f"ماذا {pronoun.group('verb')} {previous.subject}{topic}؟", "speaker", previous.subject)
    return None


def _with_subject(previous: Understood, subject: str) -> Understood:
    if previous.kind == "speaker" and previous.subject:
        asked = parse_speaker_question(previous.resolved)
        topic = f" عن {asked.topic}" if asked and asked.topic else ""
        verb = _speech_verb(previous.resolved)
        return Understood(f"ماذا {verb} {subject}{topic}؟", "speaker", subject)
    if previous.subject and previous.subject in normalize_question(previous.resolved):
        return Understood(normalize_question(previous.resolved).replace(previous.subject, subject) + "؟", previous.kind, subject)
    return Understood(f"{normalize_question(previous.resolved)} {subject}؟", previous.kind, subject)


def _speech_verb(question: str) -> str:
    return next((w for w in normalize_question(question).split() if w in SPEECH_VERBS), "قال")


# What an answer of each kind looks like, in normalised text.
_ANSWER_CUES = {
    "date": re.compile(
        r"\b(?:يوم|اليوم|امس|غدا|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|يناير|فبراير|مارس|ابريل|"
        r"مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|كانون|شباط|اذار|نيسان|ايار|حزيران|تموز|ايلول|تشرين|"
        r"الاسبوع|الشهر|العام|مساء|صباح)\b|\b(?:19|20)\d\d\b"
    ),
    "number": re.compile(r"\d|\b(?:واحد|اثنان|اثنين|ثلاث|اربع|خمس|ست|سبع|ثمان|تسع|عشر|عشرات|مئات|الاف|الف|مليون|مئه|ماءه)"),
    "place": re.compile(r"\b(?:في|فى|امام|الي|من)\s+(?:مدينه|حي|محافظه|منطقه|عاصمه|دوله|شمال|جنوب|شرق|غرب|وسط)?\s*\S{3,}"),
    "reason": re.compile(r"\b(?:لان|لانه|لانها|بسبب|بهدف|من اجل|نتيجه|لكي|بغيه|اثر|ردا علي)\b"),
}


#: Question kinds whose answers can be recognised by their form.
ANSWER_CUE_KINDS = frozenset(_ANSWER_CUES)


def has_answer_cue(kind: str, text: str) -> bool:
    """Whether a sentence carries the kind of answer a question of ``kind`` asks for."""
    pattern = _ANSWER_CUES.get(kind)
    return bool(pattern and pattern.search(normalize_arabic(text)))
