"""Query workers: a worker that grows past its memory limit is swapped for a fresh fork."""

from __future__ import annotations

import time
from pathlib import Path

from sco_kg.graph.store.oxigraph import OxigraphStore
from sco_kg.server.engine.evaluation import Job, Limits
from sco_kg.server.engine.executor import ProcessExecutor, private_mb

LIMITS = Limits(max_rows=100_000, max_response_bytes=50_000_000, max_query_depth=40)
# Answering 20,000 rows dirties several MB of the worker's heap.
BIG = "SELECT ?x { VALUES ?x { " + " ".join(str(i) for i in range(20_000)) + " } }"


def _job(text: str) -> Job:
    return Job(text, None, None, None, "json", None)


def test_executor_replaces_a_worker_past_its_memory_limit(small_store: Path) -> None:
    store = OxigraphStore(str(small_store), read_only=True)
    executor = ProcessExecutor(store, LIMITS, workers=1, sandbox=False, memory_mb=2,
                               check_every_s=0.05)
    try:
        [first] = executor._live
        assert private_mb(first) < 2  # a fresh fork shares nearly everything
        answer, _ = executor.run(_job(BIG), timeout=30, queue_timeout=30)
        assert b"19999" in answer.body
        deadline = time.monotonic() + 10
        while executor.recycled == 0 and time.monotonic() < deadline:
            answer, _ = executor.run(_job("ASK {}"), timeout=30, queue_timeout=30)
            assert b"true" in answer.body
            time.sleep(0.05)
        assert executor.recycled >= 1
        assert first not in executor._live and len(executor._live) == 1
        answer, _ = executor.run(_job("ASK { ?s ?p ?o }"), timeout=30, queue_timeout=30)
        assert b"true" in answer.body  # the fresh worker answers from the same store
    finally:
        executor.close()


def test_executor_keeps_workers_without_a_memory_limit(small_store: Path) -> None:
    store = OxigraphStore(str(small_store), read_only=True)
    executor = ProcessExecutor(store, LIMITS, workers=1, sandbox=False, memory_mb=0)
    try:
        [first] = executor._live
        executor.run(_job(BIG), timeout=30, queue_timeout=30)
        executor.run(_job("ASK {}"), timeout=30, queue_timeout=30)
        assert executor._live == {first} and executor.recycled == 0
    finally:
        executor.close()
