"""The curated entity catalogue (``ontology/entities.ttl``) as plain Python objects.

Extraction is pure and never parses RDF, so the catalogue is read here, once, and handed to it.
``entities.ttl`` is also loaded verbatim as the reference graph, so what the rules match on and
what users query are the same data. rdflib is imported inside :func:`load_catalogue` only, which
keeps ``sco_kg.graph.extract`` (which imports the dataclasses) free of it.

In ``entities.ttl`` an entity is any subject typed with one of ``vocab.KIND_CLASS``; its key is
the last segment of its IRI; ``rdfs:label`` is the canonical name, ``skos:altLabel`` the aliases
the rules match, ``skos:hiddenLabel`` forms matched only after a title ("Mr. Chen") or as a
speaker label, ``skos:exactMatch wd:Q…`` the curated Wikidata item. A ``sco:PostHolding`` with
``org:member``, ``org:organization``, ``org:role``, ``sco:startDate``/``sco:endDate`` records who
held a post when, which is how a misspelt name with a matching post is resolved. An
organisation's ``schema:foundingDate`` and the recurring meetings typed ``schema:Event`` (with
``sco:ordinal``, ``schema:organizer``, ``sem:hasPlace``, ``schema:startDate``/``endDate``) are
the calendar an undated article is dated against ("ahead of the 18th summit", "17 years ago").
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, cast

from . import vocab

if TYPE_CHECKING:
    import rdflib


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    kind: str
    label: str
    iri: str
    aliases: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    qid: str | None = None
    founded: str | None = None


@dataclass(frozen=True)
class CatalogueEvent:
    """A recurring meeting on the curated calendar, e.g. the 18th summit of heads of state."""

    key: str
    label: str
    organizer: str
    ordinal: int
    place: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class CataloguePost:
    person: str
    organization: str
    role: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Hashed by identity, so matchers compiled from it can be cached per catalogue."""

    entries: tuple[CatalogueEntry, ...] = ()
    posts: tuple[CataloguePost, ...] = ()
    events: tuple[CatalogueEvent, ...] = ()
    _by_key: dict[str, CatalogueEntry] = field(default_factory=dict, compare=False, repr=False)
    _states: dict[str, CatalogueEntry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key.update({e.key: e for e in self.entries})
        self._states.update(_state_index(self.entries))

    def get(self, key: str) -> CatalogueEntry | None:
        return self._by_key.get(key)

    def state_named(self, name: str) -> CatalogueEntry | None:
        """The state whose label or alias is ``name``."""
        return self._states.get(name)

    def names(self) -> dict[str, list[CatalogueEntry]]:
        """Every label and alias (case kept) -> the entries it can name."""
        index: dict[str, list[CatalogueEntry]] = defaultdict(list)
        for entry in self.entries:
            for name in (entry.label, *entry.aliases):
                if entry not in index[name]:
                    index[name].append(entry)
        return dict(index)

    def holders(self, organization: str, role: str) -> list[CataloguePost]:
        return [p for p in self.posts if p.organization == organization and p.role == role]


def catalogue_path() -> Path:
    return Path(str(resources.files("sco_kg.ontology").joinpath("entities.ttl")))


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read ``entities.ttl`` (or another file of the same shape)."""
    import rdflib
    from rdflib.namespace import RDF, RDFS, SKOS

    graph = rdflib.Graph()
    graph.parse(path or catalogue_path(), format="turtle")
    class_kind: dict[rdflib.term.Node, str] = {rdflib.URIRef(iri): kind
                                               for kind, iri in vocab.KIND_CLASS.items()}
    entries = []
    for subject, klass in sorted(graph.subject_objects(RDF.type)):
        kind = class_kind.get(klass)
        if kind is None:
            continue
        qid = next((str(o).rsplit("/", 1)[-1] for o in graph.objects(subject, SKOS.exactMatch)
                    if str(o).startswith(vocab.WD)), None)
        entries.append(CatalogueEntry(
            key=str(subject).rstrip("/").rsplit("/", 1)[-1],
            kind=kind,
            label=str(graph.value(subject, RDFS.label)),
            iri=str(subject),
            aliases=tuple(sorted(str(a) for a in graph.objects(subject, SKOS.altLabel))),
            hidden=tuple(sorted(str(a) for a in graph.objects(subject, SKOS.hiddenLabel))),
            qid=qid,
            founded=_text(graph.value(subject, rdflib.URIRef(vocab.SCHEMA + "foundingDate"))),
        ))
    org = rdflib.Namespace(vocab.ORG)
    posts = []
    holdings = cast(Iterable[rdflib.term.Identifier],
                    graph.subjects(RDF.type, rdflib.URIRef(vocab.SCO + "PostHolding")))
    for holding in sorted(holdings):
        def key_of(prop: rdflib.URIRef, holding: rdflib.term.Node = holding) -> str:
            return str(graph.value(holding, prop)).rsplit("/", 1)[-1]

        start = graph.value(holding, rdflib.URIRef(vocab.SCO + "startDate"))
        end = graph.value(holding, rdflib.URIRef(vocab.SCO + "endDate"))
        posts.append(CataloguePost(key_of(org.member), key_of(org.organization), key_of(org.role),
                                   str(start) if start else None, str(end) if end else None))
    return Catalogue(tuple(_with_state_names(entries)), tuple(posts), tuple(_events(graph)))


def state_phrase(name: str) -> str:
    """A state's name as it follows "of": "Russia", "the Russian Federation", "the PRC"."""
    return f"the {name}" if len(name.split()) > 1 or name.isupper() else name


def named_after_state(head: str, names: Iterable[str]) -> set[str]:
    """"{head} of X" for every name X of a state: how a body named after it may be spelt."""
    return {f"{head} of {state_phrase(name)}" for name in names}


def _state_index(entries: Iterable[CatalogueEntry]) -> dict[str, CatalogueEntry]:
    states: dict[str, CatalogueEntry] = {}
    for entry in entries:
        if entry.kind == "state":
            for name in (entry.label, *entry.aliases):
                states.setdefault(name, entry)
    return states


def _with_state_names(entries: list[CatalogueEntry]) -> list[CatalogueEntry]:
    """"Ministry of Energy of Ruritania" is also "... of the Republic of Ruritania": a body
    named after its state answers to every name of that state, as official texts spell it."""
    states = _state_index(entries)
    out = []
    for entry in entries:
        head, sep, tail = entry.label.rpartition(" of ")
        state = states.get(tail.removeprefix("the ")) if sep and entry.kind in {
            "govbody", "org"} else None
        if state is not None:
            extra = named_after_state(head, (state.label, *state.aliases))
            aliases = tuple(sorted(set(entry.aliases) | (extra - {entry.label})))
            entry = dataclasses.replace(entry, aliases=aliases)
        out.append(entry)
    return out


def _text(node: object) -> str | None:
    return str(node) if node is not None else None


def _events(graph: rdflib.Graph) -> list[CatalogueEvent]:
    """The recurring meetings typed ``schema:Event`` that carry an ordinal."""
    import rdflib
    from rdflib.namespace import RDF, RDFS

    def key(node: object) -> str | None:
        return str(node).rstrip("/").rsplit("/", 1)[-1] if node is not None else None

    schema = rdflib.Namespace(vocab.SCHEMA)
    out = []
    events = cast(Iterable[rdflib.term.Identifier], graph.subjects(RDF.type, schema.Event))
    for subject in sorted(events):
        ordinal = graph.value(subject, rdflib.URIRef(vocab.SCO + "ordinal"))
        organizer = key(graph.value(subject, schema.organizer))
        if ordinal is None or organizer is None:
            continue
        out.append(CatalogueEvent(
            key=str(subject).removeprefix(vocab.ID + "event/").replace("/", "-"),
            label=str(graph.value(subject, RDFS.label)),
            organizer=organizer, ordinal=int(str(ordinal)),
            place=key(graph.value(subject, rdflib.URIRef(vocab.SEM + "hasPlace"))),
            start=_text(graph.value(subject, schema.startDate)),
            end=_text(graph.value(subject, schema.endDate))))
    return sorted(out, key=lambda e: (e.organizer, e.ordinal))
