"""The tokens BM25 indexes for a sentence: the sentence itself, weighted up, plus its context.

A sentence is cited alone, but it is found through the words around it: a question names the
subject («الرئيس التركي») that the answering sentence only refers to («وأضاف أن ...»).
So each sentence's BM25 document is its own tokens ``sentence_weight`` times, then the tokens
of the sentences of its paragraph (itself included; at most ``MAX_PARAGRAPH_REACH`` either side), of up to ``neighbours`` sentences either
side outside it, and of the title ``title_weight`` times. Weighting the sentence up keeps the
sentence that holds the words ahead of its neighbours, which share the same context.

Only ranking sees the context: abstention (coverage) and citations use the sentence alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DEFAULT_CONTEXT", "LexicalContext", "document_parts"]



@dataclass(frozen=True)
class LexicalContext:
    """What goes into a sentence's BM25 document besides the sentence; recorded in the manifest."""

    sentence_weight: int = 1
    paragraph: bool = False
    neighbours: int = 0
    title_weight: int = 0


#: The measured best (docs/evaluation.md): the sentence twice plus its whole paragraph.
DEFAULT_CONTEXT = LexicalContext(sentence_weight=2, paragraph=True)


#: The paragraph context reaches at most this many sentences either side: a text with no
#: line breaks (a JSONL article on one line) is one paragraph, and a whole-paragraph context
#: would grow its BM25 documents, and the build's time and memory, with the square of its length.
MAX_PARAGRAPH_REACH = 8


def _context_positions(paragraphs: Sequence[int], i: int, context: LexicalContext) -> list[int]:
    """Positions (0-based) of the sentences whose tokens join sentence ``i``'s, besides its own."""
    n = len(paragraphs)
    paragraph = paragraphs[i]
    around = range(max(0, i - context.neighbours), min(n, i + context.neighbours + 1))
    near = [j for j in around if j != i and not (context.paragraph and paragraphs[j] == paragraph)]
    reach = range(max(0, i - MAX_PARAGRAPH_REACH), min(n, i + MAX_PARAGRAPH_REACH + 1))
    same = [j for j in reach if paragraphs[j] == paragraph] if context.paragraph else []
    return sorted({*near, *same})


def document_parts(paragraphs: Sequence[int], titled: bool, context: LexicalContext = DEFAULT_CONTEXT) -> list[list[tuple[int, int]]]:
    """Each sentence's BM25 document as ``(part, times)`` pairs: part ``i < n`` is sentence ``i``'s
    own tokens, part ``n`` the title's (when ``titled``); the sentence first, its context in
    sentence order, the title last.

    Args:
        paragraphs: Each sentence's paragraph number (``n`` sentences).
        titled: Whether there is a title part.
        context: What to add to each sentence's own tokens.
    """
    title = [(len(paragraphs), context.title_weight)] if titled and context.title_weight else []
    return [
        [(i, context.sentence_weight), *((j, 1) for j in _context_positions(paragraphs, i, context)), *title]
        for i in range(len(paragraphs))
    ]
