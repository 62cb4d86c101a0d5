"""SPARQL text split into tokens with Oxigraph's lexical rules (spargebra ``parser.rs``).

The guard needs to know what the engine will see as structure: where a comment, a string
or an IRI starts and ends, how deep brackets nest, which bare words are keywords. Two
parsers disagreeing on that is how a check is bypassed (issue 13: rdflib ends a ``#`` comment
only at ``\\n``, Oxigraph also at a bare ``\\r``), so every rule here copies Oxigraph's, as
read from spargebra's grammar and checked against pyoxigraph 0.5 in
``tests/server/test_guard_differential.py``:

* whitespace is exactly space, tab, ``\\n`` and ``\\r``; a comment runs from ``#`` to the
  next ``\\n`` **or** ``\\r``;
* strings: ``'''``/``\"\"\"`` (tried first) then ``'``/``\"``, with ``ECHAR`` and ``UCHAR``
  escapes; a long string's inner quotes follow the grammar's ``(\"''\" / \"'\")?`` choice;
* ``\\u``/``\\U`` escapes count only inside strings and IRIs: Oxigraph does not unescape the
  whole text before parsing (``SELECT * { \\u003Fs ?p ?o }`` is a syntax error there);
* a prefixed name's local part may hold escapes such as ``\\#`` and ``\\'`` (``PN_LOCAL_ESC``);
* keywords are matched without a word boundary (``i(\"SERVICE\")`` compares the next seven
  characters), so ``trueSERVICE`` is ``true`` then ``SERVICE`` to Oxigraph.

What a tokenizer cannot settle alone is ``<``: Oxigraph tries an IRI where a term may stand
and the less-than operator elsewhere. That is why the SERVICE decision does not rest on these
tokens (``guard.py`` asks Oxigraph itself); here the text of an IRI is scanned for brackets
as well, so nesting is never under-counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...graph.errors import QueryError

_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
         "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd")
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_BASE}][{_CHARS}]*+(?:\\.++[{_CHARS}]++)*+"
_PN_LOCAL = (f"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*+"
             f"(?:\\.++(?:[{_CHARS}:]|{_PLX})++)?+")
_HEX = "[0-9A-Fa-f]"
_ESCAPE = rf"\\[tbnrf\"'\\]|\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"

_PATTERNS = [
    ("space", r"[ \t\r\n]++"),
    ("comment", r"#[^\r\n]*+"),
    ("string", rf"'''(?:(?:''|')?+(?:[^'\\]|{_ESCAPE}))*+'''"),
    ("string", rf'"""(?:(?:""|")?+(?:[^"\\]|{_ESCAPE}))*+"""'),
    ("string", rf"'(?:[^'\\\n\r]|{_ESCAPE})*+'"),
    ("string", rf'"(?:[^"\\\n\r]|{_ESCAPE})*+"'),
    ("iri", rf"<(?:[^\x00-\x20<>\"{{}}|^`\\]|\\u{_HEX}{{4}}|\\U{_HEX}{{8}})*+>"),
    ("var", f"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+"),
    ("bnode", f"_:[{_U}0-9][{_CHARS}]*+(?:\\.++[{_CHARS}]++)*+"),
    ("lang", r"@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+"),
    ("pname", f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*+"),
    ("number", r"[0-9]++"),
    ("punct", r"[\s\S]"),
]
_TOKEN = re.compile("|".join(f"(?P<t{i}>{p})" for i, (_, p) in enumerate(_PATTERNS)))
_KINDS = {f"t{i}": kind for i, (kind, _) in enumerate(_PATTERNS)}
_OPEN, _CLOSE = "{([", "})]"


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, bnode, lang, pname, word, number, punct
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` (spaces and comments left out).

    Raises:
        QueryError: a quote that opens no string Oxigraph would accept (the engine refuses
            such a text too: a quote can only start a string).
    """
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None and match.lastgroup is not None  # punct matches anything
        kind, value = _KINDS[match.lastgroup], match.group()
        if kind == "punct" and value in "'\"":
            line = text.count("\n", 0, position) + 1
            raise QueryError(f"syntax error: unterminated string at line {line}")
        if kind not in ("space", "comment"):
            yield Token(kind, value, position)
        position = match.end()


def nesting(text: str, items: list[Token]) -> tuple[int, int]:
    """(deepest ``{ }`` nesting, a bound on the deepest bracket nesting Oxigraph may see).

    The ``{ }`` depth is this tokenizer's. The bound covers one ambiguity: an IRI holding ``#``
    or ``'`` may be, to Oxigraph, the less-than operator followed by the IRI's text, then a
    comment (``#``) or a string (``'``) running on to the end of that line. For such a line the
    bound takes the worse of the two readings: brackets before the ``#`` count as Oxigraph would
    count them; after a ``'``, every opening bracket on the line counts and no closing one. A
    triple quote on such a line is refused: it could move strings beyond the line.

    Raises:
        QueryError: such an IRI with a triple quote after it on its line.
    """
    braces = deepest_braces = 0
    bound = deepest = 0
    line_end, other = -1, 0  # the ambiguous line's end; the depth in the other reading
    for token in items:
        if line_end >= 0 and token.start >= line_end:  # both readings meet at the line's end
            bound, line_end = max(bound, other), -1
        if token.kind == "iri" and line_end < 0 and any(c in token.text for c in "#'"):
            line_end = min((i for i in (text.find("\r", token.start),
                                        text.find("\n", token.start)) if i >= 0),
                           default=len(text))
            line = text[token.start:line_end]
            if "'''" in line or '"""' in line:
                raise QueryError("syntax error: ambiguous IRI: an IRI holding '#' or \"'\" "
                                 "cannot have a triple quote after it on its line")
            inner = token.text[1:-1]
            cut = min(i for i in (inner.find("#"), inner.find("'"), len(inner)) if i >= 0)
            if cut < len(inner) and inner[cut] == "#":
                other = bound
                for char in inner[:cut]:
                    other = other + 1 if char in _OPEN else max(0, other - (char in _CLOSE))
                    deepest = max(deepest, other)
            else:
                other = bound + sum(line.count(c) for c in _OPEN)
                deepest = max(deepest, other)
            continue
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            bound += 1
            deepest = max(deepest, bound)
            if token.text == "{":
                braces += 1
                deepest_braces = max(deepest_braces, braces)
        elif token.text in _CLOSE:
            bound = max(0, bound - 1)
            if token.text == "}":
                braces = max(0, braces - 1)
    return deepest_braces, deepest
