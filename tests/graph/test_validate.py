"""validate(): SHACL, HermiT and span checks over graphs made by the real writer."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from sco_kg.graph.articles.reading import Article, read_article
from sco_kg.graph.build import static_graphs
from sco_kg.graph.rdf import vocab
from sco_kg.graph.rdf.quads import ArticleGraph
from sco_kg.graph.rdf.validate import ValidationReport, validate
from sco_kg.graph.statements.model import (
    ArticleMeta,
    Claim,
    DateValue,
    Entity,
    Event,
    Extraction,
    Figure,
    Membership,
    Mention,
    MetaValue,
    PostHolding,
    Span,
)
from sco_kg.graph.store.oxigraph import OxigraphStore

TEXT = (
    "---\ntitle: Testland summit closes\npublisher: Daily Test\n---\n"
    "The Organisation of Testland held its 3rd summit in Alphaville on 9 June 2018. "
    "\u201cTrade grew by 12 percent,\u201d said Jane Roe, Secretary-General of the Organisation. "
    "Borduria became a member in 2017."
)
ENTITIES = (
    Entity("org-of-testland", "igo", "Organisation of Testland", ("the Organisation",)),
    Entity("jane-roe", "person", "Jane Roe"),
    Entity("alphaville", "city", "Alphaville"),
    Entity("borduria", "state", "Borduria"),
    Entity("daily-test", "media", "Daily Test"),
)


def span(text: str, part: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), part)


def extraction(text: str) -> Extraction:
    trade = span(text, "Trade grew by 12 percent")
    return Extraction(
        meta=ArticleMeta(title=MetaValue("Testland summit closes"),
                         publisher=MetaValue("daily-test"),
                         date=DateValue("2018-06-09", "day", inferred=True),
                         date_span=span(text, "9 June 2018")),
        entities=ENTITIES,
        mentions=(Mention("org-of-testland", span(text, "Organisation of Testland")),
                  Mention("jane-roe", span(text, "Jane Roe")),
                  Mention("alphaville", span(text, "Alphaville")),
                  Mention("borduria", span(text, "Borduria"))),
        claims=(Claim("jane-roe", "direct", trade, cue=span(text, "said Jane Roe"),
                      claimant_span=span(text, "Jane Roe"), about=("org-of-testland",),
                      figures=(Figure("12", "percent", "trade-growth", "trade growth",
                                      span(text, "12 percent"), subject="org-of-testland",
                                      period=DateValue("2018", "year"), kind="change"),),
                      confidence=0.9),),
        events=(Event("summit", "2018-06-09-alphaville", "3rd summit of the Organisation",
                      span(text, "its 3rd summit in Alphaville on 9 June 2018"),
                      start=DateValue("2018-06-09", "day"), end=DateValue("2018-06-10", "day"),
                      place="alphaville", participants=("org-of-testland",),
                      organizer="org-of-testland", ordinal=3, status="completed"),),
        memberships=(Membership("borduria", "org-of-testland", "member",
                                span(text, "Borduria became a member in 2017"),
                                start=DateValue("2017", "year")),),
        posts=(PostHolding("jane-roe", "secretary-general", "Secretary-General",
                           span(text, "Jane Roe, Secretary-General of the Organisation"),
                           organization="org-of-testland",
                           attested=DateValue("2018-06", "month"),
                           person_span=span(text, "Jane Roe")),),
    )


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Article:
    path: Path = tmp_path_factory.mktemp("articles") / "007_testland.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return read_article(path)


@pytest.fixture(scope="module")
def article_quads(article: Article) -> list[ox.Quad]:
    iris = {e.key: vocab.entity_iri(e.kind, e.key) for e in ENTITIES}
    return ArticleGraph(article, extraction(article.text), iris).quads()


def validated(article: Article, quads: list[ox.Quad]) -> ValidationReport:
    store = OxigraphStore(None)
    store.replace_graphs({**static_graphs(), vocab.article_graph(article.stem): quads})
    try:
        return validate(store)
    finally:
        store.close()


def without(quads: list[ox.Quad], predicate: str, subject_part: str = "") -> list[ox.Quad]:
    return [q for q in quads if not (q.predicate.value == predicate
                                     and subject_part in q.subject.value)]


def test_validate_passes_on_what_the_writer_writes(article: Article,
                                                   article_quads: list[ox.Quad]) -> None:
    report = validated(article, article_quads)
    assert report.ok, report.summary()
    assert report.shacl.violations == ()
    assert "consistent" in report.owl.note
    assert "xsd:gYear" in report.owl.note  # left out of HermiT's copy, and said so
    assert "0 mismatches" in report.spans.note
    assert report.summary().splitlines()[-1] == "valid"


def test_validate_names_a_claim_without_claimant(article: Article,
                                                 article_quads: list[ox.Quad]) -> None:
    report = validated(article, without(article_quads, vocab.SCO + "claimant"))
    assert not report.ok
    (problem,) = report.shacl.violations
    assert problem.focus.startswith(vocab.ID + "claim/")
    # a node-level rule (a claimant, or a reported speaker for an unnamed one): no single path
    assert problem.path == ""
    assert "exactly one claimant" in problem.message
    assert "sco:claimant" in report.summary()


def test_validate_names_an_untyped_claimant(article: Article,
                                            article_quads: list[ox.Quad]) -> None:
    """No inference: the range of sco:claimant must not make an untyped node an agent."""
    stranger = ox.NamedNode(vocab.ID + "person/nobody")
    graph = article_quads[0].graph_name
    quads = without(article_quads, vocab.SCO + "claimant")
    claim = next(q.subject for q in quads if q.subject.value.startswith(vocab.ID + "claim/"))
    quads.append(ox.Quad(claim, ox.NamedNode(vocab.SCO + "claimant"), stranger, graph))
    report = validated(article, quads)
    assert [(p.focus, p.path, p.value) for p in report.shacl.violations] == [
        (claim.value, vocab.SCO + "claimant", stranger.value)]


def test_validate_reports_each_wrong_span(article: Article,
                                          article_quads: list[ox.Quad]) -> None:
    start = article.text.index("Borduria")
    mention = vocab.mention_iri(article.stem, start, start + len("Borduria"))
    target = (mention + "#position", vocab.OA + "start")
    shifted = [ox.Quad(q.subject, q.predicate, ox.Literal(start + 1), q.graph_name)
               if (q.subject.value, q.predicate.value) == target else q for q in article_quads]
    report = validated(article, shifted)
    assert not report.spans.ok
    assert {p.focus for p in report.spans.problems} == {mention}
    messages = [p.message for p in report.spans.problems]
    assert f"text[{start + 1}:{start + 8}] is 'orduria', oa:exact is 'Borduria'" in messages
    assert "oa:prefix does not match the text around" in " ".join(messages)


def test_validate_reports_a_quote_that_is_not_the_text(article: Article,
                                                       article_quads: list[ox.Quad]) -> None:
    quads = [ox.Quad(q.subject, q.predicate, ox.Literal("Trade fell by 12 percent"), q.graph_name)
             if q.predicate.value == vocab.OA + "exact" and q.object.value.startswith("Trade")
             else q for q in article_quads]
    report = validated(article, quads)
    assert [p.value for p in report.spans.problems] == ["Trade fell by 12 percent"]
    assert report.shacl.ok and report.owl.ok


def test_validate_reports_begin_after_end_and_bad_digest(article: Article,
                                                         article_quads: list[ox.Quad]) -> None:
    quads = []
    for q in article_quads:
        if q.predicate.value == vocab.SEM + "hasEndTimeStamp":
            q = ox.Quad(q.subject, q.predicate,
                        ox.Literal("2018-05", datatype=ox.NamedNode(vocab.XSD + "gYearMonth")),
                        q.graph_name)
        if q.predicate.value == vocab.SCO + "sha256":
            q = ox.Quad(q.subject, q.predicate, ox.Literal("NOT-A-DIGEST"), q.graph_name)
        quads.append(q)
    report = validated(article, quads)
    messages = {p.message for p in report.shacl.violations}
    assert "Event begins (2018-06-09) after it ends (2018-05)." in messages
    assert any("sha256" in m for m in messages)


def test_validate_warns_on_incompatible_dates_only(article: Article,
                                                  article_quads: list[ox.Quad]) -> None:
    """2018-06 and 2018-06-09 differ in precision only; 2018-05 is another date."""
    begin = next(q for q in article_quads if q.predicate.value == vocab.SEM + "hasBeginTimeStamp")
    month = ox.NamedNode(vocab.XSD + "gYearMonth")
    quads = [*article_quads,
             ox.Quad(begin.subject, begin.predicate, ox.Literal("2018-06", datatype=month),
                     begin.graph_name),
             ox.Quad(begin.subject, begin.predicate, ox.Literal("2018-05", datatype=month),
                     begin.graph_name)]
    report = validated(article, quads)
    assert report.shacl.ok  # a warning does not fail validation
    messages = sorted(p.message for p in report.shacl.warnings
                      if p.focus == begin.subject.value)
    assert messages == ["Articles give incompatible begin dates: 2018-05 and 2018-06-09.",
                        "Articles give incompatible begin dates: 2018-05 and 2018-06."]


def test_validate_finds_and_explains_an_inconsistency(article: Article,
                                                      article_quads: list[ox.Quad]) -> None:
    """A state typed as a person: SHACL is silent, HermiT is not."""
    state = ox.NamedNode(vocab.entity_iri("state", "borduria"))
    graph = article_quads[0].graph_name
    quads = [*article_quads, ox.Quad(state, ox.NamedNode(vocab.RDF + "type"),
                                     ox.NamedNode(vocab.SCO + "Person"), graph)]
    report = validated(article, quads)
    assert not report.owl.ok
    assert "INCONSISTENT" in report.owl.note
    assert any(p.focus == state.value and "disjoint" in p.message
               for p in report.owl.problems)


@pytest.mark.slow
def test_validate_passes_on_the_seed_build(seed_store) -> None:
    report = validate(seed_store)
    assert report.ok, report.summary()
    assert report.spans.note.startswith(tuple("123456789"))  # mentions were checked


@pytest.mark.slow
def test_validate_without_java_skips_the_reasoner_in_one_line(seed_store_path: Path,
                                                              tmp_path: Path) -> None:
    """No ``java`` on PATH: SHACL and spans still run, OWL says "skipped", exit status 3."""
    import subprocess
    import sys

    from sco_kg.graph.cli import EXIT_SKIPPED

    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)  # PATH holds this and nothing else
    result = subprocess.run(
        [sys.executable, "-m", "sco_kg.server.cli", "validate", "--store",
         str(seed_store_path)],
        env={"PATH": str(bare), "HOME": str(tmp_path)}, capture_output=True, text=True,
        timeout=300, check=False)
    assert result.returncode == EXIT_SKIPPED, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("OWL: skipped - no Java runtime")]
    assert [line for line in lines if line.startswith("SHACL: ok")]
    assert [line for line in lines if line.startswith("spans: ok")]
    assert lines[-1] == "valid as far as checked (OWL skipped)"
