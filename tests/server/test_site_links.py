"""Every link a visitor reaches from the home page answers without error (issue 14).

A small breadth-first crawler over a live server on the seed build: it follows every
same-origin ``href`` / ``src`` of the HTML pages reachable from ``/`` (dumps, named graphs,
entity pages, canned queries, static files) and asserts that none answers 4xx or 5xx.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import requests
from servers import live_app

MAX_PAGES = 5000  # the seed site has about 3300 (entity pages and their .ttl/.jsonld/.nt)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def crawl(base: str, limit: int = MAX_PAGES) -> tuple[dict[str, int], dict[str, str]]:
    """Status per visited URL, and for each URL the page it was first found on."""
    origin = urlsplit(base).netloc
    seen: dict[str, str] = {f"{base}/": "(start)"}
    status: dict[str, int] = {}
    todo = deque([f"{base}/"])
    with requests.Session() as session:
        while todo and len(status) < limit:
            url = todo.popleft()
            response = session.get(url, timeout=60, headers={"Accept": "text/html,*/*"})
            status[url] = response.status_code
            if "text/html" not in response.headers.get("Content-Type", ""):
                continue
            for link in links_of(response.text):
                target = urldefrag(urljoin(url, link))[0]
                parts = urlsplit(target)
                if parts.scheme not in ("http", "https") or parts.netloc != origin:
                    continue
                if target not in seen:
                    seen[target] = url
                    todo.append(target)
    return status, seen


@pytest.mark.slow
def test_site_links_every_link_from_the_home_page_answers(seed_store_path: Path) -> None:
    with live_app(seed_store_path, rate_limit_query_s=0) as base:
        status, found_on = crawl(base)
    broken = {url: (code, found_on[url]) for url, code in status.items() if code >= 400}
    assert not broken, "\n".join(f"{code} {url} (linked from {page})"
                                 for url, (code, page) in sorted(broken.items()))
    visited = set(status)
    assert len(visited) < MAX_PAGES, "raise MAX_PAGES: the crawl was cut short"
    paths = {urlsplit(url).path for url in visited}
    assert any(p.startswith("/dumps/") and p.endswith(".gz") for p in paths), sorted(paths)
    assert any(p.startswith("/rdf-graph-store") for p in paths) or any(
        "graph=" in url for url in visited), sorted(paths)
    assert any(p.startswith("/id/person/") for p in paths), sorted(paths)
