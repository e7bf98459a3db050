"""The names of ``isnad eval``'s suites and groups: what the command line offers, without loading them."""

from __future__ import annotations

__all__ = ["GROUPS", "SUITES"]

#: Every named suite, in the order they run (:func:`retrieval.evaluation.suites.define_suites`).
SUITES = (
    "seeds", "archive", "ant-dev", "ant-heldout", "snn-dev", "snn-heldout",
    "xquad", "xquad-en-ar", "arcd", "arcd-test", "mlqa", "tydi",
)
#: Named groups of suites (``isnad eval --suite archives``).
GROUPS = {
    "archives": ("archive", "ant-dev", "ant-heldout", "snn-dev", "snn-heldout"),
    "benchmarks": ("xquad", "xquad-en-ar", "arcd", "arcd-test", "mlqa", "tydi"),
}
