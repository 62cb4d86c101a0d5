"""Shared fixtures: the seed build (made once, through the real build) and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current output (review the diff)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built once per session through the real ``build``."""
    from sco_kg.graph.build import build

    path = tmp_path_factory.mktemp("seed-build") / "store"
    report = build(SEEDS, path)
    assert report.ok, report.errors
    return path


@pytest.fixture(scope="session")
def seed_store(seed_store_path: Path):
    from sco_kg.graph.store import open_store

    store = open_store(str(seed_store_path), read_only=True)
    yield store
    store.close()
