"""Extraction step `metadata` (see pipeline.py); not written yet."""

from __future__ import annotations


def annotate(doc, catalogue, lexicon) -> None:
    raise NotImplementedError("extraction step 'metadata' is not written yet")
