"""Which engine answers: the current one, swapped for a new one when the store is rebuilt.

A server over a store folder keeps serving while ``sco-kg build`` or ``sco-kg link`` writes a new
version of it. ``StoreWatcher`` notices the new manifest (a ``stat`` every ``reload_check_s``,
and the version read from the manifest only when the file changed), opens the new store
read-only, makes a whole new ``Engine`` over it (query workers forked from the new data, an
empty answer cache keyed by the new version) and hands it to ``Generations``, which swaps it in
atomically. Each request takes the engine that is current when it first reads and keeps it to
its end (``acquire`` / ``release``), so no request sees a mix of two versions; the old engine
is closed (its workers stopped) when its last request ends.

A reload that fails (a damaged or half-copied folder) leaves the old engine serving and logs one
line; the same manifest is not tried again until it changes.

Memory: the new workers are forked while the old store is still in the server's memory, so the
old store's pages stay mapped in the new zygote and its workers (shared among them) until the
next reload; a reload costs up to one more copy of the store, not one per reload. A store
served from its on-disk index holds no dataset in the server: a reload costs a new set of
workers, each opening the new folder's index (named after its version, so a worker of the old
engine never reads the new data by mistake).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from ...graph.errors import SCOKGError
from ...graph.store.oxigraph import MANIFEST, folder_version
from .engine import Engine

log = logging.getLogger("sco_kg.server")


class Generations:
    """The current engine, and the retired ones still finishing requests."""

    def __init__(self, engine: Engine) -> None:
        self._current = engine
        self._users: dict[int, int] = {}  # id(engine) -> requests holding it
        self._retired: dict[int, Engine] = {}
        self._lock = threading.Lock()
        self._closed = False

    @property
    def current(self) -> Engine:
        return self._current

    def acquire(self) -> Engine:
        """The current engine, held for the caller until ``release``."""
        with self._lock:
            engine = self._current
            self._users[id(engine)] = self._users.get(id(engine), 0) + 1
            return engine

    def release(self, engine: Engine) -> None:
        """The caller is done with ``engine``; a retired engine no one holds is closed."""
        with self._lock:
            left = self._users.get(id(engine), 0) - 1
            if left > 0:
                self._users[id(engine)] = left
                return
            self._users.pop(id(engine), None)
            done = self._retired.pop(id(engine), None)
        if done is not None:
            done.close()

    def swap(self, engine: Engine) -> None:
        """Make ``engine`` current; the old one closes once no request holds it."""
        with self._lock:
            if self._closed:
                idle: Engine | None = engine
            else:
                old, self._current = self._current, engine
                idle = None
                if self._users.get(id(old), 0) > 0:
                    self._retired[id(old)] = old
                else:
                    idle = old
        if idle is not None:
            idle.close()

    def close(self) -> None:
        """Close every engine, current and retired."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            engines = [self._current, *self._retired.values()]
            self._retired.clear()
        for engine in engines:
            engine.close()


class StoreWatcher:
    """Reloads the store folder at ``path`` when its manifest names a new version.

    ``open_engine`` makes an engine over the folder (opened read-only); ``check`` runs once,
    ``start`` runs it every ``every_s`` seconds in a daemon thread until ``stop``.
    """

    def __init__(self, path: Path, generations: Generations,
                 open_engine: Callable[[], Engine], *, every_s: float) -> None:
        self.path = path
        self.every_s = every_s
        self.reloads = 0
        self._generations = generations
        self._open_engine = open_engine
        self._manifest = path / MANIFEST
        self._seen = _signature(self._manifest)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="store-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=30)

    def check(self) -> bool:
        """Swap in the folder's new version if there is one; True when it did."""
        signature = _signature(self._manifest)
        if signature is None or signature == self._seen:
            return False  # unchanged, or between the two renames of a build's swap
        try:
            version = folder_version(self.path)
        except SCOKGError:
            return False  # a manifest being replaced: look again next time
        self._seen = signature
        if version == self._generations.current.version:
            return False  # rewritten with the same graphs (a build that changed nothing)
        try:
            engine = self._open_engine()
        except (SCOKGError, OSError, ValueError) as exc:
            log.error("store %s changed but could not be loaded; still serving version %s: %s",
                      self.path, self._generations.current.version, exc)
            return False
        if self._stop.is_set():
            engine.close()
            return False
        old = self._generations.current.version
        self._generations.swap(engine)
        self.reloads += 1
        log.info("store %s reloaded: version %s -> %s (%d quads)", self.path, old,
                 engine.version, engine.quad_count)
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.check()
            except Exception:  # noqa: BLE001 - the watcher must outlive any one bad check
                log.exception("store watcher: unexpected error; still serving the old version")


def _signature(manifest: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(manifest)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


__all__ = ["Generations", "StoreWatcher"]
