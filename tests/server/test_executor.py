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
        assert set(executor._live) == {first} and executor.recycled == 0
    finally:
        executor.close()


def _children_of(pid: int) -> list[int]:
    """Live (non-zombie) children of ``pid``, oldest first (by their start time)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append((int(fields[19]), int(entry.name)))
    return [p for _, p in sorted(found)]


def test_executor_a_killed_zygote_is_restarted_and_queries_are_answered(
        small_store: Path) -> None:
    import os
    import signal

    store = OxigraphStore(str(small_store), read_only=True)
    executor = ProcessExecutor(store, LIMITS, workers=2, sandbox=False,
                               supervise_every_s=0.2)
    try:
        zygote = executor._zygote_pid
        os.kill(zygote, signal.SIGKILL)  # its workers die with it (PR_SET_PDEATHSIG)
        started = time.monotonic()
        while True:
            try:
                answer, _ = executor.run(_job("ASK { ?s ?p ?o }"), timeout=10, queue_timeout=1)
                break
            except Exception:  # noqa: BLE001 - busy or a dead worker until the restart
                assert time.monotonic() - started < 5, "no answer 5 s after the zygote died"
                time.sleep(0.1)
        assert b"true" in answer.body
        deadline = started + 5
        while (executor.zygote_restarts, executor.workers_alive) != (1, 2) \
                and time.monotonic() < deadline:
            time.sleep(0.1)
        assert executor.zygote_restarts == 1 and executor._zygote_pid != zygote
        assert executor.workers_alive == 2 and executor.zygote_alive
    finally:
        executor.close()


def test_executor_healthz_reports_a_restarted_zygote_and_live_workers(
        small_store: Path) -> None:
    import os
    import signal

    import requests
    from servers import live_app

    with live_app(small_store, workers=2) as url:
        before = requests.get(url + "/healthz", timeout=5).json()
        assert before["ok"] and before["workers_alive"] == 2 and before["zygote_restarts"] == 0
        zygote = _children_of(os.getpid())[-1]  # the newest child: this server's zygote
        assert len(_children_of(zygote)) == 2  # ... whose children are the two workers
        os.kill(zygote, signal.SIGKILL)
        deadline = time.monotonic() + 5
        health = before
        while time.monotonic() < deadline:
            health = requests.get(url + "/healthz", timeout=1).json()
            if health["zygote_restarts"] == 1 and health["workers_alive"] == 2:
                break
            time.sleep(0.1)
        assert health["ok"] and health["zygote_restarts"] == 1 and health["workers_alive"] == 2
        reply = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=10)
        assert reply.status_code == 200 and reply.json()["boolean"] is True


def test_executor_a_query_past_the_memory_limit_answers_503_and_the_next_one_works(
        seed_store_path: Path) -> None:
    import requests
    from servers import live_app

    cross = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
    with live_app(seed_store_path, workers=1, query_memory_mb=200, query_timeout_s=60,
                  cache_mb=0) as url:
        started = time.monotonic()
        reply = requests.get(url + "/sparql", params={"query": cross},
                             headers={"Accept": "application/sparql-results+json"}, timeout=90)
        assert reply.status_code == 503, reply.text[:300]
        assert "200 MB" in reply.text and "memory" in reply.text
        assert time.monotonic() - started < 60  # stopped by the limit, not the time limit
        reply = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert reply.status_code == 200 and reply.json()["boolean"] is True
        health = requests.get(url + "/healthz", timeout=5).json()
        assert health["ok"] and health["workers_alive"] == 1
