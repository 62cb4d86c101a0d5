"""The reference derive's values must agree with: one SPARQL join over the article graphs.

Before issue 10 a build read the figures back out of the quads; this join is what that reading
stood for. Tests compare ``stated_figures`` (values) with it, so the two paths cannot drift.
"""

from __future__ import annotations

from sco_kg.graph.rdf import vocab
from sco_kg.graph.rdf.claimed import ClaimedFigure
from sco_kg.graph.statements.model import DateValue, Figure, Span
from sco_kg.graph.store import Store

JOIN = """
PREFIX sco: <https://w3id.org/sco-kg/ontology#> PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?claim ?article ?p ?subject ?measure ?label ?value ?unit ?qualifier ?kind ?period
WHERE {
  ?claim sco:asserts ?p ; sco:reportedIn ?article .
  ?p sco:measure ?measure ; schema:value ?value ; schema:unitText ?unit ;
     sco:valueQualifier ?qualifier ; sco:quantityKind ?kind .
  OPTIONAL { ?p sco:subject ?subject }
  OPTIONAL { ?p sco:referencePeriod ?period }
  OPTIONAL { ?measure skos:prefLabel ?label }
}"""

_QUALIFIERS = {iri: key for key, iri in vocab.QUALIFIER.items()}
_KINDS = {iri: key for key, iri in vocab.QUANTITY_KIND.items()}
_PRECISION = {"gYear": "year", "gYearMonth": "month", "date": "day"}


def figures_by_sparql_join(store: Store) -> list[ClaimedFigure]:
    """The join's rows as figures, sorted by claim and then by every term as N-Triples."""
    rows = []
    for r in store.query(JOIN):  # type: ignore[union-attr]
        rows.append((r["claim"].value, r["p"].value, *(str(r[name]) for name in (
            "p", "article", "subject", "measure", "label", "value", "unit", "qualifier", "kind",
            "period")), r))
    found = []
    for *_, r in sorted(rows, key=lambda row: row[:-1]):
        measure = r["measure"].value.rsplit("/", 1)[-1]
        period = r["period"] and DateValue(
            r["period"].value, _PRECISION[r["period"].datatype.value.rsplit("#", 1)[-1]])
        figure = Figure(value=r["value"].value, unit=r["unit"].value, measure=measure,
                        measure_label=r["label"].value if r["label"] else measure,
                        span=Span(0, 0, ""), period=period,
                        qualifier=_QUALIFIERS[r["qualifier"].value], kind=_KINDS[r["kind"].value])
        found.append(ClaimedFigure(r["claim"].value, r["article"].value, r["p"].value,
                                   r["subject"].value if r["subject"] else "", figure))
    return found
