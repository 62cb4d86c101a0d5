"""Write ``queries.jsonl``: every query syntax test of the W3C SPARQL 1.0 and 1.1 suites.

Run from the repository root with the suites' folder (a copy of w3c/rdf-tests ``sparql/``)::

    python tests/data/w3c-sparql-syntax/make_fixture.py ../shared/w3c-rdf-tests

One line per manifest entry of type ``mf:PositiveSyntaxTest(11)`` or
``mf:NegativeSyntaxTest(11)`` (update syntax tests are left out: the endpoint refuses every
update), in manifest order: the test's IRI, positive or not, the query file's path in the suite
and its exact text. The texts are the W3C files' content, unmodified.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
KINDS = {MF.PositiveSyntaxTest: True, MF.PositiveSyntaxTest11: True,
         MF.NegativeSyntaxTest: False, MF.NegativeSyntaxTest11: False}
SUITES = "https://w3c.github.io/rdf-tests/sparql/"


def main(root: Path) -> None:
    out = Path(__file__).with_name("queries.jsonl")
    lines = []
    for manifest in sorted(root.glob("sparql1[01]/*/manifest.ttl")):
        folder = manifest.parent.relative_to(root).as_posix()
        graph = Graph().parse(manifest, publicID=f"{SUITES}{folder}/manifest.ttl")
        for head in graph.objects(None, MF.entries):
            for entry in Collection(graph, head):
                kind = graph.value(entry, RDF.type)
                action = graph.value(entry, MF.action)
                if kind not in KINDS or action is None or not str(action).startswith(SUITES):
                    continue
                path = str(action)[len(SUITES):]
                text = (root / path).read_bytes().decode("utf-8")
                lines.append(json.dumps({"test": str(entry), "positive": KINDS[kind],
                                         "file": path, "query": text}, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(lines)} syntax tests -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
