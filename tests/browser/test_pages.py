"""Page weight and escaping, over plain HTTP against the served seed build.

Issue 6: pages under 200 KB before the editor bundle, every value escaped. The hand-made
store of ``tests/server/handmade.py`` is not used here; escaping of reflected input (the
search box, the query page) is checked with text that would run if it were not escaped.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
import requests

LIMIT = 200 * 1024
EVIL = '<script>alert("x")</script>'


def _weight(base: str, path: str) -> int:
    """The page's HTML plus its own stylesheets and scripts, vendored editor excluded."""
    page = requests.get(base + path, timeout=10)
    assert page.status_code == 200, path
    total = len(page.content)
    for asset in ("/ui-assets/ui/ui.css", "/ui-assets/ui/query.js"):
        if asset in page.text:
            total += len(requests.get(base + asset, timeout=10).content)
    return total


@pytest.mark.parametrize("path", ["/", "/query", "/timeline", "/search?q=a"])
def test_pages_ui_pages_are_under_200_kb(ui_server: str, path: str) -> None:
    assert _weight(ui_server, path) < LIMIT


def test_pages_entity_claim_and_article_pages_are_under_200_kb(ui_server: str) -> None:
    found = requests.get(ui_server + "/search", params={"q": "shanghai", "format": "json"},
                         timeout=10).json()
    paths = [h["href"] for h in found[:3]]
    home = requests.get(ui_server + "/", timeout=10).text
    paths += sorted(set(p for p in home.split('"') if p.startswith("/id/article/")))
    for path in paths:
        assert _weight(ui_server, path) < LIMIT, path


def test_pages_reflected_input_is_escaped(ui_server: str) -> None:
    search = requests.get(ui_server + "/search", params={"q": EVIL}, timeout=10).text
    assert EVIL not in search and "&lt;script&gt;" in search
    query = requests.get(f"{ui_server}/query?query={quote(EVIL)}", timeout=10).text
    assert EVIL not in query
