"""What can go wrong when a query runs, as domain errors (no HTTP here).

The tree hangs off ``graph.errors``: a query that does not parse is a ``QueryError`` and one
that ran out of time a ``QueryTimeout``, whoever ran it. The web stage alone turns these into
status codes (``web/errors.py``); the CLI turns them into one line on stderr. Every class takes
one message argument, so an error raised in a query worker crosses the process boundary as a
pickle and is raised again, unchanged, in the server.
"""

from __future__ import annotations

from ...graph.errors import QueryError, QueryTimeout, SCOKGError


class QueryRefused(QueryError):
    """A query the service will not run: an update, ``SERVICE``, a remote fetch."""


class QueryTooLarge(QueryError):
    """A query text longer than the service accepts."""


class NoAcceptableFormat(QueryError):
    """The query's form (solutions or a graph) has no format the caller accepts."""


class EngineUnavailable(SCOKGError):
    """The engine could not take the query now; trying again later may work."""

    retry_after_s = 1


class Busy(EngineUnavailable):
    """Every query worker stayed busy for longer than the caller would wait."""


class WorkerFailed(SCOKGError):
    """The worker running a query died or hit a bug; the details are in the server's log."""


class QueryOutOfMemory(SCOKGError):
    """The query grew past the memory a worker may use for one query and was stopped (503:
    the server is fine, the query asked for more than it serves; trying again will not help)."""


__all__ = ["Busy", "EngineUnavailable", "NoAcceptableFormat", "QueryError", "QueryOutOfMemory",
           "QueryRefused", "QueryTimeout", "QueryTooLarge", "WorkerFailed"]
