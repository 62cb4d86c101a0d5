"""Log lines that carry request data, and the URL the service calls itself (issue 13).

A client chooses its path, query string and headers. Written into a log as they are, a
``%0a`` in a path ends the line and forges the next one; so every value taken from a request
passes through ``printable`` first, and ``LogSafety`` does the same to every record a handler
writes (the CLI's handler has it), whatever the code that logged it.

Absolute URLs (``/queries``, VoID, the service description, dumps) are built by Flask from the
request's ``Host`` header, which any client can set. ``PublicURL`` rewrites the WSGI
environment before Flask sees it: the scheme, host and path prefix come from the
``public_url`` setting or, when it is empty, from the address the server is bound to
(``SERVER_NAME`` and ``SERVER_PORT``, which the WSGI server fills from its socket), never from
the ``Host`` header.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from ...graph.errors import SCOKGError

_DEFAULT_PORTS = {"http": "80", "https": "443"}


def printable(value: object) -> str:
    """``value`` as text with every control or separator character escaped (``\\n``...)."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


class LogSafety(logging.Filter):
    """Escapes control characters in a record's message (the traceback stays as it is)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.isprintable():
            record.msg, record.args = printable(message), None
        return True


class PublicURLError(SCOKGError):
    """A ``public_url`` that is not an absolute http(s) URL."""


class PublicURL:
    """WSGI middleware: the request's scheme, host and prefix are the service's own."""

    def __init__(self, app: Callable[..., Iterable[bytes]], public_url: str) -> None:
        self.app = app
        self.fixed: tuple[str, str, str] | None = None
        if public_url:
            parts = urlsplit(public_url)
            if parts.scheme not in _DEFAULT_PORTS or not parts.netloc or parts.query:
                raise PublicURLError(f"public_url must be an absolute http(s) URL without a "
                                     f"query, like https://kg.example.org, not {public_url!r}")
            self.fixed = (parts.scheme, parts.netloc, parts.path.rstrip("/"))

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.fixed is not None:
            scheme, host, prefix = self.fixed
            environ["SCRIPT_NAME"] = prefix + environ.get("SCRIPT_NAME", "")
        else:
            scheme = "http"
            name, port = str(environ.get("SERVER_NAME", "localhost")), str(
                environ.get("SERVER_PORT", "80"))
            if ":" in name and not name.startswith("["):
                name = f"[{name}]"  # an IPv6 address
            host = name if _DEFAULT_PORTS[scheme] == port else f"{name}:{port}"
        environ["wsgi.url_scheme"] = scheme
        environ["HTTP_HOST"] = host
        return self.app(environ, start_response)
