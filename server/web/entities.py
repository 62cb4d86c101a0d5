"""Linked data: every IRI the dataset mints under ``https://w3id.org/sco-kg/`` dereferences
here, at the same path on this server (the w3id namespace redirects to it), the way DBpedia
does it.

* ``/id/<path>`` (a thing: a person, a claim, an article) answers ``303 See Other`` to a
  document about it, chosen by ``Accept``: ``/page/<path>`` (HTML) or
  ``/data/<path>.ttl|.nt|.rdf|.jsonld`` (Turtle, N-Triples, RDF/XML, JSON-LD compacted with
  the published context). ``/data/<path>`` alone redirects to the best data document.
  ``/id/<path>.ttl`` (the document URLs before issue 16) moved to ``/data/<path>.ttl`` (301).
* ``/ontology`` (and its version IRI, and through it every ``sco:`` term, whose ``#fragment``
  a client never sends) answers 303 to ``/ontology.html`` or ``/ontology.ttl|...``.
* ``/graph/<path>`` (a named graph) answers 303 to its Graph Store read,
  ``/rdf-graph-store?graph=<IRI>&format=ttl|...``.
* ``/`` (the dataset IRI) answers an RDF ``Accept`` with 303 to the VoID description, and
  so does every ``/dataset/...`` node the VoID mints; a browser gets the home page.

Every document carries ``Link`` headers to its alternates (``rel="alternate"`` with the
media type), every redirect from an identifier its ``describedby`` documents, and every
document ``Last-Modified`` (the store's build, ``dumps.last_modified``), ETag and 304s.

Pages show labels, types, facts, the evidence spans highlighted in their sentence, claims by
and about the entity, conflicting claims side by side, the Wikidata link. Article pages show
the whole text with every extracted span highlighted and linked. Everything shown comes from
news text, which is untrusted: templates autoescape, links are made only from ``http(s)``
IRIs, and pages need no JavaScript.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, g, render_template, request, url_for

from ...graph.rdf import vocab
from ..engine.engine import Reader
from ..engine.jsonld import write_triples_jsonld
from ..engine.negotiation import RDF_FORMATS, Format, NotAcceptable, choose, serialize_triples
from . import entity_data
from .dumps import context_document, last_modified
from .errors import ServerError
from .links import add_links, link
from .state import current_engine, current_reader

bp = Blueprint("entities", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")

HTML = Format("html", "text/html", ("html",), ("application/xhtml+xml",))
# The data documents of a resource, in order of preference: Turtle, N-Triples, RDF/XML,
# JSON-LD; each one's suffix is its first alias (ttl, nt, rdf, jsonld).
DATA_FORMATS: tuple[Format, ...] = tuple(
    f for f in RDF_FORMATS if f.name in {"turtle", "ntriples", "rdfxml", "jsonld"})
SUFFIXES: dict[str, Format] = {f.aliases[0]: f for f in DATA_FORMATS}
ONTOLOGY = vocab.SCO.rstrip("#")
MAX_LITERAL = 400


def suffix(fmt: Format) -> str:
    """A data document's file suffix (``ttl``, ``nt``, ``rdf``, ``jsonld``)."""
    return fmt.aliases[0]


# -- things: /id/ -> /page/ or /data/ ---------------------------------------------------------


@bp.get("/id/<path:rest>")
def entity(rest: str) -> Response:
    """303 to the page or data document about ``rest``, whichever the client asks for."""
    reader = current_reader()
    base, dot, ext = rest.rpartition(".")
    if dot and ext in SUFFIXES and not _known(reader, vocab.ID + rest):
        _require(reader, vocab.ID + base)  # a document URL from before the 303s: moved
        return _redirect(url_for("entities.data", name=rest), 301)
    _require(reader, vocab.ID + rest)
    fmt = _negotiate((HTML, *DATA_FORMATS))
    documents = _documents(rest)
    response = _redirect(documents[fmt.name], 303)
    response.vary.add("Accept")
    return add_links(response, (link(url, "describedby", _BY_NAME[name].media_type)
                                for name, url in documents.items()))


@bp.get("/page/<path:rest>")
def page_view(rest: str) -> Response:
    """The HTML page about ``vocab.ID + rest``."""
    reader = current_reader()
    iri = vocab.ID + rest
    _require(reader, iri)
    response = _document(Response(_html(reader, iri, rest)), "html")
    return add_links(response, _alternates(_documents(rest), HTML))


@bp.get("/data/<path:name>")
def data(name: str) -> Response:
    """A data document (``/data/<path>.<suffix>``), or 303 from ``/data/<path>`` to one."""
    reader = current_reader()
    rest, dot, ext = name.rpartition(".")
    if not dot or ext not in SUFFIXES:
        _require(reader, vocab.ID + name)
        fmt = _negotiate(DATA_FORMATS)
        response = _redirect(url_for("entities.data", name=f"{name}.{suffix(fmt)}"), 303)
        response.vary.add("Accept")
        return response
    iri = vocab.ID + rest
    # What exists has a description (its own triples or the links to it): no ASK first.
    triples = entity_data.describe(reader, iri) if entity_data.valid_iri(iri) else []
    if not triples:
        raise ServerError(404, f"nothing is known about {iri}")
    fmt = SUFFIXES[ext]
    response = _document(_rdf(triples, fmt), fmt.name)
    return add_links(response, _alternates(_documents(rest), fmt))


def _documents(rest: str) -> dict[str, str]:
    """Format name -> URL of every document about ``vocab.ID + rest`` (the page first)."""
    return {HTML.name: url_for("entities.page_view", rest=rest),
            **{f.name: url_for("entities.data", name=f"{rest}.{suffix(f)}")
               for f in DATA_FORMATS}}


# -- the ontology and its terms ---------------------------------------------------------------


@bp.get("/ontology")
@bp.get("/ontology/<path:version>")
def ontology(version: str | None = None) -> Response:
    """The ontology's IRI (and every ``sco:`` term's, through its document): 303 to the HTML
    or RDF document of the whole ontology. ``/ontology/<v>`` is a version IRI the ontology
    states."""
    reader = current_reader()
    if version is not None:
        _require(reader, f"{ONTOLOGY}/{version}")
    fmt = _negotiate((HTML, *DATA_FORMATS))
    documents = _ontology_documents()
    response = _redirect(documents[fmt.name], 303)
    response.vary.add("Accept")
    return add_links(response, (link(url, "describedby", _BY_NAME[name].media_type)
                                for name, url in documents.items()))


@bp.get("/ontology.<ext>")
def ontology_document(ext: str) -> Response:
    """The ontology (its named graph) as HTML, Turtle, N-Triples, RDF/XML or JSON-LD."""
    fmt = HTML if ext == "html" else SUFFIXES.get(ext)
    if fmt is None:
        raise ServerError(404, f"no ontology document .{ext}; try .html, .ttl, .nt, .rdf, "
                               ".jsonld")
    triples = entity_data.graph_triples(current_reader(), vocab.GRAPH_ONTOLOGY)
    if not triples:
        raise ServerError(404, "this store holds no ontology graph")
    if fmt is HTML:
        onto = entity_data.ontology(triples, ONTOLOGY, vocab.SCO)
        body = render_template("ontology.html", onto=onto, href=href, curie=entity_data.curie,
                               max_literal=MAX_LITERAL,
                               alternates=[(f.media_type, url) for f in DATA_FORMATS
                                           for url in [_ontology_documents()[f.name]]],
                               breadcrumbs=[("Ontology", None)])
        response = _document(Response(body), "ontology-html")
    else:
        response = _document(_rdf(triples, fmt), f"ontology-{fmt.name}")
    return add_links(response, _alternates(_ontology_documents(), fmt))


def _ontology_documents() -> dict[str, str]:
    return {HTML.name: url_for("entities.ontology_document", ext="html"),
            **{f.name: url_for("entities.ontology_document", ext=suffix(f))
               for f in DATA_FORMATS}}


# -- named graphs and the dataset ------------------------------------------------------------


@bp.get("/graph/<path:rest>")
def graph(rest: str) -> Response:
    """A named graph's IRI: 303 to its Graph Store read in the format asked for (Turtle for
    a browser, which has no page for a graph)."""
    iri = vocab.GRAPH + rest
    if iri not in set(current_engine().graphs):
        raise ServerError(404, f"no graph {iri}")
    fmt = _negotiate((*RDF_FORMATS, HTML))
    documents = {f.name: url_for("dumps.graph_store", graph=iri, format=suffix(f))
                 for f in RDF_FORMATS}
    response = _redirect(documents[RDF_FORMATS[0].name if fmt is HTML else fmt.name], 303)
    response.vary.add("Accept")
    return add_links(response, (link(url, "describedby", _BY_NAME[name].media_type)
                                for name, url in documents.items()))


@bp.get("/dataset")
@bp.get("/dataset/<path:rest>")
def dataset(rest: str | None = None) -> Response:
    """The nodes the VoID mints (``dataset/dump/...``, ``dataset/graph/<n>``,
    ``dataset/sparql``): 303 to the VoID description (a browser: to the home page)."""
    return _to_void(_negotiate((HTML, *DATA_FORMATS)))


@bp.before_app_request
def dataset_iri() -> Response | None:
    """The dataset IRI (``https://w3id.org/sco-kg/``, this server's ``/``): an RDF request
    gets 303 to the VoID description; everything else is the home page."""
    if request.path != "/" or request.method not in {"GET", "HEAD"}:
        return None
    try:
        fmt = choose((HTML, *DATA_FORMATS), request.headers.get("Accept"))
    except NotAcceptable:
        return None
    return None if fmt is HTML else _to_void(fmt)


@bp.after_app_request
def describe_home(response: Response) -> Response:
    """The home page names the dataset's description and varies by ``Accept``."""
    if request.path == "/" and request.method in {"GET", "HEAD"} and response.status_code == 200:
        response.vary.add("Accept")
        add_links(response, (link(url_for("dumps.void", format=suffix(f)), "describedby",
                                  f.media_type) for f in DATA_FORMATS))
    return response


def _to_void(fmt: Format) -> Response:
    target = url_for("ui.home") if fmt is HTML else url_for("dumps.void", format=suffix(fmt))
    response = _redirect(target, 303)
    response.vary.add("Accept")
    return add_links(response, (link(url_for("dumps.void", format=suffix(f)), "describedby",
                                     f.media_type) for f in DATA_FORMATS))


# -- documents -------------------------------------------------------------------------------


_BY_NAME = {f.name: f for f in (HTML, *RDF_FORMATS)}


def _rdf(triples: Iterable[ox.Triple], fmt: Format) -> Response:
    """Triples as a response in ``fmt``; JSON-LD compacted with the published context."""
    if fmt.name == "jsonld":
        text = io.StringIO()
        write_triples_jsonld(triples, context_document()["@context"], text)
        return Response(text.getvalue(), content_type=fmt.content_type)
    return Response(serialize_triples(triples, fmt), content_type=fmt.content_type)


def _document(response: Response, tag: str) -> Response:
    """A document's validators: ETag per store version and format, Last-Modified of the
    store's build; conditional GETs (If-None-Match, If-Modified-Since) answer 304."""
    engine = current_engine()
    response.set_etag(f"{engine.version}-{tag}")
    response.last_modified = last_modified(engine)
    response.headers["Cache-Control"] = "public, no-cache"
    response.make_conditional(request)
    return response


def _alternates(documents: dict[str, str], current: Format) -> Iterable[str]:
    return (link(url, "alternate", _BY_NAME[name].media_type)
            for name, url in documents.items() if name != current.name)


def _redirect(target: str, code: int) -> Response:
    response = Response(status=code)
    response.location = target
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _known(reader: Reader, iri: str) -> bool:
    return entity_data.valid_iri(iri) and entity_data.exists(reader, iri)


def _require(reader: Reader, iri: str) -> None:
    if not _known(reader, iri):
        raise ServerError(404, f"nothing is known about {iri}")


def _html(reader: Reader, iri: str, rest: str) -> str:
    page = entity_data.page(reader, iri)
    documents = _documents(rest)
    alternates = [(f.media_type, documents[f.name]) for f in DATA_FORMATS]
    segments = None
    if page.is_article and page.text is not None:
        segments = segment(page.text, entity_data.spans(reader, iri))
    kind = page.types[0].text if page.types else "Entity"
    crumbs = [(kind[:1].upper() + kind[1:], None), (page.title, None)]
    return render_template("entity.html", page=page, alternates=alternates, segments=segments,
                           href=href, curie=entity_data.curie, max_literal=MAX_LITERAL,
                           article_href=article_href, breadcrumbs=crumbs, sco=vocab.SCO)


@bp.app_template_global()
def figure_pieces(quote: str, quote_start: int,
                  figures: list[entity_data.Figure]) -> list[tuple[str, int | None]]:
    """``quote`` cut into runs, each run that is a figure's span paired with the figure's
    index in ``figures`` (a figure outside the quote, or overlapping an earlier one, is
    left unmarked)."""
    pieces: list[tuple[str, int | None]] = []
    at = 0
    for index, figure in sorted(enumerate(figures), key=lambda f: (f[1].start, f[1].end)):
        start, end = figure.start - quote_start, figure.end - quote_start
        if start < at or end > len(quote) or start >= end:
            continue
        if start > at:
            pieces.append((quote[at:start], None))
        pieces.append((quote[start:end], index))
        at = end
    if at < len(quote):
        pieces.append((quote[at:], None))
    return pieces


# -- helpers for the templates ---------------------------------------------------------------


def href(iri: str) -> str | None:
    """Where a link to ``iri`` goes: our own page for minted IRIs and ontology terms, the
    graph store for our graphs, the IRI itself for other http(s) IRIs, and nowhere for
    anything else."""
    if iri.startswith(vocab.ID):
        path, _, fragment = iri[len(vocab.ID):].partition("#")
        return _entity_url(path) + (f"#{fragment}" if fragment else "")
    if iri.startswith(vocab.SCO):  # a term: its entry in the ontology's page
        return url_for("entities.ontology_document", ext="html") + "#" + iri[len(vocab.SCO):]
    if iri == ONTOLOGY:
        return url_for("entities.ontology_document", ext="html")
    if iri.startswith(vocab.GRAPH):
        return url_for("dumps.graph_store", graph=iri)
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def _entity_url(path: str) -> str:
    """``url_for("entities.entity", rest=path)``, built once per request and then by string.

    A long article's page links thousands of spans; werkzeug's URL building cost a third of
    its time. Quoting is the path converter's own (werkzeug ``BaseConverter.to_url``).
    """
    base = g.get("sco_kg_entity_base")
    if base is None:
        base = g.sco_kg_entity_base = url_for("entities.entity", rest="x")[:-1]
    return base + quote(path, safe=_PATH_SAFE)


_PATH_SAFE = "!$&'()*+,/:;=@"


def article_href(article: str, start: int, end: int) -> str | None:
    """A link to one span on its article's page."""
    base = href(article)
    return f"{base}#span-{start}-{end}" if base else None


@dataclass
class Segment:
    """A run of article text covered by the same spans."""

    text: str
    spans: list[entity_data.Span]
    anchors: list[str]

    @property
    def link(self) -> str | None:
        """The innermost span's first statement (else the span itself)."""
        if not self.spans:
            return None
        inner = min(self.spans, key=lambda s: (s.end - s.start, s.start))
        users = sorted(inner.users, key=lambda u: _LINK_PREFERENCE.get(u[1], 9))
        return href(users[0][0] if users else inner.mention)

    @property
    def classes(self) -> str:
        kinds = {_kind(user[1]) for s in self.spans for user in s.users} or {"span"}
        return " ".join(sorted(f"hl-{k}" for k in kinds))

    @property
    def title(self) -> str:
        names = []
        for s in sorted(self.spans, key=lambda s: (s.end - s.start)):
            for _, predicate, label in s.users:
                names.append(f"{predicate}: {label}" if label else predicate)
        return "; ".join(dict.fromkeys(names))


# A span that names an entity links to the entity, then to the statement it is evidence of.
_LINK_PREFERENCE = {"sco:denotedBy": 0, "sco:evidence": 1, "sco:clauseEvidence": 2,
                    "sco:figureEvidence": 3}


def _kind(predicate: str) -> str:
    return {"sco:denotedBy": "entity", "sco:figureEvidence": "figure", "sco:cueEvidence": "cue",
            "sco:clauseEvidence": "clause",
            "sco:claimantMention": "claimant", "sco:evidence": "statement"}.get(predicate, "meta")


def segment(text: str, spans: list[entity_data.Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece knows the spans covering it.

    Spans may nest or overlap (a claim holds entity mentions), and HTML links may not nest,
    so the page shows one flat run of pieces, each linked to its innermost span.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    starting: dict[int, list[int]] = {}
    for index, s in enumerate(valid):
        starting.setdefault(s.start, []).append(index)
    # One sweep over the cuts: the spans open at a cut are those that started at or before it
    # and end after it (a piece never straddles a boundary). Linear in the pieces, where
    # testing every span against every piece took seconds on a long article.
    open_spans: set[int] = set()
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        open_spans = {i for i in open_spans if valid[i].end > start}
        open_spans.update(starting.get(start, ()))
        covering = [valid[i] for i in sorted(open_spans)]
        anchors = [f"span-{valid[i].start}-{valid[i].end}" for i in starting.get(start, ())]
        pieces.append(Segment(text[start:end], covering, list(dict.fromkeys(anchors))))
    return pieces


# -- request helpers -------------------------------------------------------------------------


def _negotiate(formats: tuple[Format, ...]) -> Format:
    try:
        return choose(formats, request.headers.get("Accept"), request.args.get("format"))
    except NotAcceptable as exc:
        raise ServerError(406, str(exc)) from None


@bp.app_template_filter("grouped")
def grouped(value: str) -> str:
    """A figure's value with thousands grouped ("200000000" -> "200,000,000"); anything
    that is not a plain number is shown as it is."""
    whole, dot, fraction = value.partition(".")
    if not whole.lstrip("-").isdigit() or (dot and not fraction.isdigit()):
        return value
    return f"{int(whole):,}" + (dot + fraction if dot else "")
