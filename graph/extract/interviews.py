"""Interview turns: ``Name: ...`` paragraphs of a Q&A transcript (Markdown emphasis allowed).

Each answer paragraph is one direct claim of the interviewee, up to the next question label;
attributions inside an answer are nested claims (``reported_by`` the answer). A label counts
as a turn only when two labels alternate in the article, or one of them names a known speaker:
otherwise "Source:", "Editor:" or a headline "X: a story of ..." would be taken as turns.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..statements.model import Claim, Mention
from . import gazetteer as gz
from .attribution import SpeechContext, about_keys, clause_span
from .mentions import add_entity
from .posts import kind_of

Reported = Callable[..., list[Claim]]
# "Name: ...", and the same in Markdown emphasis: "**Name:** ...", "**Name**: ...", "_Q:_ ..."
# "Name, Agency:" and "Name (Agency):": the name speaks, the affiliation is dropped
_LABEL = re.compile(r"[*_]{0,2}(?P<label>[A-Z][\w.’'-]*(?:[^\S\n]+[A-Z][\w.’'-]*){0,4})"
                    r"(?:,[^\S\n]+[^:,\n]{1,60}?|[^\S\n]*\([^()\n]{1,60}\))?"
                    r"[*_]{0,2}\s*:[*_]{0,2}\s+\S"
                    r"|[*_]{0,2}(?P<qa>Q|A)[*_]{0,2}\.[*_]{0,2}\s+\S")  # or "Q. ...", "A. ..."
# A question marked as a turn without a name: "**Why now?**", "_Why now?_", "— Why now?"
_MARKED_QUESTION = re.compile(r"\s*(?:(\*\*|__|\*|_)[^\n]+\?\1|[—–]\s*[^\n]+\?)\s*$")
_TURN_DASH = re.compile(r"\s*[—–]\s*")


def answers(ctx: SpeechContext, usable: list[tuple[int, int]],
            reported: Reported) -> dict[tuple[int, int], list[Claim]]:
    """Answer paragraphs of a Q&A, one direct claim each, plus nested attributions.

    ``reported`` finds the reported speech inside an answer (``quotes`` passes its own finder,
    which keeps this module free of an import cycle).
    """
    text = ctx.doc.text
    not_turn = set(ctx.gaz.cues.get("not_a_turn", []))
    questions = set(ctx.gaz.cues.get("question", []))
    labels: dict[tuple[int, int], tuple[int, int]] = {}
    for s, e in usable:
        m = _LABEL.match(text, s, e)
        group = "qa" if m and m.group("qa") else "label"
        if m and m.group(group) not in not_turn:
            labels[(s, e)] = m.span(group)
    names = {text[a:b] for a, b in labels.values()}
    known = {text[a:b] for a, b in labels.values() if _label_speaker(ctx, a, b)}
    if len(labels) < 2 or (len(names) < 2 and not known):
        return _unlabelled_turns(ctx, usable, reported)
    out: dict[tuple[int, int], list[Claim]] = {}
    current: Mention | None = None
    label_span: tuple[int, int] | None = None
    for s, e in usable:
        if (s, e) in labels:
            a, b = labels[(s, e)]
            asks = text[a:b] in questions or text[s:e].rstrip().endswith("?")
            # a question's label names the interviewer: no new speaker is made of it
            speaker = _label_speaker(ctx, a, b) or (None if asks else _unknown_label(ctx, a, b))
            is_question = asks or (speaker is not None and _is_interviewer(ctx, speaker))
            current = None if is_question or speaker is None else speaker
            label_span = (a, b)
            turn = _LABEL.match(text, s, e)
            body_start = (turn.end() if turn else s + 1) - 1
            if is_question and text[s:e].rstrip().endswith("?"):
                # a question turn that also asserts ("You were the first ... . Why?")
                out[(s, e)] = _asserted(ctx, body_start, e, speaker or _asker(ctx, a, b),
                                        label_span)
        elif current is None:
            continue
        elif _signs_off(ctx, s, e):
            current = None  # "Anna Lind covers health for ...": the author's note ends the Q&A
            continue
        else:
            body_start = s
        if current is None:
            continue
        content = clause_span(ctx, body_start, e)
        if content is None:
            continue
        outer = Claim(claimant=current.entity, mode="direct", content=content,
                      cue=ctx.doc.span(*label_span) if label_span else None,
                      claimant_span=current.span, about=about_keys(ctx, content, current.entity))
        out[(s, e)] = [outer] + reported(ctx, s, e, reported_by=content)
    return out


def _asker(ctx: SpeechContext, start: int, end: int) -> Mention | None:
    """The interviewer a question label names, when it names a person ("Anna Lind, Wire:")."""
    key = _person_named(ctx, ctx.doc.text[start:end])
    return Mention(key, ctx.doc.span(start, end)) if key is not None else None


def _asserted(ctx: SpeechContext, start: int, end: int, asker: Mention | None,
              label: tuple[int, int]) -> list[Claim]:
    """The statements in a question turn ("You were the first ... . Why now?"): the
    interviewer's claims (gold rule: a question that asserts something is a claim)."""
    if asker is None or kind_of(ctx.doc, ctx.gaz, asker.entity) != "person":
        return []
    out = []
    for sentence in ctx.doc.sentences:
        if (sentence.end <= start or sentence.start >= end
                or sentence.text.rstrip().endswith("?")):
            continue
        content = clause_span(ctx, max(start, sentence.start), sentence.end)
        if content is not None:
            out.append(Claim(claimant=asker.entity, mode="direct", content=content,
                             cue=ctx.doc.span(*label), claimant_span=asker.span,
                             about=about_keys(ctx, content, asker.entity)))
    return out


def _unlabelled_turns(ctx: SpeechContext, usable: list[tuple[int, int]],
                      reported: Reported) -> dict[tuple[int, int], list[Claim]]:
    """A Q&A whose turns carry no names: every paragraph after a question, up to the next
    question, is the interviewee's (the person the intro names most).

    A question is a paragraph ending in "?" that is marked as a turn, by a leading dash ("—
    Why now?", the Russian and French convention) or by emphasis ("**Why now?**"). Unmarked
    questions count only in an article whose head says it is an interview, since columns ask
    rhetorical questions too.
    """
    text = ctx.doc.text
    marked = [(s, e) for s, e in usable if _MARKED_QUESTION.fullmatch(text, s, e)]
    plain = [(s, e) for s, e in usable if e - s < 400 and text[s:e].rstrip().endswith("?")]
    asked = marked if len(marked) >= 2 else plain if _says_interview(ctx, usable) else []
    if len(asked) < 2:
        return {}
    speaker = _interviewee(ctx, asked[0][0])
    if speaker is None:
        return {}
    out: dict[tuple[int, int], list[Claim]] = {}
    answering = False
    for s, e in usable:
        if (s, e) in asked:
            answering = True
            continue
        if answering and _signs_off(ctx, s, e):
            answering = False  # the author's note at the foot ends the answers
        if not answering:
            continue
        dash = _TURN_DASH.match(text, s, e)
        content = clause_span(ctx, dash.end() if dash else s, e)
        if content is None:
            continue
        outer = Claim(claimant=speaker.entity, mode="direct", content=content, cue=None,
                      claimant_span=speaker.span, about=about_keys(ctx, content, speaker.entity))
        out[(s, e)] = [outer] + reported(ctx, s, e, reported_by=content)
    return out


def _says_interview(ctx: SpeechContext, usable: list[tuple[int, int]]) -> bool:
    """The article's head names itself an interview ("Interview", "spoke to", "Q&A")."""
    cues = ctx.gaz.cues.get("interview", [])
    head = ctx.doc.text[ctx.doc.body_start:usable[min(3, len(usable) - 1)][1]] if usable else ""
    return bool(cues) and re.search(rf"\b(?:{ctx.gaz.alternation(cues)})\b", head) is not None


def _interviewee(ctx: SpeechContext, before: int) -> Mention | None:
    """The person the intro names most often (the author aside): who answers."""
    author = ctx.doc.meta.author.value if ctx.doc.meta.author else None
    people = [m for m in ctx.speakers if m.span.start < before and m.entity != author
              and kind_of(ctx.doc, ctx.gaz, m.entity) == "person"]
    if not people:
        return None
    counts: dict[str, int] = {}
    for m in people:
        counts[m.entity] = counts.get(m.entity, 0) + 1
    best = max(counts, key=lambda k: (counts[k], -min(m.span.start for m in people
                                                      if m.entity == k)))
    return next(m for m in people if m.entity == best)


def _signs_off(ctx: SpeechContext, start: int, end: int) -> bool:
    author = ctx.doc.meta.author
    name = _name_of(ctx, author.value) if author else ""
    return bool(name) and ctx.doc.text.startswith(name + " ", start)


def _unknown_label(ctx: SpeechContext, start: int, end: int) -> Mention | None:
    """An answer label that names nobody known: "A:" is the interviewee, a name a new person.

    A label in capitals ("ANNA PETROVA:") is read as the name it spells ("Anna Petrova").
    """
    label = ctx.doc.text[start:end]
    initials = _person_by_initials(ctx, label)
    if initials is not None:
        return Mention(initials, ctx.doc.span(start, end))
    if label.isupper() and len(label) > 2:
        label = label.title()
    named = _person_named(ctx, label)
    if named is not None:
        return Mention(named, ctx.doc.span(start, end))
    if label in ctx.gaz.cues.get("question", []):
        return None
    if label in ctx.gaz.cues.get("answer", []):
        author = ctx.doc.meta.author.value if ctx.doc.meta.author else None
        counts: dict[str, int] = {}
        for m in ctx.speakers:
            if kind_of(ctx.doc, ctx.gaz, m.entity) == "person" and m.entity != author:
                counts[m.entity] = counts.get(m.entity, 0) + 1
        if not counts:
            return None
        return Mention(max(counts, key=counts.__getitem__), ctx.doc.span(start, end))
    surname = _person_by_surname(ctx, label)
    if surname is not None:
        return Mention(surname, ctx.doc.span(start, end))
    # "Secretary-General Jan Novak:": a title before the name; the person is the name's
    inner = next((m for m in ctx.speakers if start < m.span.start and m.span.end == end
                  and kind_of(ctx.doc, ctx.gaz, m.entity) == "person"
                  and ctx.gaz.role_re.fullmatch(ctx.doc.text, start, m.span.start - 1)), None)
    if inner is not None:
        return Mention(inner.entity, ctx.doc.span(start, end))
    if re.fullmatch(rf"{gz.FULL_NAME}", label):
        key = add_entity(ctx.doc, ctx.gaz.catalogue, "person", label)
        mention = Mention(key, ctx.doc.span(start, end))
        ctx.doc.mentions.append(mention)
        return mention
    return None


def _person_by_initials(ctx: SpeechContext, label: str) -> str | None:
    """"AL:" names the one person, named in full in the article, whose initials are A. L."""
    letters = label.replace(".", "")
    if not (2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()):
        return None
    names = {m.group(0) for m in re.finditer(gz.FULL_NAME, ctx.doc.text[ctx.doc.body_start:])}
    author = ctx.doc.meta.author
    if author:
        names.add(_name_of(ctx, author.value))
    found = {n for n in names if "".join(w[0] for w in n.split()) == letters
             and all(e.kind == "person" for e in ctx.gaz.names.get(n, []))}
    if len(found) != 1:
        return None
    name = found.pop()
    entries = [e for e in ctx.gaz.names.get(name, []) if e.kind == "person"]
    if entries:
        return entries[0].key
    return add_entity(ctx.doc, ctx.gaz.catalogue, "person", name)


def _person_named(ctx: SpeechContext, name: str) -> str | None:
    """The one person (or the author) the article names exactly ``name``, case aside."""
    author = ctx.doc.meta.author
    keys = {m.entity for m in ctx.doc.mentions} | ({author.value} if author else set())
    found = {key for key in keys if kind_of(ctx.doc, ctx.gaz, key) == "person"
             and _name_of(ctx, key).casefold() == name.casefold()}
    return found.pop() if len(found) == 1 else None


def _label_speaker(ctx: SpeechContext, start: int, end: int) -> Mention | None:
    return next((m for m in ctx.speakers if m.span.start == start and m.span.end == end), None)


def _person_by_surname(ctx: SpeechContext, label: str) -> str | None:
    """A one-word label ("Petrova:") naming exactly one person the article names in full."""
    if not re.fullmatch(r"[A-Z][\w’'-]+", label):
        return None
    author = ctx.doc.meta.author
    keys = {m.entity for m in ctx.doc.mentions} | ({author.value} if author else set())
    people = {key for key in keys if kind_of(ctx.doc, ctx.gaz, key) == "person"
              and _name_of(ctx, key).split()[-1:] == [label]}
    if len(people) == 1:
        return people.pop()
    if people:
        return None
    # Nobody recognised yet: the intro of a Q&A names the interviewee in full ("... spoke to
    # Anna Petrova, who ..."), so one full name ending in the label is that person.
    full = {m.group(0) for m in re.finditer(rf"\b[A-Z][\w’'-]+ {re.escape(label)}\b",
                                            ctx.doc.text[ctx.doc.body_start:])
            if re.fullmatch(rf"{gz.FULL_NAME}", m.group(0))}
    if len(full) != 1:
        return None
    return add_entity(ctx.doc, ctx.gaz.catalogue, "person", full.pop())


def _name_of(ctx: SpeechContext, key: str) -> str:
    entry, entity = ctx.gaz.catalogue.get(key), ctx.doc.entities.get(key)
    return entry.label if entry else entity.label if entity else ""


def _is_interviewer(ctx: SpeechContext, speaker: Mention) -> bool:
    """The publisher, a medium, or the article's author asks the questions."""
    publisher, author = ctx.doc.meta.publisher, ctx.doc.meta.author
    return ((publisher is not None and publisher.value == speaker.entity)
            or (author is not None and author.value == speaker.entity)
            or kind_of(ctx.doc, ctx.gaz, speaker.entity) == "media")
