"""Who speaks in a sentence: speech verbs, speaker phrases, appositions and continuations.

Arabic news attributes statements with a speech verb (قال، أعلن، أكد، أضاف ...) whose subject
usually follows it (VSO: «وقال كيري»), sometimes precedes it («وكان مسؤول أميركي قال»), and
is often a name in apposition with a title («جون كيرى وزير الخارجية الأمريكى»,
«وزير الخارجية الروسي، سيرغي لافروف»). A verb with no subject after it at the start of a
sentence («وقال 'لن نكون ...'», «وأضاف أن ...») continues the previous sentence's speaker.

All functions here are pure text logic over one sentence or one article's sentences.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from index.speech.lexicon import (
    ACCORDING,
    BY,
    ISSUED,
    MAX_PHRASE_WORDS,
    MAX_VERB_POSITION,
    NAME_VERBS,
    NEEDS_ABOUT,
    OPENERS,
    PHRASE_STOPS,
    QUOTES,
    SAME,
    SOURCE,
    SOURCE_NOUNS,
    SOURCE_OPENERS,
    TITLE_WORDS,
    VERB_AGREEMENT,
    WHAT,
)
from index.speech.titles import (
    VERB_TOKENS,
    bare_word,
    head_of,
    phrase_words,
    speech_tokens,
    speech_verb,
    split_name_title,
    title_head,
)

__all__ = [
    "Mention",
    "attribute_speakers",
    "find_appositions",
    "find_mention",
]


@dataclass(frozen=True)
class Mention:
    """A speech verb in a sentence and the phrase naming its speaker (empty: a pronoun)."""

    verb: str
    phrase: str


def _phrase_after(tokens: list[str], start: int) -> list[str]:
    words: list[str] = []
    count = 0
    for token in tokens[start:]:
        if not words and token in BY:
            continue  # «حسب ما أفادت به وزارة ...»
        if token in QUOTES or bare_word(token) in PHRASE_STOPS or token in ACCORDING or count >= MAX_PHRASE_WORDS:
            break
        if words and token not in NAME_VERBS and speech_verb(token):
            break  # «وفق دبلوماسي روسي كبير قال إن ...»: the subject's own verb
        if token in "،,":
            # A comma inside «وزير الخارجية الروسي، سيرغي لافروف،» separates apposition parts.
            if words and words[-1] != "،":
                words.append("،")
            continue
        words.append(token)
        count += 1
    while words and words[-1] == "،":
        words.pop()
    return words


def _phrase_before(tokens: list[str], verb_at: int) -> list[str]:
    """The subject before its verb: «وكان مسؤول أميركي قال», «وكانت وزارة الدفاع، قد أفادت»."""
    head = list(tokens[:verb_at])
    if head and head[-1] == "قد":
        head.pop()
        while head and head[-1] in "،,":
            head.pop()
    before = [t for t in head if t not in "،,"]
    if before and before[0] in ("كان", "كانت", "وكان", "وكانت"):
        before = before[1:]
    text = " ".join(head)
    if not before or "،" in head or text.startswith(OPENERS) or len(before) > 4:
        return []
    return before


def _source_phrase(tokens: list[str], j: int) -> list[str]:
    """The speaker phrase at ``j``, past a communiqué that carries it: «بيان صادر عن الرئاسة»,
    «بلاغ لوزارة الداخلية» (the preposition is dropped from the head)."""
    if j < len(tokens) and tokens[j] in SOURCE_NOUNS:
        j += 1
        if j < len(tokens) and ISSUED in tokens[j]:
            j += 1
        if j < len(tokens) and tokens[j] in ("عن", "من"):
            j += 1
    words = [w for w in _phrase_after(tokens, j) if w != "،"]
    if words and words[0][:1] in ("ل", "ب") and head_of(words[0][1:]):
        words[0] = words[0][1:]
    return words


def _according_to(tokens: list[str]) -> Mention | None:
    """«حسب ما أفادت به وزارة الداخلية», «وفق ما أعلنته الوزارة», «بحسب المتحدث باسم الحرس»."""
    for i, token in enumerate(tokens):
        if token not in ACCORDING:
            continue
        j = i + 1
        if j < len(tokens) and tokens[j] in ("ل", "لما"):
            j += tokens[j] == "ل"
        if j < len(tokens) and (tokens[j] in WHAT or token.endswith("ما")):
            j += tokens[j] in WHAT
            verb = speech_verb(tokens[j], with_object=True) if j < len(tokens) else None
            if verb:
                words = [w for w in _phrase_after(tokens, j + 1) if w != "،"]
                if words:
                    return Mention(verb, " ".join(words))
            continue
        words = _source_phrase(tokens, j)
        if words and title_head(" ".join(words)):
            return Mention("حسب", " ".join(words))
    return None


def find_mention(sentence: str) -> Mention | None:
    """The speech verb near the start of a sentence, with its speaker phrase.

    A sentence that attributes what it says after the fact («..., حسب ما أفادت به وزارة
    الداخلية», «وفق ما أعلنته ...», «بحسب المتحدث باسم ...») has that speaker, unless a verb
    at its start names one.

    Args:
        sentence: The sentence text.

    Returns:
        The mention, or None when no speech verb opens the sentence and none attributes it.
        An empty phrase means the speaker is a pronoun (continued from an earlier sentence).
    """
    tokens = speech_tokens(sentence)
    opening: Mention | None = None
    for i, token in enumerate(tokens[: MAX_VERB_POSITION + 1]):
        verb = speech_verb(token)
        if verb is None or (i > 0 and tokens[i - 1] in WHAT | ACCORDING):
            continue
        after = _phrase_after(tokens, i + 1)
        if not after and i + 1 < len(tokens) and tokens[i + 1] in SOURCE_NOUNS:
            after = _source_phrase(tokens, i + 1)  # «وقال بيان صادر عن الرئاسة إن ...»
        if verb in NEEDS_ABOUT and "عن" not in tokens[i + 1 : i + 30]:
            continue
        words = after or _phrase_before(tokens, i)
        opening = Mention(verb, " ".join(w for w in words if w != "،"))
        break
    if opening is not None and opening.phrase:
        return opening
    return _according_to(tokens) or opening


def _between_commas(words: list[str]) -> list[str]:
    """«وزير الخارجية الأميركي، جون كيري، مباحثاته» → the title and the name, up to the second comma."""
    out: list[str] = []
    commas = 0
    for word in words:
        if word == "،":
            commas += 1
            if commas == 2:
                break
            continue
        out.append(word)
    return out


def find_appositions(sentence: str) -> list[tuple[str, str]]:
    """Every (name, title) pair a sentence states after a speech verb, or as «TITLE، NAME،».

    These teach which titles stand for which people, even where the verb is not the
    sentence's opening one («... فقد أعلن وزير الخارجية الروسي سيرغي لافروف أن ...»).
    """
    tokens = speech_tokens(sentence)
    if VERB_TOKENS.isdisjoint(tokens) and TITLE_WORDS.isdisjoint(tokens):
        return []  # a quarter of news sentences: no verb or title to look after, found at set speed
    pairs = []
    for i, token in enumerate(tokens):
        if token in VERB_TOKENS:
            phrase = " ".join(w for w in _phrase_after(tokens, i + 1) if w != "،")
        elif token in TITLE_WORDS and "،" in tokens[i + 1 : i + 5]:
            phrase = " ".join(_between_commas(_phrase_after(tokens, i)))
        else:
            continue
        name, title = split_name_title(phrase)
        if name and title:
            pairs.append((name, title))
    return list(dict.fromkeys(pairs))


#: How many distinct earlier speakers of a head a reference is compared with: the budget that keeps an
#: article of thousands of distinct ministers («وزير …») linear too. A reference means a recent speaker.
ANTECEDENT_LOOKBACK = 32


class _Named:
    """An article's speakers so far: each once, by recency, grouped by title head.

    A long article names the same few speakers again and again: looking a reference up among the
    distinct speakers of its head keeps attribution linear in the article's length (a list of
    every mention, scanned for each new one, made a 1 MB article cost 5.5 s and 20 MB an hour).
    """

    def __init__(self) -> None:
        self.last: str | None = None
        self._heads: dict[str, str] = {}
        self._by_head: dict[str, dict[str, None]] = {}

    def add(self, speaker: str) -> None:
        head = self._heads.get(speaker)
        if head is None:
            head = self._heads[speaker] = (title_head(speaker) or "").rstrip("+")
        group = self._by_head.setdefault(head, {})
        group.pop(speaker, None)
        group[speaker] = None  # the most recent last
        self.last = speaker

    def with_head(self, head: str) -> Iterator[str]:
        """The most recent ``ANTECEDENT_LOOKBACK`` speakers whose title has ``head``, the most recent first."""
        return itertools.islice(reversed(self._by_head.get(head, {})), ANTECEDENT_LOOKBACK)


def _antecedent(phrase: str, named: _Named) -> str:
    """The article's earlier speaker that a short reference stands for.

    «المصدر نفسه» is the last speaker named; a title-only reference («الوزارة», «مندوب التربية»,
    «الكاتب العام للشغل بالمهدية») is the last speaker whose title has its head and holds its
    words («المندوب الجهوي للتربية بالمهدية»). Any other phrase stands for itself.
    """
    words = phrase.split()
    if named.last is None:
        return phrase
    if words[0] in SOURCE_OPENERS and len(words) <= 2:
        if SOURCE in words and (len(words) == 1 or words[1] in SAME or words[0] != SOURCE):
            return named.last
    head = (title_head(phrase) or "").rstrip("+")
    name, title = split_name_title(phrase)
    if not head or name:
        return phrase
    title_words = phrase_words(" ".join(w for w in title.split() if w not in SAME))
    for earlier in named.with_head(head):
        if earlier != phrase:
            earlier_words = phrase_words(earlier)
            if len(earlier_words) > len(title_words) and all(any(w & e for e in earlier_words) for w in title_words):
                return earlier
    return phrase


def attribute_speakers(sentences: Sequence[str]) -> list[str | None]:
    """The speaker phrase of each sentence of one article, continuations resolved.

    A short reference to a speaker named earlier in the article («وأضافت الوزارة», «المصدر
    نفسه», «مندوب التربية») is that speaker (see :func:`_antecedent`). A sentence opened by a
    speech verb with no subject continues the previous sentence's speaker when the verbs agree («أفادت وزارة الداخلية ...» then «وأضافت أن ...»); a verb of
    another gender or number («وأضاف أن ...» after «قالت») speaks for someone not named, and
    has no speaker. Any other sentence without a speech verb has none.
    """
    out: list[str | None] = []
    previous: str | None = None
    previous_agreement: str | None = None
    named = _Named()
    for text in sentences:
        mention = find_mention(text)
        if mention is None:
            out.append(None)
            previous = None
            continue
        agreement = VERB_AGREEMENT.get(mention.verb)
        if mention.phrase:
            speaker = _antecedent(mention.phrase, named)
            named.add(speaker)
            previous_agreement = agreement
        elif agreement and previous_agreement and agreement != previous_agreement:
            speaker = None
        else:
            speaker = previous
        out.append(speaker)
        previous = speaker
    return out
