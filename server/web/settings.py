"""Server settings: one table of limits and switches, frozen once the app is built.

Every setting has a name, a default and a help line (datasette's ``SETTINGS`` table). Values come,
lowest precedence first, from the defaults, an optional config file (YAML or JSON mapping), the
environment (``SCO_KG_<NAME>``, upper case) and ``--setting NAME VALUE`` on the command line
(flask's ``Config.from_prefixed_env``). Once ``create_app`` returns they never change.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ...graph.errors import SCOKGError
from ..engine.engine import Budgets
from ..engine.evaluation import Limits

ENV_PREFIX = "SCO_KG_"

SettingValue = bool | int | float | str
_V = TypeVar("_V", bool, int, float, str)


def _setting(default: _V, help_text: str) -> _V:
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class Settings:
    """Limits and switches of one running server (see ``SETTINGS`` for the help lines)."""

    base_iri: str = _setting(
        "", "Base IRI of the service, used to resolve relative IRIs in queries "
            "(empty: the endpoint's own URL).")
    public_url: str = _setting(
        "", "The service's own URL as clients reach it (e.g. https://kg.example.org, or with "
            "a path when a proxy serves it there and strips that path), used for every "
            "absolute URL it writes; "
            "empty: http:// plus the address and port it listens on. Never the Host header.")
    query_timeout_s: float = _setting(
        10.0, "Hard time limit of one query in seconds; the worker running it is killed (503).")
    workers: int = _setting(
        3, "Query worker processes, forked after the store is loaded (0: run queries in the "
           "request thread, with no hard time limit; for scripts only).")
    reserved_page_workers: int = _setting(
        1, "Query workers that users' SPARQL queries may never hold: they run at most "
           "workers minus this many at once, so pages (entity, article, claim, home, search, "
           "labels...) never wait behind long queries; pages may use any idle worker. Applies "
           "when workers is larger than this.")
    max_queries_per_client: int = _setting(
        1, "SPARQL queries one client (address, see trusted_proxies) may have running at "
           "once; another gets 429 with Retry-After, for that client only. Answers from the "
           "cache do not count. 0: no bound.")
    trusted_proxies: str = _setting(
        "", "Addresses or networks (CIDR), comma-separated, of reverse proxies whose "
            "X-Forwarded-For header names the client for per-client limits (query time, "
            "queries running); from any other address the header is ignored. Empty: never "
            "read it.")
    worker_memory_mb: int = _setting(
        256, "A query worker whose private memory passes this many MB is replaced by a fresh "
             "fork once it finishes its query. Reading the in-memory store dirties its pages, "
             "so each worker slowly becomes a private copy of it; a fresh fork shares them "
             "again. 0: never.")
    query_memory_mb: int = _setting(
        1024, "Memory in MB a query worker may take on top of what it maps when forked (the "
              "store it shares, an index handle): a query that needs more is stopped and "
              "answers 503, and a fresh worker takes its place (RLIMIT_AS). 0: no limit.")
    page_timeout_s: float = _setting(
        5.0, "Time limit in seconds for all the queries of one page (entity, article, claim, "
             "home, search, timeline, VoID, service description) together; they run in the "
             "query workers like any query, and a page past it answers 503.")
    queue_timeout_s: float = _setting(
        1.0, "How long a request waits for a free query worker (for a SPARQL query: one of "
             "its lane, see reserved_page_workers) before a 503 with Retry-After; short, so "
             "requests that cannot be served soon do not hold server threads.")
    max_query_bytes: int = _setting(
        100_000, "Largest query text accepted, in bytes (413 above).")
    max_request_bytes: int = _setting(
        1_000_000, "Largest request body accepted, in bytes (413 above).")
    max_query_depth: int = _setting(
        40, "Deepest nesting of { } groups a query may have (400 above).")
    max_rows: int = _setting(
        10_000, "Most result rows (or triples) returned; longer results are cut and flagged "
                "with the header X-SCO-KG-Truncated: true.")
    max_response_bytes: int = _setting(
        50_000_000, "Largest response body in bytes; longer results are cut at a row boundary "
                    "and flagged like max_rows.")
    rate_limit_query_s: float = _setting(
        60.0, "Query time in seconds each client may use per minute (token bucket, as on the "
              "Wikidata Query Service), counted while its query runs (not while it waits for a "
              "worker); past it the answer is 429 with Retry-After. 0: off.")
    cors: bool = _setting(
        True, "Send Access-Control-Allow-Origin: * (never with credentials).")
    sandbox: bool = _setting(
        True, "Run query workers in their own network namespace, so that no query can open a "
              "connection even if a check were bypassed (Linux user namespaces; logged when "
              "unavailable).")
    allow_unsandboxed: bool = _setting(
        False, "Serve on a non-loopback address even when the query workers could not be "
               "sandboxed (the server refuses to start otherwise; it always says so on stderr "
               "and in /healthz).")
    cache_mb: int = _setting(
        64, "Memory for whole answers to repeated queries, keyed by the dataset's version (so a "
            "rebuilt store never serves an old answer); answers carry an ETag and revalidate "
            "with 304. 0: off.")
    threads: int = _setting(
        8, "Threads of the WSGI server (waitress) answering requests. At most one fewer "
           "requests wait on the query engine at once (more get 503 with Retry-After at "
           "once), so a thread is always free for /healthz, static files and dumps.")
    reload_check_s: float = _setting(
        1.0, "How often, in seconds, the server looks at its store folder's manifest; when "
             "`sco-kg build` or `sco-kg link` wrote a new version, the server loads it, forks "
             "new query workers from it and swaps it in between requests (each request is "
             "answered wholly from one version; caches and ETags follow the new one). A store "
             "that fails to load is logged and the old one kept. 0: never (restart to serve a "
             "new build).")
    memory_max_quads: int = _setting(
        1_500_000, "A store folder of at most this many quads is loaded into memory at start "
                   "(fastest queries; about 10 s and 450 MB per million quads); a larger one is "
                   "served from its on-disk index, which opens in well under a second and whose "
                   "memory does not grow with the data (each query worker opens its own "
                   "read-only handle). Only a store built with disjoint graphs can be served "
                   "from its index; any other is loaded into memory whatever its size.")
    channel_timeout_s: int = _setting(
        60, "Seconds an idle or slow HTTP connection is kept before waitress closes it.")
    connection_limit: int = _setting(
        1000, "HTTP connections waitress holds open at once (idle, half-sent or answering); "
              "more wait in the kernel's queue. Well above what a few clients can hold open, "
              "so idle or half-sent connections cannot lock everyone out (waitress's own "
              "default, 100, was exhausted by 120 half-sent requests from one client); a "
              "public server should also sit behind a proxy that limits connections per "
              "client (README).")

    def budgets(self) -> Budgets:
        """The engine's time limits and query size limit."""
        return Budgets(query_timeout_s=self.query_timeout_s, page_timeout_s=self.page_timeout_s,
                       queue_timeout_s=self.queue_timeout_s,
                       max_query_bytes=self.max_query_bytes)

    def limits(self) -> Limits:
        """The row, byte and nesting caps every answer is written within."""
        return Limits(self.max_rows, self.max_response_bytes, self.max_query_depth)


@dataclass(frozen=True)
class Setting:
    """One row of the settings table: what it is called, its default and what it does."""

    name: str
    default: SettingValue
    help: str


def _rows() -> tuple[Setting, ...]:
    rows = []
    for f in dataclasses.fields(Settings):
        assert isinstance(f.default, bool | int | float | str), f.name  # every field has one
        rows.append(Setting(f.name, f.default, f.metadata["help"]))
    return tuple(rows)


SETTINGS: tuple[Setting, ...] = _rows()
_BY_NAME = {s.name: s for s in SETTINGS}


class SettingsError(SCOKGError):
    """An unknown setting, or a value of the wrong type."""


def coerce(name: str, value: object) -> SettingValue:
    """The value of setting ``name`` in the type of its default (strings from env and CLI)."""
    if name not in _BY_NAME:
        raise SettingsError(f"unknown setting {name!r} (one of {', '.join(_BY_NAME)})")
    default = _BY_NAME[name].default
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off"}:
            return False
        raise SettingsError(f"setting {name}: expected true or false, got {value!r}")
    convert: Callable[[Any], SettingValue] = type(default)
    try:
        return convert(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name}: expected {type(default).__name__}, "
                            f"got {value!r}") from exc


def make_settings(*, config_file: Path | None = None, environ: Mapping[str, str] | None = None,
                  overrides: Iterable[tuple[str, object]] = ()) -> Settings:
    """Settings from a config file, the environment and explicit overrides, in that order.

    Raises:
        SettingsError: an unknown name, a bad value, or an unreadable config file.
    """
    values: dict[str, object] = {}
    if config_file is not None:
        values.update(_read_config(config_file))
    env = os.environ if environ is None else environ
    for name in _BY_NAME:
        if ENV_PREFIX + name.upper() in env:
            values[name] = env[ENV_PREFIX + name.upper()]
    values.update(dict(overrides))
    return _settings(values)


def as_settings(value: Settings | Mapping[str, object] | None) -> Settings:
    """Accept a ``Settings``, a plain mapping (tests) or ``None`` (defaults)."""
    if isinstance(value, Settings):
        return value
    return _settings(value or {})


def _settings(values: Mapping[str, object]) -> Settings:
    # Any: each value has been coerced to the type of its own field's default.
    coerced: dict[str, Any] = {name: coerce(name, value) for name, value in values.items()}
    return Settings(**coerced)


def settings_markdown() -> str:
    """The settings table for the README (``sco-kg serve --help-settings``)."""
    lines = ["| setting | default | what it does |", "|---|---|---|"]
    for s in SETTINGS:
        default = str(s.default).lower() if isinstance(s.default, bool) else repr(s.default)
        lines.append(f"| `{s.name}` | `{default}` | {s.help} |")
    return "\n".join(lines) + "\n"


def _read_config(path: Path) -> dict[str, object]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("settings"), dict):
        data = data["settings"]
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: expected a mapping of setting names to values")
    return {str(k): v for k, v in data.items()}


__all__ = ["SETTINGS", "Setting", "Settings", "SettingsError", "as_settings", "make_settings",
           "settings_markdown"]
