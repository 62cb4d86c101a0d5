"""The console script: the graph's command group plus ``serve`` (the outermost layer)."""

from __future__ import annotations

from sco_kg.graph.cli import cli


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
