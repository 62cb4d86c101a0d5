"""The sco-kg ontology (OWL 2, Turtle), SHACL shapes, entity catalogue, JSON-LD context: data."""
