"""A running server serves a new build without a restart (issue 14, item 3).

The acceptance test runs the real thing: ``sco-kg serve`` in a subprocess over a store built from
two invented articles, a client polling ``/sparql`` and ``/healthz`` all along, then
``sco-kg build`` with a third article. The others pin the parts: a request keeps the engine it
started with across a swap, and a store that fails to load leaves the old one serving.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest
from servers import free_port, server_process

from sco_kg.graph.build import build
from sco_kg.graph.rdf import vocab
from sco_kg.graph.store import Store, open_store
from sco_kg.server import close_app, create_app
from sco_kg.server.engine.engine import Budgets, Engine
from sco_kg.server.engine.evaluation import Limits
from sco_kg.server.engine.executor import InlineExecutor
from sco_kg.server.engine.generations import StoreWatcher

SCO_KG = Path(sys.executable).with_name("sco-kg")

ARTICLES = {
    "alpha": """---
title: Ruritania joins a regional energy forum
publisher: Ruritania Herald
date: 2025-03-02
---
The Shanghai Cooperation Organization held an energy forum in Strelsau on Monday.
"We will open three new power lines next year," said Jan Novak, Ruritania's energy minister.
""",
    "beta": """---
title: Customs officers meet in Zenda
publisher: Zenda Courier
date: 2025-04-11
---
Customs officers of the Shanghai Cooperation Organization met in Zenda on Friday.
Trade across the border grew by 9 percent in 2024, Ana Kovac, the head of the customs office, said.
""",
    "gamma": """---
title: A new rail link for Ruritania
publisher: Ruritania Herald
date: 2025-05-20
---
Ruritania and its neighbours opened a rail link on Tuesday, the Shanghai Cooperation
Organization said.
"The line will carry two million tonnes of freight a year," said Petra Holm, the transport minister.
""",
}

ARTICLE_GRAPHS = f"""SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{vocab.GRAPH}article/"))
}}"""


def _write_articles(folder: Path, names: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / f"{name}.txt").write_text(ARTICLES[name], "utf-8")


def _get(url: str, accept: str = "*/*") -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def _count(base: str) -> tuple[int, int, str]:
    """(HTTP status, article graphs counted, ETag) of one /sparql request."""
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": ARTICLE_GRAPHS})
    status, headers, body = _get(url, "application/sparql-results+json")
    if status != 200:
        return status, -1, ""
    bindings = json.loads(body)["results"]["bindings"]
    return status, int(bindings[0]["n"]["value"]), headers.get("ETag") or ""


@contextmanager
def _serve(store: Path, log_path: Path, *settings: str) -> Iterator[str]:
    port = free_port()
    args = [str(SCO_KG), "serve", "--store", str(store), "--port", str(port)]
    for pair in settings:
        args += ["--setting", *pair.split("=", 1)]
    base = f"http://127.0.0.1:{port}"
    with server_process(args, f"{base}/healthz", log_path, name="sco-kg serve", timeout_s=60,
                        env={**os.environ, "PYTHONWARNINGS": ""}):
        yield base


class Poller:
    """A client asking /sparql, a page and /healthz in a loop, remembering what it saw."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.errors: list[str] = []
        self.counts: list[int] = []
        self.etags: dict[int, set[str]] = {}
        self.quads: dict[str, set[int]] = {}  # /healthz: version -> quad counts seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Poller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                status, n, etag = _count(self.base)
                if status != 200:
                    self.errors.append(f"/sparql answered {status}")
                else:
                    self.counts.append(n)
                    self.etags.setdefault(n, set()).add(etag)
                status, _, html = _get(f"{self.base}/id/article/alpha", "text/html")
                if status != 200 or b"Ruritania joins a regional energy forum" not in html:
                    self.errors.append(f"the page of an article answered {status}")
                status, _, body = _get(f"{self.base}/healthz")
                if status != 200:
                    self.errors.append(f"/healthz answered {status}")
                else:
                    health = json.loads(body)
                    self.quads.setdefault(health["version"], set()).add(health["quads"])
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                self.errors.append(repr(exc))
            time.sleep(0.02)


def test_reload_serves_a_rebuilt_store_without_a_restart(tmp_path: Path) -> None:
    articles, store = tmp_path / "articles", tmp_path / "store"
    _write_articles(articles, ["alpha", "beta"])
    assert build(articles, store).ok
    page = f"/id/article/{vocab.slug('gamma')}"
    # the poller and this test query at once from one address: more than the default one
    # running query per client (max_queries_per_client), which is not what this test is about
    with _serve(store, tmp_path / "serve.log", "reload_check_s=0.2", "workers=1",
                "max_queries_per_client=0") as base:
        assert _count(base)[:2] == (200, 2)
        assert _get(base + page, "text/html")[0] == 404
        with Poller(base) as poller:
            time.sleep(0.5)
            _write_articles(articles, ["gamma"])
            rebuilt = subprocess.run(
                [str(SCO_KG), "build", "--seeds", str(articles), "--store", str(store)],
                capture_output=True, text=True, timeout=300, check=False)
            assert rebuilt.returncode == 0, rebuilt.stderr
            assert "running `sco-kg serve`" in rebuilt.stdout
            assert "picks the change up" in rebuilt.stdout
            deadline = time.monotonic() + 10
            while _count(base)[1] != 3:
                assert time.monotonic() < deadline, "the new build was not served in 10 s"
                time.sleep(0.1)
            status, _, html = _get(base + page, "text/html")
            assert status == 200
            assert b"A new rail link for Ruritania" in html
            time.sleep(0.5)  # keep polling the new version for a while
        log = (tmp_path / "serve.log").read_text("utf-8", "replace")
    assert poller.errors == []
    assert len(poller.counts) >= 10, "the client hardly polled"
    # Never a mix: two articles, then three, and never back; each answer's ETag names its
    # version, one per version; each version has one quad count.
    assert 2 in poller.counts and 3 in poller.counts
    first_three = poller.counts.index(3)
    assert set(poller.counts[:first_three]) == {2} and set(poller.counts[first_three:]) == {3}
    assert all(len(tags) == 1 for tags in poller.etags.values())
    assert poller.etags[2] != poller.etags[3]
    assert len(poller.quads) == 2 and all(len(q) == 1 for q in poller.quads.values())
    assert "reloaded" in log


def _inline_engine(store: Store) -> Engine:
    return Engine(store, InlineExecutor(store, Limits(100, 100_000, 40)), Budgets())


def test_reload_request_keeps_the_engine_it_started_with(tmp_path: Path) -> None:
    articles, store = tmp_path / "articles", tmp_path / "store"
    _write_articles(articles, ["alpha"])
    assert build(articles, store).ok
    app = create_app({"workers": 1, "reload_check_s": 0}, store=str(store))
    try:
        state = app.extensions["sco_kg"]
        old = state.engine
        _write_articles(articles, ["beta"])
        assert build(articles, store).ok
        with app.test_request_context("/"):
            held = state.engine  # this request's engine, taken before the swap
            new = _inline_engine(open_store(str(store), read_only=True))
            state.generations.swap(new)
            assert state.engine is held is old  # the whole request sees one version
            assert state.generations.current is new
            assert old.reader().ask("ASK { ?s ?p ?o }")  # its workers still answer
            state.release()
        assert old._executor._closed  # its workers stopped once its last request ended
        with app.test_request_context("/"):
            assert state.engine is new
            state.release()
        assert new.version != old.version
    finally:
        close_app(app)


def test_reload_of_a_damaged_store_keeps_the_old_one(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    articles, store = tmp_path / "articles", tmp_path / "store"
    _write_articles(articles, ["alpha"])
    assert build(articles, store).ok
    app = create_app({"workers": 0, "reload_check_s": 0}, store=str(store))
    try:
        state = app.extensions["sco_kg"]
        watcher = StoreWatcher(store, state.generations,
                               lambda: _inline_engine(open_store(str(store), read_only=True)),
                               every_s=1)
        before = state.generations.current
        # A new manifest naming a graph file that is not there (a half-copied folder).
        manifest = json.loads((store / "manifest.json").read_text("utf-8"))
        entry = next(iter(manifest["graphs"].values()))
        entry["sha256"] = "0" * 64
        missing = store / entry["file"]
        shutil.move(missing, tmp_path / "moved.nq")
        (store / "manifest.json").write_text(json.dumps(manifest), "utf-8")
        with caplog.at_level(logging.ERROR, logger="sco_kg.server"):
            assert watcher.check() is False
            assert watcher.check() is False  # the same manifest is not tried twice
        assert state.generations.current is before
        assert len([r for r in caplog.records if "could not be loaded" in r.message]) == 1
        client = app.test_client()
        assert client.get("/healthz").get_json()["version"] == before.version
        # Repaired: the next look swaps it in.
        shutil.rmtree(store)
        _write_articles(articles, ["beta"])
        assert build(articles, store).ok
        assert watcher.check() is True
        assert client.get("/healthz").get_json()["version"] != before.version
    finally:
        close_app(app)


def test_reload_load_says_a_running_server_picks_the_change_up(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sco_kg.server.cli import cli

    data = tmp_path / "extra.ttl"
    data.write_text("<https://example.org/ruritania> <https://example.org/capital> "
                    "<https://example.org/strelsau> .\n", "utf-8")
    result = CliRunner().invoke(cli, ["load", str(data), "--graph", "https://example.org/g",
                                      "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "a running `sco-kg serve` over this store picks the change up" in result.output
