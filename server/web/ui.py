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
from dataclasses import dataclass, field
from itertools import groupby

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from ...graph.rdf import vocab
from ..engine.results import Solutions
from .entities import article_href, href
from .entity_data import EVERY_CONFLICT, PREFIXES, Conflict, conflicts, curie
from .errors import ServerError
from .labels import label_or_curie, labels
from .state import current_engine, current_reader

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
               static_url_path="/ui-assets")

EXTENSION = "sco_kg_ui"
MAX_QUERY_IN_URL = 8000
MAX_SEARCH = 50
MAX_SEARCH_CHARS = 200
MAX_LABELS = 2000
HOME_ARTICLES = 100  # the latest articles the home page lists
_ARTICLE_GRAPHS = vocab.GRAPH + "article/"

# The home page's counts, in two cheap steps (issue 17: one query counting every typed node
# with an OPTIONAL over its evidence took 145 s at 50,000 articles). Every triple lives in one
# named graph, so the union states ``?x a C`` once per node and class: a group of one class
# is a plain COUNT(*) (1.5 M claims in about 1 s at 50k); a group of several, a DISTINCT.
_COUNTS = PREFIXES + """
SELECT ?what ?n WHERE {
  { SELECT ?what (COUNT(*) AS ?n) WHERE { VALUES (?what ?class) { $single } ?x a ?class }
    GROUP BY ?what }
  UNION
  { SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES (?what ?class) { $several }
      ?x a ?class } GROUP BY ?what }
}"""
# What no article names: nodes typed in the graphs not built from articles (the catalogue,
# and graphs `load` or `link` added) that no mention denotes and no evidence or report ties to
# an article. Only those graphs' nodes are looked at (a few hundred, not every entity).
_UNREAD = PREFIXES + """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?g { $graphs }
  VALUES (?what ?class) { $classes }
  GRAPH ?g { ?x a ?class }
  FILTER NOT EXISTS { ?x sco:denotedBy ?m }
  FILTER NOT EXISTS { ?x sco:evidence ?m }
  FILTER NOT EXISTS { ?x sco:reportedIn ?m }
} GROUP BY ?what"""
# The latest articles, newest first: walking the two date properties and sorting on the date
# alone (an inline value) takes 0.5 s at 50,000 articles; starting from every sco:Article with
# its dates as OPTIONALs took 2-3 s, and ordering ties by IRI (which reads every IRI from the
# index) doubled that. Rows tied on the date are put in IRI order afterwards.
_LATEST_ARTICLES = PREFIXES + """
SELECT ?article ?date WHERE {
  { ?article schema:datePublished ?date } UNION { ?article sco:inferredDatePublished ?date }
  FILTER EXISTS { ?article a sco:Article }
} ORDER BY DESC(?date) LIMIT $limit"""
_UNDATED_ARTICLES = PREFIXES + """
SELECT ?article WHERE {
  ?article a sco:Article
  FILTER NOT EXISTS { ?article schema:datePublished ?d }
  FILTER NOT EXISTS { ?article sco:inferredDatePublished ?d }
} ORDER BY ?article LIMIT $limit"""
_ARTICLES = PREFIXES + """
SELECT ?article (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (SAMPLE(?inferred) AS ?guess)
       (SAMPLE(?pl) AS ?publisher) (SAMPLE(?id) AS ?file) (COUNT(DISTINCT ?claim) AS ?claims)
WHERE {
  VALUES ?article { $articles }
  OPTIONAL { ?article rdfs:label ?l }
  OPTIONAL { ?article schema:identifier ?id }
  OPTIONAL { ?article schema:datePublished ?d }
  OPTIONAL { ?article sco:inferredDatePublished ?inferred }
  OPTIONAL { ?article schema:publisher/rdfs:label ?pl }
  OPTIONAL { ?claim sco:reportedIn ?article ; a sco:Claim }
} GROUP BY ?article"""
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
# The timeline reads the store in bounded steps (issue 17: at 50,000 articles one query of every
# event with every reporting sentence passed the page's time limit or its row cap): the events
# per year, then one year's events, then one page of them, then their facts, then the sentences
# of the events that few sentences report. An event's date is its latest stated begin date, as
# in the events_timeline query.
_DATED = """{ ?event sem:hasBeginTimeStamp ?begin }
      UNION { ?event sco:startDate ?begin ; a sco:Membership
              FILTER EXISTS { ?event sco:evidence [] } }"""
_EVENT_YEARS = PREFIXES + """
SELECT ?year (COUNT(*) AS ?events) WHERE {
  { SELECT ?event (SUBSTR(MAX(STR(?begin)), 1, 4) AS ?year) WHERE {
      """ + _DATED + """
    } GROUP BY ?event }
} GROUP BY ?year ORDER BY ?year"""
# The events with a date in the year first (one scan of the dates, which Oxigraph holds inline),
# then the latest date of those alone: grouping every event by its latest date took 4.4 s at
# 50,000 articles, this 0.7 s.
_EVENTS_OF = PREFIXES + """
SELECT ?event ?date WHERE {
  { SELECT ?event (MAX(STR(?b)) AS ?date) WHERE {
      { SELECT DISTINCT ?event WHERE {
          """ + _DATED + """
          FILTER(STRSTARTS(STR(?begin), $year)) } }
      { ?event sem:hasBeginTimeStamp ?b } UNION { ?event sco:startDate ?b }
    } GROUP BY ?event HAVING(STRSTARTS(MAX(STR(?b)), $year)) }
} ORDER BY ?date ?event LIMIT $limit OFFSET $offset"""
_UNDATED_EVENTS = PREFIXES + """
SELECT DISTINCT ?event WHERE {
  ?event a ?type ; sco:evidence [] .
  FILTER(?type IN ($event_classes))
  FILTER NOT EXISTS { ?event sem:hasBeginTimeStamp [] }
}"""
# One sub-SELECT a property, each for the page's events only: grouping them together multiplies
# an event's labels by its dates by its places by its sentences.
_EVENT_FACTS = PREFIXES + """
SELECT ?event ?type ?begin ?end ?place ?mentions WHERE {
  { SELECT ?event (MIN(STR(?t)) AS ?type) WHERE {
      VALUES ?event { $events } ?event a ?t FILTER(?t IN ($event_classes, sco:Membership))
    } GROUP BY ?event }
  OPTIONAL { SELECT ?event (MAX(STR(?b)) AS ?begin) WHERE {
      VALUES ?event { $events } ?event sem:hasBeginTimeStamp|sco:startDate ?b } GROUP BY ?event }
  OPTIONAL { SELECT ?event (MAX(STR(?e)) AS ?end) WHERE {
      VALUES ?event { $events } ?event sem:hasEndTimeStamp ?e } GROUP BY ?event }
  OPTIONAL { SELECT ?event (MIN(STR(?p)) AS ?place) WHERE {
      VALUES ?event { $events } ?event sem:hasPlace ?p FILTER(isIRI(?p)) } GROUP BY ?event }
  OPTIONAL { SELECT ?event (COUNT(DISTINCT ?m) AS ?mentions) WHERE {
      VALUES ?event { $events } ?event sco:evidence ?m } GROUP BY ?event }
}"""
_EVENT_SOURCES = PREFIXES + """
SELECT ?event ?article ?articleLabel ?start ?stop ?exact ?prefix ?suffix WHERE {
  VALUES ?event { $events }
  ?event sco:evidence ?m .
  ?m oa:hasSource ?article ; oa:hasSelector ?ps, ?qs .
  ?ps oa:start ?start ; oa:end ?stop .
  ?qs oa:exact ?exact .
  OPTIONAL { ?qs oa:prefix ?prefix } OPTIONAL { ?qs oa:suffix ?suffix }
  OPTIONAL { ?article rdfs:label ?articleLabel }
}"""

_CONFLICT_COUNT = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?c a sco:FigureConflict }"

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
    single = [(name, classes[0]) for name, classes in COUNTED if len(classes) == 1]
    several = [(name, cls) for name, classes in COUNTED if len(classes) > 1 for cls in classes]
    found = {row.value("what"): row.integer("n")
             for row in _run(_COUNTS, single=_pairs(single), several=_pairs(several))}
    counts = {name: found.get(name, 0) for name, _ in COUNTED}
    # Claims, figures and conflicts exist only because an article was read; an entity of
    # the catalogue is "from the articles" when some article names it (issue 15).
    unread_graphs = [g for g in engine.graphs
                     if not g.startswith(_ARTICLE_GRAPHS) and g != vocab.GRAPH_SHARED]
    unread = [(name, cls) for name, classes in COUNTED if name not in READ_ONLY_FROM_ARTICLES
              for cls in classes]
    catalogue = {name: 0 for name, _ in unread if counts[name]}
    if unread_graphs:
        graphs = " ".join(str(ox.NamedNode(g)) for g in unread_graphs)
        for row in _run(_UNREAD, graphs=graphs, classes=_pairs(unread)):
            catalogue[row.value("what")] = row.integer("n")
    result = Overview(engine.version, engine.quad_count, len(engine.graphs), counts,
                      _latest_articles(), catalogue)
    current_app.extensions[EXTENSION] = result
    return result


def _pairs(pairs: list[tuple[str, str]]) -> str:
    """``(name, class)`` rows of a VALUES block."""
    return " ".join(f"({ox.Literal(name)} {ox.NamedNode(cls)})" for name, cls in pairs)


def _latest_articles() -> list[Article]:
    """The ``HOME_ARTICLES`` latest-published articles, newest first, then undated ones.

    Articles tied on their date are listed by IRI; at the cut, which of several articles of
    the last date are in is the engine's (index) order, the same for the same data.
    """
    limit = HOME_ARTICLES
    order: list[str] = []
    for _, tied in groupby(_run(_LATEST_ARTICLES, limit=str(limit)), key=lambda r: r["date"]):
        order += sorted(row.value("article") for row in tied)
    if len(order) < limit:
        order += [row.value("article")
                  for row in _run(_UNDATED_ARTICLES, limit=str(limit - len(order)))]
    order = list(dict.fromkeys(order))  # an article with two dates is listed at its latest
    if not order:
        return []
    details = {row.value("article"): row for row in _run(
        _ARTICLES, articles=" ".join(str(ox.NamedNode(iri)) for iri in order))}
    return [Article(iri, row.text("label"), row.text("date") or row.text("guess"),
                    row["date"] is None and row["guess"] is not None,
                    row.text("publisher"), row.text("file"), row.integer("claims"))
            for iri in order for row in (details[iri],)]


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
    """One event (or dated membership) with the sentences that report it."""

    iri: str
    kind: str
    type: str
    label: str
    begin: str
    end: str
    place: str
    place_label: str
    mentions: int = 0
    sources: list[Source] = field(default_factory=list)

    @property
    def year(self) -> str:
        match = _DATE.match(self.begin)
        return match.group(1) if match else "undated"

    @property
    def unshown(self) -> int:
        """Sentences that report the event and are not listed here (see its own page)."""
        return max(self.mentions - len(self.sources), 0)


@dataclass
class Timeline:
    """One page of the timeline: every year with its number of events, and some events."""

    years: list[tuple[str, int]]
    year: str | None  # None: every event, on one page
    page: int
    pages: int
    events: list[Happening]
    cut: bool  # a query of this page was cut by the row cap: the page says so

    @property
    def by_year(self) -> list[tuple[str, list[Happening]]]:
        groups: dict[str, list[Happening]] = {}
        for item in self.events:
            groups.setdefault(item.year, []).append(item)
        return list(groups.items())


TIMELINE_PAGE = 100  # events one timeline page lists; more and the timeline goes by year
TIMELINE_SOURCES = 10  # sentences listed under an event; the rest are on the event's page

_TYPE_NAMES = {iri: curie(iri).removeprefix("sco:").removeprefix("schema:").lower()
               for iri in (*vocab.EVENT_CLASS.values(), vocab.SCO + "Membership")}
_EVENT_CLASSES = ", ".join(str(ox.NamedNode(c)) for c in vocab.EVENT_CLASS.values())


def timeline(year: str | None = None, page: int = 1) -> Timeline:
    """Summits, meetings, foundings, accessions and the like, in date order.

    A dataset with up to ``TIMELINE_PAGE`` dated events shows them all, the undated last; a
    bigger one shows one year (the latest unless asked), ``TIMELINE_PAGE`` events a page.
    """
    counts = _run(_EVENT_YEARS)
    years = [(row.text("year"), row.integer("events")) for row in counts]
    if year is None and sum(n for _, n in years) > TIMELINE_PAGE:
        year = years[-1][0]
    shown = sum(n for y, n in years if year is None or y == year)
    pages = max(1, -(-shown // TIMELINE_PAGE))
    page = min(max(page, 1), pages)
    found = _run(_EVENTS_OF, year=str(ox.Literal(year or "")), limit=str(TIMELINE_PAGE),
                 offset=str((page - 1) * TIMELINE_PAGE))
    chosen = [row.value("event") for row in found]
    cut = counts.truncated or found.truncated
    if year is None:
        undated = _run(_UNDATED_EVENTS, event_classes=_EVENT_CLASSES)
        cut = cut or undated.truncated
        chosen += sorted(row.value("event") for row in undated)
    events, facts_cut = _happenings(chosen)
    return Timeline(years, year, page, pages, events, cut or facts_cut)


def _happenings(iris: list[str]) -> tuple[list[Happening], bool]:
    """The facts of these events, in this order, and the sentences of those few report."""
    if not iris:
        return [], False
    values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
    facts = _run(_EVENT_FACTS, events=values, event_classes=_EVENT_CLASSES)
    reader = current_reader()
    rows = {row.value("event"): row for row in facts}
    names = labels(reader, [*rows, *(row.text("place") for row in rows.values())])
    found: dict[str, Happening] = {}
    for iri in iris:
        row = rows.get(iri)
        if row is None:
            continue
        kind = "membership" if row.text("type") == vocab.SCO + "Membership" else "event"
        place = row.text("place")
        found[iri] = Happening(iri, kind, _TYPE_NAMES.get(row.text("type"), "event"),
                               names.get(iri) or curie(iri), row.text("begin"), row.text("end"),
                               place, names.get(place, ""),
                               row.integer("mentions") if row["mentions"] is not None else 0)
    few = [h.iri for h in found.values() if h.mentions <= TIMELINE_SOURCES]
    cut = facts.truncated
    if few:
        sources = _run(_EVENT_SOURCES, events=" ".join(str(ox.NamedNode(i)) for i in few))
        cut = cut or sources.truncated
        for row in sources:
            item = found[row.value("event")]
            article, exact = row.value("article"), row.value("exact")
            if not any(s.article == article and s.exact == exact for s in item.sources):
                item.sources.append(Source(article, row.text("articleLabel") or curie(article),
                                           exact, article_href(article, row.integer("start"),
                                                               row.integer("stop")),
                                           row.text("prefix"), row.text("suffix")))
    for item in found.values():
        item.sources.sort(key=lambda s: (s.label, s.article, s.exact))
        item.mentions = max(item.mentions, len(item.sources))
    return list(found.values()), cut


@bp.get("/timeline")
def timeline_page() -> str:
    """Dated events by year, each with its place and the sentences that report it."""
    year = request.args.get("year", "")
    if year and not re.fullmatch(r"-?\d{1,4}", year):
        raise ServerError(400, "year: a year such as 2025")
    page = request.args.get("page", "1")
    if not page.isdigit():
        raise ServerError(400, "page: a page number such as 2")
    return render_template("ui/timeline.html", timeline=timeline(year or None, int(page)),
                           href=href, breadcrumbs=[("Timeline", None)])


# -- conflicts ---------------------------------------------------------------------------------


@bp.get("/conflicts")
def conflicts_page() -> str:
    """Every pair of claims whose figures disagree, filterable by measure and subject."""
    every = conflicts(current_reader(), vocab.ID, EVERY_CONFLICT, extremes=True)
    (counted,) = _run(_CONFLICT_COUNT)
    measures = _choices(every, "measure", "measure_label")
    subjects = _choices(every, "subject", "subject_label")
    measure, subject = request.args.get("measure", ""), request.args.get("subject", "")
    shown = [c for c in every if measure in ("", c.measure) and subject in ("", c.subject)]
    rank = {"major": 0, "minor": 1}
    shown.sort(key=lambda c: (rank.get(c.severity, 2), c.measure_label, c.label))
    return render_template("ui/conflicts.html", conflicts=shown, total=counted.integer("n"),
                           listed=len(every),
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
