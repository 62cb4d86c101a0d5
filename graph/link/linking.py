"""``sco-kg link``: link our entities to Wikidata items, with the evidence for every decision.

Entities (persons, organisations, states, places, events) are read from the store by SPARQL:
typed with a ``vocab.KIND_CLASS`` or ``vocab.EVENT_CLASS`` class, named by ``rdfs:label`` and
``skos:altLabel`` (``skos:hiddenLabel`` surnames are too weak to look up). Their names are sent
in batches to a Wikidata SPARQL endpoint (``wikidata.queries``), the candidates are scored
(``wikidata.scoring``) and the results go to their own named graph, ``vocab.GRAPH_LINKS``:

* ``<entity> skos:exactMatch wd:Q…`` for each link. Not ``owl:sameAs``: that would claim our
  node and Wikidata's are one resource, so every statement about either holds of both, and an
  OWL-RL reasoner then copies Wikidata's facts onto ours and adds ``x owl:sameAs x`` for every
  resource (239 reflexive triples on a 203-triple sketch, ``research/kg-anchors.md``).
  ``skos:exactMatch`` says "interchangeable for retrieval" and entails nothing of the kind.
* one ``sco:LinkDecision`` node per entity, linked or not: outcome, reason, score, the
  candidate's label and the name that met it, the curated QID when there is one, and the
  queries (text, SHA-256, endpoint) it rests on; a linked decision is also an ``rdf:Statement``
  reifying the ``exactMatch`` triple.

Curated QIDs (``skos:exactMatch`` in the reference graph, from ``ontology/entities.ttl``) are
checked, not trusted: a QID the endpoint does not know, a redirect, one of another type, or one
that differs from the name lookup's link is a disagreement, reported and written down, and no
link is written for it. The graph holds no time unless asked (``timestamp``), so reruns over
the same answers give identical quads; the run's time is in the report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..rdf import vocab
from ..store import Store, open_store, solutions
from .client import DEFAULT_ENDPOINT, QueryCache, WikidataClient, query_key
from .decisions import DISAGREES, OUTCOMES, UNCONFIRMED, LinkDecision, decision_quads
from .queries import (
    ACCEPTED_CLASSES,
    candidates_query,
    chunks,
    context_query,
    qid,
    verify_query,
)
from .scoring import AMBIGUOUS, LINKED, Candidate, Decision, Entity, decide


@dataclass
class LinkReport:
    endpoint: str
    decisions: list[LinkDecision] = field(default_factory=list)
    sent: int = 0
    cached: int = 0
    retries: int = 0
    waited: float = 0.0
    enriched: int = 0
    started: str = ""
    finished: str = ""

    def count(self, outcome: str) -> int:
        return sum(1 for d in self.decisions if d.outcome == outcome)

    def summary(self) -> str:
        parts = ", ".join(f"{self.count(o)} {o}" for o in OUTCOMES if self.count(o))
        return (f"{len(self.decisions)} entities: {parts}\n"
                f"endpoint {self.endpoint}: {self.sent} requests sent, {self.cached} answered "
                f"from cache, {self.retries} retries ({self.waited:.1f} s waited)\n"
                f"run {self.started} .. {self.finished}"
                + (f"; enrichment: {self.enriched} quads" if self.enriched else ""))


def default_cache_dir(store_spec: str) -> Path | None:
    """The cache folder beside an on-disk store (``var/store`` -> ``var/store.wikidata-cache``).

    Beside, not inside: a rebuild swaps the store folder, and the cache should outlive that.
    """
    scheme, _, rest = store_spec.partition(":")
    if scheme == "memory" or scheme.startswith("sparql+"):
        return None
    path = Path(rest if scheme == "oxigraph" else store_spec)
    return path.with_name(path.name + ".wikidata-cache")


def link_store(store_spec: str, *, endpoint: str = DEFAULT_ENDPOINT, enrich: bool = False,
               cache_dir: Path | None = None, timestamp: bool = False,
               client: WikidataClient | None = None) -> LinkReport:
    """Link every entity in the store and replace the links (and enrichment) graphs.

    Raises:
        EndpointError: the endpoint kept failing; the store is left as it was.
        StoreError: the store cannot be opened or written.
    """
    store = open_store(store_spec)
    if client is None:
        cache = QueryCache(cache_dir) if cache_dir else None
        client = WikidataClient(endpoint, cache=cache)
    report = LinkReport(client.endpoint, started=_now())
    decisions = link_entities(read_entities(store), client)
    report.decisions = decisions
    graphs = {vocab.GRAPH_LINKS: decision_quads(decisions, client.endpoint, client.queries,
                                                 when=_now() if timestamp else None)}
    if enrich:
        from .enrichment import enrichment_quads

        linked = {d.qid: d.candidate_label for d in decisions if d.outcome == LINKED and d.qid}
        graphs[vocab.GRAPH_ENRICHMENT] = enrichment_quads(client, linked)
        report.enriched = len(graphs[vocab.GRAPH_ENRICHMENT])
    store.replace_graphs(graphs)
    store.close()
    report.sent, report.cached = client.sent, client.cached
    report.retries, report.waited = client.retries, client.waited
    report.finished = _now()
    return report


def read_entities(store: Store) -> list[Entity]:
    """Every typed entity with its names and curated QID, sorted by IRI."""
    kind_of = {iri: kind for kind, iri in vocab.KIND_CLASS.items()}
    kind_of.update({iri: "event" for iri in vocab.EVENT_CLASS.values()})
    classes = " ".join(f"<{c}>" for c in sorted(kind_of))
    kinds: dict[str, set[str]] = defaultdict(set)
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in solutions(store.query(
            f"SELECT DISTINCT ?e ?class WHERE {{ VALUES ?class {{ {classes} }} ?e a ?class }}")):
        kinds[row["e"].value].add(kind_of[row["class"].value])
    for prop, role in ((vocab.RDFS + "label", "label"), (vocab.SKOS + "altLabel", "alias")):
        for row in solutions(store.query(
                f"SELECT DISTINCT ?e ?name WHERE {{ VALUES ?class {{ {classes} }}"
                f" ?e a ?class ; <{prop}> ?name }}")):
            names[row["e"].value][role].add(row["name"].value)
    curated: dict[str, str] = {}
    for row in solutions(store.query(
            f"SELECT DISTINCT ?e ?match WHERE {{ GRAPH <{vocab.GRAPH_REFERENCE}> "
            f"{{ ?e <{vocab.SKOS}exactMatch> ?match }} }}")):
        found = qid(row["match"].value)
        if found:
            curated[row["e"].value] = found
    entities = []
    for iri in sorted(kinds):
        labels = tuple(sorted(names[iri]["label"]))
        aliases = tuple(sorted(names[iri]["alias"] - names[iri]["label"]))
        if labels or aliases:
            entities.append(Entity(iri, tuple(sorted(kinds[iri])), labels, aliases,
                                   curated.get(iri)))
    return entities


def accepted_classes(entity: Entity) -> frozenset[str]:
    return frozenset(q for kind in entity.kinds for q in ACCEPTED_CLASSES.get(kind, ()))


def link_entities(entities: list[Entity], client: WikidataClient) -> list[LinkDecision]:
    """Decide for each entity; two passes, so the second can use the first's links as context."""
    by_name, name_query = _lookup_names(entities, client)
    candidates = {e.iri: _merge(by_name, e.names) for e in entities}
    related = _context(sorted({q for cs in candidates.values() for q in cs}), client)
    verified = _verify(sorted({e.catalogue_qid for e in entities if e.catalogue_qid}), client)
    first = {e.iri: decide(e, candidates[e.iri].values(), accepted_classes(e)) for e in entities}
    linked = {d.best.qid for d in first.values() if d.best}
    decisions = []
    for entity in entities:
        best = first[entity.iri].best
        others = linked - ({best.qid} if best else set())
        decision = decide(entity, candidates[entity.iri].values(), accepted_classes(entity),
                          related, others)
        queries = sorted({name_query[n] for n in entity.names if n in name_query})
        if entity.catalogue_qid:
            queries.append(verified[entity.catalogue_qid][1])
        decisions.append(_reconcile(entity, decision, verified, tuple(queries)))
    return decisions


def _lookup_names(entities: list[Entity], client: WikidataClient
                  ) -> tuple[dict[str, dict[str, Candidate]], dict[str, str]]:
    by_name: dict[str, dict[str, Candidate]] = defaultdict(dict)
    name_query: dict[str, str] = {}
    for chunk in chunks(n for e in entities for n in e.names):
        text = candidates_query(chunk)
        key = query_key(client.endpoint, text)
        name_query.update((n, key) for n in chunk)
        for row in client.select(text):
            item = qid(row["item"]["value"])
            if item is None:
                continue
            found = by_name[row["name"]["value"]].setdefault(item, Candidate(item))
            found.matches.add((row["name"]["value"], row["match"]["value"]))
            _absorb(found, row)
    return by_name, name_query


def _absorb(candidate: Candidate, row: dict) -> None:
    label = row.get("label", {})
    if label and (not candidate.label or label.get("xml:lang") == "en"):
        candidate.label = label["value"]
    if "class" in row:
        candidate.classes.add(qid(row["class"]["value"]) or "")
    candidate.typed = candidate.typed or row.get("typed", {}).get("value") in {"true", "1"}


def _merge(by_name: dict[str, dict[str, Candidate]], names: tuple[str, ...]
           ) -> dict[str, Candidate]:
    merged: dict[str, Candidate] = {}
    for name in names:
        for item, found in by_name.get(name, {}).items():
            target = merged.setdefault(item, Candidate(item, found.label))
            target.matches |= found.matches
            target.classes |= found.classes
            target.typed = target.typed or found.typed
    return merged


def _context(qids: list[str], client: WikidataClient) -> dict[str, set[str]]:
    related: dict[str, set[str]] = defaultdict(set)
    for chunk in chunks(qids):
        for row in client.select(context_query(chunk)):
            other = qid(row["related"]["value"])
            if other:
                related[qid(row["item"]["value"]) or ""].add(other)
    return related


def _verify(qids: list[str], client: WikidataClient) -> dict[str, tuple[Candidate | None, str]]:
    """Curated QID -> (what the endpoint knows of it, or None; the query's key)."""
    verified: dict[str, tuple[Candidate | None, str]] = {}
    for chunk in chunks(qids):
        text = verify_query(chunk)
        key = query_key(client.endpoint, text)
        found: dict[str, Candidate] = {}
        for row in client.select(text):
            item = qid(row["item"]["value"]) or ""
            known = "label" in row or row.get("typed", {}).get("value") in {"true", "1"}
            if "redirect" in row:
                found.setdefault(item, Candidate(item)).matches.add(
                    (row["redirect"]["value"], "redirect"))
            elif known:
                _absorb(found.setdefault(item, Candidate(item)), row)
        verified.update((q, (found.get(q), key)) for q in chunk)
    return verified


def _reconcile(entity: Entity, decision: Decision, verified: dict, queries: tuple[str, ...]
               ) -> LinkDecision:
    best = decision.best
    others = tuple(s.qid for s in decision.candidates if decision.outcome == AMBIGUOUS
                   and s.score >= decision.candidates[0].score - 0.2)

    def make(outcome: str, item: str | None, reason: str, label: str = "",
             score: float | None = None, matched: str = "", extra: tuple[str, ...] = others
             ) -> LinkDecision:
        return LinkDecision(entity, outcome, item, score, label, matched, reason, queries, extra)

    if not entity.catalogue_qid:
        if best:
            return make(LINKED, best.qid, decision.reason, best.label, best.score,
                        best.matched_name)
        return make(decision.outcome, None, decision.reason)
    curated = entity.catalogue_qid
    info, _ = verified[curated]
    lookup = f"name lookup: {decision.outcome}" + (f" {best.qid}" if best else "")
    if info is None:
        return make(UNCONFIRMED, None, f"catalogue QID {curated} not found at the endpoint; "
                    f"{lookup}", extra=(best.qid,) if best else others)
    redirect = next((n for n, role in info.matches if role == "redirect"), None)
    if redirect:
        return make(DISAGREES, None, f"catalogue QID {curated} redirects to {qid(redirect)}",
                    extra=(qid(redirect) or "",))
    accepted = accepted_classes(entity)
    if accepted and info.typed and not info.classes & accepted:
        return make(DISAGREES, None, f"catalogue QID {curated} ({info.label!r}) is not of an "
                    f"accepted type for {'/'.join(entity.kinds)}; {lookup}")
    if best and best.qid != curated:
        return make(DISAGREES, None, f"catalogue says {curated} ({info.label!r}), name lookup "
                    f"says {best.qid} ({best.label!r}, {best.score:.2f})", extra=(best.qid,))
    if best:
        return make(LINKED, curated, f"{decision.reason}; agrees with the catalogue",
                    best.label, best.score, best.matched_name)
    return make(LINKED, curated, f"catalogue QID confirmed at the endpoint ({info.label!r}); "
                f"{lookup}: {decision.reason}", info.label)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


__all__ = ["LinkDecision", "LinkReport", "default_cache_dir", "link_entities", "link_store",
           "read_entities"]
