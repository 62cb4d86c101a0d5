"""The pipeline checks its components' declarations before any article is read."""

from __future__ import annotations

import pytest
from run_steps import rules

from sco_kg.graph.errors import PipelineError
from sco_kg.graph.extract.pipeline import STEPS, Pipeline, Step


def _noop(doc: object, catalogue: object, lexicon: object) -> None:
    """A component that does nothing: only its declarations matter here."""


def test_pipeline_default_steps_fit_together() -> None:
    assert Pipeline(STEPS).steps == STEPS


def test_pipeline_refuses_a_step_whose_needs_no_earlier_step_assigns() -> None:
    late = tuple(s for s in STEPS if s.name != "quotes")
    with pytest.raises(PipelineError, match=r"'figures' requires claims"):
        Pipeline(late)


def test_pipeline_refuses_a_step_that_runs_before_what_it_needs() -> None:
    needy = Step("needs-events", _noop, ("events",), ("claims",))
    with pytest.raises(PipelineError, match="needs-events.*events"):
        Pipeline((needy, *STEPS))


def test_pipeline_refuses_fields_the_document_does_not_have() -> None:
    typo = Step("typo", _noop, ("sentences",), ("claim",))
    with pytest.raises(PipelineError, match="typo.*claim"):
        Pipeline((*STEPS, typo))


def test_pipeline_refuses_a_step_listed_twice() -> None:
    with pytest.raises(PipelineError, match="listed twice"):
        Pipeline((*STEPS, STEPS[-1]))


def test_pipeline_component_can_be_replaced_by_another_with_the_same_contract() -> None:
    catalogue, lexicon = rules()
    quiet = tuple(Step(s.name, _noop, s.requires, s.assigns) if s.name == "quotes" else s
                  for s in STEPS)
    text = 'Jan Novak, the Ruritanian foreign minister, said: "Trade grew by 12 percent."'
    default = Pipeline(STEPS)(text, stem="t", catalogue=catalogue, lexicon=lexicon)
    replaced = Pipeline(quiet)(text, stem="t", catalogue=catalogue, lexicon=lexicon)
    assert any(c.claimant for c in default.claims)
    assert not any(c.claimant for c in replaced.claims)
