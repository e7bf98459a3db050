"""File checksums: a file written since it was recorded is read in full; an untouched one is trusted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import index.encoder.checksums as checksums
from index.encoder.checksums import FileSum, damaged_files, record_files


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.bin").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "sub" / "b.json").write_text('{"كيري": 1}', encoding="utf-8")
    return tmp_path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files whose bytes are read to check them."""
    seen: list[Path] = []
    real = checksums.file_crc32
    monkeypatch.setattr(checksums, "file_crc32", lambda path: seen.append(path) or real(path))
    return seen


def test_every_file_is_recorded_by_its_relative_path_but_those_skipped(folder: Path) -> None:
    assert list(record_files(folder)) == ["a.bin", "sub/b.json"]
    assert list(record_files(folder, skip=("a.bin",))) == ["sub/b.json"]


def test_an_untouched_file_is_trusted_without_reading_it(folder: Path, reads: list[Path]) -> None:
    recorded = record_files(folder)
    reads.clear()
    assert damaged_files(folder, recorded) == {} and reads == []
    assert damaged_files(folder, recorded, full=True) == {} and len(reads) == 2


def test_a_byte_changed_in_place_is_found_though_the_size_is_the_same(folder: Path) -> None:
    recorded = record_files(folder)
    with open(folder / "a.bin", "r+b") as handle:
        handle.seek(5000)
        handle.write(b"\x00")
    assert damaged_files(folder, recorded) == {"a.bin": "its bytes changed since it was written (checksum mismatch)"}


def test_a_file_with_its_times_set_back_is_still_read(folder: Path) -> None:
    recorded = record_files(folder)
    before = (folder / "a.bin").stat()
    with open(folder / "a.bin", "r+b") as handle:
        handle.write(b"\xff")
    os.utime(folder / "a.bin", ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time cannot be set back
    assert "a.bin" in damaged_files(folder, recorded)


def test_truncated_missing_and_unreadable_records_are_named(folder: Path) -> None:
    recorded = record_files(folder)
    os.truncate(folder / "a.bin", 100)
    (folder / "sub" / "b.json").unlink()
    recorded["c"] = {"size": "many"}
    assert damaged_files(folder, recorded) == {
        "a.bin": "100 bytes where 16,384 were written (truncated or overwritten)",
        "sub/b.json": "missing",
        "c": "its checksum record is unreadable",
    }


def test_a_copy_is_read_in_full_and_passes(folder: Path, tmp_path_factory: pytest.TempPathFactory,
                                           reads: list[Path]) -> None:
    recorded = record_files(folder)
    copy = tmp_path_factory.mktemp("copy") / "folder"
    shutil.copytree(folder, copy)
    reads.clear()
    assert damaged_files(copy, recorded) == {} and len(reads) == 2


def test_a_record_round_trips_through_json(folder: Path) -> None:
    found = FileSum.of(folder / "a.bin")
    assert FileSum.from_json(found.to_json()) == found and found.size == 16_384
