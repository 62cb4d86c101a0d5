"""The one small exception tree library code raises (translated once at each boundary)."""

from __future__ import annotations


class SCOKGError(Exception):
    """Base of every error sco-kg raises on purpose."""


class ArticleError(SCOKGError):
    """An article that cannot be read; carries its location like a compiler error."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.message = message


class QueryError(SCOKGError):
    """A SPARQL query that does not parse, or that the service refuses."""


class QueryTimeout(QueryError):
    """A query that ran past its time limit and was stopped."""


class StoreError(SCOKGError):
    """A store that cannot be opened, read or written."""


class PipelineError(SCOKGError):
    """An extraction pipeline whose components do not fit together (checked before any article)."""
