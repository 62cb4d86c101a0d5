"""Every evaluation set in one table, and the ratchet on the real development set.

Two kinds of set are scored:

* **in-repo sets**, ``eval/sets/<name>/{articles,gold}``: invented articles with gold in the
  project's own format (``eval/GOLD.md``), scored article by article with :mod:`.scoring`;
* **the development set**: real articles kept outside the repository (``<dev>/dev/articles``
  plus the seed texts, with gold in ``<dev>/dev/gold``), built together into one store,
  exported as N-Quads and scored by the STRICT scorer ``<dev>/score.py`` itself (its ``KG`` and
  ``gold`` functions, loaded from the folder the user names; per article is its ``--docs``
  restriction). Nothing of those articles is copied into the repository.

Both give the same columns (:data:`COLUMNS`), each a ratio and its count (the denominator).
The two scorers match differently (the in-repo one by exact anchor, the strict one by word
overlap, over the graph rather than the extraction), so their figures are not comparable with
each other; each is comparable with itself over time.

The **ratchet** (``eval/ratchet.json``) records the development set's overall figures. A run
fails when any recorded figure drops below its record; :func:`raise_ratchet` raises records that
improved and never lowers one (lowering is a hand edit, explained in its commit).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ..rdf.catalogue import Catalogue
from .scoring import ArticleScore, ExtractFn, evaluate, report, totals

COLUMNS = ("entR", "entP", "claimR", "claimP", "attrP", "eventR", "narrationR")
# Figures the ratchet holds: the strict scorer's goals (narration recall is reported, not a goal).
RATCHETED = ("entR", "entP", "claimR", "claimP", "attrP", "eventR")
DIGITS = 6                          # figures are recorded rounded to this many places ...
EPSILON = 0.5 * 10 ** -DIGITS       # ... so a figure equal to its record may read this much lower
DEV = "dev"


class EvaluationError(ValueError):
    """A set, a scorer or a ratchet file that cannot be used as given."""


@dataclass(frozen=True)
class Figure:
    value: float
    count: int  # the denominator: gold items for a recall, predictions for a precision

    def __str__(self) -> str:
        return f"{self.value:.3f}/{self.count}"


def ratio(hits: int, total: int) -> Figure:
    """``hits / total``, and 1.0 for an empty denominator (as both scorers count)."""
    return Figure(hits / total if total else 1.0, total)


@dataclass(frozen=True)
class Row:
    name: str
    figures: dict[str, Figure]


@dataclass
class SetResult:
    """One set scored: a row per article, the overall row, and what went wrong or was missed."""

    name: str
    source: str                 # where the articles and gold came from, and the scorer
    rows: list[Row]
    total: Row
    errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


# -- in-repo sets ---------------------------------------------------------------------------


def _natural(name: str) -> tuple[str, int]:
    found = re.fullmatch(r"(.*?)(\d*)", name)
    assert found is not None
    return found.group(1), int(found.group(2) or 0)


def find_sets(root: Path) -> list[Path]:
    """The set folders under ``root`` (each with ``articles/`` and ``gold/``), seeds first."""
    if not root.is_dir():
        raise EvaluationError(f"{root}: no folder of evaluation sets")
    found = [p for p in root.iterdir() if (p / "gold").is_dir() and (p / "articles").is_dir()]
    return sorted(found, key=lambda p: (p.name != "seeds", _natural(p.name)))


def in_repo_row(name: str, score: ArticleScore) -> Row:
    """The in-repo scorer's counts as the common columns."""
    ent, claims, events = score.entities, score.claims, score.events
    return Row(name, {
        "entR": ratio(ent.matched, ent.gold), "entP": ratio(ent.matched, ent.predicted),
        "claimR": ratio(claims.matched, claims.gold),
        "claimP": ratio(claims.matched, claims.predicted),
        "attrP": ratio(score.attributed_right, score.attributed),
        "eventR": ratio(events.matched, events.gold),
        "narrationR": ratio(score.narration_matched, score.narration)})


def score_in_repo_set(folder: Path, extractor: ExtractFn,
                      catalogue: Catalogue) -> tuple[SetResult, list[ArticleScore]]:
    """Score one in-repo set with :func:`.scoring.evaluate` (its article scores returned too)."""
    scores = evaluate(folder / "articles", folder / "gold", extractor=extractor,
                      catalogue=catalogue)
    result = SetResult(
        folder.name, f"{folder}, in-repo gold, graph/evaluation/scoring.py",
        [in_repo_row(Path(s.article).stem, s) for s in scores],
        in_repo_row("TOTAL", totals(scores)),
        errors=[f"{s.article}: {s.error}" for s in scores if s.error],
        misses=[line for line in report(scores).splitlines()
                if line.startswith(("MISS", "FP"))])
    return result, scores


# -- the real development set, strict scorer -------------------------------------------------


def load_strict_scorer(eval_dir: Path) -> ModuleType:
    """``<eval_dir>/score.py``, the strict scorer, loaded as it is (it lives outside the repo)."""
    path = eval_dir / "score.py"
    if not path.is_file():
        raise EvaluationError(f"{path}: no strict scorer there")
    spec = importlib.util.spec_from_file_location("sco_kg_strict_score", path)
    if spec is None or spec.loader is None:
        raise EvaluationError(f"{path}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def dev_paths(eval_dir: Path, seeds: Path | None) -> tuple[list[Path], Path]:
    """The development articles (the real ones and the seeds) and the gold folder."""
    articles, gold = eval_dir / DEV / "articles", eval_dir / DEV / "gold"
    seeds = seeds if seeds is not None else eval_dir.parent / "seeds"
    for folder in (articles, gold, seeds):
        if not folder.is_dir():
            raise EvaluationError(f"{folder}: missing (the development set needs it)")
    paths = sorted(articles.glob("*.txt")) + sorted(seeds.glob("*.txt"))
    names = [p.name for p in paths]
    if len(set(names)) < len(names):
        raise EvaluationError(f"two development articles share a file name in {articles}, {seeds}")
    return paths, gold


def strict_row(name: str, figs: dict[str, float], counts: dict[str, int]) -> Row:
    return Row(name, {c: Figure(figs[c], counts[c]) for c in COLUMNS})


def score_dev_set(eval_dir: Path, workdir: Path, *, seeds: Path | None = None) -> SetResult:
    """Build the development articles together, export N-Quads, score them with the strict scorer.

    ``workdir`` receives ``articles/`` (copies of the texts, outside the repository), ``store/``
    and ``dev.nq``.
    """
    from ..build import build
    from ..store import open_store

    paths, gold_dir = dev_paths(eval_dir, seeds)
    scorer = load_strict_scorer(eval_dir)
    articles, store_path, export = workdir / "articles", workdir / "store", workdir / "dev.nq"
    shutil.rmtree(articles, ignore_errors=True)
    articles.mkdir(parents=True)
    for path in paths:
        shutil.copyfile(path, articles / path.name)
    built = build(articles, store_path, full=True)
    store = open_store(str(store_path), read_only=True)
    try:
        with open(export, "wb") as handle:
            store.dump("nq", handle)
    finally:
        store.close()
    kg = scorer.KG(str(export))
    rows = []
    documents = _documents(gold_dir)
    for prefix, stems in documents.items():
        _, figs, counts, _ = scorer.gold(kg, str(articles), str(gold_dir), scorer.GOALS, {prefix})
        rows.append(strict_row("+".join(stems), figs, counts))
    _, figs, counts, misses = scorer.gold(kg, str(articles), str(gold_dir), scorer.GOALS)
    return SetResult(
        DEV, f"{eval_dir / DEV} + {seeds or eval_dir.parent / 'seeds'}, strict scorer "
        f"{eval_dir / 'score.py'}", rows, strict_row("TOTAL", figs, counts),
        errors=[str(e) for e in built.errors],
        misses=[f"{kind}: {item}" for kind, items in misses.items() for item in items])


def _documents(gold_dir: Path) -> dict[str, list[str]]:
    """The strict scorer's ``--docs`` key (a document's first three characters) -> documents."""
    found: dict[str, list[str]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))["document"]
        stem = document.removesuffix(".txt")
        found.setdefault(stem[:3], []).append(stem)
    return found


# -- the ratchet -----------------------------------------------------------------------------


def read_ratchet(path: Path) -> dict[str, Figure]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: Figure(float(data["figures"][name]["value"]),
                             int(data["figures"][name]["count"])) for name in RATCHETED}
    except FileNotFoundError as exc:
        raise EvaluationError(f"{path}: no ratchet recorded (record one with "
                              "`sco-kg evaluate --dev DIR --update-ratchet`)") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise EvaluationError(f"{path}: not a ratchet file ({exc!r})") from exc


def ratchet_drops(recorded: dict[str, Figure], total: Row) -> list[str]:
    """Every recorded figure the run fell below (beyond rounding of the record), as text."""
    return [f"{name} {total.figures[name].value:.{DIGITS}f} < recorded "
            f"{recorded[name].value:.{DIGITS}f}"
            for name in RATCHETED
            if total.figures[name].value < recorded[name].value - EPSILON]


def raise_ratchet(recorded: dict[str, Figure] | None,
                  total: Row) -> tuple[dict[str, Figure], list[str]]:
    """Records raised to the figures that improved (none lowered), and what changed, as text."""
    raised, changes = dict(recorded or {}), []
    for name in RATCHETED:
        now = total.figures[name]
        now = Figure(round(now.value, DIGITS), now.count)
        old = raised.get(name)
        if old is None or now.value > old.value:
            raised[name] = now
            before = "(none)" if old is None else f"{old.value:.{DIGITS}f}"
            changes.append(f"{name} {before} -> {now.value:.{DIGITS}f}")
    return raised, changes


def write_ratchet(path: Path, figures: dict[str, Figure]) -> None:
    """One figure a line, so that raising a record reads as a one-line diff."""
    about = ("Overall strict figures of the development set (../shared/eval/dev: real articles "
             "+ the seeds, one store), scored by ../shared/eval/score.py. `sco-kg evaluate --dev "
             "../shared/eval` fails when one drops below its record; `--update-ratchet` raises "
             "records. count = the figure's denominator.")
    rows = [f'    {json.dumps(name)}: {{"value": {figures[name].value}, '
            f'"count": {figures[name].count}}}' for name in RATCHETED]
    path.write_text(f'{{\n  "about": {json.dumps(about)},\n  "figures": {{\n'
                    + ",\n".join(rows) + "\n  }\n}\n", encoding="utf-8")


# -- the table -------------------------------------------------------------------------------


def table(rows: Sequence[Row], first: str = "article") -> str:
    """Rows of figures as aligned text, one column per :data:`COLUMNS` entry."""
    width = max([len(first), *(len(r.name) for r in rows)])
    cells = [[str(r.figures[c]) for c in COLUMNS] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(COLUMNS)]
    lines = [f"{first:<{width}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(COLUMNS, widths,
                                                                             strict=True))]
    lines.append("-" * len(lines[0]))
    for row, texts in zip(rows, cells, strict=True):
        lines.append(f"{row.name:<{width}}  "
                     + "  ".join(f"{t:>{w}}" for t, w in zip(texts, widths, strict=True)))
    return "\n".join(lines)


def set_report(result: SetResult, *, misses: bool = False) -> str:
    lines = [f"== {result.name}: {result.source}", table([*result.rows, result.total])]
    lines += [f"ERROR {e}" for e in result.errors]
    if misses:
        lines += result.misses
    return "\n".join(lines)


def summary(results: Iterable[SetResult], in_repo_scores: Sequence[ArticleScore]) -> str:
    rows = [Row(r.name, r.total.figures) for r in results]
    if in_repo_scores:
        rows.append(in_repo_row("in-repo sets together", totals(in_repo_scores)))
    return "== overall (each set's TOTAL)\n" + table(rows, first="set")


def as_json(results: Iterable[SetResult]) -> dict[str, Any]:
    def figures(row: Row) -> dict[str, dict[str, float | int]]:
        return {c: {"value": f.value, "count": f.count} for c, f in row.figures.items()}

    return {r.name: {"source": r.source, "total": figures(r.total), "errors": r.errors,
                     "articles": {row.name: figures(row) for row in r.rows}} for r in results}
