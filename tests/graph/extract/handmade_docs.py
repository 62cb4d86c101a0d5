"""Hand-built documents for unit tests of the extraction steps (no earlier step needed)."""

from __future__ import annotations

import re

from sco_kg.graph.extract.document import Document
from sco_kg.graph.extract.sentences import split_sentences
from sco_kg.graph.rdf.catalogue import Catalogue, CatalogueEntry
from sco_kg.graph.statements.model import ArticleMeta, DateValue, Mention, MetaValue

# A made-up world, so the rules are tested on names the seeds never use.
CATALOGUE = Catalogue(tuple(CatalogueEntry(key, kind, label, f"urn:x:{key}")
                            for key, kind, label in [
    ("union", "igo", "Northern Union"), ("nu", "igo", "NU"),
    ("gondor", "state", "Gondor"), ("rohan", "state", "Rohan"), ("arnor", "state", "Arnor"),
    ("dale", "state", "Dale"), ("erebor", "state", "Erebor"),
    ("minas", "city", "Minas Tirith"), ("edoras", "city", "Edoras"),
    ("aragorn", "person", "Aragorn"), ("gazette", "media", "Gazette"),
]))
ALIAS = {"NU": "union"}


def make_doc(text: str, *, date: str | None = "2019-03-14", author: str | None = "writer",
             publisher: str | None = None) -> Document:
    """A document with sentences, mentions of the made-up catalogue and article metadata."""
    doc = Document(text=text, stem="t")
    doc.sentences = split_sentences(text)
    precision = {4: "year", 7: "month", 10: "day"}
    doc.meta = ArticleMeta(
        date=DateValue(date, precision[len(date)], True) if date else None,
        author=MetaValue(author) if author else None,
        publisher=MetaValue(publisher) if publisher else None)
    names = sorted(((e.label, ALIAS.get(e.label, e.key)) for e in CATALOGUE.entries),
                   key=lambda n: -len(n[0]))
    taken: list[tuple[int, int]] = []
    for name, key in names:
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if not any(m.start() < b and a < m.end() for a, b in taken):
                taken.append((m.start(), m.end()))
                doc.mentions.append(Mention(key, doc.span(m.start(), m.end())))
    return doc
