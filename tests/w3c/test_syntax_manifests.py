"""The W3C SPARQL 1.0 and 1.1 query syntax tests, through ``/sparql`` (issue 13).

Every ``mf:PositiveSyntaxTest(11)`` and ``mf:NegativeSyntaxTest(11)`` entry of the suites'
manifests, with its query text, is vendored in ``tests/data/w3c-sparql-syntax/queries.jsonl``
(written by ``make_fixture.py`` there from w3c/rdf-tests; W3C test-suite licence). Each text is
POSTed as ``application/sparql-query`` to a real server on 127.0.0.1 with two query workers:

* a positive test answers 200, or 403 when it calls ``SERVICE`` (refused by policy);
* a negative test answers 400, or 403 when it is an update (``.ru``);
* none answers 500.

Where Oxigraph itself disagrees with the suite, the entry is in ``DEVIATIONS`` with a strict
xfail: nothing is filtered out silently, and a fixed engine turns the mark red.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from servers import live_app

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "w3c-sparql-syntax" / "queries.jsonl"
_R2 = "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/"
_S11 = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"

_UNKNOWN_FUNCTION = ("pyoxigraph refuses a query calling an extension function it does not know "
                     "(RuntimeError 'custom function ... is not supported'): 400 with that message")
DEVIATIONS: dict[str, str] = {
    **{_R2 + test: _UNKNOWN_FUNCTION for test in (
        "syntax-sparql1/manifest#syntax-expr-05", "syntax-sparql1/manifest#syntax-order-05",
        "syntax-sparql1/manifest#syntax-order-06", "syntax-sparql2/manifest#syntax-function-01",
        "syntax-sparql2/manifest#syntax-function-02",
        "syntax-sparql2/manifest#syntax-function-03",
        "syntax-sparql2/manifest#syntax-function-04")},
    _S11 + "syntax-query/manifest#test_4": _UNKNOWN_FUNCTION,
    _R2 + "syntax-sparql3/manifest#syn-bad-26": (
        "Oxigraph reads '?x<?a&&?b>?y' as a comparison; the longest-token rule makes "
        "'<?a&&?b>' an IRI, so the suite expects a syntax error"),
}


def _entries() -> list:
    params = []
    for line in FIXTURE.read_text("utf-8").splitlines():
        entry = json.loads(line)
        marks = []
        if entry["test"] in DEVIATIONS:
            marks.append(pytest.mark.xfail(reason=DEVIATIONS[entry["test"]], strict=True))
        name = entry["file"].rsplit("/", 2)
        params.append(pytest.param(entry, id=f"{name[-2]}/{name[-1]}", marks=marks))
    return params


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with live_app("memory:", workers=2, rate_limit_query_s=0, cache_mb=0) as url:
        yield url + "/sparql"


def _expected(entry: dict) -> int:
    if entry["positive"]:
        return 403 if "SERVICE" in entry["query"].upper() else 200
    return 403 if entry["file"].endswith(".ru") else 400


@pytest.mark.parametrize("entry", _entries())
def test_w3c_syntax_entry_through_endpoint(endpoint: str, entry: dict) -> None:
    response = requests.post(endpoint, data=entry["query"].encode("utf-8"), timeout=30,
                             headers={"Content-Type": "application/sparql-query",
                                      "Accept": "application/sparql-results+json, "
                                                "text/turtle;q=0.9"})
    assert response.status_code != 500, response.text
    assert response.status_code == _expected(entry), response.text


def test_w3c_syntax_no_entry_gets_500(endpoint: str) -> None:
    """Deviations included: whatever the status, never an internal error."""
    for line in FIXTURE.read_text("utf-8").splitlines():
        entry = json.loads(line)
        response = requests.post(endpoint, data=entry["query"].encode("utf-8"), timeout=30,
                                 headers={"Content-Type": "application/sparql-query"})
        assert response.status_code in (200, 400, 403), (entry["test"], response.text)


@pytest.mark.parametrize("test", sorted(DEVIATIONS))
def test_w3c_syntax_deviations_are_oxigraph_s_own(test: str) -> None:
    """Each deviation is pyoxigraph's own answer, not something the endpoint adds."""
    entry = next(e for e in (json.loads(line) for line in
                             FIXTURE.read_text("utf-8").splitlines()) if e["test"] == test)
    assert "SERVICE" not in entry["query"].upper()
    try:
        list(ox.Store().query(entry["query"], base_iri="http://example.org/"))
        accepted = True
    except (SyntaxError, RuntimeError):
        accepted = False
    assert accepted != entry["positive"]
