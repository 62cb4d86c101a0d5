"""The data a query or dump benchmark runs on, prepared the same way for both engines.

One of ``--store DIR`` (an existing sco-kg store), ``--articles N`` (a synthetic corpus built
by the real ``sco-kg build``) or ``--nq FILE`` (any N-Quads, written into a store folder
through the Store API, for when extraction cannot build yet). The store is then exported with
``sco-kg export --format nq`` and that file is loaded with ``oxigraph load``, so both engines
hold exactly the same quads.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus import write_corpus
from measure import WORK, oxigraph_cli, run_measured, sco_kg


@dataclass
class Dataset:
    source: str
    store: Path
    nq: Path
    oxigraph_db: Path
    quads: int
    articles: int | None = None
    build_s: float | None = None
    oxigraph_load_s: float | None = None

    def describe(self) -> str:
        articles = f", {self.articles:,} articles" if self.articles else ""
        return f"{self.quads:,} quads{articles} ({self.source})"

    def as_dict(self) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def add_dataset_options(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", type=Path, help="an existing sco-kg store folder")
    source.add_argument("--articles", type=int, default=200,
                        help="synthetic articles to generate and build (default 200; "
                             "about 5000 for ~1M quads, see bench/build.py quads/article)")
    source.add_argument("--nq", type=Path, help="an N-Quads file to store through the API")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", type=Path, default=WORK, help="scratch folder")


def store_from_nquads(nq: Path, store: Path) -> None:
    """Write every named graph of ``nq`` into a new store folder (default-graph quads dropped)."""
    import pyoxigraph as ox

    from sco_kg.graph.store.oxigraph import OxigraphStore

    graphs: dict[str, list] = {}
    for quad in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs.setdefault(quad.graph_name.value, []).append(quad)
    shutil.rmtree(store, ignore_errors=True)
    target = OxigraphStore(str(store), create=True)
    target.replace_graphs(graphs)
    target.close()


def prepare_dataset(args: argparse.Namespace) -> Dataset:
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    articles = build_s = None
    if args.store:
        store, source = args.store, f"store {args.store}"
    elif args.nq:
        store, source = work / "store-from-nq", f"N-Quads {args.nq}"
        store_from_nquads(args.nq, store)
    else:
        articles = args.articles
        corpus = work / f"corpus-{args.seed}-{articles}"
        if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != articles:
            shutil.rmtree(corpus, ignore_errors=True)
            write_corpus(articles, corpus, seed=args.seed)
        store, source = work / f"store-{articles}", f"synthetic corpus, seed {args.seed}"
        shutil.rmtree(store, ignore_errors=True)
        print(f"building {articles} synthetic articles ...", file=sys.stderr)
        built = run_measured(sco_kg("build", "--seeds", str(corpus), "--store", str(store)),
                             check=False)
        if not store.is_dir():
            raise SystemExit(f"build failed ({built.returncode}):\n{built.stderr[-3000:]}")
        build_s = built.seconds
    nq = work / "dataset.nq"
    run_measured(sco_kg("export", "--format", "nq", "-o", str(nq), "--store", str(store)))
    quads = sum(1 for _ in open(nq, "rb"))
    oxigraph_db = work / "oxigraph-db"
    shutil.rmtree(oxigraph_db, ignore_errors=True)
    loaded = run_measured([oxigraph_cli(), "load", "--location", str(oxigraph_db),
                           "--file", str(nq)])
    return Dataset(source, store, nq, oxigraph_db, quads, articles, build_s, loaded.seconds)
