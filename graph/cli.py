"""The ``sco-kg`` command group for building the graph (the server adds ``serve``, ``query`` and
``stats``, which read the store through its query engine).

Each command parses its options, calls one library function and prints the result. Any
``SCOKGError`` becomes one line on stderr and exit code 1.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import click

from .articles.reading import MAX_ARTICLE_BYTES
from .errors import SCOKGError

DEFAULT_STORE = "var/store"
DEFAULT_SEEDS = "seeds"
DEFAULT_SETS = "eval/sets"
# `sco-kg validate`: the checks that ran passed, but the OWL reasoner was skipped (no Java).
EXIT_SKIPPED = 3
DEFAULT_RATCHET = "eval/ratchet.json"
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
        except OSError as exc:
            # a full disk, a file past a size limit, a folder we may not write: one line
            # (a build has removed its half-built folder by now; the store is as it was)
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM ends a build the way Ctrl-C does: its clean-up runs (the half-built folder is
    removed) before the process exits with 128 + the signal's number."""
    raise SystemExit(128 + signum)


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
@click.option("--max-article-bytes", type=click.IntRange(1), default=MAX_ARTICLE_BYTES,
              show_default=True, help="A larger article file is left out with an error.")
@store_option
def build(seeds: Path, jobs: int, full: bool, max_article_bytes: int, store_spec: str) -> None:
    """Build the graph from every .txt article in SEEDS (aside, then swapped in).

    Articles whose text and rules are unchanged since the last build are reused. A build
    stopped by SIGTERM or Ctrl-C removes its half-built folder; the store stays as it was.
    """
    from tqdm import tqdm

    from .articles.reading import iter_article_paths
    from .build import build as run_build

    signal.signal(signal.SIGTERM, _stop_on_sigterm)

    total = sum(1 for _ in iter_article_paths(seeds))
    with tqdm(total=total, unit="article", disable=None, file=sys.stderr) as bar:
        if store_spec.startswith("sparql+"):
            from .build import build_remote

            report = build_remote(seeds, store_spec, jobs=jobs, on_article=lambda _: bar.update(),
                                  max_article_bytes=max_article_bytes)
        else:
            target = Path(store_spec.removeprefix("oxigraph:"))
            try:
                report = run_build(seeds, target, jobs=jobs, full=full,
                                   on_article=lambda _: bar.update(),
                                   max_article_bytes=max_article_bytes)
            except OSError as exc:  # a full disk, a size limit: the build folder is gone
                raise click.ClickException(
                    f"cannot write the store at {target}: {exc.strerror or exc}; the store "
                    "is as it was before this build") from exc
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"built {len(report.articles)} articles, {report.quads} quads -> {report.store}")
    click.echo(f"  added {len(report.added)}, changed {len(report.changed)}, "
               f"unchanged {len(report.unchanged)}, removed {len(report.removed)}")
    for kind in ("added", "changed", "removed"):
        for name in getattr(report, kind):
            click.echo(f"  {kind}: {name}")
    _note_running_server(store_spec)
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
    _note_running_server(store_spec)


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
    from .store.oxigraph import folder_dump

    # A store folder streams from its graph files; nothing is loaded (issue 17).
    store = folder_dump(store_spec) or open_store(store_spec, read_only=True)
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
    """Check the graph: SHACL shapes, OWL consistency (HermiT) and every evidence span.

    Exit status: 0 valid, 1 not valid, 3 valid as far as checked but the OWL reasoner was
    skipped because no Java runtime is on PATH.
    """
    from .rdf.validate import validate as run_validate
    from .store import open_store

    report = run_validate(open_store(store_spec, read_only=True))
    click.echo(report.summary())
    if not report.ok:
        raise click.exceptions.Exit(1)
    if report.skipped:
        raise click.exceptions.Exit(EXIT_SKIPPED)


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
    _note_running_server(store_spec)


@cli.command()
@click.option("--sets", "sets_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_SETS, show_default=True,
              help="Folder of the in-repo sets (<name>/articles, <name>/gold).")
@click.option("--set", "only", multiple=True, metavar="NAME",
              help="Score only this set (repeatable; 'dev' names the development set).")
@click.option("--dev", "dev_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder holding the strict scorer score.py and the real development set "
                   "dev/{articles,gold} (e.g. ../shared/eval): score it and check the ratchet.")
@click.option("--dev-seeds", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Seed texts built with the development set (default: DEV/../seeds).")
@click.option("--ratchet", "ratchet_path", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_RATCHET, show_default=True,
              help="The development set's recorded figures.")
@click.option("--update-ratchet", is_flag=True,
              help="Raise every recorded figure the run improved (none is lowered).")
@click.option("--misses", is_flag=True, help="Also list every miss and false positive.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the development build and its N-Quads export here "
                   "(default: a temporary folder).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write every figure to this JSON file.")
def evaluate(sets_dir: Path, only: tuple[str, ...], dev_dir: Path | None, dev_seeds: Path | None,
             ratchet_path: Path, update_ratchet: bool, misses: bool, workdir: Path | None,
             json_path: Path | None) -> None:
    """Score extraction on every evaluation set: per article and overall.

    In-repo sets (eval/sets) are scored against their gold; with --dev, the real development
    set is built and scored by its own strict scorer, and the run fails (exit 1) when an
    overall figure falls below the one recorded in the ratchet file.
    """
    import tempfile

    from .evaluation import runs
    from .evaluation.scoring import ArticleScore, GoldError, default_extractor

    if update_ratchet and dev_dir is None:
        raise click.UsageError("--update-ratchet needs --dev (the ratchet holds its figures)")
    if runs.DEV in only and dev_dir is None:
        raise click.UsageError("the development set needs --dev DIR")
    results: list[runs.SetResult] = []
    in_repo: list[ArticleScore] = []
    try:
        every = runs.find_sets(sets_dir) if not only or set(only) - {runs.DEV} else []
        folders = [f for f in every if not only or f.name in only]
        unknown = set(only) - {f.name for f in every} - {runs.DEV}
        if unknown:
            raise click.BadParameter(f"no such set: {', '.join(sorted(unknown))}",
                                     param_hint="--set")
        if folders:
            extractor, catalogue = default_extractor()
        for folder in folders:
            result, scores = runs.score_in_repo_set(folder, extractor, catalogue)
            click.echo(runs.set_report(result, misses=misses) + "\n")
            results.append(result)
            in_repo += scores
        dev = None
        if dev_dir is not None and (not only or runs.DEV in only):
            with tempfile.TemporaryDirectory(prefix="sco-kg-eval-") as tmp:
                dev = runs.score_dev_set(dev_dir, workdir or Path(tmp), seeds=dev_seeds)
            click.echo(runs.set_report(dev, misses=misses) + "\n")
            results.append(dev)
        click.echo(runs.summary(results, in_repo))
        if json_path is not None:
            json_path.write_text(json.dumps(runs.as_json(results), indent=2) + "\n",
                                 encoding="utf-8")
        if dev is None:
            return
        recorded = None if update_ratchet and not ratchet_path.exists() else \
            runs.read_ratchet(ratchet_path)
        if update_ratchet:
            recorded, changes = runs.raise_ratchet(recorded, dev.total)
            runs.write_ratchet(ratchet_path, recorded)
            click.echo(f"\nratchet {ratchet_path}: "
                       + ("raised " + ", ".join(changes) if changes else "nothing to raise"))
        assert recorded is not None
        drops = runs.ratchet_drops(recorded, dev.total)
    except (runs.EvaluationError, GoldError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    for drop in drops:
        click.echo(f"RATCHET: {drop} ({ratchet_path})", err=True)
    if drops:
        raise click.exceptions.Exit(1)
    click.echo(f"\nratchet {ratchet_path}: every figure at or above its record "
               + ", ".join(f"{n} {recorded[n].value:.3f}" for n in runs.RATCHETED))


def _note_running_server(store_spec: str) -> None:
    """Say that a server over this store folder serves the change without a restart."""
    if store_spec.startswith("sparql+"):
        return  # a remote database: the server queries it directly
    click.echo("a running `sco-kg serve` over this store picks the change up within seconds "
               "(setting reload_check_s); no restart needed")
