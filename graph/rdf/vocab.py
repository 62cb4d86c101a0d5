"""Namespaces and IRI minting: the only module that spells out IRIs.

Every IRI the graph mints is a pure function of the article text and the catalogue, so two
builds of the same articles give byte-identical dumps. Nothing here touches rdflib or
pyoxigraph: IRIs are plain strings, turned into terms by whoever serialises them.

Layout under ``BASE``:

* ``ontology#Term``             the TBox (``sco:``)
* ``id/<kind>/<key>``           things: person, org, state, place, event, article, claim, ...
* ``graph/<name>``              named graphs: ``article/<stem>``, ``reference``, ``ontology``,
                                ``derived``, ``provenance``, ``links``, ``enrichment``,
                                ``shared`` (facts several articles state)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BASE = "https://w3id.org/sco-kg/"
SCO = BASE + "ontology#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

# Standard vocabularies the ontology aligns to.
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
TIME = "http://www.w3.org/2006/time#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"  # media-type IRIs, used by the service description
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"

PREFIXES: dict[str, str] = {
    "sco": SCO,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "oa": OA,
    "time": TIME,
    "sem": SEM,
    "foaf": FOAF,
    "dct": DCT,
    "wd": WD,
}

# Prefixes for display only (CLI tables): ``id:`` names would need escaped slashes in Turtle,
# so serialisers use PREFIXES, which leaves instance IRIs written out in full.
DISPLAY_PREFIXES: dict[str, str] = {"id": ID, **PREFIXES}

# Named graphs that are not per article.
GRAPH_ONTOLOGY = GRAPH + "ontology"
GRAPH_REFERENCE = GRAPH + "reference"
GRAPH_DERIVED = GRAPH + "derived"
GRAPH_PROVENANCE = GRAPH + "provenance"
GRAPH_LINKS = GRAPH + "links"
GRAPH_ENRICHMENT = GRAPH + "enrichment"
# Facts two or more article graphs state (and no non-article graph does): stated once, here,
# so that no triple is in two named graphs (issue 17). Each article still reaches them through
# its own claims, mentions and ``sco:reportedIn``.
GRAPH_SHARED = GRAPH + "shared"

# Subjects minted for one graph alone (an article's node, its mentions and claims; derive's
# conflicts): only that graph states facts about them, so they never repeat across graphs.
MINTED_FOR_ONE_GRAPH: tuple[str, ...] = (ID + "article/", ID + "mention/", ID + "claim/",
                                         ID + "conflict/")

# Entity kinds: the catalogue's and the extractor's word for a thing, the IRI path segment
# and the ontology class.
KIND_CLASS: dict[str, str] = {
    "person": SCO + "Person",
    "org": SCO + "Organization",
    "igo": SCO + "IntergovernmentalOrganization",
    "media": SCO + "MediaOrganization",
    "govbody": SCO + "GovernmentBody",
    "state": SCO + "State",
    "place": SCO + "Place",
    "city": SCO + "City",
    "region": SCO + "Region",
}

# Event types (extractor word -> class).
EVENT_CLASS: dict[str, str] = {
    "event": SCO + "Event",
    "meeting": SCO + "Meeting",
    "summit": SCO + "Summit",
    "forum": SCO + "Forum",
    "founding": SCO + "Founding",
    "accession": SCO + "Accession",
    "visit": SCO + "Visit",
    "speech": SCO + "Speech",
    "launch": SCO + "Launch",
    "exhibition": SCO + "Exhibition",
}

# How a claim is attributed (PARC distinctions), as SKOS concepts in the ontology.
ATTRIBUTION: dict[str, str] = {
    "direct": SCO + "DirectSpeech",
    "indirect": SCO + "IndirectSpeech",
    "mixed": SCO + "MixedSpeech",
    "narration": SCO + "AuthorialNarration",
}

# Qualifiers of a quantity ("about 140", "more than 200").
QUALIFIER: dict[str, str] = {
    "exact": SCO + "Exactly",
    "approximate": SCO + "Approximately",
    "more_than": SCO + "MoreThan",
    "less_than": SCO + "LessThan",
}

# Level vs change ("200 million visited" is not "increased by 200 million").
QUANTITY_KIND: dict[str, str] = {
    "level": SCO + "Level",
    "change": SCO + "Change",
    "ratio": SCO + "Ratio",
}

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A stable, readable IRI segment: ASCII-folded, lower case, hyphen-separated."""
    folded = text if text.isascii() else unicodedata.normalize("NFKD", text).encode(
        "ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", folded.lower()).strip("-") or "x"


def article_key(stem: str) -> str:
    """The IRI segment of an article: its slug, plus a short hash when the slug loses letters.

    Two file names that fold to one slug (``报告.txt`` and ``新闻.txt`` both to ``x``) would
    otherwise give one IRI, and the second article would silently replace the first. Names
    whose every letter survives the ASCII folding keep their readable slug unchanged.
    """
    key = slug(stem)
    # an ASCII name loses nothing (the common case: a build asks this 4 times an article)
    lost = not stem.isascii() and any(
        ord(c) > 127 and not unicodedata.combining(c)
        for c in unicodedata.normalize("NFKD", stem))
    if lost or not _NON_SLUG.sub("", stem.lower()):
        key += "-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    return key


def sco(term: str) -> str:
    return SCO + term


def entity_iri(kind: str, key: str) -> str:
    """IRI of a person, organisation, state or place.

    ``kind`` groups IGOs, media and government bodies under ``org`` and cities and regions
    under ``place``, so a re-typing never changes an IRI.
    """
    segment = {"igo": "org", "media": "org", "govbody": "org", "city": "place", "region": "place"}
    return f"{ID}{segment.get(kind, kind)}/{slug(key)}"


def article_iri(stem: str) -> str:
    return f"{ID}article/{article_key(stem)}"


def article_graph(stem: str) -> str:
    return f"{GRAPH}article/{article_key(stem)}"


def mention_iri(stem: str, start: int, end: int) -> str:
    """A span of an article, after RFC 5147's ``#char=start,end``."""
    return f"{ID}mention/{article_key(stem)}/{start}-{end}"


def claim_iri(stem: str, start: int, end: int, part: str = "") -> str:
    """A claim by its content span; ``part`` tells apart claims sharing that span."""
    return f"{ID}claim/{article_key(stem)}/{start}-{end}" + (f"/{slug(part)}" if part else "")


def proposition_iri(subject: str, measure: str, period: str, value: str, qualifier: str,
                    kind: str) -> str:
    """Equal figures from different articles share one proposition (corroboration)."""
    parts = [slug(subject), slug(measure), slug(period or "any"), slug(value), qualifier, kind]
    return f"{ID}proposition/" + "/".join(parts)


def event_iri(event_type: str, key: str) -> str:
    return f"{ID}event/{slug(event_type)}/{slug(key)}"


def membership_iri(org_key: str, member_key: str, role: str) -> str:
    return f"{ID}membership/{slug(org_key)}/{slug(member_key)}/{slug(role)}"


def post_iri(org_key: str, role: str) -> str:
    return f"{ID}post/{slug(org_key or 'none')}/{slug(role)}"


def post_holding_iri(person_key: str, org_key: str, role: str) -> str:
    return f"{ID}post-holding/{slug(person_key)}/{slug(org_key or 'none')}/{slug(role)}"


def role_iri(role: str) -> str:
    return f"{ID}role/{slug(role)}"


def measure_iri(measure: str) -> str:
    return f"{ID}measure/{slug(measure)}"


def extraction_activity_iri(version: str) -> str:
    """The extractor run: keyed by version, not by time, so dumps stay byte-identical."""
    return f"{ID}activity/extraction/{slug(version)}"
