"""Train the built-in offline sentence encoder shipped in ``index/offline_model``.

The encoder is a static-embedding SentenceTransformer: a WordPiece tokenizer plus one
vector per token, mean-pooled and L2-normalised. It needs no network and no GPU, and the
same text always gives the same vector.

Training runs in a few minutes on two CPU cores and is deterministic for a given corpus:

1. Read lines (paragraphs) from ANT-style JSONL articles and plain ``.txt`` files.
2. Learn a WordPiece vocabulary by BPE merges (ties broken by string order, so the
   vocabulary is reproducible, unlike the ``tokenizers`` trainer's hash-order ties). The
   tokenizer's *normaliser* carries the Arabic folding, so that queries are folded at
   encode time exactly as the training text was. The steps follow
   :mod:`index.normalize`: NFC; drop harakat (U+064B–U+0652), superscript alef (U+0670)
   and tatweel (U+0640); fold letters by ``LETTER_FOLDS``; map Arabic-Indic digits to
   ASCII; lower-case.
3. Count token co-occurrences in a symmetric window of ``WINDOW`` tokens within a line,
   turn them into PPMI with context-distribution smoothing (``CDS_ALPHA``) and factorise
   with a seeded randomized SVD; token vectors are ``U * sqrt(S)``.
4. Scale every token row by its SIF weight ``a / (a + p(token))`` so that frequent tokens
   count less under mean pooling.
5. Save ``SentenceTransformer([StaticEmbedding, Normalize])`` with a short model card.

Rebuild with::

    python -m index.offline_encoder --corpus ../shared/corpora/ant/ant.jsonl --corpus seeds --out index/offline_model
"""

from __future__ import annotations

import argparse
import heapq
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers

from index.normalize import LETTER_FOLDS

__all__ = [
    "OFFLINE_MODEL_DIR",
    "build_normalizer",
    "iter_corpus_lines",
    "learn_wordpiece_vocab",
    "train_offline_encoder",
    "main",
]

logger = logging.getLogger(__name__)

#: Where the shipped model lives.
OFFLINE_MODEL_DIR: Path = Path(__file__).parent / "offline_model"

#: Co-occurrence window: this many tokens on each side, within one line.
WINDOW = 4
#: Context-distribution smoothing exponent for PPMI (Levy, Goldberg & Dagan 2015).
CDS_ALPHA = 0.75
#: SIF smoothing constant ``a`` (Arora, Liang & Ma 2017).
SIF_A = 1e-3
#: Tokens rarer than this are left out of the vocabulary.
MIN_FREQUENCY = 2
#: Unknown-token symbol; its vector is zero.
UNK_TOKEN = "[UNK]"
#: WordPiece marker of a symbol that continues a word.
CONTINUATION_PREFIX = "##"
#: Characters removed before folding: harakat, superscript alef, tatweel.
MARKS_PATTERN = "[\u064b-\u0652\u0670\u0640]"
#: Arabic-Indic (U+0660) and Eastern Arabic-Indic (U+06F0) digit blocks.
DIGIT_BLOCKS = (0x0660, 0x06F0)
#: Default corpora, relative to the working directory (the repository root).
DEFAULT_ANT_PATH = Path("../shared/corpora/ant/ant.jsonl")
DEFAULT_SEEDS_DIR = Path("seeds")

_SVD_ITERATIONS = 5


def _iter_jsonl_lines(path: Path) -> Iterator[str]:
    """Yield the title and the text lines of each article in a JSONL file, skipping bad lines."""
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                record = json.loads(raw)
            except json.JSONDecodeError:
                logger.warning("Skipping malformed JSON at %s:%d", path, number)
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                logger.warning("Skipping record without text at %s:%d", path, number)
                continue
            title = record.get("title")
            if isinstance(title, str):
                yield title
            yield from record["text"].splitlines()


def _iter_txt_lines(path: Path) -> Iterator[str]:
    """Yield the lines of a UTF-8 text file."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        yield from handle


def _expand_corpus_path(path: Path) -> list[Path]:
    """Return the corpus files under ``path``: itself, or the sorted ``.jsonl``/``.txt`` files of a directory."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in {".jsonl", ".txt"} and p.is_file())
    return [path]


def iter_corpus_lines(corpus_paths: Iterable[Path]) -> Iterator[str]:
    """Stream non-empty, stripped lines from JSONL and text files, in a fixed order.

    Args:
        corpus_paths: Files (``.jsonl`` read as articles, anything else as plain text) or
            directories searched recursively for ``.jsonl`` and ``.txt`` files.

    Yields:
        One paragraph per item, with surrounding whitespace removed.
    """
    for corpus_path in corpus_paths:
        for path in _expand_corpus_path(Path(corpus_path)):
            reader = _iter_jsonl_lines if path.suffix == ".jsonl" else _iter_txt_lines
            for line in reader(path):
                line = line.strip()
                if line:
                    yield line


def build_normalizer() -> normalizers.Sequence:
    """Build the tokenizer normaliser that applies the Arabic folding of :mod:`index.normalize`.

    Returns:
        A ``tokenizers`` normaliser sequence, serialised with the tokenizer.
    """
    steps = [normalizers.NFC(), normalizers.Replace(Regex(MARKS_PATTERN), "")]
    steps += [normalizers.Replace(source, target) for source, target in LETTER_FOLDS.items()]
    steps += [
        normalizers.Replace(chr(block + digit), str(digit)) for block in DIGIT_BLOCKS for digit in range(10)
    ]
    steps.append(normalizers.Lowercase())
    return normalizers.Sequence(steps)


def count_words(lines: Iterable[str], tokenizer: Tokenizer) -> Counter[str]:
    """Count the normalised, pre-tokenised words of ``lines`` as ``tokenizer`` will see them.

    Args:
        lines: Text lines.
        tokenizer: A ``tokenizers.Tokenizer`` with normaliser and pre-tokenizer set.

    Returns:
        Word frequencies.
    """
    counts: Counter[str] = Counter()
    normalizer, pre_tokenizer = tokenizer.normalizer, tokenizer.pre_tokenizer
    for line in lines:
        counts.update(word for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(line)))
    return counts


def _split_word(word: str) -> list[str]:
    """Split a word into WordPiece symbols: the first character, then ``##``-prefixed ones."""
    return [word[0]] + [CONTINUATION_PREFIX + char for char in word[1:]]


def _adjacent_pairs(symbols: list[str]) -> Counter[tuple[str, str]]:
    """Count the adjacent symbol pairs of one word."""
    return Counter(zip(symbols, symbols[1:]))


def _merge_symbols(symbols: list[str], pair: tuple[str, str]) -> list[str]:
    """Replace every non-overlapping occurrence of ``pair`` in ``symbols``, left to right."""
    merged: list[str] = []
    index = 0
    while index < len(symbols):
        if index + 1 < len(symbols) and (symbols[index], symbols[index + 1]) == pair:
            merged.append(pair[0] + pair[1][len(CONTINUATION_PREFIX) :])
            index += 2
        else:
            merged.append(symbols[index])
            index += 1
    return merged


class _PairStatistics:
    """Weighted adjacent-pair counts over a word list, updated incrementally as pairs merge.

    Ties between equally frequent pairs are broken by the pairs' string order, so the merge
    sequence depends on the word counts only (the ``tokenizers`` trainer breaks ties by
    hash order, which changes from run to run).
    """

    def __init__(self, word_counts: Counter[str]) -> None:
        """Index every word's pairs; ``word_counts`` is iterated in sorted order."""
        items = sorted(word_counts.items())
        self.words = [_split_word(word) for word, _ in items]
        self.freqs = [freq for _, freq in items]
        self.counts: Counter[tuple[str, str]] = Counter()
        self.where: dict[tuple[str, str], set[int]] = {}
        self.heap: list[tuple[int, tuple[str, str]]] = []
        for index, symbols in enumerate(self.words):
            self._add(index, _adjacent_pairs(symbols), sign=1)

    def _add(self, index: int, pairs: Counter[tuple[str, str]], sign: int) -> None:
        """Add (``sign=1``) or remove (``sign=-1``) one word's pairs, weighted by its frequency.

        Every changed count is pushed on the heap; stale entries are skipped by :meth:`best_pair`.
        """
        for pair, times in pairs.items():
            self.counts[pair] += sign * times * self.freqs[index]
            if sign > 0:
                self.where.setdefault(pair, set()).add(index)
            if self.counts[pair] > 0:
                heapq.heappush(self.heap, (-self.counts[pair], pair))

    def best_pair(self) -> tuple[tuple[str, str], int] | None:
        """Return the most frequent pair and its count, or ``None`` when no pair is left."""
        while self.heap:
            negative, pair = self.heap[0]
            if self.counts.get(pair, 0) == -negative and negative < 0:
                return pair, -negative
            heapq.heappop(self.heap)
        return None

    def merge(self, pair: tuple[str, str]) -> None:
        """Merge ``pair`` in every word holding it and update the counts."""
        for index in sorted(self.where.pop(pair, set())):
            old = self.words[index]
            new = _merge_symbols(old, pair)
            self._add(index, _adjacent_pairs(old), sign=-1)
            for stale in set(zip(old, old[1:])) - set(zip(new, new[1:])):
                self.where.get(stale, set()).discard(index)
            self._add(index, _adjacent_pairs(new), sign=1)
            self.words[index] = new
        self.counts.pop(pair, None)


def learn_wordpiece_vocab(word_counts: Counter[str], vocab_size: int, min_frequency: int = MIN_FREQUENCY) -> list[str]:
    """Learn a WordPiece vocabulary by deterministic BPE merges, as the ``tokenizers`` trainer does.

    Args:
        word_counts: Normalised word frequencies.
        vocab_size: Target size, the special token included.
        min_frequency: Merges rarer than this are not made.

    Returns:
        ``[UNK]``, the sorted alphabet, then the merged symbols in merge order.
    """
    stats = _PairStatistics(word_counts)
    vocab = [UNK_TOKEN] + sorted({symbol for symbols in stats.words for symbol in symbols})
    known = set(vocab)
    while len(vocab) < vocab_size:
        best = stats.best_pair()
        if best is None or best[1] < min_frequency:
            break
        pair = best[0]
        stats.merge(pair)
        symbol = pair[0] + pair[1][len(CONTINUATION_PREFIX) :]
        if symbol not in known:
            vocab.append(symbol)
            known.add(symbol)
    return vocab


def _empty_tokenizer() -> Tokenizer:
    """Return a WordPiece tokenizer shell with the Arabic normaliser and BERT pre-tokenizer."""
    tokenizer = Tokenizer(models.WordPiece(vocab={UNK_TOKEN: 0}, unk_token=UNK_TOKEN))
    tokenizer.normalizer = build_normalizer()
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece(prefix=CONTINUATION_PREFIX)
    return tokenizer


def train_tokenizer(lines: list[str], vocab_size: int) -> Tokenizer:
    """Train a WordPiece tokenizer with Arabic folding in its normaliser, deterministically.

    Args:
        lines: Training text, one paragraph per item.
        vocab_size: Target vocabulary size, the special token included.

    Returns:
        The trained ``tokenizers.Tokenizer``.
    """
    tokenizer = _empty_tokenizer()
    vocab = learn_wordpiece_vocab(count_words(lines, tokenizer), vocab_size)
    tokenizer.model = models.WordPiece(
        vocab={token: index for index, token in enumerate(vocab)},
        unk_token=UNK_TOKEN,
        continuing_subword_prefix=CONTINUATION_PREFIX,
    )
    return tokenizer


def encode_lines(tokenizer: Tokenizer, lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Tokenise every line into one flat id array plus the line number of each token.

    Args:
        tokenizer: A trained ``tokenizers.Tokenizer``.
        lines: Text lines.

    Returns:
        ``(ids, line_numbers)``, two int64 arrays of equal length.
    """
    encodings = tokenizer.encode_batch(lines, add_special_tokens=False)
    lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
    ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
    line_numbers = np.repeat(np.arange(len(lines), dtype=np.int64), lengths)
    return ids, line_numbers


def count_cooccurrences(ids: np.ndarray, line_numbers: np.ndarray, vocab_size: int, window: int) -> sparse.csr_matrix:
    """Count symmetric token co-occurrences within ``window`` positions on the same line.

    Args:
        ids: Flat token ids.
        line_numbers: Line number of each token; pairs never cross lines.
        vocab_size: Number of rows and columns.
        window: Maximum distance between two co-occurring tokens.

    Returns:
        A symmetric ``vocab_size`` x ``vocab_size`` float64 count matrix.
    """
    counts = sparse.csr_matrix((vocab_size, vocab_size), dtype=np.float64)
    for distance in range(1, window + 1):
        same_line = line_numbers[:-distance] == line_numbers[distance:]
        rows, cols = ids[:-distance][same_line], ids[distance:][same_line]
        data = np.ones(rows.shape[0], dtype=np.float64)
        counts = counts + sparse.csr_matrix((data, (rows, cols)), shape=(vocab_size, vocab_size))
    return (counts + counts.T).tocsr()


def compute_ppmi(counts: sparse.csr_matrix, alpha: float = CDS_ALPHA) -> sparse.csr_matrix:
    """Turn co-occurrence counts into positive PMI with context-distribution smoothing.

    Args:
        counts: Co-occurrence counts (rows: words, columns: contexts).
        alpha: Exponent applied to context counts before normalising them.

    Returns:
        A float32 CSR matrix holding ``max(0, log(P(w, c) / (P(w) * P_alpha(c))))``.
    """
    counts = counts.tocoo()
    total = counts.data.sum()
    word_prob = np.asarray(counts.sum(axis=1)).ravel() / total
    context_mass = np.asarray(counts.sum(axis=0)).ravel() ** alpha
    context_prob = context_mass / context_mass.sum()
    pmi = np.log(counts.data / total) - np.log(word_prob[counts.row]) - np.log(context_prob[counts.col])
    keep = pmi > 0
    shape = counts.shape
    return sparse.csr_matrix((pmi[keep].astype(np.float32), (counts.row[keep], counts.col[keep])), shape=shape)


def factorize_ppmi(ppmi: sparse.csr_matrix, dim: int, seed: int) -> np.ndarray:
    """Factorise PPMI with a seeded randomized SVD and return ``U * sqrt(S)``.

    Args:
        ppmi: Square PPMI matrix.
        dim: Number of singular vectors kept.
        seed: ``random_state`` for the randomized SVD.

    Returns:
        A float64 array of shape ``(vocab_size, dim)``.
    """
    from sklearn.utils.extmath import randomized_svd

    left, singular, _ = randomized_svd(ppmi, n_components=dim, n_iter=_SVD_ITERATIONS, random_state=seed)
    return left * np.sqrt(singular)


def compute_sif_weights(ids: np.ndarray, vocab_size: int, a: float = SIF_A) -> np.ndarray:
    """Return the SIF weight ``a / (a + p(token))`` of every token id.

    Args:
        ids: Flat token ids of the training corpus.
        vocab_size: Length of the returned array.
        a: SIF smoothing constant.

    Returns:
        A float64 array of weights in ``(0, 1]``.
    """
    frequencies = np.bincount(ids, minlength=vocab_size).astype(np.float64)
    return a / (a + frequencies / frequencies.sum())


def _model_card(stats: dict[str, object]) -> str:
    """Render the model card written as ``README.md`` inside the model directory."""
    stats_lines = "\n".join(f"- {key}: {value}" for key, value in stats.items())
    return f"""# Isnad offline encoder

A small static-embedding sentence encoder for Arabic news text, built by
`python -m index.offline_encoder`. It is a `StaticEmbedding` (mean of token vectors) followed by
`Normalize`, loadable with `SentenceTransformer("index/offline_model")` with no network access.

- Tokenizer: WordPiece, vocabulary learnt on the corpus by deterministic BPE merges. Its
  normaliser folds Arabic text exactly like `index/normalize.py` (NFC; harakat, superscript alef
  and tatweel removed; أ إ آ ٱ → ا, ى → ي, ة → ه; Arabic-Indic digits → ASCII; lower-case), so
  queries are folded the same way at encode time.
- Token vectors: PPMI over co-occurrences in a ±{WINDOW} token window (context smoothing
  {CDS_ALPHA}), truncated randomized SVD with a fixed seed, vectors `U * sqrt(S)`, each row scaled
  by the SIF weight a / (a + p(token)) with a = {SIF_A:g}. Unseen tokens have zero vectors.
- Deterministic: the same input text always gives the same vector; no network, no GPU.
- Quality: a lexical-semantic baseline for offline use, far weaker than a trained transformer encoder.

## Training data

ANT Corpus v1.1 (Arabic News Texts, JawharaFM), Apache-2.0 with a citation licence, plus the
project's seed articles. Please cite:

A. Chouigui, O. Ben Khiroun, and B. Elayeb. *ANT Corpus: An Arabic News Text Collection for
Textual Classification*. AICCSA 2017, pp. 135-142. <http://antcorpus.github.io>

## Build statistics

{stats_lines}
"""


def save_model(tokenizer: Tokenizer, weights: np.ndarray, out_dir: Path, stats: dict[str, object]) -> None:
    """Save a ``[StaticEmbedding, Normalize]`` SentenceTransformer and its model card.

    Args:
        tokenizer: The trained ``tokenizers.Tokenizer``.
        weights: Float32 token vectors, one row per vocabulary id.
        out_dir: Target directory, created if needed.
        stats: Build statistics listed in the model card.
    """
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding

    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights), Normalize()])
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir), create_model_card=False)
    (out_dir / "README.md").write_text(_model_card(stats), encoding="utf-8")


def learn_token_vectors(ids: np.ndarray, line_numbers: np.ndarray, vocab_size: int, dim: int, seed: int) -> np.ndarray:
    """Learn SIF-weighted PPMI-SVD vectors for every vocabulary id.

    Args:
        ids: Flat token ids of the corpus.
        line_numbers: Line number of each token.
        vocab_size: Number of rows returned.
        dim: Vector dimension.
        seed: Seed of the randomized SVD.

    Returns:
        A float32 array of shape ``(vocab_size, dim)``; ids never seen get zero rows.
    """
    counts = count_cooccurrences(ids, line_numbers, vocab_size, WINDOW)
    ppmi = compute_ppmi(counts)
    logger.info("PPMI matrix: %d x %d, %d non-zeros", vocab_size, vocab_size, ppmi.nnz)
    vectors = factorize_ppmi(ppmi, dim, seed)
    vectors *= compute_sif_weights(ids, vocab_size)[:, None]
    return vectors.astype(np.float32)


def train_offline_encoder(
    corpus_paths: list[Path], out_dir: Path, vocab_size: int = 20000, dim: int = 192, seed: int = 0
) -> Path:
    """Train the offline static-embedding encoder and save it as a SentenceTransformer directory.

    Args:
        corpus_paths: JSONL article files, text files, or directories holding them.
        out_dir: Directory to write the model to.
        vocab_size: WordPiece vocabulary size.
        dim: Embedding dimension.
        seed: Seed of the randomized SVD.

    Returns:
        ``out_dir``.

    Raises:
        ValueError: If the corpus holds no text.
    """
    started = time.perf_counter()
    lines = list(iter_corpus_lines(corpus_paths))
    if not lines:
        raise ValueError(f"No text found in corpus paths {[str(p) for p in corpus_paths]!r}")
    logger.info("Read %d lines from %d corpus paths", len(lines), len(corpus_paths))
    tokenizer = train_tokenizer(lines, vocab_size)
    actual_vocab = tokenizer.get_vocab_size()
    ids, line_numbers = encode_lines(tokenizer, lines)
    logger.info("Tokenizer: %d tokens in vocabulary, %d tokens in corpus", actual_vocab, ids.size)
    weights = learn_token_vectors(ids, line_numbers, actual_vocab, dim, seed)
    stats = {"lines": len(lines), "corpus tokens": int(ids.size), "vocabulary": actual_vocab, "dimension": dim}
    stats["seed"] = seed
    save_model(tokenizer, weights, Path(out_dir), stats)
    logger.info("Saved offline encoder to %s in %.1f s", out_dir, time.perf_counter() - started)
    return Path(out_dir)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line of :func:`main`."""
    parser = argparse.ArgumentParser(prog="python -m index.offline_encoder", description=__doc__.splitlines()[0])
    parser.add_argument(
        "-c", "--corpus", action="append", type=Path, default=None,
        help=f"JSONL/.txt file or directory; repeatable (default: {DEFAULT_ANT_PATH} and {DEFAULT_SEEDS_DIR}/)",
    )  # fmt: skip
    parser.add_argument("-o", "--out", type=Path, default=OFFLINE_MODEL_DIR, help="output model directory")
    parser.add_argument("-v", "--vocab-size", type=int, default=20000, help="WordPiece vocabulary size")
    parser.add_argument("-d", "--dim", type=int, default=192, help="embedding dimension")
    parser.add_argument("-s", "--seed", type=int, default=0, help="randomized SVD seed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: rebuild the offline encoder.

    Args:
        argv: Arguments without the program name; ``None`` reads ``sys.argv``.

    Returns:
        The process exit code.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = _parse_args(argv)
    corpus_paths = args.corpus or [DEFAULT_ANT_PATH, DEFAULT_SEEDS_DIR]
    missing = [str(p) for p in corpus_paths if not p.exists()]
    if missing:
        sys.exit(
            f"Corpus not found: {', '.join(missing)}. The ANT corpus is expected at {DEFAULT_ANT_PATH} "
            "(relative to the repository root); pass its location with --corpus PATH."
        )
    train_offline_encoder(corpus_paths, args.out, vocab_size=args.vocab_size, dim=args.dim, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
