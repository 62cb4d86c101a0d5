"""What extraction hands to the RDF writer: frozen value objects, the contract between them.

Extraction (``sco_kg.graph.extract``) returns one :class:`Extraction` per article and knows
nothing of RDF; ``sco_kg.graph.rdf.quads`` turns it into quads and knows nothing of text. Every
statement carries at least one :class:`Span` whose ``text`` equals ``article_text[start:end]``
(offsets are code points into the whole decoded file, front matter included).

Entities are referred to by *key*: the catalogue's key for curated entities, or a key minted
from the name (``vocab.slug``) for entities recognised by pattern, which the extraction lists in
:attr:`Extraction.entities`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    """Exact evidence: ``text == article_text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives.

    ``value`` is the XSD lexical form: ``2018-06-09`` (precision ``day``, xsd:date),
    ``2018-06`` (``month``, xsd:gYearMonth) or ``2018`` (``year``, xsd:gYear). ``inferred`` is
    true when part of it (typically the year) was taken from context rather than stated.
    """

    value: str
    precision: str
    inferred: bool = False


@dataclass(frozen=True)
class Entity:
    """An entity recognised by pattern, not in the catalogue (curated ones live there)."""

    key: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A span of text that names (or refers back to) an entity, with the surface form kept."""

    entity: str
    span: Span


@dataclass(frozen=True)
class Figure:
    """A number the text states, with what it measures.

    ``value`` is a plain decimal string ("44", "217600000000", "4.84"). ``unit`` is one of the
    lexicon's unit keys ("percent", "USD", "times", "count", ...). ``kind`` keeps a level
    ("200 million tourists visited") apart from a change ("increased by 200 million").
    """

    value: str
    unit: str
    measure: str
    measure_label: str
    span: Span
    subject: str | None = None
    period: DateValue | None = None
    qualifier: str = "exact"
    kind: str = "level"


@dataclass(frozen=True)
class Claim:
    """One agent's assertion as this article reports it.

    ``mode`` is ``direct`` (quoted), ``indirect`` (reported speech), ``mixed`` (reported speech
    holding a quoted fragment) or ``narration`` (the article's own voice, claimant = author or,
    failing that, publisher). ``content`` is the claimed text; ``cue`` the attribution words
    (``said Oleg Petrov``); ``claimant_span`` how the claimant is named there (kept
    even when it is misspelt or a pronoun). ``reported_by`` is the content span of an
    enclosing claim for nested attribution. ``part`` tells apart claims that share one
    content span (a sentence stating two figures or two clauses gives one claim per figure or
    clause); it is empty for the first and the figure's or clause's span (``start-end``) for
    the others. ``clause`` is the clause of the content that states this claim's assertion,
    when the content holds more than one. An unnamed or collective
    speaker ("an official said", "analysts say", "The ministers noted that ...") is nobody's
    claim: ``claimant`` is ``""`` and ``reported_speaker`` keeps the speaking group as written.
    """

    claimant: str
    mode: str
    content: Span
    cue: Span | None = None
    claimant_span: Span | None = None
    about: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    reported_by: Span | None = None
    confidence: float = 0.9
    part: str = ""
    reported_speaker: str | None = None
    clause: Span | None = None


@dataclass(frozen=True)
class Event:
    """Something that happened or is scheduled.

    ``key`` decides identity across articles, so it must depend only on what identifies the
    event in the world: ``<organizer>-<ordinal>`` when both are known, else ``<start>-<place>``,
    else ``<article stem>-<span start>``.
    """

    type: str
    key: str
    label: str
    span: Span
    start: DateValue | None = None
    end: DateValue | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    organizer: str | None = None
    ordinal: int | None = None
    status: str | None = None
    also_places: tuple[str, ...] = ()  # wider places the text names ("held in <State>")


@dataclass(frozen=True)
class Membership:
    """A state (or organisation) belonging to an organisation, from a date if given.

    ``role``: ``founding-member``, ``member``, ``observer`` or ``dialogue-partner``.
    """

    member: str
    organization: str
    role: str
    span: Span
    start: DateValue | None = None


@dataclass(frozen=True)
class PostHolding:
    """A person holding a post, attested at a date (``former``: it had ended by then)."""

    person: str
    role: str
    role_label: str
    span: Span
    organization: str | None = None
    attested: DateValue | None = None
    former: bool = False
    person_span: Span | None = None


@dataclass(frozen=True)
class MetaValue:
    """A metadata value with where it came from (``span`` is None for front matter keys)."""

    value: str
    span: Span | None = None
    inferred: bool = False


@dataclass(frozen=True)
class ArticleMeta:
    """What the article says about itself; ``author``/``publisher`` are entity keys."""

    title: MetaValue | None = None
    author: MetaValue | None = None
    publisher: MetaValue | None = None
    date: DateValue | None = None
    date_span: Span | None = None
    url: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    meta: ArticleMeta
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    memberships: tuple[Membership, ...] = ()
    posts: tuple[PostHolding, ...] = ()
    warnings: tuple[str, ...] = field(default=())
