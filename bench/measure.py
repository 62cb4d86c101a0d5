"""What every bench script shares: timed child processes, servers on loopback, tables, JSON.

Method (see ../shared/research/perf/RESULTS.md): each engine runs in its own process, figures
are compared as ratios against a reference measured in the same run, servers bind 127.0.0.1
on free ports, and every request loop is bounded in count and in time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
WORK = BENCH.parent / "var" / "bench"


def sco_kg(*args: str) -> list[str]:
    """The ``sco-kg`` console script, run with this interpreter."""
    return [sys.executable, "-m", "sco_kg.server.cli", *args]


def oxigraph_cli() -> str:
    """The ``oxigraph`` CLI installed beside this interpreter (pip package ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else "oxigraph"


@dataclass
class Run:
    """One finished child process: wall time, peak resident memory, output."""

    cmd: list[str]
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_measured(cmd: Sequence[str], *, timeout: float = 3600, check: bool = True,
                 memory_limit_mb: float = 8000) -> Run:
    """Run ``cmd`` and measure its wall time and peak resident memory.

    Peak memory is the high-water mark ``VmHWM`` of the child and of each of its descendants
    (a process pool), polled every 10 ms and summed. Not ``ru_maxrss``: after fork + exec the
    kernel carries the parent's peak over, so every child of a large bench process would
    report at least the parent's size. A child past ``timeout`` seconds or past
    ``memory_limit_mb`` of resident memory is killed (on a shared 2-core box, a runaway
    build must not take the machine down); its ``returncode`` is then negative.
    """
    start = time.perf_counter()
    peaks: dict[int, float] = {}
    with open(os.devnull, "rb") as stdin, _spool() as out, _spool() as err:
        process = subprocess.Popen(list(cmd), stdin=stdin, stdout=out, stderr=err)
        deadline = start + timeout
        while process.poll() is None:
            resident = 0.0
            for pid in _process_tree(process.pid):
                peaks[pid] = max(peaks.get(pid, 0.0), _status_mb(pid, "VmHWM:"))
                resident += _status_mb(pid, "VmRSS:")
            if time.perf_counter() > deadline or resident > memory_limit_mb:
                process.kill()
                process.wait()
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    run = Run(list(cmd), seconds, sum(peaks.values()), process.returncode, stdout, stderr)
    if check and run.returncode != 0:
        raise SystemExit(f"command failed ({run.returncode}): {' '.join(cmd)}\n{stderr[-3000:]}")
    return run


def _process_tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _status_mb(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@contextmanager
def _spool() -> Iterator:
    import tempfile

    with tempfile.TemporaryFile() as handle:
        yield handle


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Memory of a process and its descendants, in MB: the sum of their proportional set sizes.

    Summing VmRSS would count pages shared after fork once per process: a server that forks
    its query workers from a process holding the store in memory would be charged for the
    store once per worker. PSS splits each shared page among its sharers (falls back to VmRSS
    where /proc/PID/smaps_rollup is unreadable).
    """
    return sum(_pss_mb(p) for p in _process_tree(pid))


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _status_mb(pid, "VmRSS:")


@contextmanager
def server(cmd: Sequence[str], probe_url: str, *, log: Path,
           startup_s: float = 120) -> Iterator[subprocess.Popen]:
    """Start a server, wait until ``probe_url`` answers, and always stop it afterwards.

    Fails at once, with the server's stderr, if the process exits while starting.
    Teardown is terminate, wait, then kill.
    """
    with open(log, "wb") as log_handle:
        process = subprocess.Popen(list(cmd), stdout=log_handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if process.poll() is not None:
                raise SystemExit(f"server exited ({process.returncode}): {' '.join(cmd)}\n"
                                 + log.read_text("utf-8", "replace")[-3000:])
            try:
                with urllib.request.urlopen(probe_url, timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # it answers; a 4xx to the probe is still an answer
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise SystemExit(f"server did not answer within {startup_s:g} s: "
                                     f"{' '.join(cmd)}") from None
                time.sleep(0.1)
        yield process
    finally:  # the server runs in its own session: stop its workers too
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: small samples stay honest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    """Milliseconds with three significant figures, or seconds past 10 s."""
    if seconds != seconds:  # NaN
        return "–"
    if seconds >= 10:
        return f"{seconds:.2f} s"
    value = seconds * 1000
    return f"{value:.3g}" if value < 100 else f"{value:.0f}"


def ratio(ours: float, reference: float) -> str:
    if not reference or reference != reference or ours != ours:
        return "–"
    return f"×{ours / reference:.2f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pasteable into RESULTS notes)."""
    text = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in text)) if text else len(h)
              for i, h in enumerate(headers)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
              for r in text]
    return "\n".join(lines)


def write_results(name: str, payload: dict) -> Path:
    """Write ``bench/results/<name>-<UTC time>.json`` with the machine it ran on."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{name}-{stamp}.json"
    document = {"bench": name, "utc": stamp, "machine": {
        "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count()}, **payload}
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", "utf-8")
    return path


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6
