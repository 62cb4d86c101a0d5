"""Issue 15 ("one web product") over plain HTTP on the hand-made store: one layout on every
page (errors too), labels phrased in English instead of keys, the conflicts index, the
figure <-> value pairs of a claim page, the home page's split counts and the labels service."""

from __future__ import annotations

import re

import pytest
import requests
from handmade import iri, make_store, served

from sco_kg.graph.rdf import vocab
from sco_kg.server.web.entities import figure_pieces, grouped
from sco_kg.server.web.entity_data import Figure
from sco_kg.server.web.labels import phrase

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def base() -> str:
    store = make_store()
    try:
        with served(store) as url:
            yield url
    finally:
        store.close()


def _h1(text: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", text, re.S).group(1)


@pytest.mark.parametrize("path", ["/", "/conflicts", "/timeline", "/queries", "/query",
                                  "/search?q=sco", "/id/org/sco", "/no/such/page"])
def test_web_pages_every_page_has_the_site_layout(base: str, path: str) -> None:
    text = requests.get(base + path, headers=BROWSER, timeout=30).text
    assert '<header class="site">' in text and 'role="search"' in text
    assert 'rel="icon"' in text and "<footer" in text


def test_web_pages_error_page_offers_a_way_on_and_json_stays(base: str) -> None:
    page = requests.get(base + "/id/person/nobody", headers=BROWSER, timeout=30)
    assert page.status_code == 404 and "Not found" in page.text
    assert 'href="/timeline"' in page.text and 'href="/search"' in page.text
    plain = requests.get(base + "/id/person/nobody", timeout=30,
                         headers={"Accept": "application/json"})
    assert plain.json()["status"] == 404


def test_web_pages_membership_and_post_read_as_english(base: str) -> None:
    membership = requests.get(base + "/id/membership/sco/kazakhstan/founding-member",
                              headers=BROWSER, timeout=30)
    assert membership.status_code == 200, membership.text[:300]
    title = _h1(membership.text)
    assert title.startswith("Kazakhstan, ") and "since 2001" in title, title
    person = requests.get(base + "/id/person/rashid-alimov", headers=BROWSER, timeout=30).text
    assert re.search(r"Rashid Alimov, Secretary-General of [^<]+</a>", person), person


@pytest.mark.parametrize("template_class, fields, expected", [
    (vocab.SCO + "Membership", {"member": "Ruritania", "role": "observer",
                                "organisation": "the XYZ", "start": "2012"},
     "Ruritania, observer of the XYZ since 2012"),
    (vocab.SCO + "PostHolding", {"member": "Jan Novak", "role": "Chair",
                                 "organisation": "the XYZ", "start": "2001", "end": "2004"},
     "Jan Novak, Chair of the XYZ (2001–2004)"),
    (vocab.SCO + "PostHolding", {"member": "Jan Novak", "role": "Chair",
                                 "organisation": "Ruritania"},
     "Jan Novak, Chair of Ruritania"),
    (vocab.SCO + "Claim", {"member": "x"}, None),
])
def test_web_pages_phrase_takes_the_first_template_with_every_field(
        template_class: str, fields: dict[str, str], expected: str | None) -> None:
    assert phrase(template_class, fields) == expected


@pytest.mark.parametrize("value, shown", [("200000000", "200,000,000"), ("43", "43"),
                                          ("217.6", "217.6"), ("1e9", "1e9"),
                                          ("-1500", "-1,500")])
def test_web_pages_figure_values_are_grouped(value: str, shown: str) -> None:
    assert grouped(value) == shown


def _figure(claim: str, start: int, end: int) -> Figure:
    return Figure(claim, "", 100, start, end, "", "", "", "", "")


def test_web_pages_figure_pieces_pair_each_span_with_its_figure() -> None:
    quote = "Ruritania has 12 ports and 3 airports"  # the quote starts at offset 100
    figures = [_figure("b", 127, 137), _figure("a", 114, 122)]
    pieces = figure_pieces(quote, 100, figures)
    assert "".join(text for text, _ in pieces) == quote
    assert [(text, index) for text, index in pieces if index is not None] == \
        [("12 ports", 1), ("3 airports", 0)]
    assert figure_pieces(quote, 100, [_figure("c", 90, 104)]) == [(quote, None)]


def test_web_pages_conflicts_index_sets_the_figures_side_by_side(base: str) -> None:
    text = requests.get(base + "/conflicts", timeout=30).text
    cards = text.count('<article class="conflict"')
    assert cards >= 1
    assert text.count('<mark class="fig"') >= 2 * cards
    assert "period" in text
    measure = re.search(r'<option value="([^"]+)"', text).group(1)
    filtered = requests.get(base + "/conflicts", params={"measure": measure}, timeout=30).text
    assert filtered.count('<article class="conflict"') >= 1
    none = requests.get(base + "/conflicts", params={"measure": "urn:x"}, timeout=30).text
    assert '<article class="conflict"' not in none and "show all" in none


def test_web_pages_claim_page_pairs_each_figure_with_its_value(base: str) -> None:
    claim = vocab.claim_iri("a001", 42, 125)
    text = requests.get(base + "/id/" + claim[len(vocab.ID):], headers=BROWSER,
                        timeout=30).text
    marks = re.findall(r'<mark class="fig[^"]*" id="(q-fig-\d+)" data-pair="(q-val-\d+)"', text)
    assert marks
    for fig, val in marks:
        assert f'id="{val}" data-pair="{fig}"' in text


def test_web_pages_home_splits_articles_from_catalogue(base: str) -> None:
    text = requests.get(base + "/", timeout=30).text
    assert "Read from the articles" in text and "From the reference catalogue" in text


def test_web_pages_labels_service_answers_for_our_iris_only(base: str) -> None:
    found = requests.post(base + "/labels", timeout=30, data={"iri": [
        iri("org", "sco"), "http://example.org/x", "not an iri"]}).json()
    assert set(found) == {iri("org", "sco")}


def test_web_pages_article_without_claims_says_so_and_shows_its_metadata(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    from servers import live_app

    from sco_kg.graph.build import build

    folder = tmp_path_factory.mktemp("no-claims")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "quiet.txt").write_text(
        '---\ntitle: "A quiet week in Ruritania"\npublisher: "Example Wire"\n'
        "date: 2024-05-06\n---\nThe weather in Ruritania was mild all week. Markets were "
        "closed on Tuesday.\n", "utf-8")
    report = build(folder / "seeds", folder / "store")
    assert report.ok, report.errors
    with live_app(folder / "store", rate_limit_query_s=0) as url:
        home = requests.get(url + "/", timeout=30).text
        link = re.search(r'href="(/id/article/[^"#]+)"', home).group(1)
        assert "nobody quoted" in home
        text = requests.get(url + link, headers=BROWSER, timeout=30).text
    assert "No claims were extracted from this article" in text
    assert "A quiet week in Ruritania" in _h1(text) and "Example Wire" in text
    assert "2024-05-06" in text
