"""Query latency and throughput over HTTP: ``sco-kg serve`` against ``oxigraph serve``.

    .venv/bin/python bench/endpoint.py                          # 200 synthetic articles
    .venv/bin/python bench/endpoint.py --articles 5000          # about 1M quads
    .venv/bin/python bench/endpoint.py --nq data.nq --max-requests 20 --max-seconds 3

Servers, all on 127.0.0.1 with free ports, started in this run on the same exported data
(``sco-kg export --format nq``, see bench/datasets.py):

* ``sco-kg``: ``sco-kg serve --store DIR --port N`` (skipped, with a note, until it exists);
* ``ox-mem``: ``oxigraph serve --union-default-graph`` in memory, loaded by POST /store (our
  store is in memory too, so this is the like-for-like reference);
* ``ox-disk``: ``oxigraph serve --location DIR --union-default-graph`` after ``oxigraph load``.

Requests: every canned query (``sco_kg.queries.load()``, parameters at their defaults) as a
SPARQL protocol POST, and entity lookups: ``GET /data/....ttl`` (where ``/id/...`` redirects) on
ours, ``DESCRIBE <iri>`` on Oxigraph (no such route there). Each (request, server,
clients) cell is one warm-up plus a loop bounded by ``--max-requests`` and
``--max-seconds``; cells are interleaved across servers, server order alternating by round.
Clients are threads with one keep-alive connection each, on the same 2 cores as the servers:
c=8 figures show saturation of this machine, not server capacity.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from datasets import Dataset, add_dataset_options, prepare_dataset
from measure import (
    free_port,
    ms,
    oxigraph_cli,
    percentile,
    ratio,
    rss_mb,
    run_measured,
    sco_kg,
    server,
    table,
    write_results,
)

ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


@dataclass(frozen=True)
class Request:
    """One benchmark request, spelled for each server."""

    name: str
    sparql: str | None = None  # a query: POSTed to both servers
    entity: str | None = None  # an entity IRI: GET /data/... on ours, DESCRIBE on Oxigraph

    def http(self, server_kind: str, query_path: str) -> tuple[str, str, bytes | None, dict]:
        if self.entity and server_kind == "sco-kg":
            from sco_kg.graph.rdf import vocab

            # /id/ answers 303 See Other; a client that follows it reads the Turtle document
            # of the IRI (without its fragment), so the bench asks for that document itself
            key = self.entity[len(vocab.ID):].split("#", 1)[0]
            path = "/data/" + urllib.parse.quote(key, safe="/") + ".ttl"
            return "GET", path, None, {"Accept": "text/turtle"}
        text = self.sparql or f"DESCRIBE <{self.entity}>"
        body = urllib.parse.urlencode({"query": text}).encode()
        accept = "text/turtle" if self.entity else ACCEPT
        return "POST", query_path, body, {"Accept": accept,
                                          "Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Cell:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: Counter = field(default_factory=Counter)
    response_bytes: int = 0


def canned_requests() -> list[Request]:
    """Every canned query at its defaults, except federated ones: nothing leaves loopback."""
    from sco_kg.queries import load

    return [Request(f"q:{q.name}", sparql=q.bind()) for q in load()
            if not re.search(r"\bSERVICE\b", q.text, re.IGNORECASE)]


def entity_requests(dataset: Dataset, count: int) -> list[Request]:
    """The most described entity, the median one, and a few between (deterministic)."""
    from sco_kg.graph.rdf import vocab

    prefix = f"<{vocab.ID}".encode()
    subjects: Counter = Counter()
    with open(dataset.nq, "rb") as handle:
        for line in handle:
            if line.startswith(prefix):
                subjects[line.split(b" ", 1)[0][1:-1].decode()] += 1
    ranked = [iri for iri, _ in sorted(subjects.items(), key=lambda kv: (-kv[1], kv[0]))]
    if not ranked:
        return []
    picks = sorted({round(i * (len(ranked) - 1) / max(1, count - 1)) for i in range(count)})
    pages = [Request(f"id:{ranked[i][len(vocab.ID):]}"[:48], entity=ranked[i]) for i in picks]
    # Like for like: the same DESCRIBE through both SPARQL endpoints (our /id/ pages add
    # incoming links and labels of linked nodes, so they do more than Oxigraph's DESCRIBE).
    describes = [Request(f"describe:{ranked[i][len(vocab.ID):]}"[:48],
                         sparql=f"DESCRIBE <{ranked[i]}>") for i in picks]
    return pages + describes


def whole_answer(response: http.client.HTTPResponse, payload: bytes) -> bool:
    """Whether a 200 carries the whole answer. ``oxigraph serve --timeout-s`` answers 200 and
    stops writing when its time is up (the answer is cut mid-document), and our server flags an
    answer cut at its caps; both are failures, not fast answers. A SPARQL JSON document ends with
    its closing brace."""
    if response.getheader("X-SCO-KG-Truncated", "").lower() == "true":
        return False
    if "json" in response.getheader("Content-Type", ""):
        return payload.rstrip().endswith(b"}")
    return True


def run_cell(port: int, request: tuple, clients: int, max_requests: int,
             max_seconds: float, request_timeout: float) -> Cell:
    method, path, body, headers = request
    cell = Cell()
    lock = threading.Lock()
    budget = [max_requests]
    start = time.perf_counter()
    deadline = start + max_seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=request_timeout)
        try:
            while True:
                with lock:
                    if budget[0] <= 0 or time.perf_counter() > deadline:
                        return
                    budget[0] -= 1
                began = time.perf_counter()
                status: int | str
                try:
                    connection.request(method, path, body=body, headers=headers)
                    response = connection.getresponse()
                    payload = response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as exc:
                    connection.close()
                    status, payload = type(exc).__name__, b""
                elapsed = time.perf_counter() - began
                if status == 200 and not whole_answer(response, payload):
                    status = "200 cut"
                with lock:
                    if status == 200:
                        cell.latencies.append(elapsed)
                        cell.response_bytes = len(payload)
                    else:
                        cell.errors[str(status)] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cell.seconds = time.perf_counter() - start
    return cell


WHOLE_ANSWER_ROWS = 100_000_000
WHOLE_ANSWER_BYTES = 4_000_000_000


def sco_kg_serve_command(store: Path, port: int, query_timeout_s: float,
                         cache: bool = False) -> list[str] | None:
    """Our server with the same query time limit as Oxigraph's, no per-client rate limit (one
    bench client would otherwise be throttled to 60 s of query time a minute), no bound on
    running queries per address (every bench client comes from 127.0.0.1, but stands for a
    different user, as Oxigraph treats it) and whole answers: Oxigraph never cuts one, and at
    50,000 articles events_timeline has 215,529 rows, past our default 10,000."""
    helped = run_measured(sco_kg("serve", "--help"), check=False)
    if helped.returncode != 0:
        return None
    command = sco_kg("serve", "--store", str(store), "--port", str(port))
    if "--host" in helped.stdout:
        command += ["--host", "127.0.0.1"]
    if "--setting" in helped.stdout:
        command += ["--setting", "query_timeout_s", f"{query_timeout_s:g}",
                    "--setting", "rate_limit_query_s", "0"]
        settings = run_measured(sco_kg("serve", "--help-settings"), check=False).stdout
        if "max_queries_per_client" in settings:
            command += ["--setting", "max_queries_per_client", "0"]
        if "max_rows" in settings:
            command += ["--setting", "max_rows", str(WHOLE_ANSWER_ROWS),
                        "--setting", "max_response_bytes", str(WHOLE_ANSWER_BYTES)]
        if not cache:  # measure the engine, not the answer cache, unless asked
            command += ["--setting", "cache_mb", "0"]
    return command


def summary(cell: Cell) -> dict:
    n = len(cell.latencies)
    return {"n": n, "p50_s": percentile(cell.latencies, 0.5),
            "p95_s": percentile(cell.latencies, 0.95),
            "rps": n / cell.seconds if cell.seconds else 0.0, "errors": dict(cell.errors),
            "bytes": cell.response_bytes}


def print_tables(results: dict, servers: list[str], concurrency: list[int]) -> None:
    references = [s for s in ("ox-set", "ox-mem", "ox-disk") if s in servers]
    for clients in concurrency:
        headers = ["request"] + [f"{s} p50/p95 ms" for s in servers] + \
            [f"{s} req/s" for s in servers]
        if "sco-kg" in servers:
            headers += [f"p50 ours/{r}" for r in references]
        rows = []
        for name, per_server in results.items():
            cells = [per_server.get(s, {}).get(str(clients)) for s in servers]
            row = [name]
            row += [f"{ms(c['p50_s'])} / {ms(c['p95_s'])}" + (" ERR" if c["errors"] else "")
                    if c else "–" for c in cells]
            row += [f"{c['rps']:.1f}" if c else "–" for c in cells]
            if "sco-kg" in servers:
                ours = per_server.get("sco-kg", {}).get(str(clients))
                for reference in references:
                    theirs = per_server.get(reference, {}).get(str(clients))
                    row.append(ratio(ours["p50_s"], theirs["p50_s"]) if ours and theirs
                               else "–")
            rows.append(row)
        print(f"\n### {clients} client{'s' if clients > 1 else ''}\n")
        print(table(headers, rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_dataset_options(parser)
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--max-requests", type=int, default=50, help="per cell")
    parser.add_argument("--max-seconds", type=float, default=5.0, help="per cell")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--entities", type=int, default=5, help="entity lookups to time")
    parser.add_argument("--no-ox-disk", action="store_true")
    parser.add_argument("--with-cache", action="store_true",
                        help="leave our answer cache on (repeated requests then measure it)")
    parser.add_argument("--skip", default=None, help="regex of request names to leave out")
    parser.add_argument("--query-timeout-s", type=float, default=10.0,
                        help="server-side limit, same for every server (oxigraph --timeout-s)")
    parser.add_argument("--server-memory-limit-mb", type=float, default=4000,
                        help="a server past this resident memory is killed and reported")
    args = parser.parse_args(argv)
    concurrency = [int(c) for c in args.concurrency.split(",")]
    dataset = prepare_dataset(args)
    requests = canned_requests() + entity_requests(dataset, args.entities)
    if args.skip:
        requests = [r for r in requests if not re.search(args.skip, r.name)]
    print(f"dataset: {dataset.describe()}; {len(requests)} requests", file=sys.stderr)
    ports = {"sco-kg": free_port(), "ox-set": free_port(), "ox-mem": free_port(),
             "ox-disk": free_port()}
    commands = {
        "sco-kg": sco_kg_serve_command(dataset.store, ports["sco-kg"], args.query_timeout_s,
                                       cache=args.with_cache),
        # The same data and semantics as ours: named graphs plus their set union loaded as the
        # default graph (Oxigraph's --union-default-graph is a multiset union).
        "ox-set": [oxigraph_cli(), "serve", "--bind", f"127.0.0.1:{ports['ox-set']}",
                   "--timeout-s", f"{args.query_timeout_s:g}"],
        "ox-mem": [oxigraph_cli(), "serve", "--bind", f"127.0.0.1:{ports['ox-mem']}",
                   "--union-default-graph", "--timeout-s", f"{args.query_timeout_s:g}"],
        "ox-disk": None if args.no_ox_disk else [
            oxigraph_cli(), "serve", "--location", str(dataset.oxigraph_db),
            "--bind", f"127.0.0.1:{ports['ox-disk']}", "--union-default-graph",
            "--timeout-s", f"{args.query_timeout_s:g}"],
    }
    if commands["sco-kg"] is None:
        print("note: `sco-kg serve` does not exist yet; timing Oxigraph only", file=sys.stderr)
    servers = [s for s, c in commands.items() if c]
    paths = {s: "/sparql" if s == "sco-kg" else "/query" for s in servers}
    results: dict[str, dict] = {}
    meta: dict[str, dict] = {}
    request_timeout = args.query_timeout_s + 5
    with _started(servers, commands, ports, paths, args.work) as processes, \
            _watchdog(processes, args.server_memory_limit_mb) as killed:
        meta["ox-mem_post_store_s"] = _post_store(ports["ox-mem"], dataset.nq)
        union = args.work / "union.nt"
        run_measured(sco_kg("export", "--format", "nt", "--store", str(dataset.store),
                            "-o", str(union)))
        meta["ox-set_post_store_s"] = _post_store(ports["ox-set"], dataset.nq) + _post_store(
            ports["ox-set"], union, default_graph=True)
        meta["killed_for_memory"] = killed
        for round_number in range(args.rounds):
            order = servers if round_number % 2 == 0 else list(reversed(servers))
            for request in requests:
                for clients in concurrency:
                    for name in order:
                        if processes[name].poll() is not None:
                            continue  # died (see meta): its cells stay empty
                        spelled = request.http(name, paths[name])
                        warm = run_cell(ports[name], spelled, 1, 1, args.max_seconds,
                                        request_timeout)
                        cell = run_cell(ports[name], spelled, clients, args.max_requests,
                                        args.max_seconds, request_timeout)
                        cell.errors.update(warm.errors)
                        slot = results.setdefault(request.name, {}).setdefault(name, {})
                        previous = slot.get(str(clients))
                        if previous:  # pool rounds
                            cell.latencies += previous["latencies"]
                            cell.seconds += previous["seconds"]
                            cell.errors.update(previous["errors"])
                        slot[str(clients)] = {"latencies": cell.latencies,
                                              "seconds": cell.seconds, "errors": cell.errors,
                                              "bytes": cell.response_bytes}
                        meta.setdefault(f"{name}_rss_mb", 0.0)
                        meta[f"{name}_rss_mb"] = max(meta[f"{name}_rss_mb"],
                                                     rss_mb(processes[name].pid))
    summarised = {r: {s: {c: summary(Cell(v["latencies"], v["seconds"], v["errors"],
                                          v["bytes"]))
                          for c, v in per.items()} for s, per in by_server.items()}
                  for r, by_server in results.items()}
    print(f"dataset: {dataset.describe()}")
    for name, at in killed.items():
        print(f"KILLED {name}: resident memory passed {at:.0f} MB "
              f"(--server-memory-limit-mb); its later cells are empty")
    print("server memory MB (PSS of the process tree, max sampled): " + ", ".join(
        f"{s} {meta.get(f'{s}_rss_mb', float('nan')):.0f}" for s in servers))
    print_tables(summarised, servers, concurrency)
    path = write_results("endpoint", {"dataset": dataset.as_dict(), "servers": servers,
                                      "meta": meta, "max_requests": args.max_requests,
                                      "max_seconds": args.max_seconds, "rounds": args.rounds,
                                      "results": summarised})
    print(f"\nresults: {path}")
    return 0


class _started:
    """Start every server (each stopped on exit, whatever happens)."""

    def __init__(self, servers: list[str], commands: dict, ports: dict, paths: dict,
                 work: Path) -> None:
        from contextlib import ExitStack

        self.stack = ExitStack()
        self.plan = [(s, commands[s], f"http://127.0.0.1:{ports[s]}{paths[s]}?query=ASK%7B%7D",
                      work / f"{s}.log") for s in servers]

    def __enter__(self) -> dict:
        processes = {}
        try:
            for name, command, probe, log in self.plan:
                processes[name] = self.stack.enter_context(server(command, probe, log=log))
        except BaseException:
            self.stack.close()
            raise
        return processes

    def __exit__(self, *exc: object) -> None:
        self.stack.close()


class _watchdog:
    """Kill any server whose resident memory passes the limit (the box is shared)."""

    def __init__(self, processes: dict, limit_mb: float) -> None:
        self.processes, self.limit_mb = processes, limit_mb
        self.killed: dict[str, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def watch(self) -> None:
        while not self.stop.wait(0.1):
            for name, process in self.processes.items():
                if process.poll() is None and name not in self.killed:
                    resident = rss_mb(process.pid)
                    if resident > self.limit_mb:
                        self.killed[name] = resident
                        os.killpg(process.pid, signal.SIGKILL)  # its own session

    def __enter__(self) -> dict[str, float]:
        self.thread.start()
        return self.killed

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _post_store(port: int, nq: Path, *, default_graph: bool = False) -> float:
    """Load the dataset (or, N-Triples, its default graph) into an in-memory Oxigraph server."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        with open(nq, "rb") as body:
            connection.request("POST", "/store?default" if default_graph else "/store",
                               body=body, headers={"Content-Type": "application/n-triples"
                                                   if default_graph else "application/n-quads"})
            response = connection.getresponse()
            response.read()
        if response.status not in (200, 204):
            raise SystemExit(f"POST /store answered {response.status}")
    finally:
        connection.close()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
