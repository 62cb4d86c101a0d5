"""Fair under load (issue 13, item 2): long user queries cannot starve pages or other clients.

Real servers on 127.0.0.1 (``live_app``), real HTTP clients; a query that runs to the time
limit is ``SLOW_QUERY``. Clients are told apart by ``X-Forwarded-For`` from the trusted proxy
127.0.0.1, as behind a reverse proxy.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from servers import free_port, live_app, server_process
from small_data import SLOW_QUERY

from sco_kg.graph.store.oxigraph import OxigraphStore
from sco_kg.server.engine.errors import Busy
from sco_kg.server.engine.evaluation import Job, Limits
from sco_kg.server.engine.executor import USER_NICE, ProcessExecutor
from sco_kg.server.web.clients import client_address, trusted_networks

FAST = "ASK { ?s ?p ?o }"


def _query(url: str, text: str, client: str | None = None) -> tuple[requests.Response, float]:
    headers = {"Accept": "application/sparql-results+json"}
    if client is not None:
        headers["X-Forwarded-For"] = client
    started = time.monotonic()
    response = requests.post(url + "/sparql", data={"query": text}, headers=headers, timeout=60)
    return response, time.monotonic() - started


@pytest.fixture
def lanes(small_store: Path) -> Iterator[str]:
    """Two workers, one kept for pages; queries stop after 3 s; clients told apart."""
    with live_app(small_store, workers=2, reserved_page_workers=1, query_timeout_s=3.0,
                  queue_timeout_s=0.5, page_timeout_s=2.0, rate_limit_query_s=0,
                  trusted_proxies="127.0.0.1", sandbox=False) as url:
        yield url


def test_fairness_pages_do_not_wait_behind_long_queries(lanes: str) -> None:
    """The user lane is taken by a query running to the time limit: a page still answers at
    once, and other clients' queries get a quick 503 (not one held for 3 s)."""
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(_query, lanes, SLOW_QUERY, "10.0.0.1")
        time.sleep(0.2)
        second = pool.submit(_query, lanes, SLOW_QUERY, "10.0.0.3")  # both workers, if it could
        time.sleep(0.5)
        started = time.monotonic()
        page = requests.get(lanes + "/.well-known/void", headers={"Accept": "text/turtle"},
                            timeout=30)
        page_seconds = time.monotonic() - started
        other, other_seconds = _query(lanes, FAST, "10.0.0.2")
        response, _ = slow.result()
        refused, refused_seconds = second.result()
    assert page.status_code == 200 and page_seconds < 1.5, (page.status_code, page_seconds)
    assert refused.status_code == 503 and refused_seconds < 2.0, refused.text
    assert other.status_code == 503 and other_seconds < 2.0, (other.status_code, other_seconds)
    assert other.headers["Retry-After"] and "busy" in other.json()["error"]
    assert response.status_code == 503 and "time limit" in response.json()["error"]
    assert _query(lanes, FAST, "10.0.0.2")[0].status_code == 200  # the lane is free again


def test_fairness_one_running_query_per_client(small_store: Path) -> None:
    """A client's second query while its first runs gets 429 with Retry-After, that client
    only: another client behind the same proxy is answered."""
    with live_app(small_store, workers=3, reserved_page_workers=1, query_timeout_s=3.0,
                  rate_limit_query_s=0, trusted_proxies="127.0.0.1",
                  sandbox=False) as url, ThreadPoolExecutor(1) as pool:
        slow = pool.submit(_query, url, SLOW_QUERY, "10.0.0.1")
        time.sleep(0.5)
        same, _ = _query(url, FAST, "10.0.0.1")
        other, _ = _query(url, FAST, "10.0.0.2")
        slow.result()
        again, _ = _query(url, FAST, "10.0.0.1")
    assert same.status_code == 429 and same.headers["Retry-After"] == "1", same.text
    assert "already running" in same.json()["error"]
    assert other.status_code == 200, other.text
    assert again.status_code == 200, again.text  # its count went back down


def test_fairness_forwarded_for_ignored_without_trusted_proxies(small_store: Path) -> None:
    """With no trusted proxy (the default), X-Forwarded-For cannot make one client two."""
    with live_app(small_store, workers=3, reserved_page_workers=1, query_timeout_s=3.0,
                  rate_limit_query_s=0, sandbox=False) as url, ThreadPoolExecutor(1) as pool:
        slow = pool.submit(_query, url, SLOW_QUERY, "10.0.0.1")
        time.sleep(0.5)
        forged, _ = _query(url, FAST, "10.0.0.2")
        slow.result()
    assert forged.status_code == 429, forged.text


def test_fairness_waiting_for_a_worker_is_not_charged(small_store: Path) -> None:
    """A client whose fast query waited ~1.5 s for the user lane keeps its query time: with
    1 s a minute, charging the wait would answer its next query 429."""
    with live_app(small_store, workers=2, reserved_page_workers=1, query_timeout_s=1.5,
                  queue_timeout_s=5.0, rate_limit_query_s=1.0, trusted_proxies="127.0.0.1",
                  sandbox=False) as url, ThreadPoolExecutor(1) as pool:
        slow = pool.submit(_query, url, SLOW_QUERY, "10.0.0.1")
        time.sleep(0.3)
        waited, seconds = _query(url, FAST, "10.0.0.2")
        slow.result()
        after, _ = _query(url, FAST + " # another text, not from the cache", "10.0.0.2")
        charged, _ = _query(url, FAST + " # the slow client's next", "10.0.0.1")
    assert waited.status_code == 200 and seconds > 0.8, (waited.status_code, seconds)
    assert after.status_code == 200, after.text
    assert charged.status_code == 429, charged.text  # its 1.5 s of running were charged


@pytest.mark.parametrize(("remote", "forwarded", "trusted", "expected"), [
    ("127.0.0.1", "10.0.0.5", "", "127.0.0.1"),  # no trusted proxy: header ignored
    ("192.0.2.9", "10.0.0.5", "127.0.0.1", "192.0.2.9"),  # not from the proxy: ignored
    ("127.0.0.1", "10.0.0.5", "127.0.0.1", "10.0.0.5"),
    ("127.0.0.1", "10.0.0.5, 10.0.0.6", "127.0.0.1", "10.0.0.6"),  # the proxy's own hop
    ("127.0.0.1", "198.51.100.1, 10.0.0.6", "127.0.0.1, 10.0.0.0/8", "198.51.100.1"),
    ("127.0.0.1", "forged, 203.0.113.4", "127.0.0.1", "203.0.113.4"),
    ("127.0.0.1", "not-an-address", "127.0.0.1", "127.0.0.1"),
    ("::1", "2001:db8::7", "::1", "2001:db8::7"),
])
def test_fairness_client_address(remote: str, forwarded: str, trusted: str,
                                 expected: str) -> None:
    assert client_address(remote, forwarded, trusted_networks(trusted)) == expected


def test_fairness_bad_trusted_proxies_setting_refused(small_store: Path) -> None:
    from sco_kg.server import create_app
    from sco_kg.server.web.settings import SettingsError

    with pytest.raises(SettingsError, match="trusted_proxies"):
        create_app({"workers": 0, "trusted_proxies": "a proxy"}, store=str(small_store))


def _job(text: str) -> Job:
    return Job(text, None, None, None, "json", None)


def test_fairness_executor_lanes(small_store: Path) -> None:
    """User queries run only in their lane's workers, at a lower CPU priority; pages take
    the reserved worker meanwhile."""
    store = OxigraphStore(str(small_store), read_only=True)
    executor = ProcessExecutor(store, Limits(100, 1_000_000, 40), workers=2, sandbox=False,
                               reserved_page_workers=1)
    try:
        user = [w.pid for w in list(executor._idle["user"].queue)]
        page = [w.pid for w in list(executor._idle["page"].queue)]
        assert len(user) == 1 and len(page) == 1
        assert os.getpriority(os.PRIO_PROCESS, user[0]) == USER_NICE
        assert os.getpriority(os.PRIO_PROCESS, page[0]) == os.getpriority(os.PRIO_PROCESS, 0)
        done = threading.Event()

        def slow() -> None:
            try:
                executor.run(_job(SLOW_QUERY), timeout=2.0, queue_timeout=1, lane="user")
            except Exception:  # noqa: BLE001 - the time limit, expected
                pass
            done.set()

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.3)
        with pytest.raises(Busy):
            executor.run(_job(FAST), timeout=5, queue_timeout=0.2, lane="user")
        started = time.monotonic()
        answer, _ = executor.run(_job(FAST), timeout=5, queue_timeout=0.5, lane="page")
        assert b"true" in answer.body and time.monotonic() - started < 0.5
        assert not done.is_set()
        thread.join()
        answer, _ = executor.run(_job(FAST), timeout=5, queue_timeout=1, lane="user")
        assert b"true" in answer.body  # a fresh worker took the killed one's place
        [fresh] = [w.pid for w in list(executor._idle["user"].queue)]
        assert fresh != user[0] and os.getpriority(os.PRIO_PROCESS, fresh) == USER_NICE
    finally:
        executor.close()


def test_fairness_serve_passes_forwarded_for_from_trusted_proxies(
        small_store: Path, tmp_path: Path) -> None:
    """Under ``sco-kg serve`` (waitress, which drops X-Forwarded-For unless told not to) a
    trusted proxy's clients are told apart: one client's second query is refused, another's
    answered."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = [str(Path(sys.executable).with_name("sco-kg")), "serve", "--store", str(small_store),
            "--port", str(port), "--setting", "trusted_proxies", "127.0.0.1",
            "--setting", "query_timeout_s", "3", "--setting", "rate_limit_query_s", "0",
            "--setting", "sandbox", "false"]
    with server_process(args, f"{base}/healthz", tmp_path / "serve.log", name="sco-kg serve",
                        timeout_s=60, env={**os.environ, "PYTHONWARNINGS": ""}), \
            ThreadPoolExecutor(1) as pool:
        slow = pool.submit(_query, base, SLOW_QUERY, "10.0.0.1")
        time.sleep(0.7)
        same, _ = _query(base, FAST, "10.0.0.1")
        other, _ = _query(base, FAST, "10.0.0.2")
        slow.result()
    assert same.status_code == 429, same.text
    assert other.status_code == 200, other.text
