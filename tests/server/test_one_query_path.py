"""One query path: every read of the store goes through ``server/engine`` (issue 10, item 2).

The web layer holds no store (the engine does), calls no ``.query(`` of its own and never
chooses a limit: pages run in the same killable workers as user SPARQL, under a page time
limit. The engine raises domain errors and knows no HTTP; ``web/errors.py`` alone picks the
status codes.
"""

from __future__ import annotations

import ast
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, url_for
from servers import live_app
from small_data import SLOW_QUERY

from sco_kg.graph.store.oxigraph import OxigraphStore
from sco_kg.server import close_app, create_app
from sco_kg.server.engine.engine import Budgets, Engine
from sco_kg.server.engine.errors import (
    Busy,
    NoAcceptableFormat,
    QueryError,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    WorkerFailed,
)
from sco_kg.server.engine.evaluation import Limits
from sco_kg.server.engine.executor import InlineExecutor, ProcessExecutor
from sco_kg.server.engine.results import Solutions, Triples
from sco_kg.server.web.entities import href
from sco_kg.server.web.errors import http_error

SERVER = Path(__file__).resolve().parents[2] / "server"
# Reading a store, or reaching for one: none of these may appear in a module importing flask.
STORE_READS = {"query", "quads_for_pattern", "quads", "dump", "named_graphs"}
EX = "http://example.org/"


def _flask_modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted((SERVER / "web").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.level == 0}
        if "flask" in imported:
            yield path, tree


def test_one_query_path_web_modules_never_read_the_store_themselves() -> None:
    modules = list(_flask_modules())
    assert len(modules) >= 8  # app, errors, ops, state and one module per URL family
    for path, tree in modules:
        for node in ast.walk(tree):
            where = f"{path.relative_to(SERVER)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                # engine.quads()/engine.dump() are the engine's exports; anything else is not
                receiver = node.func.value
                owner = receiver.id if isinstance(receiver, ast.Name) else ""
                assert node.func.attr not in STORE_READS or owner == "engine", \
                    f"{where} calls .{node.func.attr}() itself: read through the engine"
            if isinstance(node, ast.Attribute):
                assert node.attr not in {"Store", "store"}, \
                    f"{where} reaches for a store: only the engine holds it"
            if isinstance(node, ast.ImportFrom) and "store" in (node.module or "").split("."):
                assert path.name == "app.py", f"{where} imports the store layer"
            if isinstance(node, ast.Name):
                assert node.id not in {"current_store", "open_store"} or path.name == "app.py", \
                    f"{where} uses {node.id}"


def test_one_query_path_engine_knows_no_http() -> None:
    for path in sorted((SERVER / "engine").glob("*.py")):
        text = path.read_text("utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert not module.startswith(("flask", "werkzeug")) and "web" not in \
                    module.split("."), f"engine/{path.name} imports {module}"
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith(("flask", "werkzeug")) for a in node.names)


@pytest.mark.parametrize("error, status", [
    (QueryError("syntax error"), 400),
    (QueryRefused("SERVICE refused"), 403),
    (QueryTooLarge("too long"), 413),
    (NoAcceptableFormat("no format"), 406),
    (QueryTimeout("stopped"), 503),
    (Busy("all busy"), 503),
    (WorkerFailed("worker died"), 500),
])
def test_one_query_path_web_chooses_the_status_of_each_engine_error(error: Exception,
                                                                    status: int) -> None:
    converted = http_error(error)  # type: ignore[arg-type]
    assert converted.status == status
    assert converted.message == str(error)
    assert ("Retry-After" in converted.headers) == isinstance(error, Busy)


@pytest.fixture()
def inline_engine(small_store: Path) -> Iterator[Engine]:
    store = OxigraphStore(str(small_store), read_only=True)
    engine = Engine(store, InlineExecutor(store, Limits(2, 1_000_000, 40)), Budgets())
    yield engine
    engine.close()


def test_one_query_path_reader_returns_typed_results_within_the_row_cap(
        inline_engine: Engine) -> None:
    reader = inline_engine.reader()
    names = reader.select(f"SELECT ?n WHERE {{ ?s <{EX}name> ?n }} ORDER BY ?n")
    assert isinstance(names, Solutions) and names.variables == ("n",)
    assert [row.value("n") for row in names] == ["Alice", "Bob"] and names.truncated
    assert reader.ask(f"ASK {{ <{EX}alice> <{EX}knows> <{EX}bob> }}") is True
    graph = reader.construct(f"CONSTRUCT {{ ?s <{EX}knows> ?o }} WHERE {{ ?s <{EX}knows> ?o }}")
    assert isinstance(graph, Triples) and len(graph) == 2 and not graph.truncated
    row = next(iter(reader.select(f"SELECT ?s ?missing WHERE {{ ?s <{EX}name> \"Carol\" }}")))
    assert row["missing"] is None and row.text("missing") == ""
    with pytest.raises(QueryError, match="unbound"):
        row.value("missing")
    assert inline_engine.quad_count == 5 and len(inline_engine.graphs) == 2


def test_one_query_path_reader_stops_once_its_budget_is_spent(inline_engine: Engine) -> None:
    reader = inline_engine.reader(0.05)
    reader.ask("ASK {}")
    time.sleep(0.1)
    with pytest.raises(QueryTimeout, match="0.05 s"):
        reader.ask("ASK {}")


def test_one_query_path_a_worker_hung_past_the_page_limit_is_killed(small_store: Path) -> None:
    store = OxigraphStore(str(small_store), read_only=True)
    executor = ProcessExecutor(store, Limits(100, 1_000_000, 40), workers=1, sandbox=False)
    engine = Engine(store, executor, Budgets(page_timeout_s=0.5))
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            engine.reader().select(SLOW_QUERY)
        assert time.monotonic() - started < 3
        assert engine.reader().ask("ASK {}") is True  # a fresh worker took its place
    finally:
        engine.close()


def test_one_query_path_entity_links_match_url_for(small_store: Path) -> None:
    app: Flask = create_app({"workers": 0}, store=str(small_store))
    try:
        with app.test_request_context("/"):
            for path in ("article/big", "person/jan_novak", "a b/é", "x%2Fy", "q?r=1&s", "~t"):
                assert href(f"https://w3id.org/sco-kg/id/{path}") == \
                    url_for("entities.entity", rest=path)
    finally:
        close_app(app)


def _get(url: str, accept: str = "text/html") -> tuple[int, float, bytes]:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, time.perf_counter() - started, response.read()
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, error.read()


def test_one_query_path_pages_wait_for_the_same_workers_as_user_queries(
        small_store: Path) -> None:
    """With the only worker busy on a user's slow query, a page gets 503 within its own limit
    (it used to run on the request thread, beside the workers, with no limit at all)."""
    with live_app(small_store, workers=1, sandbox=False, query_timeout_s=4.0,
                  page_timeout_s=1.0, rate_limit_query_s=0) as url:
        slow = threading.Thread(target=_get, args=(
            f"{url}/sparql?query={urllib.request.quote(SLOW_QUERY)}", "application/json"))
        slow.start()
        time.sleep(0.5)
        status, seconds, body = _get(f"{url}/.well-known/void", "text/turtle")
        slow.join()
        assert status == 503 and seconds < 2.5, (status, seconds)
        assert "busy" in json.loads(body)["error"]
        assert _get(f"{url}/healthz", "application/json")[0] == 200
