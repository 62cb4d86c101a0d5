"""Killable query workers: a hard time limit that really stops the work.

pyoxigraph cannot cancel a running query from another thread, so queries run in worker
processes that can be killed. Process tree::

    server (waitress threads)
      └─ zygote: forked right after the store is loaded; single-threaded; never queries
           ├─ worker 1   forked from the zygote, so the store's pages are shared
           └─ worker N   copy-on-write and a new worker is ready in milliseconds

A store served from its on-disk index (``opens_per_process``) is not in memory: neither the
server nor the zygote opens it (RocksDB starts threads, and a fork copies only the calling
one), and each worker opens its own read-only handle as it starts (a few milliseconds).

Workers are also replaced when they grow: pyoxigraph writes to the pages of the store it reads,
so copy-on-write slowly turns each worker into a private copy of the whole store (measured:
+200-350 MB per worker after three heavy queries on 1.7 M quads). A monitor thread reads each
worker's private memory every few seconds (``/proc/PID/smaps_rollup``, ~15 ms per worker, off
the request path); a worker past ``memory_mb`` is swapped for a fresh fork after its query.

A request takes an idle worker, sends a ``Job`` (the query text and the negotiated formats)
and receives an ``Answer`` (already serialised bytes) over a socket pair. On timeout the
server kills that worker and asks the zygote for a fresh one; the other workers, and the
server, carry on. Forking from the zygote rather than from the server matters: the server is
multi-threaded, and a fork of a multi-threaded process may inherit locks held by other threads.

Two lanes share the workers (issue 13): a user's SPARQL query (``lane="user"``, up to
``query_timeout_s``) runs only in the ``workers - reserved_page_workers`` workers of the user
lane, and the service's own page reads (``lane="page"``, milliseconds each) take a page-lane
worker or any idle one. So a few clients sending queries that run to the time limit leave the
reserved workers to entity pages, search and the rest, which never queue behind them. The
user lane's workers run at niceness ``USER_NICE``: on a small machine two long queries would
otherwise take every core from the server and the page workers (measured: cheap requests fell
to 27 % of their throughput alone on 2 cores; bench/README.md).

A supervisor thread checks the zygote twice a second: a dead zygote (its workers die with it)
is forked again from the server, and the workers it had are replaced (a request never gets one
of them), so service comes back within a second instead of every query answering "busy" for
good. That fork is from the threaded server; the child runs only the zygote's loop and the
store's code, which take none of the server's locks.

With ``sandbox`` on, the zygote moves into a new user and network namespace before forking
any worker, so workers have no network at all (only a loopback interface that is down): even a
query that got past ``guard.py`` could not open a connection. Both also die with their parent
(``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import ctypes
import logging
import os
import pickle
import queue
import resource
import signal
import socket
import struct
import sys
import threading
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ...graph.errors import SCOKGError
from ...graph.store import Store
from .errors import Busy, QueryOutOfMemory, QueryTimeout, WorkerFailed
from .evaluation import Answer, Job, Limits, evaluate

log = logging.getLogger("sco_kg.server")

_HEADER = struct.Struct("!Q")
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
_PR_SET_PDEATHSIG = 1
USER_NICE = 10  # niceness of the workers of the user lane (the server's is 0)


class Executor(Protocol):
    """Runs a ``Job`` within the limits; the flag says whether its text passed the guard."""

    workers: int
    sandboxed: bool

    def run(self, job: Job, *, timeout: float, queue_timeout: float,
            lane: str = "page") -> tuple[Answer, bool]:
        ...

    def close(self) -> None:
        ...


class InlineExecutor:
    """Runs queries in the calling thread: no hard time limit (``workers = 0``; scripts, CLI).

    The row and byte caps still apply: they are enforced while the answer is written.
    """

    sandboxed = False
    workers = 0

    def __init__(self, store: Store, limits: Limits) -> None:
        self._store, self._limits = store, limits

    def run(self, job: Job, *, timeout: float, queue_timeout: float,
            lane: str = "page") -> tuple[Answer, bool]:
        return evaluate(self._store, job, self._limits), True

    def close(self) -> None:
        pass


@dataclass
class _Worker:
    pid: int
    sock: socket.socket
    zygote: int  # the zygote that forked it: it dies with that zygote
    lane: str = "page"  # whose queries it waits for: "user" or "page" (see run)


class ProcessExecutor:
    """A pool of forked worker processes holding the store (see the module docstring)."""

    def __init__(self, store: Store, limits: Limits, *, workers: int, sandbox: bool,
                 memory_mb: int = 0, check_every_s: float = 5.0,
                 supervise_every_s: float = 0.5, query_memory_mb: int = 0,
                 reserved_page_workers: int = 0) -> None:
        self.workers = workers
        # Lanes: user queries hold at most this many workers at once; the rest are kept for
        # the service's own page reads, which may use any idle worker.
        self.user_workers = max(1, workers - max(0, reserved_page_workers))
        self.query_memory_mb = query_memory_mb
        self.recycled = 0  # workers replaced for their memory (for tests and logs)
        self.zygote_restarts = 0
        self._store, self._limits, self._sandbox = store, limits, sandbox
        self._zygote_lock = threading.Lock()
        self._start_zygote()
        # idle workers of each lane: "user" ones run users' queries at a lower CPU priority
        self._idle: dict[str, queue.Queue[_Worker]] = {"user": queue.Queue(),
                                                       "page": queue.Queue()}
        self._closed = False
        self._live: dict[int, int] = {}  # pid of each current worker -> its zygote's
        self._retire: set[int] = set()  # pids past the memory limit
        for n in range(workers):
            lane = "user" if n < self.user_workers else "page"
            self._idle[lane].put(self._spawn(lane))
        if memory_mb > 0:
            threading.Thread(target=self._watch_memory, args=(memory_mb, check_every_s),
                             name="worker-memory", daemon=True).start()
        threading.Thread(target=self._supervise, args=(supervise_every_s,),
                         name="zygote-supervisor", daemon=True).start()

    @property
    def workers_alive(self) -> int:
        """Workers forked by the live zygote whose process exists now (``/healthz``)."""
        if not self.zygote_alive:
            return 0  # its workers are dying with it; the supervisor forks new ones
        return sum(1 for pid, zygote in list(self._live.items())
                   if zygote == self._zygote_pid and _exists(pid))

    @property
    def zygote_alive(self) -> bool:
        """Whether the zygote runs (a zombie, dead but not yet reaped, does not)."""
        try:
            stat = Path(f"/proc/{self._zygote_pid}/stat").read_text()
        except OSError:
            return False
        return stat.rsplit(")", 1)[1].split()[0] != "Z"

    def _start_zygote(self) -> None:
        """Fork the zygote (at start, and again if it dies: ``_supervise``)."""
        parent_end, child_end = socket.socketpair()
        with warnings.catch_warnings():
            # Python >= 3.12 warns about fork() in a multi-threaded process. At start the
            # zygote is forked before waitress starts its threads; a zygote started again runs
            # only this module's code and the store's, which hold no lock of the server's.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the zygote
            parent_end.close()
            code = 0
            try:
                _zygote_main(child_end, self._store, self._limits, self._sandbox,
                             self.query_memory_mb)
            except BaseException:  # noqa: BLE001 - report and leave, never return to the server
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        child_end.close()
        self._zygote_pid, self._zygote = pid, parent_end
        self.sandboxed = self._zygote.recv(1) == b"1"

    def _reaped(self, pid: int) -> bool:
        """Whether ``pid`` (a child of this process) has exited; reaps it if so."""
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True
        return done == pid

    def _restart_zygote(self) -> None:
        """Replace a dead zygote (call with ``_zygote_lock`` held)."""
        log.error("the query zygote %d died; starting a new one", self._zygote_pid)
        self._zygote.close()
        self._start_zygote()
        self.zygote_restarts += 1

    def _supervise(self, every_s: float) -> None:
        """Restart a dead zygote within ``every_s`` and replace the idle workers that died
        with it (a worker dies with its parent: ``PR_SET_PDEATHSIG``)."""
        while not self._closed:
            threading.Event().wait(every_s)
            if self._closed:
                return
            with self._zygote_lock:
                if self._closed:
                    return
                if self._reaped(self._zygote_pid):
                    self._restart_zygote()
            for idle in self._idle.values():
                for _ in range(idle.qsize()):
                    try:
                        worker = idle.get_nowait()
                    except queue.Empty:
                        break
                    if worker.zygote == self._zygote_pid and _exists(worker.pid):
                        idle.put(worker)
                    else:
                        self._replace(worker)

    def run(self, job: Job, *, timeout: float, queue_timeout: float,
            lane: str = "page") -> tuple[Answer, bool]:
        """Answer ``job`` in a worker; the flag says whether the text passed the guard.

        ``lane``: ``"user"`` (a user's SPARQL) runs only in the ``user_workers`` workers of
        its lane, so long user queries can never take the workers kept for ``"page"`` reads
        (the service's own, bounded by ``page_timeout_s``), which may use any idle worker.

        Raises:
            QueryError: the worker's refusal (syntax, ``SERVICE``, no acceptable format...).
            QueryTimeout: the query ran past ``timeout``; its worker was killed.
            Busy: no worker (of the lane) was free within ``queue_timeout``.
            WorkerFailed: the worker died or hit a bug.
        """
        worker = self._take(lane, queue_timeout)
        if worker.zygote != self._zygote_pid or not _exists(worker.pid):
            # forked by a zygote that has died since: it is dying too, never give it a query
            self._live.pop(worker.pid, None)
            _kill(worker.pid)
            worker.sock.close()
            worker = self._spawn(worker.lane)
        try:
            worker.sock.settimeout(timeout)
            _send(worker.sock, job)
            reply = _receive(worker.sock, first_byte_timeout=timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(f"query stopped after the time limit of {timeout:g} s; "
                               "make it more selective or add a LIMIT") from None
        except (OSError, EOFError, pickle.UnpicklingError):
            died_of = self._death_signal(worker)
            self._replace(worker)
            if died_of == signal.SIGABRT and self.query_memory_mb > 0:
                log.info("query worker %d passed its memory limit of %d MB", worker.pid,
                         self.query_memory_mb)
                raise QueryOutOfMemory(
                    f"the query needed more than the {self.query_memory_mb} MB of memory a "
                    "query may use and was stopped; make it more selective (fewer rows to "
                    "sort or join) or add a LIMIT") from None
            log.error("query worker %d died", worker.pid)
            raise WorkerFailed("the query worker died (logged on the server)") from None
        if isinstance(reply, QueryOutOfMemory):
            self._replace(worker)  # it leaves after saying so
        elif worker.pid in self._retire:
            self.recycled += 1
            self._replace(worker)
        else:
            self._idle[worker.lane].put(worker)
        if isinstance(reply, Answer):
            return reply, True
        assert isinstance(reply, SCOKGError)
        raise reply

    def close(self) -> None:
        """Stop every worker and the zygote."""
        if self._closed:
            return
        self._closed = True
        for idle in self._idle.values():
            while True:
                try:
                    worker = idle.get_nowait()
                except queue.Empty:
                    break
                _kill(worker.pid)
                worker.sock.close()
        self._zygote.close()  # the zygote leaves on EOF; its workers die with it (PDEATHSIG)
        _kill(self._zygote_pid)
        try:
            os.waitpid(self._zygote_pid, 0)
        except ChildProcessError:
            pass

    def _death_signal(self, worker: _Worker) -> int | None:
        """The signal that ended ``worker`` (None: unknown, or it exited), asked of its zygote,
        which reaps it: a query past the memory limit ends in SIGABRT (the engine aborts when
        an allocation fails)."""
        if worker.zygote != self._zygote_pid:
            return None
        with self._zygote_lock:
            try:
                self._zygote.sendall(b"s" + _HEADER.pack(worker.pid))
                status = _HEADER.unpack(_recv_exactly(self._zygote, _HEADER.size))[0]
            except (OSError, EOFError):
                return None
        return status or None

    def _take(self, lane: str, queue_timeout: float) -> _Worker:
        """An idle worker for ``lane``: a user query waits for a user-lane worker; a page
        takes a page-lane worker, else any idle one, whichever frees first.

        Raises:
            Busy: none within ``queue_timeout``.
        """
        if lane == "user":
            try:
                return self._idle["user"].get(timeout=max(0.0, queue_timeout))
            except queue.Empty:
                raise Busy(f"all {self.user_workers} query workers for SPARQL queries are "
                           "busy; try again") from None
        deadline = time.monotonic() + max(0.0, queue_timeout)
        while True:
            for idle in (self._idle["page"], self._idle["user"]):
                try:
                    return idle.get_nowait()
                except queue.Empty:
                    pass
            left = deadline - time.monotonic()
            if left <= 0:
                raise Busy(f"all {self.workers} query workers are busy; try again")
            try:  # wake as soon as a page worker frees; look at the user lane every 20 ms
                return self._idle["page"].get(timeout=min(left, 0.02))
            except queue.Empty:
                pass

    def _spawn(self, lane: str) -> _Worker:
        with self._zygote_lock:
            for attempt in (1, 2):
                ours, theirs = socket.socketpair()
                try:
                    socket.send_fds(self._zygote, [b"w"], [theirs.fileno()])
                    raw = _recv_exactly(self._zygote, _HEADER.size)
                    break
                except (OSError, EOFError):
                    ours.close()
                    if attempt == 2 or self._closed:
                        raise
                    self._reaped(self._zygote_pid)
                    self._restart_zygote()  # the zygote died: a new one forks the worker
                finally:
                    theirs.close()
        worker = _Worker(_HEADER.unpack(raw)[0], ours, self._zygote_pid, lane)
        self._live[worker.pid] = worker.zygote
        if lane == "user":
            try:  # a user's long query yields the CPU to pages and to the server itself
                os.setpriority(os.PRIO_PROCESS, worker.pid, USER_NICE)
            except OSError as exc:
                log.debug("cannot lower the priority of query worker %d: %s", worker.pid, exc)
        return worker

    def _replace(self, worker: _Worker) -> None:
        _kill(worker.pid)
        worker.sock.close()
        self._live.pop(worker.pid, None)
        self._retire.discard(worker.pid)
        if not self._closed:
            self._idle[worker.lane].put(self._spawn(worker.lane))

    def _watch_memory(self, memory_mb: int, every_s: float) -> None:
        """Mark workers whose private memory passed ``memory_mb`` for replacement."""
        while not self._closed:
            for pid in list(self._live):
                if pid not in self._retire and private_mb(pid) > memory_mb:
                    log.info("query worker %d passed %d MB; replacing it after its query",
                             pid, memory_mb)
                    self._retire.add(pid)
            threading.Event().wait(every_s)


def private_mb(pid: int) -> float:
    """Memory of ``pid`` that no other process shares, in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            fields = dict(line.split(":", 1) for line in rollup if ":" in line)
    except OSError:
        return 0.0
    kb = sum(int(fields.get(k, "0 kB").split()[0]) for k in ("Private_Clean", "Private_Dirty"))
    return kb / 1024


# -- the processes ---------------------------------------------------------------------------


def _zygote_main(sock: socket.socket, store: Store, limits: Limits, sandbox: bool,
                 query_memory_mb: int = 0) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # workers are reaped here (not by the kernel), so the server can ask how one died
    ended: dict[int, int] = {}  # pid -> the signal that ended it (0: it exited)
    sandboxed = sandbox and _enter_network_sandbox()
    sock.sendall(b"1" if sandboxed else b"0")
    if not getattr(store, "opens_per_process", False):
        try:  # warm the parser (never an on-disk index here: see the module docstring)
            evaluate(store, Job("ASK {}", None, None, None, "json", None), limits)
        except SCOKGError:
            pass
    while True:
        message, fds, _, _ = socket.recv_fds(sock, 16, 1)
        if not message:
            return
        _reap(ended)
        if message[:1] == b"s":  # how did worker PID end?
            sock.sendall(_HEADER.pack(_ended(ended, _HEADER.unpack(message[1:9])[0])))
            continue
        pid = os.fork()
        if pid == 0:
            sock.close()
            _die_with_parent()
            code = 0
            try:
                _worker_main(socket.socket(fileno=fds[0]), store, limits, query_memory_mb)
            except BaseException:  # noqa: BLE001
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)
        sock.sendall(_HEADER.pack(pid))


def _reap(ended: dict[int, int]) -> None:
    """Collect the workers that ended (keeping the last few statuses for ``_ended``)."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        ended[pid] = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        while len(ended) > 256:
            del ended[next(iter(ended))]


def _ended(ended: dict[int, int], pid: int) -> int:
    """The signal that ended worker ``pid`` (0: exited or unknown); waits up to 1 s for it."""
    for _ in range(100):
        if pid in ended:
            return ended.pop(pid)
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return 0
        if done == pid:
            return os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        time.sleep(0.01)
    return 0


def _limit_memory(query_memory_mb: int) -> None:
    """Let this worker's address space grow by at most ``query_memory_mb`` beyond what it
    maps now (the store it shares with the zygote, an index handle): an allocation past it
    fails, and the engine aborts the worker, which the server reports as a 503."""
    if query_memory_mb <= 0:
        return
    with open("/proc/self/statm", encoding="ascii") as statm:
        mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = mapped + query_memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_main(sock: socket.socket, store: Store, limits: Limits,
                 query_memory_mb: int = 0) -> None:
    open_here = getattr(store, "open_here", None)  # an on-disk index: this worker's own handle
    if open_here is not None:
        try:
            open_here()
        except SCOKGError:
            pass  # reported by the first query, which tries again
    _limit_memory(query_memory_mb)
    while True:
        try:
            job = _receive(sock, first_byte_timeout=None)
        except EOFError:
            return
        assert isinstance(job, Job)
        reply: Answer | SCOKGError
        try:
            reply = evaluate(store, job, limits)
        except SCOKGError as exc:
            reply = exc
        except MemoryError:
            _send(sock, QueryOutOfMemory(
                f"the query needed more than the {query_memory_mb} MB of memory a query may "
                "use and was stopped; make it more selective or add a LIMIT"))
            os._exit(0)  # a fresh fork is cleaner than a heap that ran out
        except Exception:  # noqa: BLE001 - a bug must cost one answer, not the worker
            traceback.print_exc(file=sys.stderr)
            reply = WorkerFailed("internal error while running the query (logged)")
        _send(sock, reply)


def _enter_network_sandbox() -> bool:
    """Move this (single-threaded) process into new user + network namespaces."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
            log.warning("query workers are not sandboxed: unshare failed (%s)",
                        os.strerror(ctypes.get_errno()))
            return False
    except (OSError, AttributeError) as exc:
        log.warning("query workers are not sandboxed: %s", exc)
        return False
    return True


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# -- framing: 8-byte length, then a pickle (both ends are this same program) -----------------


def _send(sock: socket.socket, obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)) + data if len(data) < 65536 else _HEADER.pack(len(data)))
    if len(data) >= 65536:
        sock.sendall(data)


def _receive(sock: socket.socket, *, first_byte_timeout: float | None) -> object:
    sock.settimeout(first_byte_timeout)
    header = _recv_exactly(sock, _HEADER.size)
    sock.settimeout(None)
    return pickle.loads(_recv_exactly(sock, _HEADER.unpack(header)[0]))


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        n = sock.recv_into(view[received:])
        if n == 0:
            raise EOFError("peer closed the connection")
        received += n
    return bytes(buffer)
