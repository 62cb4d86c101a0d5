"""A store named by a relative path serves its dumps and graphs (issue 14: every download was a
500 when ``sco-kg serve`` opened the default ``var/store``)."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sco_kg.graph.rdf import vocab


def _get(cwd: Path, store: str, path: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sco_kg.server.cli", "serve", "--store", store,
                           "--get", path], cwd=cwd, capture_output=True, timeout=120)


@pytest.mark.parametrize("path, check", [
    ("/dumps/sco-kg.nq.gz", lambda body: b" <" in gzip.decompress(body)),
    ("/dumps/sco-kg.ttl", lambda body: b"@prefix" in body),
    (f"/rdf-graph-store?graph={vocab.GRAPH_REFERENCE}", lambda body: b"<https://" in body),
])
def test_store_relative_path_serves_dumps_and_graphs(tmp_path: Path, seed_store_path: Path,
                                                     path: str, check) -> None:  # noqa: ANN001
    shutil.copytree(seed_store_path, tmp_path / "var" / "store")
    done = _get(tmp_path, "var/store", path)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert check(done.stdout), done.stdout[:300]
