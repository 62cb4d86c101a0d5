"""Debian's Virtuoso 7 (``virtuoso-opensource-7-bin``) as a test server, started like ``oxigraph``.

``virtuoso(folder)`` writes a ``virtuoso.ini`` into ``folder`` (database, logs and the only
directory it may read or write: ``DirsAllowed``), starts ``virtuoso-t`` in the foreground with
both listeners (ISQL and HTTP) on free 127.0.0.1 ports, waits until ``/sparql`` answers (about
4-10 s on a fresh database), then over ISQL (stdin, so no password is in a command line):

* lets the anonymous SPARQL endpoint user write (``GRANT SPARQL_UPDATE TO "SPARQL"`` and write
  permission on graphs for ``nobody``), as the RemoteStore tests load through ``/sparql`` and
  ``/sparql-graph-crud``;
* creates a user ``WRITER`` (password ``WRITER_PASSWORD``) allowed to query and update through the
  digest-authenticated endpoints ``/sparql-auth`` and ``/sparql-graph-crud-auth``;
* replaces the default ``dba`` password with a random one.

No anytime queries (``MaxQueryExecutionTime = 0``: a slow query is not cut to partial results)
and no row cap below 10 million. Stopped with terminate -> wait -> kill. A missing
``virtuoso-t`` fails the test (it never skips): run ``.ci/system-deps``.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from servers import free_port, server_process

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
WRITER = "sco_writer"
WRITER_PASSWORD = "writer-" + secrets.token_hex(8)

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 0
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = {dir}
DefaultIsolation = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0
KeepAliveTimeout = 10
MaxKeepAlives = 10
HttpTimeout = 300
MaxBody = 100000000

[URIQA]
DefaultHost = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""

SETUP = """\
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
DB.DBA.USER_CREATE ('{writer}', '{writer_password}');
GRANT SPARQL_UPDATE TO "{writer}";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{writer}', 7);
USER_CHANGE_PASSWORD ('dba', 'dba', '{dba_password}');
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its base URL and the RemoteStore specs for its endpoints."""

    url: str

    @property
    def spec(self) -> str:
        """The anonymous endpoints (writable: see the module docstring)."""
        return f"sparql+{self.url}/?query=/sparql&update=/sparql&store=/sparql-graph-crud"

    @property
    def auth_spec(self) -> str:
        """The digest-authenticated endpoints (``WRITER`` / ``WRITER_PASSWORD``)."""
        return (f"sparql+{self.url}/?query=/sparql-auth&update=/sparql-auth"
                f"&store=/sparql-graph-crud-auth")


@contextmanager
def virtuoso(folder: Path, *, timeout_s: float = 60) -> Iterator[Virtuoso]:
    """Virtuoso over a new database in ``folder``, on free loopback ports (module docstring)."""
    if not Path(VIRTUOSO).exists() or not Path(ISQL).exists():
        pytest.fail(f"Virtuoso is missing ({VIRTUOSO}, {ISQL}): run .ci/system-deps "
                    "(apt-get install virtuoso-opensource-7-bin)")
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    isql_port, http_port = free_port(), free_port()
    while http_port == isql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(dir=folder, isql_port=isql_port, http_port=http_port), "utf-8")
    url = f"http://127.0.0.1:{http_port}"
    with server_process([VIRTUOSO, "+foreground", "+configfile", str(ini)],
                        f"{url}/sparql?query=ASK%7B%7D", folder / "stderr.log",
                        name="virtuoso-t", timeout_s=timeout_s):
        setup = SETUP.format(writer=WRITER, writer_password=WRITER_PASSWORD,
                             dba_password=secrets.token_hex(16))
        done = subprocess.run([ISQL, f"127.0.0.1:{isql_port}", "dba", "dba"], input=setup,
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or "Error" in done.stdout + done.stderr:
            pytest.fail(f"setting Virtuoso up over ISQL failed:\n{done.stdout}\n{done.stderr}")
        yield Virtuoso(url)
