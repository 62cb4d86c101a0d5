"""The W3C SPARQL 1.0 and 1.1 query evaluation suites, through our ``/sparql`` over HTTP.

Usage::

    .venv/bin/python bench/w3c_queries.py --suites ../shared/w3c-rdf-tests [--only subquery]

Every ``mf:QueryEvaluationTest`` of ``sparql10/manifest-evaluation.ttl`` and
``sparql11/manifest-sparql11-{query,results}.ttl`` (approved or not yet classified; withdrawn
ones are left out) is run three ways on its own data:

* **ours**: a real server (``create_app`` on 127.0.0.1, query workers as in production) over an
  in-memory store holding the test's data; the query goes over HTTP to ``/sparql`` (POST
  ``application/sparql-query``, ``Accept`` SPARQL JSON or N-Triples) with ``BASE <query file>``
  put before it, as the suites resolve relative IRIs against the query's location. Our store
  has named graphs only: ``qt:data`` goes into a graph of its own (``DEFAULT_DATA``) and the
  default graph is the union of all named graphs, as documented;
* **oxigraph**: pyoxigraph in-process, the dataset as the test states it (``qt:data`` in the
  default graph, ``qt:graphData`` and the graphs a ``FROM`` names as named graphs);
* **oxigraph-union**: pyoxigraph in-process over our layout (every file in a named graph, the
  default graph their set union), to tell what the union default graph costs.

Answers are compared with the expected results: solutions as multisets with blank nodes
matched by a bijection (in order when the query ends with ``ORDER BY``; for
``mf:LaxCardinality``, the same rows at most as often), booleans, graphs by isomorphism;
literals of numeric and boolean types compare by value, as Oxigraph keeps values, not
lexical forms (``"01"^^xsd:integer`` comes back as ``"1"``). Each test is then: ``pass``;
``union default graph`` (ours fails, Oxigraph passes on the test's dataset but fails on our
layout); ``fail, Oxigraph passes`` (a bug of ours); ``fail, Oxigraph fails too``.
``--json FILE`` writes every test's outcome; the exit status is 1 when a test fails where
Oxigraph passes.
"""

from __future__ import annotations

import argparse
import collections
import decimal
import json
import logging
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
import requests
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # tests/servers.py: the servers the tests use

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DAWGT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"

# Where the suites live on the web: test, data and graph IRIs are resolved against these.
BASES = {
    "sparql10": "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/",
    "sparql11": "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/",
}
ROOTS = (("sparql10", "manifest-evaluation.ttl"),
         ("sparql11", "manifest-sparql11-query.ttl"),
         ("sparql11", "manifest-sparql11-results.ttl"))
DEFAULT_DATA = "urn:x-sco-kg:w3c:default-graph-data"
_RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".n3": ox.RdfFormat.TURTLE,
                ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML,
                ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
_FROM = re.compile(r"\bFROM\s+(NAMED\s+)?<([^>]*)>", re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    iri: str
    name: str
    query: Path
    query_iri: str
    data: tuple[Path, ...]
    graph_data: tuple[tuple[str, Path], ...]  # (graph IRI, file)
    result: Path | None
    from_graphs: tuple[tuple[str, Path], ...] = ()  # graphs the query's FROM clauses name
    lax: bool = False  # mf:LaxCardinality (REDUCED): any count between DISTINCT and all

    @property
    def dataset_key(self) -> tuple:
        return (self.data, self.graph_data, self.from_graphs)


@dataclass
class Outcome:
    case: Case
    ours: str  # "pass" or why not
    oxigraph: str
    oxigraph_union: str
    seconds: float = 0.0
    verdict: str = field(init=False, default="")

    def judge(self) -> None:
        if self.ours == "pass":
            self.verdict = "pass"
        elif self.oxigraph != "pass":
            self.verdict = "fail, Oxigraph fails too"
        elif self.oxigraph_union != "pass":
            self.verdict = "union default graph"
        else:
            self.verdict = "fail, Oxigraph passes"


# -- manifests ----------------------------------------------------------------------------

def file_of(iri: str) -> tuple[str, Path] | None:
    """The suite and relative path an IRI of the suites names."""
    for suite, base in BASES.items():
        if iri.startswith(base):
            return suite, Path(iri[len(base):])
    return None


def read_cases(suites: Path) -> list[Case]:
    cases: list[Case] = []
    seen: set[str] = set()
    for suite, name in ROOTS:
        cases += _manifest_cases(suites, suite, Path(name), seen)
    return cases


def _local(suites: Path, iri: str) -> Path:
    found = file_of(iri)
    if found is None:
        raise ValueError(f"not a file of the suites: {iri}")
    return suites / found[0] / found[1]


def _manifest_cases(suites: Path, suite: str, relative: Path, seen: set[str]) -> list[Case]:
    path = suites / suite / relative
    iri = BASES[suite] + relative.as_posix()
    if iri in seen or not path.exists():
        return []
    seen.add(iri)
    graph = rdflib.Graph().parse(path, format="turtle", publicID=iri)
    cases: list[Case] = []
    manifest = rdflib.URIRef(iri)
    for include in graph.objects(manifest, MF.include):
        for item in rdflib.collection.Collection(graph, include):
            found = file_of(str(item))
            if found:
                cases += _manifest_cases(suites, found[0], found[1], seen)
    for entries in graph.objects(manifest, MF.entries):
        for test in rdflib.collection.Collection(graph, entries):
            if (test, RDF.type, MF.QueryEvaluationTest) not in graph:
                continue
            if graph.value(test, DAWGT.approval) in {DAWGT.Withdrawn, DAWGT.Rejected}:
                continue
            action = graph.value(test, MF.action)
            result = graph.value(test, MF.result)
            query_iri = str(graph.value(action, QT.query))
            data = tuple(sorted(_local(suites, str(d)) for d in graph.objects(action, QT.data)))
            graph_data = tuple(sorted((str(g), _local(suites, str(g)))
                                      for g in graph.objects(action, QT.graphData)))
            query = _local(suites, query_iri)
            from_graphs = tuple(sorted(
                {(g, _local(suites, g)) for g in _from_iris(query, query_iri)
                 if file_of(g) and _local(suites, g).exists()}))
            cases.append(Case(str(test), str(graph.value(test, MF.name) or test), query,
                              query_iri, data, graph_data,
                              _local(suites, str(result)) if result else None, from_graphs,
                              graph.value(test, MF.resultCardinality) == MF.LaxCardinality))
    return cases


def _from_iris(query: Path, base: str) -> list[str]:
    from urllib.parse import urljoin

    text = query.read_text("utf-8")
    return [urljoin(base, match.group(2)) for match in _FROM.finditer(text)]


# -- data ---------------------------------------------------------------------------------

def triples_of(path: Path) -> list[ox.Triple]:
    """The file's triples, its blank nodes fresh (an RDF merge keeps files' bnodes apart)."""
    iri = _web_iri(path)
    fresh: dict[str, ox.BlankNode] = {}

    def term(node):  # type: ignore[no-untyped-def]
        if isinstance(node, ox.BlankNode):
            return fresh.setdefault(node.value, ox.BlankNode())
        return node

    return [ox.Triple(term(q.subject), q.predicate, term(q.object))
            for q in ox.parse(path=str(path), format=_RDF_FORMATS[path.suffix], base_iri=iri)]


_SUITES: list[Path] = []


def _web_iri(path: Path) -> str:
    relative = path.resolve().relative_to(_SUITES[0].resolve())
    suite, rest = relative.parts[0], Path(*relative.parts[1:])
    return BASES[suite] + rest.as_posix()


def reference_store(case: Case, *, union_layout: bool) -> ox.Store:
    store = ox.Store()
    named = list(case.graph_data) + [g for g in case.from_graphs if g not in case.graph_data]
    default_graph: ox.NamedNode | ox.DefaultGraph = (
        ox.NamedNode(DEFAULT_DATA) if union_layout else ox.DefaultGraph())
    for path in case.data:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, default_graph)
                     for t in triples_of(path))
    for iri, path in named:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
                     for t in triples_of(path))
    if union_layout:  # the default graph is the set union of the named graphs, as ours
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def our_store(case: Case):  # type: ignore[no-untyped-def]
    from sco_kg.graph.store.oxigraph import OxigraphStore

    store = OxigraphStore()
    graphs: dict[str, list[ox.Quad]] = collections.defaultdict(list)
    for path in case.data:
        graphs[DEFAULT_DATA] += [ox.Quad(t.subject, t.predicate, t.object)
                                 for t in triples_of(path)]
    for iri, path in list(case.graph_data) + list(case.from_graphs):
        if iri not in graphs:
            graphs[iri] = [ox.Quad(t.subject, t.predicate, t.object) for t in triples_of(path)]
    store.replace_graphs(graphs)
    return store


# -- answers ------------------------------------------------------------------------------

Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]


@dataclass
class Answer:
    kind: str  # "solutions", "boolean", "graph"
    rows: list[Row] | None = None
    boolean: bool | None = None
    graph: rdflib.Graph | None = None


def answer_of_results(results: object) -> Answer:
    if isinstance(results, ox.QueryBoolean):
        return Answer("boolean", boolean=bool(results))
    if isinstance(results, ox.QueryTriples):
        return Answer("graph", graph=_rdflib_graph(results))
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    rows = [{n: s[n] for n in names if s[n] is not None} for s in results]
    return Answer("solutions", rows=rows)


def _rdflib_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """The triples as an rdflib graph (for its isomorphism test), numbers and booleans in one
    lexical form per value (see ``literal_value``)."""
    def canonical(term):  # type: ignore[no-untyped-def]
        if isinstance(term, ox.Literal) and not term.language:
            value = literal_value(term.value, term.datatype.value)
            if not isinstance(value, str):
                return ox.Literal(str(value), datatype=term.datatype)
        return term

    data = ox.serialize([ox.Triple(t.subject, t.predicate, canonical(t.object))
                         for t in triples], format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data, format="nt")


def expected_answer(path: Path) -> Answer:
    suffix = path.suffix
    if suffix in {".srx", ".srj", ".tsv"}:
        fmt = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON,
               ".tsv": ox.QueryResultsFormat.TSV}[suffix]
        return answer_of_results(ox.parse_query_results(path=str(path), format=fmt))
    triples = triples_of(path)
    if any(t.predicate.value == RDF.type.toPython() and t.object == ox.NamedNode(RS + "ResultSet")
           for t in triples):
        return _result_set(triples)
    return Answer("graph", graph=_rdflib_graph(triples))


def _result_set(triples: list[ox.Triple]) -> Answer:
    """A result set written in the DAWG result-set vocabulary (rs:), as many 1.0 tests are."""
    by_subject: dict = collections.defaultdict(lambda: collections.defaultdict(list))
    for t in triples:
        by_subject[t.subject][t.predicate.value].append(t.object)
    result_set = next(s for s, p in by_subject.items()
                      if ox.NamedNode(RS + "ResultSet") in p[RDF.type.toPython()])
    props = by_subject[result_set]
    if props[RS + "boolean"]:
        return Answer("boolean", boolean=props[RS + "boolean"][0].value == "true")
    rows: list[tuple[int, Row]] = []
    for solution in props[RS + "solution"]:
        row: Row = {}
        for binding in by_subject[solution][RS + "binding"]:
            name = by_subject[binding][RS + "variable"][0].value
            row[name] = by_subject[binding][RS + "value"][0]
        index = by_subject[solution][RS + "index"]
        rows.append((int(index[0].value) if index else 0, row))
    rows.sort(key=lambda r: r[0])
    return Answer("solutions", rows=[r for _, r in rows])


def ordered(query_text: str) -> bool:
    """The query's solutions are ordered: ORDER BY after its last closing brace."""
    text = re.sub(r"#[^\n\r]*", "", query_text)
    return bool(re.search(r"\bORDER\s+BY\b", text[text.rfind("}") + 1:], re.IGNORECASE))


def compare(expected: Answer, got: Answer, *, in_order: bool, lax: bool = False) -> str:
    """``pass``, or what differs."""
    if expected.kind != got.kind:
        return f"expected {expected.kind}, got {got.kind}"
    if expected.kind == "boolean":
        return "pass" if expected.boolean == got.boolean else \
            f"expected {expected.boolean}, got {got.boolean}"
    if expected.kind == "graph":
        assert expected.graph is not None and got.graph is not None
        return "pass" if isomorphic(expected.graph, got.graph) else \
            f"graphs differ ({len(expected.graph)} expected triples, {len(got.graph)} got)"
    assert expected.rows is not None and got.rows is not None
    if lax:  # the same rows, each at most as often as expected
        same = set(map(_shape, expected.rows)) == set(map(_shape, got.rows))
        return "pass" if same and len(got.rows) <= len(expected.rows) else "rows differ"
    if len(expected.rows) != len(got.rows):
        return f"{len(expected.rows)} rows expected, {len(got.rows)} got"
    if rows_match(expected.rows, got.rows, in_order=in_order):
        return "pass"
    if in_order and rows_match(expected.rows, got.rows, in_order=False):
        return "same rows, other order"
    return "rows differ"


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger",
    "positiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}


def literal_value(lexical: str, datatype: str) -> object:
    """The value of a numeric or boolean literal (Oxigraph keeps values, not lexical forms:
    ``"01"^^xsd:integer`` comes back as ``"1"``); the lexical form for any other."""
    text = lexical.strip()
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype == _XSD + "decimal":
            return decimal.Decimal(text).normalize()
        if datatype in {_XSD + "double", _XSD + "float"}:
            value = float({"INF": "inf", "-INF": "-inf"}.get(text, text))
            return "NaN" if value != value else value
        if datatype == _XSD + "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[text]
    except (ValueError, KeyError, decimal.InvalidOperation):
        pass
    return lexical


def _key(term: object) -> object:
    if isinstance(term, ox.Literal):
        return ("literal", literal_value(term.value, term.datatype.value), term.datatype.value,
                (term.language or "").lower())
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    return ("term", str(term))


def _shape(row: Row) -> tuple:
    return tuple(sorted((k, _key(v)) for k, v in row.items()))


def rows_match(expected: Sequence[Row], got: Sequence[Row], *, in_order: bool) -> bool:
    """Equal multisets (or sequences) of rows, under one bijection of blank nodes."""
    if in_order:
        if [_shape(r) for r in expected] != [_shape(r) for r in got]:
            return False
    elif collections.Counter(map(_shape, expected)) != collections.Counter(map(_shape, got)):
        return False
    if not any(isinstance(v, ox.BlankNode) for row in expected for v in row.values()):
        return in_order or _plain_equal(expected, got)
    return _match(list(expected), list(got), {}, {}, in_order=in_order)


def _plain_equal(expected: Sequence[Row], got: Sequence[Row]) -> bool:
    return collections.Counter(map(_exact, expected)) == collections.Counter(map(_exact, got))


def _exact(row: Row) -> tuple:
    return tuple(sorted((k, _key(v) if not isinstance(v, ox.Triple) else str(v))
                        for k, v in row.items()))


def _match(expected: list[Row], got: list[Row], forward: dict, backward: dict, *,
           in_order: bool) -> bool:
    if not expected:
        return True
    row, rest = expected[0], expected[1:]
    candidates = [0] if in_order else range(len(got))
    for i in candidates:
        other = got[i]
        if other.keys() != row.keys():
            continue
        added: list[tuple[str, str]] = []
        ok = True
        for name, term in row.items():
            mine = other[name]
            if isinstance(term, ox.BlankNode) and isinstance(mine, ox.BlankNode):
                a, b = term.value, mine.value
                if forward.get(a, b) != b or backward.get(b, a) != a:
                    ok = False
                    break
                if a not in forward:
                    forward[a], backward[b] = b, a
                    added.append((a, b))
            elif _key(term) != _key(mine):
                ok = False
                break
        if ok and _match(rest, got[:i] + got[i + 1:], forward, backward, in_order=in_order):
            return True
        for a, b in added:
            del forward[a], backward[b]
    return False


# -- running ------------------------------------------------------------------------------

def run_reference(case: Case, *, union_layout: bool) -> Answer:
    store = reference_store(case, union_layout=union_layout)
    # over our layout the default graph already holds the union of the named graphs
    return answer_of_results(store.query(case.query.read_text("utf-8"),
                                         base_iri=case.query_iri))


def run_ours(base_url: str, case: Case) -> Answer:
    text = f"BASE <{case.query_iri}>\n" + case.query.read_text("utf-8")
    response = requests.post(
        base_url + "/sparql", data=text.encode("utf-8"), timeout=60,
        headers={"Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    media = response.headers["Content-Type"].split(";")[0]
    if media == "application/n-triples":
        return Answer("graph", graph=_rdflib_graph(
            q.triple for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)))
    return answer_of_results(ox.parse_query_results(response.content,
                                                    format=ox.QueryResultsFormat.JSON))


def judged(expected: Answer | None, run: object, case: Case) -> str:
    try:
        got = run() if callable(run) else run
    except Exception as exc:  # an engine's refusal or crash is that engine's failure
        return f"error: {type(exc).__name__}: {str(exc)[:200]}"
    if expected is None:
        return "no expected result"
    return compare(expected, got, in_order=ordered(case.query.read_text("utf-8")),
                   lax=case.lax)


def run_cases(cases: list[Case], *, workers: int) -> Iterator[Outcome]:
    from servers import serving

    from sco_kg.server import close_app, create_app

    by_dataset: dict[tuple, list[Case]] = collections.defaultdict(list)
    for case in cases:
        by_dataset[case.dataset_key].append(case)
    for group in by_dataset.values():
        app = create_app({"workers": workers, "rate_limit_query_s": 0, "cache_mb": 0,
                          "reload_check_s": 0}, store=our_store(group[0]))
        try:
            with serving(app) as url:
                for case in group:
                    started = time.perf_counter()
                    try:
                        expected = expected_answer(case.result) if case.result else None
                    except Exception as exc:
                        print(f"cannot read {case.result}: {exc}", file=sys.stderr)
                        expected = None
                    outcome = Outcome(
                        case,
                        judged(expected, lambda c=case: run_ours(url, c), case),
                        judged(expected, lambda c=case: run_reference(c, union_layout=False),
                               case),
                        judged(expected, lambda c=case: run_reference(c, union_layout=True),
                               case),
                        time.perf_counter() - started)
                    outcome.judge()
                    yield outcome
        finally:
            close_app(app)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suites", type=Path, required=True,
                        help="the rdf-tests sparql folder holding sparql10/ and sparql11/")
    parser.add_argument("--only", default="", help="run tests whose IRI contains this")
    parser.add_argument("--workers", type=int, default=1,
                        help="query worker processes per server (0: in the request thread)")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    args = parser.parse_args(argv)
    _SUITES[:] = [args.suites]
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    cases = [c for c in read_cases(args.suites) if args.only in c.iri]
    started = time.perf_counter()
    outcomes = list(run_cases(cases, workers=args.workers))
    counts = collections.Counter(o.verdict for o in outcomes)
    reference = sum(o.oxigraph == "pass" for o in outcomes)
    print(f"{len(outcomes)} query evaluation tests in {time.perf_counter() - started:.0f} s "
          f"(Oxigraph in-process passes {reference})")
    for verdict in ("pass", "union default graph", "fail, Oxigraph passes",
                    "fail, Oxigraph fails too"):
        print(f"  {verdict:28} {counts[verdict]:4}")
    for o in outcomes:
        if o.verdict != "pass" and (args.verbose or o.verdict == "fail, Oxigraph passes"):
            print(f"{o.verdict}: {o.case.iri}\n    ours: {o.ours}\n    oxigraph: {o.oxigraph}"
                  f"\n    oxigraph-union: {o.oxigraph_union}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([
            {"test": o.case.iri, "verdict": o.verdict, "ours": o.ours, "oxigraph": o.oxigraph,
             "oxigraph_union": o.oxigraph_union} for o in outcomes], indent=1) + "\n", "utf-8")
    return 1 if counts["fail, Oxigraph passes"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
