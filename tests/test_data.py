"""The tests are self-contained: what they read from elsewhere is vendored in tests/data/."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"


def test_data_no_test_reads_beside_the_clone() -> None:
    outside = re.compile(r"""/ *["']shared["']|["']\.\./shared\b""")
    for path in sorted(TESTS.rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            assert not outside.search(line), f"{path.relative_to(TESTS)}:{number}: {line.strip()}"


def test_data_every_vendored_folder_names_its_source_and_licence() -> None:
    readme = (DATA / "README.md").read_text("utf-8")
    folders = sorted(p.name for p in DATA.iterdir() if p.is_dir())
    assert folders == ["articles", "axe-core", "w3c-sparql-syntax", "w3c-sparql11-protocol",
                       "wikidata"]
    for name in folders:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}/`"))
        assert any(source in row for source in (
            "github.com", "Wikidata", "npm registry", "written for this project")), name
        assert re.search(r"licen[cs]|CC0", row, re.I), name
    assert (DATA / "w3c-sparql11-protocol" / "LICENSE.md").is_file()
    assert (DATA / "w3c-sparql-syntax" / "LICENSE.md").is_file()
    assert sorted(p.name for p in (DATA / "w3c-sparql11-protocol").iterdir()) == [
        "LICENSE.md", "data1.nt", "data2.nt", "data3.nt", "manifest.ttl"]
    assert sorted(p.name for p in (DATA / "axe-core").iterdir()) == [
        "LICENSE", "LICENSE-3RD-PARTY.txt", "README.md", "axe.min.js"]
