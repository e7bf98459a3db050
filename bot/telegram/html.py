"""Conversation replies as Telegram HTML: escaped, matched words in bold, within 4096 characters.

Every message starts with Arabic text, so clients lay it out right to left. Everything
that comes from articles or users is escaped; the only markup is ours. A message that
would be too long is fitted by shortening its longest sentences (at a word, with «…»),
never by cutting through a tag or a citation line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from retrieval.answer import HEDGED, Answer, Citation, CopySource
from retrieval.conversation import Answered, ContextView, Notice, OutletsView, Reply, SourceView
from retrieval.engine import OutletCount
from retrieval.question.question_text import word_stems

__all__ = ["MAX_MESSAGE", "escape", "highlight", "render_reply", "utf16_length", "visible_length"]

#: Telegram's limit, counted in UTF-16 code units after entity parsing.
MAX_MESSAGE = 4096
MAX_QUESTION_SHOWN = 200
#: Each field of a source card; five of them stay far below the message limit.
MAX_FIELD_SHOWN = 600
#: Outlets named under a statement carried by several; the rest are counted («و3 غيرها»).
MAX_COPIES_SHOWN = 6
_WORD = re.compile(r"[^\W_][\w\u0640\u064b-\u065f\u0670]*")
_TAG = re.compile(r"<[^>]*>")
NOTHING_TO_SAY = "لم أفهم الرسالة. اكتب سؤالاً، مثل: ماذا قال كيري؟"


def escape(text: str) -> str:
    """Text safe inside Telegram HTML: only ``& < >`` need escaping outside attributes."""
    return html.escape(text, quote=False)


def _escape_attribute(text: str) -> str:
    # html.escape(quote=True) writes ' as &#x27;, which Telegram's named-entity list lacks.
    return escape(text).replace('"', "&quot;")


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(markup: str) -> int:
    """The length of our HTML once Telegram has parsed it (tags dropped, entities decoded)."""
    return utf16_length(html.unescape(_TAG.sub("", markup)))


def highlight(text: str, question: str) -> str:
    """Escape ``text`` and bold each word that shares a stem with the question."""
    stems = word_stems(question)
    out, last = [], 0
    for match in _WORD.finditer(text):
        out.append(escape(text[last : match.start()]))
        word = escape(match.group())
        out.append(f"<b>{word}</b>" if stems.intersection(word_stems(match.group())) else word)
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def trim(text: str, cap: int | None) -> str:
    """``text`` cut to at most ``cap`` characters, at a word boundary when one is near, with «…»."""
    if cap is None or len(text) <= cap:
        return text
    cut = text[: max(cap - 1, 0)]
    space = cut.rfind(" ")
    if space >= len(cut) - 20 and space > 0:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _water_level(lengths: Sequence[int], budget: int) -> int:
    """The largest cap such that the lengths, each cut to the cap, sum to at most ``budget``."""
    low, high = 0, max(lengths, default=0)
    while low < high:
        mid = (low + high + 1) // 2
        if sum(min(n, mid) for n in lengths) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def fit(render: Callable[[int | None], str], texts: Sequence[str], limit: int = MAX_MESSAGE) -> str:
    """Render, shortening the longest of ``texts`` as little as needed to stay within ``limit``."""
    markup = render(None)
    overflow = visible_length(markup) - limit
    if overflow <= 0:
        return markup
    lengths = [len(t) for t in texts]
    cap = _water_level(lengths, sum(lengths) - overflow)
    while True:
        markup = render(cap)
        overflow = visible_length(markup) - limit
        if overflow <= 0 or cap == 0:
            return markup
        cap = max(cap - max(overflow // max(len(texts), 1), 1), 0)


def _citation_block(c: Citation, question: str, cap: int | None) -> str:
    title = escape(trim(_title(c), cap))
    where = "، ".join(escape(trim(part, MAX_FIELD_SHOWN)) for part in (c.source, _arabic_date(c.date)) if part)
    return f"{c.rank}. {highlight(trim(c.text, cap), question)}\n— <i>{title}</i>، الجملة {c.sentence}" + (
        f" ({where})" if where else "") + (f"\n{_copies_line(c.sources)}" if c.sources else "")


def _copies_line(sources: Sequence[CopySource]) -> str:
    """«ورد في 4 مصادر: الرياض ⁦2015/07/21⁩، عكاظ …», each a link to its article where it has a URL."""
    shown = []
    for copy in sources[:MAX_COPIES_SHOWN]:
        name = escape(trim(copy.source or copy.title or copy.doc_id, MAX_FIELD_SHOWN))
        if copy.url and copy.url.startswith(("http://", "https://")):
            name = f'<a href="{_escape_attribute(copy.url)}">{name}</a>'
        shown.append(name + (f" {_arabic_date(copy.date)}" if copy.date else ""))
    more = f" و{len(sources) - MAX_COPIES_SHOWN} غيرها" if len(sources) > MAX_COPIES_SHOWN else ""
    return f"ورد في {len(sources)} مصادر: " + "، ".join(shown) + more


def _arabic_date(iso: str | None) -> str | None:
    """``2017-01-20`` as «2017/01/20», read left to right inside Arabic text whatever its precision."""
    return "\u2066" + iso.replace("-", "/") + "\u2069" if iso else None


def _title(c: Citation) -> str:
    return trim(c.title or c.doc_id, MAX_FIELD_SHOWN)


def render_answer(answer: Answer) -> str:
    """A numbered list of cited sentences under a header that repeats the question."""
    if not answer.answered:
        return escape(answer.message or "لم أجد جواباً.")
    first = answer.citations[0].rank if answer.citations else 1
    label = "الجواب عن" if first == 1 else "المزيد عن"
    header = f"<b>{label}:</b> «{escape(trim(answer.question, MAX_QUESTION_SHOWN))}»"
    if answer.hedged:
        header += f"\n<i>{escape(HEDGED)}</i>"

    def render(cap: int | None) -> str:
        return "\n\n".join([header, *(_citation_block(c, answer.question, cap) for c in answer.citations)])

    return fit(render, [c.text for c in answer.citations] + [_title(c) for c in answer.citations])


def render_context(view: ContextView) -> str:
    """A citation among its neighbours, the cited sentence in bold and marked with ◀."""
    header = f"<b>سياق الاستشهاد {view.rank}</b> — <i>{escape(trim(view.title or view.doc_id, MAX_FIELD_SHOWN))}</i>"

    def line(position: int, text: str, cap: int | None) -> str:
        body = f"{position}. {escape(trim(text, cap))}"
        return f"◀ <b>{body}</b>" if position == view.sentence else body

    def render(cap: int | None) -> str:
        return "\n\n".join([header, *(line(s.position, s.text, cap) for s in view.sentences)])

    return fit(render, [s.text for s in view.sentences])


def _link(url: str) -> str:
    shown = escape(trim(url, MAX_FIELD_SHOWN))
    if url.startswith(("http://", "https://")):
        return f'<a href="{_escape_attribute(url)}">{shown}</a>'
    return shown


def _field(label: str, value: str) -> str:
    return f"{label}: {escape(trim(value, MAX_FIELD_SHOWN))}"


def render_source(view: SourceView) -> str:
    """Where a citation comes from: title, date, publisher and URL where known."""
    rows = [f"<b>مصدر الاستشهاد {view.rank}</b>", _field("العنوان", view.title or "بلا عنوان")]
    if view.date:
        rows.append(_field("التاريخ", view.date))
    if view.source:
        rows.append(_field("الناشر", view.source))
    if view.url:
        rows.append(f"الرابط: {_link(view.url)}")
    rows.append(f"المقال: {escape(trim(view.doc_id, MAX_FIELD_SHOWN))}، الجملة {view.sentence} من {view.sentence_count}")
    return "\n".join(rows)


def render_outlets(outlets: Sequence[OutletCount]) -> str:
    """/sources and «المصادر»: each outlet with its article count and dates, left to right inside Arabic."""
    if not outlets:
        return "لا تحمل المقالات المفهرسة اسم مصدرها."
    rows = [f"• {escape(trim(o.source, MAX_FIELD_SHOWN))}: {o.articles} مقالة"
            + (f" (من {_arabic_date(o.first_date)} إلى {_arabic_date(o.last_date)})" if o.first_date else "")
            for o in outlets]
    markup = "<b>المصادر المفهرسة</b>"
    for row in rows:  # as many outlets as one message holds, the largest first
        if visible_length(markup + "\n" + row) > MAX_MESSAGE:
            break
        markup += "\n" + row
    return markup


def render_reply(reply: Reply) -> str:
    """Any conversation reply as one Telegram HTML message."""
    match reply:
        case Answered(answer=answer):
            return render_answer(answer)
        case ContextView():
            return render_context(reply)
        case SourceView():
            return render_source(reply)
        case Notice(message=message):
            return escape(message or NOTHING_TO_SAY)
        case OutletsView(outlets=outlets):
            return render_outlets(outlets)
    raise TypeError(f"not a conversation reply: {reply!r}")
