"""Statements -> RDF: the vocabulary (the only place IRIs are spelled), the quads of each
article and, beside them, the figures its claims assert as values (``claimed.py``), the rules
derived across articles from those values (conflicts, corroboration), the catalogue read from
``ontology/entities.ttl``, and validation of the built graph (SHACL, OWL, evidence spans).
"""
