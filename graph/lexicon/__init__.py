"""Rule data for extraction, one JSON object a line: ``{"label": ..., "pattern": ...}``.

The format is the one spaCy's ``SpanRuler.to_disk`` writes to ``patterns.jsonl``. Extra keys
are allowed (a unit's scale, a role's organisation type). Each file is one lexicon, named by
its stem: ``reporting_verbs``, ``titles``, ``units``, ``measures``, ``event_triggers`` ...
Components receive a :class:`Lexicon` through their constructors, never through an import.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Rule tables by name. Hashed by identity, so compiled matchers can be cached per lexicon."""

    tables: Mapping[str, tuple[Mapping[str, object], ...]]

    def __getitem__(self, name: str) -> tuple[Mapping[str, object], ...]:
        return self.tables.get(name, ())

    def patterns(self, name: str, label: str | None = None) -> list[str]:
        return [str(e["pattern"]) for e in self[name] if label is None or e["label"] == label]


def load_lexicon() -> Lexicon:
    """Every ``*.jsonl`` file shipped in this package."""
    tables: dict[str, tuple[Mapping[str, object], ...]] = {}
    for item in sorted(resources.files(__name__).iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".jsonl"):
            continue
        rows = []
        for number, line in enumerate(item.read_text("utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                try:
                    rows.append(MappingProxyType(json.loads(line)))
                except ValueError as exc:
                    raise ValueError(f"{item.name}:{number}: {exc}") from exc
        tables[item.name.removesuffix(".jsonl")] = tuple(rows)
    return Lexicon(MappingProxyType(tables))
