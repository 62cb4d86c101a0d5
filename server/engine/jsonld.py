"""A streaming JSON-LD writer that uses the published context's short keys.

pyoxigraph writes JSON-LD in expanded form (every key a full IRI) and rdflib's compaction
holds the whole document in memory, so the dump is written here, one named graph at a time
(``write_jsonld``), and so are the entity documents (``write_triples_jsonld``).
``json_ld_10`` gives the context as JSON-LD 1.0 processors accept it (the 1.0 dump).
The output is a compacted document whose ``@context`` is the one served at
``/ns/context.jsonld`` (``ontology/context.jsonld``), inlined so that no reader ever has to
fetch it.

Compaction is deliberately conservative, so the document always expands back to exactly the
quads written: a key is a context term only when that term is a plain IRI mapping (no
``@container``, ``@reverse``, scoped ``@context`` or ``@json`` type, which would change how
its values are read); values are always explicit ``{"@id"}`` / ``{"@value"}`` objects, which
no type or language coercion touches; everything else is a compact IRI over a prefix that
JSON-LD 1.1 accepts as one (a simple string mapping ending in ``/`` or ``#``), or the full IRI.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from typing import TextIO

import pyoxigraph as ox

from ...graph.rdf import vocab

_RDF_TYPE = vocab.RDF + "type"
_XSD_STRING = vocab.XSD + "string"
_UNSAFE_TERM_KEYS = {"@container", "@reverse", "@context", "@nest"}


def default_context() -> dict[str, str]:
    """The prefixes every sco-kg document uses, when the ontology ships no context file."""
    return dict(vocab.PREFIXES)


class Compactor:
    """Maps IRIs to the shortest safe key of one context."""

    def __init__(self, context: Mapping[str, object]) -> None:
        prefixes = {k: v for k, v in context.items()
                    if isinstance(v, str) and not k.startswith("@") and ":" not in k
                    and v.endswith(("/", "#"))}
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.terms: dict[str, str] = {}
        for key, value in sorted(context.items()):
            iri = self._term_iri(key, value)
            if iri and not key.startswith("@") and ":" not in key:
                self.terms.setdefault(iri, key)
        self._names = set(context)

    def _term_iri(self, key: str, value: object) -> str | None:
        if isinstance(value, dict):
            if _UNSAFE_TERM_KEYS & value.keys() or value.get("@type") == "@json":
                return None
            value = value.get("@id")
        if not isinstance(value, str) or value.startswith("@"):
            return None
        return self.expand(value)

    def expand(self, value: str) -> str:
        prefix, sep, suffix = value.partition(":")
        if sep and not suffix.startswith("//"):
            for name, namespace in self.prefixes:
                if name == prefix:
                    return namespace + suffix
        return value

    def key(self, iri: str) -> str:
        """A term, a compact IRI or the IRI itself: whichever expands back to ``iri``."""
        if iri in self.terms:
            return self.terms[iri]
        for name, namespace in self.prefixes:
            suffix = iri[len(namespace):]
            if iri.startswith(namespace) and suffix and not suffix.startswith("//") \
                    and f"{name}:{suffix}" not in self._names:
                return f"{name}:{suffix}"
        return iri

    def value(self, term: object) -> dict[str, str]:
        if isinstance(term, ox.NamedNode):
            return {"@id": term.value}
        if isinstance(term, ox.BlankNode):
            return {"@id": f"_:{term.value}"}
        assert isinstance(term, ox.Literal)
        out = {"@value": term.value}
        if term.language:
            out["@language"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["@type"] = self.key(term.datatype.value)
        return out


def _node_id(term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def write_jsonld(graphs: Iterable[tuple[str, Iterable[ox.Quad]]], context: Mapping[str, object],
                 output: TextIO) -> None:
    """Write named graphs (IRI, quads) as one compacted JSON-LD document.

    Only one graph's quads are held at a time (sorted by subject, to group node objects).
    """
    compactor = Compactor(context)
    output.write('{"@context": ')
    json.dump(dict(context), output, ensure_ascii=False, sort_keys=True)
    output.write(',\n "@graph": [')
    first_graph = True
    for graph_iri, quads in graphs:
        ordered = sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
        if not ordered:
            continue
        output.write("" if first_graph else ",")
        first_graph = False
        output.write(f'\n  {{"@id": {json.dumps(graph_iri)}, "@graph": [')
        _write_nodes(compactor, ordered, output, "\n    ")
        output.write("\n  ]}")
    output.write("\n]}\n")


def write_triples_jsonld(triples: Iterable[ox.Triple], context: Mapping[str, object],
                         output: TextIO) -> None:
    """Write triples (one document's default graph) as a compacted JSON-LD document, its
    ``@context`` inlined as in the dumps."""
    compactor = Compactor(context)
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    output.write('{"@context": ')
    json.dump(dict(context), output, ensure_ascii=False, sort_keys=True)
    output.write(',\n "@graph": [')
    _write_nodes(compactor, ordered, output, "\n  ")
    output.write("\n]}\n")


def json_ld_10(context: Mapping[str, object]) -> dict[str, object]:
    """``context`` as JSON-LD 1.0 processors accept it: without ``"@version": 1.1``.

    Nothing else in the published context needs 1.1 (its term definitions use ``@id`` and
    ``@type`` only: no ``@protected``, scoped contexts, ``@prefix`` or ``@container``), and a
    1.1 processor reads a context without ``@version`` in 1.1 mode all the same; the
    compactor only writes compact IRIs over prefixes ending in ``/`` or ``#``, which both
    versions expand alike. So the document means the same quads to either.

    Raises:
        ValueError: the context uses a JSON-LD 1.1 feature besides ``@version``.
    """
    out = {k: v for k, v in context.items() if k != "@version"}
    for key, value in out.items():
        if isinstance(value, dict):
            extra = set(value) - {"@id", "@type", "@language"}
            if extra or value.get("@type") in {"@json", "@none"}:
                raise ValueError(f"term {key!r} needs JSON-LD 1.1 ({sorted(extra)})")
        elif not (isinstance(value, str) or value is None or key.startswith("@")):
            raise ValueError(f"term {key!r} is not a JSON-LD 1.0 term definition")
    return out


def _subject_key(statement: ox.Quad | ox.Triple) -> str:
    return str(statement.subject)


def _write_nodes(compactor: Compactor, ordered: Sequence[ox.Quad | ox.Triple],
                 output: TextIO, separator: str) -> None:
    first_node = True
    for _, grouped in groupby(ordered, key=_subject_key):
        group: list[ox.Quad | ox.Triple] = list(grouped)
        node: dict[str, object] = {"@id": _node_id(group[0].subject)}
        lists: dict[str, list[str | dict[str, str]]] = {}  # node's lists, in key order
        for quad in group:
            item: str | dict[str, str]
            if quad.predicate.value == _RDF_TYPE and isinstance(quad.object, ox.NamedNode):
                key, item = "@type", compactor.key(quad.object.value)
            else:
                key, item = compactor.key(quad.predicate.value), compactor.value(quad.object)
            if key not in lists:
                node[key] = lists[key] = []
            lists[key].append(item)
        output.write(separator if first_node else "," + separator)
        first_node = False
        json.dump(node, output, ensure_ascii=False)
