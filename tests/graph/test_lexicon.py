"""The lexicon loader checks every row against graph/lexicon/schema.json."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sco_kg.graph.lexicon import Lexicon, LexiconError, load_lexicon


def test_lexicon_shipped_tables_all_validate() -> None:
    lexicon = load_lexicon()
    assert lexicon["titles"] and lexicon["org_words"]


@pytest.mark.parametrize(("table", "lines", "message"), [
    ("demonyms", ['{"label": "ruritania", "pattern": "Ruritanian"}', '{"label": "x"}'],
     r"^demonyms\.jsonl:2: 'pattern' is required$"),
    ("demonyms", ['{"label": "ruritania", "pattern": 7}'],
     r"^demonyms\.jsonl:1: 'pattern' must be a JSON string$"),
    ("demonyms", ['// a comment', '', '["Ruritanian"]'],
     r"^demonyms\.jsonl:3: a row must be a JSON object$"),
    ("demonyms", ['{"label": "ruritania", "pattern": "Ruritanian"'],
     r"^demonyms\.jsonl:1: Expecting"),
    ("org_words", ['{"label": "org_head", "pattern": "Institute", "colour": "red"}'],
     r"^org_words\.jsonl:1: unknown key 'colour' \(allowed besides label and pattern: "
     r"state_body\)$"),
    ("org_words", ['{"label": "org_head", "pattern": "Ministry", "state_body": "yes"}'],
     r"^org_words\.jsonl:1: 'state_body' must be a JSON boolean$"),
    ("temporal_cues", ['{"label": "weekday", "pattern": "Moonday", "offset": true}'],
     r"^temporal_cues\.jsonl:1: 'offset' must be a JSON integer$"),
    ("boilerplate", ['{"label": "caption", "pattern": "Photo: (unclosed"}'],
     r"^boilerplate\.jsonl:1: pattern is not a regular expression that compiles: "),
    ("event_triggers", ['{"label": "meeting", "pattern": "met", "regex": true}',
                        '{"label": "meeting", "pattern": "met[", "regex": true}'],
     r"^event_triggers\.jsonl:2: pattern is not a regular expression that compiles: "),
    ("gossip_words", ['{"label": "rumour", "pattern": "whispered"}'],
     r"^gossip_words\.jsonl:1: table 'gossip_words' has no entry in "
     r"graph/lexicon/schema\.json; add one"),
])
def test_lexicon_bad_row_refused_with_file_and_line(tmp_path: Path, table: str,
                                                    lines: list[str], message: str) -> None:
    (tmp_path / f"{table}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(tmp_path)
    assert "\n" not in str(caught.value)
    assert re.search(message, str(caught.value)), str(caught.value)


def test_lexicon_flagged_table_text_rows_need_not_compile(tmp_path: Path) -> None:
    (tmp_path / "event_triggers.jsonl").write_text(
        '{"label": "meeting", "pattern": "met ["}\n', "utf-8")
    assert load_lexicon(tmp_path).patterns("event_triggers") == ["met ["]


def test_lexicon_compiled_builds_once_per_lexicon() -> None:
    calls: list[int] = []
    first, second = Lexicon({}), Lexicon({})
    for lexicon in (first, first, second):
        lexicon.compiled(("rule", 1), lambda: calls.append(1) or len(calls))
    assert calls == [1, 1]
    assert first.compiled(("rule", 1), lambda: 99) == 1
