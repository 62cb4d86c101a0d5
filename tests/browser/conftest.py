"""Browser fixtures: the seed build served on 127.0.0.1, and Debian's headless Chromium.

Chromium is ``/usr/bin/chromium`` (Debian packages ``chromium`` and ``chromium-driver``,
installed by ``.ci/system-deps``), driven by Playwright's Python client; Playwright's own
browser download is never used. A missing browser fails the run, it never skips.

Every request the browser makes goes through one route: requests to the test server continue,
anything else is aborted and recorded, and ``guard`` fails the test that made it. Screenshots
go to ``test-artifacts/browser/`` (gitignored).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from servers import live_app

CHROMIUM = os.environ.get("SCO_KG_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
INVENTED = Path(__file__).resolve().parent / "articles"  # written for these tests


@pytest.fixture(scope="session")
def ui_server(seed_store_path: Path) -> Iterator[str]:
    """The real app over the seed build, on a free loopback port."""
    with live_app(seed_store_path, workers=1, rate_limit_query_s=0) as url:
        yield url


@pytest.fixture(scope="session")
def india_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeds and one invented article with claims about India (the seeds state none),
    built through the real ``build`` and served like the seed build."""
    from sco_kg.graph.build import build

    articles = tmp_path_factory.mktemp("india-articles")
    for source in [*SEEDS.glob("*.txt"), INVENTED / "invented_india_trade_envoy.txt"]:
        shutil.copy(source, articles / source.name)
    store = tmp_path_factory.mktemp("india-build") / "store"
    report = build(articles, store)
    assert report.ok, report.errors
    with live_app(store, workers=1, rate_limit_query_s=0) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Playwright driving Debian's Chromium (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/system-deps (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright.chromium


@dataclass
class Guard:
    """What left the loopback server (must stay empty) and what broke in the page."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    def route(self, route: object) -> None:
        url = route.request.url
        self.seen.append(url)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin or parts.scheme in {"data", "blob"}:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


def _context(chromium: object, ui_server: str, *, javascript: bool,
             **options: object) -> Iterator[tuple]:
    profile = tempfile.mkdtemp(prefix="sco-kg-chromium-")
    guard = Guard(ui_server)
    context = chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
        java_script_enabled=javascript, viewport={"width": 1280, "height": 900}, **options)
    try:
        context.set_default_timeout(15_000)
        context.route("**/*", guard.route)
        page = context.pages[0] if context.pages else context.new_page()
        page.on("pageerror", lambda exc: guard.errors.append(str(exc)))
        page.on("console", lambda msg: guard.errors.append(msg.text)
                if msg.type == "error" else None)
        yield page, guard
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)
    assert guard.foreign == [], f"requests beyond the server: {guard.foreign}"
    assert guard.errors == [], f"errors in the page: {guard.errors}"


@pytest.fixture
def browser_page(chromium: object, ui_server: str) -> Iterator[tuple]:
    """A fresh profile with JavaScript; yields (page, guard)."""
    yield from _context(chromium, ui_server, javascript=True)


@pytest.fixture
def india_page(chromium: object, india_server: str) -> Iterator[tuple]:
    """Like ``browser_page``, on the build with claims about India."""
    yield from _context(chromium, india_server, javascript=True)


@pytest.fixture
def axe_page(chromium: object, ui_server: str) -> Iterator[tuple]:
    """A fresh profile with JavaScript where a test may add inline scripts (axe-core, from
    ``tests/data/axe-core``: injected from the file, never fetched)."""
    yield from _context(chromium, ui_server, javascript=True, bypass_csp=True)


@pytest.fixture
def plain_page(chromium: object, ui_server: str) -> Iterator[tuple]:
    """A fresh profile with JavaScript switched off."""
    yield from _context(chromium, ui_server, javascript=False)


@pytest.fixture
def shoot(request: pytest.FixtureRequest):
    """``shoot(page, "name")`` saves a screenshot (whole page, or ``full=False``: the viewport)
    as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page: object, name: str, *, full: bool = True) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=full)
        return path

    return save
