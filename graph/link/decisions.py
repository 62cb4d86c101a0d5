"""A link decision and its quads in the links graph (``vocab.GRAPH_LINKS``).

Shape, for an entity ``<e>`` under ``id/`` (``id/person/x``)::

    <e> skos:exactMatch wd:Q1 .                               # only when linked
    <id/link/person/x> a sco:LinkDecision, rdf:Statement ;    # rdf:Statement only when linked
        rdf:subject <e> ; rdf:predicate skos:exactMatch ; rdf:object wd:Q1 ;
        sco:entity <e> ; sco:linkOutcome sco:Linked ;         # or NoCandidate, Ambiguous,
        rdfs:comment "why" ;                                  #  CatalogueDisagreement,
        sco:score 0.9 ; sco:candidateLabel "…"@en ;           #  CatalogueUnconfirmed
        sco:matchedName "…" ; sco:catalogueMatch wd:Q1 ;
        sco:candidate wd:Q2 ;                                 # the close or conflicting items
        prov:wasDerivedFrom <id/wikidata-query/<sha256[:16]>> ;
        prov:wasGeneratedBy <id/activity/linking> .
    <id/wikidata-query/…> a prov:Entity ; schema:text "SELECT …" ; sco:sha256 "…" ;
        sco:endpoint <https://query.wikidata.org/sparql> .

Every IRI is minted from the entity or the query text, so the graph is a function of the
store and the endpoint's answers; the run's time is added (``prov:endedAtTime``) only on
request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from ..rdf import vocab
from .scoring import AMBIGUOUS, LINKED, NO_CANDIDATE, Entity

UNCONFIRMED = "catalogue QID unconfirmed"
DISAGREES = "catalogue disagreement"
OUTCOMES = (LINKED, NO_CANDIDATE, AMBIGUOUS, DISAGREES, UNCONFIRMED)
OUTCOME_CLASS = {LINKED: "Linked", NO_CANDIDATE: "NoCandidate", AMBIGUOUS: "Ambiguous",
                 DISAGREES: "CatalogueDisagreement", UNCONFIRMED: "CatalogueUnconfirmed"}


@dataclass(frozen=True)
class LinkDecision:
    """What the linker decided for one entity, and on which evidence."""

    entity: Entity
    outcome: str
    qid: str | None
    score: float | None
    candidate_label: str
    matched_name: str
    reason: str
    queries: tuple[str, ...] = ()  # query keys (SHA-256 of endpoint + text)
    others: tuple[str, ...] = ()  # QIDs of the close or conflicting candidates


def decision_iri(entity_iri: str) -> str:
    rest = entity_iri[len(vocab.ID):] if entity_iri.startswith(vocab.ID) else vocab.slug(
        entity_iri)
    return f"{vocab.ID}link/{rest}"


def query_iri(key: str) -> str:
    return f"{vocab.ID}wikidata-query/{key[:16]}"


def activity_iri() -> str:
    return f"{vocab.ID}activity/linking"


def decision_quads(decisions: Sequence[LinkDecision], endpoint: str,
                   queries: Mapping[str, str], *, when: str | None = None) -> list[ox.Quad]:
    """All quads of the links graph, sorted."""
    graph = ox.NamedNode(vocab.GRAPH_LINKS)
    out: set[ox.Quad] = set()

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, graph))

    activity = activity_iri()
    add(activity, vocab.RDF + "type", ox.NamedNode(vocab.PROV + "Activity"))
    add(activity, vocab.RDFS + "label", ox.Literal("Wikidata linking", language="en"))
    add(activity, vocab.PROV + "used", ox.NamedNode(endpoint))
    if when:
        add(activity, vocab.PROV + "endedAtTime",
            ox.Literal(when, datatype=ox.NamedNode(vocab.XSD + "dateTime")))
    used: set[str] = set()
    for decision in decisions:
        node, entity = decision_iri(decision.entity.iri), decision.entity.iri
        add(node, vocab.RDF + "type", ox.NamedNode(vocab.SCO + "LinkDecision"))
        add(node, vocab.SCO + "entity", ox.NamedNode(entity))
        add(node, vocab.SCO + "linkOutcome",
            ox.NamedNode(vocab.SCO + OUTCOME_CLASS[decision.outcome]))
        add(node, vocab.RDFS + "comment", ox.Literal(decision.reason))
        add(node, vocab.PROV + "wasGeneratedBy", ox.NamedNode(activity))
        if decision.outcome == LINKED and decision.qid:
            target = ox.NamedNode(vocab.WD + decision.qid)
            add(entity, vocab.SKOS + "exactMatch", target)
            add(node, vocab.RDF + "type", ox.NamedNode(vocab.RDF + "Statement"))
            add(node, vocab.RDF + "subject", ox.NamedNode(entity))
            add(node, vocab.RDF + "predicate", ox.NamedNode(vocab.SKOS + "exactMatch"))
            add(node, vocab.RDF + "object", target)
        if decision.score is not None:
            add(node, vocab.SCO + "score", ox.Literal(str(Decimal(str(decision.score))),
                                                      datatype=ox.NamedNode(vocab.XSD + "decimal")))
        if decision.candidate_label:
            add(node, vocab.SCO + "candidateLabel",
                ox.Literal(decision.candidate_label, language="en"))
        if decision.matched_name:
            add(node, vocab.SCO + "matchedName", ox.Literal(decision.matched_name))
        if decision.entity.catalogue_qid:
            add(node, vocab.SCO + "catalogueMatch",
                ox.NamedNode(vocab.WD + decision.entity.catalogue_qid))
        for other in decision.others:
            add(node, vocab.SCO + "candidate", ox.NamedNode(vocab.WD + other))
        for key in decision.queries:
            add(node, vocab.PROV + "wasDerivedFrom", ox.NamedNode(query_iri(key)))
            used.add(key)
    for key in sorted(used):
        node = query_iri(key)
        add(node, vocab.RDF + "type", ox.NamedNode(vocab.PROV + "Entity"))
        add(node, vocab.SCO + "sha256", ox.Literal(key))
        add(node, vocab.SCO + "endpoint", ox.NamedNode(endpoint))
        if key in queries:
            add(node, vocab.SCHEMA + "text", ox.Literal(queries[key]))
    return sorted(out, key=str)
