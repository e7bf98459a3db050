"""Per-conversation state and the turn logic that the REPL and the Telegram bot share.

A conversation remembers the last question as understood, its kind, how many citations
were shown, and which articles and sentences they were, so that «المزيد» pages on,
«السياق N» shows citation N among its neighbours and «المصدر N» where it comes from. The
state is a small dataclass that round-trips through a dict, so a bot can persist it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from index.store import StoredArticle, StoredSentence
from retrieval.answer import NO_MORE, Answer, Citation
from retrieval.engine import Engine
from retrieval.understand import Command, Understood, clean_question, has_answer_cue, parse_command, understand

__all__ = ["ContextView", "Conversation", "ConversationState", "Reply", "SourceView", "MAX_SHOWN"]

#: Citations remembered per conversation (for «السياق N» after many «المزيد»).
MAX_SHOWN = 50
CONTEXT_RADIUS = 2

NO_QUESTION = "اسأل سؤالاً أولاً، مثل: ماذا قال كيري؟"
NO_SUCH_CITATION = "لا يوجد استشهاد بهذا الرقم. اختر رقماً من الأرقام الظاهرة في الجواب، مثل: السياق 1"
NOT_IN_PREVIOUS = "لم أجد في الجواب السابق ما يجيب عن هذا. جرّب سؤالاً كاملاً."
ARTICLE_GONE = "لم يعد هذا المقال في الفهرس (ربما أعيد بناؤه). اسأل من جديد."


@dataclass
class ConversationState:
    """What a conversation remembers between turns."""

    question: str | None = None
    kind: str | None = None
    shown: int = 0
    citations: list[tuple[int, str, int]] = field(default_factory=list)
    subject: str | None = None
    about_previous: bool = False

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict) -> ConversationState:
        """Rebuild from :meth:`to_dict` output; unknown keys are ignored."""
        citations = [(int(r), str(d), int(p)) for r, d, p in raw.get("citations", [])]
        return cls(raw.get("question"), raw.get("kind"), int(raw.get("shown", 0)), citations,
                   raw.get("subject"), bool(raw.get("about_previous", False)))

    def understood(self) -> Understood | None:
        """The last question as understood, for resolving the next one."""
        if not self.question:
            return None
        return Understood(self.question, self.kind or "other", self.subject, self.about_previous)


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
class Reply:
    """The outcome of one turn; exactly one of answer, context, source or message is set."""

    answer: Answer | None = None
    resolved_question: str | None = None
    kind: str | None = None
    context: ContextView | None = None
    source: SourceView | None = None
    message: str | None = None


class Conversation:
    """One conversation with the engine."""

    def __init__(self, engine: Engine, state: ConversationState | None = None, k: int = 5, mode: str | None = None) -> None:
        self.engine = engine
        self.state = state or ConversationState()
        self.k = k
        self.mode = mode

    def reset(self) -> None:
        """Forget everything: the next message starts a new conversation."""
        self.state = ConversationState()

    def handle(self, text: str) -> Reply:
        """Answer one message: a command or a question."""
        text = clean_question(text)
        command = parse_command(text)
        if command.name == "more":
            return self.more()
        if command.name in ("context", "source"):
            return self._citation_command(command)
        return self.ask(text)

    def ask(self, text: str) -> Reply:
        """Answer a question, resolved against the previous one, starting its pages afresh."""
        text = clean_question(text)
        understood = understand(text, self.state.understood())
        if understood.about_previous:
            answer = self._about_previous(text, understood.kind)
        else:
            answer = self.engine.answer(understood.resolved, self.k, self.mode)
        answer = replace(answer, question=text.strip())
        previous_citations = list(self.state.citations)
        self.state = ConversationState(understood.resolved, understood.kind, subject=understood.subject,
                                       about_previous=understood.about_previous)
        if understood.about_previous and not answer.citations:
            self.state.citations = previous_citations
        self._remember(answer)
        return Reply(answer=answer, resolved_question=understood.resolved, kind=understood.kind)

    def _about_previous(self, text: str, kind: str) -> Answer:
        """Answer «ومتى قال ذلك؟» from the previous answer's citations and their neighbours."""
        candidates: list[StoredSentence] = []
        for _, doc_id, position in self.state.citations[: self.k]:
            around = self.engine.neighbours(doc_id, position, 1)
            candidates.extend(s for s in around if s.position == position)
            candidates.extend(s for s in around if s.position != position)
        seen: set[int] = set()
        fitting = [s for s in candidates if has_answer_cue(kind, s.text) and not (s.sid in seen or seen.add(s.sid))]
        if not fitting:
            return Answer(text, False, (), NOT_IN_PREVIOUS)
        articles = {s.article_id: self.engine.article(s.article_id) for s in fitting}
        citations = tuple(
            Citation(rank, s.text, s.article_id, getattr(articles[s.article_id], "title", None), s.position, 1.0)
            for rank, s in enumerate(fitting[: self.k], start=1)
        )
        return Answer(text, True, citations)

    def more(self) -> Reply:
        """The next page of the last question's citations."""
        if not self.state.question:
            return Reply(message=NO_QUESTION)
        if self.state.about_previous:
            return Reply(message=NO_MORE)
        answer = self.engine.answer(self.state.question, self.k, self.mode, offset=self.state.shown)
        self._remember(answer)
        return Reply(answer=answer, resolved_question=self.state.question, kind=self.state.kind)

    def context(self, rank: int) -> Reply:
        """Citation ``rank`` with its neighbouring sentences."""
        found = self._cited_article(rank)
        if isinstance(found, Reply):
            return found
        doc_id, sentence, article = found
        around = tuple(self.engine.neighbours(doc_id, sentence, CONTEXT_RADIUS))
        return Reply(context=ContextView(rank, doc_id, article.title, sentence, around))

    def source(self, rank: int) -> Reply:
        """Where citation ``rank`` comes from."""
        found = self._cited_article(rank)
        if isinstance(found, Reply):
            return found
        doc_id, sentence, a = found
        return Reply(source=SourceView(rank, doc_id, a.title, a.date, a.url, a.source, sentence, a.sentence_count))

    def _cited_article(self, rank: int) -> tuple[str, int, StoredArticle] | Reply:
        """Citation ``rank``'s article id, sentence and article, or the reply saying why not."""
        if not self.state.citations:
            return Reply(message=NO_QUESTION)
        entry = next((e for e in self.state.citations if e[0] == rank), None)
        if entry is None:
            return Reply(message=NO_SUCH_CITATION)
        article = self.engine.article(entry[1])
        if article is None:
            return Reply(message=ARTICLE_GONE)
        return entry[1], entry[2], article

    def _citation_command(self, command: Command) -> Reply:
        rank = command.number if command.number is not None else 1
        return self.context(rank) if command.name == "context" else self.source(rank)

    def _remember(self, answer: Answer) -> None:
        self.state.shown += len(answer.citations)
        self.state.citations.extend((c.rank, c.doc_id, c.sentence) for c in answer.citations)
        del self.state.citations[:-MAX_SHOWN]
