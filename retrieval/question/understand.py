"""Understand what a message asks, once per turn: a command («المزيد», «السياق 2», «المصدر 1»)
or a question, of what kind, about whom, and how it follows the previous question.

:func:`hear` cleans and normalises a message (the only time a turn normalises it);
:func:`understand` turns it into an :class:`Understood` value that search, answering and
the conversation state all take as it is. Speaker questions have one grammar here
(:func:`parse_speaker_question`), used both to recognise them and to rebuild them with another
subject («ولافروف؟» after «بم صرح كيري؟» asks «بم صرح لافروف؟»).

Everything here is pure text logic over normalised text, shared by the REPL and Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.speech.lexicon import SPEECH_VERBS, TITLE_WORDS
from index.text.normalize import normalize_arabic
from retrieval.scope.periods import split_latest, split_period
from retrieval.question.question_text import (
    MAX_QUESTION_CHARS,
    clean_question,
    is_arabic_script,
    normalize_question,
    without_phrase,
)

__all__ = [
    "ANSWER_CUE_KINDS", "MAX_QUESTION_CHARS", "Command", "Heard", "SpeakerQuestion", "Understood", "clean_question",
    "has_answer_cue", "hear", "normalize_question", "parse_latin_speaker_question", "parse_speaker_question",
    "question_kind", "understand", "understand_text",
]

# ---------------------------------------------------------------------------------------------
# Commands


_MORE = re.compile(r"^(?:ال)?مزيد|^more$|^next$|^التالي$|^اكثر$")
_CONTEXT = re.compile(r"^(?:ال)?سياق\s*(\d+)?$|^context\s*(\d+)?$")
_SOURCE = re.compile(r"^(?:ال)?مصدر\s*(\d+)?$|^source\s*(\d+)?$")
_OUTLETS = re.compile(r"^(?:ال)?مصادر$|^sources$|^outlets$")


@dataclass(frozen=True)
class Command:
    """A conversation command; ``name`` is ``more``, ``context``, ``source``, ``outlets`` or ``question``."""

    name: str
    number: int | None = None


@dataclass(frozen=True)
class Heard:
    """A message as received: ``text`` cleaned for display and search, ``normalized`` for its form."""

    text: str
    normalized: str
    command: Command


def _command(clean: str) -> Command:
    if _MORE.match(clean) and len(clean.split()) <= 2:
        return Command("more")
    if _OUTLETS.match(clean):
        return Command("outlets")
    for name, pattern in (("context", _CONTEXT), ("source", _SOURCE)):
        match = pattern.match(clean)
        if match:
            digits = next((g for g in match.groups() if g), None)
            return Command(name, int(digits) if digits else None)
    return Command("question")


def hear(text: str) -> Heard:
    """Clean and normalise a message once, and tell a command from a question."""
    clean = clean_question(text).strip()
    normalized = normalize_question(clean)
    return Heard(clean, normalized, _command(normalized))


# ---------------------------------------------------------------------------------------------
# Speaker questions: one grammar


_CONJ = r"(?:و|ف)?\s*"
_VERBS = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_NOUNS = "تصريحات|تصريح|موقف|راي"
_ASK_VERB = re.compile(
    rf"^{_CONJ}(?P<lead>ماذا|بماذا|بم|ما الذي|ما ذا|ما)\s+(?P<verb>{_VERBS})(?P<obj>ه|ها)?(?=\s|$)\s*(?P<rest>.*)$"
)
_ASK_NOUN = re.compile(rf"^{_CONJ}ما\s+(?:(?:هو|هي)\s+)?(?P<verb>{_NOUNS})(?P<obj>ه|ها|هم)?(?=\s|$)\s*(?P<rest>.*)$")
_TOPIC_PREPOSITIONS = ("عن", "بشان", "حول", "في", "من", "ازاء", "تجاه", "بخصوص", "بعد", "قبل", "عقب", "اثر", "اثناء", "خلال")
_TOPIC = re.compile(r"(?:^|\s)(?P<prep>" + "|".join(_TOPIC_PREPOSITIONS) + r")\s")
# Verbs of reply take their topic with «على» («بم ردت الرئاسة على تصريحات ...»); after any other
# verb «علي» is more likely a name («زين العابدين بن علي»).
_REPLY_VERBS = frozenset(normalize_arabic(v) for v in "رد ردت ردوا علق علقت علقوا عقب عقبت عقبوا".split())
_REPLY_TOPIC = re.compile(r"(?:^|\s)(?P<prep>" + "|".join((*_TOPIC_PREPOSITIONS, "علي")) + r")\s")


@dataclass(frozen=True)
class SpeakerQuestion:
    """A speaker question's parts: «ماذا (lead) قال (verb) كيري (subject) عن (preposition) الهدنة (topic)».

    ``subject`` is empty when a pronoun stands for it («ماذا قال عن الهدنة؟», «ما موقفه؟»);
    ``topic`` is empty when anything the subject said is asked for. All parts are normalised.
    """

    subject: str
    topic: str = ""
    verb: str = "قال"
    lead: str = "ماذا"
    preposition: str = "عن"

    def ask(self, subject: str | None = None) -> str:
        """The question in this form, about ``subject`` (default: its own)."""
        who = subject if subject is not None else self.subject
        about = f" {self.preposition} {self.topic}" if self.topic else ""
        return f"{self.lead} {self.verb} {who}{about}؟".replace("  ", " ")


# English and French speaker questions, read from the cleaned text in its own case (capitals tell
# names from words): the subject stays in Latin script here; answering gives it its Arabic form
# from the index (retrieval.crossscript).
_LATIN_SAY = r"(?:say|said|tell|told|declare|declared|announce|announced|state|stated|warn|warned|reveal|revealed)"
_LATIN_TOPIC = r"(?:\s+(?:about|on|regarding|concerning|over|sur|à propos de|au sujet de|concernant)\s+(?P<topic>.+))?"
_ASK_ENGLISH = re.compile(
    rf"^(?:and\s+)?what\s+(?:did|does|has|have|had)\s+(?P<subject>.+?)\s+{_LATIN_SAY}\b{_LATIN_TOPIC}$", re.I
)
_FRENCH_SAY = r"(?:dit|déclaré|declare|annoncé|annonce|affirmé|affirme|répondu|repondu|averti|révélé|revele)"
# «Qu'a dit X», «Qu'est-ce qu'a déclaré X», «Que dit X»: a verb of saying is required.
_ASK_FRENCH = re.compile(
    rf"^(?:et\s+)?(?:(?:qu'\s*(?:a|ont|avait)|qu'est-ce\s+qu'\s*(?:a|ont))\s+{_FRENCH_SAY}|que\s+(?:dit|disent|a dit))\s+"
    rf"(?P<subject>.+?){_LATIN_TOPIC}$", re.I
)


def parse_latin_speaker_question(text: str) -> SpeakerQuestion | None:
    """«What did Chahed say about corruption?», «Qu'a dit Chahed sur la corruption ?»: subject and topic,
    in the question's own case (capitals tell names from words)."""
    text = re.sub(r"[\s?!.]+$", "", text.replace("’", "'")).strip()
    for pattern in (_ASK_ENGLISH, _ASK_FRENCH):
        match = pattern.match(text)
        if match and match.group("subject").strip():
            return SpeakerQuestion(match.group("subject").strip(), (match.group("topic") or "").strip())
    return None


def parse_speaker_question(normalized: str) -> SpeakerQuestion | None:
    """The parts of a speaker question (normalised text), or None for any other question."""
    match = _ASK_VERB.match(normalized)
    lead = match.group("lead") if match else "ما"
    match = match or _ASK_NOUN.match(normalized)
    if not match:
        return None
    verb = match.group("verb")
    subject, preposition, topic = _split_topic(match.group("rest").strip(), verb in _REPLY_VERBS)
    if match.re is _ASK_VERB:
        if lead == "ما" and not subject and not match.group("obj"):
            return None  # «ما قال»: a verb after bare «ما» asks about someone only when it names them
        verb += match.group("obj") or ""  # «ما الذي قاله»: the object pronoun belongs to the form
    return SpeakerQuestion(subject, topic, verb, lead, preposition or "عن")


def _split_topic(rest: str, reply: bool = False) -> tuple[str, str, str]:
    """«كيري عن الهدنة» → (كيري, عن, الهدنة); «عن الهدنة» → ("", عن, الهدنة)."""
    match = (_REPLY_TOPIC if reply else _TOPIC).search(rest)
    if not match:
        return rest, "", ""
    return rest[: match.start()].strip(), match.group("prep"), rest[match.end() :].strip()


# ---------------------------------------------------------------------------------------------
# Question kinds


_KIND_CUES = (
    ("date", re.compile(r"^(?:و|ف)?متي\b|\bفي اي (?:يوم|شهر|عام|سنه|تاريخ)\b")),
    ("place", re.compile(r"^(?:و|ف)?(?:اين|الي اين|من اين)\b|\bفي اي (?:مدينه|بلد|مكان|دوله)\b")),
    ("number", re.compile(r"^(?:و|ف)?(?:كم|بكم|علي كم)\b|\b(?:عدد|كم)\b")),
    ("reason", re.compile(r"^(?:و|ف)?(?:لماذا|لم|لما)\b|\b(?:ما سبب|ما اسباب|ما الذي دفع)\b")),
    ("yes-no", re.compile(r"^(?:و|ف)?(?:هل|أ)\b")),
    ("person", re.compile(r"^(?:و|ف)?(?:من|لمن|مع من)\s+(?:هو|هي|هم|الذي|التي|الذين)?\b")),
)
_PERSON_SUBJECT = re.compile(r"^(?:و|ف)?(?:من|ما)\s+(?:هو|هي|هم)\s+(?P<s>.+)$")


def _kind(normalized: str, speaker: SpeakerQuestion | None) -> str:
    if speaker is not None:
        return "speaker"
    for kind, pattern in _KIND_CUES:
        if pattern.search(normalized):
            return kind
    return "other"


def question_kind(question: str) -> str:
    """The kind of answer a question asks for, from its question words; ``other`` if none."""
    normalized = normalize_question(question)
    return _kind(normalized, parse_speaker_question(normalized))


# ---------------------------------------------------------------------------------------------
# The understood question


#: How a question relates to the previous one.
NEW, NEW_SUBJECT, SAME_SUBJECT, PREVIOUS_ANSWER = "new", "new-subject", "same-subject", "previous-answer"


@dataclass(frozen=True)
class Understood:
    """A question as understood in its conversation, computed once per turn.

    Attributes:
        text: What the user typed, cleaned (shown back as the question).
        resolved: The complete question answered («ماذا قال لافروف؟» for «ولافروف؟»).
        normalized: ``resolved`` normalised for matching (Arabic letters folded, end marks dropped).
        kind: speaker, person, date, place, number, reason, yes-no or other.
        subject: Who or what it is about, for the next follow-up.
        speaker: The speaker question's parts, for a speaker question.
        arabic: Whether the question is mostly in Arabic script (abstention's bar depends on it).
        follow_up: ``new``, ``new-subject`` («ولافروف؟»), ``same-subject`` («ماذا قال عن الهدنة؟»)
            or ``previous-answer`` («ومتى قال ذلك؟», answered from the previous citations).
        asked: The question word asked of the previous answer («متي»), for ``previous-answer``.
        base: For ``previous-answer``, the question whose answer is asked about.
        when: The words that scope it to a period («في ماي 2017»: :mod:`retrieval.scope.periods`), kept out of the
            other fields; a follow-up keeps its question's unless it names its own («وفي ماي؟»).
    """

    text: str
    resolved: str
    normalized: str
    kind: str
    subject: str | None = None
    speaker: SpeakerQuestion | None = None
    arabic: bool = True
    follow_up: str = NEW
    asked: str | None = None
    base: str | None = None
    when: str | None = None
    #: It asks for the newest first («آخر ما قاله X», "most recently").
    latest: bool = False

    @property
    def about_previous(self) -> bool:
        """Whether it asks about the previous answer rather than the index."""
        return self.follow_up == PREVIOUS_ANSWER

    @property
    def topic(self) -> str:
        """What a speaker question asks the speaker about (empty: anything)."""
        return self.speaker.topic if self.speaker else ""

    def to_dict(self) -> dict:
        """A JSON-ready dict (persisted with a conversation's state)."""
        speaker = self.speaker
        return {
            "text": self.text, "resolved": self.resolved, "normalized": self.normalized, "kind": self.kind,
            "subject": self.subject, "arabic": self.arabic, "follow_up": self.follow_up, "asked": self.asked,
            "base": self.base, "when": self.when, "latest": self.latest, "speaker": None if speaker is None else {
                "subject": speaker.subject, "topic": speaker.topic, "verb": speaker.verb, "lead": speaker.lead,
                "preposition": speaker.preposition,
            },
        }

    @classmethod
    def from_dict(cls, raw: dict) -> Understood:
        """Rebuild from :meth:`to_dict` output."""
        speaker = raw.get("speaker")
        return cls(
            str(raw["text"]), str(raw["resolved"]), str(raw["normalized"]), str(raw.get("kind") or "other"),
            raw.get("subject"), SpeakerQuestion(**speaker) if speaker else None, bool(raw.get("arabic", True)),
            str(raw.get("follow_up") or NEW), raw.get("asked"), raw.get("base"), raw.get("when"),
            bool(raw.get("latest", False)),
        )


def understand_text(question: str) -> Understood:
    """A message understood on its own, with no conversation (``isnad ask``, benchmarks)."""
    return understand(hear(question), None)


def understand(heard: Heard, previous: Understood | None) -> Understood:
    """Resolve a message against the previous question of its conversation.

    - «ولافروف؟», «وماذا عن لافروف؟» after «ماذا قال كيري؟» ask «ماذا قال لافروف؟», in the
      previous question's own form («بم صرح» stays «بم صرح», «ما موقف» stays «ما موقف»);
    - «ماذا قال؟», «ما موقفه من الهدنة؟» (no subject) ask about the previous subject;
    - «ومتى قال ذلك؟», «وأين؟» ask about the previous answer;
    - anything else is a new, complete question.
    """
    when, rest = split_period(heard.normalized)
    if when is not None and previous is not None and rest in ("", "و", "ف"):
        return replace(previous, text=heard.text, when=when, follow_up=SAME_SUBJECT)  # «وفي ماي؟»
    text = without_phrase(heard.text, when) if when else heard.text
    arabic = is_arabic_script(text)
    latest, rest = split_latest(rest)
    if latest and not arabic:
        text = split_latest(text)[1]
    speaker = parse_speaker_question(rest) if arabic else parse_latin_speaker_question(text)
    own = Understood(heard.text, text, rest, _kind(rest, speaker), _subject(rest, speaker), speaker, arabic, when=when,
                     latest=latest)
    if previous is None:
        return own
    followed = _follow_up(own, previous)
    return own if followed is None else replace(followed, when=when or previous.when)


def _subject(normalized: str, speaker: SpeakerQuestion | None) -> str | None:
    if speaker is not None:
        return speaker.subject or None
    match = _PERSON_SUBJECT.match(normalized)
    return match.group("s") if match else None


_ABOUT_PREVIOUS = re.compile(r"^(?:و|ف)?(?P<asked>متي|اين|كيف|لماذا)(?:\s+(?:قال|قالت|حدث|كان|جري|تم)(?:\s+ذلك|\s+هذا)?|\s+ذلك|\s+هذا)?$")
_ELLIPSIS = re.compile(r"^(?:و|ف)?\s*(?:ماذا|ما)\s+عن\s+(?P<a>.+)$|^و\s*(?P<b>\S.*)$")
_PRONOUNS = frozenset({"هو", "هي", "هم", "ذلك", "هذا", "ايضا"})
MAX_ELLIPSIS_WORDS = 4


def _follow_up(own: Understood, previous: Understood) -> Understood | None:
    about = _ABOUT_PREVIOUS.match(own.normalized)
    if about and own.kind in ("date", "place", "reason", "other"):
        base = previous.base if previous.about_previous else previous.resolved
        return replace(own, resolved=f"{about.group('asked')}: {base}", subject=previous.subject,
                       speaker=previous.speaker, follow_up=PREVIOUS_ANSWER, asked=about.group("asked"), base=base)
    subject = _elliptical_subject(own)
    if subject is not None:
        return _with_subject(own, previous, subject)
    if own.speaker is not None and not own.speaker.subject and previous.subject:
        return _asked(own, own.speaker, previous.subject, SAME_SUBJECT)
    return None


def _elliptical_subject(own: Understood) -> str | None:
    """The new subject of «ولافروف؟», «وماذا عن لافروف؟»; None for a complete question."""
    words = own.normalized.split()
    if not words or len(words) > MAX_ELLIPSIS_WORDS or own.kind != "other" or words[0] in TITLE_WORDS:
        return None  # «وزير الخارجية الروسي؟» asks about the minister, not «زير»
    match = _ELLIPSIS.match(own.normalized)
    if not match:
        return None
    subject = next(g for g in match.groups() if g).strip()
    return subject if subject and subject not in _PRONOUNS else None


def _with_subject(own: Understood, previous: Understood, subject: str) -> Understood:
    if previous.speaker is not None:
        return _asked(own, previous.speaker, subject, NEW_SUBJECT)
    asked = previous.base if previous.about_previous else previous.normalized
    if previous.subject and previous.subject in asked:
        normalized = asked.replace(previous.subject, subject)
    else:
        normalized = f"{asked} {subject}"
    return replace(own, resolved=normalized + "؟", normalized=normalized, kind=previous.kind, subject=subject,
                   follow_up=NEW_SUBJECT)


def _asked(own: Understood, form: SpeakerQuestion, subject: str, follow_up: str) -> Understood:
    """A speaker question in ``form``, about ``subject``."""
    speaker = replace(form, subject=subject)
    resolved = speaker.ask()
    return replace(own, resolved=resolved, normalized=resolved.rstrip("؟"), kind="speaker", subject=subject,
                   speaker=speaker, follow_up=follow_up)


# ---------------------------------------------------------------------------------------------
# Answer cues


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
