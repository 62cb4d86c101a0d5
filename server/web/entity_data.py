"""What an entity page shows, read through the engine with a few small SPARQL queries.

Every function takes the request's ``Reader`` (``engine.Reader``): the queries run in the query
workers, within the caps, and share the page's time limit.

Every query here is a fixed text with the entity's IRI written in by pyoxigraph
(``str(NamedNode)``: N-Triples syntax, which the IRI's own validation already made safe). The
union default graph repeats a triple once per graph that holds it, so rows are de-duplicated
here rather than trusted to be unique.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ...graph.rdf import vocab
from ..engine.engine import Reader
from ..engine.results import Solutions, Term

PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in vocab.PREFIXES.items()) + \
    f"PREFIX oa: <{vocab.OA}>\nPREFIX sem: <{vocab.SEM}>\n"

LABEL_PROPERTIES = (vocab.RDFS + "label", vocab.SKOS + "prefLabel", vocab.SCHEMA + "name")
MAX_INCOMING = 500
MAX_EVIDENCE = 200
SHOWN_MENTIONS = 12  # an entity page quotes this many of its mentions, then counts the rest

_PLACEHOLDER = re.compile(r"\$(max_incoming|max_evidence|hash|x)\b")
_EXISTS = "ASK { { $x ?p ?o } UNION { ?s ?p $x } }"
_DESCRIBE = PREFIXES + """
CONSTRUCT { $x ?p ?o . ?o rdfs:label ?ol . ?h ?hp ?ho . ?s ?ip $x . ?s rdfs:label ?sl }
WHERE {
  { $x ?p ?o . OPTIONAL { ?o rdfs:label ?ol } }
  UNION { $x ?hop ?h . FILTER(isIRI(?h) && STRSTARTS(STR(?h), $hash)) ?h ?hp ?ho }
  UNION { { SELECT DISTINCT ?s ?ip WHERE { ?s ?ip $x } LIMIT $max_incoming }
          OPTIONAL { ?s rdfs:label ?sl } }
}"""
_OUTGOING = PREFIXES + """
SELECT DISTINCT ?p ?o ?ol WHERE { $x ?p ?o . OPTIONAL { ?o rdfs:label ?ol } }"""
_INCOMING = PREFIXES + """
SELECT DISTINCT ?s ?p ?sl WHERE {
  { SELECT DISTINCT ?s ?p WHERE { ?s ?p $x } LIMIT $max_incoming }
  OPTIONAL { ?s rdfs:label ?sl }
}"""
_EVIDENCE = PREFIXES + """
SELECT DISTINCT ?p ?m ?article ?articleLabel ?start ?end ?exact ?prefix ?suffix WHERE {
  { $x ?p ?m . ?m a sco:Mention } UNION { BIND($x AS ?m) BIND(rdf:type AS ?p) ?m a sco:Mention }
  ?m oa:hasSource ?article ; oa:hasSelector ?ps, ?qs .
  ?ps oa:start ?start ; oa:end ?end .
  ?qs oa:exact ?exact .
  OPTIONAL { ?qs oa:prefix ?prefix } OPTIONAL { ?qs oa:suffix ?suffix }
  OPTIONAL { ?article rdfs:label ?articleLabel }
} ORDER BY ?article ?start ?end LIMIT $max_evidence"""
_CLAIMS = PREFIXES + """
SELECT DISTINCT ?claim ?role ?text ?claimant ?claimantLabel ?article ?articleLabel WHERE {
  { ?claim sco:claimant $x BIND("by" AS ?role) }
  UNION { ?claim sco:about $x BIND("about" AS ?role) }
  UNION { $x a sco:Article . ?claim sco:reportedIn $x BIND("in" AS ?role) }
  ?claim schema:text ?text ; sco:reportedIn ?article .
  OPTIONAL { ?claim sco:claimant ?claimant OPTIONAL { ?claimant rdfs:label ?claimantLabel } }
  OPTIONAL { ?article rdfs:label ?articleLabel }
} ORDER BY ?role ?article ?claim LIMIT 1000"""
_CONFLICTS = PREFIXES + """
SELECT DISTINCT ?conflict ?label ?severity ?side ?claim ?text ?figure ?claimantLabel ?article
                ?articleLabel WHERE {
  { SELECT DISTINCT ?conflict WHERE {
      { BIND($x AS ?conflict) ?conflict a sco:FigureConflict }
      UNION { ?conflict sco:conflictingClaim $x }
      UNION { ?conflict sco:subject $x }
      UNION { ?conflict sco:conflictingClaim ?c . ?c sco:claimant|sco:about|sco:reportedIn $x }
  } LIMIT 200 }
  ?conflict a sco:FigureConflict ; sco:conflictingClaim ?claim .
  ?claim schema:text ?text ; sco:reportedIn ?article .
  BIND(STR(?claim) AS ?side)
  OPTIONAL { ?conflict rdfs:label ?label } OPTIONAL { ?conflict sco:severity ?severity }
  OPTIONAL { ?conflict sco:measure ?measure . ?claim sco:asserts ?prop .
             ?prop sco:measure ?measure ; rdfs:label ?figure }
  OPTIONAL { ?claim sco:claimant/rdfs:label ?claimantLabel }
  OPTIONAL { ?article rdfs:label ?articleLabel }
} ORDER BY ?conflict ?side"""
_SPANS = PREFIXES + """
SELECT DISTINCT ?m ?start ?end ?user ?p ?userLabel WHERE {
  ?m oa:hasSource $x ; oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end .
  OPTIONAL { ?user ?p ?m OPTIONAL { ?user rdfs:label ?userLabel } }
} ORDER BY ?start ?end ?m ?user"""


def _text(template: str, iri: str) -> str:
    terms = {"x": str(ox.NamedNode(iri)), "hash": str(ox.Literal(iri + "#")),
             "max_incoming": str(MAX_INCOMING), "max_evidence": str(MAX_EVIDENCE)}
    # One pass, so a value written in can never be taken for another placeholder.
    return _PLACEHOLDER.sub(lambda m: terms[m.group(1)], template)


def _select(reader: Reader, template: str, iri: str) -> Solutions:
    return reader.select(_text(template, iri))


def exists(reader: Reader, iri: str) -> bool:
    return reader.ask(_text(_EXISTS, iri))


def describe(reader: Reader, iri: str) -> list[ox.Triple]:
    """CBD-like: outgoing triples (and those of ``iri#...`` nodes), labels of linked nodes,
    incoming links with their subjects' labels; sorted, without repeats."""
    return sorted(set(reader.construct(_text(_DESCRIBE, iri))), key=str)


@dataclass
class Value:
    """One RDF term as a page shows it."""

    term: Term
    label: str | None = None

    @property
    def is_iri(self) -> bool:
        return isinstance(self.term, ox.NamedNode)

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        if isinstance(self.term, ox.NamedNode):
            return curie(self.term.value)
        return str(self.term) if isinstance(self.term, ox.Triple) else self.term.value

    @property
    def note(self) -> str:
        term = self.term
        if isinstance(term, ox.Literal):
            if term.language:
                return f"@{term.language}"
            if term.datatype.value != vocab.XSD + "string":
                return curie(term.datatype.value)
        return ""


@dataclass
class Evidence:
    """A span of an article: the words before, the exact span, the words after."""

    role: str
    mention: str
    article: str
    article_label: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass
class Page:
    """Everything an entity page shows."""

    iri: str
    labels: list[str] = field(default_factory=list)
    types: list[Value] = field(default_factory=list)
    facts: dict[str, list[Value]] = field(default_factory=dict)
    incoming: dict[str, list[Value]] = field(default_factory=dict)
    wikidata: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    more_mentions: int = 0
    claims: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    text: str | None = None

    @property
    def title(self) -> str:
        return self.labels[0] if self.labels else curie(self.iri)

    @property
    def is_article(self) -> bool:
        return any(t.term == _ARTICLE for t in self.types)


@functools.lru_cache(maxsize=8192)  # pages show the same few thousand IRIs over and over
def curie(iri: str) -> str:
    for prefix, namespace in vocab.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


_ARTICLE = ox.NamedNode(vocab.SCO + "Article")


def page(reader: Reader, iri: str) -> Page:
    """Gather the page of ``iri`` (which must exist)."""
    result = Page(iri)
    seen: set[tuple[str, str]] = set()
    for row in _select(reader, _OUTGOING, iri):
        p, o = row.value("p"), row.term("o")
        if (p, str(o)) in seen:
            continue
        seen.add((p, str(o)))
        label = row.text("ol") or None
        if p == vocab.RDF + "type":
            result.types.append(Value(o, label))
        elif p in LABEL_PROPERTIES and isinstance(o, ox.Literal):
            if o.value not in result.labels:
                result.labels.append(o.value)
        if p in (vocab.SKOS + "exactMatch", vocab.OWL + "sameAs", vocab.SCHEMA + "sameAs") \
                and isinstance(o, ox.NamedNode) and o.value.startswith(vocab.WD) \
                and o.value not in result.wikidata:
            result.wikidata.append(o.value)
        if p != vocab.RDF + "type":
            result.facts.setdefault(curie(p), []).append(Value(o, label))
    result.facts = dict(sorted(result.facts.items()))
    if result.is_article:
        result.text = next((v.term.value for v in result.facts.get("schema:text", [])
                            if isinstance(v.term, ox.Literal)), None)
    incoming_seen: set[tuple[str, str]] = set()
    for row in _select(reader, _INCOMING, iri):
        key = (row.value("p"), str(row.term("s")))
        if key not in incoming_seen:
            incoming_seen.add(key)
            result.incoming.setdefault(curie(key[0]), []).append(
                Value(row.term("s"), row.text("sl") or None))
    result.incoming = dict(sorted(result.incoming.items()))
    evidence = list(_evidence(reader, iri))
    mentions = [e for e in evidence if e.role == "sco:denotedBy"]
    result.more_mentions = max(0, len(mentions) - SHOWN_MENTIONS)
    hidden = {id(e) for e in mentions[SHOWN_MENTIONS:]}
    result.evidence = [e for e in evidence if id(e) not in hidden]
    result.facts.pop("sco:denotedBy", None)  # quoted in context above instead
    result.claims = _claims(reader, iri)
    result.conflicts = _conflicts(reader, iri)
    return result


def _evidence(reader: Reader, iri: str) -> Iterator[Evidence]:
    seen = set()
    for row in _select(reader, _EVIDENCE, iri):
        key = (row.value("p"), row.value("m"))
        if key in seen:
            continue
        seen.add(key)
        role = "this span" if row.value("p") == vocab.RDF + "type" else curie(row.value("p"))
        yield Evidence(role, row.value("m"), row.value("article"), row.text("articleLabel"),
                       row.integer("start"), row.integer("end"), row.value("exact"),
                       row.text("prefix"), row.text("suffix"))


def _claims(reader: Reader, iri: str) -> dict[str, list[dict[str, str]]]:
    found: dict[str, dict[str, dict[str, str]]] = {}
    for row in _select(reader, _CLAIMS, iri):
        role, claim = row.value("role"), row.value("claim")
        found.setdefault(role, {}).setdefault(claim, {
            "claim": claim, "text": row.value("text"), "claimant": row.text("claimant"),
            "claimant_label": row.text("claimantLabel"), "article": row.value("article"),
            "article_label": row.text("articleLabel")})
    return {role: list(claims.values()) for role, claims in found.items()}


@dataclass
class Conflict:
    """Claims whose figures for the same measure disagree, each side with its source."""

    iri: str
    label: str
    severity: str
    sides: list[dict[str, str]] = field(default_factory=list)


def _conflicts(reader: Reader, iri: str) -> list[Conflict]:
    conflicts: dict[str, Conflict] = {}
    for row in _select(reader, _CONFLICTS, iri):
        entry = conflicts.setdefault(row.value("conflict"), Conflict(
            row.value("conflict"), row.text("label"), row.text("severity")))
        if not any(side["claim"] == row.value("claim") for side in entry.sides):
            entry.sides.append({
                "claim": row.value("claim"), "text": row.value("text"),
                "figure": row.text("figure"), "claimant_label": row.text("claimantLabel"),
                "article": row.value("article"), "article_label": row.text("articleLabel")})
    return list(conflicts.values())


@dataclass
class Span:
    """A highlighted span of an article: where, and what uses it."""

    start: int
    end: int
    mention: str
    users: list[tuple[str, str, str]] = field(default_factory=list)  # (iri, predicate, label)


def spans(reader: Reader, article: str) -> list[Span]:
    """Every extracted span of an article, with the statements that use it."""
    found: dict[str, Span] = {}
    used: set[tuple[str, str, str]] = set()  # (mention, user, predicate) already listed
    for row in _select(reader, _SPANS, article):
        mention = row.value("m")
        item = found.get(mention)
        if item is None:
            item = found[mention] = Span(row.integer("start"), row.integer("end"), mention)
        if row["user"] is not None:
            user = (row.value("user"), curie(row.value("p")), row.text("userLabel"))
            if (mention, *user[:2]) not in used:
                used.add((mention, *user[:2]))
                item.users.append(user)
    return sorted(found.values(), key=lambda s: (s.start, -s.end, s.mention))
