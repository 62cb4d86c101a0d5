"""The console script: the graph's command group plus ``serve`` (the outermost layer).

This is the composition root: the only module that imports both the server and the build
(``serve`` builds the store from ``seeds/`` the first time, so the README's run command is
just ``sco-kg serve``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from ..graph.cli import DEFAULT_SEEDS, cli, store_option


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
        _run_waitress(app, host, port, settings)
    finally:
        close_app(app)


def _build_if_missing(store_spec: str, seeds: Path) -> None:
    path = Path(store_spec)
    if ":" in store_spec or (path / "manifest.json").exists():
        return
    from ..graph.build import build

    click.echo(f"no store at {path}: building it from {seeds}/ first", err=True)
    report = build(seeds, path)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"built {len(report.articles)} articles, {report.quads} quads -> {path}",
               err=True)


def _run_waitress(app: object, host: str, port: int, settings: object) -> None:
    import waitress

    from .web.app import RequestIdFilter

    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] "
                                           "%(message)s"))
    logger = logging.getLogger("sco_kg.server")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    server = waitress.create_server(
        app, host=host, port=port, threads=settings.threads,  # type: ignore[attr-defined]
        channel_timeout=settings.channel_timeout_s,  # type: ignore[attr-defined]
        max_request_body_size=settings.max_request_bytes,  # type: ignore[attr-defined]
        ident="sco-kg")
    click.echo(f"serving http://{host}:{server.effective_port}/sparql  (Ctrl-C to stop)",
               err=True)
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
