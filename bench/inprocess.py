"""Canned queries in-process (pyoxigraph) against ``oxigraph serve``, both in memory, same data.

    .venv/bin/python bench/inprocess.py --store /tmp/q/s1000                 # every canned query
    .venv/bin/python bench/inprocess.py --store DIR --query said_about --rounds 5
    .venv/bin/python bench/inprocess.py --store DIR --query-file old.rq      # any query text

Both engines hold the *set* union of the store's named graphs as their default graph (the
semantics issue 17 asks of every store), loaded from one N-Triples file written here. Each
query is timed, interleaved round by round, four ways:

* ``py_json``: ``Store.query(...).serialize(JSON)``, all in Rust;
* ``py_iter``: the same query, every row read into Python (``row[var]`` for each variable);
* ``py_server``: what ``server/engine/evaluation.py`` does: TSV into a Python sink, parsed
  again, serialised as JSON;
* ``ox_serve``: a SPARQL protocol POST to ``oxigraph serve`` (keep-alive, JSON results).

The first round is a warm-up; the table shows medians. What it
found: bench/README.md, "Canned queries: plans, and pyoxigraph in-process".
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
from measure import free_port, ms, oxigraph_cli, server, table


def set_union_ntriples(store: Path, out: Path) -> int:
    """Write the distinct triples of every graph file of a store folder; return how many."""
    manifest = json.loads((store / "manifest.json").read_text("utf-8"))
    seen: set[bytes] = set()
    with open(out, "wb") as sink:
        for entry in manifest["graphs"].values():
            with open(store / entry["file"], "rb") as lines:
                for line in lines:
                    triple = line[:line.rstrip().rfind(b" <")] + b" .\n"
                    if triple not in seen:
                        seen.add(triple)
                        sink.write(triple)
    return len(seen)


class _Sink:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a sco-kg store folder")
    parser.add_argument("--query", action="append", help="canned query name (repeatable)")
    parser.add_argument("--query-file", action="append", type=Path, help="a .rq file (repeatable)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from sco_kg.queries import load

    texts = {q.name: q.bind() for q in load() if "SERVICE" not in q.text.upper()
             and (not args.query or q.name in args.query)}
    if args.query_file:
        texts = {} if not args.query else texts
        texts.update({p.stem: p.read_text("utf-8") for p in args.query_file})

    with tempfile.TemporaryDirectory(prefix="inprocess-") as tmp:
        nt = Path(tmp) / "union.nt"
        triples = set_union_ntriples(args.store, nt)
        began = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        loaded = time.perf_counter() - began
        print(f"{triples} distinct triples; pyoxigraph bulk_load {loaded:.1f} s", file=sys.stderr)
        port = free_port()
        command = [oxigraph_cli(), "serve", "--bind", f"127.0.0.1:{port}"]
        with server(command, f"http://127.0.0.1:{port}/", log=Path(tmp) / "serve.log"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
            with open(nt, "rb") as body:
                connection.request("POST", "/store?default", body=body,
                                   headers={"Content-Type": "application/n-triples"})
                response = connection.getresponse()
                response.read()
                assert response.status in (200, 204), response.status

            def ox_serve(text: str) -> int:
                connection.request("POST", "/query", body=urllib.parse.urlencode(
                    {"query": text}).encode(), headers={
                    "Accept": "application/sparql-results+json",
                    "Content-Type": "application/x-www-form-urlencoded"})
                answer = connection.getresponse()
                data = answer.read()
                assert answer.status == 200, data[:300]
                return len(data)

            def py_json(text: str) -> int:
                return len(store.query(text).serialize(format=ox.QueryResultsFormat.JSON) or b"")

            def py_iter(text: str) -> int:
                result = store.query(text)
                names = [v.value for v in result.variables]
                count = 0
                for row in result:
                    for name in names:
                        row[name]
                    count += 1
                return count

            def py_server(text: str) -> int:
                sink = _Sink()
                store.query(text).serialize(sink, ox.QueryResultsFormat.TSV)
                parsed = ox.parse_query_results(b"".join(sink.parts), ox.QueryResultsFormat.TSV)
                return len(parsed.serialize(format=ox.QueryResultsFormat.JSON) or b"")

            ways = {"py_json": py_json, "py_iter": py_iter, "py_server": py_server,
                    "ox_serve": ox_serve}
            rows = []
            for name, text in texts.items():
                times: dict[str, list[float]] = {way: [] for way in ways}
                for round_ in range(args.rounds + 1):
                    for way, run in ways.items():
                        began = time.perf_counter()
                        run(text)
                        if round_:
                            times[way].append(time.perf_counter() - began)
                p50 = {way: statistics.median(values) for way, values in times.items()}
                rows.append([name] + [ms(p50[way]) for way in ways]
                            + [f"×{p50['py_json'] / p50['ox_serve']:.2f}",
                               f"×{p50['py_server'] / p50['ox_serve']:.2f}"])
                print(rows[-1], file=sys.stderr, flush=True)
    print(table(["query", *ways, "py_json/ox", "py_server/ox"], rows))


if __name__ == "__main__":
    main()
