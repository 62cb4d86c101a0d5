"""Statements -> quads: one named graph per article, with exact provenance.

Only this module decides the shape of the instance data (the ontology, ``ontology/sco.ttl``,
says what the terms mean). Every IRI comes from ``vocab``; no blank nodes are minted, so two
builds of the same articles give identical quads. The shape, per article graph:

* the article: ``sco:Article``, ``schema:identifier`` (file name), ``sco:sha256``,
  ``schema:text`` (the whole decoded file, so any span can be checked against the graph),
  headline, author, publisher, ``schema:datePublished`` when stated or
  ``sco:inferredDatePublished`` when taken from context (precision = datatype);
* mentions: ``sco:Mention`` with ``oa:hasSource`` and two selectors,
  ``<m#position>`` (``oa:TextPositionSelector``, ``oa:start``/``oa:end``) and ``<m#quote>``
  (``oa:TextQuoteSelector``, ``oa:exact``/``oa:prefix``/``oa:suffix``); entities point to their
  mentions with ``sco:denotedBy``;
* claims: ``sco:Claim`` with ``sco:claimant``, ``sco:reportedIn``, ``sco:attributionType``,
  ``schema:text``, ``sco:evidence``, ``sco:cueEvidence``, ``sco:claimantMention``,
  ``sco:namedAs``, ``sco:about``, ``sco:asserts`` -> ``sco:QuantityProposition``;
* events, state memberships (``sco:Membership``) and posts held (``sco:PostHolding``), each
  with ``sco:evidence``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

import pyoxigraph as ox

from ..articles.reading import Article
from ..statements.model import (
    Claim,
    DateValue,
    Event,
    Extraction,
    Figure,
    Membership,
    PostHolding,
    Span,
)
from . import vocab
from .claimed import ClaimedFigure

CONTEXT_CHARS = 32

_DATATYPE = {"day": "date", "month": "gYearMonth", "year": "gYear"}
_A = ox.NamedNode(vocab.RDF + "type")
# the terms of a mention (``ArticleGraph._new_mention``), made once
_MENTION = ox.NamedNode(vocab.SCO + "Mention")
_HAS_SOURCE = ox.NamedNode(vocab.OA + "hasSource")
_HAS_SELECTOR = ox.NamedNode(vocab.OA + "hasSelector")
_POSITION_SELECTOR = ox.NamedNode(vocab.OA + "TextPositionSelector")
_QUOTE_SELECTOR = ox.NamedNode(vocab.OA + "TextQuoteSelector")
_START, _END = ox.NamedNode(vocab.OA + "start"), ox.NamedNode(vocab.OA + "end")
_EXACT, _PREFIX = ox.NamedNode(vocab.OA + "exact"), ox.NamedNode(vocab.OA + "prefix")
_SUFFIX = ox.NamedNode(vocab.OA + "suffix")


_LOOKUP_KEY = ox.NamedNode(vocab.SCO + "lookupKey")
# the properties that name an entity, whose values a user may look it up by
NAME_PROPERTIES = frozenset({vocab.RDFS + "label", vocab.SKOS + "altLabel",
                             vocab.SKOS + "prefLabel", vocab.SCHEMA + "name"})


def lookup_keys(entity: ox.NamedNode, names: Iterable[str]) -> Iterator[tuple[ox.NamedNode,
                                                                            ox.NamedNode,
                                                                            ox.Literal]]:
    """The ``sco:lookupKey`` triples of an entity: its IRI as written, each name in lower case.

    The canned queries that take "an IRI or one of its names, case-insensitive" find the
    entity by one index lookup on ``LCASE(STR(?param))``, which SPARQL cannot do over the names
    themselves. ``str.lower`` is the Unicode mapping SPARQL's ``LCASE`` uses.
    """
    yield entity, _LOOKUP_KEY, ox.Literal(entity.value)
    for name in names:
        yield entity, _LOOKUP_KEY, ox.Literal(name.lower())


def reference_lookup_keys(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[
        tuple[ox.NamedNode, ox.NamedNode, ox.Literal]]:
    """``lookup_keys`` of every entity (a subject typed with a ``vocab.KIND_CLASS``) the
    curated catalogue names."""
    kinds = {ox.NamedNode(iri) for iri in vocab.KIND_CLASS.values()}
    entities: set[ox.NamedNode] = set()
    names: dict[ox.NamedNode, list[str]] = {}
    for triple in triples:
        subject = triple.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        if triple.predicate == _A and triple.object in kinds:
            entities.add(subject)
        elif triple.predicate.value in NAME_PROPERTIES and isinstance(triple.object, ox.Literal):
            names.setdefault(subject, []).append(triple.object.value)
    for entity in sorted(entities, key=str):
        yield from lookup_keys(entity, names.get(entity, []))


def date_literal(date: DateValue) -> ox.Literal:
    """A date typed at its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return ox.Literal(date.value, datatype=ox.NamedNode(vocab.XSD + _DATATYPE[date.precision]))


def figure_proposition(subject_iri: str, figure: Figure) -> str:
    period = figure.period.value if figure.period else ""
    return vocab.proposition_iri(subject_iri.rsplit("/", 1)[-1], figure.measure, period,
                                 f"{figure.value}-{figure.unit}", figure.qualifier, figure.kind)


class ArticleGraph:
    """Builds the quads of one article's named graph."""

    def __init__(self, article: Article, extraction: Extraction,
                 entity_iris: Mapping[str, str]) -> None:
        self.article = article
        self.extraction = extraction
        self.entity_iris = entity_iris
        self.graph = ox.NamedNode(vocab.article_graph(article.stem))
        self.article_node = ox.NamedNode(vocab.article_iri(article.stem))
        self._quads: list[ox.Quad] = []
        self._predicates: dict[str, ox.NamedNode] = {}
        self._mentions: dict[tuple[int, int, str], ox.NamedNode] = {}

    def quads(self) -> list[ox.Quad]:
        """The graph's quads, duplicate-free, sorted by their string form."""
        return sorted(set(self.unordered_quads()), key=str)

    def unordered_quads(self) -> list[ox.Quad]:
        """The quads of :meth:`quads`, possibly repeated, in no particular order: for a caller
        that sorts and deduplicates them itself (``canonical_nquads``)."""
        self._quads = []
        self._mentions = {}
        self._article()
        for entity in self.extraction.entities:
            node = self._entity(entity.key)
            self._add(node, _A, ox.NamedNode(vocab.KIND_CLASS[entity.kind]))
            self._label(node, entity.label, also_name=True)
            for alias in entity.aliases:
                self._add(node, vocab.SKOS + "altLabel", _text(alias))
            for subject, predicate, key in lookup_keys(node, [entity.label, *entity.aliases]):
                self._add(subject, predicate, key)
        for mention in self.extraction.mentions:
            self._add(self._entity(mention.entity), vocab.SCO + "denotedBy",
                      self._mention(mention.span))
        for claim in self.extraction.claims:
            self._claim(claim)
        for event in self.extraction.events:
            self._event(event)
        for membership in self.extraction.memberships:
            self._membership(membership)
        for post in self.extraction.posts:
            self._post(post)
        return self._quads

    def claimed_figures(self) -> list[ClaimedFigure]:
        """Every figure every claim asserts, as values with the IRIs ``quads`` gives them.

        What ``derive`` compares across articles: the extraction's own ``Figure`` objects, in
        the order the claims state them, never read back from the quads.
        """
        return [ClaimedFigure(self._claim_iri(claim), self.article_node.value,
                              self._proposition_iri(figure), self._subject_iri(figure), figure)
                for claim in self.extraction.claims for figure in claim.figures]

    # -- pieces ----------------------------------------------------------------------------

    def _article(self) -> None:
        node, meta, article = self.article_node, self.extraction.meta, self.article
        self._add(node, _A, ox.NamedNode(vocab.SCO + "Article"))
        self._add(node, vocab.SCHEMA + "identifier", _text(article.name))
        self._add(node, vocab.SCO + "sha256", _text(article.sha256))
        self._add(node, vocab.SCHEMA + "text", _text(article.text))
        self._add(node, vocab.SCHEMA + "inLanguage", _text(meta.language))
        title = meta.title.value if meta.title else article.name
        self._label(node, title)
        if meta.title:
            self._add(node, vocab.SCHEMA + "headline", _text(meta.title.value))
            if meta.title.span:
                self._add(node, vocab.SCO + "headlineEvidence", self._mention(meta.title.span))
        for prop, value in ((vocab.SCHEMA + "author", meta.author),
                            (vocab.SCHEMA + "publisher", meta.publisher)):
            if value:
                self._add(node, prop, self._entity(value.value))
                if value.span:
                    self._add(node, vocab.SCO + "metadataEvidence", self._mention(value.span))
        if meta.date:
            prop = "inferredDatePublished" if meta.date.inferred else "datePublished"
            base = vocab.SCO if meta.date.inferred else vocab.SCHEMA
            self._add(node, base + prop, date_literal(meta.date))
            if meta.date_span:
                self._add(node, vocab.SCO + "datePublishedEvidence",
                          self._mention(meta.date_span))
        if meta.url:
            self._add(node, vocab.SCHEMA + "url", ox.Literal(meta.url,
                                                             datatype=ox.NamedNode(
                                                                 vocab.XSD + "anyURI")))

    def _claim_iri(self, claim: Claim) -> str:
        return vocab.claim_iri(self.article.stem, claim.content.start, claim.content.end,
                               claim.part)

    def _subject_iri(self, figure: Figure) -> str:
        return self._entity(figure.subject).value if figure.subject else ""

    def _proposition_iri(self, figure: Figure) -> str:
        return figure_proposition(self._subject_iri(figure) or "unknown", figure)

    def _claim(self, claim: Claim) -> None:
        node = ox.NamedNode(self._claim_iri(claim))
        self._add(node, _A, ox.NamedNode(vocab.SCO + "Claim"))
        if claim.claimant:
            self._add(node, vocab.SCO + "claimant", self._entity(claim.claimant))
        if claim.reported_speaker:  # an unnamed or collective speaker: no claimant
            self._add(node, vocab.SCO + "reportedSpeaker", _text(claim.reported_speaker))
        self._add(node, vocab.SCO + "reportedIn", self.article_node)
        self._add(node, vocab.SCO + "attributionType", ox.NamedNode(vocab.ATTRIBUTION[claim.mode]))
        self._add(node, vocab.SCHEMA + "text", _text(claim.content.text))
        # a sentence asserting two things gives two claims: each is labelled by its own clause
        self._label(node, _short((claim.clause or claim.content).text))
        self._add(node, vocab.SCO + "evidence", self._mention(claim.content))
        self._add(node, vocab.SCO + "confidence",
                  ox.Literal(str(Decimal(str(claim.confidence))),
                             datatype=ox.NamedNode(vocab.XSD + "decimal")))
        if claim.cue:
            self._add(node, vocab.SCO + "cueEvidence", self._mention(claim.cue))
        if claim.claimant_span:
            self._add(node, vocab.SCO + "claimantMention", self._mention(claim.claimant_span))
            self._add(node, vocab.SCO + "namedAs", _text(claim.claimant_span.text))
        for key in claim.about:
            self._add(node, vocab.SCO + "about", self._entity(key))
        if claim.reported_by:
            outer = vocab.claim_iri(self.article.stem, claim.reported_by.start,
                                    claim.reported_by.end)
            self._add(node, vocab.SCO + "reportedBy", ox.NamedNode(outer))
        if claim.clause:
            self._add(node, vocab.SCO + "clauseEvidence", self._mention(claim.clause))
        for figure in claim.figures:
            self._add(node, vocab.SCO + "asserts", self._proposition(figure))
            self._add(node, vocab.SCO + "figureEvidence", self._mention(figure.span))

    def _proposition(self, figure: Figure) -> ox.NamedNode:
        subject = self._entity(figure.subject) if figure.subject else None
        node = ox.NamedNode(self._proposition_iri(figure))
        measure = ox.NamedNode(vocab.measure_iri(figure.measure))
        self._add(node, _A, ox.NamedNode(vocab.SCO + "QuantityProposition"))
        if subject:
            self._add(node, vocab.SCO + "subject", subject)
        self._add(node, vocab.SCO + "measure", measure)
        self._add(measure, _A, ox.NamedNode(vocab.SCO + "Measure"))
        self._label(measure, figure.measure_label)
        self._add(measure, vocab.SKOS + "prefLabel", _text(figure.measure_label))
        self._add(node, vocab.SCHEMA + "value",
                  ox.Literal(figure.value, datatype=ox.NamedNode(vocab.XSD + "decimal")))
        self._add(node, vocab.SCHEMA + "unitText", _text(figure.unit))
        self._add(node, vocab.SCO + "valueQualifier",
                  ox.NamedNode(vocab.QUALIFIER[figure.qualifier]))
        self._add(node, vocab.SCO + "quantityKind", ox.NamedNode(vocab.QUANTITY_KIND[figure.kind]))
        if figure.period:
            self._add(node, vocab.SCO + "referencePeriod", date_literal(figure.period))
        period = f" ({figure.period.value})" if figure.period else ""
        qualifier = {"approximate": "about ", "more_than": "more than ",
                     "less_than": "less than "}.get(figure.qualifier, "")
        change = "change of " if figure.kind == "change" else ""
        self._label(node, f"{figure.measure_label}: {change}{qualifier}{figure.value} "
                          f"{figure.unit}{period}")
        return node

    def _event(self, event: Event) -> None:
        node = ox.NamedNode(vocab.event_iri(event.type, event.key))
        self._add(node, _A, ox.NamedNode(vocab.EVENT_CLASS.get(event.type, vocab.SCO + "Event")))
        self._label(node, event.label, also_name=True)
        self._add(node, vocab.SCO + "evidence", self._mention(event.span))
        self._add(node, vocab.SCO + "reportedIn", self.article_node)
        if event.start:
            self._add(node, vocab.SEM + "hasBeginTimeStamp", date_literal(event.start))
        if event.end:
            self._add(node, vocab.SEM + "hasEndTimeStamp", date_literal(event.end))
        if (event.start and event.start.inferred) or (event.end and event.end.inferred):
            self._add(node, vocab.SCO + "timeInferred", ox.Literal(True))
        if event.place:
            self._add(node, vocab.SEM + "hasPlace", self._entity(event.place))
        for place in event.also_places:
            self._add(node, vocab.SEM + "hasPlace", self._entity(place))
        for participant in event.participants:
            self._add(node, vocab.SEM + "hasActor", self._entity(participant))
        if event.organizer:
            self._add(node, vocab.SCO + "organizer", self._entity(event.organizer))
        if event.ordinal is not None:
            self._add(node, vocab.SCO + "ordinal", ox.Literal(event.ordinal))
        if event.status:
            status = {"scheduled": "EventScheduled", "completed": "EventCompleted"}
            self._add(node, vocab.SCHEMA + "eventStatus",
                      ox.NamedNode(vocab.SCHEMA + status.get(event.status, "EventScheduled")))

    def _membership(self, membership: Membership) -> None:
        node = ox.NamedNode(vocab.membership_iri(membership.organization, membership.member,
                                                 membership.role))
        member, org = self._entity(membership.member), self._entity(membership.organization)
        self._add(node, _A, ox.NamedNode(vocab.SCO + "Membership"))
        self._add(node, vocab.ORG + "member", member)
        self._add(node, vocab.ORG + "organization", org)
        self._add(node, vocab.ORG + "role", self._role(membership.role,
                                                       membership.role.replace("-", " ")))
        self._add(node, vocab.SCO + "evidence", self._mention(membership.span))
        if membership.start:
            self._add(node, vocab.SCO + "startDate", date_literal(membership.start))
        self._label(node, f"{membership.member} {membership.role} of {membership.organization}")

    def _post(self, post: PostHolding) -> None:
        node = ox.NamedNode(vocab.post_holding_iri(post.person, post.organization or "",
                                                   post.role))
        person = self._entity(post.person)
        role = self._role(post.role, post.role_label)
        post_node = ox.NamedNode(vocab.post_iri(post.organization or "", post.role))
        self._add(post_node, _A, ox.NamedNode(vocab.SCO + "Post"))
        self._add(post_node, vocab.ORG + "role", role)
        self._add(node, _A, ox.NamedNode(vocab.SCO + "PostHolding"))
        self._add(node, vocab.ORG + "member", person)
        self._add(node, vocab.ORG + "role", role)
        self._add(node, vocab.SCO + "post", post_node)
        self._add(person, vocab.ORG + "holds", post_node)
        if post.organization:
            org = self._entity(post.organization)
            self._add(node, vocab.ORG + "organization", org)
            self._add(post_node, vocab.ORG + "postIn", org)
            self._label(post_node, f"{post.role_label}, {post.organization}")
        else:
            self._label(post_node, post.role_label)
        self._add(node, vocab.SCO + "evidence", self._mention(post.span))
        if post.attested:
            self._add(node, vocab.SCO + "attestedAt", date_literal(post.attested))
        if post.former:
            self._add(node, vocab.SCO + "former", ox.Literal(True))
        if post.person_span:
            self._add(node, vocab.SCO + "namedAs", _text(post.person_span.text))
        self._label(node, f"{post.person}: {post.role_label}")

    # -- terms -------------------------------------------------------------------------------

    def _entity(self, key: str) -> ox.NamedNode:
        iri = self.entity_iris.get(key)
        if iri is None:
            raise KeyError(f"entity key {key!r} is neither in the catalogue nor extracted")
        return ox.NamedNode(iri)

    def _role(self, key: str, label: str) -> ox.NamedNode:
        node = ox.NamedNode(vocab.role_iri(key))
        self._add(node, _A, ox.NamedNode(vocab.SCO + "Role"))
        self._label(node, label)
        return node

    def _mention(self, span: Span) -> ox.NamedNode:
        key = (span.start, span.end, span.text)
        known = self._mentions.get(key)
        if known is not None:  # its quads are in already: one span, one set of quads
            return known
        self._mentions[key] = node = self._new_mention(span)
        return node

    def _new_mention(self, span: Span) -> ox.NamedNode:
        text = self.article.text
        if text[span.start:span.end] != span.text:
            raise ValueError(f"span {span.start}-{span.end} does not match the article text")
        iri = vocab.mention_iri(self.article.stem, span.start, span.end)
        node = ox.NamedNode(iri)
        position, quote = ox.NamedNode(iri + "#position"), ox.NamedNode(iri + "#quote")
        graph, add = self.graph, self._quads.append  # the hottest path: eleven quads a span
        add(ox.Quad(node, _A, _MENTION, graph))
        add(ox.Quad(node, _HAS_SOURCE, self.article_node, graph))
        add(ox.Quad(node, _HAS_SELECTOR, position, graph))
        add(ox.Quad(node, _HAS_SELECTOR, quote, graph))
        add(ox.Quad(position, _A, _POSITION_SELECTOR, graph))
        add(ox.Quad(position, _START, ox.Literal(span.start), graph))
        add(ox.Quad(position, _END, ox.Literal(span.end), graph))
        add(ox.Quad(quote, _A, _QUOTE_SELECTOR, graph))
        add(ox.Quad(quote, _EXACT, ox.Literal(span.text), graph))
        add(ox.Quad(quote, _PREFIX, ox.Literal(text[max(0, span.start - CONTEXT_CHARS):span.start]),
                    graph))
        add(ox.Quad(quote, _SUFFIX, ox.Literal(text[span.end:span.end + CONTEXT_CHARS]), graph))
        return node

    def _label(self, node: ox.NamedNode, label: str, *, also_name: bool = False) -> None:
        tagged = ox.Literal(label, language=self.extraction.meta.language or "en")
        self._add(node, vocab.RDFS + "label", tagged)
        if also_name:
            self._add(node, vocab.SCHEMA + "name", tagged)

    def _add(self, subject: ox.NamedNode, predicate: str | ox.NamedNode,
             obj: ox.NamedNode | ox.Literal) -> None:
        if isinstance(predicate, str):
            node = self._predicates.get(predicate)
            if node is None:
                node = self._predicates[predicate] = ox.NamedNode(predicate)
            predicate = node
        self._quads.append(ox.Quad(subject, predicate, obj, self.graph))


def provenance_quads(stems: Iterable[str], version: str) -> Iterator[ox.Quad]:
    """Graph-level PROV: each article graph was derived from its article by this extractor."""
    graph = ox.NamedNode(vocab.GRAPH_PROVENANCE)
    activity = ox.NamedNode(vocab.extraction_activity_iri(version))
    agent = ox.NamedNode(vocab.ID + "agent/sco-kg")
    yield ox.Quad(activity, _A, ox.NamedNode(vocab.PROV + "Activity"), graph)
    yield ox.Quad(activity, ox.NamedNode(vocab.PROV + "wasAssociatedWith"), agent, graph)
    yield ox.Quad(activity, ox.NamedNode(vocab.RDFS + "label"),
                  _text(f"sco-kg {version} extraction"), graph)
    yield ox.Quad(agent, _A, ox.NamedNode(vocab.PROV + "SoftwareAgent"), graph)
    yield ox.Quad(agent, ox.NamedNode(vocab.RDFS + "label"), _text("sco-kg"), graph)
    yield ox.Quad(agent, ox.NamedNode(vocab.SCHEMA + "softwareVersion"), _text(version), graph)
    for stem in sorted(stems):
        named = ox.NamedNode(vocab.article_graph(stem))
        yield ox.Quad(named, _A, ox.NamedNode(vocab.SCO + "AssertionGraph"), graph)
        yield ox.Quad(named, ox.NamedNode(vocab.PROV + "wasDerivedFrom"),
                      ox.NamedNode(vocab.article_iri(stem)), graph)
        yield ox.Quad(named, ox.NamedNode(vocab.PROV + "wasGeneratedBy"), activity, graph)
        yield ox.Quad(activity, ox.NamedNode(vocab.PROV + "used"),
                      ox.NamedNode(vocab.article_iri(stem)), graph)


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
