"""Validation of a built graph: three independent checks over the union of all named graphs.

* **SHACL** (pyshacl, ``inference="none"``) against ``ontology/shapes.ttl``, with
  ``ontology/sco.ttl`` as the ontology graph. No inference, because an ``rdfs:range`` would
  otherwise *type* an untyped claimant as an agent and hide the very error we look for.
  Only ``sh:Violation`` results fail the check; warnings are listed for review.
* **OWL consistency** (owlready2 + HermiT) of ontology plus instance data. HermiT accepts only
  the OWL 2 datatype map, which lacks ``xsd:date``, ``xsd:gYearMonth`` and ``xsd:gYear``: the
  very datatypes that carry a date's precision here. HermiT is therefore given a *copy* of the
  data without the literals whose datatype is outside that map (they are counted in the
  report). This loses nothing: ``sco.ttl`` states no axiom about those datatypes (no range, no
  functional date property; a test keeps it so), so no such literal can take part in a
  contradiction. HermiT's own ``--ignoreUnsupportedDatatypes`` would do the same silently; the
  explicit copy keeps it visible and makes HermiT fail loudly should the ontology ever use an
  unsupported datatype. When HermiT finds the data inconsistent it cannot say where, so the
  usual culprits (one node in two disjoint classes, two values of a functional data property)
  are then searched for with SPARQL and listed.
* **Spans**: what SHACL cannot say. For every mention, the article's ``schema:text`` sliced
  at ``oa:start``/``oa:end`` (code points) must equal ``oa:exact``, and ``oa:prefix`` /
  ``oa:suffix`` must be the text just before and after.
"""

from __future__ import annotations

import io
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox

from ..store import Store, solutions
from . import vocab

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString,
# which OWL 2 reads as rdf:PlainLiteral.
OWL2_DATATYPES = frozenset(
    [vocab.RDF + t for t in ("PlainLiteral", "XMLLiteral", "langString")]
    + [vocab.RDFS + "Literal", vocab.OWL + "real", vocab.OWL + "rational"]
    + [vocab.XSD + t for t in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString",
        "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary",
        "base64Binary", "anyURI", "dateTime", "dateTimeStamp")]
)

MAX_LISTED = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in the graph."""

    check: str
    severity: str
    focus: str
    message: str
    path: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = f" {_short(self.path)}" if self.path else ""
        value = f" = {self.value[:80]!r}" if self.value else ""
        return f"[{self.severity}] {_short(self.focus)}{where}{value}: {self.message}"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``ok`` is false on any problem of severity Violation."""

    name: str
    ok: bool
    seconds: float
    note: str
    problems: tuple[Problem, ...] = ()
    skipped: bool = False

    @property
    def violations(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "Violation")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity != "Violation")


@dataclass(frozen=True)
class ValidationReport:
    """SHACL, OWL and span results for one store."""

    shacl: CheckResult
    owl: CheckResult
    spans: CheckResult
    triples: int = 0

    @property
    def checks(self) -> tuple[CheckResult, ...]:
        return (self.shacl, self.owl, self.spans)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def skipped(self) -> tuple[str, ...]:
        """The names of the checks that could not run (the reasoner without Java)."""
        return tuple(check.name for check in self.checks if check.skipped)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for check in self.checks for p in check.problems)

    def summary(self) -> str:
        """A few lines per check, then the problems (violations first, at most 50 each)."""
        lines = [f"{self.triples} triples (union of all named graphs)"]
        for check in self.checks:
            verdict = "skipped" if check.skipped else "ok" if check.ok else "FAILED"
            lines.append(f"{check.name}: {verdict} - {check.note} ({check.seconds:.2f} s)")
        for check in self.checks:
            listed = sorted(check.problems, key=lambda p: (p.severity != "Violation", str(p)))
            for problem in listed[:MAX_LISTED]:
                lines.append(f"  {check.name} {problem}")
            if len(listed) > MAX_LISTED:
                lines.append(f"  {check.name}: ... and {len(listed) - MAX_LISTED} more")
        if not self.ok:
            lines.append("NOT VALID")
        elif self.skipped:
            lines.append(f"valid as far as checked ({', '.join(self.skipped)} skipped)")
        else:
            lines.append("valid")
        return "\n".join(lines)


def ontology_bytes(name: str) -> bytes:
    """A file of the ``sco_kg.ontology`` package (sco.ttl, shapes.ttl, context.jsonld)."""
    return resources.files("sco_kg.ontology").joinpath(name).read_bytes()


def validate(store: Store) -> ValidationReport:
    """Run the three checks over the union of the store's named graphs."""
    buffer = io.BytesIO()
    store.dump("nt", buffer)
    triples = list(ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_TRIPLES))
    return validate_triples(triples)


def validate_triples(triples: list[ox.Triple]) -> ValidationReport:
    """The checks over a list of triples (the union graph), for callers without a store."""
    return ValidationReport(shacl=check_shacl(triples), owl=check_owl(triples),
                            spans=check_spans(triples), triples=len(triples))


# -- SHACL ------------------------------------------------------------------------------------

def check_shacl(triples: Iterable[ox.Triple]) -> CheckResult:
    import pyshacl
    import rdflib

    started = time.perf_counter()
    data = _rdflib_graph(triples)
    shapes = rdflib.Graph().parse(data=ontology_bytes("shapes.ttl"), format="turtle")
    ontology = rdflib.Graph().parse(data=ontology_bytes("sco.ttl"), format="turtle")
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                     inference="none", allow_warnings=True, allow_infos=True)
    sh = rdflib.Namespace(vocab.SH)
    problems = []
    # Top-level results only: sh:detail nests the results of sh:node / sh:or members again.
    for result in results.objects(None, sh.result):
        def value(prop: rdflib.URIRef, result: rdflib.term.Node = result) -> str:
            found = results.value(result, prop)
            return "" if found is None else str(found)

        message = value(sh.resultMessage) or _constraint_name(value(sh.sourceConstraintComponent))
        problems.append(Problem("SHACL", value(sh.resultSeverity).rsplit("#", 1)[-1],
                                value(sh.focusNode), message, value(sh.resultPath),
                                value(sh.value)))
    problems.sort(key=str)
    violations = sum(p.severity == "Violation" for p in problems)
    note = (f"pyshacl inference=none: {violations} violations, "
            f"{len(problems) - violations} warnings")
    return CheckResult("SHACL", violations == 0, time.perf_counter() - started, note,
                       tuple(problems))


def _rdflib_graph(triples: Iterable[ox.Triple]):  # -> rdflib.Graph (imported lazily)
    import rdflib

    buffer = io.BytesIO()
    ox.serialize(triples, buffer, ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=buffer.getvalue(), format="nt")


def _constraint_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] or "constraint not met"


# -- OWL (HermiT) -----------------------------------------------------------------------------

def check_owl(triples: Iterable[ox.Triple]) -> CheckResult:
    """HermiT over ontology + data; literals outside the OWL 2 datatype map left out."""
    import owlready2

    started = time.perf_counter()
    if shutil.which(owlready2.JAVA_EXE) is None:
        return CheckResult("OWL", True, time.perf_counter() - started,
                           f"no Java runtime ({owlready2.JAVA_EXE!r} is not on PATH), so the "
                           "HermiT reasoner did not run; install a JRE (e.g. "
                           "default-jre-headless) for this check", skipped=True)
    tbox = list(ox.parse(ontology_bytes("sco.ttl"), format=ox.RdfFormat.TURTLE))
    kept: list[ox.Triple] = []
    dropped: defaultdict[str, int] = defaultdict(int)
    for triple in dict.fromkeys((*tbox, *triples)):  # the store usually holds the TBox too
        obj = triple.object
        if isinstance(obj, ox.Literal) and obj.datatype.value not in OWL2_DATATYPES:
            dropped[_short(obj.datatype.value)] += 1
            continue
        kept.append(triple)
    buffer = io.BytesIO()
    ox.serialize(kept, buffer, ox.RdfFormat.N_TRIPLES)
    left_out = ", ".join(f"{n} {name}" for name, n in sorted(dropped.items())) or "none"
    world = owlready2.World()
    problems: list[Problem] = []
    try:
        world.get_ontology(vocab.BASE + "validation").load(
            fileobj=io.BytesIO(buffer.getvalue()), format="ntriples")
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes())
        problems = [Problem("OWL", "Violation", iri, "unsatisfiable class")
                    for iri in unsatisfiable]
        verdict = f"consistent, {len(unsatisfiable)} unsatisfiable classes"
    except owlready2.OwlReadyInconsistentOntologyError:
        problems = explain_inconsistency(kept) or [
            Problem("OWL", "Violation", vocab.GRAPH, "HermiT: ontology + data inconsistent")]
        verdict = "INCONSISTENT"
    except owlready2.OwlReadyJavaError as exc:  # no Java, or HermiT refused the input
        problems = [Problem("OWL", "Violation", "HermiT", str(exc).strip()[:2000])]
        verdict = "HermiT could not run"
    finally:
        world.close()
    note = (f"HermiT: {verdict} over {len(kept)} triples "
            f"(literals outside the OWL 2 datatype map left out: {left_out})")
    ok = not problems
    return CheckResult("OWL", ok, time.perf_counter() - started, note, tuple(problems))


_DISJOINT = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?x ?c ?d WHERE {
  ?c owl:disjointWith ?d .
  ?x a/rdfs:subClassOf* ?c .
  ?x a/rdfs:subClassOf* ?d .
}"""

_FUNCTIONAL = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?x ?p ?a ?b WHERE {
  ?p a owl:FunctionalProperty, owl:DatatypeProperty .
  ?x ?p ?a, ?b .
  FILTER (STR(?a) < STR(?b))
}"""


def explain_inconsistency(triples: Iterable[ox.Triple]) -> list[Problem]:
    """Where HermiT's "inconsistent" most likely comes from (it gives no explanation)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    problems = []
    for row in solutions(store.query(_DISJOINT)):
        problems.append(Problem("OWL", "Violation", row["x"].value,
                                f"in disjoint classes {_short(row['c'].value)} and "
                                f"{_short(row['d'].value)}"))
    for row in solutions(store.query(_FUNCTIONAL)):
        problems.append(Problem("OWL", "Violation", row["x"].value,
                                f"two values of functional {_short(row['p'].value)}: "
                                f"{row['a'].value!r}, {row['b'].value!r}", row["p"].value))
    return sorted(problems, key=str)


# -- spans ------------------------------------------------------------------------------------

def check_spans(triples: Iterable[ox.Triple]) -> CheckResult:
    """Every mention's selectors against its article's text (code-point offsets)."""
    started = time.perf_counter()
    by_subject: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if not isinstance(t.subject, ox.Triple):  # a quoted triple is never a mention
            by_subject[t.subject.value][t.predicate.value].append(t.object)
    text_of = vocab.SCHEMA + "text"
    problems: list[Problem] = []
    checked = 0
    for mention, props in sorted(by_subject.items()):
        sources = props.get(vocab.OA + "hasSource")
        if not sources:
            continue
        checked += 1
        texts = by_subject.get(sources[0].value, {}).get(text_of, [])
        if len(sources) != 1 or len(texts) != 1:
            problems.append(Problem("spans", "Violation", mention,
                                    "source is not exactly one article with one schema:text"))
            continue
        problems.extend(_check_selectors(mention, props, by_subject, texts[0].value))
    note = f"{checked} mentions checked, {len(problems)} mismatches"
    return CheckResult("spans", not problems, time.perf_counter() - started, note,
                       tuple(problems))


def _check_selectors(mention: str, props: dict[str, list], by_subject: dict,
                     text: str) -> list[Problem]:
    position = quote = None
    for selector in props.get(vocab.OA + "hasSelector", []):
        selector_props = by_subject.get(selector.value, {})
        if vocab.OA + "start" in selector_props:
            position = selector_props
        if vocab.OA + "exact" in selector_props:
            quote = selector_props
    if position is None or quote is None:
        return [Problem("spans", "Violation", mention,
                        "needs a position selector (oa:start/oa:end) and a quote selector "
                        "(oa:exact)")]
    try:
        start = int(position[vocab.OA + "start"][0].value)
        end = int(position[vocab.OA + "end"][0].value)
    except (KeyError, IndexError, ValueError):
        return [Problem("spans", "Violation", mention, "oa:start/oa:end are not integers")]
    exact = quote[vocab.OA + "exact"][0].value
    found = []
    if not 0 <= start <= end <= len(text):
        found.append(Problem("spans", "Violation", mention,
                             f"offsets {start}-{end} outside the text (length {len(text)})"))
    elif text[start:end] != exact:
        found.append(Problem("spans", "Violation", mention,
                             f"text[{start}:{end}] is {text[start:end][:60]!r}, "
                             f"oa:exact is {exact[:60]!r}", vocab.OA + "exact", exact))
    for prop, actual in ((vocab.OA + "prefix", lambda n: text[max(0, start - n):start]),
                         (vocab.OA + "suffix", lambda n: text[end:end + n])):
        for literal in quote.get(prop, []):
            if actual(len(literal.value)) != literal.value:
                found.append(Problem("spans", "Violation", mention,
                                     f"{_short(prop)} does not match the text around "
                                     f"{start}-{end}", prop, literal.value))
    return found


def _short(iri: str) -> str:
    for prefix, namespace in vocab.PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
