"""Operations: request ids, the access log, CORS headers and ``/healthz``.

Every response carries ``X-Request-Id`` (the client's, when it sent a sane one) and every log
line of the request names it. CORS is ``Access-Control-Allow-Origin: *`` without credentials:
the data is public and no cookie or token is ever honoured.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid

from flask import Blueprint, Flask, Response, g, has_request_context, jsonify, request

from ...graph.errors import SCOKGError
from ..engine.engine import Engine
from .logs import LogSafety, PublicURL, printable
from .settings import Settings
from .state import EXTENSION, current_state

log = logging.getLogger("sco_kg.server")
bp = Blueprint("ops", __name__)

_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
EXPOSED_HEADERS = "X-Request-Id, X-SCO-KG-Query-Time, X-SCO-KG-Truncated, Link, Retry-After"


class RequestIdFilter(LogSafety):
    """Adds ``request_id`` to log records (``-`` outside a request); escapes control characters.

    The CLI's log handler has this filter, so every line it writes is one line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return super().filter(record)


class UnsafeExposure(SCOKGError):
    """Serving beyond this machine with query workers that can reach the network."""


def sandbox_reason(engine: Engine, settings: Settings) -> str | None:
    """Why the query workers have network access (None: they are sandboxed)."""
    if engine.sandboxed:
        return None
    if engine.workers == 0:
        return "queries run in the server process (workers = 0)"
    if not settings.sandbox:
        return "the sandbox setting is off"
    if getattr(getattr(engine, "_store", None), "needs_network", False):
        return "the store is a remote SPARQL endpoint, which the workers must reach"
    return ("the query workers could not enter a new user and network namespace (unshare "
            "failed: user namespaces are not allowed here, as in many container runtimes)")


def startup_warnings(app: Flask, host: str) -> list[str]:
    """Lines to print before serving on ``host``; refuses an unsandboxed public server.

    Raises:
        UnsafeExposure: ``host`` is not a loopback address, the workers are not sandboxed and
            the ``allow_unsandboxed`` setting is off.
    """
    state = app.extensions[EXTENSION]
    reason = sandbox_reason(state.engine, state.settings)
    if reason is None:
        return []
    if not _is_loopback(host) and not state.settings.allow_unsandboxed:
        raise UnsafeExposure(
            f"refusing to serve on {host}: query workers are NOT network-sandboxed ({reason}); "
            "serve on 127.0.0.1 behind a proxy, or set allow_unsandboxed true to accept that "
            "the query guard alone keeps queries off the network")
    return [f"WARNING: query workers are NOT network-sandboxed: {reason}. The query guard "
            "alone keeps queries off the network (/healthz says sandboxed: false)."]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # any other name may resolve to a public address


@bp.route("/healthz")
def healthz() -> Response:
    state = current_state()
    engine = state.engine  # counted once per store version
    alive = engine.workers_alive
    # ok: queries can be answered now (every worker can be busy, none may be gone for good)
    ok = engine.workers == 0 or alive > 0
    return jsonify(ok=ok, quads=engine.quad_count, graphs=len(engine.graphs),
                   version=engine.version, workers=engine.workers, workers_alive=alive,
                   zygote_restarts=engine.zygote_restarts, sandboxed=engine.sandboxed,
                   sandbox_off_reason=sandbox_reason(engine, state.settings))


def _start() -> None:
    incoming = request.headers.get("X-Request-Id", "")
    g.request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers["X-Request-Id"] = g.get("request_id", "-")
    if current_state().settings.cors:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS":
            # Every method the URL serves (flask's Allow: HEAD with GET, QUERY on /sparql).
            response.headers["Access-Control-Allow-Methods"] = \
                response.headers.get("Allow") or "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, X-Request-Id"
            response.headers["Access-Control-Max-Age"] = "3600"
    elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    log.info("%s %s %d %.1fms", printable(request.method), printable(request.path),
             response.status_code, elapsed)
    return response


def register_ops(app: Flask) -> None:
    # The app's state (and its settings) is in place before register_ops is called.
    app.wsgi_app = PublicURL(app.wsgi_app,  # type: ignore[method-assign]
                             app.extensions[EXTENSION].settings.public_url)
    app.before_request(_start)
    app.after_request(_finish)
    app.register_blueprint(bp)
