"""``Link`` headers (RFC 8288) and ``Last-Modified`` for the linked-data documents.

Every document the service writes about a resource names its other formats
(``rel="alternate"`` with the media type) and, on a redirect from an identifier,
the document that describes it (``rel="describedby"``).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response


def link(url: str, rel: str, media_type: str | None = None) -> str:
    """One link-value: ``<url>; rel="rel"; type="media/type"``."""
    # A URL we build never holds '>' (url_for quotes it); anything else is quoted here.
    target = url.replace(">", "%3E").replace("<", "%3C")
    return f'<{target}>; rel="{rel}"' + (f'; type="{media_type}"' if media_type else "")


def add_links(response: Response, values: Iterable[str]) -> Response:
    """Append link-values to the response's ``Link`` header."""
    found = [v for v in values if v]
    if found:
        existing = response.headers.get("Link")
        response.headers["Link"] = ", ".join(([existing] if existing else []) + found)
    return response
