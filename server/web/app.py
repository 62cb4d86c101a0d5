"""The sco-kg HTTP service: a read-only SPARQL endpoint and linked-data views over the store.

``create_app`` is the only way in (flask's app-factory pattern): importing this package opens
no store, reads no environment and starts no process. The app keeps its state in
``app.extensions["sco_kg"]`` (``state.ServerState``); views reach it with ``current_engine()``,
``current_reader()``, ``current_settings()`` or ``current_state()``. Only the engine holds the
store: no view runs a query itself (``tests/server/test_one_query_path.py``).
"""

from __future__ import annotations

import atexit
import importlib.resources
import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from ...graph.store import Store, open_store
from ..engine.answers import AnswerCache
from ..engine.engine import Engine
from ..engine.executor import Executor, InlineExecutor, ProcessExecutor
from ..engine.generations import Generations, StoreWatcher
from .clients import InFlight, trusted_networks
from .errors import ServerError, register_error_handlers
from .ops import RequestIdFilter, register_ops
from .settings import Settings, SettingsError, as_settings
from .state import (
    EXTENSION,
    Admission,
    RateLimiter,
    ServerState,
    current_engine,
    current_reader,
    current_settings,
    current_state,
)


def create_app(settings: Settings | Mapping[str, object] | None = None, *,
               store: Store | str | None = None) -> Flask:
    """Build the app over ``store`` (a ``Store``, or a spec for ``open_store``).

    Without a store, ``$SCO_KG_STORE`` or ``var/store`` is opened read-only (into memory, or
    from its on-disk index: setting ``memory_max_quads``). Query workers are forked here, after
    an in-memory store is loaded (each worker opens an index itself); call ``close_app(app)``
    (or let the process exit) to stop them. Over a store folder, with ``reload_check_s`` above
    0, a thread watches the folder's manifest and swaps a new build in between requests
    (``engine.generations``).
    """
    frozen = as_settings(settings)
    try:
        proxies = trusted_networks(frozen.trusted_proxies)
    except ValueError as exc:
        raise SettingsError(f"setting trusted_proxies: {exc}") from exc
    if store is None or isinstance(store, str):
        store = open_store(store or os.environ.get("SCO_KG_STORE", "var/store"), read_only=True,
                           memory_max_quads=frozen.memory_max_quads)
    generations = Generations(engine_over(store, frozen))

    # The folder mapping (package-dir) hides the package from flask's instance-path search.
    app = Flask(__name__, instance_path=str(importlib.resources.files(__package__) / "instance"))
    app.config["MAX_CONTENT_LENGTH"] = frozen.max_request_bytes
    # One server thread stays free of the engine for /healthz, static files and dumps.
    admission = Admission(frozen.threads - 1)
    state = ServerState(frozen, generations, RateLimiter(frozen.rate_limit_query_s), admission,
                        in_flight=InFlight(frozen.max_queries_per_client),
                        trusted_proxies=proxies)
    folder = getattr(store, "path", None)
    if frozen.reload_check_s > 0 and isinstance(folder, Path):
        state.watcher = StoreWatcher(
            folder, generations,
            lambda: engine_over(open_store(str(folder), read_only=True,
                                           memory_max_quads=frozen.memory_max_quads), frozen),
            every_s=frozen.reload_check_s)
        state.watcher.start()
    atexit.register(state.close)
    app.extensions[EXTENSION] = state
    app.teardown_request(lambda _error: state.release())
    register_error_handlers(app)
    register_ops(app)
    # Every URL family, registered here so this is the one place to read them all.
    from . import canned, dumps, entities, openapi, sparql, ui

    for blueprint in (sparql.bp, dumps.bp, entities.bp, canned.bp, ui.bp, openapi.bp):
        app.register_blueprint(blueprint)
    return app


def engine_over(store: Store, settings: Settings) -> Engine:
    """The engine over ``store``: query workers forked now, after the store is in memory.

    A store served from its on-disk index has no ``warm`` and is never queried here: RocksDB
    handles must not cross a fork (``graph/store/index.py``).
    """
    warm = getattr(store, "warm", None)  # not in the Store protocol: the memory backend's
    if warm is not None:  # build lazily-built indexes once, before the workers fork
        warm()
    caps = settings.limits()
    executor: Executor
    if settings.workers > 0:
        # A remote store answers over the network, which the workers' sandbox takes away.
        sandbox = settings.sandbox and not getattr(store, "needs_network", False)
        executor = ProcessExecutor(store, caps, workers=settings.workers, sandbox=sandbox,
                                   memory_mb=settings.worker_memory_mb,
                                   query_memory_mb=settings.query_memory_mb,
                                   reserved_page_workers=settings.reserved_page_workers)
    else:
        executor = InlineExecutor(store, caps)
    answers = (AnswerCache(store.version, settings.cache_mb * 2**20) if settings.cache_mb
               else None)
    return Engine(store, executor, settings.budgets(), answers=answers)


def close_app(app: Flask) -> None:
    """Stop the app's query workers."""
    state = app.extensions[EXTENSION]
    assert isinstance(state, ServerState)
    state.close()


__all__ = ["RequestIdFilter", "ServerError", "Settings", "close_app", "create_app",
           "current_engine", "current_reader", "current_settings", "current_state"]
