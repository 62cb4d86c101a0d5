"""The OpenAPI description (``server/web/openapi.yaml``): served, valid, complete, and true.

True means a bounded schemathesis run against a real server over the seed build finds no
5xx, and every status, media type and described body it sees is in the description. The
budget is fixed: the documented examples, schemathesis's coverage phase (boundary and
invalid values, unexpected methods), then ``MAX_EXAMPLES`` generated requests per operation,
valid and invalid, from a fixed seed with no shrinking: about 1,250 requests, some 20 s on
two cores, the same requests on every machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from servers import live_app

from sco_kg.graph.store import open_store
from sco_kg.server import close_app, create_app
from sco_kg.server.web.openapi import document

MAX_EXAMPLES = 20
SEED = 20261207

# Methods OpenAPI 3.0 cannot name (QUERY; said in info.description) or every URL answers.
UNDESCRIBABLE_METHODS = {"QUERY", "OPTIONS"}

CONFIG = SchemathesisConfig.from_dict({
    "suppress-health-check": ["too_slow"],  # a loaded machine must not fail the run
    "seed": SEED,
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True,
                   "no-shrink": True, "database": "none"},
    "phases": {"coverage": {"enabled": True}, "stateful": {"enabled": False}},
})
schema = schemathesis.openapi.from_dict(document(), config=CONFIG)
# A SPARQL query body is text; schemathesis knows no serializer for its media type.
schemathesis.serializer.alias("application/sparql-query", "text/plain")


@pytest.fixture(scope="module")
def base_url(seed_store_path: Path) -> Iterator[str]:
    with live_app(seed_store_path, workers=1, reload_check_s=0, rate_limit_query_s=0) as url:
        yield url


def test_openapi_served_as_yaml_and_json(base_url: str) -> None:
    as_json = requests.get(f"{base_url}/openapi.json", timeout=10)
    assert as_json.status_code == 200
    assert as_json.headers["Content-Type"].startswith("application/json")
    assert as_json.json() == document()
    as_yaml = requests.get(f"{base_url}/openapi.yaml", timeout=10)
    assert as_yaml.status_code == 200
    assert as_yaml.headers["Content-Type"].startswith("application/yaml")


def test_openapi_document_is_valid() -> None:
    schema.validate()  # the OpenAPI meta-schema, through schemathesis
    assert document()["openapi"].startswith("3.0")


def _rule_pattern(rule: str) -> re.Pattern[str]:
    """A Flask rule as a regex over OpenAPI paths with their {parameters} set to ``x``."""
    parts = re.split(r"(<[^>]+>)", rule)
    return re.compile("".join(
        (".+" if part.startswith("<path:") else "[^/]+") if part.startswith("<")
        else re.escape(part) for part in parts))


def test_openapi_describes_every_rule() -> None:
    app = create_app({"workers": 0}, store=open_store("memory:"))
    try:
        # Static files (scripts, styles, icons) are left out on purpose: files, not an API.
        rules = [(r.rule, r.methods or set()) for r in app.url_map.iter_rules()
                 if r.endpoint != "static" and not r.endpoint.endswith(".static")]
    finally:
        close_app(app)
    paths = document()["paths"]
    filled = {re.sub(r"\{[^}]+\}", "x", path): path for path in paths}
    missing = []
    for rule, methods in rules:
        pattern = _rule_pattern(rule)
        described = [filled[p] for p in filled if pattern.fullmatch(p)]
        for method in sorted(methods - UNDESCRIBABLE_METHODS):
            if method == "HEAD" and "GET" in methods:
                continue  # HEAD wherever GET (info.description)
            if not any(method.lower() in paths[path] for path in described):
                missing.append(f"{method} {rule}")
    assert not missing, f"not in server/web/openapi.yaml: {missing}"


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.mark.slow
@schema.parametrize()
def test_openapi_fuzzed_server_keeps_to_it(case: schemathesis.Case, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=30,
                           allow_redirects=False)
