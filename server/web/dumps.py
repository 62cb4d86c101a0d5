"""Downloads of the whole dataset, per-graph reads (SPARQL 1.1 Graph Store Protocol) and the
dataset's VoID/DCAT description.

A dump is written once per store version into a cache folder (``<store>.dumps/<version>/``
next to an on-disk store, else a temporary folder owned by the app) and then streamed from
that file, so no request holds a whole serialisation in memory and concurrent requests for
the same dump write it only once. Every response carries an ETag made of the store version
and the file name, and a Last-Modified of the store, so clients revalidate with a 304.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, send_file, url_for

from ...graph.rdf import vocab
from ..engine.engine import Engine
from ..engine.jsonld import default_context, json_ld_10, write_jsonld
from ..engine.negotiation import RDF_FORMATS, Format, NotAcceptable, choose
from .errors import ServerError
from .links import add_links, link
from .state import current_engine, current_reader

bp = Blueprint("dumps", __name__, template_folder="templates")

CHUNK = 64 * 1024
EXTENSION = "sco_kg_dumps"


@dataclass(frozen=True)
class DumpFormat:
    """One downloadable serialisation of the whole dataset."""

    ext: str
    media_type: str
    title: str
    datasets: bool  # keeps the named graphs (else the union of all graphs)


JSONLD_10 = "1.0.jsonld"  # sco-kg.1.0.jsonld: what JSON-LD 1.0 processors accept
DUMPS: tuple[DumpFormat, ...] = (
    DumpFormat("ttl", "text/turtle", "Turtle (union of all graphs)", False),
    DumpFormat("nt", "application/n-triples", "N-Triples (union of all graphs)", False),
    DumpFormat("trig", "application/trig", "TriG (named graphs)", True),
    DumpFormat("nq", "application/n-quads", "N-Quads (graphs in IRI order, each sorted)", True),
    DumpFormat("jsonld", "application/ld+json", "JSON-LD 1.1 (named graphs, short keys)", True),
    DumpFormat(JSONLD_10, "application/ld+json",
               "JSON-LD 1.0 (the same document, its context without @version)", True),
)
_BY_EXT = {d.ext: d for d in DUMPS}
DUMP_STEM = "sco-kg"

# negotiation's RDF format names -> the store's dump format names.
STORE_FORMAT: dict[str, str] = {"turtle": "ttl", "ntriples": "nt", "rdfxml": "rdf",
                                "jsonld": "jsonld", "trig": "trig", "nquads": "nq"}


class DumpCache:
    """Files written once per (store version, name), then served from disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._seen: dict[str, dt.datetime] = {}

    def file(self, version: str, name: str, write: Callable[[BinaryIO], None]) -> Path:
        """The cached file, written first through ``write`` if it is not there yet."""
        folder = self.root / version
        path = folder / name
        if path.exists():
            return path
        with self._lock:
            lock = self._locks.setdefault(f"{version}/{name}", threading.Lock())
        with lock:
            if not path.exists():
                folder.mkdir(parents=True, exist_ok=True)
                self._prune(keep=version)
                try:
                    self._write(path, write)
                except FileNotFoundError:
                    # A request still on the previous version (the server swapped in a new
                    # build meanwhile) whose folder a dump of the new version just pruned.
                    folder.mkdir(parents=True, exist_ok=True)
                    self._write(path, write)
        return path

    @staticmethod
    def _write(path: Path, write: Callable[[BinaryIO], None]) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
        try:
            with open(tmp, "wb") as handle:
                write(handle)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    def modified(self, version: str) -> dt.datetime:
        """When this version was first seen (the Last-Modified of what it serves)."""
        with self._lock:
            return self._seen.setdefault(
                version, dt.datetime.now(dt.UTC).replace(microsecond=0))

    def _prune(self, keep: str) -> None:
        for old in self.root.iterdir():
            if old.is_dir() and old.name != keep:
                shutil.rmtree(old, ignore_errors=True)


def _cache() -> DumpCache:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.get(EXTENSION)
    if cache is None:
        with _CACHE_LOCK:
            cache = app.extensions.get(EXTENSION)
            if cache is None:
                cache = _new_cache(current_engine())
                app.extensions[EXTENSION] = cache
    return cache


_CACHE_LOCK = threading.Lock()


def _new_cache(engine: Engine) -> DumpCache:
    path = engine.path
    if path is not None:
        root = path.with_name(path.name + ".dumps")
        try:
            root.mkdir(parents=True, exist_ok=True)
            if os.access(root, os.W_OK):
                return DumpCache(root)
        except OSError:
            pass
    root = Path(tempfile.mkdtemp(prefix="sco-kg-dumps-"))
    cache = DumpCache(root)
    # Removed with the cache (its app) or at exit; TemporaryDirectory would warn doing this.
    weakref.finalize(cache, shutil.rmtree, root, True)
    return cache




def last_modified(engine: Engine) -> dt.datetime:
    """The Last-Modified of everything served from this store version: when its build wrote
    the manifest (else when this server first saw the version)."""
    path = engine.path
    manifest = path / "manifest.json" if path is not None else None
    if manifest is not None and manifest.exists():
        stamp = dt.datetime.fromtimestamp(int(manifest.stat().st_mtime), dt.UTC)
        return stamp
    return _cache().modified(engine.version)


def _send(path: Path, media_type: str, engine: Engine, *, download: bool = False) -> Response:
    response = send_file(path, mimetype=media_type, conditional=True,
                         etag=f"{engine.version}-{path.name}",
                         last_modified=last_modified(engine),
                         as_attachment=download, download_name=path.name)
    response.headers["Cache-Control"] = "public, no-cache"
    response.vary.add("Accept")
    return response


# -- writers ---------------------------------------------------------------------------------


def context_document() -> dict:
    """The published JSON-LD context: ``ontology/context.jsonld``, or our prefixes."""
    entry = resources.files("sco_kg.ontology").joinpath("context.jsonld")
    if entry.is_file():
        document = json.loads(entry.read_text("utf-8"))
        if isinstance(document.get("@context"), dict):
            return document
    return {"@context": default_context()}


def _write_dump(engine: Engine, fmt: DumpFormat) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        if fmt.ext in {"jsonld", JSONLD_10}:
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
            graphs = ((g, engine.quads(g)) for g in engine.graphs)
            context = context_document()["@context"]
            write_jsonld(graphs, json_ld_10(context) if fmt.ext == JSONLD_10 else context, text)
            text.flush()
            text.detach()
        else:
            engine.dump(fmt.ext, handle)
    return write


def _gzip_of(plain: Path) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        with open(plain, "rb") as source, \
                gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as packed:
            shutil.copyfileobj(source, packed, CHUNK)
    return write


def dump_file(engine: Engine, name: str) -> tuple[Path, str] | None:
    """The cached file for ``sco-kg.<ext>[.gz]`` and its media type, or None if no such dump."""
    stem, _, ext = name.removesuffix(".gz").partition(".")  # "sco-kg", "1.0.jsonld"
    fmt = _BY_EXT.get(ext)
    if stem != DUMP_STEM or fmt is None:
        return None
    cache = _cache()
    plain = cache.file(engine.version, f"{DUMP_STEM}.{ext}", _write_dump(engine, fmt))
    if not name.endswith(".gz"):
        return plain, fmt.media_type
    return cache.file(engine.version, f"{DUMP_STEM}.{ext}.gz", _gzip_of(plain)), \
        "application/gzip"


def _graph_writer(engine: Engine, graph: str | None, fmt: str) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        if graph is not None:
            engine.dump(fmt, handle, graph=graph)
        elif fmt in {"ttl", "nt", "rdf"}:
            engine.dump(fmt, handle)  # the union, as triples
        else:
            # The union in a dataset format: streamed through a temporary N-Triples file,
            # never held in memory (13 GB at 50,000 articles).
            with tempfile.TemporaryDirectory(prefix="sco-kg-union-") as scratch:
                triples = Path(scratch) / "union.nt"
                with open(triples, "wb") as union:
                    engine.dump("nt", union)
                rdf_format = {"jsonld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG,
                              "nq": ox.RdfFormat.N_QUADS}[fmt]
                ox.serialize(ox.parse(path=str(triples), format=ox.RdfFormat.N_TRIPLES),
                             handle, rdf_format)
    return write


# -- views -----------------------------------------------------------------------------------


@bp.get("/dumps/")
def index() -> Response | str:
    """The list of downloads (HTML for browsers, JSON for programs)."""
    items = [{"name": f"{DUMP_STEM}.{d.ext}{gz}", "title": d.title + (", gzip" if gz else ""),
              "media_type": "application/gzip" if gz else d.media_type,
              "url": url_for("dumps.download", name=f"{DUMP_STEM}.{d.ext}{gz}", _external=True)}
             for d in DUMPS for gz in ("", ".gz")]
    if _prefers_json():
        return Response(json.dumps({"dumps": items, "context": url_for("dumps.context",
                                                                        _external=True)},
                                   indent=1), mimetype="application/json")
    engine = current_engine()
    return render_template("dumps.html", items=items, graphs=list(engine.graphs),
                           quads=engine.quad_count, version=engine.version)


@bp.get("/dumps/<name>")
def download(name: str) -> Response:
    """One dump, streamed from its cached file."""
    engine = current_engine()
    found = dump_file(engine, name)
    if found is None:
        raise ServerError(404, f"no dump named {name!r}; see /dumps/")
    path, media_type = found
    return _send(path, media_type, engine)


@bp.route("/rdf-graph-store", methods=["GET", "HEAD"])
def graph_store() -> Response:
    """SPARQL 1.1 Graph Store Protocol, read-only: ``?graph=IRI`` or ``?default``, and
    ``format=`` (a suffix: ``ttl``, ``nt``, ``rdf``, ``jsonld``, ``trig``, ``nq``) to name
    the format where ``Accept`` cannot (the links a graph's IRI redirects to)."""
    engine = current_engine()
    graph = request.args.get("graph")
    if (graph is None) == ("default" not in request.args) \
            or len(set(request.args) - {"format"}) != 1:
        raise ServerError(400, "give exactly one of ?graph=IRI or ?default")
    if graph is not None and graph not in set(engine.graphs):
        raise ServerError(404, f"no graph {graph}")
    negotiated = _negotiate(request.args.get("format"))
    fmt = STORE_FORMAT[negotiated.name]
    key = hashlib.sha256((graph or "").encode()).hexdigest()[:16] if graph else "default"
    path = _cache().file(engine.version, f"graph-{key}.{fmt}",
                         _graph_writer(engine, graph, fmt))
    response = _send(path, negotiated.media_type, engine)
    which = f"graph={quote(graph, safe='')}" if graph is not None else "default"
    here = url_for("dumps.graph_store")
    return add_links(response, (link(f"{here}?{which}&format={f.aliases[0]}", "alternate",
                                     f.media_type) for f in RDF_FORMATS if f is not negotiated))


@bp.get("/ns/context.jsonld")
def context() -> Response:
    """The JSON-LD context of the dumps and entity pages."""
    body = json.dumps(context_document(), indent=1, ensure_ascii=False, sort_keys=True)
    response = Response(body, mimetype="application/ld+json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/.well-known/void")
def void() -> Response:
    """The VoID + DCAT description of the dataset, in the RDF syntax asked for."""
    from .void import describe

    engine = current_engine()
    fmt = _negotiate(request.args.get("format"))
    triples = describe(engine, current_reader(), base=request.host_url, dumps=DUMPS,
                       dump_stem=DUMP_STEM, modified=last_modified(engine))
    buffer = io.BytesIO()
    ox.serialize(triples, buffer, fmt.rdf_format, prefixes=_void_prefixes(fmt.name))
    response = Response(buffer.getvalue(), content_type=fmt.content_type)
    response.vary.add("Accept")
    response.set_etag(f"{engine.version}-void-{fmt.name}")
    response.last_modified = last_modified(engine)
    response.make_conditional(request)
    return add_links(response, (link(url_for("dumps.void", format=f.aliases[0]), "alternate",
                                     f.media_type) for f in RDF_FORMATS[:4] if f is not fmt))


def _void_prefixes(name: str) -> dict[str, str] | None:
    if name not in {"turtle", "trig"}:
        return None
    return {**vocab.PREFIXES, "void": vocab.VOID, "dcat": vocab.DCAT, "sd": vocab.SD}


# -- request helpers -------------------------------------------------------------------------


def _prefers_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _negotiate(override: str | None = None) -> Format:
    """The RDF format the request asks for (Turtle by default).

    Raises:
        ServerError: 406 when the client accepts none of them.
    """
    try:
        return choose(RDF_FORMATS, request.headers.get("Accept"), override)
    except NotAcceptable as exc:
        raise ServerError(406, str(exc)) from None
