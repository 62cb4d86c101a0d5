"""A build into a remote SPARQL store against the local build, and queries on the remote.

    .venv/bin/python bench/remote.py                      # 300 articles, 2 rounds
    .venv/bin/python bench/remote.py --articles 300 --rounds 3 --jobs 2

Each round builds the same synthetic corpus (bench/corpus.py, seed 42) twice, interleaved, in
fresh child processes: the local build (``sco-kg build --store DIR``: the reference, in the
same run) and the remote build (``sco-kg build --store sparql+http://...``) into an empty
``oxigraph serve --union-default-graph --location TMP`` on 127.0.0.1. Reported: medians of
wall time, the remote ÷ local ratio (target ×2, issue 17), and the client's peak memory (the
build process and its workers, VmHWM). Then the canned queries ``member_states`` and
``population_share`` (bound with their defaults) run on that server through the remote store
with a 10 s limit, beside the local store folder in process. JSON goes to bench/results/.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

from corpus import write_corpus
from measure import (
    WORK,
    free_port,
    oxigraph_cli,
    ratio,
    run_measured,
    sco_kg,
    server,
    table,
    write_results,
)

QUERIES = ("member_states", "population_share")
QUERY_LIMIT_S = 10.0


def build_local(corpus: Path, store: Path, jobs: int) -> dict:
    shutil.rmtree(store, ignore_errors=True)
    run = run_measured(sco_kg("build", "--seeds", str(corpus), "--store", str(store),
                              "--jobs", str(jobs)))
    return {"s": run.seconds, "peak_rss_mb": run.peak_rss_mb}


def build_remote(corpus: Path, db: Path, jobs: int, work: Path) -> dict:
    shutil.rmtree(db, ignore_errors=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with server([oxigraph_cli(), "serve", "--union-default-graph", "--location", str(db),
                 "--bind", f"127.0.0.1:{port}"], f"{url}/query?query=ASK%7B%7D",
                log=work / "oxigraph-serve.log"):
        run = run_measured(sco_kg("build", "--seeds", str(corpus), "--store",
                                  f"sparql+{url}/?union=server", "--jobs", str(jobs)))
    return {"s": run.seconds, "peak_rss_mb": run.peak_rss_mb}


def time_queries(db: Path, local_store: Path, work: Path) -> list[dict]:
    """Each query once on the remote (through RemoteStore) and once on the local folder."""
    from sco_kg.graph.errors import QueryTimeout
    from sco_kg.graph.store import open_store, solutions
    from sco_kg.queries import load

    texts = {q.name: q.bind() for q in load() if q.name in QUERIES}
    local = open_store(str(local_store), read_only=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    rows = []
    with server([oxigraph_cli(), "serve", "--union-default-graph", "--location", str(db),
                 "--bind", f"127.0.0.1:{port}", "--timeout-s", str(int(QUERY_LIMIT_S))],
                f"{url}/query?query=ASK%7B%7D", log=work / "oxigraph-serve-q.log"):
        remote = open_store(f"sparql+{url}/?union=server&timeout={QUERY_LIMIT_S:g}",
                            read_only=True)
        for name, text in texts.items():
            row: dict = {"query": name}
            for label, store in (("remote", remote), ("local", local)):
                started = time.perf_counter()
                try:
                    row[f"{label}_rows"] = sum(1 for _ in solutions(store.query(text)))
                except QueryTimeout:
                    row[f"{label}_rows"] = None
                except Exception as exc:  # noqa: BLE001 - reported, not fatal to the bench
                    row[f"{label}_rows"] = f"error: {str(exc)[:120]}"
                row[f"{label}_s"] = time.perf_counter() - started
            rows.append(row)
    local.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2, help="`sco-kg build --jobs`")
    parser.add_argument("--work", type=Path, default=WORK / "remote", help="scratch folder")
    args = parser.parse_args(argv)
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{args.seed}-{args.articles}"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != args.articles:
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(args.articles, corpus, seed=args.seed)
    store, db = work / "store", work / "oxigraph-db"
    local, remote = [], []
    for number in range(args.rounds):
        local.append(build_local(corpus, store, args.jobs))
        remote.append(build_remote(corpus, db, args.jobs, work))
        print(f"round {number + 1}: local {local[-1]['s']:.2f} s, "
              f"remote {remote[-1]['s']:.2f} s", file=sys.stderr)
    queries = time_queries(db, store, work)

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    summary = {"local_s": median(local, "s"), "remote_s": median(remote, "s"),
               "local_peak_rss_mb": median(local, "peak_rss_mb"),
               "remote_peak_rss_mb": median(remote, "peak_rss_mb")}
    print(table(["articles", "local build s", "remote build s", "remote ÷ local (target ×2)",
                 "local peak MB", "remote client peak MB"],
                [[f"{args.articles:,}", f"{summary['local_s']:.2f}",
                  f"{summary['remote_s']:.2f}", ratio(summary["remote_s"], summary["local_s"]),
                  f"{summary['local_peak_rss_mb']:.0f}",
                  f"{summary['remote_peak_rss_mb']:.0f}"]]))
    print()
    print(table(["query", "remote s", "remote rows", "local s", "local rows"],
                [[q["query"], f"{q['remote_s']:.2f}",
                  "timed out" if q["remote_rows"] is None else q["remote_rows"],
                  f"{q['local_s']:.2f}", q["local_rows"]] for q in queries]))
    path = write_results("remote", {"articles": args.articles, "seed": args.seed,
                                    "jobs": args.jobs, "rounds": {"local": local,
                                                                  "remote": remote},
                                    "summary": summary, "queries": queries})
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
