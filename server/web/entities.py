"""Linked data: every IRI the graph mints under ``https://w3id.org/sco-kg/id/`` dereferences
here, at ``/id/<path>``.

A browser gets an HTML page (labels, types, facts, the evidence spans highlighted in their
sentence, claims by and about the entity, conflicting claims side by side, the Wikidata link);
a program gets Turtle, JSON-LD or N-Triples, by ``Accept`` or by a ``.ttl``/``.jsonld``/``.nt``
suffix (``format=`` works too). Article pages show the whole text with every extracted span
highlighted and linked. Everything shown comes from news text, which is untrusted: templates
autoescape, links are made only from ``http(s)`` IRIs, and pages need no JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import Blueprint, Response, g, render_template, request, url_for

from ...graph.rdf import vocab
from ..engine.engine import Reader
from ..engine.negotiation import RDF_FORMATS, Format, NotAcceptable, choose, serialize_triples
from . import entity_data
from .errors import ServerError
from .state import current_engine, current_reader

bp = Blueprint("entities", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")

HTML = Format("html", "text/html", ("html",), ("application/xhtml+xml",))
SUFFIXES: dict[str, str] = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples"}
_BY_NAME = {f.name: f for f in RDF_FORMATS}
MAX_LITERAL = 400


@bp.get("/id/<path:rest>")
def entity(rest: str) -> Response:
    """The entity page (HTML) or its description (RDF), whichever the client asks for."""
    reader = current_reader()
    base, dot, suffix = rest.rpartition(".")
    if dot and suffix in SUFFIXES and "/" not in suffix:
        rest, fmt = base, _BY_NAME[SUFFIXES[suffix]]
    else:
        fmt = _negotiate()
    iri = vocab.ID + rest
    if not entity_data.valid_iri(iri) or not entity_data.exists(reader, iri):
        raise ServerError(404, f"nothing is known about {iri}")
    if fmt is HTML:
        response = Response(_html(reader, iri, rest))
    else:
        response = Response(serialize_triples(entity_data.describe(reader, iri), fmt),
                            content_type=fmt.content_type)
        response.headers["Content-Location"] = url_for(
            "entities.entity", rest=f"{rest}.{fmt.aliases[0]}")
    if not dot or suffix not in SUFFIXES:
        response.vary.add("Accept")
    response.set_etag(f"{current_engine().version}-{fmt.name}")
    response.headers["Cache-Control"] = "public, no-cache"
    response.make_conditional(request)
    return response


def _html(reader: Reader, iri: str, rest: str) -> str:
    page = entity_data.page(reader, iri)
    alternates = [(f.media_type, url_for("entities.entity", rest=f"{rest}.{ext}"))
                  for ext, name in SUFFIXES.items() for f in [_BY_NAME[name]]]
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
    """Where a link to ``iri`` goes: our own page for minted IRIs, the graph store for our
    graphs, the IRI itself for other http(s) IRIs, and nowhere for anything else."""
    if iri.startswith(vocab.ID):
        path, _, fragment = iri[len(vocab.ID):].partition("#")
        return _entity_url(path) + (f"#{fragment}" if fragment else "")
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


def _negotiate() -> Format:
    try:
        return choose((HTML, *RDF_FORMATS[:4]), request.headers.get("Accept"),
                      request.args.get("format"))
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
