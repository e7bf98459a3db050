"""Ways a file on disk goes bad, each applied in place the way a failing disk or a stray command does."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["MODES", "damage"]


def flip_bits(path: Path) -> None:
    """One bit flipped in each of a few spots: the file keeps its size and mostly its shape."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for at in {size // 3, size // 2, (size * 2) // 3, max(0, size - 9)}:
            handle.seek(at)
            byte = handle.read(1)
            handle.seek(at)
            handle.write(bytes([byte[0] ^ 0x10]) if byte else b"\x10")


def truncate(path: Path) -> None:
    """The second half lost, as after a crash mid-copy."""
    os.truncate(path, path.stat().st_size // 2)


def zero_range(path: Path) -> None:
    """A run of zeroes in the middle (up to 4 MB), as a bad sector or a sparse copy leaves."""
    size = path.stat().st_size
    length = max(1, min(4 << 20, size // 4))
    with open(path, "r+b") as handle:
        handle.seek((size - length) // 2)
        handle.write(bytes(length))


def wrong_type(path: Path) -> None:
    """Another kind of file under the name: a JSON document where a binary part was, or the reverse."""
    text = path.suffix == ".json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64) if text else b'{"format": 1, "articles": "none"}\n')


#: Every way, by name.
MODES: dict[str, Callable[[Path], None]] = {
    "flip": flip_bits, "truncate": truncate, "zero": zero_range, "wrong_type": wrong_type,
}


def damage(path: Path, mode: str) -> None:
    """Damage the file at ``path`` in the way ``mode`` names."""
    MODES[mode](path)
