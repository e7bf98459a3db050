"""Per-conversation state and the turn logic that the REPL and the Telegram bot share.

A conversation remembers the last question as understood, its kind, how many citations
were shown, and which articles and sentences they were, so that «المزيد» pages on,
«السياق N» shows citation N among its neighbours and «المصدر N» where it comes from. The
state is a small dataclass that round-trips through a dict, so a bot can persist it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from index.parts.store import StoredArticle, StoredSentence
from retrieval.answer import NO_MORE, Answer, Cited
from retrieval.engine import Engine, OutletCount
from retrieval.question.question_text import is_arabic_script, normalize_question
from retrieval.question.understand import (
    NEW,
    PREVIOUS_ANSWER,
    Command,
    Heard,
    Understood,
    hear,
    parse_speaker_question,
    understand,
)

__all__ = [
    "Answered", "Cited", "ContextView", "Conversation", "ConversationState", "Notice", "Reply", "SourceView", "MAX_SHOWN",
    "NOTICE_KINDS",
    "OutletsView",
]

#: Citations remembered per conversation (for «السياق N» after many «المزيد»).
MAX_SHOWN = 50
CONTEXT_RADIUS = 2

NO_QUESTION = "اسأل سؤالاً أولاً، مثل: ماذا قال كيري؟"
NO_SUCH_CITATION = "لا يوجد استشهاد بهذا الرقم. اختر رقماً من الأرقام الظاهرة في الجواب، مثل: السياق 1"
ARTICLE_GONE = "لم يعد هذا المقال في الفهرس (ربما أعيد بناؤه). اسأل من جديد."
STATE_VERSION = 2
#: The kinds of :class:`Notice`; ``expired`` (old buttons) and ``internal_error`` come from the front ends.
NOTICE_KINDS = ("no_question", "no_more", "no_such_citation", "article_gone", "expired", "internal_error", "notice")


@dataclass
class ConversationState:
    """What a conversation remembers between turns: the last question as understood, how many
    citations its pages showed, and which they were."""

    question: Understood | None = None
    shown: int = 0
    citations: list[Cited] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return {
            "version": STATE_VERSION,
            "question": self.question.to_dict() if self.question else None,
            "shown": self.shown,
            "citations": [asdict(c) for c in self.citations],
        }

    @classmethod
    def from_dict(cls, raw: dict) -> ConversationState:
        """Rebuild from :meth:`to_dict` output, or from the flat form stored before version 2."""
        if raw.get("version") != STATE_VERSION:
            return _from_flat(raw)
        question = raw.get("question")
        citations = [Cited(int(c["rank"]), str(c["doc_id"]), int(c["sentence"])) for c in raw.get("citations", [])]
        return cls(Understood.from_dict(question) if question else None, int(raw.get("shown", 0)), citations)


def _from_flat(raw: dict) -> ConversationState:
    """State persisted before version 2: the question as a string («متي: …» for a question about
    the previous answer), its kind and subject beside it, citations as ``[rank, doc, sentence]``."""
    citations = [Cited(int(r), str(d), int(p)) for r, d, p in raw.get("citations", [])]
    text = raw.get("question")
    if not text:
        return ConversationState(None, int(raw.get("shown", 0)), citations)
    asked, base = text.split(": ", 1) if raw.get("about_previous") and ": " in text else (None, None)
    normalized = normalize_question(base or text)
    question = Understood(
        text, text, normalized, raw.get("kind") or "other", raw.get("subject"), parse_speaker_question(normalized),
        is_arabic_script(text), PREVIOUS_ANSWER if asked else NEW, asked, base,
    )
    return ConversationState(question, int(raw.get("shown", 0)), citations)


@dataclass(frozen=True)
class ContextView:
    """A citation shown among its neighbouring sentences."""

    rank: int
    doc_id: str
    title: str | None
    sentence: int
    sentences: tuple[StoredSentence, ...]


@dataclass(frozen=True)
class SourceView:
    """Where a citation comes from."""

    rank: int
    doc_id: str
    title: str | None
    date: str | None
    url: str | None
    source: str | None
    sentence: int
    sentence_count: int


@dataclass(frozen=True)
class Answered:
    """An answer (or an explicit «لم أجد») to ``question`` as understood."""

    answer: Answer
    question: Understood


@dataclass(frozen=True)
class Notice:
    """A short message instead of an answer («اسأل سؤالاً أولاً», «لا يوجد استشهاد بهذا الرقم»), and its
    kind (``NOTICE_KINDS``), so a client tells one from another and from an abstention."""

    message: str
    kind: str = "notice"


@dataclass(frozen=True)
class OutletsView:
    """The index's outlets («المصادر», ``sources``), the largest first."""

    outlets: tuple[OutletCount, ...]


#: The outcome of one turn; front ends render it with one ``match``.
Reply = Answered | ContextView | SourceView | Notice | OutletsView


class Conversation:
    """One conversation with the engine."""

    def __init__(self, engine: Engine, state: ConversationState | None = None, k: int = 5, mode: str | None = None) -> None:
        self.engine = engine
        self.state = state or ConversationState()
        self.k = k
        self.mode = mode
        #: Whether the last turn was a new question (a bot opens a thread for it), not a command.
        self.asked = False

    def reset(self) -> None:
        """Forget everything: the next message starts a new conversation."""
        self.state = ConversationState()

    def handle(self, message: str | Heard) -> Reply:
        """Answer one message: a command or a question."""
        heard = hear(message) if isinstance(message, str) else message
        command = heard.command
        self.asked = False
        if command.name == "more":
            return self.more()
        if command.name in ("context", "source"):
            return self._citation_command(command)
        if command.name == "outlets":
            return OutletsView(self.engine.outlets())
        return self.ask(heard)

    def ask(self, message: str | Heard) -> Reply:
        """Answer a question, resolved against the previous one, starting its pages afresh."""
        heard = hear(message) if isinstance(message, str) else message
        self.asked = True
        understood = understand(heard, self.state.question)
        answer = self.engine.answer(understood, self.k, self.mode, previous=self.state.citations)
        kept = list(self.state.citations) if understood.about_previous and not answer.citations else []
        self.state = ConversationState(understood, citations=kept)
        self._remember(answer)
        return Answered(answer, understood)

    def more(self) -> Reply:
        """The next page of the last question's citations."""
        question = self.state.question
        if question is None:
            return Notice(NO_QUESTION, "no_question")
        if question.about_previous:
            return Notice(NO_MORE, "no_more")
        answer = self.engine.answer(question, self.k, self.mode, offset=self.state.shown)
        self._remember(answer)
        return Answered(answer, question)

    def context(self, rank: int) -> Reply:
        """Citation ``rank`` with its neighbouring sentences."""
        found = self._cited_article(rank)
        if isinstance(found, Notice):
            return found
        cited, article = found
        around = tuple(self.engine.neighbours(cited.doc_id, cited.sentence, CONTEXT_RADIUS))
        return ContextView(rank, cited.doc_id, article.title, cited.sentence, around)

    def source(self, rank: int) -> Reply:
        """Where citation ``rank`` comes from."""
        found = self._cited_article(rank)
        if isinstance(found, Notice):
            return found
        cited, a = found
        return SourceView(rank, cited.doc_id, a.title, a.date, a.url, a.source, cited.sentence, a.sentence_count)

    def _cited_article(self, rank: int) -> tuple[Cited, StoredArticle] | Notice:
        """Citation ``rank`` and its article, or the notice saying why not."""
        if not self.state.citations:
            return Notice(NO_QUESTION, "no_question")
        cited = next((c for c in self.state.citations if c.rank == rank), None)
        if cited is None:
            return Notice(NO_SUCH_CITATION, "no_such_citation")
        article = self.engine.article(cited.doc_id)
        if article is None:
            return Notice(ARTICLE_GONE, "article_gone")
        return cited, article

    def _citation_command(self, command: Command) -> Reply:
        rank = command.number if command.number is not None else 1
        return self.context(rank) if command.name == "context" else self.source(rank)

    def _remember(self, answer: Answer) -> None:
        self.state.shown += len(answer.citations)
        self.state.citations.extend(Cited(c.rank, c.doc_id, c.sentence) for c in answer.citations)
        del self.state.citations[:-MAX_SHOWN]
