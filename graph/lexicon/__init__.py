"""Rule data for extraction, one JSON object a line: ``{"label": ..., "pattern": ...}``.

The format is the one spaCy's ``SpanRuler.to_disk`` writes to ``patterns.jsonl``. Extra keys
are allowed (a unit's scale, a role's organisation type). Each file is one lexicon, named by
its stem: ``reporting_verbs``, ``titles``, ``units``, ``measures``, ``event_triggers`` ...
Components receive a :class:`Lexicon` through their constructors, never through an import.

Every row is checked on loading against ``schema.json`` (data, beside the tables). Each
table's entry names the extra keys its rows may carry and their JSON types (``label`` and
``pattern`` are strings, required unless the entry's ``required`` says otherwise), and says
whether ``pattern`` is literal text, a regular expression (which must compile), or a regular
expression only on rows flagged ``"regex": true``. A bad row stops loading with one line,
``file:line: message``.
**Adding a table**: a ``*.jsonl`` file with no entry in ``schema.json`` is refused; add its
entry (``"pattern"`` and ``"keys"``) to ``schema.json`` in the same change.

Matchers compiled from the tables live on the :class:`Lexicon` that holds them
(:meth:`Lexicon.compiled`), built once and dropped with it: the extraction package keeps no
module-level caches.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Concatenate, ParamSpec, TypeVar, cast

T = TypeVar("T")
P = ParamSpec("P")

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "boolean": (bool,), "integer": (int,), "number": (int, float),
    "array": (list,), "object": (dict,),
}
_PATTERN_KINDS = ("text", "regex", "regex-if-flagged")


class LexiconError(ValueError):
    """A lexicon row (or table) that does not match the schema: ``file:line: message``."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Rule tables by name. Hashed by identity; carries the matchers compiled from it."""

    tables: Mapping[str, tuple[Mapping[str, object], ...]]
    _compiled: dict[Hashable, object] = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, name: str) -> tuple[Mapping[str, object], ...]:
        return self.tables.get(name, ())

    def patterns(self, name: str, label: str | None = None) -> list[str]:
        return [str(e["pattern"]) for e in self[name] if label is None or e["label"] == label]

    def regex(self, name: str, label: str) -> str:
        """The patterns of one label of a regex table joined in file order ("A|B|C"), or a
        pattern that matches nothing."""
        return "|".join(self.patterns(name, label)) or r"(?!x)x"

    def compiled(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` once for this lexicon, by ``key`` (a rule's name and its arguments)."""
        try:
            return cast(T, self._compiled[key])
        except KeyError:
            value = self._compiled[key] = build()
            return value


def per_lexicon(build: Callable[Concatenate[Lexicon, P], T]
                ) -> Callable[Concatenate[Lexicon, P], T]:
    """Memoise a rule builder on the lexicon it is given (its first argument), by its other
    arguments: the compiled matcher lives as long as that lexicon, not as long as the process
    (a module-level ``lru_cache`` keyed by the lexicon would keep every lexicon alive)."""
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def memoised(lexicon: Lexicon, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (name, args, tuple(sorted(kwargs.items())))
        return lexicon.compiled(key, lambda: build(lexicon, *args, **kwargs))

    return memoised


def load_lexicon(directory: Traversable | Path | None = None) -> Lexicon:
    """Every ``*.jsonl`` file shipped in this package (or in ``directory``), checked against
    this package's ``schema.json``."""
    package = resources.files(__name__)
    schema = json.loads(package.joinpath("schema.json").read_text("utf-8"))["tables"]
    root = package if directory is None else directory
    tables: dict[str, tuple[Mapping[str, object], ...]] = {}
    for item in sorted(root.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".jsonl"):
            continue
        name = item.name.removesuffix(".jsonl")
        if name not in schema:
            raise LexiconError(f"{item.name}:1: table {name!r} has no entry in "
                               f"graph/lexicon/schema.json; add one (its pattern kind and keys)")
        rows = []
        for number, line in enumerate(item.read_text("utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise LexiconError(f"{item.name}:{number}: {exc}") from exc
                problem = _check(row, schema[name])
                if problem:
                    raise LexiconError(f"{item.name}:{number}: {problem}")
                rows.append(MappingProxyType(row))
        tables[name] = tuple(rows)
    return Lexicon(MappingProxyType(tables))


def _check(row: object, table: Mapping[str, object]) -> str | None:
    """What is wrong with ``row`` under its table's schema entry, or None."""
    if not isinstance(row, dict):
        return "a row must be a JSON object"
    required = cast(list[str], table.get("required", ["label", "pattern"]))
    for key in required:
        if key not in row:
            return f"{key!r} is required"
    for key in ("label", "pattern"):
        if key in row and not isinstance(row[key], str):
            return f"{key!r} must be a JSON string"
    keys = cast(Mapping[str, str], table.get("keys", {}))
    for key, value in row.items():
        if key in ("label", "pattern"):
            continue
        if key not in keys:
            allowed = ", ".join(sorted(keys)) or "none"
            return f"unknown key {key!r} (allowed besides label and pattern: {allowed})"
        kinds = _TYPES[keys[key]]
        if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
            return f"{key!r} must be a JSON {keys[key]}"
    kind = table.get("pattern", "text")
    if kind not in _PATTERN_KINDS:
        return f"schema: pattern kind {kind!r} is not one of {', '.join(_PATTERN_KINDS)}"
    if "pattern" not in row:
        return None
    if kind == "regex" or (kind == "regex-if-flagged" and row.get("regex") is True):
        try:
            re.compile(row["pattern"])
        except re.error as exc:
            return f"pattern is not a regular expression that compiles: {exc}"
    return None
