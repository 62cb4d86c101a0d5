"""How build cost grows with the number of articles.

    .venv/bin/python bench/build.py                       # 100 and 1 000 articles
    .venv/bin/python bench/build.py --sizes 100,1000,10000 --jobs 2

For each size, a synthetic corpus (bench/corpus.py, same seed, so each corpus is a prefix of
the next) is built by the real ``sco-kg build --seeds DIR --store TMP`` in a fresh child
process, timed, with its peak memory (VmHWM, see measure.py). Reference in the same run:
``oxigraph load`` of the N-Quads the build produced (its graph files joined: pure RDF storage
cost), so the ratio shows what extraction and our store add. "derived" counts the quads of the
derived graph (figures that conflict or corroborate across articles), the one part expected to
grow faster than N. Prints per-article cost at each size, flags super-linear growth, and
writes JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from corpus import write_corpus
from measure import WORK, dir_mb, oxigraph_cli, ratio, run_measured, sco_kg, table, write_results

from sco_kg.graph.rdf import vocab

SUPER_LINEAR = 1.5  # per-article time growing this much for a 10x corpus is flagged


def build_supports_jobs() -> bool:
    return "--jobs" in run_measured(sco_kg("build", "--help")).stdout


def measure_size(articles: int, *, seed: int, jobs: int | None, work: Path,
                 memory_limit_mb: float, timeout_s: float) -> dict:
    corpus = work / f"corpus-{seed}-{articles}"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != articles:
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(articles, corpus, seed=seed)
    store = work / f"store-{articles}"
    shutil.rmtree(store, ignore_errors=True)
    cmd = sco_kg("build", "--seeds", str(corpus), "--store", str(store))
    if jobs:
        cmd += ["--jobs", str(jobs)]
    built = run_measured(cmd, check=False, memory_limit_mb=memory_limit_mb, timeout=timeout_s)
    if not store.is_dir():
        print(f"build of {articles} articles failed ({built.returncode}) after "
              f"{built.seconds:.1f} s at {built.peak_rss_mb:.0f} MB:\n{built.stderr[-2000:]}",
              file=sys.stderr)
        return {"articles": articles, "failed": True, "exit_code": built.returncode,
                "build_s": built.seconds, "build_peak_rss_mb": built.peak_rss_mb, "jobs": jobs}
    errors = sum(1 for line in built.stderr.splitlines() if line.startswith("error:"))
    dump = work / f"store-{articles}.nq"
    quads, derived = concatenate_graphs(store, dump)
    reference_db = work / f"oxigraph-{articles}"
    shutil.rmtree(reference_db, ignore_errors=True)
    loaded = run_measured([oxigraph_cli(), "load", "--location", str(reference_db),
                           "--file", str(dump)], check=False, memory_limit_mb=memory_limit_mb,
                          timeout=timeout_s)
    result = {
        "articles": articles, "errors": errors, "quads": quads, "derived_quads": derived,
        "build_s": built.seconds, "build_peak_rss_mb": built.peak_rss_mb,
        "store_mb": dir_mb(store),
        "oxigraph_load_s": loaded.seconds if loaded.returncode == 0 else None,
        "oxigraph_load_peak_rss_mb": loaded.peak_rss_mb,
        "exit_code": built.returncode, "jobs": jobs,
    }
    shutil.rmtree(reference_db, ignore_errors=True)
    return result


def concatenate_graphs(store: Path, out: Path) -> tuple[int, int]:
    """Write the store's dataset as N-Quads by joining its graph files; (quads, derived).

    Not ``sco-kg export``: that loads the whole store into memory (2 GB at 1.7 M quads), which
    10,000 articles would take to ~20 GB; the files already are the dataset's N-Quads.
    """
    graphs = json.loads((store / "manifest.json").read_text("utf-8"))["graphs"]
    with open(out, "wb") as handle:
        for entry in graphs.values():
            with open(store / entry["file"], "rb") as graph:
                shutil.copyfileobj(graph, handle)
    derived = graphs.get(vocab.GRAPH_DERIVED, {}).get("quads", 0)
    return sum(entry["quads"] for entry in graphs.values()), derived


def reference(r: dict) -> str:
    if r["oxigraph_load_s"] is None:  # killed at the memory or time limit
        return f"failed at {r['oxigraph_load_peak_rss_mb']:.0f} MB"
    return f"{r['oxigraph_load_s']:.2f} ({ratio(r['build_s'], r['oxigraph_load_s'])})"


def report(results: list[dict]) -> str:
    rows = []
    previous = None
    for r in results:
        if r.get("failed"):
            rows.append([f"{r['articles']:,}", f"FAILED (exit {r['exit_code']})", "–", "–",
                         f"{r['build_s']:.2f}", "–", "–", "–",
                         f"{r['build_peak_rss_mb']:.0f}", "–", "–"])
            continue
        per_article = r["build_s"] / r["articles"]
        growth = ""
        if previous:
            step = per_article / (previous["build_s"] / previous["articles"])
            scale = r["articles"] / previous["articles"]
            growth = f"×{step:.2f} for ×{scale:g} N" + (
                " SUPER-LINEAR" if step > SUPER_LINEAR else "")
        rows.append([
            f"{r['articles']:,}", r["errors"], f"{r['quads']:,}",
            f"{r['derived_quads']:,}", f"{r['build_s']:.2f}",
            f"{r['articles'] / r['build_s']:.1f}", f"{per_article * 1000:.1f}", growth,
            f"{r['build_peak_rss_mb']:.0f}", f"{r['store_mb']:.1f}",
            reference(r)])
        previous = r
    return table(["articles", "errors", "quads", "derived", "build s", "articles/s",
                  "ms/article", "per-article growth", "peak RSS MB", "store MB",
                  "oxigraph load s (build ×)"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000",
                        help="comma-separated article counts (10000 on request)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--jobs", type=int, default=None,
                        help="passed to `sco-kg build --jobs` when the option exists")
    parser.add_argument("--work", type=Path, default=WORK, help="scratch folder")
    parser.add_argument("--memory-limit-mb", type=float, default=8000,
                        help="kill a build whose resident memory passes this")
    parser.add_argument("--timeout-s", type=float, default=3600, help="kill a build after this")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    jobs = args.jobs
    if jobs and not build_supports_jobs():
        print("note: `sco-kg build` has no --jobs yet; building with one process",
              file=sys.stderr)
        jobs = None
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in sizes:
        print(f"building {size} articles ...", file=sys.stderr)
        results.append(measure_size(size, seed=args.seed, jobs=jobs, work=args.work,
                                    memory_limit_mb=args.memory_limit_mb,
                                    timeout_s=args.timeout_s))
    print(report(results))
    path = write_results("build", {"seed": args.seed, "results": results})
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
