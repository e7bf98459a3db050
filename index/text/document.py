"""From an article to its title and sentences: boilerplate out, body split."""

from __future__ import annotations

from dataclasses import dataclass, replace

from index.text.articles import Article
from index.text.boilerplate import Line, LineKind, classify_lines
from index.text.sentences import Span, split_paragraph

__all__ = ["Sentence", "Document", "prepare_article"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article; ``start``/``end`` are offsets in the article's text."""

    article_id: str
    position: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class Document:
    """An article ready to index: its title, sentences and (sub-)headings."""

    article: Article
    title: str | None
    sentences: tuple[Sentence, ...]
    headings: tuple[Span, ...]


def prepare_article(article: Article) -> Document:
    """Clean and split an article.

    The title is the metadata title when there is one, else the first heading that comes
    before any body text. Headings are kept apart from sentences: they are labels, not
    statements to cite.

    Args:
        article: The article as read.

    Returns:
        The prepared document; ``sentences`` is empty when nothing but boilerplate was left.
    """
    lines = classify_lines(article.text, title=article.title)
    if not any(line.kind is LineKind.BODY for line in lines):
        # Short notices (a fixture list, a price table, a one-line item) are all "headings":
        # their lines are the only text there is, so they are what gets cited.
        lines = _promote_headings(lines, keep_title=article.title is None)
    title = article.title
    sentences: list[Sentence] = []
    headings: list[Span] = []
    paragraph = 0
    for line in lines:
        if line.kind is LineKind.HEADING:
            if title is None and not sentences:
                title = line.text
            else:
                headings.append(Span(line.start, line.end, line.text))
        elif line.kind is LineKind.BODY:
            spans, glued = split_paragraph(line.text, line.start)
            paragraph += 1
            for span in spans:
                sentences.append(
                    Sentence(article.id, len(sentences) + 1, span.start, span.end, span.text, paragraph)
                )
            headings.extend(glued)
    return Document(article, title, tuple(sentences), tuple(headings))


#: A lone unpunctuated line of at least this many words is a one-line item, not a headline.
MIN_ONE_LINE_ITEM_WORDS = 5


def _promote_headings(lines: list[Line], keep_title: bool) -> list[Line]:
    """Turn headings into body lines, keeping a first one as the title where it reads as one.

    The first heading is the title when others follow it, or when it is the only line and too
    short to be a statement («اتهامات الأسد»); a lone longer line is a one-line news item.
    """
    kept = [line for line in lines if line.kind is not LineKind.BOILERPLATE]
    headings = [line for line in kept if line.kind is LineKind.HEADING]
    lone_item = len(headings) == 1 and len(headings[0].text.split()) >= MIN_ONE_LINE_ITEM_WORDS
    out = []
    for line in kept:
        is_title = keep_title and not out and not lone_item
        if line.kind is LineKind.HEADING and not is_title:
            line = replace(line, kind=LineKind.BODY)
        out.append(line)
    return out
