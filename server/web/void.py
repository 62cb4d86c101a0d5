"""The VoID + DCAT description of the dataset (served at ``/.well-known/void``).

The description's fixed wording (title, licence, rights of the article texts) is data, in
``templates/void.ttl``; this module only counts and fills in terms. Every value handed to the
template is an RDF term already in N-Triples syntax, and the rendered Turtle is parsed back
before it is served, so a bad value fails here and never reaches a client half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

import pyoxigraph as ox
from flask import render_template, url_for

from ...graph.rdf import vocab
from ..engine.engine import Engine, Reader
from ..engine.results import Term

_COUNTS = f"""
SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
       (COUNT(DISTINCT ?p) AS ?properties)
       (COUNT(DISTINCT ?e) AS ?entities)
WHERE {{
  ?s ?p ?o .
  BIND(IF(isIRI(?s) && STRSTARTS(STR(?s), "{vocab.ID}") && !CONTAINS(STR(?s), "#"),
          ?s, ?nothing) AS ?e)
}}"""
# The union graph is a set: a triple two graphs state counts once (the quad count, from the
# engine, counts it per graph; each graph's own void:triples below are its quads).
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_CLASSES = ("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
            "GROUP BY ?c ORDER BY ?c")
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_ARTICLES = f"""
SELECT ?a (SAMPLE(?l) AS ?label) (SAMPLE(?u) AS ?url) WHERE {{
  ?a a <{vocab.SCO}Article> .
  OPTIONAL {{ ?a <{vocab.RDFS}label> ?l }}
  OPTIONAL {{ ?a <{vocab.SCHEMA}url> ?u }}
}} GROUP BY ?a ORDER BY ?a"""
_VOCABULARIES = ("sco", "schema", "org", "oa", "prov", "sem", "skos", "rdfs", "owl", "dct")


class Dump(Protocol):
    """What the description says of one dump (``dumps.DumpFormat``)."""

    @property
    def ext(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def media_type(self) -> str: ...


def _int(term: Term | None) -> str:
    return str(ox.Literal(int(_value(term)) if term is not None else 0))


def _value(term: Term) -> str:
    return str(term) if isinstance(term, ox.Triple) else term.value


def describe(engine: Engine, reader: Reader, *, base: str, dumps: Sequence[Dump],
             dump_stem: str, modified: dt.datetime | None = None) -> list[ox.Triple]:
    """The description as triples; ``base`` is this server's root URL (ends in ``/``).

    Counts come from ``reader`` (queries within the page's time limit); the version from
    ``engine``. ``void:triples`` of the dataset is the number of distinct triples of the
    union graph; each named graph is a ``void:subset`` whose ``void:triples`` is its own
    count, so the subsets' counts add up to the dataset's quads.
    """
    dataset = ox.NamedNode(vocab.BASE)
    counts = next(iter(reader.select(_COUNTS)))
    sparql = ox.NamedNode(base + "sparql")
    dump_rows = []
    for fmt in dumps:
        for packaging in ("", "gzip"):
            name = f"{dump_stem}.{fmt.ext}" + (".gz" if packaging else "")
            dump_rows.append({
                "node": str(ox.NamedNode(f"{vocab.BASE}dataset/dump/{name}")),
                "url": str(ox.NamedNode(url_for("dumps.download", name=name, _external=True))),
                "title": str(ox.Literal(fmt.title + (", gzip-compressed" if packaging else ""),
                                        language="en")),
                "media_type": fmt.media_type,
                "packaging": "application/gzip" if packaging else "",
            })
    graphs = [{"iri": str(row.term("g")), "count": _int(row["n"]),
               "node": str(ox.NamedNode(f"{vocab.BASE}dataset/graph/{i}")),
               "url": str(ox.NamedNode(url_for("dumps.graph_store", graph=row.value("g"),
                                               _external=True)))}
              for i, row in enumerate(reader.select(_GRAPHS))]
    articles = [{"iri": str(row.term("a")), "label": str(row["label"]) if row["label"] else "",
                 "url": str(ox.NamedNode(row.text("url"))) if _is_iri(row["url"]) else ""}
                for row in reader.select(_ARTICLES)]
    classes = [{"cls": str(row.term("c")), "count": _int(row["n"])}
               for row in reader.select(_CLASSES)]
    when = modified or dt.datetime.now(dt.UTC)
    text = render_template(
        "void.ttl", dataset=str(dataset), version=str(ox.Literal(engine.version)),
        modified=str(ox.Literal(when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                datatype=ox.NamedNode(vocab.XSD + "dateTime"))),
        uri_space=str(ox.Literal(vocab.ID)), sparql=str(sparql),
        sparql_node=str(ox.NamedNode(f"{vocab.BASE}dataset/sparql")),
        example=articles[0]["iri"] if articles else str(dataset),
        triples=_int(next(iter(reader.select(_TRIPLES)))["n"]), entities=_int(counts["entities"]),
        classes=str(ox.Literal(len(classes))), properties=_int(counts["properties"]),
        subjects=_int(counts["subjects"]), objects=_int(counts["objects"]),
        vocabularies=[str(ox.NamedNode(vocab.PREFIXES[p])) for p in _VOCABULARIES],
        dumps=dump_rows, graphs=graphs, articles=articles, class_partitions=classes)
    return list(ox.parse(text, ox.RdfFormat.TURTLE))


def _is_iri(term: Term | None) -> bool:
    if term is None:
        return False
    try:
        ox.NamedNode(_value(term))
    except ValueError:
        return False
    return _value(term).startswith(("http://", "https://"))
