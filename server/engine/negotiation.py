"""Content negotiation and serialisation: Accept (with q-values) or ``format=`` -> a format.

Two families of formats: SPARQL results (SELECT/ASK) and RDF (CONSTRUCT/DESCRIBE, dumps,
entity pages, the service description). Each list is in order of preference, so its first
entry is the default. ``Accept: */*`` (what python-requests and curl send) counts as no
preference. Everything is written with pyoxigraph's own serialisers: no rdflib on the request
path (``../shared/research/perf/RESULTS.md``).

Used by the query workers (which must stay cheap to import) and by the other blueprints.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ...graph.rdf import vocab


@dataclass(frozen=True)
class Format:
    """One serialisation: short names for ``format=``, media types it answers to."""

    name: str
    media_type: str
    aliases: tuple[str, ...]
    also_accepts: tuple[str, ...] = ()
    w3c_name: str = ""  # local name under http://www.w3.org/ns/formats/ (vocab.FORMATS)

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/")
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type

    @property
    def ox_format(self) -> ox.QueryResultsFormat | ox.RdfFormat:
        return _OX[self.name]

    @property
    def rdf_format(self) -> ox.RdfFormat:
        """pyoxigraph's format for an RDF serialisation.

        Raises:
            TypeError: this is a SPARQL results format.
        """
        found = _OX[self.name]
        if not isinstance(found, ox.RdfFormat):
            raise TypeError(f"{self.name} is not an RDF format")
        return found

    @property
    def results_format(self) -> ox.QueryResultsFormat:
        """pyoxigraph's format for a SPARQL results serialisation.

        Raises:
            TypeError: this is an RDF format.
        """
        found = _OX[self.name]
        if not isinstance(found, ox.QueryResultsFormat):
            raise TypeError(f"{self.name} is not a SPARQL results format")
        return found


RESULTS_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json",
           ("json", "srj", "sparql-results+json", "sparql-json"), ("application/json",),
           "SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml",
           ("xml", "srx", "sparql-results+xml", "sparql-xml"),
           ("application/xml", "text/xml"), "SPARQL_Results_XML"),
    Format("csv", "text/csv", ("csv",), (), "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", ("tsv", "tab-separated-values"), (),
           "SPARQL_Results_TSV"),
)

# Aliases are what clients send in ``format=``: SPARQLWrapper sends its return format's name
# (``rdf+xml``, ``n3``, ``turtle``, ``json-ld``...) and, for some, the media type as a second
# value. N3 asks get Turtle, which is N3 too (every N3 reader reads it).
RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("ttl", "turtle", "n3", "rdf+n3"),
           ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3",
            "application/n3"), "Turtle"),
    Format("ntriples", "application/n-triples", ("nt", "ntriples", "n-triples"), ("text/plain",),
           "N-Triples"),
    Format("rdfxml", "application/rdf+xml", ("rdf", "rdfxml", "rdf+xml", "rdf/xml", "xml", "owl"),
           ("application/xml", "text/xml"), "RDF_XML"),
    Format("jsonld", "application/ld+json", ("jsonld", "json-ld", "ld+json", "json"),
           ("application/json", "application/x-json+ld"), "JSON-LD"),
    Format("trig", "application/trig", ("trig",), (), "TriG"),
    Format("nquads", "application/n-quads", ("nq", "nquads", "n-quads"), (), "N-Quads"),
)

_OX: dict[str, ox.QueryResultsFormat | ox.RdfFormat] = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
}
FORMATS_BY_NAME = {f.name: f for f in RESULTS_FORMATS + RDF_FORMATS}


class NotAcceptable(ValueError):
    """No format of the family satisfies the request (HTTP 406)."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs, best first; malformed entries are skipped."""
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate((header or "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, q) for media, q, _ in ranges]


def named(formats: tuple[Format, ...], name: str) -> Format | None:
    """The format of ``formats`` that ``name`` (an alias or a media type) stands for, if any."""
    wanted = name.strip().lower()
    for fmt in formats:
        if wanted in fmt.aliases or wanted == fmt.media_type or wanted in fmt.also_accepts:
            return fmt
    return None


def choose(formats: tuple[Format, ...], accept: str | None,
           override: str | Sequence[str] | None = None) -> Format:
    """The format to answer in: ``override`` (``format=``) wins, else the best Accept match.

    ``override`` may hold several names (a client may repeat ``format=``): the first that
    names a format of ``formats`` wins. When none does (an unknown name, or one of the other
    family, such as ``turtle`` for a SELECT), the ``Accept`` header decides, as if no
    ``format=`` had been sent.

    Raises:
        NotAcceptable: nothing in ``formats`` is acceptable.
    """
    names = (override,) if isinstance(override, str) else tuple(override or ())
    for name in names:
        found = named(formats, name)
        if found is not None:
            return found
    ranges = parse_accept(accept)
    if not ranges or all(media == "*/*" for media, _ in ranges):
        return formats[0]
    best: tuple[float, int] | None = None
    chosen: Format | None = None
    for preference, fmt in enumerate(formats):
        q = _quality(fmt, ranges)
        if q <= 0:
            continue
        key = (q, -preference)
        if best is None or key > best:
            best, chosen = key, fmt
    if chosen is None:
        raise NotAcceptable("none of the acceptable media types can be produced here (try "
                            f"{', '.join(f.media_type for f in formats)})")
    return chosen


def choose_rdf_format(accept: str | None,
                      override: str | Sequence[str] | None = None) -> Format:
    """The RDF format for a graph answer (Turtle unless asked otherwise)."""
    return choose(RDF_FORMATS, accept, override)


def choose_results_format(accept: str | None,
                          override: str | Sequence[str] | None = None) -> Format:
    """The SPARQL results format for SELECT/ASK (JSON unless asked otherwise)."""
    return choose(RESULTS_FORMATS, accept, override)


def serialize_triples(triples: Iterable[ox.Triple], fmt: Format) -> bytes:
    """Triples (e.g. ``QueryTriples``) as ``fmt``; dataset formats put them in the default graph."""
    output = io.BytesIO()
    ox.serialize(triples, output, fmt.rdf_format, prefixes=_prefixes(fmt))
    return output.getvalue()


def serialize_quads(quads: Iterable[ox.Quad], fmt: Format) -> bytes:
    """Quads as ``fmt``; graph-only formats (Turtle, N-Triples, RDF/XML) get their triples."""
    rdf_format = fmt.rdf_format
    data: Iterable[ox.Quad] | Iterable[ox.Triple] = quads
    if not rdf_format.supports_datasets:
        data = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    output = io.BytesIO()
    ox.serialize(data, output, rdf_format, prefixes=_prefixes(fmt))
    return output.getvalue()


def _prefixes(fmt: Format) -> dict[str, str] | None:
    return dict(vocab.PREFIXES) if fmt.name in {"turtle", "trig", "rdfxml"} else None


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range that matches ``fmt`` (RFC 9110 section 12.5.1)."""
    best_specificity, best_q = -1, 0.0
    for media, q in ranges:
        if media == fmt.media_type:
            specificity = 3
        elif media in fmt.also_accepts:
            specificity = 2
        elif media.endswith("/*") and media != "*/*" and any(
                t.startswith(media[:-1]) for t in (fmt.media_type, *fmt.also_accepts)):
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, best_q = specificity, q
    return best_q
