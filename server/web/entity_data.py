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
MAX_CONFLICTS = 500  # conflicts one page lists
MAX_ENTITY_CONFLICTS = 50  # conflicts an entity page lists (each a card of quotes)
MAX_FIGURES = 500  # figures one page quotes (a conflicts list asks for two a conflict)
SHOWN_MENTIONS = 12  # an entity page quotes this many of its mentions, then counts the rest
# Every list on an entity page reads a bounded number of index entries, whatever the entity's
# degree (issue 17: at 1,000 articles the pages of the SCO, China and Kazakhstan, named
# thousands of times, passed the 5 s page limit; at 50,000 the SCO has 369,770 mentions).
MAX_CLAIMS = 200  # claims one page lists for each role (by, about, mentioning, in)
MAX_MENTIONS_READ = 25  # past this many mentions, claims quoting them are not listed
MAX_COUNTED_MENTIONS = 20_000  # past this many mentions, their articles are not counted

_PLACEHOLDER = re.compile(
    r"\$(max_incoming|max_evidence|max_claims|hash|x|which)\b")
_EXISTS = "ASK { { $x ?p ?o } UNION { ?s ?p $x } }"
_DESCRIBE = PREFIXES + """
CONSTRUCT { $x ?p ?o . ?o rdfs:label ?ol . ?h ?hp ?ho . ?s ?ip $x . ?s rdfs:label ?sl }
WHERE {
  { $x ?p ?o . OPTIONAL { ?o rdfs:label ?ol } }
  UNION { $x ?hop ?h . FILTER(isIRI(?h) && STRSTARTS(STR(?h), $hash)) ?h ?hp ?ho }
  UNION { { SELECT DISTINCT ?s ?ip WHERE { ?s ?ip $x } LIMIT $max_incoming }
          OPTIONAL { ?s rdfs:label ?sl } }
}"""
# A mention is shown through _EVIDENCE; sco:denotedBy alone can have hundreds of thousands
_OUTGOING = PREFIXES + """
SELECT DISTINCT ?p ?o ?ol WHERE {
  $x ?p ?o FILTER(?p != sco:denotedBy) OPTIONAL { ?o rdfs:label ?ol } }"""
_INCOMING = PREFIXES + """
SELECT DISTINCT ?s ?p ?sl WHERE {
  { SELECT DISTINCT ?s ?p WHERE { ?s ?p $x } LIMIT $max_incoming }
  OPTIONAL { ?s rdfs:label ?sl }
}"""
# Some mentions of an entity (the first MAX_EVIDENCE the index holds), in reading order
_EVIDENCE = PREFIXES + """
SELECT DISTINCT ?p ?m ?article ?articleLabel ?start ?end ?exact ?prefix ?suffix WHERE {
  { SELECT ?p ?m WHERE { $x ?p ?m . ?m a sco:Mention } LIMIT $max_evidence }
  UNION { BIND($x AS ?m) BIND(rdf:type AS ?p) ?m a sco:Mention }
  ?m oa:hasSource ?article ; oa:hasSelector ?ps, ?qs .
  ?ps oa:start ?start ; oa:end ?end .
  ?qs oa:exact ?exact .
  OPTIONAL { ?qs oa:prefix ?prefix } OPTIONAL { ?qs oa:suffix ?suffix }
  OPTIONAL { ?article rdfs:label ?articleLabel }
} ORDER BY ?article ?start ?end LIMIT $max_evidence"""
# Up to MAX_CLAIMS claims in each role, each role read from its own index range; the page
# orders them (newest article first) and says when a role has more.
_CLAIM_ROLES = {
    "by": "{ SELECT ?claim WHERE { ?claim sco:claimant $x } LIMIT $max_claims }",
    "about": "{ SELECT ?claim WHERE { ?claim sco:about $x } LIMIT $max_claims }",
    # claims whose quote holds a mention of it: each mention's article's claims are looked
    # at one by one (a few ms each on a 50k index), so only for an entity named at most
    # MAX_MENTIONS_READ times
    "mentions": """{ SELECT DISTINCT ?claim WHERE {
      $x sco:denotedBy ?xm . ?xm oa:hasSource ?xa ; oa:hasSelector ?xps .
      ?xps oa:start ?xs ; oa:end ?xe .
      ?claim sco:reportedIn ?xa ; sco:evidence ?ce .
      ?ce oa:hasSource ?xa ; oa:hasSelector ?cps .
      ?cps oa:start ?cs ; oa:end ?cend .
      FILTER(?cs <= ?xs && ?xe <= ?cend) } LIMIT $max_claims }""",
    "in": "{ SELECT ?claim WHERE { $x a sco:Article . ?claim sco:reportedIn $x } "
          "LIMIT $max_claims }",
}
_CLAIMS = PREFIXES + """
SELECT DISTINCT ?claim ?role ?text ?claimant ?claimantLabel ?article ?articleLabel ?date
                ?attribution ?figure ?estart ?eend WHERE {
  $roles
  ?claim schema:text ?text ; sco:reportedIn ?article .
  OPTIONAL { ?claim sco:claimant ?claimant OPTIONAL { ?claimant rdfs:label ?claimantLabel } }
  OPTIONAL { ?claim sco:attributionType/rdfs:label ?attribution }
  OPTIONAL { ?claim sco:asserts/rdfs:label ?figure }
  # (the end in an OPTIONAL of its own: written as one pattern with the start, Oxigraph
  # joined it from every oa:end in the store, 2.5 s for 200 claims at 1,000 articles)
  OPTIONAL { ?claim sco:evidence ?ev . ?ev oa:hasSelector ?eps . ?eps oa:start ?estart
             OPTIONAL { ?eps oa:end ?eend } }
  OPTIONAL { ?article rdfs:label ?articleLabel }
  OPTIONAL { ?article schema:datePublished|sco:inferredDatePublished ?date }
}"""
# How many claims each role has in all (index range counts: cheap at any degree)
_CLAIM_COUNTS = PREFIXES + """
SELECT ?role (COUNT(DISTINCT ?claim) AS ?n) WHERE {
  { ?claim sco:claimant $x BIND("by" AS ?role) }
  UNION { ?claim sco:about $x BIND("about" AS ?role) }
  UNION { $x a sco:Article . ?claim sco:reportedIn $x BIND("in" AS ?role) }
} GROUP BY ?role"""
_CONFLICTS = PREFIXES + """
SELECT DISTINCT ?conflict ?label ?severity ?measure ?measureLabel ?subject ?subjectLabel ?count
                ?claim ?text ?claimantLabel ?article ?articleLabel WHERE {
  { SELECT DISTINCT ?conflict WHERE { $which } LIMIT $max_conflicts }
  ?conflict a sco:FigureConflict ; $sides ?claim .
  OPTIONAL { ?conflict sco:claimCount ?count }
  ?claim schema:text ?text ; sco:reportedIn ?article .
  OPTIONAL { ?conflict rdfs:label ?label } OPTIONAL { ?conflict sco:severity ?severity }
  OPTIONAL { ?conflict sco:measure ?measure OPTIONAL { ?measure rdfs:label ?measureLabel } }
  OPTIONAL { ?conflict sco:subject ?subject OPTIONAL { ?subject rdfs:label ?subjectLabel } }
  OPTIONAL { ?claim sco:claimant/rdfs:label ?claimantLabel }
  OPTIONAL { ?article rdfs:label ?articleLabel }
} ORDER BY ?conflict ?claim"""
CONFLICTS_OF_ENTITY = """
      { BIND($x AS ?conflict) ?conflict a sco:FigureConflict }
      UNION { ?conflict sco:conflictingClaim $x }
      UNION { ?conflict sco:subject $x }
      UNION { ?conflict sco:conflictingClaim ?c . ?c sco:claimant|sco:about|sco:reportedIn $x }"""
EVERY_CONFLICT = "?conflict a sco:FigureConflict"
_FIGURES = PREFIXES + """
SELECT DISTINCT ?claim ?estart ?eend ?exact ?fstart ?fend ?figure ?value ?unit ?period
                ?measureLabel WHERE {
  $which
  ?claim sco:evidence ?e ; sco:figureEvidence ?f .
  ?e oa:hasSelector ?eps, ?eqs . ?eps oa:start ?estart ; oa:end ?eend . ?eqs oa:exact ?exact .
  ?f oa:hasSelector ?fps . ?fps oa:start ?fstart ; oa:end ?fend .
  OPTIONAL { ?claim sco:asserts ?prop .
    OPTIONAL { ?prop rdfs:label ?figure } OPTIONAL { ?prop schema:value ?value }
    OPTIONAL { ?prop schema:unitText ?unit } OPTIONAL { ?prop sco:referencePeriod ?period }
    OPTIONAL { ?prop sco:measure/rdfs:label ?measureLabel } }
} ORDER BY ?fstart ?claim LIMIT $max_figures"""
_MENTION_COUNT = PREFIXES + """
SELECT (COUNT(*) AS ?mentions) WHERE { $x sco:denotedBy ?m }"""
_ARTICLE_COUNT = PREFIXES + """
SELECT (COUNT(DISTINCT ?a) AS ?articles) WHERE { $x sco:denotedBy ?m . ?m oa:hasSource ?a }"""
_HOLDINGS = PREFIXES + """
SELECT DISTINCT ?h ?kind ?start WHERE {
  { ?h org:member $x BIND("holds" AS ?kind) }
  UNION { ?h org:organization $x BIND("within" AS ?kind) }
  ?h a ?t . FILTER(?t IN (sco:PostHolding, sco:Membership))
  OPTIONAL { ?h sco:startDate ?start }
} ORDER BY ?kind ?start ?h LIMIT 300"""
_EVENTS_OF = PREFIXES + """
SELECT DISTINCT ?event ?begin ?role WHERE {
  { ?event sem:hasActor $x BIND("took part" AS ?role) }
  UNION { ?event sem:hasPlace $x BIND("took place here" AS ?role) }
  OPTIONAL { ?event sem:hasBeginTimeStamp ?begin }
} ORDER BY ?begin ?event LIMIT 300"""
_SPANS = PREFIXES + """
SELECT DISTINCT ?m ?start ?end ?user ?p ?userLabel WHERE {
  ?m oa:hasSource $x ; oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end .
  OPTIONAL { ?user ?p ?m OPTIONAL { ?user rdfs:label ?userLabel } }
} ORDER BY ?start ?end ?m ?user"""


def _text(template: str, iri: str, which: str = "") -> str:
    terms = {"x": str(ox.NamedNode(iri)), "hash": str(ox.Literal(iri + "#")),
             "max_incoming": str(MAX_INCOMING), "max_evidence": str(MAX_EVIDENCE),
             "max_claims": str(MAX_CLAIMS)}
    if which:  # a fixed graph pattern of this module, itself holding $x
        terms["which"] = _PLACEHOLDER.sub(lambda m: terms[m.group(1)], which)
    # One pass, so a value written in can never be taken for another placeholder.
    return _PLACEHOLDER.sub(lambda m: terms[m.group(1)], template)


def _select(reader: Reader, template: str, iri: str, which: str = "") -> Solutions:
    return reader.select(_text(template, iri, which))


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
class Claim:
    """A claim as an entity page lists it: the quote, who, where, when, how attributed."""

    iri: str
    text: str
    claimant: str
    claimant_label: str
    article: str
    article_label: str
    date: str
    attribution: str
    figure: str
    start: int | None
    end: int | None


@dataclass
class Figure:
    """One figure of a claim: its span in the quote and the value it was read as."""

    claim: str
    quote: str
    quote_start: int
    start: int
    end: int
    figure: str
    value: str
    unit: str
    period: str
    measure: str


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
    mention_count: int = 0
    article_count: int | None = 0  # None: too many mentions to count their articles
    holdings: dict[str, list[str]] = field(default_factory=dict)  # holds / within -> IRIs
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    # roles with more claims than the page lists -> how many in all (None: not counted)
    claim_totals: dict[str, int | None] = field(default_factory=dict)
    quotes_listed: bool = True  # False: named too often to list the claims quoting it
    more_conflicts: bool = False  # in more conflicts than the page lists
    conflicts: list[Conflict] = field(default_factory=list)
    events: list[tuple[str, str, str]] = field(default_factory=list)  # (iri, begin, role)
    figures: list[Figure] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # label of every IRI the page shows
    text: str | None = None

    @property
    def title(self) -> str:
        return self.names.get(self.iri) or (self.labels[0] if self.labels else curie(self.iri))

    @property
    def is_article(self) -> bool:
        return any(t.term == _ARTICLE for t in self.types)

    @property
    def is_claim(self) -> bool:
        return any(t.term == _CLAIM for t in self.types)

    def name(self, iri: str) -> str:
        return self.names.get(iri) or curie(iri)


@functools.lru_cache(maxsize=8192)  # pages show the same few thousand IRIs over and over
def curie(iri: str) -> str:
    for prefix, namespace in vocab.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


_ARTICLE = ox.NamedNode(vocab.SCO + "Article")
_CLAIM = ox.NamedNode(vocab.SCO + "Claim")
_CONFLICT = ox.NamedNode(vocab.SCO + "FigureConflict")
_MENTION_BASE = vocab.ID + "mention/"
_WIKIDATA_LINKS = (vocab.SKOS + "exactMatch", vocab.OWL + "sameAs", vocab.SCHEMA + "sameAs")


def page(reader: Reader, iri: str) -> Page:
    """Gather the page of ``iri`` (which must exist)."""
    from .labels import labels

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
        if p in _WIKIDATA_LINKS and isinstance(o, ox.NamedNode) \
                and o.value.startswith(vocab.WD) and o.value not in result.wikidata:
            result.wikidata.append(o.value)
        if p != vocab.RDF + "type" and not (isinstance(o, ox.NamedNode)
                                            and o.value.startswith(_MENTION_BASE)):
            result.facts.setdefault(p, []).append(Value(o, label))
    if result.is_article:
        result.text = next((v.term.value for v in result.facts.get(vocab.SCHEMA + "text", [])
                            if isinstance(v.term, ox.Literal)), None)
    incoming_seen: set[tuple[str, str]] = set()
    for row in _select(reader, _INCOMING, iri):
        key = (row.value("p"), str(row.term("s")))
        if key not in incoming_seen and not key[1].startswith(f"<{_MENTION_BASE}"):
            incoming_seen.add(key)
            result.incoming.setdefault(key[0], []).append(
                Value(row.term("s"), row.text("sl") or None))
    evidence = list(_evidence(reader, iri))
    mentions = [e for e in evidence if e.role == "sco:denotedBy"]
    for row in _select(reader, _MENTION_COUNT, iri):
        result.mention_count = row.integer("mentions")
    result.article_count = None
    if result.mention_count <= MAX_COUNTED_MENTIONS:
        for row in _select(reader, _ARTICLE_COUNT, iri):
            result.article_count = row.integer("articles")
    result.more_mentions = max(0, max(result.mention_count, len(mentions)) - SHOWN_MENTIONS)
    hidden = {id(e) for e in mentions[SHOWN_MENTIONS:]}
    result.evidence = [e for e in evidence if id(e) not in hidden]
    for row in _select(reader, _HOLDINGS, iri):
        held = result.holdings.setdefault(row.value("kind"), [])
        if row.value("h") not in held:
            held.append(row.value("h"))
    result.quotes_listed = result.mention_count <= MAX_MENTIONS_READ
    result.claims, cut = _claims(reader, iri, quoting=result.quotes_listed)
    if cut:
        totals = {row.value("role"): row.integer("n")
                  for row in _select(reader, _CLAIM_COUNTS, iri)}
        result.claim_totals = {role: totals.get(role) for role in cut}
    # every side on a conflict's own page; elsewhere each conflict's lowest and highest figure
    # (the SCO is in hundreds of conflicts of hundreds of claims each: 2.5 MB pages at 1,000)
    result.conflicts = conflicts(reader, iri, CONFLICTS_OF_ENTITY,
                                 extremes=not any(t.term == _CONFLICT for t in result.types),
                                 limit=MAX_ENTITY_CONFLICTS + 1)
    result.more_conflicts = len(result.conflicts) > MAX_ENTITY_CONFLICTS
    del result.conflicts[MAX_ENTITY_CONFLICTS:]
    for row in _select(reader, _EVENTS_OF, iri):
        item = (row.value("event"), row.text("begin"), row.value("role"))
        if not any(e[0] == item[0] for e in result.events):
            result.events.append(item)
    if result.is_claim:
        result.figures = figures(reader, iri, "$x sco:evidence ?e0 . ?claim sco:evidence ?e0 .")
    shown = {iri, *result.facts, *result.incoming, *(e[0] for e in result.events),
             *(h for held in result.holdings.values() for h in held),
             *(v.term.value for vs in (*result.facts.values(), *result.incoming.values())
               for v in vs if isinstance(v.term, ox.NamedNode))}
    result.names = labels(reader, shown)
    for values in (*result.facts.values(), *result.incoming.values()):
        for v in values:
            if isinstance(v.term, ox.NamedNode) and v.term.value in result.names:
                v.label = result.names[v.term.value]
    result.facts = dict(sorted(result.facts.items(), key=lambda kv: result.name(kv[0])))
    result.incoming = dict(sorted(result.incoming.items(), key=lambda kv: result.name(kv[0])))
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


def _claims(reader: Reader, iri: str, *, quoting: bool = True
            ) -> tuple[dict[str, list[Claim]], list[str]]:
    """Claims by, about, mentioning (in the quote) and in ``iri``; each claim listed once,
    under the first of those roles it has. Also the roles that have more than
    ``MAX_CLAIMS`` claims (only that many of each were read)."""
    found: dict[str, dict[str, Claim]] = {}
    placed: dict[str, str] = {}
    order = {"by": 0, "about": 1, "mentions": 2, "in": 3}
    roles = "\n  UNION ".join(f"{{ {text} BIND({ox.Literal(role)} AS ?role) }}"
                             for role, text in _CLAIM_ROLES.items()
                             if quoting or role != "mentions")
    rows = sorted(_select(reader, _CLAIMS.replace("$roles", roles, 1), iri),
                  key=lambda r: order[r.value("role")])
    read: dict[str, set[str]] = {}
    for row in rows:
        read.setdefault(row.value("role"), set()).add(row.value("claim"))
    for row in rows:
        role, claim = row.value("role"), row.value("claim")
        if placed.setdefault(claim, role) != role:
            continue
        found.setdefault(role, {}).setdefault(claim, Claim(
            claim, row.value("text"), row.text("claimant"), row.text("claimantLabel"),
            row.value("article"), row.text("articleLabel"), row.text("date"),
            row.text("attribution"), row.text("figure"),
            row.integer("estart") if row["estart"] is not None else None,
            row.integer("eend") if row["eend"] is not None else None))
    for claims in found.values():  # newest article first, then in reading order
        ordered = sorted(claims.values(), key=lambda c: (c.article, c.start or 0))
        ordered.sort(key=lambda c: c.date, reverse=True)
        claims.clear()
        claims.update((c.iri, c) for c in ordered)
    cut = [role for role in order if len(read.get(role, ())) >= MAX_CLAIMS]
    return {role: list(claims.values()) for role, claims in found.items()}, cut


def figures(reader: Reader, iri: str, which: str, *, limit: int = MAX_FIGURES) -> list[Figure]:
    """The figures of the claims ``which`` selects (a pattern binding ``?claim``)."""
    found: dict[str, Figure] = {}
    for row in _select(reader, _FIGURES.replace("$max_figures", str(limit), 1), iri, which):
        claim = row.value("claim")
        if claim in found:
            continue
        found[claim] = Figure(
            claim, row.value("exact"), row.integer("estart"), row.integer("fstart"),
            row.integer("fend"), row.text("figure"), row.text("value"), row.text("unit"),
            row.text("period"), row.text("measureLabel"))
    return sorted(found.values(), key=lambda f: (f.start, f.end, f.claim))


@dataclass
class Conflict:
    """Claims whose figures for the same measure disagree, each side with its source."""

    iri: str
    label: str
    severity: str
    measure: str = ""
    measure_label: str = ""
    subject: str = ""
    subject_label: str = ""
    sides: list[dict[str, str]] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)  # claim IRI -> its figure
    claim_count: int = 0  # every claim of the conflict, shown in ``sides`` or not

    @property
    def unshown(self) -> int:
        return max(self.claim_count - len(self.sides), 0)


def conflicts(reader: Reader, iri: str, which: str, *, extremes: bool = False,
              limit: int | None = None) -> list[Conflict]:
    """The conflicts ``which`` selects (a pattern binding ``?conflict``), each side with the
    figure read from it.

    ``extremes``: only the claims of the lowest and highest figure (``sco:lowestClaim`` and
    ``sco:highestClaim``; the rest are counted), for lists of many conflicts. A conflict in
    many articles has as many claims: 719,676 over 1,720 conflicts at 50,000 articles.
    ``limit``: conflicts read (``MAX_CONFLICTS`` by default).
    """
    sides = "sco:lowestClaim|sco:highestClaim" if extremes else "sco:conflictingClaim"
    found: dict[str, Conflict] = {}
    most = MAX_CONFLICTS if limit is None else limit
    query = _CONFLICTS.replace("$sides", sides, 1).replace("$max_conflicts", str(most), 1)
    for row in _select(reader, query, iri, which):
        entry = found.setdefault(row.value("conflict"), Conflict(
            row.value("conflict"), row.text("label"), row.text("severity"),
            row.text("measure"), row.text("measureLabel"), row.text("subject"),
            row.text("subjectLabel"),
            claim_count=row.integer("count") if row["count"] is not None else 0))
        if not any(side["claim"] == row.value("claim") for side in entry.sides):
            entry.sides.append({
                "claim": row.value("claim"), "text": row.value("text"),
                "claimant_label": row.text("claimantLabel"),
                "article": row.value("article"), "article_label": row.text("articleLabel")})
    claims = sorted({side["claim"] for c in found.values() for side in c.sides})
    if claims:
        values = " ".join(str(ox.NamedNode(c)) for c in claims)
        for figure in figures(reader, iri, f"VALUES ?claim {{ {values} }}",
                              limit=max(MAX_FIGURES, min(len(claims), 2 * MAX_CONFLICTS))):
            for conflict in found.values():
                if any(side["claim"] == figure.claim for side in conflict.sides):
                    conflict.figures[figure.claim] = figure
    return list(found.values())


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


def valid_iri(iri: str) -> bool:
    """Whether ``iri`` is one Oxigraph accepts (a page or label lookup for anything else is 404)."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


# -- the ontology document -------------------------------------------------------------------

_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $x { ?s ?p ?o } }"


def graph_triples(reader: Reader, graph: str) -> list[ox.Triple]:
    """The triples of one named graph (a small one: the ontology), sorted; read within the
    page's limits like every other query of a page."""
    return sorted(set(reader.construct(_text(_GRAPH, graph))), key=str)


@dataclass
class OntologyTerm:
    """One term of the ontology as its HTML document shows it (anchor = its local name)."""

    iri: str
    anchor: str
    kinds: list[str]
    label: str
    comment: str
    facts: dict[str, list[Value]] = field(default_factory=dict)


@dataclass
class Ontology:
    """The ontology's own description and its terms, grouped by kind."""

    iri: str
    label: str
    comment: str
    facts: dict[str, list[Value]]
    sections: list[tuple[str, list[OntologyTerm]]]


_TERM_KINDS = ((vocab.OWL + "Class", "Classes"), (vocab.OWL + "ObjectProperty",
                                                  "Object properties"),
               (vocab.OWL + "DatatypeProperty", "Datatype properties"),
               (vocab.OWL + "AnnotationProperty", "Annotation properties"))
_SHOWN_APART = {vocab.RDF + "type", vocab.RDFS + "label", vocab.RDFS + "comment"}


def ontology(triples: list[ox.Triple], iri: str, namespace: str) -> Ontology:
    """The ontology document's content from its graph's triples: every ``namespace`` term,
    under the first kind it has (classes, properties, then individuals), with its label,
    comment and other statements (blank nodes, such as OWL restrictions, are left to the
    RDF documents)."""
    about: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, (ox.NamedNode,
                                                                         ox.Literal)):
            about.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(
                t.object)
    labels = {s: next((o.value for o in facts.get(vocab.RDFS + "label", ())), "")
              for s, facts in about.items()}

    def values(facts: dict[str, list[ox.NamedNode | ox.Literal]]) -> dict[str, list[Value]]:
        return {p: [Value(o, labels.get(o.value) if isinstance(o, ox.NamedNode) else None)
                    for o in objects]
                for p, objects in sorted(facts.items(), key=lambda kv: curie(kv[0]))
                if p not in _SHOWN_APART}

    def text(facts: dict[str, list[ox.NamedNode | ox.Literal]], p: str) -> str:
        found = [o.value for o in facts.get(vocab.RDFS + p, ()) if isinstance(o, ox.Literal)]
        return found[0] if found else ""

    sections: dict[str, list[OntologyTerm]] = {}
    for subject, facts in sorted(about.items()):
        if not subject.startswith(namespace) or subject == namespace:
            continue
        kinds = [o.value for o in facts.get(vocab.RDF + "type", ())]
        section = next((name for kind, name in _TERM_KINDS if kind in kinds), "Individuals")
        sections.setdefault(section, []).append(OntologyTerm(
            subject, subject[len(namespace):], [curie(k) for k in kinds], labels[subject],
            text(facts, "comment"), values(facts)))
    order = [name for _, name in _TERM_KINDS] + ["Individuals"]
    own = about.get(iri, {})
    return Ontology(iri, labels.get(iri, "") or curie(iri), text(own, "comment"), values(own),
                    [(name, sections[name]) for name in order if name in sections])
