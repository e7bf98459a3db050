"""Naming the CPU to FAISS's OpenBLAS: only from the CPU's own flags, never over the user's choice,
and only while FAISS is imported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from index.parts.openblas import CORETYPE_VARIABLE, cpu_flags, kernel_for, named_cpu
from tests.conftest import ROOT

SAPPHIRE_RAPIDS = frozenset("fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_fp16".split())


@pytest.mark.parametrize(
    ("flags", "kernel"),
    [
        (SAPPHIRE_RAPIDS, "SkylakeX"),
        (frozenset("sse2 avx avx2 fma".split()), "Haswell"),
        (frozenset("sse2 avx avx2 avx512f".split()), None),  # avx2 without fma, avx512f alone
        (frozenset("sse2 avx avx512f avx512cd avx512bw avx512dq".split()), None),  # no avx512vl
        (frozenset(), None),
    ],
)
def test_kernel_is_the_best_the_flags_allow(flags, kernel):
    assert kernel_for(flags) == kernel


def test_flags_are_read_from_the_first_cpu(tmp_path, monkeypatch):
    monkeypatch.setattr("platform.machine", lambda: "x86_64")
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\nflags\t\t: fpu avx2 fma\n\n"
                    "processor\t: 1\nflags\t\t: fpu sse2\n", encoding="ascii")
    assert cpu_flags(info) == {"fpu", "avx2", "fma"}
    assert cpu_flags(tmp_path / "missing") == frozenset()


def test_other_architectures_name_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("platform.machine", lambda: "aarch64")
    info = tmp_path / "cpuinfo"
    info.write_text("flags\t\t: avx2 fma\n", encoding="ascii")
    assert cpu_flags(info) == frozenset()


def test_the_variable_is_set_only_inside_the_block(monkeypatch):
    monkeypatch.delenv(CORETYPE_VARIABLE, raising=False)
    with named_cpu(SAPPHIRE_RAPIDS) as kernel:
        assert kernel == "SkylakeX" and os.environ[CORETYPE_VARIABLE] == "SkylakeX"
    assert CORETYPE_VARIABLE not in os.environ
    with named_cpu(frozenset({"sse2"})) as kernel:
        assert kernel is None and CORETYPE_VARIABLE not in os.environ


def test_the_users_choice_is_kept(monkeypatch):
    monkeypatch.setenv(CORETYPE_VARIABLE, "Haswell")
    with named_cpu(SAPPHIRE_RAPIDS) as kernel:
        assert kernel is None and os.environ[CORETYPE_VARIABLE] == "Haswell"
    assert os.environ[CORETYPE_VARIABLE] == "Haswell"


def test_importing_the_vectors_leaves_the_environment_as_it_was():
    env = {k: v for k, v in os.environ.items() if k != CORETYPE_VARIABLE}
    code = "import os, index.parts.vectors; print(os.environ.get('OPENBLAS_CORETYPE'))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"
