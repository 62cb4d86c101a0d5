"""Log lines cannot be forged; absolute URLs never come from the Host header (issue 13, item 8)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
import requests
from servers import live_app

from sco_kg.server.web.logs import PublicURL, PublicURLError, printable
from sco_kg.server.web.ops import RequestIdFilter

FORGED = "/x%0a2026-01-01 INFO [-] GET /admin 200%0d%e2%80%a8"


def test_logs_issue_13_newline_in_path_stays_on_one_line(
        live_server: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="sco_kg.server"):
        requests.get(live_server + FORGED, timeout=10)
    ours = [r.getMessage() for r in caplog.records if r.name == "sco_kg.server"]
    access = [m for m in ours if "/admin" in m]
    assert access, ours
    assert all("\n" not in m and "\r" not in m and "\u2028" not in m for m in ours)
    assert "\\n2026-01-01" in access[0] and "\\r" in access[0] and "\\u2028" in access[0]


def test_logs_request_id_filter_escapes_any_record() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("[%(request_id)s] %(message)s"))
    logger = logging.getLogger("sco_kg.test-logs")
    logger.addHandler(handler)
    try:
        logger.warning("client sent %s", "a\r\nFAKE line\x1b[31m")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == "[-] client sent a\\r\\nFAKE line\\x1b[31m\n"


@pytest.mark.parametrize("value, expected", [
    ("plain /path", "plain /path"), ("a\nb", "a\\nb"), ("tab\there", "tab\\there"),
    ("\u2029", "\\u2029"), ("é ü", "é ü"),
])
def test_logs_printable(value: str, expected: str) -> None:
    assert printable(value) == expected


def test_public_url_default_is_the_bound_address_not_the_host_header(live_server: str) -> None:
    response = requests.get(live_server + "/queries", timeout=10,
                            headers={"Host": "evil.example", "Accept": "application/json"})
    urls = [q["url"] for q in response.json()["queries"]]
    assert urls and all(u.startswith(live_server + "/queries/") for u in urls)
    assert "evil.example" not in response.text
    description = requests.get(live_server + "/sparql", timeout=10,
                               headers={"Host": "evil.example", "Accept": "text/turtle"})
    assert "evil.example" not in description.text
    assert f"<{live_server}/sparql>" in description.text


def test_public_url_setting_gives_every_absolute_url(small_store: Path) -> None:
    public = "https://kg.example.org/base"
    with live_app(small_store, public_url=public, workers=0) as url:
        listing = requests.get(url + "/queries", timeout=10,
                               headers={"Host": "evil.example", "Accept": "application/json"})
        description = requests.get(url + "/sparql", timeout=10,
                                   headers={"Accept": "text/turtle"})
    urls = [q["url"] for q in listing.json()["queries"]]
    assert urls and all(u.startswith(public + "/queries/") for u in urls)
    assert f"<{public}/sparql>" in description.text


@pytest.mark.parametrize("bad", ["kg.example.org", "ftp://kg.example.org", "https://x/?a=1"])
def test_public_url_must_be_absolute_http(bad: str) -> None:
    with pytest.raises(PublicURLError):
        PublicURL(lambda environ, start: [], bad)
