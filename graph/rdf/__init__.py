"""Statements -> RDF: the vocabulary (the only place IRIs are spelled), the quads of each
article, the rules derived across articles (conflicts, corroboration), the catalogue read from
``ontology/entities.ttl``, and validation of the built graph (SHACL, OWL, evidence spans).
"""
