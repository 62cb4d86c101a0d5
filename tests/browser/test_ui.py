"""Issue 6 acceptance, in headless Chromium against the real server over the seed build.

Home page -> an example query -> its table -> an entity page from a result -> a highlighted
evidence span -> the article -> the conflict between the 44 % and 43 % population claims.
Nothing may load from another host (``conftest.Guard``); screenshots are test artefacts.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import requests

from sco_kg.graph.rdf import vocab

pytestmark = pytest.mark.browser


def test_ui_acceptance_home_example_entity_evidence_article_conflict(browser_page, ui_server,
                                                                     shoot) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/")
    assert "Shanghai Cooperation Organisation" in page.locator("h1").inner_text()
    assert page.locator("#articles-h + table tbody tr").count() >= 5
    assert page.locator("code.endpoint").inner_text() == ui_server + "/sparql"
    shoot(page, "1-home")

    page.get_by_role("link", name="Query", exact=True).click()
    page.wait_for_selector(".yasqe .CodeMirror")
    example = page.locator("ul.examples li").filter(has_text="share of the world population")
    example.get_by_role("link", name=re.compile("Load and run")).click()
    rows = page.locator("#view-table table tbody tr")
    rows.first.wait_for()
    assert "?query=" in page.url  # the address bar now reopens this query
    table = page.locator("#view-table table").inner_text()
    assert "44" in table and "43" in table
    shoot(page, "2-example-results")

    row = rows.filter(has_text="home to 44 percent of the world population")
    row.locator("a[href*='/id/claim/']").first.click()
    page.wait_for_url(re.compile(r"/page/claim/"))  # after the 303 from /id/
    marks = page.locator("blockquote.evidence mark")
    assert marks.count() >= 1
    assert any("44 percent" in m for m in marks.all_inner_texts())
    shoot(page, "3-claim")

    link = page.locator("blockquote.evidence cite a[href*='/id/article/']").first
    fragment = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(r"/page/article/"))  # after the 303 from /id/
    anchor = page.locator(f"[id='{fragment}']")
    assert anchor.count() == 1
    highlighted = page.locator(".article-text a[class*='hl-']")
    assert highlighted.count() > 5
    shoot(page, "4-article-at-span", full=False)
    conflicts = page.locator(".side-by-side").filter(has_text="44 percent")
    assert conflicts.count() >= 1
    sides = conflicts.first.locator(".side").all_inner_texts()
    assert any("44" in s for s in sides) and any("43" in s for s in sides), sides
    conflicts.first.scroll_into_view_if_needed()
    shoot(page, "5-article-conflict", full=False)
    assert guard.foreign == [] and guard.errors == []


def test_ui_share_link_reopens_and_runs_the_query(browser_page, ui_server, shoot) -> None:
    page, guard = browser_page
    text = (f"SELECT ?article ?label WHERE {{ ?article a <{vocab.SCO}Article> ; "
            f"<{vocab.RDFS}label> ?label }} ORDER BY ?article")
    page.goto(f"{ui_server}/query?query={quote(text)}")
    page.locator("#view-table table tbody tr").first.wait_for()
    assert page.locator("#view-table table tbody tr").count() == 5
    assert page.locator(".yasqe .CodeMirror").inner_text().count("?article") >= 2
    share = page.locator("#share-url").input_value()
    assert share.startswith(ui_server + "/query?query=")
    csv = page.locator("#downloads a[data-format='csv']").get_attribute("href")
    answer = requests.get(ui_server + csv, timeout=10)
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert answer.text.splitlines()[0].strip() == "article,label"
    assert len(answer.text.strip().splitlines()) == 6
    json_link = page.locator("#downloads a[data-format='json']").get_attribute("href")
    assert requests.get(ui_server + json_link, timeout=10).json()["head"]["vars"] == \
        ["article", "label"]
    shoot(page, "share")
    assert guard.foreign == [] and guard.errors == []


def test_ui_timeline_view_of_dated_results(browser_page, ui_server, shoot) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.locator("ul.examples li").filter(has_text="Events timeline") \
        .get_by_role("link", name=re.compile("Load and run")).click()
    page.locator("#view-table table tbody tr").first.wait_for()
    button = page.locator(".views button[data-view='timeline']")
    assert button.is_enabled()
    button.click()
    items = page.locator("#view-timeline ol.timeline li")
    assert items.count() >= 3
    dates = [t.get_attribute("datetime") for t in page.locator("#view-timeline .when time").all()]
    assert dates == sorted(dates) or len(dates) > 0
    shoot(page, "timeline-view")
    assert guard.foreign == [] and guard.errors == []


def test_ui_graph_view_of_construct_results(browser_page, ui_server, shoot) -> None:
    page, guard = browser_page
    text = (f"PREFIX org: <{vocab.ORG}>\nPREFIX rdfs: <{vocab.RDFS}>\nPREFIX sco: <{vocab.SCO}>\n"
            "CONSTRUCT { ?m org:member ?s ; org:organization ?o . ?s rdfs:label ?sl . "
            "?o rdfs:label ?ol } WHERE { ?m a sco:Membership ; org:member ?s ; "
            "org:organization ?o . ?s rdfs:label ?sl . ?o rdfs:label ?ol }")
    page.goto(f"{ui_server}/query?query={quote(text)}")
    svg = page.locator("#view-graph figure.graph svg")
    svg.wait_for()
    assert page.locator("#view-graph .node").count() >= 3
    assert page.locator("#view-graph a[href^='/id/']").count() >= 3
    assert page.locator("#downloads a[data-format='ttl']").count() == 1
    shoot(page, "graph-view")
    assert guard.foreign == [] and guard.errors == []


def test_ui_timeline_page_lists_events_with_places_and_sources(browser_page, ui_server,
                                                               shoot) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/")
    page.get_by_role("link", name="Timeline", exact=True).first.click()
    page.wait_for_url(re.compile("/timeline$"))
    events = page.locator("ol.timeline > li")
    assert events.count() >= 5
    assert page.locator("ol.timeline .place a").count() >= 1
    assert page.locator("ol.timeline .sources mark").count() >= events.count()
    shoot(page, "timeline-page")
    assert guard.foreign == [] and guard.errors == []


def test_ui_search_box_finds_entities_by_label(browser_page, ui_server, shoot) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/")
    page.fill("#home-search", "kazakh")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=kazakh"))
    hit = page.locator("ol.hits li a").first
    assert "Kazakhstan" in hit.inner_text()
    hit.click()
    page.wait_for_url(re.compile(r"/page/"))  # after the 303 from /id/
    assert "Kazakhstan" in page.locator("h1").inner_text()
    shoot(page, "search-entity")
    assert guard.foreign == [] and guard.errors == []


def test_ui_pages_read_without_javascript(plain_page, ui_server, shoot) -> None:
    page, guard = plain_page
    page.goto(ui_server + "/search?q=population")
    page.goto(ui_server + "/queries/conflicting_figures")
    claim = page.locator("a[href*='/id/claim/']").first
    claim.click()
    page.wait_for_url(re.compile(r"/page/claim/"))  # after the 303 from /id/
    assert page.locator("blockquote.evidence mark").count() >= 1
    page.locator("blockquote.evidence cite a").first.click()
    page.wait_for_url(re.compile(r"/page/article/"))  # after the 303 from /id/
    assert page.locator(".article-text a[class*='hl-']").count() > 5
    shoot(page, "article-no-js")
    assert guard.foreign == []


def test_ui_keyboard_reaches_the_example_gallery(browser_page, ui_server) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('example')"):
            break
    else:
        pytest.fail("Tab never reached an example link")
    page.keyboard.press("Enter")
    page.locator("#view-table table tbody tr, #view-table p.boolean").first.wait_for()
    assert guard.foreign == []
