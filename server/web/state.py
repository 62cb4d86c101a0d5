"""What one app holds (``app.extensions["sco_kg"]``) and the accessors views use.

No module keeps the app, the store or the settings in a global: ``create_app`` builds a
``ServerState`` and views reach it through ``current_state()`` and friends; the store itself
is held by the engine alone, so a view can read it only through the engine (flask's extension
pattern; datasette's ``wrap_view``).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from flask import current_app, g, has_request_context, request

from ..engine.engine import Engine, Reader
from ..engine.errors import Busy
from ..engine.generations import Generations, StoreWatcher
from .clients import InFlight, Network, client_address
from .errors import ServerError
from .settings import Settings

EXTENSION = "sco_kg"


class RateLimiter:
    """A token bucket of query time per client, as on the Wikidata Query Service.

    Each client may spend ``seconds_per_minute`` seconds of query time per minute; the bucket
    refills continuously and holds at most one minute's worth. A client whose bucket is empty
    gets 429 with ``Retry-After`` (the seconds until it holds time again).
    """

    def __init__(self, seconds_per_minute: float) -> None:
        self.capacity = seconds_per_minute
        self.rate = seconds_per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Raises ServerError(429) when ``client`` has no query time left."""
        if self.capacity <= 0:
            return
        tokens = self._tokens(client, time.monotonic())
        if tokens <= 0:
            wait = max(1, math.ceil(-tokens / self.rate + 1e-9))
            raise ServerError(429, f"query time budget used up ({self.capacity:g} s per minute "
                                   f"per client); retry in {wait} s",
                              headers={"Retry-After": str(wait)})

    def charge(self, client: str, seconds: float) -> None:
        if self.capacity <= 0:
            return
        now = time.monotonic()
        with self._lock:
            tokens = self._tokens_locked(client, now)
            self._buckets[client] = (tokens - seconds, now)
            if len(self._buckets) > 10_000:  # forget clients whose buckets are full again
                full = [c for c, (t, s) in self._buckets.items()
                        if t + (now - s) * self.rate >= self.capacity]
                for c in full:
                    del self._buckets[c]

    def _tokens(self, client: str, now: float) -> float:
        with self._lock:
            return self._tokens_locked(client, now)

    def _tokens_locked(self, client: str, now: float) -> float:
        tokens, stamp = self._buckets.get(client, (self.capacity, now))
        return min(self.capacity, tokens + (now - stamp) * self.rate)


class Admission:
    """How many requests may wait on the engine at once: one thread fewer than the server has.

    A request that reads the store holds its server thread until the engine answers, so
    without a bound a burst of long pages would take every thread and leave ``/healthz``,
    static files and dumps waiting behind them (issue 10: 48.9 s). Past the bound a request
    gets 503 with Retry-After after a short wait (``wait_s``) instead of queueing: without
    that wait, under 32 clients one thread answered thousands of instant 503s while seven did
    the work (bench/fairness.py).
    """

    def __init__(self, slots: int, wait_s: float = 0.25) -> None:
        self.slots = max(1, slots)
        self.wait_s = wait_s
        self._free = threading.BoundedSemaphore(self.slots)

    def admit(self) -> None:
        """Take a slot for the current request (once; given back when it ends).

        Raises:
            Busy: every slot stayed taken for ``wait_s``.
        """
        if g.get("sco_kg_admitted"):
            return
        if not self._free.acquire(timeout=self.wait_s):
            raise Busy(f"{self.slots} requests are already waiting on the query engine; "
                       "try again")
        g.sco_kg_admitted = True

    def release(self) -> None:
        """Give the current request's slot back (``teardown_request``)."""
        if g.pop("sco_kg_admitted", False):
            self._free.release()


@dataclass
class ServerState:
    """The frozen settings and the query engine (which alone holds the store) of one app.

    The engine can change while the server runs (a rebuilt store, ``generations.py``): a
    request reads ``engine`` as the one current when it first asked, for its whole length.
    """

    settings: Settings
    generations: Generations
    limiter: RateLimiter
    admission: Admission
    watcher: StoreWatcher | None = field(default=None)
    in_flight: InFlight = field(default_factory=lambda: InFlight(0))
    trusted_proxies: tuple[Network, ...] = ()

    @property
    def engine(self) -> Engine:
        """This request's engine (taken on first use, given back by ``release``).

        Outside a request: the current one.
        """
        if not has_request_context():
            return self.generations.current
        engine = g.get("sco_kg_engine")
        if engine is None:
            engine = g.sco_kg_engine = self.generations.acquire()
        assert isinstance(engine, Engine)
        return engine

    def release(self) -> None:
        """Give back the current request's engine and admission slot (``teardown_request``)."""
        self.admission.release()
        engine = g.pop("sco_kg_engine", None)
        if engine is not None:
            self.generations.release(engine)

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        self.generations.close()


def current_state() -> ServerState:
    state = current_app.extensions[EXTENSION]
    assert isinstance(state, ServerState)
    return state


def current_engine() -> Engine:
    """The engine every read of the store goes through."""
    return current_state().engine


def current_reader() -> Reader:
    """The reader of this request's pages: all its queries share one ``page_timeout_s``."""
    reader = g.get("sco_kg_reader")
    if reader is None:
        state = current_state()
        state.admission.admit()
        reader = g.sco_kg_reader = state.engine.reader()
    assert isinstance(reader, Reader)
    return reader


def current_client() -> str:
    """The address the current request's per-client limits key on (``clients.py``)."""
    state = current_state()
    return client_address(request.remote_addr, request.headers.get("X-Forwarded-For"),
                          state.trusted_proxies)


def current_settings() -> Settings:
    return current_state().settings
