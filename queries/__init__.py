"""Canned SPARQL queries: ``*.rq`` files whose comment header says what they answer.

A header is a run of ``#`` lines at the top of the file::

    # title: Who said what about an entity
    # description: Every claim about the entity, with claimant, article and quote.
    # param: entity entity "Example Organisation" "IRI, or a label or alias"

A ``param`` line is ``name type default "help"`` (shell-style quoting). Types:

* ``iri``: an absolute ``http(s)`` IRI;
* ``string``: any text, bound as a plain literal;
* ``entity``: an absolute ``http(s)`` IRI, or else any text (bound as a literal, for the query
  to match against labels);
* ``integer``: a decimal integer.

Parameters are never pasted into the query text as raw strings. :meth:`CannedQuery.bind`
checks each value against its type, turns it into an RDF term (pyoxigraph writes the
N-Triples syntax, which escapes quotes, backslashes and newlines) and adds one ``VALUES``
row at the start of the query's outermost ``WHERE`` group, where the variable ``?name``
takes the value. Queries and their parameters are data; this module imports nothing of ours.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

import pyoxigraph as ox

PARAM_TYPES = ("iri", "string", "entity", "integer")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_INTEGER = re.compile(r"^[+-]?[0-9]{1,18}$")


class CannedQueryError(ValueError):
    """A canned query file that is malformed, or a parameter value its type refuses."""


@dataclass(frozen=True)
class Parameter:
    """One query parameter, as declared by a ``# param:`` line."""

    name: str
    type: str
    default: str
    help: str


@dataclass(frozen=True)
class CannedQuery:
    """A named query with its description and parameters."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def bind(self, values: Mapping[str, str] | None = None) -> str:
        """The query text with every parameter bound (given value, else its default).

        Raises:
            CannedQueryError: an unknown parameter, or a value its type refuses.
        """
        values = dict(values or {})
        unknown = sorted(set(values) - {p.name for p in self.parameters})
        if unknown:
            raise CannedQueryError(f"unknown parameter {unknown[0]!r} for query {self.name!r}")
        if not self.parameters:
            return self.text
        terms = [term_for(p, values.get(p.name, p.default)) for p in self.parameters]
        names = " ".join(f"?{p.name}" for p in self.parameters)
        row = " ".join(str(t) for t in terms)
        match = _WHERE.search(self.text)
        assert match is not None  # checked by parse()
        clause = f"\n  VALUES ({names}) {{ ({row}) }}\n"
        return self.text[:match.end()] + clause + self.text[match.end():]


def term_for(parameter: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter value stands for, after checking it against the type.

    Raises:
        CannedQueryError: the value does not fit the parameter's type.
    """
    if parameter.type == "integer":
        if not _INTEGER.match(value.strip()):
            raise CannedQueryError(f"parameter {parameter.name!r} must be an integer")
        return ox.Literal(int(value))  # xsd:integer
    if parameter.type == "string":
        return ox.Literal(value)
    if parameter.type == "entity" and not _is_http_iri(value):
        return ox.Literal(value.strip())
    if not _is_http_iri(value):
        raise CannedQueryError(f"parameter {parameter.name!r} must be an absolute http(s) IRI")
    return ox.NamedNode(value)


def _is_http_iri(value: str) -> bool:
    if not value or any(c.isspace() or ord(c) < 0x20 or c in '<>"{}|^`\\' for c in value):
        return False
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def parse(name: str, text: str) -> CannedQuery:
    """Read one ``.rq`` file's header and body.

    Raises:
        CannedQueryError: no title, an unknown header key or parameter type, or a
            parameterised query without a ``WHERE {`` to bind into.
    """
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        key, sep, rest = line[1:].strip().partition(":")
        if not sep or " " in key:
            continue  # a plain comment
        if key == "param":
            parameters.append(_parameter(name, number, rest))
        elif key in {"title", "description"}:
            fields[key] = f"{fields[key]} {rest.strip()}" if key in fields else rest.strip()
        else:
            raise CannedQueryError(f"{name}.rq:{number}: unknown header key {key!r}")
    if not fields.get("title"):
        raise CannedQueryError(f"{name}.rq: the header has no '# title:' line")
    if parameters and not _WHERE.search(text):
        raise CannedQueryError(f"{name}.rq: parameters need a 'WHERE {{' to bind into")
    return CannedQuery(name, fields["title"], fields.get("description", ""),
                       tuple(parameters), text)


def _parameter(name: str, number: int, rest: str) -> Parameter:
    try:
        parts = shlex.split(rest)
    except ValueError as exc:
        raise CannedQueryError(f"{name}.rq:{number}: bad param line: {exc}") from exc
    if len(parts) != 4:
        raise CannedQueryError(f"{name}.rq:{number}: expected 'param: name type default "
                               f"\"help\"', got {len(parts)} fields")
    pname, ptype, default, help_text = parts
    if not _NAME.match(pname):
        raise CannedQueryError(f"{name}.rq:{number}: bad parameter name {pname!r}")
    if ptype not in PARAM_TYPES:
        raise CannedQueryError(f"{name}.rq:{number}: unknown parameter type {ptype!r} "
                               f"(one of {', '.join(PARAM_TYPES)})")
    parameter = Parameter(pname, ptype, default, help_text)
    term_for(parameter, default)  # the default itself must fit the type
    return parameter


def load() -> list[CannedQuery]:
    """Every canned query shipped in this package, sorted by name."""
    folder = resources.files(__name__)
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".rq") and entry.is_file():
            found.append(parse(entry.name[:-3], entry.read_text("utf-8")))
    return sorted(found, key=lambda q: q.name)


__all__ = ["PARAM_TYPES", "CannedQuery", "CannedQueryError", "Parameter", "load", "parse",
           "term_for"]
