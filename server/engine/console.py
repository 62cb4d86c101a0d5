"""Reading queries and printing their results for the command line (``sco-kg query``, ``stats``).

The commands read through the engine like every other reader; this module only turns a query
argument into text and typed results into what the terminal shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox

from ...graph.errors import QueryError
from ...graph.rdf import vocab
from .engine import Engine
from .results import Result, Solutions, Term


def read_query(text_or_path: str, params: Mapping[str, str] | None = None) -> str:
    """The query text: the file's contents when the argument names a ``.rq`` file.

    A file with ``# param:`` header lines is a canned query: its parameters are bound (given
    values, else their defaults) the safe way ``sco_kg.queries`` binds them over HTTP.
    """
    from ...queries import CannedQueryError, parse

    path = Path(text_or_path)
    if text_or_path.endswith((".rq", ".sparql")) and path.is_file():
        text = path.read_text("utf-8")
        if not params and not any(line.lstrip().startswith("# param:")
                                  for line in text.splitlines()):
            return text  # a plain query file: no canned-query header needed
        try:
            canned = parse(path.stem, text)
            return canned.bind(params) if canned.parameters or params else text
        except CannedQueryError as exc:
            raise QueryError(f"{path}: {exc}") from exc
    if text_or_path.endswith((".rq", ".sparql")) and "{" not in text_or_path:
        raise QueryError(f"no such query file: {text_or_path}")
    if params:
        raise QueryError("--param applies to canned query files (.rq with # param: lines)")
    return text_or_path


def format_result(result: Result, fmt: str) -> str:
    """SELECT/ASK as a table, CSV or SPARQL JSON; CONSTRUCT/DESCRIBE as Turtle."""
    if isinstance(result, bool):
        return {"json": f'{{"head": {{}}, "boolean": {str(result).lower()}}}\n'}.get(
            fmt, f"{result}\n")
    if not isinstance(result, Solutions):
        turtle = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE,
                              prefixes=dict(vocab.PREFIXES))
        assert turtle is not None  # no output given: the bytes are returned
        return turtle.decode("utf-8")
    if fmt in {"csv", "json"}:
        body = result.serialize(ox.QueryResultsFormat.CSV if fmt == "csv"
                                else ox.QueryResultsFormat.JSON)
        return body.decode("utf-8") + ("" if fmt == "csv" else "\n")
    names = list(result.variables)
    rows = [[_cell(row[name]) for name in names] for row in result]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def truncated(result: Result) -> bool:
    """Whether the row or byte cap cut the result."""
    return not isinstance(result, bool) and result.truncated


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in vocab.DISPLAY_PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value.replace("\n", " ")
    return str(term)


class DatasetStats(TypedDict):
    quads: int
    graphs: int
    classes: dict[str, int]
    articles: dict[str, int]


_CLASSES = ("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } "
            "GROUP BY ?c ORDER BY DESC(?n) ?c")
_ARTICLES = ("PREFIX schema: <http://schema.org/> PREFIX sco: <" + vocab.SCO + "> "
             "SELECT ?name (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a sco:Article ; "
             "schema:identifier ?name . ?s ?p ?o } } GROUP BY ?name ORDER BY ?name")


def dataset_stats(engine: Engine) -> DatasetStats:
    """Counts per class (by rdf:type, union graph) and quads per article graph."""
    reader = engine.reader(engine.budgets.query_timeout_s)
    classes = {_cell(row["c"]): row.integer("n") for row in reader.select(_CLASSES)}
    articles = {row.value("name"): row.integer("n") for row in reader.select(_ARTICLES)}
    return {"quads": engine.quad_count, "graphs": len(engine.graphs), "classes": classes,
            "articles": articles}
