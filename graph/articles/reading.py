"""Reading article files: the only module that opens them.

An article is a UTF-8 ``.txt`` file, optionally opening with YAML front matter between two
``---`` lines (keys, all optional: title, publisher, author, date, url, language). Offsets used
everywhere else are code points into :attr:`Article.text`, the whole decoded file *including*
the front matter, so a span can be checked against the file itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ArticleError

MAX_ARTICLE_BYTES = 2_000_000  # news articles are kilobytes: the default limit per file

FRONT_MATTER_KEYS = frozenset({"title", "publisher", "author", "date", "url", "language"})


@dataclass(frozen=True)
class Article:
    """One article file: its exact text, digest and front matter."""

    name: str
    stem: str
    text: str
    sha256: str
    front_matter: Mapping[str, str] = field(default_factory=dict)
    body_start: int = 0


def read_article(path: Path) -> Article:
    """Read and check one article.

    Raises:
        ArticleError: with the file, line and column of the first problem (bad UTF-8,
            malformed front matter, unknown front-matter key, empty file).
    """
    raw = path.read_bytes()
    where = str(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ArticleError(where, line, column, f"not valid UTF-8 ({exc.reason})") from exc
    if text.startswith("\ufeff"):
        raise ArticleError(where, 1, 1, "starts with a byte-order mark; save as plain UTF-8")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ArticleError(where, line, 1, "contains a NUL character: not a text article")
    if not text.strip():
        raise ArticleError(where, 1, 1, "empty article")
    front_matter, body_start = _front_matter(text, where)
    return Article(
        name=path.name,
        stem=path.stem,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        front_matter=front_matter,
        body_start=body_start,
    )


def iter_article_paths(folder: Path) -> Iterator[Path]:
    """Every ``.txt`` article in ``folder``, in a stable order."""
    if not folder.is_dir():
        raise ArticleError(str(folder), 0, 0, "no such folder of articles")
    # scandir knows a file from a folder without a stat call each (50,000 at 50,000 articles),
    # and names sort faster than paths, in the same order
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries
                       if os.path.splitext(entry.name)[1] == ".txt" and entry.is_file())
    yield from (folder / name for name in names)


def _front_matter(text: str, where: str) -> tuple[dict[str, str], int]:
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return {}, 0
    first_break = text.index("\n") + 1
    close = _closing_fence(text, first_break)
    if close is None:
        raise ArticleError(where, 1, 1, "front matter opened with '---' is never closed")
    block = text[first_break:close]
    try:
        data = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        column = (mark.column + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        message = f"front matter is not valid YAML: {problem}"
        raise ArticleError(where, line, column, message) from exc
    if not isinstance(data, dict):
        raise ArticleError(where, 2, 1, "front matter must be a mapping of keys to values")
    unknown = sorted(set(map(str, data)) - FRONT_MATTER_KEYS)
    if unknown:
        line = _line_of_key(text, first_break, close, unknown[0])
        allowed = ", ".join(sorted(FRONT_MATTER_KEYS))
        raise ArticleError(where, line, 1, f"unknown front matter key {unknown[0]!r} ({allowed})")
    values = {str(k): _as_text(v) for k, v in data.items() if v is not None}
    body_start = text.index("\n", close) + 1 if "\n" in text[close:] else len(text)
    return values, body_start


def _closing_fence(text: str, start: int) -> int | None:
    position = start
    while position < len(text):
        end = text.find("\n", position)
        line = text[position : end if end != -1 else len(text)].rstrip("\r")
        if line == "---":
            return position
        if end == -1:
            return None
        position = end + 1
    return None


def _line_of_key(text: str, start: int, end: int, key: str) -> int:
    for offset, line in enumerate(text[start:end].splitlines()):
        if line.split(":", 1)[0].strip() == key:
            return offset + 2
    return 2


def _as_text(value: object) -> str:
    # YAML turns 2018-06-08 into a date; keep the lexical form the author wrote.
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
