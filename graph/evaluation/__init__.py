"""Evaluation: extraction scored against hand-written gold (``sco-kg evaluate``).

:mod:`.scoring` scores the in-repo sets (``eval/sets/``, gold format in ``eval/GOLD.md``);
:mod:`.runs` scores every set, the real development set with its own strict scorer, prints
one table and keeps the ratchet (``eval/ratchet.json``).
"""
