"""Talking to a Wikidata SPARQL endpoint: a polite client, the queries it sends, and scoring.

Everything here speaks plain SPARQL 1.1 over the Wikidata RDF shape (``rdfs:label``,
``skos:altLabel``, ``wdt:``, ``p:``/``ps:``/``pq:``), so the same query text runs on the live
Wikidata Query Service and on any SPARQL 1.1 server holding a slice of Wikidata (the tests use
``oxigraph serve`` over ``shared/wikidata/sco-subset.nt``). No ``SERVICE wikibase:label`` and no
``P279`` closure: accepted classes are listed with ``VALUES``. ``linking`` composes these
parts with the store.
"""

from .client import DEFAULT_ENDPOINT, EndpointError, QueryCache, WikidataClient, user_agent

__all__ = ["DEFAULT_ENDPOINT", "EndpointError", "QueryCache", "WikidataClient", "user_agent"]
