"""Scoring Wikidata candidates for one of our entities, and deciding whether to link.

Pure: no IO. A candidate's score adds three parts:

* **name** – how the name met: our label = its label 0.6; our label = its alias, or our alias
  = its label 0.5; alias = alias 0.4 (the best pair counts);
* **type** – one of its ``P31`` values is accepted for our kind +0.3; it has ``P31`` values but
  none accepted −0.4 (a city is not a film); no ``P31`` at all 0 (absence says nothing);
* **context** – +0.1 for each item it is related to (member of, country, located in,
  citizenship, headquarters, capital, post; or members it has) that another entity of ours
  links to, at most +0.2: a state that is a member of an organisation we link, a city in a
  country we link.

A link needs ``THRESHOLD`` and a lead of ``MARGIN`` over any runner-up that also clears it;
otherwise the entity stays unlinked and says why (no candidate, or ambiguous). The weights
make an exact label of an unknown type enough (0.6) while a wrong type sinks even an exact
label (0.2): precision before recall, as a wrong link costs more than a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NAME_SCORE = {("label", "label"): 0.6, ("label", "alias"): 0.5, ("alias", "label"): 0.5,
              ("alias", "alias"): 0.4}
TYPE_FIT, TYPE_CONFLICT = 0.3, -0.4
CONTEXT_EACH, CONTEXT_MAX = 0.1, 0.2
THRESHOLD = 0.5
MARGIN = 0.2

LINKED = "linked"
NO_CANDIDATE = "no candidate"
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Entity:
    """One of our entities as the linker sees it (read from the store)."""

    iri: str
    kinds: tuple[str, ...]
    labels: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    catalogue_qid: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted({*self.labels, *self.aliases}))

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else self.iri.rsplit("/", 1)[-1]


@dataclass
class Candidate:
    """A Wikidata item one of the entity's names met, gathered from result rows."""

    qid: str
    label: str = ""
    matches: set[tuple[str, str]] = field(default_factory=set)  # (name, "label" | "alias")
    classes: set[str] = field(default_factory=set)  # accepted-list classes it has
    typed: bool = False


@dataclass(frozen=True)
class Scored:
    qid: str
    label: str
    score: float
    matched_name: str
    name_score: float
    type_score: float
    context_score: float

    def explain(self) -> str:
        return (f"{self.qid} {self.label!r} {self.score:.2f} (name {self.name_score:.1f}, "
                f"type {self.type_score:+.1f}, context {self.context_score:+.1f})")


@dataclass(frozen=True)
class Decision:
    outcome: str
    best: Scored | None
    reason: str
    candidates: tuple[Scored, ...] = ()


def type_score(candidate: Candidate, accepted: frozenset[str]) -> float:
    if not accepted:
        return 0.0
    if candidate.classes & accepted:
        return TYPE_FIT
    return TYPE_CONFLICT if candidate.typed else 0.0


def name_score(entity: Entity, candidate: Candidate) -> tuple[float, str]:
    best = (0.0, "")
    labels = set(entity.labels)
    for name, their_role in sorted(candidate.matches):
        ours = "label" if name in labels else "alias"
        best = max(best, (NAME_SCORE[ours, their_role], name))
    return best


def score(entity: Entity, candidate: Candidate, accepted: frozenset[str],
          related: Iterable[str] = (), linked: Iterable[str] = ()) -> Scored:
    """Score one candidate. ``linked`` are QIDs our *other* entities link to."""
    names, matched = name_score(entity, candidate)
    kind = type_score(candidate, accepted)
    overlap = (set(related) & set(linked)) - {candidate.qid}
    context = min(CONTEXT_MAX, CONTEXT_EACH * len(overlap))
    return Scored(candidate.qid, candidate.label, round(names + kind + context, 3), matched,
                  names, kind, round(context, 3))


def decide(entity: Entity, candidates: Iterable[Candidate], accepted: frozenset[str],
           related: Mapping[str, set[str]] | None = None,
           linked: Iterable[str] = ()) -> Decision:
    """Link the best candidate when it clears the threshold by a margin; else say why."""
    related = related or {}
    linked = set(linked)
    scored = sorted((score(entity, c, accepted, related.get(c.qid, ()), linked)
                     for c in candidates), key=lambda s: (-s.score, _qid_number(s.qid)))
    if not scored:
        return Decision(NO_CANDIDATE, None, "no item has this label or alias")
    passing = [s for s in scored if s.score >= THRESHOLD]
    if not passing:
        wrong_type = sum(1 for s in scored if s.type_score < 0)
        why = (f"{len(scored)} item(s) share a name, {wrong_type} of another type; "
               f"best {scored[0].explain()} is below {THRESHOLD}")
        return Decision(NO_CANDIDATE, None, why, tuple(scored))
    best = passing[0]
    if len(passing) > 1 and best.score - passing[1].score < MARGIN:
        close = ", ".join(s.explain() for s in passing[:3])
        return Decision(AMBIGUOUS, None, f"{len(passing)} items score alike: {close}",
                        tuple(scored))
    return Decision(LINKED, best, best.explain(), tuple(scored))


def _qid_number(qid: str) -> int:
    return int(qid[1:]) if qid[1:].isdigit() else 0
