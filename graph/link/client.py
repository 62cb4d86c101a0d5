"""A polite SPARQL client for Wikidata: descriptive User-Agent, retries, timeout, on-disk cache.

Wikimedia's User-Agent policy asks every client to say who it is and how to reach its
maintainers; the Query Service answers anonymous clients with 403 and throttled ones with 429
plus ``Retry-After`` (``shared/research/endpoint-anchors.md`` §3.13). So this client:

* sends ``sco-kg/<version> (<project URL>; Wikidata linker) SPARQLWrapper/<version>``;
* retries 429, 502, 503, 504 and network errors, waiting what ``Retry-After`` asks (seconds
  or an HTTP date) or else an exponential backoff, and gives up when asked to wait longer than
  ``max_wait`` instead of sleeping for an hour;
* never retries 400 or 500 (on the Query Service a 500 is usually a query timeout: sending the
  same heavy query again only adds load);
* keeps every answer on disk, keyed by endpoint + query text, so a rerun sends nothing it has
  already asked. Queries are built deterministically (sorted ``VALUES``) for that reason.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import math
import os
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from SPARQLWrapper import GET, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ..errors import SCOKGError
from ..rdf import vocab

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
RETRYABLE = frozenset({429, 502, 503, 504})
GET_LIMIT = 2000  # longer queries are POSTed (GET answers can be cached by the service)

Binding = dict[str, dict[str, str]]


class EndpointError(SCOKGError):
    """The endpoint refused a query or could not be reached, after any retries."""


def user_agent() -> str:
    """The User-Agent Wikimedia's policy asks for: name/version (contact URL) library/version."""
    try:
        version = metadata.version("sco-kg")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        version = "0"
    from SPARQLWrapper import __version__ as wrapper_version

    return f"sco-kg/{version} ({vocab.BASE}; Wikidata linker) SPARQLWrapper/{wrapper_version}"


def query_key(endpoint: str, query: str) -> str:
    """The cache key (and the provenance hash) of one query sent to one endpoint."""
    return hashlib.sha256(f"{endpoint}\n{query}".encode()).hexdigest()


class QueryCache:
    """Answers on disk, one JSON file per (endpoint, query), written atomically."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, endpoint: str, query: str) -> list[Binding] | None:
        path = self._path(query_key(endpoint, query))
        if not path.exists():
            return None
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("endpoint") != endpoint or entry.get("query") != query:
            return None  # a hash collision, however unlikely, must not answer the wrong query
        return entry["bindings"]

    def put(self, endpoint: str, query: str, bindings: list[Binding]) -> None:
        path = self._path(query_key(endpoint, query))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
        body = {"endpoint": endpoint, "query": query, "bindings": bindings}
        tmp.write_text(json.dumps(body, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)


@dataclass
class WikidataClient:
    """Sends SELECT queries to one endpoint and returns SPARQL JSON bindings.

    Args:
        endpoint: the SPARQL endpoint URL (``/sparql`` on the Query Service, not ``/``).
        cache: where answers are kept; ``None`` asks every time.
        timeout: seconds for one HTTP request.
        max_attempts: tries per query, the first included.
        max_wait: the longest single wait accepted; a longer ``Retry-After`` is an error.
        agent: the User-Agent header.
        sleep: how to wait (a parameter so a caller can log or bound waits).
    """

    endpoint: str = DEFAULT_ENDPOINT
    cache: QueryCache | None = None
    timeout: float = 60.0
    max_attempts: int = 4
    max_wait: float = 120.0
    backoff: float = 1.0
    agent: str = field(default_factory=user_agent)
    sleep: Callable[[float], None] = time.sleep
    sent: int = 0
    cached: int = 0
    retries: int = 0
    waited: float = 0.0
    queries: dict[str, str] = field(default_factory=dict)

    def select(self, query: str) -> list[Binding]:
        """The bindings of a SELECT query, from the cache when it was asked before.

        Raises:
            EndpointError: the endpoint refused the query, or kept failing.
        """
        self.queries[query_key(self.endpoint, query)] = query
        if self.cache is not None:
            hit = self.cache.get(self.endpoint, query)
            if hit is not None:
                self.cached += 1
                return hit
        bindings = self._with_retries(query)
        if self.cache is not None:
            self.cache.put(self.endpoint, query, bindings)
        return bindings

    def _with_retries(self, query: str) -> list[Binding]:
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self._send(query)
            except urllib.error.HTTPError as exc:
                code, retry_after = exc.code, exc.headers.get("Retry-After")
                exc.close()
                if code not in RETRYABLE:
                    hint = " (the service wants a descriptive User-Agent)" if code == 403 else ""
                    raise EndpointError(f"{self.endpoint} answered HTTP {code}{hint}") from exc
                delay = _retry_after_seconds(retry_after)
                reason = f"HTTP {code}"
            except SPARQLWrapperException as exc:
                raise EndpointError(f"{self.endpoint} refused the query: {exc}") from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                delay, reason = None, f"{type(exc).__name__}: {exc}"
            if delay is None:
                delay = self.backoff * 2 ** (attempt - 1)
            if attempt == self.max_attempts:
                raise EndpointError(f"{self.endpoint}: {reason}, gave up after "
                                    f"{attempt} attempts")
            if delay > self.max_wait:
                raise EndpointError(f"{self.endpoint}: {reason}, asked to wait {delay:.0f} s "
                                    f"(more than {self.max_wait:.0f} s); try again later")
            self.retries += 1
            self.waited += delay
            self.sleep(delay)
        raise AssertionError("unreachable")

    def _send(self, query: str) -> list[Binding]:
        wrapper = SPARQLWrapper(self.endpoint, agent=self.agent)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(max(1, math.ceil(self.timeout)))
        wrapper.setMethod(GET if len(quote(query)) < GET_LIMIT else POST)
        wrapper.setQuery(query)
        self.sent += 1
        result = wrapper.query()
        try:
            data = result.convert()
        except ValueError as exc:
            raise EndpointError(f"{self.endpoint} did not answer SPARQL JSON: {exc}") from exc
        finally:
            result.response.close()
        if not isinstance(data, dict) or "results" not in data:
            raise EndpointError(f"{self.endpoint} did not answer a SELECT result")
        return data["results"]["bindings"]


def _retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: either a number or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
