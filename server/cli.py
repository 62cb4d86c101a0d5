"""The console script: the graph's command group plus ``serve``, ``query`` and ``stats``.

This is the composition root: the only module that imports both the server and the build
(``serve`` builds the store from ``seeds/`` the first time, so the README's run command is
just ``sco-kg serve``). ``query`` and ``stats`` read the store through the query engine, like
the server: the same guard and the same row and byte caps (settings from ``SCO_KG_*``), run in
this process (an inline executor: a command has no request thread to protect).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..graph.cli import DEFAULT_SEEDS, cli, store_option

if TYPE_CHECKING:
    from flask import Flask

    from .engine.engine import Engine
    from .web.settings import Settings


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int,
              help="Port to listen on (0: any free port).")
@click.option("--setting", "pairs", multiple=True, nargs=2, metavar="NAME VALUE",
              help="Set a setting (repeatable); see --help-settings.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path),
              default=None, help="YAML or JSON file of settings.")
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS,
              show_default=True, help="Articles to build from when the store does not exist.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one request in-process, print the body and exit (for scripts).")
@click.option("--help-settings", is_flag=True, help="List the settings and exit.")
def serve(store_spec: str, host: str, port: int, pairs: tuple[tuple[str, str], ...],
          config_file: Path | None, seeds: Path, get_path: str | None,
          help_settings: bool) -> None:
    """Serve the SPARQL endpoint and the data over HTTP (waitress)."""
    from .web.app import close_app, create_app
    from .web.ops import startup_warnings
    from .web.settings import make_settings, settings_markdown

    if help_settings:
        click.echo(settings_markdown(), nl=False)
        return
    settings = make_settings(config_file=config_file, overrides=pairs)
    _build_if_missing(store_spec, seeds)
    app = create_app(settings, store=store_spec)
    try:
        if get_path is not None:
            response = app.test_client().get(get_path)
            sys.stdout.buffer.write(response.get_data())
            sys.stdout.flush()
            if response.status_code >= 400:
                raise click.exceptions.Exit(1)
            return
        for line in startup_warnings(app, host):  # issue 13: an unsandboxed engine is loud
            click.echo(line, err=True)
        _run_waitress(app, host, port, settings)
    finally:
        close_app(app)


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a canned query's parameter (repeatable).")
@store_option
def query(query: str, fmt: str, params: tuple[str, ...], store_spec: str) -> None:
    """Run a SPARQL QUERY (a .rq file or the text itself) over the union of all graphs."""
    from .engine.console import format_result, read_query, truncated

    bound = dict(p.split("=", 1) for p in params if "=" in p)
    if len(bound) != len(params):
        raise click.BadParameter("use NAME=VALUE", param_hint="--param")
    text = read_query(query, bound)
    engine = open_engine(store_spec)
    try:
        result = engine.query(text)
    finally:
        engine.close()
    click.echo(format_result(result, fmt), nl=False)
    if truncated(result):
        click.echo("warning: the result was cut at the max_rows / max_response_bytes limit "
                   "(raise it with SCO_KG_MAX_ROWS / SCO_KG_MAX_RESPONSE_BYTES)", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@store_option
def stats(as_json: bool, store_spec: str) -> None:
    """Counts per class and per article."""
    from .engine.console import dataset_stats

    engine = open_engine(store_spec)
    try:
        numbers = dataset_stats(engine)
    finally:
        engine.close()
    if as_json:
        click.echo(json.dumps(numbers, indent=2, sort_keys=True))
        return
    click.echo(f"quads: {numbers['quads']}   graphs: {numbers['graphs']}")
    click.echo("\nper class:")
    for name, count in numbers["classes"].items():
        click.echo(f"  {count:>7}  {name}")
    click.echo("\nper article:")
    for name, count in numbers["articles"].items():
        click.echo(f"  {count:>7}  {name}")


def open_engine(store_spec: str, settings: Settings | None = None) -> Engine:
    """The query engine over the store at ``store_spec``, running queries in this process.

    Limits come from ``settings`` (default: the ``SCO_KG_*`` environment, as for ``serve``).
    """
    from ..graph.store import open_store
    from .engine.engine import Engine
    from .engine.executor import InlineExecutor
    from .web.settings import make_settings

    frozen = settings or make_settings()
    store = open_store(store_spec, read_only=True, memory_max_quads=frozen.memory_max_quads)
    return Engine(store, InlineExecutor(store, frozen.limits()), frozen.budgets())


def _build_if_missing(store_spec: str, seeds: Path) -> None:
    path = Path(store_spec)
    if ":" in store_spec or (path / "manifest.json").exists():
        return
    from ..graph.articles.reading import iter_article_paths
    from ..graph.build import build

    if not seeds.is_dir() or not any(iter_article_paths(seeds)):
        raise click.ClickException(
            f"no store at {path} and no articles in {seeds}/ to build one from: build it with "
            f"`sco-kg build --seeds DIR --store {store_spec}` (or pass --store / --seeds)")
    click.echo(f"no store at {path}: building it from {seeds}/ first", err=True)
    report = build(seeds, path)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"built {len(report.articles)} articles, {report.quads} quads -> {path}",
               err=True)


def _run_waitress(app: Flask, host: str, port: int, settings: Settings) -> None:
    import waitress

    from .web.app import RequestIdFilter

    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] "
                                           "%(message)s"))
    logger = logging.getLogger("sco_kg.server")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        server = waitress.create_server(
            app, host=host, port=port, threads=settings.threads,
            channel_timeout=settings.channel_timeout_s,
            connection_limit=settings.connection_limit,
            max_request_body_size=settings.max_request_bytes, ident="sco-kg",
            # waitress drops X-Forwarded-For unless told not to; the app reads it only from
            # the addresses of the trusted_proxies setting (web/clients.py)
            clear_untrusted_proxy_headers=not settings.trusted_proxies)
    except OSError as exc:  # a busy port, an address this machine does not have
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}"
                                   " (choose another with --port or --host)") from None
    base = f"http://{host}:{server.effective_port}"
    click.echo(f"serving {base}/  (SPARQL endpoint: {base}/sparql; Ctrl-C to stop)", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
