"""Extraction step ``quotes``: who says what, as direct, indirect or mixed speech.

Patterns, in the order they are tried (verbs and cue phrases come from the lexicon):

* interview turns (:mod:`interviews`): ``Name: ...`` paragraphs, each answer paragraph one
  direct claim, until the next question label; attributions inside it are nested claims;
* reported clauses: ``SPEAKER [, apposition,] (has) CUE (that) CLAUSE`` (cues other than *say*
  need "that"), ``according to SPEAKER, CLAUSE``, postposed ``CLAUSE, SPEAKER CUE`` /
  ``CLAUSE, CUE SPEAKER``, participial ``..., saying CLAUSE`` and ``Noting that CLAUSE,
  SPEAKER ...``; a clause holding a quoted fragment is ``mixed``;
* direct quotes: ``"...," CUE SPEAKER``, ``"...," SPEAKER CUE``, ``SPEAKER CUE: "..."`` and a
  quote followed by a sentence opening with ``SPEAKER CUE``. Quotes shorter than
  ``MIN_BARE_QUOTE`` with no cue are scare quotes or titles and are skipped.

A speaker is a mention of a person or organisation (pronouns and role descriptions were
resolved to people by :mod:`resolve`). Headlines, bylines, captions and other boilerplate
(lexicon ``boilerplate``) carry no claims.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue
from ..statements.model import Claim, Mention, Span
from . import gazetteer as gz
from .attribution import (
    ADJUNCT,
    CLOSE,
    MIN_BARE_QUOTE,
    NOT_A_CLAUSE,
    OPEN,
    SPEAKER_KINDS,
    SpeechContext,
    about_keys,
    clause_span,
    in_quote,
    make_claim,
    mention_of,
    quote_pairs,
    sentence_start,
    sentences_within,
    speaker_at,
    speaker_before,
    speech_mode,
)
from .document import Document
from .interviews import answers
from .posts import kind_of
from .sentences import paragraphs

# Quote marks the speech rules read as “ and ”: one code point for one, so every offset holds.
_AS_CURLY = str.maketrans({"«": "“", "»": "”"})


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Assign ``doc.claims``.

    Wire copy from Russia and Central Asia quotes with guillemets («...»): the rules read a
    copy of the text where they are curly quotes (the same length, so offsets agree), and
    every span found is then taken from the article's own text again.
    """
    view_text = doc.text.translate(_AS_CURLY)
    if view_text == doc.text:
        _annotate(doc, catalogue, lexicon)
        return
    view = dataclasses.replace(doc, text=view_text, claims=[], mentions=list(doc.mentions))
    _annotate(view, catalogue, lexicon)
    doc.claims += [_exact_claim(doc, c) for c in view.claims]
    doc.mentions = [m if m.span.text == doc.text[m.span.start:m.span.end]
                    else Mention(m.entity, _exact(doc, m.span)) for m in view.mentions]


def _exact(doc: Document, span: Span) -> Span:
    return Span(span.start, span.end, doc.text[span.start:span.end])


def _exact_claim(doc: Document, claim: Claim) -> Claim:
    return dataclasses.replace(
        claim, content=_exact(doc, claim.content),
        cue=_exact(doc, claim.cue) if claim.cue else None,
        claimant_span=_exact(doc, claim.claimant_span) if claim.claimant_span else None,
        reported_by=_exact(doc, claim.reported_by) if claim.reported_by else None)


def _annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    gaz = gz.build(catalogue, lexicon)
    speakers = sorted((m for m in doc.mentions if kind_of(doc, gaz, m.entity) in SPEAKER_KINDS),
                      key=lambda m: (m.span.start, -m.span.end))
    ctx = SpeechContext(doc, gaz, speakers,
               gaz.alternation([v for v, i in gaz.verbs.items() if not i.participle]),
               gaz.alternation([v for v, i in gaz.verbs.items() if i.participle]), [])
    ctx.lead = gaz.alternation([*gaz.roles, *gaz.honorifics, *gaz.demonyms, *gaz.qualifiers])
    boiler = [re.compile(p) for p in lexicon.patterns("boilerplate")]
    paras = paragraphs(doc.text, doc.body_start)
    title = doc.meta.title.span if doc.meta.title and doc.meta.title.span else None
    usable = [(s, e) for s, e in paras
              if not any(b.search(doc.text[s:e]) for b in boiler)
              and not (title and s <= title.start < e)]
    for s, e in usable:
        ctx.quotes += quote_pairs(doc.text, s, e)
    answered = answers(ctx, usable, _reported)
    claims: list[Claim] = []
    running: list[tuple[int, int]] = []  # quotes that run on into the next paragraph
    carried: Mention | None = None  # who spoke last in the paragraph before
    told: Claim | None = None  # reported speech that ends the paragraph before
    run_on = re.compile(rf"(?:{gaz.alternation(gaz.cues.get('run_on', []))})\b")
    for s, e in usable:
        if (s, e) in answered:
            carried, told = None, None
            continue
        reported = _reported(ctx, s, e)
        reported += _runs_on(ctx, s, e, reported, told, run_on)
        claims += reported
        direct = _direct(ctx, s, e, claims, carried)
        claims += direct
        told = next((c for c in reported if c.mode != "direct" and _reach(ctx, c) >= e - 2
                     and c.claimant_span is not None), None)
        spoken = [c for c in reported + direct if c.claimant_span is not None]
        latest = max(spoken, key=lambda c: c.content.start) if spoken else None
        carried = (mention_of(latest) if latest is not None
                   and kind_of(ctx.doc, ctx.gaz, latest.claimant) == "person" else None)
        # 'He said:', 'X later posted on social media:' ending a paragraph
        cue = ctx.rx("ends_in_cue", lambda: rf"(?P<v>{ctx.verbs})(?:\s*[,:]?|\s+[^.:;\"“”]"
                                            rf"{{1,40}}?:)\s*$").search(doc.text, max(s, e - 80), e)
        if cue and not in_quote(ctx, cue.start()):
            # 'He said:' ending a paragraph: the quote that opens the next one is his
            carried = speaker_before(ctx, cue.start(), s) or carried
        unclosed = [q for q in ctx.quotes if q == (s + 1, e)]
        if direct and running:
            claims += [make_claim(ctx, mention_of(direct[0]), c, "direct", None)
                       for c in (clause_span(ctx, a, b) for a, b in running) if c]
            running = []
        elif not unclosed:
            running = []
        if unclosed and not direct:
            running += unclosed
    claims += [c for para in answered.values() for c in para]
    seen = set()
    for claim in claims:
        if (claim.content, claim.claimant) not in seen:
            seen.add((claim.content, claim.claimant))
            doc.claims.append(claim)

# ---------------------------------------------------------------- reported speech

def _runs_on(ctx: SpeechContext, p_start: int, p_end: int, found: list[Claim], told: Claim | None,
             run_on: re.Pattern[str]) -> list[Claim]:
    """Reported speech that runs on with no attribution of its own (gold rule): a sentence
    right after one that ends in someone's reported speech, in the same paragraph, is theirs;
    the first sentence of the next paragraph is theirs when it opens impersonally ("It is
    expected that ...", "Furthermore, ...")."""
    text = ctx.doc.text
    out: list[Claim] = []
    background = ctx.gaz.cues.get("not_run_on", [])
    not_on = re.compile(rf"(?:{ctx.gaz.alternation(background)})\b") if background else None
    last = told
    sentences = sentences_within(ctx, p_start, p_end)
    for s, e in sentences:
        own = [c for c in found if (c.content.start < e and s < c.content.end)
               or (c.cue is not None and c.cue.start < e and s < c.cue.end)]
        begin = sentence_start(ctx, s)
        opens = last is not None and (
            (last is not told and _reach(ctx, last) >= begin - 3)  # the sentence before
            or (last is told and not out and s == sentences[0][0]
                and run_on.match(text, begin) is not None))
        if (own or not opens or last is None or any(ch in text[s:e] for ch in "“”\"")
                or (not_on is not None and not_on.match(text, begin))
                or text[s:e].endswith("[...]")
                or (not run_on.match(text, begin) and _own_voice(ctx, begin, e, last))):
            # speech that ends its sentence ("A." / "A, X said.") may run on into the next
            last = next((c for c in reversed(own) if c.mode != "direct"
                         and c.claimant_span is not None and _reach(ctx, c) >= e - 2), None)
            continue
        content = clause_span(ctx, begin, e)
        if content is not None:
            out.append(make_claim(ctx, mention_of(last), content, "indirect", None,
                              last.reported_by))
        last = None  # one sentence runs on; what follows it is the article's again
    return out


def _reach(ctx: SpeechContext, claim: Claim) -> int:
    """Where a claim's words end: its content, or its cue when a reporting verb comes last
    ("A, X said."). A source named last ("A, according to the customs.") credits that one
    fact: the next sentence is not run on."""
    spoken = claim.cue is not None and ctx.gaz.verb_re.search(claim.cue.text) is not None
    return max(claim.content.end, claim.cue.end if claim.cue is not None and spoken else 0)


def _own_voice(ctx: SpeechContext, begin: int, end: int, last: Claim) -> bool:
    """The sentence has a subject or a report of its own: it opens with a named agent, another
    ("Tehran has also pushed ...") or the speaker ("He arrived on Monday"), or holds its own
    attitude ("Delegates were not convinced that ...", "X decreed that ...")."""
    text = ctx.doc.text
    opener = speaker_at(ctx, begin) or next(
        (m for m in ctx.doc.mentions if m.span.start == begin), None)  # "Tehran has ..."
    if (opener is not None
            and not re.match(r"['’]s\b", text[opener.span.end:opener.span.end + 3])):
        # another agent, or the speaker as the subject ("Xi made the remarks during a
        # speech ..."): the article tells what someone did, not what the speaker said
        return True
    groups = ctx.gaz.cues.get("collective", []) + ctx.gaz.cues.get("unnamed", [])
    if ctx.rx("group_opener", lambda: rf"{_DETERMINER}(?:[A-Za-z][\w-]*\s+)?"
              rf"(?i:{ctx.gaz.alternation(groups)})\b(?!['’])").match(text, begin):
        return True  # "Leaders agreed ...": a subject of its own
    attitude = ctx.rx("attitude", lambda: rf"\b(?:{ctx.verbs}|"
                      rf"{ctx.gaz.alternation(ctx.gaz.cues.get('opinion', []))}|convinced|sure|"
                      rf"certain|aware)\b(?:\s+[\w’'-]+){{0,3}}?\s+that\b")
    return attitude.search(text, begin, end) is not None


def _reported(ctx: SpeechContext, p_start: int, p_end: int,
              reported_by: Span | None = None) -> list[Claim]:
    out: list[Claim] = []
    previous: tuple[int, int] | None = None
    for s, e in sentences_within(ctx, p_start, p_end):
        back = _passive(ctx, s, e, previous, reported_by)
        previous = (s, e)
        if back:
            out += back
            continue
        out += _preposed(ctx, s, e, reported_by)
        out += _according_to(ctx, s, e, reported_by)
        out += _as_said(ctx, s, e, reported_by)
        out += _postposed(ctx, s, e, reported_by)
        out += _participial(ctx, s, e, reported_by, out)
        out += _figure_source(ctx, s, e, reported_by)
        out += _naming(ctx, s, e, reported_by)
        out += _speech_act(ctx, s, e, out, reported_by)
        out += _unnamed(ctx, s, e, out, reported_by)
        out += _first_person(ctx, s, e, out, reported_by)
    return out


def _first_person(ctx: SpeechContext, s: int, e: int, found: list[Claim],
                  reported_by: Span | None) -> list[Claim]:
    """``I am sure that CLAUSE`` in an opinion piece: the author's claim, but only when the
    body itself names the author (a byline or an editor's note in the text, not only the
    front matter), and never inside a quote or someone else's answer."""
    author = ctx.doc.meta.author
    cues = ctx.gaz.cues.get("first_person", [])
    if (reported_by is not None or author is None or author.span is None or not cues
            or author.span.start < ctx.doc.body_start
            or any(c.content.start < e and s < c.content.end for c in found)):
        return []
    text = ctx.doc.text
    for m in re.compile(rf"(?<![\w])(?:{ctx.gaz.alternation(cues)})\b(?:\s+that\b)?").finditer(
            text, s, e):
        if in_quote(ctx, m.start()):
            continue
        content = clause_span(ctx, m.end(), _clause_end(ctx, m.end(), e))
        if content is None:
            continue
        pronoun = ctx.doc.span(m.start(), m.start() + 1)
        return [make_claim(ctx, Mention(author.value, pronoun), content, speech_mode(ctx, content),
                       (m.start(), m.end()), reported_by)]
    return []


_CONTRAST = re.compile(r",\s+(?:while|whereas|but|yet)\s+")
_DETERMINER = (r"(?:(?:[Tt]he|[Ss]ome|[Mm]any|[Ss]everal|[Oo]ther|[Mm]ost|[Aa]\s+few|[Ff]ew|"
               r"[Tt]wo|[Tt]hree|[Aa]n?|[Oo]ne|[Tt]hese|[Tt]hose)\s+)?")


def _unnamed(ctx: SpeechContext, s: int, e: int, found: list[Claim],
             reported_by: Span | None) -> list[Claim]:
    """Unnamed and collective speakers: ``an official said CLAUSE``, ``The ministers noted
    that CLAUSE``, ``CLAUSE, analysts say``, ``Some fear CLAUSE, while others believe CLAUSE``.
    Nobody's claim (claimant ``""``): the group is kept as the reported speaker."""
    cues = ctx.gaz.cues
    nouns = cues.get("unnamed", []) + cues.get("unnamed_one", []) + cues.get("collective", [])
    if not nouns or any(c.content.start < e and s < c.content.end for c in found):
        return []
    text = ctx.doc.text
    begin = sentence_start(ctx, s)
    verbs = ctx.gaz.alternation(cues.get("opinion", []) + list(ctx.gaz.verbs))
    group = (rf"(?P<who>{_DETERMINER}(?:[A-Za-z][\w-]*\s+){{0,2}}?(?:{ctx.gaz.alternation(nouns)}))"
             rf"(?![\w-])")
    contrast = _CONTRAST
    out = []
    anchors = [begin] + [m.end() for m in contrast.finditer(text, begin, e)]
    lead = ctx.rx("unnamed_lead", lambda: rf"{group}\s+(?:have\s+|had\s+|also\s+|long\s+)?"
                  rf"(?P<v>{verbs})\b(?P<that>(?:\s+{_GAP}[^,.;:“”\"]{{0,40}}?)?\s+that\b)?")
    for at in anchors:
        m = lead.match(text, at, e)
        if m is None or in_quote(ctx, m.start()):
            continue
        start = m.end()
        stop = contrast.search(text, start, e)
        content = clause_span(ctx, start, _clause_end(ctx, start, stop.start() if stop else e))
        if content is not None:
            out.append(_group_claim(ctx, m.span("who"), m.end("v"), content, reported_by))
    if out:
        return out
    after = group.replace("?P<who>", "?P<who2>")  # "..., say analysts."
    tail = ctx.rx("unnamed_tail", lambda: rf",[”\"]?\s+(?:{group}\s+(?:have\s+|had\s+)?"
                  rf"(?P<v>{verbs})|(?P<v2>{verbs})\s+{after})(?:{ADJUNCT})?\s*[.!?]?[”\"]?\s*$")
    for comma in [i for i in range(e - 1, begin, -1) if text[i] == ","]:
        m = tail.match(text, comma, e)
        if m is None:
            continue
        if in_quote(ctx, begin) or text[begin] in OPEN:
            return []
        who = "who" if m.group("who") else "who2"
        content = clause_span(ctx, begin, comma)
        if content is None:
            return []
        return [_group_claim(ctx, m.span(who), m.end(who), content, reported_by)]
    return []


def _group_claim(ctx: SpeechContext, who: tuple[int, int], cue_end: int, content: Span,
                 reported_by: Span | None) -> Claim:
    start, end = min(who[0], cue_end), max(who[1], cue_end)
    return Claim(claimant="", mode=speech_mode(ctx, content), content=content,
                 cue=ctx.doc.span(start, end), about=about_keys(ctx, content, ""),
                 reported_by=reported_by, reported_speaker=ctx.doc.text[who[0]:who[1]])


def _speech_act(ctx: SpeechContext, s: int, e: int, found: list[Claim],
                reported_by: Span | None) -> list[Claim]:
    """``SPEAKER (on Monday) called on members to ...``, ``X ... and emphasized the importance
    of ...``, ``He praised ...``: what the speaker did with words, from the verb on."""
    acts = ctx.gaz.cues.get("speech_act", [])
    views = ctx.gaz.cues.get("view_act", [])
    if not acts:
        return []
    text = ctx.doc.text
    begin = sentence_start(ctx, s)
    out = []
    # "X sees the summit as a way to ...": a view, only with "as" after its object
    view = rf"|(?:{ctx.gaz.alternation(views)})(?=\s[^.;:“”\"]{{1,120}}?\s+as\s)" if views else ""
    act = ctx.rx("speech_act", lambda: rf"(?<![\w-])(?:{ctx.gaz.alternation(acts)}{view})\b")
    for m in act.finditer(text, s, e):
        if in_quote(ctx, m.start()) or any(
                c.content.start <= m.start() < c.content.end
                or (c.cue is not None and c.cue.start <= m.start() < c.cue.end) for c in found):
            continue
        speaker = speaker_before(ctx, m.start(), begin)
        if speaker is None and re.search(r"(?:,\s*|\s)and\s+(?:also\s+)?$", text[begin:m.start()]):
            # "X, on his first visit, attended the talks and stressed the importance of ...":
            # the sentence's subject, named where it opens
            first = speaker_at(ctx, begin)
            speaker = first if first is not None and not re.match(
                r"['’]s\b", text[first.span.end:first.span.end + 2]) else None
        if speaker is None:
            continue
        content = clause_span(ctx, m.start(), _clause_end(ctx, m.end(), e))
        if content is None:
            continue
        # the cue is the speaker and the act; when the sentence tells other things in between
        # ("X, on his first visit, attended the talks and stressed ..."), only the act
        between = text[speaker.span.end:m.start()]
        cue = ((speaker.span.start, m.end()) if len(between.split()) <= 3 and "," not in between
               else (m.start(), m.end()))
        out.append(make_claim(ctx, speaker, content, speech_mode(ctx, content), cue,
                              reported_by))
        break  # one act per sentence: a second is part of the first one's clause
    return out


def _passive(ctx: SpeechContext, s: int, e: int, previous: tuple[int, int] | None,
             reported_by: Span | None) -> list[Claim]:
    """``CLAIM. This was announced on Monday by SPEAKER.``: the sentence before is the
    speaker's (a medium passing it on, "..., the agency reports", is no claimant)."""
    if previous is None:
        return []
    text = ctx.doc.text
    verbs = ctx.gaz.alternation(ctx.gaz.cues.get("passive", []))
    m = re.compile(rf"(?:This|That|It|These|Those)\s+(?:was|were|has\s+been|had\s+been|is)\s+"
                   rf"(?:also\s+)?(?:{verbs})\b[^.;“”\"]{{0,60}}?\s+by\s+").match(
        text, sentence_start(ctx, s), e)
    if m is None:
        return []
    comma = text.find(",", m.end(), e)
    phrase_end = comma if comma != -1 else e
    inside = [x for x in ctx.speakers if m.end() <= x.span.start and x.span.end <= phrase_end
              and text[x.span.end:x.span.end + 2] not in {"'s", "’s"}]
    speaker = next((x for x in inside if kind_of(ctx.doc, ctx.gaz, x.entity) == "person"),
                   inside[0] if inside else None)
    content = clause_span(ctx, sentence_start(ctx, previous[0]), previous[1])
    if speaker is None or content is None:
        return []
    return [make_claim(ctx, speaker, content, speech_mode(ctx, content),
                       (m.start(), speaker.span.end), reported_by)]


def _clause_end(ctx: SpeechContext, start: int, end: int) -> int:
    """Where a reported clause stops: the sentence end, a participial cue (", adding"), a
    second cue of the same speaker (", but warned that") or a second verb phrase of the
    speaker ("... and called it a historic day")."""
    coordinated = ctx.gaz.alternation(ctx.gaz.cues.get("coordinated", []))
    text = ctx.doc.text
    ends = ctx.rx("clause_end", lambda: rf",\s+(?:{ctx.participles})\b|,?\s+(?:but|and|while|yet)"
                  rf"\s+(?:also\s+)?(?:{ctx.verbs})\s+that\b|\s+and\s+(?:also\s+)?(?:{coordinated})\b")
    for m in ends.finditer(text, start, end):
        if not in_quote(ctx, m.start()):
            return m.start()
    return end


def _preposed(ctx: SpeechContext, s: int, e: int, reported_by: Span | None) -> list[Claim]:
    """``SPEAKER (, apposition,) (has) CUE (that) CLAUSE``."""
    out: list[Claim] = []
    text = ctx.doc.text
    for m in re.compile(rf"(?<![\w-])(?:{ctx.verbs})\b").finditer(text, s, e):
        if in_quote(ctx, m.start()):
            continue
        verb = ctx.gaz.verbs[m.group()]
        speaker = speaker_before(ctx, m.start(), sentence_start(ctx, s))
        if speaker is None and re.search(r"(?:,\s*|\s)(?:but|and|while|yet)\s+(?:also\s+)?$",
                                         text[s:m.start()]):
            # "X noted that A, and said B": the speaker of the sentence's first cue
            earlier = [c for c in out if c.claimant_span and c.claimant_span.start >= s]
            speaker = (mention_of(earlier[-1]) if earlier
                       else _subject(ctx, sentence_start(ctx, s), m.start()))
        if speaker is None:
            continue
        rest = text[m.end():e]
        after = speaker_at(ctx, m.end()) if text[m.start() - 2:m.start()] == ", " else None
        if after is not None and re.match(r"\s*(?:[,.;!?]|$)", text[after.span.end:e]):
            continue  # "CLAUSE, said X, the envoy.": the speaker follows the cue (_postposed)
        # "said that", "said on Tuesday that", "told reporters that"
        # "said on Tuesday that", "told reporters at the meeting in Goa on May 5 that"
        gap = 14 if verb.lemma == "tell" else 8
        that = re.match(rf"(?:\s+[^\s,.;:“”\"]+){{0,{gap}}}?\s+that\b", rest)
        if that and verb.lemma != "tell" and not re.match(rf"\s+(?:that\b|{_GAP})", rest):
            that = None  # "said the vote showed that ...": "that" belongs to the clause
        told = re.match(rf"\s+{_HEARER}\s+"
                        rf"(?!that\b|(?:{NOT_A_CLAUSE}|about|of|last|this|earlier)\b)", rest)
        if verb.lemma == "tell" and not that and told:
            that = told  # "told me the canal could take ...": the clause follows the object
        elif verb.lemma == "tell" and not that:
            continue
        if verb.that_required and not that:
            continue
        if not that and re.match(rf"\s+(?:{NOT_A_CLAUSE})\b", rest, re.I):
            continue  # "said in a speech", "said so": no reported clause
        start = m.end() + (that.end() if that else 0)
        if not that and re.match(r"\s*[:,]?\s*[“\"]", rest):
            continue  # ``X said: "..."`` is a direct quote
        content = clause_span(ctx, start, _clause_end(ctx, start, e))
        if content is None:
            continue
        out.append(make_claim(ctx, speaker, content, speech_mode(ctx, content),
                          (speaker.span.start, m.end()), reported_by))
    return out


def _subject(ctx: SpeechContext, begin: int, before: int) -> Mention | None:
    """The first speaker of a sentence, outside quotes: the subject of its later verbs ("SCO
    Secretary-General X ... called ... and said": the person the title leads to)."""
    first = next((x for x in ctx.speakers if begin <= x.span.start < before
                  and not in_quote(ctx, x.span.start)), None)
    if first is None:
        return None
    titled = speaker_at(ctx, first.span.start)
    return titled if titled is not None and titled.span.start < before else first


def _reports_speech(ctx: SpeechContext, content: Span) -> bool:
    """The clause is itself someone's reported speech ("X said ..."): a medium passing it on
    is no claimant (gold rule 8)."""
    inner = speaker_at(ctx, content.start)
    if inner is None:
        return False
    # "X, who held talks with Y on Monday, told him ...": an aside between speaker and verb
    m = re.match(rf"(?:,[^,.;]{{1,100}},)?[^,.;]{{0,80}}?\b(?P<v>{ctx.verbs})\b"
                 rf"(?P<that>\s+that\b)?",
                 ctx.doc.text[inner.span.end:content.end])
    # "member states reached ...": a verb that needs "that" is a cue only with it
    return m is not None and (not ctx.gaz.verbs[m.group("v")].that_required or bool(m["that"]))


def _naming(ctx: SpeechContext, s: int, e: int, reported_by: Span | None) -> list[Claim]:
    """``SPEAKER called the meeting "..."``: a quoted fragment hung on a naming verb."""
    text = ctx.doc.text
    verbs = ctx.gaz.alternation(ctx.gaz.cues.get("naming", []))
    out = []
    naming = re.compile(rf"\b(?:{verbs})\s+(?P<obj>[^“”\".;]{{1,120}}?\s+)?(?:as\s+)?[“\"]")
    for m in naming.finditer(text, s, e):
        if in_quote(ctx, m.start()):
            continue
        quote = next((q for q in ctx.quotes if q[0] == m.end()), None)
        if quote is None:
            continue
        speaker = speaker_before(ctx, m.start(), sentence_start(ctx, s))
        if speaker is None and re.search(r"(?:,\s*|\s)(?:and|but)\s+(?:also\s+)?$",
                                         text[s:m.start()]):
            speaker = _subject(ctx, sentence_start(ctx, s), m.start())
        if speaker is None and text[m.start() - 2:m.start()] == ", ":
            speaker = _subject(ctx, sentence_start(ctx, s), m.start())  # "..., calling it"
        if speaker is None:
            continue
        start = m.start("obj") if m.group("obj") else m.end() - 1
        content = clause_span(ctx, start, quote[1] + 1)
        if content is not None:
            out.append(make_claim(ctx, speaker, content, "mixed", (speaker.span.start, m.end() - 1),
                              reported_by))
    return out


# Who was told: "..., X told reporters after the talks."
_HEARER = r"(?:me|us|him|her|them|reporters|journalists)"
# "told Radio Ruritania", "told analysts", "told a news conference"
_HEARERS = (rf"(?:{_HEARER}|the\s+[a-z]+|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){{0,2}}|[a-z]+s\b"
            r"|an?\s+(?:[\w-]+\s+){0,3}?(?:conference|briefing|forum|meeting|audience|gathering"
            r"|session|summit|parliament|press))")
# Words that may stand between a cue and its "that": "said on Tuesday that", "said again that".
_GAP = (r"(?:on|in|at|during|after|before|last|this|earlier|later|again|repeatedly|yesterday|"
        r"today|publicly|recently|separately|also|to|while|when|in\s+a|[A-Z][a-z]+day)\b")


def _according_to(ctx: SpeechContext, s: int, e: int, reported_by: Span | None) -> list[Claim]:
    kept = ctx.gaz.cues.get("based_on", [])  # "Based on X data, CLAUSE": the phrase stays
    cues = ctx.gaz.alternation(ctx.gaz.cues.get("according_to", []) + kept)
    text = ctx.doc.text
    out = []
    for m in re.compile(rf"(?<![\w])(?:{cues})\s+", re.I).finditer(text, s, e):
        if in_quote(ctx, m.start()):
            continue
        # the phrase ends at a comma, or at a semicolon or colon the copy put in its place
        stop = re.compile(r"[,;:]").search(text, m.end(), e)
        comma = stop.start() if stop else -1
        phrase_end = comma if comma != -1 else e
        # "according to the Prime Minister of Ruritania Jan Novak": the title leads to the
        # person (speaker_at), not to the state it names on the way
        named = speaker_at(ctx, m.end())
        titled = (named is not None and named.span.end <= phrase_end
                  and kind_of(ctx.doc, ctx.gaz, named.entity) == "person")
        source = named if titled else next(
            (x for x in ctx.speakers if m.end() <= x.span.start and x.span.end <= phrase_end
             and text[x.span.end:x.span.end + 2] not in {"'s", "’s"}), None)
        if source is None or re.search(r"\b(?:that|which|who|whether)\b",
                                       text[m.end():source.span.start]):
            continue  # "citing concerns that it favoured X": X is no source

        if m.start() <= sentence_start(ctx, s) + 1:  # "According to X, CLAUSE."
            if comma == -1:
                continue
            apposed = re.compile(r",\s+(?:a|an|the)\s+[^,;“”\"]{1,80}?,").match(text, comma, e)
            if apposed and comma == source.span.end:
                comma = apposed.end() - 1  # "According to X, a writer for Y, CLAUSE"
            content = clause_span(ctx, comma + 1, e)
            if content is not None and _reports_speech(ctx, content):
                continue  # "According to an agency, X said ...": the claim stays X's
            if content is not None and m.group().strip().lower() in {k.lower() for k in kept}:
                content = clause_span(ctx, m.start(), e)
        elif (re.search(r"(?:,\s*|\s)(?:and|but|while)\s+$", text[s:m.start()])
              and re.match(r"\s+[a-z]", text[source.span.end:e])):
            # "A, and according to X B.": the source speaks for what follows it
            content = clause_span(ctx, source.span.end, e)
        elif (comma != -1 and text[comma] == "," and re.fullmatch(
                r"[^,;:]{0,40},\s*", text[sentence_start(ctx, s):m.start()])
              and len(text[comma + 1:e].split()) >= 4):
            # "As regards Gondor, according to X, since 2010 its members have ...": a short
            # lead-in, then the source, then what the source says
            content = clause_span(ctx, comma + 1, e)
        else:  # "CLAUSE, according to X."
            content = clause_span(ctx, sentence_start(ctx, s), m.start())
            if content is not None and _reports_speech(ctx, content):
                continue  # "X told the meeting that ..., according to an agency": X's claim
        if content is not None:
            out.append(make_claim(ctx, source, content, speech_mode(ctx, content),
                              (m.start(), source.span.end), reported_by))
    return out


def _as_said(ctx: SpeechContext, s: int, e: int, reported_by: Span | None) -> list[Claim]:
    """``As SPEAKER said (in Riverton), CLAUSE.``: the clause is the speaker's."""
    text = ctx.doc.text
    begin = sentence_start(ctx, s)
    m = re.compile(r"As\s+").match(text, begin)
    if not m:
        return []
    speaker = speaker_at(ctx, m.end())
    if speaker is None:
        return []
    cue = re.compile(rf"\s+(?:has\s+|had\s+|once\s+)?(?P<v>{ctx.verbs})\b[^,;“”\"]{{0,60}}?,")
    said = cue.match(text, speaker.span.end, e)
    if said is None:
        return []
    content = clause_span(ctx, said.end(), e)
    if content is None:
        return []
    return [make_claim(ctx, speaker, content, speech_mode(ctx, content), (m.start(), said.end("v")),
                   reported_by)]


def _postposed(ctx: SpeechContext, s: int, e: int, reported_by: Span | None) -> list[Claim]:
    """``CLAUSE, SPEAKER CUE.`` and ``CLAUSE, CUE SPEAKER(, apposition).``"""
    text = ctx.doc.text
    begin = sentence_start(ctx, s)
    channel = ctx.gaz.alternation(ctx.gaz.cues.get("channel", []))
    # "..., X (press service) said (to reporters) (on Monday).": the organisation speaks
    # through its office
    # "..., X, deputy minister of trade, said": a title set off after the name
    cue_after = ctx.rx("postposed_cue", lambda: rf"(?:['’]s)?(?:\s+(?:{channel}))?"
                       rf"(?P<appos>,\s+(?:(?:the|a|an)\s+|[A-Z][\w-]*['’]s\s+)?[A-Za-z]"
                       rf"[^,;:“”\"]{{0,80}}?,)?"
                       rf",?\s+(?:has\s+|had\s+|also\s+)?(?:{ctx.verbs})"
                       rf"(?:\s+{_HEARERS})?(?:{ADJUNCT})?\s*[.!?]?\s*")
    for comma in [i for i in range(e - 1, begin, -1) if text[i] == ","]:
        shift = 1 + (text[comma + 1] in CLOSE if comma + 1 < e else 0)
        tail = text[comma + shift:e]
        speaker, cue, set_off = None, None, False
        if (m := re.match(rf"\s+(?:{ctx.verbs})\s+", tail)) and not re.match(
                rf"\s+(?:{ctx.verbs})\s+that\b", tail):
            speaker = speaker_at(ctx, comma + shift + m.end())
            if speaker:
                cue = (comma + shift + m.start(), speaker.span.end)
                after = text[speaker.span.end:e]
                if not re.fullmatch(rf"\s*(?:,[^\"“”]*|{ADJUNCT})?[.!?]?[\"”]?\s*", after):
                    speaker = None
        else:
            speaker = speaker_at(ctx, comma + shift)
            after_name = cue_after.fullmatch(text, speaker.span.end, e) if speaker else None
            appos = after_name["appos"] if after_name else None
            if appos and re.match(r",\s+[A-Z]", appos) and not ctx.gaz.role_re.search(appos):
                after_name = None  # a capitalised apposition is a title only with a title word
            if speaker and after_name:
                cue = (speaker.span.start, e)
                # "..., Jan Novak, told": a name set off without its title
                set_off = (after_name["appos"] is None
                           and text.startswith(",", speaker.span.end))
            else:
                speaker = None
        if speaker is None or cue is None:
            continue
        if in_quote(ctx, begin) or text[begin] in OPEN:
            return []  # a direct quote: handled by :func:`_direct`
        title = text.rfind(",", begin, comma)
        if title > begin and re.match(r"\s+the\s", text[title + 1:comma]) and \
                ctx.gaz.role_re.search(text, title + 1, comma):
            comma = title  # "CLAUSE, the deputy chief of X, Jan Novak, told ...": the title
            # in apposition is not part of the clause
        elif set_off:
            continue  # "The envoy, X, said ...": a name set off by commas needs that title
        content = clause_span(ctx, begin, comma)
        if content is None or _reports_speech(ctx, content):
            return []  # "X said ..., the agency reported": the claim stays X's
        return [make_claim(ctx, speaker, content, speech_mode(ctx, content), cue, reported_by)]
    return []


def _participial(ctx: SpeechContext, s: int, e: int, reported_by: Span | None,
                 found: Sequence[Claim] = ()) -> list[Claim]:
    """``..., saying CLAUSE`` and ``Noting that CLAUSE, SPEAKER ...``: the subject speaks."""
    text = ctx.doc.text
    out = []
    begin = sentence_start(ctx, s)
    # ", telling reporters in the capital that ...": an object or adjunct before "that"
    # "..., saying ...", "... by denying that ...": the subject speaks
    for m in re.compile(rf"(?:,|\bby)\s+(?P<v>{ctx.participles})\b"
                        rf"(?P<that>(?:\s+[^\s,.;:“”\"]+){{0,6}}?\s+that\b)?").finditer(text, s, e):
        verb = ctx.gaz.verbs[m.group("v")]
        that = m.group("that")
        if that and not (verb.lemma == "tell" or re.fullmatch(r"\s+that", that)
                         or re.match(rf"\s+{_GAP}", that)):
            that = None  # "saying the vote showed that ...": "that" belongs to the clause
        if in_quote(ctx, m.start()) or ((verb.that_required or verb.lemma == "tell")
                                         and not that):
            continue
        first = next((x for x in ctx.speakers if begin <= x.span.start < m.start()
                      and not in_quote(ctx, x.span.start)), None)
        # "Ruritania's Vice President X urged ..., saying": the person the phrase leads to
        subject = (speaker_at(ctx, first.span.start) or first) if first else None
        # "When I asked about RATS, X said that A, adding that B": who spoke just before
        said = next((c for c in reversed(found) if c.claimant_span is not None
                     and begin <= c.content.start and c.content.end <= m.start() + 1), None)
        if said is not None:
            subject = mention_of(said)
        if subject is None:
            continue
        begin_at = m.end() if that else m.end("v")
        content = clause_span(ctx, begin_at, _clause_end(ctx, begin_at, e))
        if content is not None:
            out.append(make_claim(ctx, subject, content, speech_mode(ctx, content),
                              (m.start("v"), m.end("v")), reported_by))
    lead = re.compile(rf"(?P<v>{ctx.participles})\s+that\b", re.I).match(text, begin)
    if lead:
        comma = text.find(",", lead.end(), e)
        subject = speaker_at(ctx, comma + 1) if comma != -1 else None
        if subject is not None:
            content = clause_span(ctx, lead.end(), comma)
            if content is not None:
                out.append(make_claim(ctx, subject, content, speech_mode(ctx, content),
                                  (lead.start("v"), lead.end("v")), reported_by))
    return out


def _figure_source(ctx: SpeechContext, s: int, e: int, reported_by: Span | None) -> list[Claim]:
    """``CLAUSE, and this number is from ORG``: the organisation is the clause's source.
    Inside someone's speech the organisation is only their channel: the claim stays theirs."""
    if reported_by is not None:
        return []
    text = ctx.doc.text
    m = re.compile(r",?\s*(?:and\s+)?(?:this|that|these|the)\s+(?:number|figure|data|statistics?"
                   r"|numbers|figures)\s+(?:is|are|was|were|comes?|came)\s+from\s+"
                   r"(?:the\s+)?").search(text, s, e)
    if not m or in_quote(ctx, m.start()):
        return []
    source = speaker_at(ctx, m.end())
    if source is None:
        return []
    begin = sentence_start(ctx, s)
    lead = re.match(r"(?:[A-Z]\w+ly|Consequently|Therefore|Thus|So),\s+", text[begin:m.start()])
    content = clause_span(ctx, begin + (lead.end() if lead else 0), m.start())
    if content is None:
        return []
    return [make_claim(ctx, source, content, "indirect", (m.start(), source.span.end), reported_by)]


# ---------------------------------------------------------------- direct quotes

def _direct(ctx: SpeechContext, p_start: int, p_end: int, reported: list[Claim],
            carried: Mention | None = None) -> list[Claim]:
    """Direct quotes of one paragraph. A quote with no cue of its own keeps the speaker of
    the quote before it in the paragraph ('"A," X said. "B."'); a paragraph that is one
    quote and nothing else keeps ``carried``, the speaker of the paragraph before it."""
    out = []
    text = ctx.doc.text
    last: Mention | None = None
    whole = bool(re.fullmatch(r"[“\"][^“”\"]+[”\"][.,]?", text[p_start:p_end]))
    for qs, qe in [q for q in ctx.quotes if p_start <= q[0] < p_end]:
        if any(c.content.start <= qs and qe <= c.content.end + 1 for c in reported):
            continue  # a fragment of a mixed clause
        close = qe + 1
        speaker, cue = _cue_after(ctx, close, p_end)
        if speaker is None:
            speaker, cue = _cue_before(ctx, qs - 1, p_start)
        if speaker is None:
            speaker, cue = _next_sentence_speaker(ctx, close, p_end)
        if speaker is None and last is not None and re.search(r"[.!?]\s*$", text[p_start:qs - 1]):
            speaker = last  # '"A," X said. "B."': the next quote runs on
        # a paragraph that is one quote, closed or running on to the cut or the next paragraph
        alone = whole or (qs == p_start + 1 and qe == p_end)
        if speaker is None and alone and carried is not None:
            speaker = carried
        if speaker is None:
            # 'X told the paper that A. "B ..."': a quote with no cue of its own right after
            # someone's reported speech goes on with it
            before = next((c for c in reported if c.claimant_span is not None
                           and c.mode != "direct" and 0 <= qs - c.content.end <= 4), None)
            speaker = mention_of(before) if before is not None else None
        if speaker is None:
            continue
        last = speaker
        content = clause_span(ctx, qs, qe)
        if content is None or (cue is None and len(content.text) < MIN_BARE_QUOTE):
            continue
        out.append(make_claim(ctx, speaker, content, "direct", cue))
    return out


def _cue_after(ctx: SpeechContext, at: int,
               end: int) -> tuple[Mention | None, tuple[int, int] | None]:
    text = ctx.doc.text
    m = re.compile(rf"\s*,?\s*(?P<v>{ctx.verbs})\s+").match(text, at, end)
    if m:
        speaker = speaker_at(ctx, m.end())
        if speaker:
            return speaker, (m.start("v"), speaker.span.end)
    speaker = speaker_at(ctx, at + len(text[at:end]) - len(text[at:end].lstrip(" ,")))
    if speaker:
        # '"...," X Y, who led the talks, told me': an apposition may stand before the cue
        # '"...," the envoy to Y, X Y, told me': the name set off after its title
        v = re.compile(rf"(?:(?:,[^,“”\"]{{0,150}}){{1,3}},|,(?=\s))?\s+(?:has\s+|had\s+|also\s+)?"
                       rf"(?P<v>{ctx.verbs})\b").match(text, speaker.span.end, end)
        if v:
            return speaker, (speaker.span.start, v.end())
    return None, None


def _cue_before(ctx: SpeechContext, at: int,
                start: int) -> tuple[Mention | None, tuple[int, int] | None]:
    """``SPEAKER CUE (that): "..."``, ``SPEAKER told X: "..."``."""
    text = ctx.doc.text
    cue = re.compile(rf"(?P<v>{ctx.verbs})(?:\s+[^.:\"“”]{{0,40}}?)?(?:\s+that)?\s*[:,]?\s*$")
    pos = start
    # the first cue with a speaker before it ("X is reported to have said:": "said", not
    # "reported")
    while (m := cue.search(text, pos, at)) is not None:
        speaker = speaker_before(ctx, m.start(), start)
        if speaker is None and re.search(r"\s(?:and|then)\s+(?:also\s+|later\s+)?$",
                                         text[max(start, m.start() - 20):m.start()]):
            # "X met Y and tweeted: ...": the cue is the second verb of X's sentence
            begin = next((x.start for x in ctx.doc.sentences
                          if x.start <= m.start() < x.end), start)
            speaker = next((x for x in ctx.speakers if begin <= x.span.start < m.start()
                            and not in_quote(ctx, x.span.start)), None)
            speaker = (speaker_at(ctx, speaker.span.start) or speaker) if speaker else None
        if speaker:
            return speaker, (speaker.span.start, m.end("v"))
        pos = m.start() + 1
    return None, None


def _next_sentence_speaker(ctx: SpeechContext, at: int,
                           end: int) -> tuple[Mention | None, tuple[int, int] | None]:
    """``"... ." Petrov noted that ...``: the next sentence's speaker owns the quote."""
    text = ctx.doc.text
    if not re.search(r"[.!?]\s*$", text[max(0, at - 3):at - 1]):
        return None, None
    speaker = speaker_at(ctx, at)
    if speaker and re.match(rf"\s+(?:has\s+|had\s+|also\s+)?(?:{ctx.verbs})\b",
                            text[speaker.span.end:end]):
        return speaker, None
    return None, None
