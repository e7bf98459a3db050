"""Read articles from a folder of ``.txt`` files and from JSONL files.

A ``.txt`` file holds one article; its stem is the article id. A ``.jsonl`` file holds one
article per line: ``{"id", "text", "title"?, "url"?, "date"?, "source"?}``. Anything that
cannot be read is skipped with a reason and the rest goes on: one bad file never costs the
others.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import UnreadableInput
from index.text.decode import decode_article_bytes, normalize_newlines

__all__ = ["Article", "Skipped", "ArticleReader", "ARTICLE_SUFFIXES", "article_id"]

logger = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".jsonl")
_OPTIONAL_FIELDS = ("title", "url", "date", "source")


@dataclass(frozen=True)
class Article:
    """One news article as read from its source, text untouched but for line ends."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class Skipped:
    """An input that was not indexed, and why."""

    origin: str
    reason: str


@dataclass
class ArticleReader:
    """Iterates articles from paths, collecting what it had to skip in ``skipped``."""

    paths: list[Path]
    skipped: list[Skipped] = field(default_factory=list)
    #: Inputs read in another encoding than UTF-8, or repaired (mojibake): ``reason`` says how.
    decoded: list[Skipped] = field(default_factory=list)
    _seen: dict[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Article]:
        for path in self.paths:
            for article in self._read_path(Path(path)):
                first = self._seen.get(article.id)
                if first is not None:
                    self._skip(article.origin, f"duplicate article id {article.id!r}: {first} was read first and "
                                               "kept. Fix: give one of them another id (file name or JSONL id)")
                    continue
                self._seen[article.id] = article.origin
                yield article

    def _skip(self, origin: str, reason: str) -> None:
        logger.warning("Skipped %s: %s", origin, reason)
        self.skipped.append(Skipped(origin, reason))

    def _read_path(self, path: Path) -> Iterable[Article]:
        if path.is_dir():
            for child in _walk(path, path.resolve(), self._skip):
                yield from self._read_file(child, path)
        elif path.is_file():
            yield from self._read_file(path, path.parent)
        elif path.exists():
            self._skip(str(path), f"not a regular file ({_kind(path)}); not read")
        else:
            self._skip(str(path), "no such file or folder")

    def _read_file(self, path: Path, root: Path) -> Iterable[Article]:
        suffix = path.suffix.lower()
        if suffix not in ARTICLE_SUFFIXES:
            self._skip(str(path), f"not an article file (expected {' or '.join(ARTICLE_SUFFIXES)})")
        elif suffix == ".jsonl":
            yield from self._read_jsonl(path)
        else:
            article = self._read_txt(path, article_id(path, root))
            if article is not None:
                yield article

    def _read_txt(self, path: Path, doc_id: str) -> Article | None:
        try:
            text, encoding = decode_article_bytes(path.read_bytes())
        except (UnreadableInput, OSError) as exc:
            self._skip(str(path), str(exc))
            return None
        if encoding not in ("utf-8", "utf-8-sig"):
            logger.warning("Decoded %s as %s", path, encoding)
            self.decoded.append(Skipped(str(path), f"decoded as {encoding}"))
        return Article(id=doc_id, text=text, origin=str(path))

    def _read_jsonl(self, path: Path) -> Iterable[Article]:
        try:
            handle = path.open("rb")
        except OSError as exc:
            self._skip(str(path), str(exc))
            return
        with handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                origin = f"{path}:{number}"
                try:
                    yield parse_jsonl_record(raw, origin)
                except UnreadableInput as exc:
                    self._skip(origin, str(exc))


def article_id(path: Path, root: Path) -> str:
    """A text file's id: its path below the corpus folder, without the suffix («2016/01/1»).

    Stable across rebuilds, and two files of the same name in different subfolders keep
    different ids; a file directly in the folder is its stem, as it always was.
    """
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return relative.with_suffix("").as_posix()


def _kind(path: Path) -> str:
    mode = path.lstat().st_mode
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "not a file"


def _walk(folder: Path, root: Path, skip: Callable[[str, str], None]) -> Iterator[Path]:
    """The article files below ``folder``, in name order; everything else is reported to ``skip``.

    Symbolic links are read only when they lead to a file inside the corpus folder ``root``:
    a link out of it (say to a ``.env`` of passwords) is refused, a broken one reported, and a
    link to a folder is not followed (its files inside the corpus are read where they are).
    FIFOs, sockets and devices are never opened (reading a FIFO would block the build).
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        skip(str(folder), f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            target = path.resolve()
            if not target.exists():
                skip(str(path), "broken symbolic link; not read")
            elif not target.is_relative_to(root):
                skip(str(path), f"symbolic link to {target}, outside the corpus folder {root}; refused")
            elif target.is_dir():
                skip(str(path), "symbolic link to a folder; not followed (its files are read where they are)")
            elif target.is_file():
                yield path
            else:
                skip(str(path), f"symbolic link to {_kind(target)}; not read")
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root, skip)
        elif entry.is_file(follow_symlinks=False):
            yield path
        else:
            skip(str(path), f"not a regular file ({_kind(path)}); not read")


def _optional_str(record: dict, name: str) -> str | None:
    """An optional field as text: a string, or a whole number for ``date`` (a year, a timestamp)."""
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if name == "date" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise UnreadableInput(f"{name!r} must be text, not {_json_type(value)}")


def _json_type(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), type(value).__name__)


def _article_id(value: object) -> str:
    """An article's id: text, or a whole number written as one (JSONL exports often number their rows)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise UnreadableInput(f"'id' must be text or a whole number, not {_json_type(value)}")


def parse_jsonl_record(raw: bytes, origin: str) -> Article:
    """Parse one JSONL line into an :class:`Article`.

    Raises:
        UnreadableInput: for invalid JSON, a non-object, or a missing ``id`` or ``text``.
    """
    try:
        # Not the "utf-8-sig" codec: it decodes in Python, several times slower on a large file.
        record = json.loads((raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableInput(f"invalid JSON ({exc})") from exc
    if not isinstance(record, dict):
        raise UnreadableInput("a JSONL line must be an object with 'id' and 'text'")
    missing = [k for k in ("id", "text") if record.get(k) is None]
    if missing:
        raise UnreadableInput(f"missing {' and '.join(repr(k) for k in missing)}")
    if record["id"] == "":
        raise UnreadableInput("'id' is empty")
    if not isinstance(record["text"], str):
        raise UnreadableInput(f"'text' must be text, not {_json_type(record['text'])}")
    if not record["text"].strip():
        raise UnreadableInput("'text' is empty")
    extras = {name: _optional_str(record, name) for name in _OPTIONAL_FIELDS}
    return Article(id=_article_id(record["id"]), text=normalize_newlines(record["text"]), origin=origin, **extras)
