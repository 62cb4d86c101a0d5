"""The timeline page stays bounded however many events the store holds (issue 17): a small
dataset shows every event on one page, a bigger one goes year by year and page by page, and
an event many sentences report lists a few and counts the rest.

The store holds invented events written here, not the seed build; the page sizes are made
small so that a handful of events exercises the paging.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import requests
from handmade import served_quads

from sco_kg.graph.rdf import vocab
from sco_kg.server.web import ui

BROWSER = {"Accept": "text/html"}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
ARTICLE = vocab.article_iri("invented")
TEXT = "The leaders met. The ministers met again. Everyone met once more."

# (key, dates stated, sentences reporting it); 2023 has 5 events, 2024 has 2, one is undated
EVENTS = [
    ("alpha", ["2023-03-01"], 1), ("bravo", ["2023-01-15"], 1), ("charlie", ["2023-07-04"], 1),
    ("delta", ["2022-12-30", "2023-05-05"], 1), ("echo", ["2023-05-05"], 3),
    ("foxtrot", ["2024-02-02"], 1), ("golf", ["2024-01-01"], 2), ("hotel", [], 1),
]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _event_quads() -> Iterator[ox.Quad]:
    graph = _n(vocab.article_graph("invented"))
    yield ox.Quad(_n(ARTICLE), LABEL, ox.Literal("An invented article"), graph)
    for key, dates, sentences in EVENTS:
        event = _n(vocab.event_iri("meeting", key))
        yield ox.Quad(event, RDF_TYPE, _n(vocab.SCO + "Meeting"), graph)
        yield ox.Quad(event, LABEL, ox.Literal(f"Meeting {key}"), graph)
        for date in dates:
            yield ox.Quad(event, _n(vocab.SEM + "hasBeginTimeStamp"),
                          ox.Literal(date, datatype=XSD_DATE), graph)
        for number in range(sentences):
            start, stop = 17 * number, 17 * number + 16
            mention = _n(vocab.mention_iri(f"invented-{key}", start, stop))
            position, quote = ox.BlankNode(f"p{key}{number}"), ox.BlankNode(f"q{key}{number}")
            yield ox.Quad(event, _n(vocab.SCO + "evidence"), mention, graph)
            yield ox.Quad(mention, _n(vocab.OA + "hasSource"), _n(ARTICLE), graph)
            yield ox.Quad(mention, _n(vocab.OA + "hasSelector"), position, graph)
            yield ox.Quad(mention, _n(vocab.OA + "hasSelector"), quote, graph)
            yield ox.Quad(position, _n(vocab.OA + "start"), ox.Literal(start), graph)
            yield ox.Quad(position, _n(vocab.OA + "end"), ox.Literal(stop), graph)
            yield ox.Quad(quote, _n(vocab.OA + "exact"), ox.Literal(TEXT[start:stop]), graph)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with served_quads(list(_event_quads())) as url:
        yield url


def _events(html: str) -> list[str]:
    return re.findall(r"<h3>(?:<a [^>]*>)?Meeting (\w+)", html)


def _get(base: str, path: str) -> requests.Response:
    return requests.get(base + path, headers=BROWSER, timeout=30)


def test_timeline_small_dataset_shows_every_event_in_date_order_undated_last(base: str) -> None:
    page = _get(base, "/timeline")
    assert page.status_code == 200
    # an event's date is the latest one stated (delta: 2023-05-05); ties go by IRI
    assert _events(page.text) == ["bravo", "alpha", "delta", "echo", "charlie",
                                  "golf", "foxtrot", "hotel"]
    assert "date not stated" in page.text and 'rel="next"' not in page.text


def test_timeline_big_dataset_goes_by_year_and_page(base: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui, "TIMELINE_PAGE", 2)
    latest = _get(base, "/timeline")
    assert _events(latest.text) == ["golf", "foxtrot"]  # the latest year unless asked
    assert re.search(r'aria-current="page">2024</a> <span class="count">\(2\)', latest.text)
    assert "(5)" in latest.text  # 2023's count in the year list
    seen = []
    for number in (1, 2, 3):
        page = _get(base, f"/timeline?year=2023&page={number}")
        assert f"Page {number} of 3" in page.text
        seen += _events(page.text)
    assert seen == ["bravo", "alpha", "delta", "echo", "charlie"]  # each once, in date order
    assert 'rel="next"' not in page.text and 'rel="prev"' in page.text
    assert _events(_get(base, "/timeline?year=2023&page=99").text) == ["charlie"]  # the last
    assert "No events in 1999" in _get(base, "/timeline?year=1999").text


def test_timeline_counts_the_sentences_it_does_not_list(base: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui, "TIMELINE_SOURCES", 2)
    page = _get(base, "/timeline").text
    echo = page[page.index("Meeting echo"):page.index("Meeting charlie")]
    assert "3 sentences report this event" in echo and "<mark>" not in echo
    golf = page[page.index("Meeting golf"):page.index("Meeting foxtrot")]
    assert golf.count("<mark>") == 2 and "report this event" not in golf


@pytest.mark.parametrize("query", ["year=20x5", "year=2023&page=-1", "page=two"])
def test_timeline_rejects_a_malformed_year_or_page(base: str, query: str) -> None:
    page = _get(base, f"/timeline?{query}")
    assert page.status_code == 400
