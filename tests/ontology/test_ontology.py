"""The TBox (sco.ttl), its alignment, HermiT's verdict on it, and the JSON-LD context."""

from __future__ import annotations

import io
import json
import warnings
from importlib import resources

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from sco_kg.graph.rdf import vocab
from sco_kg.graph.rdf.validate import OWL2_DATATYPES

SCO = rdflib.Namespace(vocab.SCO)
SCHEMA = rdflib.Namespace(vocab.SCHEMA)


def ontology_file(name: str) -> bytes:
    return resources.files("sco_kg.ontology").joinpath(name).read_bytes()


@pytest.fixture(scope="module")
def tbox() -> rdflib.Graph:
    return rdflib.Graph().parse(data=ontology_file("sco.ttl"), format="turtle")


def sco_terms(graph: rdflib.Graph, *types: rdflib.URIRef) -> list[rdflib.URIRef]:
    return sorted({s for t in types for s in graph.subjects(RDF.type, t)
                   if isinstance(s, rdflib.URIRef) and s.startswith(vocab.SCO)})


def superclasses(graph: rdflib.Graph, term: rdflib.URIRef) -> set[rdflib.URIRef]:
    return set(graph.transitive_objects(term, RDFS.subClassOf)) - {term}


def test_ontology_parses_with_version_and_no_imports(tbox: rdflib.Graph) -> None:
    (ontology,) = tbox.subjects(RDF.type, OWL.Ontology)
    assert tbox.value(ontology, OWL.versionInfo)
    assert not list(tbox.objects(None, OWL.imports))
    assert len(tbox) > 500


def test_ontology_declares_every_class_and_value_the_writer_uses(tbox: rdflib.Graph) -> None:
    classes = set(sco_terms(tbox, OWL.Class))
    written = {*vocab.KIND_CLASS.values(), *vocab.EVENT_CLASS.values()}
    written |= {vocab.SCO + c for c in ("Article", "Mention", "Claim", "QuantityProposition",
                                        "Measure", "Membership", "PostHolding", "Post", "Role",
                                        "AssertionGraph", "FigureConflict", "Agent",
                                        "Proposition", "AttributionType")}
    assert written <= {str(c) for c in classes}
    for iri in (*vocab.ATTRIBUTION.values(), *vocab.QUALIFIER.values(),
                *vocab.QUANTITY_KIND.values()):
        node = rdflib.URIRef(iri)
        assert (node, RDF.type, SKOS.Concept) in tbox, iri
        assert tbox.value(node, SKOS.inScheme) is not None, iri


def test_ontology_declares_every_sco_property_the_loader_writes(tbox: rdflib.Graph) -> None:
    """Every sco: predicate in rdf.py, derive.py and the catalogue is declared."""
    used = {"sha256", "inferredDatePublished", "headlineEvidence", "metadataEvidence",
            "datePublishedEvidence", "denotedBy", "claimant", "reportedIn", "attributionType",
            "evidence", "confidence", "cueEvidence", "claimantMention", "namedAs", "about",
            "reportedBy", "asserts", "figureEvidence", "subject", "measure", "valueQualifier",
            "quantityKind", "referencePeriod", "timeInferred", "organizer", "ordinal",
            "startDate", "endDate", "post", "attestedAt", "former", "conflictsWith",
            "corroborates", "conflictingClaim", "severity", "difference"}
    declared = {str(p)[len(vocab.SCO):] for p in sco_terms(
        tbox, OWL.ObjectProperty, OWL.DatatypeProperty)}
    assert used <= declared, sorted(used - declared)


def test_ontology_every_term_has_label_and_comment(tbox: rdflib.Graph) -> None:
    terms = sco_terms(tbox, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                      SKOS.Concept, SKOS.ConceptScheme)
    missing = [t for t in terms if not (tbox.value(t, RDFS.label) and tbox.value(t, RDFS.comment))]
    assert not missing


def test_ontology_every_class_has_a_superclass_outside_sco(tbox: rdflib.Graph) -> None:
    unaligned = [c for c in sco_terms(tbox, OWL.Class)
                 if not any(not str(s).startswith(vocab.SCO)
                            for s in tbox.objects(c, RDFS.subClassOf))]
    assert not unaligned


def test_ontology_every_property_is_aligned_or_says_why_not(tbox: rdflib.Graph) -> None:
    for prop in sco_terms(tbox, OWL.ObjectProperty, OWL.DatatypeProperty):
        supers = set(tbox.transitive_objects(prop, RDFS.subPropertyOf)) - {prop}
        aligned = any(not str(s).startswith(vocab.SCO) for s in supers)
        note = tbox.value(prop, SKOS.editorialNote)
        assert aligned or (note and str(note).startswith("Unaligned:")), prop
        assert not (aligned and note and str(note).startswith("Unaligned:")), prop


@pytest.mark.parametrize("sco_class, standard", [
    ("Article", "NewsArticle"), ("Article", "CreativeWork"), ("Person", "Person"),
    ("Organization", "Organization"), ("IntergovernmentalOrganization", "Organization"),
    ("MediaOrganization", "Organization"), ("GovernmentBody", "Organization"),
    ("State", "Country"), ("State", "Place"), ("City", "Place"), ("Region", "Place"),
    ("Place", "Place"), ("Event", "Event"), ("Summit", "Event"), ("Exhibition", "Event"),
    ("Founding", "Event"), ("Claim", "Claim"),
])
def test_ontology_subclass_chains_reach_schema_org(tbox: rdflib.Graph, sco_class: str,
                                                  standard: str) -> None:
    """What users query with ``?x a/rdfs:subClassOf* schema:Person``."""
    assert SCHEMA[standard] in superclasses(tbox, SCO[sco_class])


def test_ontology_person_is_disjoint_with_organization_and_state(tbox: rdflib.Graph) -> None:
    disjoint = set(tbox.objects(SCO.Person, OWL.disjointWith))
    assert {SCO.Organization, SCO.State} <= disjoint


def test_ontology_property_characteristics(tbox: rdflib.Graph) -> None:
    assert (SCO.claimant, RDF.type, OWL.FunctionalProperty) in tbox
    assert (SCO.claimant, RDFS.subPropertyOf, rdflib.URIRef(vocab.PROV + "wasAttributedTo")) in tbox
    for symmetric in (SCO.conflictsWith, SCO.corroborates):
        assert (symmetric, RDF.type, OWL.SymmetricProperty) in tbox


def test_ontology_mentions_only_owl2_datatypes(tbox: rdflib.Graph) -> None:
    """Why validate may leave xsd:date/gYear literals out of HermiT's copy: no axiom uses them."""
    xsd = vocab.XSD
    used = {str(o) for o in tbox.objects() if isinstance(o, rdflib.URIRef) and o.startswith(xsd)}
    used |= {str(o.datatype) for o in tbox.objects()
             if isinstance(o, rdflib.Literal) and o.datatype is not None}
    assert used <= OWL2_DATATYPES


def test_ontology_is_consistent_under_hermit_with_no_unsatisfiable_class() -> None:
    import owlready2

    graph = rdflib.Graph().parse(data=ontology_file("sco.ttl"), format="turtle")
    world = owlready2.World()  # owlready2 reads N-Triples or RDF/XML, not Turtle
    try:
        world.get_ontology(vocab.BASE + "ontology").load(
            fileobj=io.BytesIO(graph.serialize(format="nt").encode()), format="ntriples")
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        assert list(world.inconsistent_classes()) == []
    finally:
        world.close()


# -- JSON-LD context ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads(ontology_file("context.jsonld"))


SAMPLE = """
@prefix sco: <https://w3id.org/sco-kg/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/sco-kg/id/> .
id:claim\\/a\\/1-9 a sco:Claim ; sco:claimant id:person\\/jane-roe ;
    sco:attributionType sco:DirectSpeech ; sco:evidence id:mention\\/a\\/1-9 ;
    sco:confidence 0.9 ; schema:text "the text" ; rdfs:label "the text"@en .
id:mention\\/a\\/1-9 a sco:Mention ; oa:hasSource id:article\\/a ;
    oa:hasSelector <https://w3id.org/sco-kg/id/mention/a/1-9#position> .
<https://w3id.org/sco-kg/id/mention/a/1-9#position> a oa:TextPositionSelector ;
    oa:start 1 ; oa:end 9 .
id:ev a sco:Summit ; <http://semanticweb.cs.vu.nl/2009/11/sem/hasBeginTimeStamp>
    "2018-06-09"^^xsd:date ; sco:startDate "2017"^^xsd:gYear .
"""


def test_context_is_json_ld_11_with_no_remote_reference(context: dict) -> None:
    body = context["@context"]
    assert body["@version"] == 1.1
    text = json.dumps(context)
    assert "@import" not in text
    assert all(not (isinstance(v, str) and v.startswith("http") and v.endswith(".jsonld"))
               for v in body.values())


def test_context_has_a_short_key_for_every_sco_term(context: dict, tbox: rdflib.Graph) -> None:
    body = context["@context"]
    expanded = set()
    for value in body.values():
        iri = value["@id"] if isinstance(value, dict) else value
        if isinstance(iri, str) and iri.startswith("sco:"):
            expanded.add(vocab.SCO + iri[4:])
    terms = sco_terms(tbox, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept)
    assert {str(t) for t in terms} <= expanded
    for key in ("label", "claimant", "text", "evidence", "start", "end", "exact", "source",
                "selector", "confidence", "value", "attributionType"):
        assert key in body


def test_context_compacts_and_round_trips_offline(context: dict) -> None:
    graph = rdflib.Graph().parse(data=SAMPLE, format="turtle")
    compacted = json.loads(graph.serialize(format="json-ld", context=context["@context"],
                                           auto_compact=True))
    claim = next(n for n in compacted["@graph"] if n.get("@type") == "Claim")
    assert claim["claimant"] == vocab.ID + "person/jane-roe"
    assert claim["attributionType"] == "DirectSpeech"
    assert claim["confidence"] == "0.9"
    assert claim["text"] == "the text"
    assert claim["label"] == {"@language": "en", "@value": "the text"}
    selector = next(n for n in compacted["@graph"] if n.get("@type") == "TextPositionSelector")
    assert (selector["start"], selector["end"]) == ("1", "9")
    summit = next(n for n in compacted["@graph"] if n.get("@type") == "Summit")
    assert summit["beginTimeStamp"] == "2018-06-09"
    # Back to RDF, with the context inline: both parsers give the same graph, offline.
    document = json.dumps(compacted)
    with warnings.catch_warnings():  # rdflib 7.6's JSON-LD parser uses its own deprecated
        warnings.simplefilter("ignore", DeprecationWarning)  # ConjunctiveGraph internally
        assert isomorphic(graph, rdflib.Graph().parse(data=document, format="json-ld"))
    parsed = ox.parse(document.encode(), format=ox.RdfFormat.JSON_LD)
    buffer = io.BytesIO()
    ox.serialize(parsed, buffer, ox.RdfFormat.N_TRIPLES)
    assert isomorphic(graph, rdflib.Graph().parse(data=buffer.getvalue(), format="nt"))
