"""What the attribution steps share: the context one article's speakers are matched in.

:mod:`quotes` (reported speech and direct quotes) and :mod:`interviews` (Q&A turns) both find
a speaker for a span of text and turn it into a :class:`~sco_kg.graph.statements.model.Claim`. The
pieces they share live here: the quoted passages of a paragraph, the speaker whose noun
phrase ends (or starts) at an offset, and the trimmed content span of a claim.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..statements.model import Claim, Mention, Span
from . import gazetteer as gz
from .document import Document
from .posts import kind_of

MIN_BARE_QUOTE = 25
MIN_CUT_WORDS = 6  # words a clause cut off by the end of a stored copy needs to be a claim
_CUT = "[...]"
SPEAKER_KINDS = frozenset({"person", "org", "igo", "media", "govbody", "state"})
OPEN, CLOSE = "“\"", "”\""
_APPOSITION = (r"(?:\s+in\s+[A-Z][\w’'-]*)?"  # "the Riverton Institute in Osh said"
               r"\s*(?:\([^()]{1,40}\)\s*)?"  # "the Eurasian Policy Institute (EPI) said"
               # one to three appositions: "X, President of Y, chair of Z, said"
               r"(?:(?:,(?:[^,“”\"]|“[^“”]{0,40}”|\"[^\"]{0,40}\"){0,150}){1,3},\s*|,\s+who\s+)?"
               # "X on Monday called", "X had earlier told"
               r"(?:\s+(?:on|last|this|next)\s+[A-Z][a-z]+day)?\s*"
               r"(?:(?:has|have|had|also|further|once again|likes to|liked to|used to|long|"
               r"often|repeatedly|previously|recently|already|always|never|once|earlier|later|"
               r"again|then|today|yesterday|reportedly|allegedly|"
               # second-hand speech: "X is reported to have said", "X was quoted as saying"
               r"(?:is|was|were|are|has\s+been|had\s+been)\s+(?:reportedly\s+)?(?:reported|said|"
               r"understood|believed|thought|known|alleged)\s+to\s+have)\s+)*")
_AFFILIATION = r"\s+(?:of|from|at)\s+(?:the\s+)?(?:[A-Z][\w’'-]*['’]s\s+)?"
NOT_A_CLAUSE = ("in|at|on|during|to|after|before|while|when|with|without|for|from|by|so|"
                 "this|yes|no|goodbye|hello|nothing|something|anything|little|much|here|there")
# "..., X said on Monday.", "..., said X in a statement."
# "..., X said here on Monday.": wire copy's "here" is the dateline's place
ADJUNCT = (r"\s+(?:on|in|at|during|after|before|last|earlier|later|to|from|while|when|here|there|"
            r"this\s+(?:week|month|year|morning|afternoon|evening|weekend|time))\b"
            r"[^,.\"“”]{0,60}")
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]+,\s+[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s+\d{4})?"
    r"(?:\s+\([^)]*\)\s*(?:--|—|–)|\.\s*/[^/\n]{2,40}/\.?)\s*"
    # "RIVERTON, Ruritania, May 3, 2024 /Wire/ -- ", "RIVERTON — "
    r"|[A-Z][A-Z.'’-]{2,}(?:[^\S\n]+[A-Z][A-Z.'’-]+)*(?:,[^\S\n]*[^,\n()/—–]{1,30}){0,3}"
    r"[^\S\n]*(?:\([^()\n]{1,80}\)|/[^/\n]{2,40}/)?[^\S\n]*(?:--|—|–|-)[^\S\n]*"
    # "RIVERTON (Wire / Agency - 3rd May, 2024) "
    r"|[A-Z][A-Z.'’-]{2,}(?:[^\S\n]+[A-Z][A-Z.'’-]+)*[^\S\n]*\((?=[^()\n]*[\d/])[^()\n]{1,80}\)"
    r"[^\S\n]*(?:(?:--|—|–|-)[^\S\n]*)?")


@dataclass
class SpeechContext:
    """What the speech steps share about one article: its speakers, quoted passages and cues."""
    doc: Document
    gaz: gz.Gazetteer
    speakers: list[Mention]
    verbs: str
    participles: str
    quotes: list[tuple[int, int]]  # inner spans of every quoted passage
    lead: str = ""  # words that lead up to a name: titles, honorifics, demonyms, "former"

    def rx(self, name: str, build: Callable[[], str], flags: int = 0) -> re.Pattern[str]:
        """The pattern ``name``, built from the rule data (never from the article) once per
        gazetteer: compiling these alternations of hundreds of cues anew for every article
        took a fifth of extraction time on real articles."""
        return self.gaz.compiled(("speech-rx", name, flags), lambda: re.compile(build(), flags))



CUT_MARKS = ("[...]", "[…]")


def quote_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Inner spans of quoted passages in one paragraph (curly pairs, straight toggles).

    Scraped copy mixes the marks ('“We back the plan," he said', '"We stay,“ he said'): a mark
    that stands where a quote closes (after a word, before a space or punctuation) closes the
    quote that is open, whichever mark opened it.
    """
    pairs, open_at, straight = [], None, None
    for i in range(start, end):
        ch = text[i]
        if ch not in "“”\"":
            continue
        closing = _closes_here(text, i, start, end)
        if ch == "“" and not (closing and (open_at is not None or straight is not None)):
            open_at = i
        elif ch == "”" or (closing and ch == "“"):
            if open_at is not None:
                pairs.append((open_at + 1, i))
                open_at = None
            elif straight is not None:
                pairs.append((straight + 1, i))
                straight = None
        elif straight is not None:
            pairs.append((straight + 1, i))
            straight = None
        elif open_at is not None and closing:
            pairs.append((open_at + 1, i))
            open_at = None
        else:
            straight = i
    unclosed = straight if straight is not None else open_at
    if unclosed == start:
        # A quote running on into the next paragraph opens the paragraph and never closes.
        pairs.append((start + 1, end))
    elif unclosed is not None and text[start:end].rstrip().endswith(CUT_MARKS):
        # The stored copy ends inside a quote ('... "The world is eager to learn how [...]'):
        # the quote runs to the cut.
        pairs.append((unclosed + 1, end))
    return pairs


def _closes_here(text: str, i: int, start: int, end: int) -> bool:
    """Whether the quote mark at ``i`` stands where a quote ends: after a word or stop, and
    before white space, punctuation or the paragraph's end."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?)—–-")


def mention_of(claim: Claim) -> Mention:
    assert claim.claimant_span is not None
    return Mention(claim.claimant, claim.claimant_span)


def in_quote(ctx: SpeechContext, pos: int) -> bool:
    return any(s <= pos < e for s, e in ctx.quotes)


def about_keys(ctx: SpeechContext, span: Span, claimant: str) -> tuple[str, ...]:
    keys = {m.entity for m in ctx.doc.mentions
            if span.start <= m.span.start and m.span.end <= span.end}
    return tuple(sorted(keys))


def clause_span(ctx: SpeechContext, start: int, end: int) -> Span | None:
    """The clause between ``start`` and ``end``, without edge punctuation and quote marks."""
    text = ctx.doc.text
    while start < end and (text[start].isspace() or text[start] in ",:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    shortest = 3
    if text.endswith(_CUT, start, end):
        # the stored copy stops here: keep what was said before the cut, if it is a statement
        end -= len(_CUT)
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
            end -= 1
        shortest = MIN_CUT_WORDS
    if len(text[start:end].split()) < shortest:
        return None
    return ctx.doc.span(start, end)


def make_claim(ctx: SpeechContext, speaker: Mention, content: Span, mode: str,
               cue: tuple[int, int] | None, reported_by: Span | None = None) -> Claim:
    cue_span = ctx.doc.span(*cue) if cue else None
    # "X denied that the border was closed": X did not say the border was closed; the claim
    # keeps the verb that turns the clause around
    words = ctx.gaz.cues.get("negating", [])
    negating = ctx.rx("negating_cue",
                      lambda: rf"\b(?:{ctx.gaz.alternation(words)})\s+(?:that\s+)?$")
    turned = negating.search(ctx.doc.text, max(0, content.start - 30), content.start)
    if turned is not None and mode != "direct":
        content = ctx.doc.span(turned.start(), content.end)
    return Claim(claimant=speaker.entity, mode=mode, content=content, cue=cue_span,
                 claimant_span=speaker.span, about=about_keys(ctx, content, speaker.entity),
                 reported_by=reported_by)


def speech_mode(ctx: SpeechContext, content: Span) -> str:
    return "mixed" if any(ch in content.text for ch in "“”\"") else "indirect"


def speaker_before(ctx: SpeechContext, at: int, floor: int) -> Mention | None:
    """The subject whose (apposition and auxiliaries) end right before ``at``."""
    text = ctx.doc.text
    before = [m for m in ctx.speakers if floor <= m.span.start and m.span.end <= at]
    documents = ctx.gaz.alternation(ctx.gaz.cues.get("document", []))
    for m in reversed(before):
        between = text[m.span.end:at]
        if (re.fullmatch(r",\s*(?:(?:has|have|had|also)\s+)*", between)
                and re.search(r"\S,\s*$", text[max(0, m.span.start - 3):m.span.start])
                and kind_of(ctx.doc, ctx.gaz, m.entity) == "person"):
            return m  # "The bloc's secretary-general, Oleg Petrov, said": the name is apposed
        if (re.fullmatch(rf"\s+(?:{documents})(?:\s+(?:published|issued|released)\b"
                         rf"[^,.;“”\"]{{0,40}}?)?\s+", between)
                and kind_of(ctx.doc, ctx.gaz, m.entity) != "person"):
            return m  # "a Riverton Bank report published in April estimated": the bank's
        if re.fullmatch(_APPOSITION, between):
            # "X Y of the Z Commission said": the person speaks for the organisation
            person = next((p for p in reversed(before) if p.span.end <= m.span.start
                           and kind_of(ctx.doc, ctx.gaz, p.entity) == "person"
                           and _holds_post_at(ctx, text[p.span.end:m.span.start])), None)
            return person or m
    return None


# "X, President of Y, ...", "X, the trade minister of Y, ...": the person holds a post at Y
_POST_OF = re.compile(r",\s+[^,;:“”\"]{1,80}?\s+(?:of|for|to|at)\s+(?:the\s+)?")


def _holds_post_at(ctx: SpeechContext, between: str) -> bool:
    """The words between a person and an organisation or state name the person's post there:
    "of the" (an affiliation) or an apposed title (", President of "), so the person speaks."""
    return bool(re.fullmatch(_AFFILIATION, between)) or bool(
        _POST_OF.fullmatch(between) and ctx.gaz.role_re.search(between))


def speaker_at(ctx: SpeechContext, at: int) -> Mention | None:
    """The speaker named by the noun phrase at ``at``.

    "SCO Secretary-General Oleg Petrov", "Mr. Chen", "Ruritanian President X": titles,
    honorifics, demonyms and the organisation before a title lead up to the person.
    """
    text = ctx.doc.text
    while at < len(text) and text[at].isspace():
        at += 1
    found = [m for m in ctx.speakers if m.span.start == at]
    if not found and (the := re.match(r"[Tt]he\s+", text[at:at + 8])):
        at += the.end()  # "..., the Ministry of Energy said"
        found = [m for m in ctx.speakers if m.span.start == at]
    if not found:
        # "said the message from the Council", "the statement of the ministry"
        issued = ctx.gaz.alternation(ctx.gaz.cues.get("document", [])
                                     + ctx.gaz.cues.get("channel", []))
        via = re.compile(rf"(?:{issued})\s+(?:from|of|by)\s+(?:the\s+)?").match(text, at)
        if via:
            found = [m for m in ctx.speakers if m.span.start == via.end()]
    first = max(found, key=lambda m: m.span.end) if found else None
    if first is not None and kind_of(ctx.doc, ctx.gaz, first.entity) == "state":
        # "the Ruritanian Defence Ministry", "Ruritania's Audit Office": the state says whose
        # body speaks; the body is the speaker
        owner = re.compile(r"(?:['’]s)?\s+").match(text, first.span.end)
        body = next((x for x in ctx.speakers if owner and x.span.start == owner.end()
                     and kind_of(ctx.doc, ctx.gaz, x.entity) not in {"person", "state"}), None)
        if body is not None:
            return body
    if first is None or kind_of(ctx.doc, ctx.gaz, first.entity) != "person":
        titled = _titled_person(ctx, at)
        if titled is not None:
            return titled
    cursor = first.span.end if first else at
    prefix = re.compile(rf"(?:['’]s)?\s*(?:(?:{ctx.lead})\s*)+")  # "Ruritania's President X"
    m = prefix.match(text, cursor)
    if m:
        person = [x for x in ctx.speakers if x.span.start == m.end()
                  and kind_of(ctx.doc, ctx.gaz, x.entity) == "person"]
        if person and (first is None or kind_of(ctx.doc, ctx.gaz, first.entity) != "person"):
            return person[0]
    return first


# A title of any length before a name: capitalised words, "of", "the", "for", "and", an
# abbreviation in brackets ("Assistant Minister of Commerce of Ruritania Jan Novak",
# "Secretary-General of the Eurasian Forum (EF) Jan Novak").
_TITLE_WORD = re.compile(r"(?:[A-Z][\w’'.-]*|of|the|for|and|on|in|to|&|\([A-Z][\w.&-]*\))"
                         r"[^\S\n]+")
# "Ruritania's Ambassador to Borduria, Jan Novak": the title set off before the name
_TITLE_LAST_WORD = re.compile(r"[A-Z][\w’'.-]*,[^\S\n]+")
_TITLE_REACH = 160


def _titled_person(ctx: SpeechContext, at: int) -> Mention | None:
    """The person a title run starting at ``at`` leads to, if the run holds a title word."""
    text = ctx.doc.text
    starts = [m.span.start for m in ctx.speakers]
    i = bisect.bisect_right(starts, at)
    for m in ctx.speakers[i:]:
        if m.span.start > at + _TITLE_REACH:
            break
        if kind_of(ctx.doc, ctx.gaz, m.entity) != "person":
            continue
        pos = at
        while pos < m.span.start and (w := _TITLE_WORD.match(text, pos, m.span.start)):
            pos = w.end()
        if (last := _TITLE_LAST_WORD.match(text, pos, m.span.start)) and pos > at:
            pos = last.end()
        if pos == m.span.start and ctx.gaz.role_re.search(text, at, pos):
            return m
        return None
    return None


def sentences_within(ctx: SpeechContext, start: int, end: int) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in ctx.doc.sentences if start <= s.start and s.end <= end]


def sentence_start(ctx: SpeechContext, s: int) -> int:
    m = _DATELINE.match(ctx.doc.text, s)
    return m.end() if m else s
