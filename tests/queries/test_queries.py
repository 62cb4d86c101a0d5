"""The canned-query loader: headers, parameter types and safe binding."""

from __future__ import annotations

import difflib
from pathlib import Path

import pyoxigraph as ox
import pytest

from sco_kg.queries import CannedQueryError, load, parse

QUERY = """\
# title: Labels of a thing
# description: What a thing is called,
# description: in every language.
# param: thing entity "Some Name" "IRI or label"
# param: limit integer 10 "how many"
# A plain comment line is allowed.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(STR(?label) = STR(?thing) || ?s = ?thing) }
"""


def _store() -> ox.Store:
    store = ox.Store()
    for name in ("alpha", "beta"):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/{name}"),
                          ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                          ox.Literal(name)))
    return store


def test_queries_header_is_parsed() -> None:
    query = parse("labels", QUERY)
    assert query.title == "Labels of a thing"
    assert query.description == "What a thing is called, in every language."
    assert [(p.name, p.type, p.default, p.help) for p in query.parameters] == [
        ("thing", "entity", "Some Name", "IRI or label"), ("limit", "integer", "10", "how many")]


def test_queries_every_shipped_query_has_a_header_and_parses_when_bound() -> None:
    queries = load()
    assert {"said_about", "claims_by_person", "conflicting_figures", "member_states",
            "events_timeline", "people_posts", "population_share"} <= {q.name for q in queries}
    for query in queries:
        assert query.title and query.description, query.name
        text = query.bind()
        if "SERVICE" not in text:
            ox.Store().query(text, use_default_graph_as_union=True)  # parses and runs


def test_queries_bind_literal_iri_and_integer() -> None:
    query = parse("labels", QUERY)
    store = _store()
    by_label = [r["s"].value for r in store.query(query.bind({"thing": "beta"}))]
    assert by_label == ["http://example.org/beta"]
    by_iri = [r["label"].value for r in store.query(query.bind(
        {"thing": "http://example.org/alpha"}))]
    assert by_iri == ["alpha"]
    assert 'VALUES (?thing ?limit) { ("beta" "10"^^<http://www.w3.org/2001/XMLSchema#integer>) }' \
        in query.bind({"thing": "beta"})


@pytest.mark.parametrize("value", [
    'beta" || true || "', "beta' } UNION { ?s ?p ?label } #", 'beta\\" } #',
    "beta\\u0022 } UNION { ?s ?p ?label } #", "beta\n} UNION { ?s ?p ?label } #",
    "http://example.org/alpha> } UNION { ?s ?p ?label } #", "<script>",
])
def test_queries_injected_values_stay_one_literal(value: str) -> None:
    echo = parse("echo", '# title: echo\n# param: thing entity x "h"\nSELECT * WHERE { }')
    assert [r["thing"] for r in ox.Store().query(echo.bind({"thing": value}))] == \
        [ox.Literal(value.strip())]
    assert list(_store().query(parse("labels", QUERY).bind({"thing": value}))) == []


@pytest.mark.parametrize("values, message", [
    ({"limit": "ten"}, "integer"),
    ({"limit": "1; DROP"}, "integer"),
    ({"other": "x"}, "unknown parameter"),
])
def test_queries_bad_values_are_refused(values: dict, message: str) -> None:
    with pytest.raises(CannedQueryError, match=message):
        parse("labels", QUERY).bind(values)


def test_queries_iri_parameters_must_be_absolute_http() -> None:
    text = QUERY.replace("thing entity", "thing iri").replace('"Some Name"', "http://x.org/")
    query = parse("labels", text)
    for bad in ("ftp://x.org/a", "relative/path", "javascript:alert(1)", "http://x.org/a b",
                "http://x.org/a>b", ""):
        with pytest.raises(CannedQueryError, match="IRI"):
            query.bind({"thing": bad})


@pytest.mark.parametrize("header, message", [
    ("# description: no title\nSELECT * WHERE {}", "title"),
    ("# title: t\n# colour: red\nSELECT * WHERE {}", "unknown header key"),
    ("# title: t\n# param: x float 1 \"h\"\nSELECT * WHERE {}", "unknown parameter type"),
    ("# title: t\n# param: x string\nSELECT * WHERE {}", "expected"),
    ("# title: t\n# param: x integer abc \"h\"\nSELECT * WHERE {}", "integer"),
    ("# title: t\n# param: x string a \"h\"\nASK {}", "WHERE"),
])
def test_queries_malformed_headers_are_refused(header: str, message: str) -> None:
    with pytest.raises(CannedQueryError, match=message):
        parse("bad", header)


GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "queries"


@pytest.mark.parametrize("query", [q for q in load() if "SERVICE" not in q.text.upper()],
                         ids=lambda q: q.name)
def test_queries_golden_results_on_the_seeds(query, seed_store, update_golden: bool) -> None:
    """Each canned query's answer on the seed build, byte for byte (review the diff)."""
    result = seed_store.query(query.bind())
    got = result.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    path = GOLDEN / f"{query.name}.tsv"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, "utf-8")
    if not path.exists():
        pytest.fail(f"no golden file {path}; run pytest --update-golden and review it")
    expected = path.read_text("utf-8")
    if got != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                            got.splitlines(keepends=True),
                                            f"golden/{query.name}.tsv", "seed build"))
        pytest.fail(f"{query.name} changed on the seeds:\n{diff}")


def _answer(store, name: str, **values: str) -> list[dict[str, str]]:
    query = next(q for q in load() if q.name == name)
    return [{v: (row[v].value if row[v] is not None else "") for v in
             (var.value for var in result.variables)}
            for result in [store.query(query.bind(values))] for row in result]


def test_queries_seed_facts(seed_store) -> None:
    """Named facts the seed articles state, whatever the golden files say."""
    members = {r["memberLabel"]: r for r in _answer(seed_store, "member_states")}
    for founder in ("China", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"):
        assert members[founder]["joined"] == "2001", founder
    assert members["India"]["joined"] == "2017"
    shares = {r["value"] for r in _answer(seed_store, "population_share")
              if r["unit"] == "percent"}
    assert "44" in shares
    founding = [r for r in _answer(seed_store, "events_timeline") if "2001-06-15" in r["begin"]]
    assert founding
