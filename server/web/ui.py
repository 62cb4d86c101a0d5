"""The human face of the service: home, query editor, timeline and label search.

One blueprint, ``ui``, for ``/``, ``/query``, ``/timeline`` and ``/search``; entity, claim and
article pages are ``entities``' (``/id/...``), canned queries ``canned``'s. Pages read the
store through the engine (``current_reader``: query workers, caps, one page time limit) with
a few fixed SPARQL queries (a user's text is only ever bound as a literal, written
by pyoxigraph), render server-side with autoescaped templates and work without JavaScript.
Only the query page needs scripts, and every script and style it loads is served from here
(``static/ui``, ``static/vendor``): nothing comes from another host.

The home page's counts are computed once per store version and kept on the app
(``app.extensions["sco_kg_ui"]``), not in a module global.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from ...graph.rdf import vocab
from ..engine.results import Solutions
from .entities import article_href, href
from .entity_data import EVERY_CONFLICT, PREFIXES, Conflict, conflicts, curie
from .labels import label_or_curie, labels
from .state import current_engine, current_reader

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
               static_url_path="/ui-assets")

EXTENSION = "sco_kg_ui"
MAX_QUERY_IN_URL = 8000
MAX_SEARCH = 50
MAX_SEARCH_CHARS = 200
MAX_LABELS = 2000

_COUNTS = PREFIXES + """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) (COUNT(DISTINCT ?read) AS ?fromArticles) WHERE {
  VALUES (?what ?class) { $classes }
  ?x a ?class .
  OPTIONAL { ?x sco:denotedBy|sco:evidence|sco:reportedIn ?m BIND(?x AS ?read) }
} GROUP BY ?what"""
_ARTICLES = PREFIXES + """
SELECT ?article (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (SAMPLE(?inferred) AS ?guess)
       (SAMPLE(?pl) AS ?publisher) (SAMPLE(?id) AS ?file) (COUNT(DISTINCT ?claim) AS ?claims)
WHERE {
  ?article a sco:Article .
  OPTIONAL { ?article rdfs:label ?l }
  OPTIONAL { ?article schema:identifier ?id }
  OPTIONAL { ?article schema:datePublished ?d }
  OPTIONAL { ?article sco:inferredDatePublished ?inferred }
  OPTIONAL { ?article schema:publisher/rdfs:label ?pl }
  OPTIONAL { ?claim sco:reportedIn ?article ; a sco:Claim }
} GROUP BY ?article ORDER BY ?date ?guess ?article"""
_SEARCH = PREFIXES + """
SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?hit) AS ?matched) (SAMPLE(?t) AS ?type)
       (COUNT(DISTINCT ?m) AS ?mentions) WHERE {
  VALUES ?p { rdfs:label skos:altLabel skos:prefLabel schema:name }
  ?x ?p ?hit .
  FILTER(STRSTARTS(STR(?x), $id) && CONTAINS(LCASE(STR(?hit)), LCASE($needle)))
  FILTER NOT EXISTS { ?x a sco:Mention }
  OPTIONAL { ?x rdfs:label ?l }
  OPTIONAL { ?x a ?t }
  OPTIONAL { ?x sco:denotedBy ?m }
} GROUP BY ?x ORDER BY DESC(?mentions) STRLEN(STR(?label)) ?x LIMIT $limit"""
_EVENTS = PREFIXES + """
SELECT ?event ?type ?label ?begin ?end ?place ?placeLabel ?article ?articleLabel ?start ?stop
       ?exact ?prefix ?suffix ?kind WHERE {
  {
    ?event a ?type ; sco:evidence ?m .
    FILTER(?type IN ($event_classes))
    BIND("event" AS ?kind)
    OPTIONAL { ?event rdfs:label ?label }
    OPTIONAL { ?event sem:hasBeginTimeStamp ?begin }
    OPTIONAL { ?event sem:hasEndTimeStamp ?end }
    OPTIONAL { ?event sem:hasPlace ?place OPTIONAL { ?place rdfs:label ?placeLabel } }
  } UNION {
    ?event a sco:Membership ; sco:startDate ?begin ; sco:evidence ?m .
    BIND(sco:Membership AS ?type) BIND("membership" AS ?kind)
    OPTIONAL { ?event org:member/rdfs:label ?member }
    OPTIONAL { ?event org:organization/rdfs:label ?organisation }
    OPTIONAL { ?event org:role/rdfs:label ?role }
    BIND(CONCAT(STR(?member), " joins ", STR(?organisation), " (", STR(?role), ")") AS ?label)
  }
  ?m oa:hasSource ?article ; oa:hasSelector ?ps, ?qs .
  ?ps oa:start ?start ; oa:end ?stop .
  ?qs oa:exact ?exact .
  OPTIONAL { ?qs oa:prefix ?prefix } OPTIONAL { ?qs oa:suffix ?suffix }
  OPTIONAL { ?article rdfs:label ?articleLabel }
}"""

_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _run(template: str, **terms: str) -> Solutions:
    """Write ``$name`` placeholders in one pass (a value is never taken for a placeholder)."""
    text = re.sub(r"\$([a-z_]+)\b", lambda m: terms[m.group(1)], template)
    return current_reader().select(text)


# -- home --------------------------------------------------------------------------------------


@dataclass
class Article:
    iri: str
    label: str
    date: str
    date_inferred: bool
    publisher: str
    file: str
    claims: int


@dataclass
class Overview:
    """What the home page shows about the dataset (one store version)."""

    version: str
    quads: int
    graphs: int
    counts: dict[str, int]
    articles: list[Article] = field(default_factory=list)
    catalogue: dict[str, int] = field(default_factory=dict)

    @property
    def from_articles(self) -> dict[str, int]:
        """What was read from the articles; the rest of ``counts`` is ``catalogue``."""
        return {name: n - self.catalogue.get(name, 0) for name, n in self.counts.items()}


COUNTED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("articles", (vocab.SCO + "Article",)),
    ("claims", (vocab.SCO + "Claim",)),
    ("figures", (vocab.SCO + "QuantityProposition",)),
    ("conflicting figures", (vocab.SCO + "FigureConflict",)),
    ("people", (vocab.KIND_CLASS["person"],)),
    ("organisations", tuple(vocab.KIND_CLASS[k] for k in ("org", "igo", "media", "govbody"))),
    ("states and places", tuple(vocab.KIND_CLASS[k]
                                for k in ("state", "place", "city", "region"))),
    ("events", tuple(vocab.EVENT_CLASS.values())),
    ("memberships", (vocab.SCO + "Membership",)),
    ("posts held", (vocab.SCO + "PostHolding",)),
)


READ_ONLY_FROM_ARTICLES = frozenset({"articles", "claims", "figures", "conflicting figures"})


def overview() -> Overview:
    """The dataset at a glance, computed once per store version."""
    engine = current_engine()
    cached = current_app.extensions.get(EXTENSION)
    if isinstance(cached, Overview) and cached.version == engine.version:
        return cached
    rows = " ".join(f"({ox.Literal(name)} {ox.NamedNode(cls)})"
                    for name, classes in COUNTED for cls in classes)
    found = {row.value("what"): (row.integer("n"), row.integer("fromArticles"))
             for row in _run(_COUNTS, classes=rows)}
    counts = {name: found.get(name, (0, 0))[0] for name, _ in COUNTED}
    # Claims, figures and conflicts exist only because an article was read; an entity of
    # the catalogue is "from the articles" when some article names it (issue 15).
    catalogue = {name: found[name][0] - found[name][1] for name, _ in COUNTED
                 if name in found and name not in READ_ONLY_FROM_ARTICLES}
    articles = [Article(row.value("article"), row.text("label"),
                        row.text("date") or row.text("guess"),
                        row["date"] is None and row["guess"] is not None,
                        row.text("publisher"), row.text("file"), row.integer("claims"))
                for row in _run(_ARTICLES)]
    result = Overview(engine.version, engine.quad_count, len(engine.graphs), counts, articles,
                      catalogue)
    current_app.extensions[EXTENSION] = result
    return result


@bp.get("/")
def home() -> str:
    """What the dataset is, how big, what it was built from, and the ways in."""
    from .dumps import DUMP_STEM, DUMPS

    dumps = [(f"{DUMP_STEM}.{d.ext}", d.title) for d in DUMPS]
    return render_template("ui/home.html", overview=overview(), dumps=dumps, href=href,
                           endpoint=url_for("sparql.sparql", _external=True))


# -- search ------------------------------------------------------------------------------------


@dataclass
class Hit:
    iri: str
    label: str
    matched: str
    type: str
    mentions: int


def search(needle: str, limit: int = MAX_SEARCH) -> list[Hit]:
    """Entities whose label or alias contains ``needle`` (case-insensitive), most mentioned
    first. ``needle`` is written into the query as a literal by pyoxigraph, never pasted."""
    needle = needle.strip()[:MAX_SEARCH_CHARS]
    if not needle:
        return []
    rows = list(_run(_SEARCH, needle=str(ox.Literal(needle)), limit=str(limit),
                     id=str(ox.Literal(vocab.ID))))
    names = labels(current_reader(), [row.value("x") for row in rows]
                   + [row.value("type") for row in rows if row["type"] is not None])
    return [Hit(row.value("x"), names.get(row.value("x")) or row.text("label")
                or curie(row.value("x")), row.text("matched"),
                label_or_curie(names, row.value("type")) if row["type"] else "",
                row.integer("mentions"))
            for row in rows]


@bp.get("/search")
def search_page() -> Response | str:
    """Label search: an HTML list, or JSON (``format=json``) for the search box's hints."""
    needle = request.args.get("q", "")
    hits = search(needle)
    if request.args.get("format") == "json":
        body = [{"iri": h.iri, "label": h.label, "type": h.type, "href": href(h.iri)}
                for h in hits]
        return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    return render_template("ui/search.html", needle=needle, hits=hits, href=href)


# -- query editor ------------------------------------------------------------------------------

DEFAULT_QUERY = """SELECT ?entity ?label WHERE {
  ?entity a sco:IntergovernmentalOrganization ; rdfs:label ?label .
} LIMIT 20"""


def prefix_block() -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in vocab.PREFIXES.items())


_HEADER_LINE = re.compile(r"^#\s*(title|description|param):.*\n", re.M)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


def editor_text(text: str) -> str:
    """A gallery query as the editor shows it: without its header (title, description and
    parameters are on the example's card already)."""
    return _HEADER_LINE.sub("", text).lstrip("\n")


@bp.get("/query")
def query_page() -> str:
    """The SPARQL editor, with the example gallery; ``?query=`` reopens a query."""
    from ...queries import load

    text = request.args.get("query") or prefix_block() + "\n" + DEFAULT_QUERY
    examples = [{"name": q.name, "title": q.title, "description": q.description,
                 "federated": _SERVICE.search(q.text) is not None,
                 "text": editor_text(q.bind({}) if q.parameters else q.text)} for q in load()]
    # A link with ?query= opens the query and runs it, so a shared link shows the results.
    return render_template("ui/query.html", text=text, examples=examples,
                           endpoint=url_for("sparql.sparql"), id_base=vocab.ID,
                           id_href=url_for("entities.entity", rest="x")[:-1],
                           prefixes=vocab.PREFIXES, max_url=MAX_QUERY_IN_URL,
                           # results show our own IRIs as id:kind/key (not a query prefix)
                           display_prefixes={**vocab.PREFIXES, "id": vocab.ID},
                           autorun="query" in request.args)


# -- timeline ----------------------------------------------------------------------------------


@dataclass
class Source:
    article: str
    label: str
    exact: str
    link: str | None
    prefix: str = ""
    suffix: str = ""


@dataclass
class Happening:
    """One event (or dated membership) with every source that reports it."""

    iri: str
    kind: str
    type: str
    label: str
    begin: str
    end: str
    place: str
    place_label: str
    sources: list[Source] = field(default_factory=list)

    @property
    def year(self) -> str:
        match = _DATE.match(self.begin)
        return match.group(1) if match else "undated"


_TYPE_NAMES = {iri: curie(iri).removeprefix("sco:").removeprefix("schema:").lower()
               for iri in (*vocab.EVENT_CLASS.values(), vocab.SCO + "Membership")}


def timeline() -> list[Happening]:
    """Summits, meetings, foundings, accessions and the like, dated ones first in date order."""
    classes = ", ".join(str(ox.NamedNode(c)) for c in vocab.EVENT_CLASS.values())
    found: dict[str, Happening] = {}
    for row in _run(_EVENTS, event_classes=classes):
        iri = row.value("event")
        item = found.setdefault(iri, Happening(
            iri, row.value("kind"), _TYPE_NAMES.get(row.value("type"), "event"),
            row.text("label") or curie(iri), row.text("begin"), row.text("end"),
            row.text("place"), row.text("placeLabel")))
        item.label = item.label or row.text("label")
        article = row.value("article")
        if not any(s.article == article and s.exact == row.value("exact") for s in item.sources):
            item.sources.append(Source(article, row.text("articleLabel") or curie(article),
                                       row.value("exact"),
                                       article_href(article, row.integer("start"),
                                                    row.integer("stop")),
                                       row.text("prefix"), row.text("suffix")))
    names = labels(current_reader(), [h.iri for h in found.values() if h.kind == "membership"])
    for item in found.values():
        item.label = names.get(item.iri, item.label)
    return sorted(found.values(), key=lambda h: (h.begin == "", h.begin, h.end, h.label))


def by_year(items: Iterable[Happening]) -> list[tuple[str, list[Happening]]]:
    groups: dict[str, list[Happening]] = {}
    for item in items:
        groups.setdefault(item.year, []).append(item)
    return list(groups.items())


@bp.get("/timeline")
def timeline_page() -> str:
    """Every dated event, by year, with its place and the sentences that report it."""
    return render_template("ui/timeline.html", years=by_year(timeline()), href=href,
                           breadcrumbs=[("Timeline", None)])


# -- conflicts ---------------------------------------------------------------------------------


@bp.get("/conflicts")
def conflicts_page() -> str:
    """Every pair of claims whose figures disagree, filterable by measure and subject."""
    every = conflicts(current_reader(), vocab.ID, EVERY_CONFLICT)
    measures = _choices(every, "measure", "measure_label")
    subjects = _choices(every, "subject", "subject_label")
    measure, subject = request.args.get("measure", ""), request.args.get("subject", "")
    shown = [c for c in every if measure in ("", c.measure) and subject in ("", c.subject)]
    rank = {"major": 0, "minor": 1}
    shown.sort(key=lambda c: (rank.get(c.severity, 2), c.measure_label, c.label))
    return render_template("ui/conflicts.html", conflicts=shown, total=len(every),
                           measures=measures, subjects=subjects, measure=measure,
                           subject=subject, href=href, curie=curie, article_href=article_href,
                           breadcrumbs=[("Conflicting figures", None)])


def _choices(items: list[Conflict], key: str, label: str) -> list[tuple[str, str]]:
    found = {getattr(c, key): getattr(c, label) or curie(getattr(c, key))
             for c in items if getattr(c, key)}
    return sorted(found.items(), key=lambda kv: kv[1].lower())


@bp.get("/favicon.ico")
def favicon() -> WerkzeugResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them the SVG icon."""
    return redirect(url_for("ui.static", filename="ui/favicon.svg"), 301)


@bp.post("/labels")
def labels_json() -> Response:
    """Labels of the IRIs posted (``iri=`` repeated), for the query page's results: JSON
    ``{iri: label}``; read through the engine like every page."""
    iris = request.form.getlist("iri")[:MAX_LABELS]
    found = labels(current_reader(), [i for i in iris if i.startswith(vocab.ID)])
    return Response(json.dumps(found, ensure_ascii=False), mimetype="application/json")
