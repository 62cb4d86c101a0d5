"""The ``sco-kg`` command group for building the graph (the server adds ``serve``, ``query`` and
``stats``, which read the store through its query engine).

Each command parses its options, calls one library function and prints the result. Any
``SCOKGError`` becomes one line on stderr and exit code 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import SCOKGError

DEFAULT_STORE = "var/store"
DEFAULT_SEEDS = "seeds"
STORE_HELP = f"Store folder or spec (default: $SCO_KG_STORE or ./{DEFAULT_STORE})."


def default_store() -> str:
    return os.environ.get("SCO_KG_STORE", DEFAULT_STORE)


store_option = click.option("--store", "store_spec", default=default_store, show_default=False,
                            help=STORE_HELP)


class Group(click.Group):
    """Turns library errors into one clear line and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SCOKGError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=Group)
@click.version_option(package_name="sco-kg")
def cli() -> None:
    """sco-kg: a knowledge graph of what news articles say about the SCO."""


@cli.command()
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS,
              show_default=True, help="Folder of .txt articles.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for extraction.")
@click.option("--full", is_flag=True,
              help="Re-extract every article, even those whose sha256 is unchanged.")
@store_option
def build(seeds: Path, jobs: int, full: bool, store_spec: str) -> None:
    """Build the graph from every .txt article in SEEDS (aside, then swapped in).

    Articles whose text and rules are unchanged since the last build are reused.
    """
    from tqdm import tqdm

    from .articles.reading import iter_article_paths
    from .build import build as run_build

    total = sum(1 for _ in iter_article_paths(seeds))
    with tqdm(total=total, unit="article", disable=None, file=sys.stderr) as bar:
        if store_spec.startswith("sparql+"):
            from .build import build_remote

            report = build_remote(seeds, store_spec, jobs=jobs, on_article=lambda _: bar.update())
        else:
            report = run_build(seeds, Path(store_spec.removeprefix("oxigraph:")), jobs=jobs,
                               full=full, on_article=lambda _: bar.update())
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"built {len(report.articles)} articles, {report.quads} quads -> {report.store}")
    click.echo(f"  added {len(report.added)}, changed {len(report.changed)}, "
               f"unchanged {len(report.unchanged)}, removed {len(report.removed)}")
    for kind in ("added", "changed", "removed"):
        for name in getattr(report, kind):
            click.echo(f"  {kind}: {name}")
    if report.errors:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--graph", "graph_iri", required=True, help="IRI of the named graph to fill.")
@store_option
def load(file: Path, graph_iri: str, store_spec: str) -> None:
    """Load any RDF FILE (format from its extension) into one named graph."""
    from .store.loading import load_file

    count = load_file(file, graph_iri, store_spec)
    click.echo(f"loaded {count} triples into <{graph_iri}>")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "nq", "nt", "jsonld"]),
              default="nq", show_default=True)
@click.option("--graph", "graph_iri", default=None, help="Export one named graph only.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@store_option
def export(fmt: str, graph_iri: str | None, output: Path | None, store_spec: str) -> None:
    """Write the dataset (or one graph) as Turtle, TriG, N-Quads, N-Triples or JSON-LD."""
    from .store import open_store

    store = open_store(store_spec, read_only=True)
    if output is None:
        store.dump(fmt, sys.stdout.buffer, graph=graph_iri)
        return
    tmp = output.with_name(output.name + ".part")
    with open(tmp, "wb") as handle:
        store.dump(fmt, handle, graph=graph_iri)
    os.replace(tmp, output)


@cli.command()
@store_option
def validate(store_spec: str) -> None:
    """Check the graph: SHACL shapes, OWL consistency (HermiT) and every evidence span."""
    from .rdf.validate import validate as run_validate
    from .store import open_store

    report = run_validate(open_store(store_spec, read_only=True))
    click.echo(report.summary())
    if not report.ok:
        raise click.exceptions.Exit(1)


@cli.command()
@click.option("--endpoint", default=None,
              help="Wikidata SPARQL endpoint, or any SPARQL 1.1 server holding Wikidata's RDF "
                   "(default: the Wikidata Query Service).")
@click.option("--enrich", is_flag=True,
              help="Also fetch instance of, country and member-of statements of linked items.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Answer cache folder (default: beside the store).")
@click.option("--timestamp", is_flag=True,
              help="Record the run's time in the links graph (off: reruns stay identical).")
@store_option
def link(endpoint: str | None, enrich: bool, cache_dir: Path | None, timestamp: bool,
         store_spec: str) -> None:
    """Link persons, organisations, states, places and events to Wikidata items."""
    from .link import DEFAULT_ENDPOINT
    from .link.linking import default_cache_dir, link_store

    report = link_store(store_spec, endpoint=endpoint or DEFAULT_ENDPOINT, enrich=enrich,
                        timestamp=timestamp, cache_dir=cache_dir or default_cache_dir(store_spec))
    for d in report.decisions:
        click.echo(f"{d.outcome:<26} {d.qid or '-':<10} "
                   f"{'' if d.score is None else f'{d.score:.2f}':>5}  "
                   f"{d.entity.label}  [{d.reason}]")
    click.echo(report.summary())
