"""Reading queries and printing their results for the command line."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from ...graph.errors import QueryError
from ...graph.rdf import vocab
from ...graph.store import Store


def read_query(text_or_path: str, params: Mapping[str, str] | None = None) -> str:
    """The query text: the file's contents when the argument names a ``.rq`` file.

    A file with ``# param:`` header lines is a canned query: its parameters are bound (given
    values, else their defaults) the safe way ``sco_kg.queries`` binds them over HTTP.
    """
    from ...queries import CannedQueryError, parse

    path = Path(text_or_path)
    if text_or_path.endswith((".rq", ".sparql")) and path.is_file():
        text = path.read_text("utf-8")
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


def format_result(result: object, fmt: str) -> str:
    """SELECT/ASK as a table, CSV or SPARQL JSON; CONSTRUCT/DESCRIBE as Turtle."""
    if isinstance(result, ox.QueryBoolean):
        return {"json": f'{{"head": {{}}, "boolean": {str(bool(result)).lower()}}}\n'}.get(
            fmt, f"{bool(result)}\n")
    if isinstance(result, ox.QueryTriples):
        buffer = io.BytesIO()
        ox.serialize(result, buffer, ox.RdfFormat.TURTLE, prefixes=dict(vocab.PREFIXES))
        return buffer.getvalue().decode("utf-8")
    assert isinstance(result, ox.QuerySolutions)
    if fmt in {"csv", "json"}:
        buffer = io.BytesIO()
        result.serialize(buffer, ox.QueryResultsFormat.CSV if fmt == "csv"
                         else ox.QueryResultsFormat.JSON)
        return buffer.getvalue().decode("utf-8") + ("" if fmt == "csv" else "\n")
    names = [v.value for v in result.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in result]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(term: object) -> str:
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


def dataset_stats(store: Store) -> dict:
    """Counts per class (by rdf:type, union graph) and quads per article graph."""
    classes = {}
    for row in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } "
                           "GROUP BY ?c ORDER BY DESC(?n) ?c"):
        classes[_cell(row["c"])] = int(row["n"].value)
    articles = {}
    for row in store.query(
        "PREFIX schema: <http://schema.org/> PREFIX sco: <" + vocab.SCO + "> "
        "SELECT ?name (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a sco:Article ; "
        "schema:identifier ?name . ?s ?p ?o } } GROUP BY ?name ORDER BY ?name"
    ):
        articles[row["name"].value] = int(row["n"].value)
    return {"quads": len(store), "graphs": len(store.graphs()), "classes": classes,
            "articles": articles}
