"""The README is executed: commands, settings, canned queries and the worked example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text("utf-8")


def fenced_after(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\s*```\w*\n(.*?)```", README, re.S)
    assert match, f"README has no block after <!-- {marker} -->"
    return match.group(1)


def test_docs_ci_runs_the_readme_install_and_test_commands() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    install = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'"
    assert install in README and install in ci
    assert ".venv/bin/pytest" in README and re.search(r"^\.venv/bin/pytest\s*$", ci, re.M)
    assert ".venv/bin/sco-kg serve" in README


def test_docs_every_cli_command_is_documented() -> None:
    from sco_kg.server.cli import cli

    for name in cli.commands:
        assert f"sco-kg {name}" in README, f"`sco-kg {name}` is not in the README"


def test_docs_settings_table_is_the_settings_table() -> None:
    from sco_kg.server.web.settings import SETTINGS

    table = README.split("<!-- settings-table -->")[1].split("<!-- /settings-table -->")[0]
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in table, f"setting {setting.name} is not documented"
    assert table.count("\n| `") == len(SETTINGS)


def test_docs_every_canned_query_is_documented() -> None:
    from sco_kg.queries import load

    for query in load():
        assert f"| `{query.name}` |" in README, f"canned query {query.name} is not documented"


def test_docs_every_http_route_is_documented() -> None:
    from sco_kg.graph.store import open_store
    from sco_kg.server import create_app

    app = create_app(store=open_store("memory:"), settings={"workers": 0})
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        path = re.sub(r"<[^>]+>", "", rule.rule).rstrip("/") or "/"
        assert f"`{path}" in README, f"route {rule.rule} is not in the README"


@pytest.mark.slow
def test_docs_worked_example_prints_what_the_readme_shows(seed_store_path: Path) -> None:
    from click.testing import CliRunner

    from sco_kg.server.cli import cli

    query = fenced_after("worked-example:query")
    expected = fenced_after("worked-example:output")
    result = CliRunner().invoke(cli, ["query", query, "--store", str(seed_store_path)])
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.output.splitlines()] == expected.splitlines()


# One worked example per kind of thing in the graph (README "More examples, one per kind").
EXAMPLE_KINDS = ("claims", "figures", "events", "posts", "memberships", "conflicts", "links")
# Checked on the seed graph after `sco-kg link`, in tests/graph/test_linking.py.
CHECKED_AFTER_LINKING = ("links",)


def test_docs_every_kind_has_one_example_with_its_output() -> None:
    kinds = re.findall(r"<!-- example:([a-z]+):query -->", README)
    assert sorted(kinds) == sorted(EXAMPLE_KINDS), kinds
    for kind in EXAMPLE_KINDS:
        assert "ORDER BY" in fenced_after(f"example:{kind}:query"), kind
        assert fenced_after(f"example:{kind}:output").rstrip().endswith("rows)"), kind


@pytest.mark.slow
@pytest.mark.parametrize("kind", [k for k in EXAMPLE_KINDS if k not in CHECKED_AFTER_LINKING])
def test_docs_example_prints_what_the_readme_shows(kind: str, seed_store_path: Path) -> None:
    from click.testing import CliRunner

    from sco_kg.server.cli import cli

    query = fenced_after(f"example:{kind}:query")
    expected = fenced_after(f"example:{kind}:output")
    result = CliRunner().invoke(cli, ["query", query, "--store", str(seed_store_path)])
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.output.splitlines()] == expected.splitlines()
