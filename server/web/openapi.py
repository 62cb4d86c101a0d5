"""The OpenAPI description of the HTTP API, served as written (``/openapi.yaml``) and as JSON
(``/openapi.json``).

The description is a data file beside this module (``openapi.yaml``); it is read once per
process. ``tests/server/test_openapi.py`` checks that every URL rule is in it and fuzzes the
server against it with schemathesis.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from typing import Any

import yaml
from flask import Blueprint, Response

bp = Blueprint("openapi", __name__)

SOURCE = "openapi.yaml"


@functools.cache
def _text() -> str:
    return (importlib.resources.files(__package__) / SOURCE).read_text("utf-8")


def document() -> dict[str, Any]:
    """The description as a mapping (a fresh copy on each call)."""
    found = yaml.safe_load(_text())
    assert isinstance(found, dict)
    return found


@functools.cache
def _json() -> str:
    return json.dumps(document(), indent=1, ensure_ascii=False) + "\n"


@bp.get("/openapi.yaml")
def openapi_yaml() -> Response:
    return Response(_text(), mimetype="application/yaml")


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return Response(_json(), mimetype="application/json")
