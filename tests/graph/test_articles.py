from __future__ import annotations

from pathlib import Path

import pytest

from sco_kg.graph.articles.reading import read_article
from sco_kg.graph.errors import ArticleError


def write(tmp_path: Path, body: bytes, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


def test_articles_front_matter_is_read_and_offsets_count_it(tmp_path: Path) -> None:
    text = "---\ntitle: Summit ends\ndate: 2025-09-01\n---\nLeaders met in Tianjin.\n"
    article = read_article(write(tmp_path, text.encode()))
    assert article.front_matter == {"title": "Summit ends", "date": "2025-09-01"}
    assert article.text == text
    assert article.text[article.body_start:].startswith("Leaders met")


def test_articles_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    import hashlib

    body = "Ministers met in Bishkek – “a new chapter”.\n".encode()
    assert read_article(write(tmp_path, body)).sha256 == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize(
    "body, line, column, words",
    [
        (b"first line\nsecond \xff line\n", 2, 8, "not valid UTF-8"),
        (b"---\ntitle: [unclosed\n---\nText.\n", 3, 1, "not valid YAML"),
        (b"---\ntitle: A\nsummary: B\n---\nText.\n", 3, 1, "unknown front matter key"),
        (b"---\ntitle: A\nText without a closing fence.\n", 1, 1, "never closed"),
        (b"   \n\n", 1, 1, "empty article"),
    ],
)
def test_articles_bad_input_reports_file_line_and_column(
    tmp_path: Path, body: bytes, line: int, column: int, words: str
) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), line, column)
    assert words in str(error)
    assert str(error).startswith(f"{path}:{line}:{column}: ")


def test_articles_are_the_txt_files_of_the_folder_in_name_order(tmp_path: Path) -> None:
    """A folder named like an article, a hidden ``.txt``, other suffixes and a link to a file
    behave as ``Path.suffix`` and ``Path.is_file`` say (the listing does without a stat a file)."""
    from sco_kg.graph.articles.reading import iter_article_paths

    for name in ("b.txt", "a.txt", "C.txt", ".txt", "notes.md", "x.txt.bak", "10.txt"):
        write(tmp_path, b"An article.\n", name)
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "linked.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    expected = sorted(p for p in tmp_path.iterdir() if p.suffix == ".txt" and p.is_file())
    listed = list(iter_article_paths(tmp_path))
    assert listed == expected
    assert [p.name for p in listed] == ["10.txt", "C.txt", "a.txt", "b.txt", "linked.txt"]
