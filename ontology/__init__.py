"""The sco-kg ontology (OWL 2, Turtle), SHACL shapes, entity catalogue and JSON-LD context: data only."""
