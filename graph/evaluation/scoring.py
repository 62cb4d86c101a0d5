"""Score extraction against the in-repo gold: entities, claims and events, per article and in total.

The gold files (``eval/GOLD.md`` has the annotation rules) were written without reading the
extraction rules, so these figures are the project's acceptance figures on the in-repo sets
(``eval/sets/<name>/{articles,gold}``). Matching is one-to-one for all three kinds: the same gold
item cannot be credited to two predictions. This keeps a merged claim (two answer paragraphs
extracted as one) or a duplicated entity (one thing with two keys) from passing unnoticed.
Recall is matched gold over gold. Precision is matched predictions over predictions.
Attribution precision is, over the predicted claims whose text holds a gold anchor, the share
whose claimant is the claimant of one of those gold claims.

The scorer reports and never judges: ``sco-kg evaluate`` prints the figures
(:mod:`.runs`), and ``tests/test_eval_extraction.py`` holds the thresholds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..articles.reading import read_article
from ..errors import ArticleError
from ..rdf.catalogue import Catalogue
from ..statements.model import ArticleMeta, Extraction

ENTITY_KINDS = frozenset({"person", "org", "state", "place"})
CLAIM_MODES = frozenset({"direct", "indirect", "mixed", "narration"})
EVENT_TYPES = frozenset({"summit", "meeting", "forum", "founding", "accession", "visit",
                         "speech", "launch", "event"})
# Fine-grained extractor/catalogue kinds folded onto the four gold kinds.
COARSE_KIND = {"person": "person", "org": "org", "igo": "org", "media": "org", "govbody": "org",
               "state": "state", "place": "place", "city": "place", "region": "place"}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
KINDS = ("entities", "claims", "events")


class GoldError(ValueError):
    """A gold file that does not follow the shape in eval/GOLD.md."""


@dataclass(frozen=True)
class GoldEntity:
    name: str
    kind: str


@dataclass(frozen=True)
class GoldClaim:
    claimant: str
    mode: str
    anchor: str


@dataclass(frozen=True)
class GoldEvent:
    type: str
    anchor: str
    start: str | None = None
    end: str | None = None
    place: str | None = None
    inferred: bool = False


@dataclass(frozen=True)
class Gold:
    article: str
    entities: tuple[GoldEntity, ...]
    claims: tuple[GoldClaim, ...]
    events: tuple[GoldEvent, ...]


# section -> (required keys, optional keys, the key with a closed set of values, that set)
_SHAPE = {
    "entities": ({"name", "kind"}, set(), "kind", ENTITY_KINDS),
    "claims": ({"claimant", "mode", "anchor"}, set(), "mode", CLAIM_MODES),
    "events": ({"type", "anchor"}, {"start", "end", "place", "inferred"}, "type", EVENT_TYPES),
}


def load_gold(path: Path) -> Gold:
    """Read one gold file and check its shape (not its anchors: see :func:`anchor_problems`).

    Raises:
        GoldError: naming the file and the first item that breaks the shape.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or set(data) != {"article", *_SHAPE}:
        raise GoldError(f"{path}: needs exactly the keys article, entities, claims, events")
    for section, (required, optional, closed, allowed) in _SHAPE.items():
        for item in data[section]:
            keys = set(item) if isinstance(item, dict) else set()
            problem = (
                "keys" if not required <= keys <= required | optional
                else "empty text" if not all(isinstance(item[k], str) and item[k].strip()
                                             for k in required)
                else f"{closed} not in {sorted(allowed)}" if item[closed] not in allowed
                else "date not ISO" if any(not ISO_DATE.match(str(item[k]))
                                           for k in ("start", "end") if k in item)
                else "inferred not a boolean" if not isinstance(item.get("inferred", False), bool)
                else None)
            if problem:
                raise GoldError(f"{path}: {section}: {problem}: {item!r}")
    return Gold(data["article"], tuple(GoldEntity(**i) for i in data["entities"]),
                tuple(GoldClaim(**i) for i in data["claims"]),
                tuple(GoldEvent(**i) for i in data["events"]))


def anchor_problems(gold: Gold, text: str) -> list[str]:
    """Anchors that are not exact substrings of the article, and other cross-references."""
    problems = [f"anchor not in article: {a!r}"
                for a in [c.anchor for c in gold.claims] + [e.anchor for e in gold.events]
                if not a or a not in text]
    names = {normalise_name(e.name) for e in gold.entities}
    if len(names) != len(gold.entities):
        problems.append("an entity is listed twice")
    problems += [f"claimant not among the entities: {c.claimant!r}"
                 for c in gold.claims if normalise_name(c.claimant) not in names]
    problems += [f"event place not among the entities: {e.place!r}"
                 for e in gold.events if e.place and normalise_name(e.place) not in names]
    return problems


def normalise_name(name: str) -> str:
    """Case, accents, dots, dashes, curly apostrophes, a leading "the" and -isation folded away.

    These differences are orthography, not identity: "António Guterres" and "Antonio
    Guterres", or "St. Petersburg" and "St Petersburg", name the same thing.
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace(".", "")
    folded = re.sub(r"[-\u2010\u2011\u2012\u2013\u2014]", " ", folded)
    folded = re.sub(r"isation\b", "ization", folded)
    folded = " ".join(folded.split())
    return folded[4:] if folded.startswith("the ") else folded


@dataclass(frozen=True)
class Named:
    """What an entity key resolves to: its names (normalised), a display label, a coarse kind."""

    key: str
    label: str
    names: frozenset[str]
    kind: str | None


def resolve(key: str, catalogue: Catalogue, extraction: Extraction) -> Named:
    """A key is a catalogue entry's key or an :class:`Entity` the extraction minted."""
    entry = catalogue.get(key)
    kind: str | None
    if entry is not None:
        label, aliases, kind = entry.label, tuple(entry.aliases), entry.kind
    else:
        found = next((e for e in extraction.entities if e.key == key), None)
        label, aliases, kind = ((found.label, tuple(found.aliases), found.kind) if found
                                else (key, (), None))
    names = frozenset(normalise_name(n) for n in (label, *aliases))
    return Named(key, label, names, COARSE_KIND.get(kind or "", kind))


@dataclass
class KindScore:
    """Counts for one kind of item, plus what was missed and what was wrongly predicted."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class ArticleScore:
    article: str
    entities: KindScore
    claims: KindScore
    events: KindScore
    modes_agree: int = 0
    attributed: int = 0           # predicted claims whose text holds a gold anchor
    attributed_right: int = 0     # ... whose claimant is one of those gold claimants
    narration: int = 0            # gold claims in the author's voice (mode narration)
    narration_matched: int = 0
    error: str | None = None

    def kind(self, name: str) -> KindScore:
        return getattr(self, name)


def match(n_gold: int, n_pred: int, ok: Callable[[int, int], bool]) -> dict[int, int]:
    """Maximum one-to-one matching (augmenting paths); returns gold index -> prediction index."""
    edges = [[p for p in range(n_pred) if ok(g, p)] for g in range(n_gold)]
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p not in seen:
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    for g in range(n_gold):
        augment(g, set())
    return {g: p for p, g in owner.items()}


def _score(gold_items: Sequence[object], predicted: Sequence[object],
           ok: Callable[[int, int], bool], show_gold: Callable[[int], str],
           show_pred: Callable[[int], str]) -> tuple[KindScore, dict[int, int]]:
    pairs = match(len(gold_items), len(predicted), ok)
    used = set(pairs.values())
    score = KindScore(len(gold_items), len(predicted), len(pairs))
    score.misses = [show_gold(g) for g in range(len(gold_items)) if g not in pairs]
    score.false_positives = [show_pred(p) for p in range(len(predicted)) if p not in used]
    return score, pairs


def score_article(gold: Gold, text: str, extraction: Extraction,
                  catalogue: Catalogue) -> ArticleScore:
    """Compare one article's extraction with its gold (``text`` is the whole article file)."""
    def named(key: str) -> Named:
        return resolve(key, catalogue, extraction)

    keys = list(dict.fromkeys(
        [m.entity for m in extraction.mentions]
        + [v.value for v in (extraction.meta.author, extraction.meta.publisher) if v]))
    ents = [named(k) for k in keys]
    gold_names = [normalise_name(e.name) for e in gold.entities]

    def entity_hint(g: int) -> str:
        other = [e for e in ents if gold_names[g] in e.names]
        found = f"  (predicted as {other[0].kind}: {other[0].key})" if other else ""
        return f"{gold.entities[g].name} ({gold.entities[g].kind}){found}"

    entities, _ = _score(
        gold.entities, ents,
        lambda g, p: gold_names[g] in ents[p].names and ents[p].kind == gold.entities[g].kind,
        entity_hint, lambda p: f"{ents[p].label} ({ents[p].kind}) [{ents[p].key}]")

    claims = list(extraction.claims)
    claimants = [named(c.claimant) for c in claims]

    def claim_ok(g: int, p: int) -> bool:
        item = gold.claims[g]
        return (normalise_name(item.claimant) in claimants[p].names
                and item.anchor in claims[p].content.text)

    def claim_hint(g: int) -> str:
        item = gold.claims[g]
        other = [claimants[p].label for p in range(len(claims))
                 if item.anchor in claims[p].content.text]
        found = f"  (content found under: {', '.join(other)})" if other else ""
        return f"{item.claimant} | {item.mode} | {item.anchor!r}{found}"

    claim_score, claim_pairs = _score(
        gold.claims, claims, claim_ok, claim_hint,
        lambda p: f"{claimants[p].label} | {claims[p].mode} | {_short(claims[p].content.text)!r}")
    agree = sum(gold.claims[g].mode == claims[p].mode for g, p in claim_pairs.items())
    attributed = attributed_right = 0
    for p in range(len(claims)):
        covered = [g for g in range(len(gold.claims)) if gold.claims[g].anchor
                   in claims[p].content.text]
        if covered:
            attributed += 1
            attributed_right += any(normalise_name(gold.claims[g].claimant) in claimants[p].names
                                    for g in covered)
    narration = [g for g in range(len(gold.claims)) if gold.claims[g].mode == "narration"]

    events = list(extraction.events)
    places = [[(m.start(), m.end()) for m in re.finditer(re.escape(e.anchor), text)]
              for e in gold.events]

    def overlaps(g: int, p: int) -> bool:
        span = events[p].span
        return any(a < span.end and span.start < b for a, b in places[g])

    def dated(p: int, undated: str) -> str:
        start = events[p].start
        return start.value if start is not None else undated

    def event_ok(g: int, p: int) -> bool:
        start = gold.events[g].start
        return overlaps(g, p) and (start is None or dated(p, "") == start)

    def event_hint(g: int) -> str:
        item = gold.events[g]
        other = [dated(p, "no date") for p in range(len(events)) if overlaps(g, p)]
        found = f"  (overlapping prediction dated {', '.join(other)})" if other else ""
        return f"{item.type} {item.start or '-'} {item.anchor!r}{found}"

    event_score, _ = _score(
        gold.events, events, event_ok, event_hint,
        lambda p: f"{events[p].type} {dated(p, '-')} {_short(events[p].span.text)!r}")
    return ArticleScore(gold.article, entities, claim_score, event_score, agree,
                        attributed, attributed_right, len(narration),
                        sum(g in claim_pairs for g in narration))


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


ExtractFn = Callable[[Path], tuple[str, Extraction]]


def default_extractor() -> tuple[ExtractFn, Catalogue]:
    """The project's own pipeline: read, then ``build.extract_article`` with the real data."""
    from ..build import extract_article
    from ..lexicon import load_lexicon
    from ..rdf.catalogue import load_catalogue

    catalogue, lexicon = load_catalogue(), load_lexicon()

    def run(path: Path) -> tuple[str, Extraction]:
        article = read_article(path)
        return article.text, extract_article(article, catalogue, lexicon)

    return run, catalogue


def evaluate(articles: Path, gold_dir: Path, *, extractor: ExtractFn | None = None,
             catalogue: Catalogue | None = None) -> list[ArticleScore]:
    """Score every gold file in ``gold_dir`` against its article in ``articles``.

    An article whose extraction raises is scored as an empty extraction, and the error is kept
    in :attr:`ArticleScore.error`. One broken article should not hide the figures of the others.

    Raises:
        FileNotFoundError: the gold folder, or an article a gold file names, is missing.
    """
    gold_paths = sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []
    if not gold_paths:
        raise FileNotFoundError(f"{gold_dir}: no gold files")
    if extractor is None or catalogue is None:
        extractor, catalogue = default_extractor()
    scores = []
    for path in gold_paths:
        gold = load_gold(path)
        article_path = articles / gold.article
        if not article_path.is_file():
            raise FileNotFoundError(f"{path}: article {article_path} is missing")
        error = None
        try:
            text, extraction = extractor(article_path)
        except ArticleError:
            raise
        except Exception as exc:  # reported per article, see the docstring
            text, extraction = article_path.read_text(encoding="utf-8"), Extraction(ArticleMeta())
            error = f"{type(exc).__name__}: {exc}"
        score = score_article(gold, text, extraction, catalogue)
        score.error = error
        scores.append(score)
    return scores


def totals(scores: Iterable[ArticleScore]) -> ArticleScore:
    """Micro-averaged over articles (counts summed, then the ratios)."""
    total = ArticleScore("TOTAL", KindScore(), KindScore(), KindScore())
    for score in scores:
        for mine, theirs in zip((total.entities, total.claims, total.events),
                                (score.entities, score.claims, score.events), strict=True):
            mine.gold, mine.predicted = mine.gold + theirs.gold, mine.predicted + theirs.predicted
            mine.matched += theirs.matched
        total.modes_agree += score.modes_agree
        total.attributed += score.attributed
        total.attributed_right += score.attributed_right
        total.narration += score.narration
        total.narration_matched += score.narration_matched
    return total


def report(scores: list[ArticleScore]) -> str:
    """A table per article and in total, then the misses and false positives."""
    head = f"{'article':<34}" + "".join(f"| {k:<30}" for k in KINDS) + "| modes"
    lines = [head, "-" * len(head)]
    for score in [*scores, totals(scores)]:
        cells = "".join(f"| P {k.precision:.2f} R {k.recall:.2f} F {k.f1:.2f} "
                        f"{k.matched:>3}/{k.gold:<3}/{k.predicted:<3}"
                        for k in (score.entities, score.claims, score.events))
        lines.append(f"{score.article:<34}{cells}| {score.modes_agree}/{score.claims.matched}")
    lines.append("(counts are matched/gold/predicted; modes = mode agrees/claims matched)")
    lines += [f"ERROR {s.article}: {s.error}" for s in scores if s.error]
    for score in scores:
        for name in KINDS:
            kind = score.kind(name)
            lines += [f"MISS {score.article} {name}: {m}" for m in kind.misses]
            lines += [f"FP   {score.article} {name}: {f}" for f in kind.false_positives]
    return "\n".join(lines)


def as_json(scores: list[ArticleScore]) -> dict[str, object]:
    def one(score: ArticleScore) -> dict[str, object]:
        return {**{k: score.kind(k).as_dict() for k in KINDS},
                "claim_modes_agree": score.modes_agree,
                "attribution": {"predicted": score.attributed, "right": score.attributed_right},
                "narration": {"gold": score.narration, "matched": score.narration_matched}}

    return {"articles": {s.article: {**one(s), "error": s.error,
                                     "misses": {k: s.kind(k).misses for k in KINDS},
                                     "false_positives": {k: s.kind(k).false_positives
                                                         for k in KINDS}} for s in scores},
            "totals": one(totals(scores))}

