"""Identical queries over an unchanged dataset are answered from the cache, with ETags."""

from __future__ import annotations

from pathlib import Path

import requests
from servers import live_app
from small_data import DATA_B, GRAPH_B, load_store

QUERY = "SELECT ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"
JSON = {"Accept": "application/sparql-results+json"}


def test_answer_cache_repeats_are_hits_with_one_etag_and_revalidate(small_store: Path) -> None:
    with live_app(small_store, rate_limit_query_s=0) as url:
        first = requests.get(f"{url}/sparql", params={"query": QUERY}, headers=JSON, timeout=30)
        again = requests.get(f"{url}/sparql", params={"query": QUERY}, headers=JSON, timeout=30)
        assert first.headers["X-SCO-KG-Cache"] == "miss"
        assert again.headers["X-SCO-KG-Cache"] == "hit"
        assert first.content == again.content and first.headers["ETag"] == again.headers["ETag"]
        revalidated = requests.get(f"{url}/sparql", params={"query": QUERY}, timeout=30,
                                   headers={**JSON, "If-None-Match": first.headers["ETag"]})
        assert revalidated.status_code == 304 and revalidated.content == b""
        csv = requests.get(f"{url}/sparql", params={"query": QUERY, "format": "csv"}, timeout=30)
        assert csv.headers["ETag"] != first.headers["ETag"]
        assert csv.text.splitlines()[0] == "name"


def test_answer_cache_is_keyed_by_the_dataset_version(small_store: Path, tmp_path: Path) -> None:
    other = load_store(tmp_path / "other", {GRAPH_B: _write(tmp_path / "b.ttl", DATA_B)})
    with live_app(small_store, rate_limit_query_s=0) as url:
        before = requests.get(f"{url}/sparql", params={"query": QUERY}, headers=JSON, timeout=30)
    with live_app(other, rate_limit_query_s=0) as url:
        after = requests.get(f"{url}/sparql", params={"query": QUERY}, headers=JSON, timeout=30)
    assert before.headers["ETag"] != after.headers["ETag"] and before.content != after.content


def test_answer_cache_off_sends_no_etag(small_store: Path) -> None:
    with live_app(small_store, rate_limit_query_s=0, cache_mb=0) as url:
        for _ in range(2):
            answer = requests.get(f"{url}/sparql", params={"query": QUERY}, headers=JSON,
                                  timeout=30)
            assert "ETag" not in answer.headers
            assert answer.headers["X-SCO-KG-Cache"] == "miss"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path
