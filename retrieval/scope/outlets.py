"""The outlet a question is scoped to: «ماذا نشرت عكاظ عن الحج؟», «حسب الرياض، …», "according to Al Riyadh".

An index knows its outlets by the ``source`` its articles carry («okaz», «JawharaFM», «وات»). Readers
name them otherwise: :data:`KNOWN_OUTLETS` gives the Arabic and Latin names of the outlets of the
corpora we know, and every source is also called by its own string. A name counts as an outlet only
after a word that introduces one («نشرت»، «كتبت»، «أوردت»، «حسب»، «نقلا عن»، «صحيفة»، "according to",
«selon») or, for names that are common words too («اليوم»، «المدينة»، «الوطن»), only after «صحيفة»,
«جريدة», «موقع» or «وكالة»: «حسب الوزير» is no outlet, and «ماذا قال الوطن» asks about a country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.text.normalize import normalize_arabic
from retrieval.question.question_text import without_span

__all__ = ["KNOWN_OUTLETS", "Outlet", "find_outlet", "outlet_names", "topic_after"]

#: Names readers give the outlets of the corpora we know, by the ``source`` their articles carry.
KNOWN_OUTLETS: dict[str, tuple[str, ...]] = {
    "alriyadh": ("الرياض", "al riyadh", "al-riyadh", "alriyadh"),
    "was": ("واس", "وكالة الأنباء السعودية", "saudi press agency", "spa"),
    "aljazirah": ("الجزيرة", "al jazirah", "al-jazirah", "aljazirah"),
    "okaz": ("عكاظ", "okaz", "okaz newspaper"),
    "alyaum": ("اليوم", "al yaum", "alyaum"),
    "aleqtisadiya": ("الاقتصادية", "al eqtisadiya", "aleqtisadiya", "al-eqtisadiah"),
    "almadina": ("المدينة", "al madina", "al-madina", "almadina"),
    "sabq": ("سبق", "sabq"),
    "aawsat": ("الشرق الأوسط", "asharq al-awsat", "asharq al awsat", "aawsat"),
    "alwatan": ("الوطن", "al watan", "al-watan", "alwatan"),
    "alweeam": ("الوئام", "al weeam", "alweeam"),
    "3alyoum": ("عين اليوم", "3alyoum"),  # how its own articles name it
    "arriyadiyah": ("الرياضية", "arriyadiyah", "al riyadiyah"),
    "JawharaFM": ("جوهرة أف أم", "جوهرة اف ام", "جوهرة إف إم", "إذاعة جوهرة", "jawhara fm", "jawharafm"),
}
#: Names that are everyday words too: an outlet only after «صحيفة», «جريدة», «موقع», «وكالة».
_COMMON_WORDS = frozenset(normalize_arabic(w) for w in ("اليوم", "المدينة", "الوطن", "الرياضية", "الجزيرة"))
_KIND = r"(?:صحيفه|جريده|يوميه|موقع|وكاله|اذاعه|قناه|newspaper|the|journal|le|la)"
_PUBLISHED = r"(?:نشرت|نشر|كتبت|كتب|اوردت|اورد|ذكرت|ذكر|نقلت|نقل|تناولت|تناول)(?:ه|ها)?"
_CUE = (rf"(?:ماذا|ما الذي|ما|بم|بماذا)\s+(?:{_PUBLISHED}|قالت|قال)"
        r"|(?:و|ف)?في\s+(?:خبر|تقرير|مقال)"
        r"|(?:و|ف)?(?:حسب|بحسب|وفق|وفقا\s+ل|نقلا\s+عن|كما\s+(?:نشرت|ذكرت|اوردت|افادت))"
        r"|(?:و|ف)?(?:في|علي)(?:\s+صفحات)?"
        r"|according\s+to|what\s+did|in|selon|d'après|d'apres|qu'a\s+publié|qu'a\s+écrit")


@dataclass(frozen=True)
class Outlet:
    """An outlet of the index a question names: its ``source`` and the words that named it."""

    source: str
    text: str


def outlet_names(sources: Iterable[str]) -> dict[str, str]:
    """Every name (normalised) of each source, mapped to the source: its known names and itself."""
    names: dict[str, str] = {}
    for source in sources:
        for name in (*KNOWN_OUTLETS.get(source, ()), source):
            names.setdefault(normalize_arabic(name).lower(), source)
    return names


def find_outlet(normalized: str, names: dict[str, str]) -> tuple[Outlet | None, str]:
    """The outlet a normalised question names (:func:`outlet_names` of the index), and the question without
    the words that named it; ``(None, normalized)`` when it names none."""
    if not names:
        return None, normalized
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w])(?P<cue>{_CUE})\s+(?P<kind>{_KIND}\s+)?(?P<name>{alternatives})(?![\w])\s*[,،:]?")
    for match in pattern.finditer(normalized):
        name = match.group("name")
        if name in _COMMON_WORDS and not match.group("kind") and not re.search(_PUBLISHED, match.group("cue")):
            continue  # «حسب اليوم»: a day, «ماذا قال الوطن» a country; «ماذا نشرت الجزيرة» a newspaper
        if re.fullmatch(r"(?:و|ف)?(?:في|علي)|in", match.group("cue")) and not match.group("kind"):
            continue  # «في الرياض» is the city; «في صحيفة الرياض» the newspaper
        rest = without_span(normalized, match.start(), match.end())
        outlet = Outlet(names[name], match.group(0).strip())
        return outlet, topic_after(outlet, rest)
    return None, normalized


_ASKED = re.compile(r"^(?:ماذا|ما الذي|ما|بم|بماذا|what did|qu'a)", re.IGNORECASE)
_ABOUT = re.compile(r"^(?:(?:report|say|write|publish)\s+)?(?:عن|حول|بشان|بشأن|بخصوص|about|on|sur)\s+", re.IGNORECASE)


def topic_after(outlet: Outlet, rest: str) -> str:
    """What is asked once the outlet is set apart: «ماذا نشرت عكاظ عن الحج» asks about «الحج»."""
    return _ABOUT.sub("", rest) if _ASKED.match(outlet.text) else rest

