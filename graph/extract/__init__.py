"""Extraction: article text in, :class:`~sco_kg.graph.statements.model.Extraction` out.

Pure by rule (like Flask's ``sansio``): no IO, no store, no rdflib, no globals. The catalogue
and lexicon are handed in by the caller. A test enforces the layering.
"""

from .pipeline import STEPS, extract

__all__ = ["STEPS", "extract"]
