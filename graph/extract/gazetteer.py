"""The catalogue's names and the lexicon's word lists, compiled into matchers once per lexicon.

Mentions, coreference and attribution all ask the same questions of the rule data: which
catalogue entries a surface form names, whether a word is a title, a reporting verb or a
demonym. This module answers them; it holds no names itself (they live in ``entities.ttl`` and
``graph/lexicon/*.jsonl``) and keeps no module-level state: the :class:`Gazetteer` is built once
per catalogue and lexicon and kept on the lexicon (:meth:`Lexicon.compiled`), and the matchers
the steps derive from it are kept on the gazetteer (:meth:`Gazetteer.compiled`).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar, cast

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue, CatalogueEntry

# A capitalised name token: "Lind", "Jan-Erik", "O'Dara", "Kıraçoğlu", "Ömerli", an initial "G"
# or "S.". Latin-1 and Latin Extended-A letters count, so Turkish, Polish or Czech names read.
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
NAME_TOKEN = rf"(?:[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}{_LOWER}]+)*|[{_UPPER}]\.?(?=\s))"
# Two to four tokens on one line: a personal name as news prints it (a name never runs on
# into the next paragraph, where it would hide the name that opens it).
FULL_NAME = rf"{NAME_TOKEN}(?:[^\S\n]+{NAME_TOKEN}){{1,3}}"
# Where a name begins: a capital. Put before zero-width openers ("^", "(?<=, )") that precede
# a name, it lets the pattern fail at once wherever no capital stands, instead of trying every
# opener at every position (the engine has no first-character test for lookbehinds): the
# five name patterns of this kind ran 2-4 times faster.
NAME_START = rf"(?=[{_UPPER}])"
APOSTROPHE = "'’"


@dataclass(frozen=True)
class Role:
    key: str
    name: str
    scope: str


@dataclass(frozen=True)
class Verb:
    lemma: str
    that_required: bool
    participle: bool


T = TypeVar("T")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first."""
    return _alternation(frozenset(words))


def _alternation(words: frozenset[str]) -> str:
    # Steps that ask for an alternation per article use Gazetteer.alternation (memoised on the
    # gazetteer); this one serves the gazetteer's own build, once per lexicon.
    return _join(words)


def exact_alternation(words: Iterable[str]) -> str:
    """The alternation :func:`alternation` makes, as a prefix tree, for CASE-SENSITIVE use only.

    It matches what the flat one does, trying the words in the same order: the words that can
    match at one position are prefixes of one another, and the tree tries the longer first. A
    flat alternation of a thousand names makes the regex engine test every name at every
    position; the tree tests one branch per character. Under IGNORECASE (a flag or ``(?i:``)
    two branches may match the same text, so there use :func:`alternation`.
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(trie) if trie else r"(?!x)x"  # (?!x)x: matches nothing


def caseless_alternation(words: Iterable[str]) -> str:
    """The alternation :func:`alternation` makes, as a prefix tree, for IGNORECASE use only
    (under the flag or inside ``(?i:...)``); ``""`` for no words.

    A flat alternation under IGNORECASE is the slowest kind: the engine's quick first-letter
    test works for case-sensitive literals only, so it enters every word at every position
    (the number words made the figures' number pattern twice as slow as the tree). The tree
    is built from the words in lower case, which is sound for ASCII words: two ASCII words
    match the same text without regard to case exactly when their lower cases are equal, so
    the words that can match at one position are prefixes of one another in lower case, lie
    on one path of the tree and are tried longest first, as the flat alternation tries them.
    Any other word (``"é"`` and ``"É"`` fold by Unicode rules) keeps the flat alternation.
    """
    unique = set(words)
    if not unique:
        return ""
    if not all(word.isascii() for word in unique):
        return _join(unique)
    return exact_alternation({word.lower() for word in unique})


def _branches(node: dict[str, dict]) -> str:
    kids = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not kids:
        return ""
    body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
    if "" not in node:
        return body
    return (f"(?:{body})" if len(kids) == 1 else body) + "?"  # a word ends here: after longer


def _join(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered) or r"(?!x)x"  # (?!x)x: matches nothing


@dataclass
class Gazetteer:
    """Compiled rule data for one extraction run."""

    catalogue: Catalogue
    lexicon: Lexicon
    names: dict[str, list[CatalogueEntry]]
    hidden: dict[str, list[CatalogueEntry]]
    roles: dict[str, Role]
    honorifics: set[str]
    qualifiers: dict[str, bool]
    demonyms: dict[str, str]
    verbs: dict[str, Verb]
    org_heads: set[str]
    media_heads: set[str]
    state_body_heads: set[str]  # "Ministry", "Embassy": a demonym before one names the state
    event_heads: set[str]
    media_staff: set[str]  # "writer", "correspondent": "a writer for Y" names a medium Y
    media_nouns: set[str]  # "news outlet", "newspaper": "the newspaper Y" names a medium Y
    organ_members: set[str]  # "Heads of State": a "Council of Heads of State" is an organ
    adjectives: dict[str, str]  # "Ruritanian", "Central Asian": the state or region they name
    adjective_re: re.Pattern[str]
    currency_after_re: re.Pattern[str]  # " dollars", " yuan": money follows a name
    state_names: str  # an alternation of the names that name one state
    furniture: set[str]  # "Breaking", "Trending": a name opening so is a page's label
    cues: dict[str, list[str]]
    name_re: re.Pattern[str]
    role_re: re.Pattern[str]
    honorific_re: re.Pattern[str]
    demonym_re: re.Pattern[str]
    verb_re: re.Pattern[str]
    _compiled: dict[Hashable, object] = field(default_factory=dict, repr=False, compare=False)

    def compiled(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` once for this gazetteer (so once per catalogue and lexicon), by ``key``."""
        try:
            return cast(T, self._compiled[key])
        except KeyError:
            value = self._compiled[key] = build()
            return value

    def alternation(self, words: Iterable[str]) -> str:
        """:func:`alternation`, memoised on this gazetteer: the steps ask for the same ones
        (roles, verbs, cues) in every article, and escaping and sorting ~1,000 words each time
        cost a tenth of extraction time."""
        key = frozenset(words)
        return self.compiled(("alternation", key), lambda: _join(key))

    def exact_alternation(self, words: Iterable[str]) -> str:
        """:func:`exact_alternation` (case-sensitive use only), memoised on this gazetteer."""
        key = frozenset(words)
        return self.compiled(("exact_alternation", key), lambda: exact_alternation(key))

    def role(self, text: str) -> Role | None:
        return self.roles.get(text) or self.roles.get(text.lower())

    def title_words(self) -> set[str]:
        """Every word that begins a title or honorific (for "is this capital a title?")."""
        words = {r.split()[0] for r in self.roles} | {h.split()[0] for h in self.honorifics}
        return {w for w in words if w[:1].isupper()}


def build(catalogue: Catalogue, lexicon: Lexicon) -> Gazetteer:
    """The catalogue and lexicon compiled into matchers, once per pair (kept on the lexicon)."""
    return lexicon.compiled(("gazetteer", catalogue), lambda: _build(catalogue, lexicon))


def _build(catalogue: Catalogue, lexicon: Lexicon) -> Gazetteer:
    names: dict[str, list[CatalogueEntry]] = defaultdict(list)
    hidden: dict[str, list[CatalogueEntry]] = defaultdict(list)
    demonyms = {str(r["pattern"]): str(r["label"]) for r in lexicon["demonyms"]}
    state_labels = {e.key: e.label for e in catalogue.entries if e.kind == "state"}
    owners = _state_words(catalogue, demonyms)
    body_heads = {str(r["pattern"]) for r in lexicon["org_words"] if r.get("state_body")}
    for entry in catalogue.entries:
        for name in (entry.label, *entry.aliases):
            forms = _variants(name) | _lower_case(entry, name)
            if entry.kind == "govbody" and body_heads & set(name.split()):
                forms |= _body_in_lower_case(name, owners, demonyms, state_labels)
            for form in forms:
                if entry not in names[form]:
                    names[form].append(entry)
        for name in entry.hidden:
            if entry not in hidden[name]:
                hidden[name].append(entry)
    roles: dict[str, Role] = {}
    honorifics: set[str] = set()
    qualifiers: dict[str, bool] = {}
    for row in lexicon["titles"]:
        pattern, kind = str(row["pattern"]), row.get("type")
        if kind == "role":
            role = Role(str(row["label"]), str(row.get("name", pattern)),
                        str(row.get("scope", "any")))
            roles.setdefault(pattern, role)
            if " " in pattern or "-" in pattern:
                roles.setdefault(pattern.lower(), role)  # "the deputy secretary-general"
        elif kind == "honorific":
            honorifics.add(pattern)
        elif kind == "qualifier":
            qualifiers[pattern] = bool(row.get("former"))
    verbs = {str(r["pattern"]): Verb(str(r["label"]), r.get("that") == "required",
                                     r.get("form") == "participle")
             for r in lexicon["reporting_verbs"]}
    cues: dict[str, list[str]] = defaultdict(list)
    for row in lexicon["speaker_cues"]:
        cues[str(row["label"])].append(str(row["pattern"]))
    words = lexicon["org_words"]
    adjectives = dict(demonyms)
    adjectives.update({str(r["pattern"]): str(r["entity"]) for r in lexicon["place_words"]
                       if r["label"] == "adjective"})
    currencies = [str(r["pattern"]) for r in lexicon["units"]
                  if r.get("currency") and r.get("position") == "suffix"
                  and str(r["pattern"]).islower()]
    return Gazetteer(
        catalogue=catalogue,
        lexicon=lexicon,
        names=dict(names),
        hidden=dict(hidden),
        roles=roles,
        honorifics=honorifics,
        qualifiers=qualifiers,
        demonyms=demonyms,
        verbs=verbs,
        org_heads={str(r["pattern"]) for r in words if r["label"] == "org_head"},
        media_heads={str(r["pattern"]) for r in words if r["label"] == "media_head"},
        state_body_heads=body_heads,
        event_heads={str(r["pattern"]) for r in words if r["label"] == "event_head"},
        media_staff={str(r["pattern"]) for r in words if r["label"] == "media_staff"},
        media_nouns={str(r["pattern"]) for r in words if r["label"] == "media_noun"},
        organ_members={str(r["pattern"]) for r in words if r["label"] == "organ_members"},
        furniture={str(r["pattern"]) for r in words if r["label"] == "furniture"},
        cues=dict(cues),
        adjectives=adjectives,
        adjective_re=re.compile(rf"(?<![\w-])(?:{exact_alternation(adjectives)})(?![\w-])"),
        currency_after_re=re.compile(rf"\s+(?:{exact_alternation(currencies)})\b"),
        state_names=alternation([n for n, entries in names.items()
                                 if len(entries) == 1 and entries[0].kind == "state"]),
        # a name ends at a word boundary, or before "-based" ("Riverton-based"): the one
        # hyphenated suffix that leaves the name whole, kept here beside the boundary it edits
        name_re=re.compile(rf"(?<![\w-])(?:{exact_alternation(names)})(?![\w]|-(?!based\b)\w)"),
        role_re=re.compile(rf"(?<![\w-])(?:{exact_alternation(roles)})(?![\w-])"),
        honorific_re=re.compile(rf"(?<![\w.])(?:{exact_alternation(honorifics)})(?![\w])"),
        demonym_re=re.compile(rf"(?<![\w-])(?:{exact_alternation(demonyms)})(?![\w-])"),
        verb_re=re.compile(rf"(?<![\w-])(?:{exact_alternation(verbs)})(?![\w-])"),
    )


def near_spelling(name: str, other: str) -> bool:
    """"Oleg Ermakov" / "Oleg Yermakov": the same given names and a surname one
    transliteration apart (similar letters, at least five of them). A near spelling is only a
    candidate: the caller must prove the person by post and time."""
    a, b = name.split(), other.split()
    if len(a) != len(b) or len(a) < 2 or a[:-1] != b[:-1] or a[-1] == b[-1]:
        return False
    x, y = a[-1].lower(), b[-1].lower()
    return min(len(x), len(y)) >= 5 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.8


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "&"})


def _lower_case(entry: CatalogueEntry, name: str) -> set[str]:
    """"the regional anti-terrorist structure": an intergovernmental body's name of three words
    or more, set in lower case, still names it (a transcript or a careless copy)."""
    words = [w for w in name.split() if w.lower() not in _SMALL_WORDS]
    if (entry.kind != "igo" or len(words) < 3 or not all(w[0].isupper() for w in words)
            or any(len(w) > 1 and w.isupper() for w in words)):
        return set()
    return {name.lower()}


def _state_words(catalogue: Catalogue, demonyms: Mapping[str, str]) -> re.Pattern[str]:
    """The words that name a state, as a name or a demonym ("Russia", "Russian Federation",
    "Russian"), possessive or not."""
    words = [n for e in catalogue.entries if e.kind == "state" for n in (e.label, *e.aliases)]
    return re.compile(rf"(?<![\w-])(?:{exact_alternation([*words, *demonyms])})(?:['’]s)?"
                      rf"(?![\w-])")


def _body_in_lower_case(name: str, owners: re.Pattern[str], demonyms: Mapping[str, str],
                        state_labels: Mapping[str, str]) -> set[str]:
    """"the Russian defence ministry", "Ruritania's foreign ministry", "the ministry of energy
    of Ruritania": wire copy sets a state body's name in lower case around the state's. Only
    names of state bodies ("Ministry", "Office", ...) that say whose body it is get these forms
    (a bare "ministry of commerce" could be any state's); the demonym form also gets the
    possessive ("Russia's defence ministry")."""
    spans = [m.span() for m in owners.finditer(name)]
    if not spans:
        return set()
    parts, cursor = [], 0
    for s, e in spans:
        parts += [name[cursor:s].lower(), name[s:e]]
        cursor = e
    lowered = "".join([*parts, name[cursor:].lower()])
    forms = {lowered} if lowered != name else set()
    first, rest = name[spans[0][0]:spans[0][1]], lowered[spans[0][1]:]
    if spans[0][0] == 0 and first in demonyms and demonyms[first] in state_labels:
        forms |= {f"{state_labels[demonyms[first]]}{mark}s{rest}" for mark in "'’"}
    return {f for f in forms if f.split()[0] not in _SMALL_WORDS}


def _variants(name: str) -> set[str]:
    """The name as written plus its other apostrophe."""
    forms = {name}
    for a, b in (("'", "’"), ("’", "'")):
        if a in name:
            forms.add(name.replace(a, b))
    return forms
