"""The wheel carries everything the installed package reads (issue 14, item 6).

A fast check from pyproject.toml alone: every folder of Python modules is a listed package, and
every data file beside the modules (templates, static files, canned queries, ontology, lexicon
and its schema) is matched by that package's ``package-data`` globs. ``.ci/wheel-check`` then
builds the real wheel, installs it outside the tree and serves the seeds through it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def package_folders() -> dict[str, Path]:
    """Every listed package -> its folder in the checkout."""
    roots = {name: REPO / folder for name, folder in CONFIG["package-dir"].items()}
    folders = {}
    for package in CONFIG["packages"]:
        root = max((r for r in roots if package == r or package.startswith(r + ".")), key=len)
        folders[package] = roots[root].joinpath(*package[len(root):].split(".")[1:])
    return folders


def test_packaging_every_module_folder_is_a_listed_package() -> None:
    listed = set(package_folders().values())
    for root in {REPO / folder for folder in CONFIG["package-dir"].values()}:
        for module in root.rglob("*.py"):
            assert module.parent in listed, f"{module.parent} is not in [tool.setuptools] packages"


def test_packaging_every_data_file_is_package_data() -> None:
    folders = package_folders()
    owned = set(folders.values())
    for package, folder in folders.items():
        shipped = {p for pattern in CONFIG["package-data"].get(package, [])
                   for p in folder.glob(pattern) if p.is_file()}
        for path in folder.rglob("*"):
            if (not path.is_file() or path.suffix in (".py", ".pyc")
                    or "__pycache__" in path.parts):
                continue
            if any(p in owned for p in path.parents if folder in p.parents):
                continue  # a subpackage's file: checked with that package
            assert path in shipped, f"{path.relative_to(REPO)} is not in {package}'s package-data"
