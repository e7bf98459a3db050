"""Checksums of the files Isnad writes and later trusts: the rebuilt model, its ONNX export, index parts.

Each file is recorded with its size, its CRC-32 (streamed) and the identity it had when recorded:
its inode and its change time (``st_ctime_ns``). Every write to a file moves its change time, and
no program can set it back, so a file whose size and identity are unchanged has not been written
since its checksum was taken and is trusted without reading it (a 100 MB index opens in
milliseconds, not the ~0.2 s a full pass costs). A file that was written, copied or restored is
read in full and must match its CRC-32. ``full=True`` reads every file whatever its identity says
(``isnad index --full`` does, for the model; damage below the file system escapes the fast path).

The module sits in the encoder room, the lowest one, so that model files and index parts share it.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["FileSum", "damaged_files", "file_crc32", "record_files"]

_CHUNK = 1 << 22


@dataclass(frozen=True)
class FileSum:
    """What a file was when it was written: its size, CRC-32, inode and change time."""

    size: int
    crc32: int
    inode: int = 0
    ctime_ns: int = 0

    @classmethod
    def of(cls, path: Path) -> FileSum:
        """The checksum of ``path`` now (read in full)."""
        stat = path.stat()
        return cls(stat.st_size, file_crc32(path), stat.st_ino, stat.st_ctime_ns)

    @classmethod
    def from_json(cls, raw: Mapping[str, int]) -> FileSum:
        """Read what :meth:`to_json` wrote (raises TypeError/ValueError on anything else)."""
        return cls(**{key: int(raw[key]) for key in ("size", "crc32", "inode", "ctime_ns") if key in raw})

    def to_json(self) -> dict[str, int]:
        """A JSON-ready mapping."""
        return asdict(self)

    def problem(self, path: Path, full: bool = False) -> str:
        """Why ``path`` is not the file recorded (``""`` when it is)."""
        try:
            stat = path.stat()
        except FileNotFoundError:
            return "missing"
        if stat.st_size != self.size:
            return f"{stat.st_size:,} bytes where {self.size:,} were written (truncated or overwritten)"
        if not full and (stat.st_ino, stat.st_ctime_ns) == (self.inode, self.ctime_ns):
            return ""  # not written since it was checksummed
        if file_crc32(path) != self.crc32:
            return "its bytes changed since it was written (checksum mismatch)"
        return ""


def file_crc32(path: Path) -> int:
    """The CRC-32 of the file at ``path``, read in 4 MB chunks."""
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def record_files(folder: Path, skip: Iterable[str] = ()) -> dict[str, dict[str, int]]:
    """The :class:`FileSum` of every file under ``folder`` (relative POSIX paths), but those in ``skip``."""
    folder = Path(folder)
    skipped = set(skip)
    found = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if relative not in skipped:
                found[relative] = FileSum.of(path).to_json()
    return dict(sorted(found.items()))


def damaged_files(folder: Path, recorded: Mapping[str, Mapping[str, int]], full: bool = False) -> dict[str, str]:
    """Each recorded file under ``folder`` that is not what was written, with why (empty: all intact)."""
    problems = {}
    for relative, raw in recorded.items():
        try:
            expected = FileSum.from_json(raw)
        except (KeyError, TypeError, ValueError):
            problems[relative] = "its checksum record is unreadable"
            continue
        if why := expected.problem(Path(folder) / relative, full):
            problems[relative] = why
    return problems
