"""The SPARQL text the linker sends, built deterministically so the on-disk cache can hit.

Every query is plain SPARQL 1.1 over Wikidata's RDF shape and runs unchanged on the live
Query Service and on a local server holding a slice of Wikidata. Names and items go into
``VALUES`` blocks, many per request, sorted, in chunks (``CHUNK``), so a run over a few hundred
entities costs a handful of requests, and the same entities give the same query text.

Accepted classes are listed per entity kind, because neither the subset nor a cheap live query
gives the ``P279`` closure. QIDs marked *subset* occur in ``shared/wikidata/sco-subset.nt`` and
were verified there; those marked *live* are from memory of live Wikidata and only matter
against the live service (check them there before relying on them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..rdf import vocab

CHUNK = 40

# Wikidata's statement namespaces, from the one spelled out in vocab.
_PROP = vocab.WDT.removesuffix("direct/")
P, PS, PQ = _PROP, _PROP + "statement/", _PROP + "qualifier/"

_PREFIXES = {"rdfs": vocab.RDFS, "skos": vocab.SKOS, "owl": vocab.OWL, "wd": vocab.WD,
             "wdt": vocab.WDT, "p": P, "ps": PS, "pq": PQ}

_CITY = ("Q515",       # city (subset)
         "Q1549591",   # big city (subset)
         "Q5119",      # capital city (subset)
         "Q748149")    # prefecture-level city (live)
_REGION = ("Q1615742",  # province (one country's first-level division; subset)
           "Q82794",    # geographic region (live)
           "Q5107",     # continent (live)
           "Q10864048")  # first-level administrative country subdivision (live)
_PLACE_OTHER = ("Q405155",  # trade route (subset)
                "Q9430",    # ocean (live)
                "Q165")     # sea (live)
_IGO = ("Q484652",   # international organization (subset)
        "Q245065",   # intergovernmental organization (subset)
        "Q4120211",  # regional organization (subset)
        "Q1127126")  # military alliance (subset)
_MEDIA = ("Q192283",    # news agency (live)
          "Q11032",     # newspaper (live)
          "Q15265344")  # broadcaster (live)
_GOVBODY = ("Q327333",  # government agency (live)
            "Q192350")  # ministry (live)

# Entity kind (vocab.KIND_CLASS keys) -> the P31 values that fit it.
ACCEPTED_CLASSES: dict[str, tuple[str, ...]] = {
    "person": ("Q5",),  # human (subset)
    "state": ("Q6256",      # country (subset)
              "Q3624078",   # sovereign state (subset)
              "Q3024240"),  # historical country (live)
    "igo": _IGO,
    "media": _MEDIA,
    "govbody": _GOVBODY,
    "org": _IGO + _MEDIA + _GOVBODY + ("Q43229",),  # organization (live)
    "city": _CITY,
    "region": _REGION,
    "place": _CITY + _REGION + _PLACE_OTHER,
}

ALL_CLASSES: tuple[str, ...] = tuple(sorted({q for qs in ACCEPTED_CLASSES.values() for q in qs}))

# Direct properties whose values say where a candidate belongs (context for scoring):
# member of, country, located in, citizenship, headquarters, capital, position held.
CONTEXT_PROPERTIES = ("P463", "P17", "P131", "P27", "P159", "P36", "P39")

# Languages a name is looked up in: live Wikidata moved many labels to "mul".
LANGUAGES = ("en", "mul")


def chunks(values: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    """Sorted, de-duplicated values in fixed chunks: the same input, the same queries."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def literal(text: str, language: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"@{language}'


def _prefixes(*names: str) -> str:
    return "".join(f"PREFIX {n}: <{_PREFIXES[n]}>\n" for n in names)


def _items(qids: Sequence[str]) -> str:
    return " ".join(f"wd:{q}" for q in qids)


def candidates_query(names: Sequence[str]) -> str:
    """Items whose English label or alias is one of ``names``, with their accepted classes.

    ``?typed`` says whether the item has any P31 at all: a candidate typed only with classes
    outside the accepted list is a type conflict, an untyped one is merely unknown.
    """
    values = " ".join(literal(n, lang) for n in names for lang in LANGUAGES)
    return (_prefixes("rdfs", "skos", "wd", "wdt")
            + "SELECT ?name ?item ?match ?label ?class ?typed WHERE {\n"
            f"  VALUES ?name {{ {values} }}\n"
            '  { ?item rdfs:label ?name . BIND("label" AS ?match) }\n'
            '  UNION { ?item skos:altLabel ?name . BIND("alias" AS ?match) }\n'
            f'  FILTER(STRSTARTS(STR(?item), "{vocab.WD}Q"))\n'
            "  OPTIONAL { ?item rdfs:label ?label . "
            'FILTER(LANG(?label) = "en" || LANG(?label) = "mul") }\n'
            f"  OPTIONAL {{ ?item wdt:P31 ?class . VALUES ?class {{ {_items(ALL_CLASSES)} }} }}\n"
            "  BIND(EXISTS { ?item wdt:P31 ?anyClass } AS ?typed)\n"
            "}\n")


def context_query(qids: Sequence[str]) -> str:
    """What each item is member of, located in, citizen of ... and which items are its members."""
    props = " ".join(f"wdt:{p}" for p in CONTEXT_PROPERTIES)
    return (_prefixes("wd", "wdt")
            + "SELECT ?item ?related WHERE {\n"
            f"  VALUES ?item {{ {_items(qids)} }}\n"
            f"  {{ VALUES ?p {{ {props} }} ?item ?p ?related . }}\n"
            "  UNION { ?related wdt:P463 ?item . }\n"
            "}\n")


def verify_query(qids: Sequence[str]) -> str:
    """Does each curated QID exist, what is it called, is it of an accepted class, a redirect?"""
    return (_prefixes("rdfs", "owl", "wd", "wdt")
            + "SELECT ?item ?label ?class ?typed ?redirect WHERE {\n"
            f"  VALUES ?item {{ {_items(qids)} }}\n"
            "  OPTIONAL { ?item rdfs:label ?label . "
            'FILTER(LANG(?label) = "en" || LANG(?label) = "mul") }\n'
            f"  OPTIONAL {{ ?item wdt:P31 ?class . VALUES ?class {{ {_items(ALL_CLASSES)} }} }}\n"
            "  OPTIONAL { ?item owl:sameAs ?redirect }\n"
            "  BIND(EXISTS { ?item wdt:P31 ?anyClass } AS ?typed)\n"
            "}\n")


def facts_query(qids: Sequence[str]) -> str:
    """Instance of and country of each item, with the values' English labels."""
    return (_prefixes("rdfs", "wd", "wdt")
            + "SELECT ?item ?property ?value ?valueLabel WHERE {\n"
            f"  VALUES ?item {{ {_items(qids)} }}\n"
            "  VALUES ?property { wdt:P31 wdt:P17 }\n"
            "  ?item ?property ?value .\n"
            '  OPTIONAL { ?value rdfs:label ?valueLabel . FILTER(LANG(?valueLabel) = "en") }\n'
            "}\n")


def memberships_query(qids: Sequence[str]) -> str:
    """Full "member of" statements of each item, with start and end time qualifiers."""
    return (_prefixes("rdfs", "wd", "p", "ps", "pq")
            + "SELECT ?item ?organization ?organizationLabel ?start ?end WHERE {\n"
            f"  VALUES ?item {{ {_items(qids)} }}\n"
            "  ?item p:P463 ?statement .\n"
            "  ?statement ps:P463 ?organization .\n"
            "  OPTIONAL { ?statement pq:P580 ?start }\n"
            "  OPTIONAL { ?statement pq:P582 ?end }\n"
            "  OPTIONAL { ?organization rdfs:label ?organizationLabel . "
            'FILTER(LANG(?organizationLabel) = "en") }\n'
            "}\n")


def qid(iri: str) -> str | None:
    """``Q42`` from ``http://www.wikidata.org/entity/Q42``; None for anything else."""
    if iri.startswith(vocab.WD) and iri[len(vocab.WD):][:1] == "Q":
        return iri[len(vocab.WD):]
    return None
