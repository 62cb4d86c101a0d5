"""The synthetic corpus generator: deterministic, varied, readable by the real article reader."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from sco_kg.graph.articles.reading import read_article


@pytest.fixture(scope="module")
def corpus_module(repo_root: Path) -> ModuleType:
    # bench/ holds scripts, not a package: load the module from its file.
    spec = importlib.util.spec_from_file_location("bench_corpus", repo_root / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(corpus_module: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return corpus_module.write_corpus(120, tmp_path_factory.mktemp("corpus"), seed=7)


def contents(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def test_corpus_same_seed_and_count_give_identical_files(corpus_module: ModuleType,
                                                         corpus: list[Path],
                                                         tmp_path: Path) -> None:
    again = corpus_module.write_corpus(120, tmp_path / "again", seed=7)
    assert contents(again) == contents(corpus)


def test_corpus_smaller_count_is_a_prefix_and_other_seeds_differ(corpus_module: ModuleType,
                                                                 corpus: list[Path],
                                                                 tmp_path: Path) -> None:
    prefix = corpus_module.write_corpus(30, tmp_path / "prefix", seed=7)
    assert contents(prefix) == contents(corpus[:30])
    other = corpus_module.write_corpus(30, tmp_path / "other", seed=8)
    assert not set(contents(other).values()) & set(contents(corpus).values())


def test_corpus_articles_are_read_by_the_real_reader(corpus: list[Path]) -> None:
    articles = [read_article(p) for p in corpus]
    with_front_matter = [a for a in articles if a.front_matter]
    assert 0.4 < len(with_front_matter) / len(articles) < 0.8
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", a.front_matter["date"])
               for a in with_front_matter)


@pytest.mark.parametrize("pattern", [
    r"^[A-Z][A-Z .'-]+, [A-Z][a-z]+ \d+ \([^)]+\) -- ",            # wire dateline
    r"^By [A-Z]\w+ [A-Z]\w+$",                                       # byline
    r"^Source: ",                                                    # press-release source
    r"^[A-Z][\w. ]+: What do you say",                               # interview question turn
    r"[\"\u201d] said [A-Z]",                                        # "...," said X
    r" said: [\"\u201c]",                                            # X said: "..."
    r" noted that ",                                                 # indirect speech
    r"^According to |\. According to ",                              # according to X, ...
    r"\$ \d+\.\d (?:billion|million)",                               # money
    r"\d+\.\d(?:%| percent)",                                        # percentages
    r"(?:about|more than|More than) \d+",                            # qualified counts
    r"increased by \d+%",                                            # changes
    r"will be held in [A-Z][\w' -]+ on [A-Z][a-z]+ \d+-\d+, \d{4}",  # dated events
    r"In \d{4}, [A-Z][\w ]+ and [A-Z][\w ]+ became members",         # memberships
    r"\u201c",                                                       # typographic quotes
])
def test_corpus_covers_each_house_style_and_template(corpus: list[Path], pattern: str) -> None:
    text = "\n".join(p.read_text("utf-8") for p in corpus)
    assert re.search(pattern, text, re.MULTILINE), pattern


def test_corpus_draws_on_invented_names_beyond_the_pool(corpus_module: ModuleType,
                                                       corpus: list[Path]) -> None:
    pool = corpus_module.load_pool()
    pooled = {e["name"] for entries in pool.values() for e in entries}
    text = "\n".join(p.read_text("utf-8") for p in corpus)
    invented = set(re.findall(r"(?:Institute|Centre|Forum|Council) (?:for|on|of) [A-Z][\w ]+",
                              text))
    assert len(invented) > 10
    assert len({n for n in pooled if n in text}) > 40


def test_corpus_module_spells_no_real_name(corpus_module: ModuleType, repo_root: Path) -> None:
    source = (repo_root / "bench" / "corpus.py").read_text("utf-8")
    pool = corpus_module.load_pool()
    names = {e["name"] for kind in ("state", "city", "person") for e in pool[kind]}
    assert not [n for n in names if re.search(rf"\b{re.escape(n)}\b", source)]
