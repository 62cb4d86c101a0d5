"""The vendored editor is the npm release it claims to be, and no page names another host."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

VENDOR = "zazuko-yasqe-4.6.2"


def test_vendor_files_match_the_recorded_sha256() -> None:
    folder = resources.files("sco_kg.server.web") / "static" / "vendor"
    readme = (folder / "README.md").read_text("utf-8")
    recorded = dict(re.findall(r"`(" + VENDOR + r"/[^`]+)` \| `([0-9a-f]{64})`", readme))
    assert set(recorded) == {f"{VENDOR}/yasqe.min.js", f"{VENDOR}/yasqe.min.css"}
    for name, digest in recorded.items():
        data = (folder / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
    assert "MIT" in (folder / VENDOR / "LICENSE").read_text("utf-8")


def test_vendor_ui_templates_and_scripts_load_nothing_from_another_host() -> None:
    server = resources.files("sco_kg.server.web")
    texts = [f.read_text("utf-8") for f in (server / "templates" / "ui").iterdir()]
    texts += [(server / "static" / "ui" / name).read_text("utf-8")
              for name in ("query.js", "ui.css")]
    for text in texts:
        assert not re.search(r"(src|href)=\"(https?:)?//", text)
        assert "@import" not in text and "url(" not in text
