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
