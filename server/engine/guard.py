"""Decide whether a query may run, with the engine's own parser deciding (issue 13).

pyoxigraph evaluates ``SERVICE`` by calling the remote endpoint itself and offers no switch to
turn that off, so a query with a ``SERVICE`` must be stopped before it reaches the engine. A
second parser cannot be trusted to see what Oxigraph sees: rdflib, used here before, ended
``#`` comments at ``\\n`` only and let ``# c\\rSERVICE <...>`` through. So Oxigraph decides:

* Oxigraph matches the keyword case-insensitively, ASCII only, and without a word boundary.
  If the letters ``service`` (any case) appear nowhere in the text, no ``SERVICE`` can be in it.
* Otherwise every occurrence of those seven letters is replaced, keeping each letter's case,
  by letters no SPARQL keyword uses (``j`` and ``q``), the same replacement everywhere, and
  Oxigraph parses that text (on an empty store, which it never evaluates against a remote).
  Inside a string, an IRI, a comment, a variable, a prefixed name (declaration and use alike),
  a blank node label or a language tag a letter may become any other letter and the text
  means the same; only as a keyword do these letters stop parsing. Oxigraph's parser is a PEG:
  it commits to the first alternative that matches, so the changed text parses only if no
  alternative ever read those letters as the keyword. If it does not parse, the query is
  refused. ``tests/server/test_guard_differential.py`` runs generated texts through both.

Updates (``INSERT``, ``LOAD``...) cannot run at all: the store's ``query`` parses queries only,
and the store is read-only. They get a clear refusal from the first keyword. Nesting is
bounded before Oxigraph parses anything: its recursive parser crashes the process on very
deep brackets (measured: 10,000 nested ``(`` or ``{``).

This runs inside the query worker, under the hard time limit. The server remembers the texts
that passed (``engine.VerdictCache``), so each distinct query is checked once.
"""

from __future__ import annotations

import re
import urllib.parse

import pyoxigraph as ox

from .errors import QueryError, QueryRefused
from .tokens import Token, nesting, tokens

UPDATE_REFUSED = ("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, "
                  "DROP, CREATE, ...) is refused")
SERVICE_REFUSED = ("SERVICE refused: this endpoint never calls other services or fetches "
                   "URLs; query its data only")

# Deepest nesting of any bracket before the parser is trusted with a text. Oxigraph 0.5's
# parser crashes the process at about 3,000 nested { (2,000 pass) in an 8 MB stack; the { }
# limit users see is a setting.
MAX_BRACKET_DEPTH = 1000

_SERVICE = re.compile("service", re.IGNORECASE | re.ASCII)
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                           "MOVE", "COPY", "WITH"})
_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})

QueryDataset = tuple[tuple[str, ...], tuple[str, ...]]


def check_query(text: str, *, max_depth: int,
                base_iri: str | None) -> QueryDataset | None:
    """Refuse updates, ``SERVICE`` and over-deep nesting; let everything else through.

    Returns:
        The graphs the query's own ``FROM`` / ``FROM NAMED`` clauses name (resolved against
        ``base_iri``), or None when it has none. The caller passes them to the store as the
        dataset: pyoxigraph's union-default-graph option would otherwise override them.

    Raises:
        QueryError: bad syntax or nesting past ``max_depth``.
        QueryRefused: an update or ``SERVICE``.
    """
    items = list(tokens(text))
    braces, brackets = nesting(text, items)
    if braces > max_depth:
        raise QueryError(f"query nests {braces} groups deep; the limit is {max_depth}")
    if brackets > MAX_BRACKET_DEPTH:
        raise QueryError(f"query nests brackets {brackets} deep; the limit is "
                         f"{MAX_BRACKET_DEPTH}")
    words = [t.text.upper() for t in items if t.kind == "word"]
    first = next((w for w in words if w not in {"PREFIX", "BASE"}), "")
    if first in _UPDATE_WORDS:
        raise QueryRefused(UPDATE_REFUSED)
    if _SERVICE.search(text):
        _refuse_service(text, base_iri, mentions=any("SERVICE" in w for w in words))
    return _query_dataset(items, base_iri)


def masked(text: str) -> str:
    """``text`` with every ASCII ``service`` (any case) spelled in letters no keyword has."""
    taken = text.lower()
    for pattern in ("jqjqjqj", "qjqjqjq", "jjqqjjq", "qqjjqqj", "jqqjqqj"):
        if pattern not in taken:
            break
    else:  # a text holding all five: refused as if it had a SERVICE
        raise QueryRefused(SERVICE_REFUSED)

    def swap(match: re.Match[str]) -> str:
        return "".join(r.upper() if c.isupper() else r for c, r in zip(match.group(), pattern,
                                                                        strict=True))
    return _SERVICE.sub(swap, text)


def _refuse_service(text: str, base_iri: str | None, *, mentions: bool) -> None:
    try:
        ox.Store().query(masked(text), base_iri=base_iri)
    except SyntaxError as exc:
        if mentions:
            raise QueryRefused(SERVICE_REFUSED) from None
        raise QueryError(f"syntax error: {exc}") from None
    except (OSError, ValueError) as exc:
        raise QueryError(str(exc)) from None


def _query_dataset(items: list[Token], base_iri: str | None) -> QueryDataset | None:
    """FROM and FROM NAMED graphs, resolved as the prologue says (never fetched)."""
    prefixes: dict[str, str] = {}
    base = base_iri
    default: list[str] = []
    named: list[str] = []
    seen_form = False
    for i, token in enumerate(items):
        word = token.text.upper() if token.kind == "word" else ""
        nxt = items[i + 1] if i + 1 < len(items) else None
        after = items[i + 2] if i + 2 < len(items) else None
        if not seen_form and word == "BASE" and nxt is not None and nxt.kind == "iri":
            base = _resolve(_iri_text(nxt.text), base)
        elif (not seen_form and word == "PREFIX" and nxt is not None and nxt.kind == "pname"
              and after is not None and after.kind == "iri"):
            prefixes[nxt.text.split(":", 1)[0]] = _resolve(_iri_text(after.text), base)
        elif word in _FORMS:
            seen_form = True
        elif seen_form and word == "FROM" and nxt is not None:
            target, into = nxt, default
            if nxt.kind == "word" and nxt.text.upper() == "NAMED" and after is not None:
                target, into = after, named
            iri = _term_iri(target, prefixes, base)
            if iri is not None:
                into.append(iri)
    if not default and not named:
        return None
    return tuple(default), tuple(named)


def _term_iri(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        return _resolve(_iri_text(token.text), base)
    if token.kind == "pname":
        prefix, local = token.text.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def _iri_text(token: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])


def _resolve(iri: str, base: str | None) -> str:
    return urllib.parse.urljoin(base, iri) if base else iri
