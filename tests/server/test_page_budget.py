"""Issue 10 acceptance: a long article's page is bounded by the page time limit, and eight of
them at once leave ``/healthz`` answering in under a second.

Measured before the engine served pages (a 100 KB article): 10.9 s for one page and 48.9 s for
``/healthz`` beside eight of them, because every page query ran on a request thread with no
limit. The article here is invented by the benchmark's corpus generator (``bench/corpus.py``),
grown to about 100 KB, and built into a store by the real build.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import live_app

pytestmark = pytest.mark.slow

PAGE_TIMEOUT_S = 3.0
SLACK_S = 2.0  # after its last query a page still renders; the limit bounds the queries
ARTICLE_BYTES = 100_000


def _long_article(repo_root: Path) -> str:
    spec = importlib.util.spec_from_file_location("bench_corpus", repo_root / "bench" / "corpus.py")
    assert spec and spec.loader
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus  # dataclasses look their module up there
    spec.loader.exec_module(corpus)
    writer = corpus.ArticleWriter(corpus.load_pool(), 42, 0)
    speakers = [writer.speaker() for _ in range(6)]
    seen: set[str] = set()
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < ARTICLE_BYTES:
        paragraphs.append(writer.paragraph(speakers, seen))
    return ('---\ntitle: "A long report"\npublisher: "Example Wire"\ndate: 2024-05-06\n---\n'
            + "\n\n".join(paragraphs) + "\n")


@pytest.fixture(scope="module")
def long_article_server(repo_root: Path, tmp_path_factory: pytest.TempPathFactory
                        ) -> Iterator[str]:
    from sco_kg.graph.build import build

    folder = tmp_path_factory.mktemp("long-article")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "long.txt").write_text(_long_article(repo_root), "utf-8")
    report = build(folder / "seeds", folder / "store")
    assert report.ok, report.errors
    with live_app(folder / "store", page_timeout_s=PAGE_TIMEOUT_S, rate_limit_query_s=0,
                  sandbox=False) as url:
        yield url


def _get(url: str, accept: str = "text/html") -> tuple[int, float]:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def test_page_budget_long_article_page_is_bounded(long_article_server: str) -> None:
    status, seconds = _get(f"{long_article_server}/id/article/long")
    assert status in {200, 503}, status
    assert seconds < PAGE_TIMEOUT_S + SLACK_S, seconds


def test_page_budget_eight_long_pages_leave_healthz_fast(long_article_server: str) -> None:
    page = f"{long_article_server}/id/article/long"
    results: list[tuple[int, float]] = []
    threads = [threading.Thread(target=lambda: results.append(_get(page))) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # all eight are in flight
    health = [_get(f"{long_article_server}/healthz", "application/json") for _ in range(3)]
    for thread in threads:
        thread.join()
    assert all(status == 200 for status, _ in health), health
    assert max(seconds for _, seconds in health) < 1.0, health
    assert len(results) == 8 and all(status in {200, 503} for status, _ in results), results
    # Waiting for a worker counts against each page's limit, so none runs far past it; the
    # pages that got their rows still render, side by side under one GIL on a busy machine.
    assert max(seconds for _, seconds in results) < 2 * PAGE_TIMEOUT_S + SLACK_S, results
