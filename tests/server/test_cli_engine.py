"""``sco-kg query`` and ``stats`` read through the engine, with the server's caps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NAMES = "SELECT ?n WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n"


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sco_kg.server.cli", *args],
                          capture_output=True, text=True, check=False, timeout=120,
                          env={**os.environ, **env})


def test_cli_engine_query_prints_a_table(small_store: Path) -> None:
    done = run("query", NAMES, "--store", str(small_store))
    assert done.returncode == 0, done.stderr
    assert [line.rstrip() for line in done.stdout.splitlines()] == \
        ["n", "-----", "Alice", "Bob", "Carol", "(3 rows)"]
    assert done.stderr == ""


def test_cli_engine_query_keeps_the_row_cap_and_says_so(small_store: Path) -> None:
    done = run("query", NAMES, "--format", "csv", "--store", str(small_store),
               SCO_KG_MAX_ROWS="2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "Alice", "Bob"]
    assert "cut at the max_rows" in done.stderr


def test_cli_engine_query_syntax_error_is_one_line(small_store: Path) -> None:
    done = run("query", "SELEC nothing", "--store", str(small_store))
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ") and len(done.stderr.splitlines()) == 1


def test_cli_engine_stats_counts_through_the_engine(small_store: Path) -> None:
    done = run("stats", "--json", "--store", str(small_store))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"quads": 5, "graphs": 2, "classes": {}, "articles": {}}


def test_cli_engine_query_runs_a_plain_rq_file_without_a_header(small_store: Path,
                                                               tmp_path: Path) -> None:
    query = tmp_path / "names.rq"
    query.write_text(NAMES + "\n", encoding="utf-8")
    done = run("query", str(query), "--format", "csv", "--store", str(small_store))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "Alice", "Bob", "Carol"]


def test_cli_serve_on_a_busy_port_is_one_line_and_exit_1(small_store: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run("serve", "--store", str(small_store), "--port", str(port),
                   "--setting", "workers", "0")
    assert done.returncode == 1
    # workers = 0 has no sandbox, which serve says first, on its own line (issue 13)
    lines = [line for line in done.stderr.strip().splitlines()
             if not line.startswith("WARNING: query workers are NOT network-sandboxed")]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"Error: cannot listen on 127.0.0.1:{port}")


def test_cli_serve_without_store_or_seeds_says_how_to_build_one(tmp_path: Path) -> None:
    """From an empty folder (as after installing the wheel): one line naming the build."""
    env = {k: v for k, v in os.environ.items() if k != "SCO_KG_STORE"}
    done = subprocess.run([sys.executable, "-m", "sco_kg.server.cli", "serve", "--get", "/"],
                          capture_output=True, text=True, check=False, timeout=120,
                          cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "sco-kg build --seeds DIR" in done.stderr
    assert not (tmp_path / "var").exists()
