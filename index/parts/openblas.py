"""Name the CPU to the OpenBLAS that faiss-cpu bundles, where that OpenBLAS cannot name it.

faiss-cpu's wheels carry their own OpenBLAS (0.3.15 in faiss-cpu 1.15). It picks its matrix
kernels by CPU model, and a CPU it does not know (newer ones, and virtual machines that report
"Intel(R) Xeon(R) Processor") gets the generic SSE3 kernel: on the 2-core Sapphire Rapids
development machine it said "Prescott", and assigning a million vectors to 1,024 lists took
3.5× the CPU that the AVX-512 kernel takes (building the 1M index: 76 s of CPU, 24 s named).
numpy's own, newer OpenBLAS names the same CPU correctly.

OpenBLAS reads ``OPENBLAS_CORETYPE`` once, when the library loads, and trusts it: a kernel the
CPU lacks crashes the process. So :func:`named_cpu` sets it only from the CPU's own flags, only
when the user has not set it, and only while FAISS is imported (numpy's OpenBLAS, loaded
earlier, is untouched). Setting a process's environment is its entry point's business: the
commands that build or search call :func:`load_faiss` first; importing the index never does.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["CORETYPE_VARIABLE", "cpu_flags", "kernel_for", "load_faiss", "named_cpu"]

CORETYPE_VARIABLE = "OPENBLAS_CORETYPE"

#: OpenBLAS kernel -> the CPU flags it needs, best first.
_KERNELS: tuple[tuple[str, frozenset[str]], ...] = (
    ("SkylakeX", frozenset({"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"})),
    ("Haswell", frozenset({"avx2", "fma"})),
)


def kernel_for(flags: set[str] | frozenset[str]) -> str | None:
    """The best OpenBLAS kernel a CPU with ``flags`` runs, or ``None`` (leave OpenBLAS to choose)."""
    return next((name for name, needs in _KERNELS if needs <= flags), None)


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The x86 feature flags of the first CPU listed in ``cpuinfo`` (empty where there is none)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return frozenset()
    try:
        with cpuinfo.open(encoding="ascii", errors="replace") as lines:
            for line in lines:
                name, _, value = line.partition(":")
                if name.strip() == "flags":
                    return frozenset(value.split())
    except OSError:
        pass
    return frozenset()


@contextmanager
def named_cpu(flags: frozenset[str] | None = None) -> Iterator[str | None]:
    """Within the block, ``OPENBLAS_CORETYPE`` names the CPU's best kernel (unless already set);
    yields the kernel named, or ``None``. Import faiss inside it."""
    if os.environ.get(CORETYPE_VARIABLE):
        yield None
        return
    kernel = kernel_for(cpu_flags() if flags is None else flags)
    if kernel is None:
        yield None
        return
    os.environ[CORETYPE_VARIABLE] = kernel
    try:
        yield kernel
    finally:
        os.environ.pop(CORETYPE_VARIABLE, None)


def load_faiss() -> str | None:
    """Import FAISS with this CPU named to its OpenBLAS; returns the kernel named, if any.

    Entry points call it before anything imports FAISS; once FAISS is loaded it changes nothing.
    """
    if "faiss" in sys.modules:
        return None
    with named_cpu() as kernel:
        import faiss  # noqa: F401
    return kernel
