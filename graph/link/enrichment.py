"""A few Wikidata facts about linked items, kept in their own named graph (``GRAPH_ENRICHMENT``).

The facts keep Wikidata's own shape (``wdt:P31``, ``wdt:P17``, ``p:P463`` / ``ps:P463`` /
``pq:P580``) so a query written for the live service reads them unchanged, and so
``queries/wikidata_membership_dates.rq`` can set what the articles claim (``sco:Membership``
with ``sco:startDate``) beside what Wikidata states. Statement nodes get IRIs minted from their
content instead of blank nodes, so two runs over the same answers give identical quads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

from ..rdf import vocab
from .client import WikidataClient
from .queries import PQ, PS, P, chunks, facts_query, memberships_query

_LABEL = ox.NamedNode(vocab.RDFS + "label")


def enrichment_quads(client: WikidataClient, labels: dict[str, str]) -> list[ox.Quad]:
    """Facts about the items in ``labels`` (QID -> English label), ready for one graph."""
    graph = ox.NamedNode(vocab.GRAPH_ENRICHMENT)
    triples: set[ox.Triple] = set()
    for qid, label in labels.items():
        if label:
            triples.add(ox.Triple(_wd(qid), _LABEL, ox.Literal(label, language="en")))
    qids = sorted(labels)
    for chunk in chunks(qids):
        for row in client.select(facts_query(chunk)):
            triples |= set(_fact(row))
        for row in client.select(memberships_query(chunk)):
            triples |= set(_membership(row))
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in sorted(triples, key=str)]


def _fact(row: dict) -> Iterable[ox.Triple]:
    value = row["value"]
    if value["type"] != "uri":
        return
    item, prop = ox.NamedNode(row["item"]["value"]), ox.NamedNode(row["property"]["value"])
    yield ox.Triple(item, prop, ox.NamedNode(value["value"]))
    if "valueLabel" in row:
        yield ox.Triple(ox.NamedNode(value["value"]), _LABEL, _term(row["valueLabel"]))


def _membership(row: dict) -> Iterable[ox.Triple]:
    item, org = row["item"]["value"], row["organization"]["value"]
    if row["organization"]["type"] != "uri":
        return
    start = row.get("start", {}).get("value", "")
    end = row.get("end", {}).get("value", "")
    digest = hashlib.sha256(f"{item} {org} {start} {end}".encode()).hexdigest()[:12]
    node = ox.NamedNode(f"{vocab.ID}wikidata-statement/{item.rsplit('/', 1)[-1]}-P463-"
                        f"{org.rsplit('/', 1)[-1]}-{digest}")
    yield ox.Triple(ox.NamedNode(item), ox.NamedNode(P + "P463"), node)
    yield ox.Triple(node, ox.NamedNode(PS + "P463"), ox.NamedNode(org))
    if "start" in row:
        yield ox.Triple(node, ox.NamedNode(PQ + "P580"), _term(row["start"]))
    if "end" in row:
        yield ox.Triple(node, ox.NamedNode(PQ + "P582"), _term(row["end"]))
    if "organizationLabel" in row:
        yield ox.Triple(ox.NamedNode(org), _LABEL, _term(row["organizationLabel"]))


def _wd(qid: str) -> ox.NamedNode:
    return ox.NamedNode(vocab.WD + qid)


def _term(binding: dict[str, str]) -> ox.NamedNode | ox.Literal:
    """A SPARQL JSON binding as a pyoxigraph term (IRIs and literals only)."""
    if binding["type"] == "uri":
        return ox.NamedNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])
