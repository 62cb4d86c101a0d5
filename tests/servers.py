"""Real servers for tests: our app in a thread, and ``oxigraph serve`` in a subprocess.

Both bind 127.0.0.1 on a free port, wait until they answer, and always stop in ``finally``
(werkzeug ``shutdown`` + ``join``; terminate -> wait -> kill), after datasette's
``wait_for_server`` and rdflib's ``ctx_http_server``. A subprocess that exits early fails the
test at once with its stderr.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """``app`` on 127.0.0.1, any free port; yields its base URL; always shut down."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextmanager
def live_app(store: object, **settings: object) -> Iterator[str]:
    """A fresh app over ``store`` (a Store or a path) with ``settings``; yields the base URL."""
    from sco_kg.server import close_app, create_app

    app = create_app(settings, store=store if not isinstance(store, Path) else str(store))
    try:
        with serving(app) as url:
            yield url
    finally:
        close_app(app)


@contextmanager
def server_process(args: list[str], probe_url: str, log_path: Path, *, name: str,
                   timeout_s: float = 30, env: dict[str, str] | None = None) -> Iterator[None]:
    """Run a server as a subprocess until ``probe_url`` answers 200; stop it afterwards.

    Fails the test at once, with the server's stderr, if the process exits before answering;
    teardown is terminate, wait, kill.
    """
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log, env=env)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                pytest.fail(f"{name} exited ({process.returncode}):\n"
                            + log_path.read_text("utf-8", "replace"))
            try:
                with urllib.request.urlopen(probe_url, timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not answer within {timeout_s} s")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def oxigraph(command: str, location: Path, *, timeout_s: float = 30) -> Iterator[str]:
    """``oxigraph serve`` or ``serve-read-only`` over ``location``; yields the base URL."""
    if not OXIGRAPH.exists():
        pytest.fail(f"the oxigraph CLI is missing at {OXIGRAPH}: pip install -e '.[test]'")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with server_process([str(OXIGRAPH), command, "--location", str(location),
                         "--bind", f"127.0.0.1:{port}"], f"{url}/query?query=ASK%7B%7D",
                        location.with_name(location.name + ".stderr.log"),
                        name=f"oxigraph {command}", timeout_s=timeout_s):
        yield url
