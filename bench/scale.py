"""The growth curve: build, start-up, memory and query time at 1k, 10k and 50k articles.

    .venv/bin/python bench/scale.py                              # 1,000 and 10,000 articles
    .venv/bin/python bench/scale.py --sizes 1000,10000,50000 --corpus DIR

For each size N, the first N articles of one synthetic corpus (``--corpus``, made by
``bench/corpus.py``; generated here when not given, so every size is a prefix of the next) are
built by the real ``sco-kg build --jobs 2`` into a fresh store, then:

* **reference**: ``oxigraph serve-read-only --location REF --union-default-graph`` over the
  same quads on disk (REF is a hard-link ``oxigraph backup`` of the store's own on-disk index
  when the store has one, else an ``oxigraph load`` of its graph files);
* **ours**: ``sco-kg serve`` over the store, answer cache off, no per-client budget;
* **start-up**: seconds from spawning each server to its first answered ``ASK {}``;
* **memory**: PSS of each server's process tree at rest (after start-up and a pause) and its
  peak while the query mix runs (sampled every 100 ms);
* **queries**: every canned query (``sco_kg.queries``, defaults, no SERVICE) at 1 client, p50
  over a bounded loop, ours and the reference interleaved; then the whole mix round-robin at 8
  clients for ``--mix-seconds``: requests/s;
* **add one article**: article N+1 of the corpus copied in and ``sco-kg build`` run again.

Prints one table per size and the growth table; JSON goes to bench/results/. Machines are
shared: read the ratios (ours / reference, same run), not the absolute times.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from corpus import write_corpus
from endpoint import Request, canned_requests, run_cell, sco_kg_serve_command, whole_answer
from measure import (
    WORK,
    dir_mb,
    free_port,
    ms,
    oxigraph_cli,
    percentile,
    rss_mb,
    run_measured,
    sco_kg,
    table,
    write_results,
)

ASK = "/?query=ASK%7B%7D"


def corpus_prefix(corpus: Path, articles: int, target: Path) -> Path:
    """A folder holding the first ``articles`` files of ``corpus`` (symlinks: no copy)."""
    names = sorted(p.name for p in corpus.glob("*.txt"))
    if len(names) < articles + 1:
        raise SystemExit(f"{corpus} has {len(names)} articles; {articles + 1} are needed")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in names[:articles]:
        (target / name).symlink_to(corpus / name)
    return target


def reference_db(store: Path, target: Path) -> tuple[Path, float, str]:
    """The store's quads in an Oxigraph database of the reference's own (path, seconds, how)."""
    shutil.rmtree(target, ignore_errors=True)
    manifest = json.loads((store / "manifest.json").read_text("utf-8"))
    index = manifest.get("index")
    if isinstance(index, dict) and (store / str(index.get("dir", ""))).is_dir():
        done = run_measured([oxigraph_cli(), "backup", "--location",
                             str(store / index["dir"]), "--destination", str(target)])
        return target, done.seconds, "oxigraph backup of the store's index (hard links)"
    start = time.perf_counter()
    log = target.with_name(target.name + ".log")
    with open(log, "wb") as output, subprocess.Popen(
            [oxigraph_cli(), "load", "--location", str(target), "--format", "nq"],
            stdin=subprocess.PIPE, stdout=output, stderr=subprocess.STDOUT) as loader:
        assert loader.stdin is not None
        for entry in manifest["graphs"].values():
            loader.stdin.write((store / entry["file"]).read_bytes())
        loader.stdin.close()
        if loader.wait() != 0:
            raise SystemExit("oxigraph load failed: " + log.read_text("utf-8", "replace")[-2000:])
    return target, time.perf_counter() - start, "oxigraph load of the graph files"


class Server:
    """One server process, started and timed until it answers, stopped on exit."""

    def __init__(self, name: str, command: list[str], port: int, path: str, log: Path) -> None:
        self.name, self.command, self.port, self.path, self.log = name, command, port, path, log
        self.process: subprocess.Popen | None = None
        self.startup_s = math.nan

    def __enter__(self) -> Server:
        with open(self.log, "wb") as handle:
            started = time.perf_counter()
            self.process = subprocess.Popen(self.command, stdout=handle,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = started + 600
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited: "
                                 + self.log.read_text("utf-8", "replace")[-2000:])
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", self.path + ASK.lstrip("/"))
                if connection.getresponse().status == 200:
                    self.startup_s = time.perf_counter() - started
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit(f"{self.name} did not answer within 600 s")

    def __exit__(self, *exc: object) -> None:
        import os
        import signal

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def pss_mb(self) -> float:
        assert self.process is not None
        return rss_mb(self.process.pid)


class PeakSampler:
    """The highest PSS a set of servers reaches while a block runs (sampled every 100 ms)."""

    def __init__(self, servers: list[Server]) -> None:
        self.servers = servers
        self.peak = {s.name: 0.0 for s in servers}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            for server in self.servers:
                self.peak[server.name] = max(self.peak[server.name], server.pss_mb())

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def mix_throughput(server: Server, requests: list[Request], clients: int,
                   seconds: float, timeout: float) -> tuple[float, int]:
    """Requests/s of the whole mix, round-robin over ``clients`` threads; and error count."""
    spelled = [r.http("sco-kg" if server.name == "ours" else "ox", server.path)
               for r in requests]
    done, errors, lock = [0], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
        i = offset
        while time.perf_counter() < deadline:
            method, path, body, headers = spelled[i % len(spelled)]
            i += 1
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                ok = response.status == 200 and whole_answer(response, payload)
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            with lock:
                done[0] += ok
                errors[0] += not ok
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.perf_counter() - started), errors[0]


def measure_size(articles: int, corpus: Path, args: argparse.Namespace) -> dict:
    work: Path = args.work / f"scale-{articles}"
    work.mkdir(parents=True, exist_ok=True)
    store = work / "store"
    build_s, build_peak_mb = math.nan, math.nan
    if args.reuse and (store / "manifest.json").is_file() and (work / "seeds").is_dir():
        # a store kept by an earlier run (--keep): measure it again without building it again
        seeds = work / "seeds"
        print(f"[{articles}] reusing {store} ...", file=sys.stderr)
    else:
        seeds = corpus_prefix(corpus, articles, work / "seeds")
        shutil.rmtree(store, ignore_errors=True)
        print(f"[{articles}] building ...", file=sys.stderr)
        built = run_measured(sco_kg("build", "--seeds", str(seeds), "--store", str(store),
                                    "--jobs", str(args.jobs)), timeout=args.build_timeout_s,
                             memory_limit_mb=args.memory_limit_mb)
        build_s, build_peak_mb = built.seconds, built.peak_rss_mb
    manifest = json.loads((store / "manifest.json").read_text("utf-8"))
    quads = sum(int(e["quads"]) for e in manifest["graphs"].values())
    print(f"[{articles}] {quads:,} quads in {build_s:.0f} s; reference database ...",
          file=sys.stderr)
    ref_path, ref_s, ref_how = reference_db(store, work / "reference")
    result: dict = {"articles": articles, "quads": quads, "build_s": build_s,
                    "articles_per_s": articles / build_s,
                    "build_peak_mb": build_peak_mb, "store_mb": dir_mb(store),
                    "reference_db_s": ref_s, "reference_db": ref_how}
    ours_port, ref_port = free_port(), free_port()
    ours_cmd = sco_kg_serve_command(store, ours_port, args.query_timeout_s)
    assert ours_cmd is not None
    ref_cmd = [oxigraph_cli(), "serve-read-only", "--location", str(ref_path),
               "--bind", f"127.0.0.1:{ref_port}", "--union-default-graph",
               "--timeout-s", f"{args.query_timeout_s:g}"]
    requests = [r for r in canned_requests()
                if not args.queries or r.name.removeprefix("q:") in args.queries]
    with Server("ours", ours_cmd, ours_port, "/sparql", work / "ours.log") as ours, \
            Server("reference", ref_cmd, ref_port, "/query", work / "reference.log") as ref:
        servers = [ours, ref]
        time.sleep(args.rest_s)
        for server in servers:
            result[f"{server.name}_startup_s"] = server.startup_s
            result[f"{server.name}_rest_mb"] = server.pss_mb()
        per_query: dict[str, dict] = {}
        with PeakSampler(servers) as sampler:
            for request in requests:
                for server in servers:  # interleaved, same request back to back
                    kind = "sco-kg" if server.name == "ours" else "ox"
                    spelled = request.http(kind, server.path)
                    run_cell(server.port, spelled, 1, 1, args.query_timeout_s,
                             args.query_timeout_s + 5)  # warm-up
                    cell = run_cell(server.port, spelled, 1, args.max_requests,
                                    args.max_seconds, args.query_timeout_s + 5)
                    per_query.setdefault(request.name, {})[server.name] = {
                        "p50_s": percentile(cell.latencies, 0.5), "n": len(cell.latencies),
                        "errors": dict(cell.errors)}
            for server in servers:
                rps, errors = mix_throughput(server, requests, args.clients, args.mix_seconds,
                                             args.query_timeout_s + 5)
                result[f"{server.name}_mix_rps"] = rps
                result[f"{server.name}_mix_errors"] = errors
        for server in servers:
            result[f"{server.name}_peak_mb"] = sampler.peak[server.name]
    result["queries"] = per_query
    ratios = [q["ours"]["p50_s"] / q["reference"]["p50_s"] for q in per_query.values()
              if q["ours"]["n"] and q["reference"]["n"]]
    result["p50_ratio_geomean"] = math.exp(sum(map(math.log, ratios)) / len(ratios)) \
        if ratios else math.nan
    result["p50_ratio_max"] = max(ratios) if ratios else math.nan
    result["failed_queries"] = sorted(name for name, q in per_query.items()
                                      if not q["ours"]["n"])
    extra = sorted(corpus.glob("*.txt"))[articles]
    shutil.copyfile(extra, seeds / extra.name)
    print(f"[{articles}] rebuilding with one article added ...", file=sys.stderr)
    rebuilt = run_measured(sco_kg("build", "--seeds", str(seeds), "--store", str(store),
                                  "--jobs", str(args.jobs)), timeout=args.build_timeout_s,
                           memory_limit_mb=args.memory_limit_mb)
    result["add_one_s"] = rebuilt.seconds
    print_size(result)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def print_size(result: dict) -> None:
    rows = []
    for name, by_server in result["queries"].items():
        ours, ref = by_server["ours"], by_server["reference"]
        shown = [f"{ms(ours['p50_s'])}" + (" ERR" if ours["errors"] else ""),
                 f"{ms(ref['p50_s'])}" + (" ERR" if ref["errors"] else "")]
        ratio_text = (f"×{ours['p50_s'] / ref['p50_s']:.2f}"
                      if ours["n"] and ref["n"] else "–")
        rows.append([name, *shown, ratio_text])
    print(f"\n### {result['articles']:,} articles, {result['quads']:,} quads: canned queries, "
          "1 client, p50 ms\n")
    print(table(["query", "ours", "oxigraph --location", "ours ÷ reference"], rows))


def print_growth(results: list[dict]) -> None:
    rows = [[f"{r['articles']:,}", f"{r['quads']:,}", f"{r['build_s']:.0f}",
             f"{r['articles_per_s']:.1f}", f"{r['add_one_s']:.1f}",
             f"{r['ours_startup_s']:.2f} / {r['reference_startup_s']:.2f}",
             f"{r['ours_rest_mb']:.0f} / {r['reference_rest_mb']:.0f}",
             f"{r['ours_peak_mb']:.0f} / {r['reference_peak_mb']:.0f}",
             f"×{r['p50_ratio_geomean']:.2f} (max ×{r['p50_ratio_max']:.2f})",
             f"{r['ours_mix_rps']:.1f} / {r['reference_mix_rps']:.1f} "
             f"({r['ours_mix_rps'] / r['reference_mix_rps']:.0%})"
             if r["reference_mix_rps"] else "–"]
            for r in results]
    print("\n### Growth (ours / oxigraph serve-read-only --location, same run)\n")
    print(table(["articles", "quads", "build s", "articles/s", "add one s", "start-up s",
                 "PSS rest MB", "PSS peak MB", "canned p50 ratio geomean",
                 "mix req/s at 8 clients"], rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--corpus", type=Path, help="a corpus from bench/corpus.py "
                        "(at least max(size) + 1 articles); made in --work when not given")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--max-requests", type=int, default=20, help="per query and server")
    parser.add_argument("--max-seconds", type=float, default=15.0, help="per query and server")
    parser.add_argument("--queries", type=lambda text: set(text.split(",")), default=set(),
                        help="only these canned queries (comma-separated names; default all)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--mix-seconds", type=float, default=30.0)
    parser.add_argument("--rest-s", type=float, default=3.0)
    parser.add_argument("--query-timeout-s", type=float, default=10.0)
    parser.add_argument("--build-timeout-s", type=float, default=4 * 3600)
    parser.add_argument("--memory-limit-mb", type=float, default=16000)
    parser.add_argument("--keep", action="store_true", help="keep each size's store")
    parser.add_argument("--reuse", action="store_true",
                        help="measure a store an earlier --keep run left, without building it")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    corpus = args.corpus
    if corpus is None:
        corpus = args.work / f"corpus-{args.seed}-{max(sizes) + 1}"
        if len(list(corpus.glob("*.txt"))) != max(sizes) + 1:
            shutil.rmtree(corpus, ignore_errors=True)
            write_corpus(max(sizes) + 1, corpus, seed=args.seed)
    results = [measure_size(n, corpus.resolve(), args) for n in sizes]
    print_growth(results)
    path = write_results("scale", {"sizes": sizes, "corpus": str(corpus), "results": results})
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
