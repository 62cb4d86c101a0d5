"""Fair under load (issue 13): cheap clients alone, then beside clients whose queries run to
the time limit.

    .venv/bin/python bench/fairness.py                       # seed graph, defaults
    .venv/bin/python bench/fairness.py --seconds 20 --cheap 32 --slow 3
    .venv/bin/python bench/fairness.py --old                 # also the settings of before
    (cd OLD_CHECKOUT && .venv/bin/python NEW/bench/fairness.py --baseline)   # older code

``sco-kg serve`` runs on 127.0.0.1 over a store built from ``seeds/`` (or ``--store``), with
its default settings plus ``trusted_proxies 127.0.0.1``: every bench client sends its own
``X-Forwarded-For`` address, as clients behind a reverse proxy would. ``--same-address``
leaves the header out (every client is one address, as behind a NAT without a proxy).

Cheap clients loop over entity pages (HTML and Turtle) and one SPARQL lookup sent again and
again (answered from the answer cache after its first run). Slow clients send, each in a loop
with no pause, a query that runs to ``query_timeout_s`` (a three-way cross product counted),
each time with a new comment so the cache never answers it; a 429 or 503 is sent again at
once (the worst case: a client that ignores Retry-After). Phase 1: cheap clients alone for
``--seconds``; phase 2: the same plus the slow clients. Printed: requests/s, p50 and p99 of
the cheap clients' answered requests, their statuses, and the ratios phase 2 / phase 1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from measure import free_port, percentile, run_measured, sco_kg, server, write_results

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } # slow %d"
LOOKUP = ("SELECT ?label WHERE { GRAPH ?g { <%s> "
          "<http://www.w3.org/2000/01/rdf-schema#label> ?label } } LIMIT 5")
# Settings of before this change, for --old: two workers shared by everyone, a 10 s queue,
# no bound on queries running per client.
OLD = {"workers": "2", "reserved_page_workers": "0", "max_queries_per_client": "0",
       "queue_timeout_s": "10"}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)


def entities(port: int, count: int) -> list[str]:
    """IRIs of entities with a page (``/id/...``), read once before measuring."""
    query = ("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a ?t } "
             "FILTER(STRSTARTS(STR(?s), \"https://\") || STRSTARTS(STR(?s), \"http://\")) } "
             f"LIMIT {count * 4}")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/sparql", urllib.parse.urlencode({"query": query}),
                       {"Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "application/sparql-results+json",
                        "X-Forwarded-For": "10.9.9.9"})
    rows = json.loads(connection.getresponse().read())["results"]["bindings"]
    connection.close()
    return [row["s"]["value"] for row in rows if "/id/" in row["s"]["value"]][:count]


def cheap_requests(iris: list[str]) -> list[tuple[str, str, bytes | None, dict]]:
    requests: list[tuple[str, str, bytes | None, dict]] = []
    for iri in iris:
        path = "/id/" + iri.split("/id/", 1)[1]
        requests.append(("GET", path, None, {"Accept": "text/html"}))
        requests.append(("GET", path, None, {"Accept": "text/turtle"}))
    body = urllib.parse.urlencode({"query": LOOKUP % iris[0]}).encode()
    requests.append(("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                               "Accept": "application/sparql-results+json"}))
    return requests


def client_loop(port: int, requests: list, address: str | None, stop: threading.Event,
                tally: Tally, lock: threading.Lock, offset: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while not stop.is_set():
        method, path, body, headers = requests[i % len(requests)]
        i += 1
        if address:
            headers = {**headers, "X-Forwarded-For": address}
        began = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status: int | str = response.status
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            status = type(exc).__name__
        elapsed = time.perf_counter() - began
        if stop.is_set():
            break  # finished after the phase ended: not counted
        with lock:
            tally.statuses[status] += 1
            if status == 200:
                tally.latencies.append(elapsed)
    connection.close()


def slow_loop(port: int, address: str | None, stop: threading.Event, tally: Tally,
              lock: threading.Lock, number: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    sent = 0
    while not stop.is_set():
        sent += 1
        body = urllib.parse.urlencode({"query": SLOW % (number * 1_000_000 + sent)}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json"}
        if address:
            headers["X-Forwarded-For"] = address
        try:
            connection.request("POST", "/sparql", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status: int | str = response.status
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            status = type(exc).__name__
        with lock:
            tally.statuses[status] += 1
    connection.close()


def phase(port: int, requests: list, cheap: int, slow: int, seconds: float,
          same_address: bool) -> tuple[Tally, Tally, float]:
    stop, lock = threading.Event(), threading.Lock()
    cheap_tally, slow_tally = Tally(), Tally()
    slow_threads = [threading.Thread(target=slow_loop, args=(
        port, None if same_address else f"10.1.0.{n + 1}", stop, slow_tally, lock, n))
        for n in range(slow)]
    for thread in slow_threads:
        thread.start()
    if slow:
        time.sleep(1.0)  # let the slow queries take their workers first
    cheap_threads = [threading.Thread(target=client_loop, args=(
        port, requests, None if same_address else f"10.0.{n // 250}.{n % 250 + 1}", stop,
        cheap_tally, lock, n * 7)) for n in range(cheap)]
    began = time.perf_counter()
    for thread in cheap_threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    elapsed = time.perf_counter() - began
    for thread in cheap_threads:
        thread.join()
    return cheap_tally, slow_tally, elapsed


def describe(label: str, cheap: Tally, slow: Tally, seconds: float) -> dict:
    rate = len(cheap.latencies) / seconds
    row = {"phase": label, "cheap_rps": round(rate, 1),
           "p50_ms": round(percentile(cheap.latencies, 0.50) * 1000, 1),
           "p99_ms": round(percentile(cheap.latencies, 0.99) * 1000, 1),
           "cheap_statuses": dict(sorted((str(k), v) for k, v in cheap.statuses.items())),
           "slow_statuses": dict(sorted((str(k), v) for k, v in slow.statuses.items()))}
    print(f"{label:<28} {rate:8.1f} req/s  p50 {row['p50_ms']:8.1f} ms  "
          f"p99 {row['p99_ms']:8.1f} ms  cheap {row['cheap_statuses']}  "
          f"slow {row['slow_statuses']}", flush=True)
    return row


def run(store: Path, settings: dict[str, str], args: argparse.Namespace, label: str) -> dict:
    port = free_port()
    command = sco_kg("serve", "--store", str(store), "--port", str(port))
    if not args.baseline:
        command += ["--setting", "trusted_proxies", "127.0.0.1"]
    for name, value in settings.items():
        command += ["--setting", name, value]
    log = Path(tempfile.gettempdir()) / f"fairness-{port}.log"
    with server(command, f"http://127.0.0.1:{port}/healthz", log=log):
        requests = cheap_requests(entities(port, args.entities))
        phase(port, requests, args.cheap, 0, 2.0, args.same_address)  # warm-up
        alone = describe(f"{label}: {args.cheap} cheap alone",
                         *phase(port, requests, args.cheap, 0, args.seconds, args.same_address))
        loaded = describe(f"{label}: + {args.slow} slow",
                          *phase(port, requests, args.cheap, args.slow, args.seconds,
                                 args.same_address))
        # the slow clients' last queries finish (or time out) before the server stops
    ratio = loaded["cheap_rps"] / alone["cheap_rps"] if alone["cheap_rps"] else float("nan")
    no_429 = "429" not in loaded["cheap_statuses"]
    met = ratio >= 0.5 and loaded["p99_ms"] <= 1000 and no_429
    refused = loaded["cheap_statuses"].get("429", 0)
    print(f"{label}: throughput with slow / alone = {ratio:.2f}; p99 with slow "
          f"{loaded['p99_ms']:.0f} ms; cheap 429s: {refused}"
          f"; target (>= 0.50, <= 1000 ms, no 429) {'MET' if met else 'NOT met'}", flush=True)
    return {"label": label, "alone": alone, "loaded": loaded, "ratio": round(ratio, 3),
            "met": met}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=None,
                        help="a store folder (default: built from seeds/ into a temp folder)")
    parser.add_argument("--cheap", type=int, default=32)
    parser.add_argument("--slow", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0, help="per phase")
    parser.add_argument("--entities", type=int, default=20)
    parser.add_argument("--same-address", action="store_true",
                        help="send no X-Forwarded-For: every client is one address")
    parser.add_argument("--old", action="store_true",
                        help="also run with the settings of before (shared workers)")
    parser.add_argument("--baseline", action="store_true",
                        help="serve with no extra setting (to run this script against an "
                             "older checkout, with that checkout's interpreter)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            seeds = Path(__file__).resolve().parent.parent / "seeds"
            run_measured(sco_kg("build", "--seeds", str(seeds), "--store", str(store)))
        results = [run(store, {}, args, "baseline" if args.baseline else "new")]
        if args.old:
            results.append(run(store, OLD, args, "old"))
    print(json.dumps(results, indent=1))
    options = {**vars(args), "store": str(args.store)}
    print(f"written: {write_results('fairness', {'args': options, 'results': results})}")
    return 0 if results[0]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
