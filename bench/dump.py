"""Dump time per format: ``sco-kg export`` against the ``oxigraph`` CLI on the same data.

    .venv/bin/python bench/dump.py --articles 500            # synthetic corpus, built
    .venv/bin/python bench/dump.py --store var/store         # an existing store
    .venv/bin/python bench/dump.py --nq data.nq              # any N-Quads, stored via the API

Both sides are whole commands in fresh processes, so ours includes reading the store folder
into memory and theirs opening RocksDB (what a user waits for). Dataset formats (nq, trig,
jsonld) are compared with ``oxigraph dump --format F``. Turtle and N-Triples export the union
graph, which ``oxigraph dump`` cannot (it needs ``--graph``), so the reference there is
``oxigraph query --union-default-graph`` of ``CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }``.
Runs are interleaved (ours, theirs, ours, ...) for ``--rounds`` rounds; medians are reported.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

from datasets import add_dataset_options, prepare_dataset
from measure import WORK, oxigraph_cli, ratio, run_measured, sco_kg, table, write_results

FORMATS = ("nq", "trig", "jsonld", "ttl", "nt")
UNION_CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def reference_cmd(fmt: str, location: Path, out: Path) -> list[str]:
    if fmt in {"ttl", "nt"}:
        return [oxigraph_cli(), "query", "--location", str(location), "--union-default-graph",
                "--query", UNION_CONSTRUCT, "--results-format", fmt, "--results-file", str(out)]
    return [oxigraph_cli(), "dump", "--location", str(location), "--format", fmt,
            "--file", str(out)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_dataset_options(parser)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    work: Path = args.work
    data = prepare_dataset(args)
    out = work / "dumps"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    timings: dict[str, dict[str, list]] = {}
    for _ in range(args.rounds):
        for fmt in args.formats.split(","):
            ours_file, theirs_file = out / f"ours.{fmt}", out / f"oxigraph.{fmt}"
            ours = run_measured(sco_kg("export", "--format", fmt, "-o", str(ours_file),
                                       "--store", str(data.store)))
            theirs = run_measured(reference_cmd(fmt, data.oxigraph_db, theirs_file))
            entry = timings.setdefault(fmt, {"ours_s": [], "oxigraph_s": [], "ours_rss": [],
                                             "oxigraph_rss": []})
            entry["ours_s"].append(ours.seconds)
            entry["oxigraph_s"].append(theirs.seconds)
            entry["ours_rss"].append(ours.peak_rss_mb)
            entry["oxigraph_rss"].append(theirs.peak_rss_mb)
            entry["ours_mb"] = ours_file.stat().st_size / 1e6
            entry["oxigraph_mb"] = theirs_file.stat().st_size / 1e6
    rows = []
    for fmt, e in timings.items():
        ours, theirs = statistics.median(e["ours_s"]), statistics.median(e["oxigraph_s"])
        rows.append([fmt, f"{ours:.2f}", f"{theirs:.2f}", ratio(ours, theirs),
                     f"{e['ours_mb']:.1f}", f"{e['oxigraph_mb']:.1f}",
                     f"{max(e['ours_rss']):.0f}", f"{max(e['oxigraph_rss']):.0f}"])
    print(f"dataset: {data.describe()}\n")
    print(table(["format", "sco-kg export s", "oxigraph s", "ours/oxigraph", "ours MB",
                 "oxigraph MB", "ours peak RSS MB", "oxigraph peak RSS MB"], rows))
    path = write_results("dump", {"dataset": data.as_dict(), "rounds": args.rounds,
                                  "formats": timings})
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    WORK.mkdir(parents=True, exist_ok=True)
    sys.exit(main())
