"""The indexing side: read, decode, clean, split, analyse, embed, and build the store, BM25 and FAISS.

Its rooms: ``text/`` (articles to analysed sentences), ``speech/`` (who speaks), ``encoder/`` (the
model), ``parts/`` (the files of an index), ``build/`` (plan, assemble, swap), and ``reader.py``
(the one reader of a built index); docs/architecture.md draws them.

This package's public surface is what the front ends (``bot/``) use: building an index,
loading an encoder, the errors to turn into messages, FAISS loaded with the CPU named and its
thread count. They import
it as ``from index import X`` and never reach into a submodule (a test enforces it); the
answering side (``retrieval/``) imports submodules by name (``index.reader``, ``index.text.analyze`` ...).

Every name is imported on first use (PEP 562): ``import index`` loads no submodule, so a
command that never builds an index never pays for numpy, FAISS or the builder.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: Each public name and the submodule that defines it.
_HOMES = {
    "BuildOptions": "index.build.run",
    "BuildReport": "index.build.run",
    "build_index": "index.build.run",
    "Encoder": "index.encoder.embed",
    "load_encoder": "index.encoder.embed",
    "load_passage_encoder": "index.encoder.engines",
    "EncoderSpec": "index.encoder.cluster",
    "dask_encoder": "index.encoder.cluster",
    "BuildFailed": "index.errors",
    "IndexDamaged": "index.errors",
    "IndexError_": "index.errors",
    "IndexNotFound": "index.errors",
    "ModelMismatch": "index.errors",
    "ModelUnavailable": "index.errors",
    "UnreadableInput": "index.errors",
    "load_faiss": "index.parts.openblas",
    "set_search_threads": "index.parts.vectors",
}

__all__ = sorted(_HOMES)

if TYPE_CHECKING:
    from index.build.run import BuildOptions, BuildReport, build_index
    from index.encoder.embed import Encoder, load_encoder
    from index.encoder.cluster import EncoderSpec, dask_encoder
    from index.encoder.engines import load_passage_encoder
    from index.errors import (
        BuildFailed,
        IndexDamaged,
        IndexError_,
        IndexNotFound,
        ModelMismatch,
        ModelUnavailable,
        UnreadableInput,
    )
    from index.parts.openblas import load_faiss
    from index.parts.vectors import set_search_threads


def __getattr__(name: str) -> Any:
    """Import a public name from its submodule on first use, then keep it here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}; the public names are {', '.join(__all__)}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
