"""An engine without its network sandbox says so, and stays off public addresses (issue 13).

The sandbox cannot be made to fail on purpose here (it needs a kernel without user
namespaces), so these tests turn it off with the ``sandbox`` setting: the report, /healthz and
the refusal to serve beyond loopback take the same path whatever the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from servers import live_app

from sco_kg.server import close_app, create_app
from sco_kg.server.cli import cli
from sco_kg.server.web.ops import UnsafeExposure, startup_warnings


def test_healthz_says_why_workers_are_not_sandboxed(small_store: Path) -> None:
    with live_app(small_store, sandbox=False, workers=1) as url:
        health = requests.get(url + "/healthz", timeout=10).json()
    assert health["sandboxed"] is False
    assert health["sandbox_off_reason"] == "the sandbox setting is off"


def test_healthz_sandboxed_has_no_reason(live_server: str) -> None:
    health = requests.get(live_server + "/healthz", timeout=10).json()
    if health["sandboxed"]:
        assert health["sandbox_off_reason"] is None
    else:  # a machine without user namespaces: the reason names it
        assert "namespace" in health["sandbox_off_reason"]


@pytest.mark.parametrize("host, allowed, refused", [
    ("127.0.0.1", False, False), ("localhost", False, False), ("::1", False, False),
    ("0.0.0.0", False, True), ("192.0.2.7", False, True), ("kg.example.org", False, True),
    ("0.0.0.0", True, False),
])
def test_startup_unsandboxed_refuses_public_address_unless_allowed(
        small_store: Path, host: str, allowed: bool, refused: bool) -> None:
    app = create_app({"sandbox": False, "workers": 0, "allow_unsandboxed": allowed},
                     store=str(small_store))
    try:
        if refused:
            with pytest.raises(UnsafeExposure, match="NOT network-sandboxed"):
                startup_warnings(app, host)
        else:
            [warning] = startup_warnings(app, host)
            assert warning.startswith("WARNING: query workers are NOT network-sandboxed")
    finally:
        close_app(app)


def test_cli_serve_unsandboxed_on_public_address_exits_with_one_line(small_store: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--store", str(small_store), "--host", "0.0.0.0",
                                      "--port", "0", "--setting", "sandbox", "false",
                                      "--setting", "workers", "0"])
    assert result.exit_code == 1
    assert "refusing to serve on 0.0.0.0" in result.output
    assert "Traceback" not in result.output
