"""Canned SPARQL queries (*.rq files with a comment header)."""
