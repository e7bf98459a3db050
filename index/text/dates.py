"""Publication dates as data: an article's date parsed from its metadata, URL or dateline, with its precision.

Metadata comes in every form the corpora use: ISO 8601 with or without an offset («2017-01-20T10:00:00+01:00»,
SaudiNewsNet's «2015-07-21 02:51:32»), «20/01/2017» (day first, how a third of ANT writes it), «2017/01/20»,
«20170120», a year, a Unix timestamp. Without one, the URL's «/2017/01/20/», else a dateline at the very
start of the text («الأربعاء 18 جانفي 2017»). Anything else is no date (the build counts them).

Month names, in every Arabic convention and in English and French, are one table (:data:`MONTHS`), keyed by
their form after :func:`index.text.normalize.normalize_arabic`, so that questions are read with the same
table (:mod:`retrieval.scope.periods`):

- Maghrebi: جانفي، فيفري، مارس، أفريل، ماي، جوان، جويلية، أوت، سبتمبر، أكتوبر، نوفمبر، ديسمبر;
- Egyptian and Gulf: يناير، فبراير، مارس، أبريل، مايو، يونيو، يوليو، أغسطس، سبتمبر، أكتوبر، نوفمبر، ديسمبر;
- Levantine and Iraqi: كانون الثاني، شباط، آذار، نيسان، أيار، حزيران، تموز، آب، أيلول، تشرين الأول،
  تشرين الثاني، كانون الأول;
- English and French names, full and abbreviated.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from index.text.normalize import normalize_arabic

__all__ = ["DATELINE_SPAN", "MONTHS", "Published", "month_number", "parse_published"]

_EARLIEST, _LATEST = 1900, 2100

_MONTH_NAMES = {
    1: ("جانفي", "يناير", "كانون الثاني", "january", "jan", "janvier", "janv"),
    2: ("فيفري", "فبراير", "شباط", "february", "feb", "février", "fevrier", "févr", "fevr"),
    3: ("مارس", "آذار", "march", "mar", "mars"),
    4: ("أفريل", "أبريل", "إبريل", "نيسان", "april", "apr", "avril", "avr"),
    5: ("ماي", "مايو", "أيار", "may", "mai"),
    6: ("جوان", "يونيو", "يونيه", "حزيران", "june", "jun", "juin"),
    7: ("جويلية", "جويلة", "يوليو", "يوليه", "تموز", "july", "jul", "juillet", "juil"),
    8: ("أوت", "أغسطس", "اغسطس", "آب", "august", "aug", "août", "aout"),
    9: ("سبتمبر", "أيلول", "september", "sep", "sept", "septembre"),
    10: ("أكتوبر", "تشرين الأول", "october", "oct", "octobre"),
    11: ("نوفمبر", "تشرين الثاني", "november", "nov", "novembre"),
    12: ("ديسمبر", "كانون الأول", "december", "dec", "décembre", "decembre", "déc"),
}
#: Every month name (normalised: Arabic letters folded, Latin lower-cased) → its number.
MONTHS: dict[str, int] = {normalize_arabic(name).lower(): n for n, names in _MONTH_NAMES.items() for name in names}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{2}):?(\d{2}):?(\d{2})?(?:\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?)?$")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ Tt].*)?$")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[ Tt].*)?$")
_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})$")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"((?:19|20)\d{2})$")
_TIMESTAMP = re.compile(r"\d{9,10}$")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?=[/-]|$)")
_URL_COMPACT = re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?=[/_.-]|$)")
_MONTH_WORD = "|".join(sorted((re.escape(m) for m in MONTHS if len(m) > 2), key=len, reverse=True))
_DATELINE = re.compile(rf"(?:(\d{{1,2}})\s+)?({_MONTH_WORD})\s*[,،]?\s*((?:19|20)\d{{2}})")
#: A dateline is only read in the first characters of an article: later dates are what it reports.
DATELINE_SPAN = 160


@dataclass(frozen=True)
class Published:
    """When an article was published: the first day of the period known, and how much of it is known."""

    start: date
    precision: str = "day"

    @property
    def end(self) -> date:
        """The last day of the period known."""
        if self.precision == "year":
            return date(self.start.year, 12, 31)
        if self.precision == "month":
            return date(self.start.year, self.start.month, calendar.monthrange(self.start.year, self.start.month)[1])
        return self.start

    @property
    def iso(self) -> str:
        """``2017-01-20``, ``2017-01`` or ``2017``: the precision shows in the length."""
        return self.start.isoformat()[: {"year": 4, "month": 7, "day": 10}[self.precision]]

    @classmethod
    def from_iso(cls, text: str | None) -> Published | None:
        """Read :attr:`iso` back (None for None or anything else)."""
        if not text:
            return None
        precision = {4: "year", 7: "month", 10: "day"}.get(len(text))
        parts = [int(p) for p in text.split("-")] if precision else []
        return _made(*(parts + [1] * (3 - len(parts))), precision=precision) if precision else None


def _made(year: int, month: int = 1, day: int = 1, precision: str = "day") -> Published | None:
    if not _EARLIEST <= year <= _LATEST:
        return None
    try:
        return Published(date(year, month, day), precision)
    except ValueError:  # 31/02, month 13
        return None


def month_number(word: str) -> int | None:
    """The month a (normalised or not) name stands for, in any convention above; None for other words."""
    return MONTHS.get(normalize_arabic(word).lower())


def _from_metadata(raw: str) -> Published | None:
    text = normalize_arabic(raw.strip())  # Arabic-Indic digits too
    if match := _ISO.match(text):
        return _made(int(match[1]), int(match[2]), int(match[3]))  # the writer's own calendar day
    if match := _DAY_FIRST.match(text):
        return _made(int(match[3]), int(match[2]), int(match[1]))
    if match := _YEAR_FIRST.match(text):
        return _made(int(match[1]), int(match[2]), int(match[3]))
    if match := _COMPACT.match(text):
        return _made(int(match[1]), int(match[2]), int(match[3]))
    if match := _YEAR_MONTH.match(text):
        return _made(int(match[1]), int(match[2]), precision="month")
    if match := _YEAR.match(text):
        return _made(int(match[1]), precision="year")
    if _TIMESTAMP.match(text):
        moment = datetime.fromtimestamp(int(text), tz=timezone.utc)
        return _made(moment.year, moment.month, moment.day)
    return None


def _from_url(url: str) -> Published | None:
    if match := _URL_DATE.search(url):
        if match[3]:
            return _made(int(match[1]), int(match[2]), int(match[3]))
        return _made(int(match[1]), int(match[2]), precision="month")
    if match := _URL_COMPACT.search(url):
        return _made(int(match[1]), int(match[2]), int(match[3]))
    return None


def _from_dateline(text: str) -> Published | None:
    match = _DATELINE.search(normalize_arabic(text[:DATELINE_SPAN]).lower())
    if match is None:
        return None
    month = MONTHS[match[2]]
    if match[1]:
        return _made(int(match[3]), month, int(match[1]))
    return _made(int(match[3]), month, precision="month")


def parse_published(raw: str | None, url: str | None = None, text: str | None = None) -> Published | None:
    """An article's publication date from its metadata ``raw``, else its ``url``, else its text's dateline."""
    for found in (_from_metadata(raw) if raw else None, _from_url(url) if url else None,
                  _from_dateline(text) if text else None):
        if found is not None:
            return found
    return None
