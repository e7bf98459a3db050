"""What a build that ran out of disk space says: where, and how much to free, in one line.

A full disk fails a build wherever the write happened: NumPy's byte count, SQLite's "database or
disk is full" or "disk I/O error", FAISS's C++ assertion. Whichever it was, the operator needs the
same two facts, the folder and the space, so every one of them becomes :class:`index.errors.DiskFull`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from index.errors import DiskFull, says_disk_full

__all__ = ["disk_full_error", "folder_size"]

_MB = 1 << 20
#: Below this much free space after a failed write, the disk is taken to be the cause.
_NEARLY_FULL = _MB


def folder_size(folder: Path | None) -> int:
    """The bytes the files under ``folder`` take (0 when there is none)."""
    if folder is None or not folder.is_dir():
        return 0
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue  # removed meanwhile
    return total


def disk_full_error(exc: BaseException, root: Path, partial: Path, served: Path | None) -> DiskFull | None:
    """The error to raise when ``exc`` failed the build for want of space, else None.

    Called before the partial build ``partial`` is removed: the space a build needs is estimated as
    the larger of the served build and what was written, plus a fifth, less what is free once the
    partial build is gone.
    """
    try:
        free_now = shutil.disk_usage(root).free
    except OSError:
        return None
    if not (says_disk_full(exc) or free_now < _NEARLY_FULL):
        return None
    written = folder_size(partial)
    needed = max(folder_size(served), written) * 6 // 5
    missing = max(needed - (free_now + written), 16 * _MB)
    return DiskFull(
        f"the disk holding {root} is full ({free_now // _MB:,} MB free): free at least "
        f"{-(-missing // _MB):,} MB there, then rerun `isnad index` (previous index kept)"
    )
