"""One HTTP error type and one handler that answers in JSON, HTML or text.

Views raise ``ServerError(status, message)``; the engine's domain errors (``engine/errors.py``)
get their status here and only here (``ENGINE_STATUS``). werkzeug's own HTTP errors (404, 405,
413 from ``MAX_CONTENT_LENGTH``) and unexpected exceptions go through the same renderer (datasette's
``DatasetteError`` plus ``handle_exception``). The body never holds a stack trace: details of
a 500 go to the log under the request id.

JSON shape (pinned by a test)::

    {"ok": false, "status": 400, "title": "Bad Request", "error": "<message>"}
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Mapping

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from ...graph.errors import SCOKGError
from ..engine.errors import (
    EngineUnavailable,
    NoAcceptableFormat,
    QueryError,
    QueryOutOfMemory,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    WorkerFailed,
)
from ..engine.negotiation import Format, NotAcceptable, choose
from .logs import printable

log = logging.getLogger("sco_kg.server")

_ERROR_FORMATS = (
    Format("json", "application/json", ("json",)),
    Format("html", "text/html", ("html",)),
    Format("text", "text/plain", ("text", "txt")),
)


class ServerError(Exception):
    """An HTTP error with a message meant for the client."""

    def __init__(self, status: int, message: str, *,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_response(status: int, message: str,
                   headers: Mapping[str, str] | None = None) -> Response:
    """The error as JSON (default), HTML or plain text, whichever the client prefers."""
    title = HTTP_STATUS_CODES.get(status, "Error")
    try:
        fmt = choose(_ERROR_FORMATS, request.headers.get("Accept"))
    except NotAcceptable:
        fmt = _ERROR_FORMATS[0]
    if fmt.name == "html":
        body = _html_page(status, title, message)
    elif fmt.name == "text":
        body = f"{status} {title}: {message}\n"
    else:
        body = json.dumps({"ok": False, "status": status, "title": title,
                           "error": message}) + "\n"
    response = Response(body, status=status, content_type=fmt.content_type)
    response.headers.update(headers or {})
    response.vary.add("Accept")
    return response


def _html_page(status: int, title: str, message: str) -> str:
    """The site's own layout with a way on (issue 15); the bare page if that cannot render."""
    try:
        return render_template("error.html", status=status, title=title, message=message)
    except Exception:  # an error page must never fail: fall back to the page without layout
        log.exception("error page template failed")
        return (f"<!doctype html><title>{status} {html.escape(title)}</title>"
                f"<h1>{status} {html.escape(title)}</h1><pre>{html.escape(message)}</pre>\n"
                '<p><a href="/">Home</a></p>\n')


# Most specific first: the first class the error is an instance of gives its status.
ENGINE_STATUS: tuple[tuple[type[SCOKGError], int], ...] = (
    (QueryTimeout, 503),
    (QueryOutOfMemory, 503),
    (QueryRefused, 403),
    (QueryTooLarge, 413),
    (NoAcceptableFormat, 406),
    (QueryError, 400),
    (EngineUnavailable, 503),
    (WorkerFailed, 500),
)


def http_error(error: SCOKGError) -> ServerError:
    """The HTTP error a domain error means (500 for one no view should have let through)."""
    status = next((code for kind, code in ENGINE_STATUS if isinstance(error, kind)), 500)
    headers = {}
    if isinstance(error, EngineUnavailable):
        headers["Retry-After"] = str(error.retry_after_s)
    message = str(error) if status != 500 or isinstance(error, WorkerFailed) else \
        "internal error (logged on the server)"
    return ServerError(status, message, headers=headers)


def _handle_server_error(error: ServerError) -> Response:
    return error_response(error.status, error.message, error.headers)


def _handle_domain_error(error: SCOKGError) -> Response:
    converted = http_error(error)
    if converted.status == 500 and not isinstance(error, WorkerFailed):
        log.error("unexpected error on %s %s", printable(request.method),
                  printable(request.path), exc_info=error)
    return _handle_server_error(converted)


def _handle_http_exception(error: HTTPException) -> Response:
    headers = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
    return error_response(error.code or 500, error.description or "", headers)


def _handle_unexpected(error: Exception) -> Response:
    log.exception("unexpected error on %s %s", printable(request.method),
                  printable(request.path))
    return error_response(500, "internal error (logged on the server)")


def register_error_handlers(app: Flask) -> None:
    """Route every error through ``error_response``."""
    app.register_error_handler(ServerError, _handle_server_error)
    app.register_error_handler(SCOKGError, _handle_domain_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)


__all__ = ["ENGINE_STATUS", "ServerError", "error_response", "http_error",
           "register_error_handlers"]
