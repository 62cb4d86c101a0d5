"""Issue 15 acceptance ("one web product"), in Debian's Chromium over the seed build.

Every HTML page reachable from the home page has the site header and search and shows no raw
``https://w3id.org/sco-kg/id/`` IRI or lower-case slug as link text (checked over HTTP on all of
them); axe-core (vendored, ``tests/data/axe-core``, injected into the page: nothing is fetched)
reports no serious or critical violation on every page family; Rashid Alimov's page lists his
claims, a claim page ties each figure to its own span; screenshots of the main views at 1280
and 375 px go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urldefrag, urljoin, urlsplit

import pytest
import requests

from sco_kg.graph.rdf import vocab

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
AXE = Path(__file__).resolve().parents[1] / "data" / "axe-core" / "axe.min.js"
SLUG = re.compile(r"^(?:[a-z]+:)?[a-z0-9]+(?:[-/][a-z0-9]+)+$")
PRODUCT = "sco-kg"  # the software agent's own name, as the graph labels it
MAX_PAGES = 3000
AXE_PER_FAMILY = 10**6  # every crawled page (issue 15): 476 on the seeds, ~0.5 s each
GRAPH_QUERY = (f"PREFIX org: <{vocab.ORG}>\nPREFIX rdfs: <{vocab.RDFS}>\n"
               f"PREFIX sco: <{vocab.SCO}>\n"
               "CONSTRUCT { ?m org:member ?s ; org:organization ?o . ?s rdfs:label ?sl . "
               "?o rdfs:label ?ol } WHERE { ?m a sco:Membership ; org:member ?s ; "
               "org:organization ?o . ?s rdfs:label ?sl . ?o rdfs:label ?ol }")


class _Page(HTMLParser):
    """Links, link texts and whether the layout's header and search are there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.link_texts: list[str] = []
        self.header = self.search = False
        self._in_link = 0
        self._own_words = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "header" and "site" in (found.get("class") or ""):
            self.header = True
        if tag == "form" and found.get("role") == "search":
            self.search = True
        if tag == "a":
            self._in_link += 1
            self._text = []
            # the article's own words (highlighted spans) and the site's name are not labels
            classes = found.get("class") or ""
            self._own_words = "hl-" in classes or "brand" in classes
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(found[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in_link:
            self._in_link -= 1
            if not self._own_words:
                self.link_texts.append("".join(self._text).strip())

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self._text.append(data)


def _family(path: str) -> str:
    parts = path.strip("/").split("/")
    return "/".join(parts[:2]) if parts[0] in ("id", "queries") else parts[0]


def _crawl(base: str) -> dict[str, _Page]:
    """Every same-origin HTML page reachable from ``/`` (RDF and downloads are not HTML)."""
    origin = urlsplit(base).netloc
    pages: dict[str, _Page] = {}
    seen = {base + "/"}
    todo = deque([base + "/"])
    with requests.Session() as session:
        while todo and len(pages) < MAX_PAGES:
            url = todo.popleft()
            path = urlsplit(url).path
            if path.startswith(("/dumps/", "/rdf-graph-store", "/ui-assets", "/sparql")) or \
                    re.search(r"\.(ttl|jsonld|nt|rdf|gz|svg|css|js)$", path):
                continue
            response = session.get(url, timeout=60, headers={"Accept": "text/html"})
            if "text/html" not in response.headers.get("Content-Type", ""):
                continue
            parsed = _Page()
            parsed.feed(response.text)
            pages[url] = parsed
            for link in parsed.links:
                target = urldefrag(urljoin(url, link))[0]
                if urlsplit(target).netloc == origin and target not in seen:
                    seen.add(target)
                    todo.append(target)
    return pages


@pytest.fixture(scope="module")
def site(ui_server: str) -> dict[str, _Page]:
    return _crawl(ui_server)


def _serious(page: object) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
          .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3)
               .map(n => n.target.join(" ")).join(", "));
    }""")
    return list(found)


def test_site_every_page_has_the_layout_and_labels_not_iris(site: dict[str, _Page]) -> None:
    assert len(site) > 100, len(site)
    bare = [url for url, p in site.items() if not (p.header and p.search)]
    assert not bare, bare[:10]
    raw = sorted({(text, url) for url, p in site.items() for text in p.link_texts
                  if vocab.ID in text or (SLUG.match(text) and text != PRODUCT)})
    assert not raw, sorted({text for text, _ in raw})[:40]


# Every crawled page (about 480) is audited in the browser: about 200 s on a quiet 2-core
# machine, over 500 s on a loaded one; the suite's 300 s per test is too short for it.
@pytest.mark.timeout(1500)
def test_site_axe_finds_no_serious_violations(site: dict[str, _Page], axe_page,
                                              ui_server: str) -> None:
    page, guard = axe_page
    families: dict[str, list[str]] = {}
    for url in site:
        if urlsplit(url).path.startswith("/.well-known/"):
            continue  # a data document (VoID): Chromium's Accept gets RDF/XML, a download
        families.setdefault(_family(urlsplit(url).path), []).append(url)
    sample = [u for urls in families.values() for u in urls[:AXE_PER_FAMILY]]
    sample += [ui_server + "/no/such/page", ui_server + "/conflicts?measure=x"]
    problems = {}
    for url in sample:
        page.goto(url)
        found = _serious(page)
        if found:
            problems[url] = found
    guard.errors.clear()  # Chromium's console logs the 404 of the error page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe-serious.json").write_text(json.dumps(
        {"pages": sample, "violations": problems}, indent=1), "utf-8")
    assert not problems, problems
    assert len(sample) >= 15, sorted(families)


def test_site_rashid_alimov_page_lists_his_claims_with_quote_and_article(browser_page,
                                                                         ui_server) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/search?q=alimov")
    page.locator("ol.hits li a", has_text="Rashid Alimov").first.click()
    page.wait_for_url(re.compile(r"/page/person/"))  # after the 303 from /id/
    section = page.locator("section[aria-labelledby='claims-by-h']")
    assert "Claims by Rashid Alimov" in section.locator("h2").inner_text()
    first = section.locator("ul.claims > li").first
    assert len(first.locator("q").inner_text()) > 20
    assert first.locator("a[href^='/id/article/']:not([href*='#'])").count() == 1
    assert first.locator("a[href*='#span-']").count() == 1
    summary = page.locator(".summary").inner_text()
    assert "Secretary-General of the SCO (2016–2018)" in summary
    # mentions come last, folded
    assert page.locator("details#mentions").get_attribute("open") is None
    assert page.locator("main > details, main > section").last.get_attribute("id") == "mentions"
    assert guard.errors == []


def test_site_india_page_lists_the_claims_about_india(india_page, india_server) -> None:
    # The seeds state no claim about India, so this build adds one invented article that does
    # (tests/browser/articles/invented_india_trade_envoy.txt).
    page, guard = india_page
    page.goto(india_server + "/id/state/india")
    section = page.locator("section[aria-labelledby='claims-about-h']")
    assert "Claims about India" in section.locator("h2").inner_text()
    quotes = [section.locator("ul.claims > li q").nth(i).inner_text()
              for i in range(section.locator("ul.claims > li q").count())]
    assert any("India has become one of the fastest-growing markets" in q for q in quotes)
    assert any("India will open two new trade corridors" in q for q in quotes)
    assert "India, member of the SCO since 2017" in page.locator(".summary").inner_text()
    assert guard.errors == []


def test_site_claims_about_an_entity_are_listed(browser_page, ui_server) -> None:
    # On the seed build itself: China's page; India's page phrases its membership.
    page, guard = browser_page
    page.goto(ui_server + "/id/state/china")
    section = page.locator("section[aria-labelledby='claims-about-h']")
    assert "Claims about China" in section.locator("h2").inner_text()
    assert section.locator("ul.claims > li q").count() >= 5
    page.goto(ui_server + "/id/state/india")
    assert "India, member of the SCO since 2017" in page.locator(".summary").inner_text()
    assert guard.errors == []


def test_site_claim_page_ties_each_figure_to_its_span(browser_page, ui_server) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/conflicts")
    page.locator(".conflict a[href^='/id/claim/']").first.click()
    page.wait_for_url(re.compile(r"/page/claim/"))  # after the 303 from /id/
    marks = page.locator("blockquote.quote mark.fig")
    assert marks.count() >= 1
    for index in range(marks.count()):
        mark = marks.nth(index)
        value = page.locator(f"[id='{mark.get_attribute('data-pair')}']")
        assert value.get_attribute("data-pair") == mark.get_attribute("id")
        digits = re.sub(r"\D", "", mark.inner_text())
        assert digits and digits[:2] in re.sub(r"\D", "", value.inner_text())
        mark.hover()
        assert "lit" in (value.get_attribute("class") or "")
        value.hover()
        assert "lit" in (mark.get_attribute("class") or "")
    assert guard.errors == []


def test_site_conflicts_index_filters_by_measure(browser_page, ui_server) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/")
    page.get_by_role("link", name="Conflicts", exact=True).click()
    cards = page.locator("article.conflict")
    total = cards.count()
    assert total >= 2
    assert page.locator("article.conflict .side mark.fig").count() >= 2 * total
    assert page.locator("article.conflict .period").count() >= 1
    option = page.locator("#f-measure option").nth(1)
    page.select_option("#f-measure", option.get_attribute("value"))
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"measure="))
    assert 1 <= page.locator("article.conflict").count() < total
    assert guard.errors == []


def test_site_error_pages_offer_a_way_on(browser_page, ui_server) -> None:
    page, guard = browser_page
    response = page.goto(ui_server + "/id/person/nobody-at-all")
    assert response.status == 404
    guard.errors.clear()  # Chromium's console logs the 404 itself
    assert page.locator("header.site form[role='search']").count() == 1
    assert "Not found" in page.locator("h1").inner_text()
    page.get_by_role("link", name="The timeline").click()
    page.wait_for_url(re.compile("/timeline$"))
    assert requests.get(ui_server + "/favicon.ico", timeout=10).headers["Content-Type"] \
        .startswith("image/svg+xml")


def test_site_query_errors_are_readable_and_prefixes_folded(browser_page, ui_server) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator(".CodeMirror-foldmarker").count() == 1  # the PREFIX block
    bad = "PREFIX a: <x:>\nSELECT * WHERE { ?s ?p }"
    page.goto(f"{ui_server}/query?query={quote(bad)}")
    error = page.locator("pre.error")
    error.wait_for()
    assert re.match(r"Syntax error on line 2, column \d+: ", error.inner_text())
    assert "{" not in error.inner_text().split(":")[0]  # not raw JSON
    guard.errors.clear()  # Chromium logs the 400 response


def test_site_keyboard_reaches_search_and_opens_mentions(browser_page, ui_server) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/id/person/rashid-alimov")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY" and \
                page.evaluate("document.activeElement.parentElement.id") == "mentions":
            break
    else:
        pytest.fail("Tab never reached the mentions")
    page.keyboard.press("Enter")
    assert page.locator("details#mentions").get_attribute("open") is not None
    assert guard.errors == []


VIEWS = {
    "home": "/",
    "entity": "/id/person/rashid-alimov",
    "claim": "/id/claim/000-06374103224dc2f7/3274-3381",
    "conflicts": "/conflicts",
    "timeline": "/timeline",
    "graph": "/query?query=" + quote(GRAPH_QUERY),
}


@pytest.mark.parametrize("width", [1280, 375])
def test_site_screenshots_of_the_main_views(axe_page, ui_server, width: int) -> None:
    page, _ = axe_page
    page.set_viewport_size({"width": width, "height": 900})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in VIEWS.items():
        page.goto(ui_server + path)
        if name == "graph":
            page.locator("#view-graph figure.graph").first.wait_for()
            page.locator("#results-h").scroll_into_view_if_needed()
            page.evaluate("document.getElementById('results-h').scrollIntoView()")
        page.screenshot(path=str(ARTIFACTS / f"site-{name}-{width}.png"), full_page=False)
        overflow = page.evaluate("document.documentElement.scrollWidth") - width
        assert overflow <= 1, f"{name} is {overflow} px wider than {width} px"


def test_site_query_results_show_labels_not_slugs(browser_page, ui_server) -> None:
    page, guard = browser_page
    page.goto(ui_server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.locator("ul.examples li").filter(has_text="Claims by a person") \
        .get_by_role("link", name=re.compile("Load and run")).click()
    claimant = page.locator("#view-table table tbody tr td a[href^='/id/person/']").first
    claimant.wait_for()
    page.wait_for_function("() => !document.querySelector("
                           "\"#view-table a[data-label-for^='https://w3id.org/sco-kg/id/person/']\")"
                           " || document.querySelector(\"#view-table a[data-label-for]\")"
                           ".textContent.indexOf('id:') !== 0")
    assert claimant.inner_text() == "Rashid Alimov"
    assert claimant.get_attribute("title").startswith(vocab.ID)
    editor = page.locator(".yasqe .CodeMirror").inner_text()
    assert "# title:" not in editor and "# description:" not in editor
    assert guard.errors == []
