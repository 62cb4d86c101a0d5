"""What one app holds (``app.extensions["sco_kg"]``) and the accessors views use.

No module keeps the app, the store or the settings in a global: ``create_app`` builds a
``ServerState`` and views reach it through ``current_state()`` and friends (flask's extension
pattern; datasette's ``wrap_view``).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from flask import current_app

from ...graph.store import Store
from ..engine.answers import AnswerCache
from ..engine.executor import InlineExecutor, ProcessExecutor, VerdictCache
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


@dataclass
class ServerState:
    """The open store, frozen settings and query machinery of one app."""

    settings: Settings
    store: Store
    executor: InlineExecutor | ProcessExecutor
    limiter: RateLimiter
    verdicts: VerdictCache = field(default_factory=VerdictCache)
    answers: AnswerCache | None = None

    def close(self) -> None:
        self.executor.close()


def current_state() -> ServerState:
    return current_app.extensions[EXTENSION]


def current_store() -> Store:
    """The open, read-only store of the running app."""
    return current_state().store


def current_settings() -> Settings:
    return current_state().settings
