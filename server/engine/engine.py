"""The one way a read reaches the store: ``Engine``.

User SPARQL (``prepare`` / ``cached`` / ``run``) and the service's own reads (``reader``:
entity pages, search, timeline, VoID, the CLI) take the same road: a ``Job`` run by the same
executor (killable workers when the server has them), under the same row and byte caps and a
time limit. User queries get ``query_timeout_s`` each and run in the executor's user lane
(which leaves workers to pages); a page gets one ``page_timeout_s`` budget for all its
queries, so no page can hold a request thread longer than that. Nothing
here knows HTTP: failures are the domain errors of ``errors.py``.

Counts the service shows on every request (quads, graphs, version) are read once, when the
engine is made: the engine's store is read-only, so they cannot change under it. A new build
gets a new engine, swapped in between requests (``generations.py``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ...graph.store import Store
from .answers import AnswerCache
from .errors import QueryTimeout, QueryTooLarge
from .evaluation import Answer, Job
from .executor import Executor
from .guard import QueryDataset
from .results import Result, Solutions, Triples


@dataclass(frozen=True)
class Budgets:
    """Time limits, in seconds, and the longest query text accepted, in bytes."""

    query_timeout_s: float = 10.0
    page_timeout_s: float = 5.0
    queue_timeout_s: float = 1.0
    max_query_bytes: int = 100_000


class VerdictCache:
    """Queries that passed the guard, with the FROM graphs it found (keyed by text and base).

    So each distinct query is checked once; the hot path sends ``checked=True``.
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, str | None], QueryDataset | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str | None]) -> tuple[bool, QueryDataset | None]:
        """(whether the text passed before, the query dataset the guard found then)."""
        with self._lock:
            if key not in self._entries:
                return False, None
            self._entries.move_to_end(key)
            return True, self._entries[key]

    def add(self, key: tuple[str, str | None], query_dataset: QueryDataset | None) -> None:
        with self._lock:
            self._entries[key] = query_dataset
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)


class Engine:
    """Runs every read of one read-only store (see the module docstring)."""

    def __init__(self, store: Store, executor: Executor, budgets: Budgets, *,
                 answers: AnswerCache | None = None) -> None:
        self._store = store
        self._executor = executor
        self.budgets = budgets
        self.answers = answers
        self.verdicts = VerdictCache()
        self.version: str = store.version
        self.quad_count: int = len(store)
        self.graphs: tuple[str, ...] = tuple(store.graphs())

    @property
    def workers(self) -> int:
        return self._executor.workers

    @property
    def sandboxed(self) -> bool:
        return self._executor.sandboxed

    @property
    def workers_alive(self) -> int:
        """Query workers whose process exists now (0 for the inline executor)."""
        return int(getattr(self._executor, "workers_alive", self._executor.workers))

    @property
    def zygote_restarts(self) -> int:
        return int(getattr(self._executor, "zygote_restarts", 0))

    # -- user SPARQL: bytes in the negotiated format ---------------------------------------

    def prepare(self, text: str, *, default_graph: Sequence[str] | None = None,
                named_graphs: Sequence[str] | None = None, base_iri: str | None = None,
                results_format: str | None = "json",
                rdf_format: str | None = "turtle") -> Job:
        """The job for a user's query (remembering whether its text passed the guard before).

        Raises:
            QueryTooLarge: the text is longer than ``max_query_bytes``.
        """
        limit = self.budgets.max_query_bytes
        if len(text.encode("utf-8")) > limit:
            raise QueryTooLarge(f"query is longer than {limit} bytes")
        checked, verdict = self.verdicts.get((text, base_iri))
        return Job(text, _tuple(default_graph), _tuple(named_graphs), base_iri, results_format,
                   rdf_format, checked=checked, query_dataset=verdict)

    def cached(self, job: Job) -> Answer | None:
        """The answer to an identical earlier job over this store version, if kept."""
        if self.answers is None:
            return None
        key = self.answers.key(job)
        answer = self.answers.get(key)
        return None if answer is None else replace(answer, etag=self.answers.etag(key),
                                                   cached=True)

    def run(self, job: Job) -> Answer:
        """Run a user's job within ``query_timeout_s``; keep the answer for next time.

        Raises:
            QueryError: refused, bad syntax, no acceptable format; ``QueryTimeout``.
            EngineUnavailable: no worker was free in time.
            WorkerFailed: the worker died.
        """
        answer, passed = self._executor.run(job, timeout=self.budgets.query_timeout_s,
                                            queue_timeout=self.budgets.queue_timeout_s,
                                            lane="user")
        if passed and not job.checked:
            self.verdicts.add((job.text, job.base_iri), answer.query_dataset)
        if self.answers is not None:
            key = self.answers.key(job)
            self.answers.add(key, answer)
            answer = replace(answer, etag=self.answers.etag(key))
        return answer

    # -- the service's own reads: typed results -------------------------------------------

    def reader(self, timeout_s: float | None = None, *, trusted: bool = True) -> Reader:
        """A reader whose queries share one deadline (``page_timeout_s`` by default).

        ``trusted``: the texts are the service's own (fixed templates with terms written in
        by pyoxigraph), so the guard is skipped; pass False for a user's text.
        """
        budget = self.budgets.page_timeout_s if timeout_s is None else timeout_s
        return Reader(self, time.monotonic() + budget, budget, trusted=trusted)

    def query(self, text: str) -> Result:
        """The operator's own query (``sco-kg query``), as typed results.

        Within ``query_timeout_s`` and the caps, but not guarded: refusing ``SERVICE`` is the
        public endpoint's policy, and the operator may federate (``queries/federated_*``).
        """
        return self.reader(self.budgets.query_timeout_s, trusted=True).query(text)

    # -- whole-dataset exports: streams written once per version by the dumps, not queries ----

    @property
    def path(self) -> Path | None:
        """The store's folder on disk, when it has one (dumps are cached beside it)."""
        path = getattr(self._store, "path", None)
        return path if isinstance(path, Path) else None

    def dump(self, fmt: str, output: BinaryIO, *, graph: str | None = None) -> None:
        """Write the dataset (or one graph) in a ``graph.store.DUMP_FORMATS`` format."""
        self._store.dump(fmt, output, graph=graph)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad of the dataset (or of one graph)."""
        for quad in self._store.quads(graph):
            assert isinstance(quad, ox.Quad)
            yield quad

    def _execute(self, job: Job, *, timeout: float) -> Answer:
        answer, _ = self._executor.run(
            job, timeout=timeout, queue_timeout=min(timeout, self.budgets.queue_timeout_s),
            lane="page")
        return answer

    def close(self) -> None:
        """Stop the executor's workers."""
        self._executor.close()


class Reader:
    """Reads for one caller (a page, a command) under one deadline."""

    def __init__(self, engine: Engine, deadline: float, budget_s: float, *,
                 trusted: bool) -> None:
        self._engine, self._deadline, self._budget_s = engine, deadline, budget_s
        self._trusted = trusted

    def query(self, text: str) -> Result:
        """Any query form: ``Solutions``, a boolean or ``Triples``.

        Raises:
            QueryTimeout: the deadline passed (before or while the query ran).
            QueryError, EngineUnavailable, WorkerFailed: as ``Engine.run``.
        """
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise QueryTimeout(f"stopped after the time limit of {self._budget_s:g} s")
        job = Job(text, None, None, None, "tsv", "ntriples", checked=self._trusted)
        try:
            answer = self._engine._execute(job, timeout=remaining)
        except QueryTimeout:
            raise QueryTimeout(f"stopped after the time limit of {self._budget_s:g} s") \
                from None
        if answer.form == "boolean":
            return answer.body.strip() == b"true"
        if answer.form == "triples":
            return Triples.from_ntriples(answer.body, truncated=answer.truncated)
        return Solutions.from_tsv(answer.body, truncated=answer.truncated)

    def select(self, text: str) -> Solutions:
        result = self.query(text)
        if not isinstance(result, Solutions):
            raise TypeError("select() needs a SELECT query")
        return result

    def ask(self, text: str) -> bool:
        result = self.query(text)
        if not isinstance(result, bool):
            raise TypeError("ask() needs an ASK query")
        return result

    def construct(self, text: str) -> Triples:
        result = self.query(text)
        if not isinstance(result, Triples):
            raise TypeError("construct() needs a CONSTRUCT or DESCRIBE query")
        return result


def _tuple(values: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


__all__ = ["Budgets", "Engine", "Reader", "VerdictCache"]
