"""The period a question is scoped to: «في جانفي 2017», «بين مارس وماي», «الأسبوع الماضي», "in January 2017".

:func:`split_period` finds the words that set a period in a normalised question (Arabic letters folded,
Latin lower-cased, digits ASCII: :func:`retrieval.question.understand.hear`) and returns them apart from the rest
of the question, which is what is searched. :func:`resolve_period` turns those words into days, against
a reference day for what is relative («الشهر الماضي») or has no year («في ماي»: the last May up to it).

What sets a period, in order:

- a range: «بين مارس وماي 2017», «من 3 الى 10 أفريل», "between March and May", «entre mars et mai»;
- a day: «12 أفريل 2017», «يوم الاثنين 14 نوفمبر», "14 November";
- a month: «جانفي 2017», «شهر أوت», «في ماي», "in January 2017", «en janvier 2017»;
- a year: «في 2017», «عام 2016», «سنة 2016», "in 2016";
- relative: «الأسبوع الماضي», «هذا الشهر», «الشهر الماضي», «هذا العام», «العام الماضي», «منذ بداية العام»,
  «أمس», "last week", "this month", "last year", «la semaine dernière», «cette année», «hier».

Month names come from :data:`index.text.dates.MONTHS` (Maghrebi, Egyptian and Gulf, Levantine and Iraqi,
English, French). A month name alone counts only after a word of time («في، خلال، شهر، منذ، حتى», "in",
«en», «mois de») or beside a day or a year: «مارس» the verb («مارس الرياضة») and «آب» the father are not months.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from index.text.dates import MONTHS
from retrieval.question.question_text import without_span

__all__ = ["Period", "resolve_period", "split_latest", "split_period"]

_MONTH = "(?:" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + ")"
_MONTH_NO_SHORT = "(?:" + "|".join(sorted((re.escape(m) for m in MONTHS if len(m) > 2), key=len, reverse=True)) + ")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAYS = r"(?:الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_TIME_WORD = r"(?:(?:و|ف)?(?:في|خلال|منذ|حتي|الي|قبل|بعد|طيله|طوال)|(?:و|ف)?شهر|in|during|since|until|en|au mois de|en mois de|depuis|pendant|month of)"
_OPEN = r"(?:بين|من|between|from|entre|du|de)"
_JOIN = r"(?:و|الي|حتي|and|to|until|et|à|a|au)"
_EDGE_L, _EDGE_R = r"(?<![\w])", r"(?![\w])"

#: A point in a range or alone: «14 نوفمبر 2016», «نوفمبر 2016», «14 نوفمبر», «نوفمبر».
_LEAD = rf"(?:{_TIME_WORD}\s+){{0,2}}"  # «في شهر», «خلال شهر», "in the month of"
_POINT = rf"(?:(?P<d{{n}}>{_DAY})\s+)?(?P<m{{n}}>{_MONTH})(?:\s*[,،]?\s*(?P<y{{n}}>{_YEAR}))?"

_PATTERNS = (
    ("range", re.compile(rf"{_EDGE_L}{_LEAD}{_OPEN}\s+(?P<d1>{_DAY})\s+{_JOIN}\s*(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})"
                         rf"(?:\s*[,،]?\s*(?P<y2>{_YEAR}))?{_EDGE_R}")),  # «من 3 الى 10 أفريل»
    ("range", re.compile(rf"{_EDGE_L}{_LEAD}{_OPEN}\s+(?:{_WEEKDAYS}\s+)?{_POINT.format(n=1)}\s+{_JOIN}\s*"
                         rf"(?:{_WEEKDAYS}\s+)?{_POINT.format(n=2)}{_EDGE_R}")),
    ("day", re.compile(rf"{_EDGE_L}(?:(?:{_TIME_WORD}|يوم|(?:و|ف)?في يوم|on|le)\s+)?(?:{_WEEKDAYS}\s+)?(?P<d1>{_DAY})\s+"
                       rf"(?P<m1>{_MONTH})(?:\s*[,،]?\s*(?P<y1>{_YEAR}))?{_EDGE_R}")),
    ("month", re.compile(rf"{_EDGE_L}{_LEAD}(?P<m1>{_MONTH})\s*[,،]?\s*(?P<y1>{_YEAR}){_EDGE_R}")),
    ("month", re.compile(rf"{_EDGE_L}(?:{_TIME_WORD}\s+){{1,2}}(?P<m1>{_MONTH_NO_SHORT}){_EDGE_R}")),
    ("year", re.compile(rf"{_EDGE_L}(?:{_TIME_WORD}|(?:و|ف)?(?:عام|سنه|العام|السنه|في عام|في سنه)|in the year|en l'an|l'année)\s+(?P<y1>{_YEAR}){_EDGE_R}")),
)
_RELATIVE = (
    ("week", re.compile(r"(?:(?:في|خلال)\s+)?(?:الاسبوع\s+الماضي|الاسبوع\s+المنقضي|last\s+week|la\s+semaine\s+derniere|la\s+semaine\s+dernière)")),
    ("this_month", re.compile(r"(?:(?:في|خلال)\s+)?(?:هذا\s+الشهر|الشهر\s+الحالي|this\s+month|ce\s+mois(?:-ci)?)")),
    ("last_month", re.compile(r"(?:(?:في|خلال)\s+)?(?:الشهر\s+الماضي|الشهر\s+المنقضي|last\s+month|le\s+mois\s+dernier)")),
    ("this_year", re.compile(r"(?:(?:في|خلال)\s+)?(?:هذا\s+العام|هذه\s+السنه|هذا\s+السنه|العام\s+الحالي|السنه\s+الحاليه|"
                             r"منذ\s+بدايه\s+(?:العام|السنه)|this\s+year|since\s+the\s+(?:start|beginning)\s+of\s+the\s+year|"
                             r"cette\s+ann[ée]e|depuis\s+le\s+d[ée]but\s+de\s+l'ann[ée]e)")),
    ("last_year", re.compile(r"(?:(?:في|خلال)\s+)?(?:العام\s+الماضي|السنه\s+الماضيه|العام\s+المنقضي|last\s+year|l'ann[ée]e\s+derni[èe]re)")),
    ("yesterday", re.compile(r"(?:(?:و|ف)?امس|البارحه|yesterday|hier)(?![\w])")),
)


@dataclass(frozen=True)
class Period:
    """The days a question is scoped to (both ends included), and the words that set them."""

    start: date
    end: date
    text: str

    def ordinals(self) -> tuple[int, int]:
        """``(start, end)`` as proleptic ordinals, as the index keeps its articles' periods."""
        return self.start.toordinal(), self.end.toordinal()


def split_period(normalized: str) -> tuple[str | None, str]:
    """The words that set a period in a normalised question, and the question without them."""
    for _, pattern in _RELATIVE:
        if match := pattern.search(normalized):
            return match.group(0).strip(), without_span(normalized, match.start(), match.end())
    for _, pattern in _PATTERNS:
        if match := pattern.search(normalized):
            return match.group(0).strip(), without_span(normalized, match.start(), match.end())
    return None, normalized


#: «آخر ما قاله X», «ما آخر تصريحات X»، «أحدث أخبار Y»: the newest first.
_LATEST_ARABIC = re.compile(r"^(?P<conj>و|ف)?\s*(?:ما\s+)?(?:(?:هو|هي)\s+)?(?:اخر|احدث)\s+(?:ما\s+)?(?P<rest>.+)$")
#: The verb of «آخر ما قاله/قالته/صرح به …»: the speaker question it stands for.
_LATEST_VERB = re.compile(r"^(?P<verb>قال|قالت|صرح|صرحت|اعلن|اعلنت|اكد|اكدت)(?:ه|ها|ته)?(?:\s+به)?(?=\s|$)\s*")
_LATEST_LATIN = re.compile(r"\s*(?:\b(?:most\s+recently|most\s+recent|the\s+latest|latest|newest)\b|"
                           r"(?:\b(?:les|la|le)\s+)?\b(?:derni[eè]res?|derniers?)\b)\s*", re.IGNORECASE)


def split_latest(normalized: str) -> tuple[bool, str]:
    """Whether a normalised question asks for the newest first, and the question it asks.

    «آخر ما قاله السبسي» asks «ماذا قال السبسي», «ما آخر تصريحات الشاهد» «ما تصريحات الشاهد», "What did
    Chahed say most recently?" "what did chahed say"; anything else is asked as it is.
    """
    if match := _LATEST_ARABIC.match(normalized):
        rest = match.group("rest")
        if verb := _LATEST_VERB.match(rest):
            return True, f"ماذا {verb.group('verb')} {rest[verb.end():]}".strip()
        if rest.split()[0] not in ("من", "عن", "في"):  # «آخر من وصل»: who, not the newest
            return True, f"ما {rest}"
    if _LATEST_LATIN.search(normalized):
        return True, re.sub(r"\s{2,}", " ", _LATEST_LATIN.sub(" ", normalized)).strip()
    return False, normalized


def resolve_period(words: str, reference: date) -> Period | None:
    """The days ``words`` (from :func:`split_period`) stand for, relative to ``reference`` (the newest day)."""
    for kind, pattern in _RELATIVE:
        if pattern.fullmatch(words):
            return _relative(kind, reference, words)
    for kind, pattern in _PATTERNS:
        if match := pattern.fullmatch(words):
            return _absolute(kind, match, reference, words)
    return None


def _relative(kind: str, reference: date, words: str) -> Period:
    first_of_month = reference.replace(day=1)
    if kind == "week":
        return Period(reference - timedelta(days=7), reference, words)
    if kind == "this_month":
        return Period(first_of_month, reference, words)
    if kind == "last_month":
        end = first_of_month - timedelta(days=1)
        return Period(end.replace(day=1), end, words)
    if kind == "this_year":
        return Period(date(reference.year, 1, 1), reference, words)
    if kind == "last_year":
        return Period(date(reference.year - 1, 1, 1), date(reference.year - 1, 12, 31), words)
    return Period(reference - timedelta(days=1), reference - timedelta(days=1), words)  # yesterday


def _absolute(kind: str, match: re.Match[str], reference: date, words: str) -> Period | None:
    groups = match.groupdict()
    if kind == "year":
        year = int(groups["y1"])
        return Period(date(year, 1, 1), date(year, 12, 31), words)
    if kind == "range" and not groups.get("m1"):  # the days of one month: its month and year are the second's
        groups = {**groups, "m1": groups["m2"], "y1": groups.get("y2")}
    first = _point(groups, "1", reference)
    if first is None:
        return None
    if kind != "range":
        return Period(first[0], first[1], words)
    last = _point(groups, "2", reference)
    if last is None:
        return None
    start = first[0] if groups.get("y1") or not groups.get("y2") else _point({**groups, "y1": groups["y2"]}, "1", reference)[0]
    return Period(min(start, last[0]), max(start, last[1]), words) if start <= last[1] else Period(last[0], start, words)


def _point(groups: dict[str, str | None], n: str, reference: date) -> tuple[date, date] | None:
    """The days of point ``n`` of a match: a day, or a whole month; without a year, the latest up to ``reference``."""
    month = MONTHS.get(groups[f"m{n}"] or "")
    if month is None:
        return None
    day = int(groups[f"d{n}"]) if groups.get(f"d{n}") else None
    year = int(groups[f"y{n}"]) if groups.get(f"y{n}") else None
    if year is None:
        year = reference.year if (month, day or 1) <= (reference.month, reference.day) else reference.year - 1
    last_day = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1), date(year, month, last_day)
    if day > last_day:
        return None
    return date(year, month, day), date(year, month, day)
