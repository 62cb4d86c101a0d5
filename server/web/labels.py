"""Words for IRIs: every IRI a page shows to a person is rendered as its label (issue 15).

Labels are read from the graph, through the engine, in one query per page: ``rdfs:label``,
``skos:prefLabel`` or ``schema:name``. Memberships, post holdings and posts carry labels that are
keys ("india member of sco"), so they are phrased in English from their parts (member, role,
organisation, dates) by the templates of ``templates/phrasing.json``; nothing here is written per
entity. An organisation with an acronym among its ``skos:altLabel`` values is named by it inside
a phrase ("the SCO"). An IRI without any label falls back to its CURIE, never to the raw IRI.
"""

from __future__ import annotations

import functools
import json
import re
import string
from collections.abc import Iterable
from importlib.resources import files

import pyoxigraph as ox

from ...graph.rdf import vocab
from ..engine.engine import Reader
from .entity_data import PREFIXES, curie, valid_iri

MAX_LABELLED = 2000  # IRIs labelled per query; a page showing more falls back to CURIEs
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")

_LABELS = PREFIXES + """
SELECT ?x ?label ?type ?memberLabel ?orgLabel ?orgAlt ?roleLabel ?start ?end WHERE {
  VALUES ?x { $iris }
  OPTIONAL { ?x rdfs:label|skos:prefLabel|schema:name ?label }
  OPTIONAL {
    ?x a ?type . FILTER(?type IN ($phrased))
    OPTIONAL { ?x org:member/rdfs:label ?memberLabel }
    OPTIONAL { ?x org:organization|org:postIn ?org . ?org rdfs:label ?orgLabel
               OPTIONAL { ?org skos:altLabel ?orgAlt FILTER(REGEX(STR(?orgAlt), "^[A-Z]{2,6}$")) } }
    OPTIONAL { ?x org:role/rdfs:label ?roleLabel }
    OPTIONAL { ?x sco:startDate ?start }
    OPTIONAL { ?x sco:endDate ?end }
  }
}"""


@functools.cache
def phrasing() -> dict:
    """The phrasing templates, keyed by full class IRI."""
    data = json.loads(files(__package__).joinpath("templates/phrasing.json").read_text("utf-8"))
    classes = {}
    for name, templates in data["classes"].items():
        prefix, _, local = name.partition(":")
        classes[vocab.PREFIXES[prefix] + local] = list(templates)
    return {"organisation_short": data["organisation_short"], "classes": classes}


def phrase(type_iri: str, fields: dict[str, str]) -> str | None:
    """The first template of ``type_iri`` whose fields are all known, filled in."""
    for template in phrasing()["classes"].get(type_iri, ()):
        names = [n for _, n, _, _ in string.Formatter().parse(template) if n]
        if all(fields.get(n) for n in names):
            return template.format(**fields)
    return None


def labels(reader: Reader, iris: Iterable[str]) -> dict[str, str]:
    """A label for each IRI that has one (phrased where its class asks for it)."""
    wanted = sorted({i for i in iris if i and i.startswith(("http://", "https://"))
                     and valid_iri(i)})[:MAX_LABELLED]
    if not wanted:
        return {}
    settings = phrasing()
    phrased = ", ".join(str(ox.NamedNode(c)) for c in settings["classes"])
    values = " ".join(str(ox.NamedNode(i)) for i in wanted)
    text = _LABELS.replace("$iris", values, 1).replace("$phrased", phrased, 1)
    plain: dict[str, str] = {}
    parts: dict[str, dict[str, str]] = {}
    for row in reader.select(text):
        iri = row.value("x")
        if row["label"] is not None:
            label = row.value("label")
            # prefer a label that is not a lower-case key, then the shortest
            old = plain.get(iri)
            if old is None or (_score(label), len(label)) < (_score(old), len(old)):
                plain[iri] = label
        if row["type"] is not None:
            fields = parts.setdefault(iri, {"type": row.value("type")})
            for name, column in (("member", "memberLabel"), ("role", "roleLabel"),
                                 ("start", "start"), ("end", "end")):
                if row[column] is not None:
                    fields.setdefault(name, row.value(column))
            if row["orgAlt"] is not None and _ACRONYM.match(row.value("orgAlt")):
                fields["organisation"] = settings["organisation_short"].format(
                    acronym=row.value("orgAlt"))
            elif row["orgLabel"] is not None:
                fields.setdefault("organisation", row.value("orgLabel"))
    for iri, fields in parts.items():
        words = phrase(fields["type"], fields)
        if words:
            plain[iri] = words
    return plain


def _score(label: str) -> int:
    """0 for a label that reads as words, 1 for one that looks like a key or slug."""
    return 1 if label == label.lower() and ("-" in label or ":" in label) else 0


def label_or_curie(found: dict[str, str], iri: str) -> str:
    return found.get(iri) or curie(iri)
