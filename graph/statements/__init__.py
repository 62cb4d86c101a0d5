"""The contract between extraction and RDF: frozen value objects (statements, evidence spans,
figures, dates) that extraction returns and the RDF stage maps to quads.
"""
