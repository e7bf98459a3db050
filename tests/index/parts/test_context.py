"""index.parts.context: what a sentence's BM25 document holds besides the sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import pytest

from index.parts.context import DEFAULT_CONTEXT, LexicalContext, document_parts
from index.text.analyze import analyze
from index.text.articles import Article
from index.text.document import Document, Sentence

#: A document's tokens: analysed words, or their ids.
T = TypeVar("T")


def compose_documents(
    own: Sequence[list[T]], title: Sequence[T], paragraphs: Sequence[int], context: LexicalContext = DEFAULT_CONTEXT
) -> list[list[T]]:
    """Each sentence's BM25 document from the sentences' own tokens (strings or token ids):
    :func:`document_parts` spelled out, the reference the build's counts are checked against.

    Args:
        own: Each sentence's analysed tokens, in sentence order.
        title: The title's analysed tokens (used ``context.title_weight`` times).
        paragraphs: Each sentence's paragraph number.
        context: What to add to each sentence's own tokens.
    """
    parts = [*own, title]
    out = []
    for pairs in document_parts(paragraphs, bool(title), context):
        document: list[T] = []
        for part, times in pairs:
            document.extend(list(parts[part]) * times)
        out.append(document)
    return out


def sentence_tokens(doc: Document, context: LexicalContext = DEFAULT_CONTEXT) -> list[list[str]]:
    """The BM25 tokens of each sentence of a document, in sentence order.

    Args:
        doc: The prepared article.
        context: What to add to each sentence's own tokens.

    Returns:
        One token list per sentence of ``doc``.
    """
    own = [analyze(s.text) for s in doc.sentences]
    title = analyze(doc.title) if doc.title and context.title_weight else []
    return compose_documents(own, title, [s.paragraph for s in doc.sentences], context)


TEXTS = ("قال لافروف إن الهدنة انتهت.", "وأضاف أن الغارات مستمرة.", "وصل كيري إلى جنيف.")


def _doc(paragraphs: tuple[int, ...] = (1, 1, 2), title: str | None = "محادثات جنيف") -> Document:
    sentences = tuple(Sentence("a", i + 1, 0, 0, t, p) for i, (t, p) in enumerate(zip(TEXTS, paragraphs)))
    return Document(Article("a", " ".join(TEXTS), title=title), title, sentences, ())


def test_sentence_alone() -> None:
    assert sentence_tokens(_doc(), LexicalContext()) == [analyze(t) for t in TEXTS]


def test_sentence_twice_plus_its_paragraph() -> None:
    tokens = sentence_tokens(_doc(), LexicalContext(sentence_weight=2, paragraph=True))
    first, second, third = (analyze(t) for t in TEXTS)
    assert tokens[0] == first * 2 + first + second
    assert tokens[1] == second * 2 + first + second
    assert tokens[2] == third * 3  # alone in its paragraph


@pytest.mark.parametrize(("neighbours", "context"), [(0, [2]), (1, [1, 2]), (2, [0, 1, 2])])
def test_neighbours_outside_the_paragraph(neighbours: int, context: list[int]) -> None:
    tokens = sentence_tokens(_doc(), LexicalContext(sentence_weight=1, paragraph=True, neighbours=neighbours))
    own = [analyze(t) for t in TEXTS]
    # the sentence, then its context in article order (its own paragraph holds itself)
    assert tokens[2] == own[2] + [t for j in context for t in own[j]]


def test_title_weight() -> None:
    tokens = sentence_tokens(_doc(), LexicalContext(title_weight=1))
    assert tokens[2] == analyze(TEXTS[2]) + analyze("محادثات جنيف")
    assert sentence_tokens(_doc(title=None), LexicalContext(title_weight=1))[2] == analyze(TEXTS[2])


def test_a_one_line_article_keeps_bm25_documents_bounded() -> None:
    from index.parts.context import MAX_PARAGRAPH_REACH
    from index.text.articles import Article
    from index.text.document import prepare_article

    text = " ".join(f"وقال المتحدث رقم {i} إن الاجتماع انتهى." for i in range(200))
    doc = prepare_article(Article(id="one-line", text=text))
    tokens = sentence_tokens(doc)
    longest = max(len(t) for t in tokens)
    own = max(len(analyze(s.text)) for s in doc.sentences)
    assert len(doc.sentences) == 200
    assert longest <= own * (2 + 2 * MAX_PARAGRAPH_REACH + 1)
