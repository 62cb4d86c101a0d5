"""One graph per triple: where a fact several graphs state is stated, and the index that says so.

Oxigraph's union default graph (``use_default_graph_as_union``, ``oxigraph serve
--union-default-graph``) is a multiset: a triple two named graphs state comes back twice, and a
join of three such triples eight times. So a build states every triple in exactly one named
graph, and the multiset union is the set union on every store (issue 17):

* a triple one graph states stays in that graph (an article's own facts, and its disagreements
  with other articles, stay in its graph);
* a triple a non-article graph states lives there alone, in the order ``ontology``,
  ``reference``, the carried graphs (``load``, ``link``) by IRI, ``derived``, ``provenance``;
* a triple two or more article graphs state, and no non-article graph, lives once in
  ``vocab.GRAPH_SHARED``. The articles that state it stay findable through the nodes only they
  mint (their claims ``sco:asserts`` the proposition, their mentions are ``sco:evidence``, the
  claims are ``sco:reportedIn`` the article).

Only triples about shared nodes (events, propositions, measures, people, posts, memberships,
...) can repeat: subjects in ``vocab.MINTED_FOR_ONE_GRAPH`` are stated by one graph alone, so
they are left out of the bookkeeping (about a fifth of an article's triples are kept track of).

The bookkeeping lives in the store folder, under ``sharing/``, so an incremental build reads
only what changed:

* ``stated/<digest>.nt``: the shareable triples one article graph states, as extracted (its
  graph file may hold fewer: those it shares live elsewhere);
* ``carried.nt``: the shareable triples the non-article graphs stated at this build;
* ``attestations.sqlite``: for each shareable triple (a 63-bit hash of its N-Triples line) how
  many article graphs state it and the XOR of their ids: when the count falls to one, the XOR
  *is* the one graph left, without a table of who states what.

Placement is a function of the set of articles alone, so a full build and any sequence of
incremental ones give the same bytes.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from ..rdf import vocab
from .oxigraph import link_or_copy

FOLDER = "sharing"
INDEX = "attestations.sqlite"
CARRIED = "carried.nt"  # the shareable triples of the non-article graphs of this build
_MINTED = tuple(f"<{prefix}".encode() for prefix in vocab.MINTED_FOR_ONE_GRAPH)
_CHUNK = 500  # keys per SELECT ... IN (...)
_PENDING = 1_000_000  # keys counted in memory before they are written to the index


def graph_suffix(iri: str) -> bytes:
    """The end of every N-Quads line of graph ``iri``: what turns a triple line into a quad."""
    return f" <{iri}> .\n".encode()


def triples(nquads: bytes, iri: str) -> list[bytes]:
    """The N-Triples lines of one graph's canonical N-Quads (its lines with the graph cut off)."""
    cut = len(graph_suffix(iri))
    return [line[:-cut] + b" .\n" for line in nquads.splitlines(keepends=True)]


def quads(lines: Iterable[bytes], iri: str) -> bytes:
    """Canonical N-Quads of graph ``iri`` from N-Triples lines: sorted, each once."""
    suffix = graph_suffix(iri)
    return b"".join(sorted({line[:-3] + suffix for line in lines}))


def without(nquads: bytes, lines: set[bytes], iri: str) -> bytes:
    """Canonical N-Quads of graph ``iri`` less the triples ``lines`` (still sorted)."""
    suffix = graph_suffix(iri)
    gone = {line[:-3] + suffix for line in lines}
    return b"".join([line for line in nquads.splitlines(keepends=True) if line not in gone])


def keys_of(lines: Iterable[bytes]) -> bytes:
    """The keys of ``lines``, as the bytes of an ``array("q")`` (what a worker hands over)."""
    return array("q", [key(line) for line in lines]).tobytes()


def shareable(lines: Iterable[bytes]) -> list[bytes]:
    """The lines about a node another graph may state facts about too."""
    return [line for line in lines if not line.startswith(_MINTED)]


def shareable_of(nquads: bytes, iri: str) -> list[bytes]:
    """``shareable(triples(nquads, iri))`` of one graph's canonical (sorted) N-Quads.

    In sorted lines those about the nodes of one minted prefix form one block, found with two
    byte searches; only the rest is cut into lines. The derived graph (750,000 lines at 50,000
    articles) states minted nodes alone, and cutting it into lines to learn that took 1.5 s of
    every rebuild.
    """
    blocks = []
    for prefix in _MINTED:
        first = 0 if nquads.startswith(prefix) else nquads.find(b"\n" + prefix) + 1
        if first == 0 and not nquads.startswith(prefix):
            continue
        last = nquads.rfind(b"\n" + prefix) + 1  # start of the block's last line (0: the first)
        end = nquads.find(b"\n", last) + 1 or len(nquads)
        blocks.append((first, end))
    cut = len(graph_suffix(iri))
    kept, at = [], 0
    for first, end in sorted(blocks):
        kept.append(nquads[at:first])
        at = end
    kept.append(nquads[at:])
    return [line[:-cut] + b" .\n" for part in kept for line in part.splitlines(keepends=True)]


def key(line: bytes) -> int:
    """A triple's key in the index: 63 bits of its N-Triples line's BLAKE2b digest.

    At 10^8 distinct shared triples two collide with a chance of about 1 in 2,000.
    """
    return int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "big") >> 1


def graph_id(iri: str) -> int:
    return key(iri.encode())


def stated_name(iri: str) -> str:
    return f"stated/{hashlib.sha256(iri.encode()).hexdigest()[:24]}.nt"


def disjoint(graphs: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    """Non-article graphs in precedence order, each without the triples an earlier one states.

    Only shareable lines can repeat (see the module docstring), so only they are compared.
    """
    seen: set[bytes] = set()
    for iri, body in graphs:
        lines = shareable_of(body, iri)
        dropped = [line for line in lines if line in seen]
        seen.update(lines)
        if dropped:
            gone = set(dropped)
            body = quads((line for line in triples(body, iri) if line not in gone), iri)
        yield iri, body


class Attestations:
    """The index and the stated triples of every article graph of one build (``sharing/``).

    Args:
        folder: the store folder being built.
        previous: the previous store folder whose index this build updates, or ``None`` for a
            build from scratch.
    """

    def __init__(self, folder: Path, previous: Path | None) -> None:
        self.folder = folder / FOLDER
        self.previous = previous / FOLDER if previous else None
        (self.folder / "stated").mkdir(parents=True, exist_ok=True)
        self.incremental = self.previous is not None
        if self.previous is not None:
            shutil.copyfile(self.previous / INDEX, self.folder / INDEX)
        self._db = sqlite3.connect(self.folder / INDEX)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("PRAGMA cache_size = -262144")  # 256 MB
        self._db.execute("CREATE TABLE IF NOT EXISTS attest (key INTEGER PRIMARY KEY, "
                         "n INTEGER NOT NULL, x INTEGER NOT NULL)")
        # key -> [count change, XOR of the graphs that changed, the N-Triples line]
        self.delta: dict[int, list] = {}
        self._pending: dict[int, list[int]] = {}  # key -> [count change, XOR], not yet written
        self._keys: dict[str, array] = {}  # graph IRI -> keys of its stated lines (full builds)

    @staticmethod
    def exists(folder: Path) -> bool:
        return (folder / FOLDER / INDEX).exists()

    def stated(self, iri: str, *, previous: bool = False) -> list[bytes]:
        """The shareable triples graph ``iri`` states (in this build, or in the previous one)."""
        base = self.previous if previous else self.folder
        assert base is not None
        path = base / stated_name(iri)
        return path.read_bytes().splitlines(keepends=True) if path.exists() else []

    def attest(self, iri: str, lines: list[bytes], keys: Sequence[int]) -> None:
        """Graph ``iri`` states ``lines`` (N-Triples; ``keys`` are theirs) in this build."""
        (self.folder / stated_name(iri)).write_bytes(b"".join(lines))
        self._count(iri, lines, keys, 1)
        if not self.incremental:  # what settle_full needs without hashing every line again
            self._keys[iri] = array("q", keys)

    def forget(self, iri: str, *, previous: bool) -> None:
        """Graph ``iri`` no longer states what it stated (before this build or earlier in it)."""
        lines = self.stated(iri, previous=previous)
        self._count(iri, lines, [key(line) for line in lines], -1)
        if not previous:
            (self.folder / stated_name(iri)).unlink(missing_ok=True)
            self._keys.pop(iri, None)

    def keep(self, iri: str) -> None:
        """Graph ``iri`` states what it stated in the previous build (its file hard-linked)."""
        assert self.previous is not None
        name = stated_name(iri)
        try:
            link_or_copy(f"{self.previous}/{name}", f"{self.folder}/{name}")
        except FileNotFoundError:  # a graph that states nothing shareable has no file
            pass

    def stated_keys(self, iri: str) -> Sequence[int]:
        """The keys of the lines ``stated(iri)`` gives, for a graph attested in a full build."""
        return self._keys[iri]

    def _count(self, iri: str, lines: list[bytes], keys: Sequence[int], sign: int) -> None:
        ident, pending = graph_id(iri), self._pending
        for k in keys:  # counted in memory, written to the index in sorted batches
            held = pending.get(k)
            if held is None:
                pending[k] = [sign, ident]
            else:
                held[0] += sign
                held[1] ^= ident
        if len(pending) >= _PENDING:
            self._flush()
        if self.incremental:
            for k, line in zip(keys, lines, strict=True):
                change = self.delta.setdefault(k, [0, 0, line])
                change[0] += sign
                change[1] ^= ident

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany(
                "INSERT INTO attest VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "n = n + excluded.n, x = (x | excluded.x) & ~(x & excluded.x)",
                ((k, n, x) for k, (n, x) in sorted(self._pending.items())))
            self._pending = {}

    def corroborated(self) -> set[int]:
        """Keys of the triples two or more article graphs state."""
        self._flush()
        return {k for (k,) in self._db.execute("SELECT key FROM attest WHERE n >= 2")}

    def counts(self, keys: Iterable[int]) -> dict[int, tuple[int, int]]:
        """(graphs stating it, XOR of their ids) of each key the index holds."""
        self._flush()
        keys, found = list(keys), dict[int, tuple[int, int]]()
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update((k, (n, x)) for k, n, x in self._db.execute(
                f"SELECT key, n, x FROM attest WHERE key IN ({marks})", chunk))  # noqa: S608
        return found

    def carried_before(self) -> set[bytes]:
        """The shareable triples of the non-article graphs as the previous build placed them.

        Read from its record, not from its graph files: ``load`` and ``link`` may have
        replaced a graph since, and what the article graphs lack is what that build saw.
        """
        assert self.previous is not None
        path = self.previous / CARRIED
        return set(path.read_bytes().splitlines(keepends=True)) if path.exists() else set()

    def close(self, carried: set[bytes]) -> None:
        """Record ``carried`` (see ``carried_before``), drop the triples nobody states any
        more and write the index."""
        (self.folder / CARRIED).write_bytes(b"".join(sorted(carried)))
        self._flush()
        if not self.incremental:
            self._db.execute("DELETE FROM attest WHERE n = 0")
        elif self.delta:
            gone = [k for k in self.delta]
            for start in range(0, len(gone), _CHUNK):
                chunk = gone[start:start + _CHUNK]
                self._db.execute(f"DELETE FROM attest WHERE n = 0 AND key IN "  # noqa: S608
                                 f"({','.join('?' * len(chunk))})", chunk)
        self._db.commit()
        self._db.close()


def place(n: int, x: int, owners: Mapping[int, str]) -> str | None:
    """The one article graph or the shared graph a triple stated by ``n`` graphs lives in."""
    if n >= 2:
        return vocab.GRAPH_SHARED
    if n == 1:
        return owners[x]
    return None


def settle_full(attestations: Attestations, written: Iterable[str], carried: set[bytes],
                read: Callable[[str], bytes], rewrite: Callable[[str, bytes], None]) -> bytes:
    """Where every shareable triple goes when every article graph was just written in full.

    Args:
        written: the article graphs, each as extracted (``read`` gives its N-Quads).
        carried: the shareable triples the non-article graphs state.
        rewrite: called with each article graph that loses triples and its new N-Quads, one
            at a time (nearly every article shares something: holding them all would take
            the whole store's size in memory, ~17 GB at 50,000 articles).

    Returns:
        The shared graph's N-Quads.
    """
    corroborated = attestations.corroborated()
    shared: set[bytes] = set()
    for iri in written:
        lines = attestations.stated(iri)
        moved = {line for k, line in zip(attestations.stated_keys(iri), lines, strict=True)
                 if k in corroborated or line in carried}
        if moved:
            shared.update(moved - carried)
            rewrite(iri, without(read(iri), moved, iri))
    return quads(shared, vocab.GRAPH_SHARED)


def settle_incremental(attestations: Attestations, *, written: Iterable[str],
                       kept: set[str], owners: tuple[Mapping[int, str], Mapping[int, str]],
                       carried: tuple[set[bytes], set[bytes]],
                       read: Callable[[str], bytes], read_previous: Callable[[str], bytes],
                       ) -> tuple[dict[str, bytes], bytes | None]:
    """Where the triples whose attestations changed go, and the graphs that changes rewrites.

    Only triples some changed article states (or stated), or that a non-article graph gained or
    lost, can move; every other graph is kept as it was.

    Args:
        written: article graphs written in this build (as extracted; ``read`` gives them).
        kept: article graphs carried over unchanged (``read_previous`` gives them).
        owners: graph id -> IRI before and after this build.
        carried: the shareable triples the non-article graphs state, before and after.

    Returns:
        The article graphs to write, as N-Quads, and the shared graph's N-Quads (``None``:
        unchanged).
    """
    owners_before, owners_after = owners
    carried_before, carried_after = carried
    changes = dict(attestations.delta)
    for line in carried_before ^ carried_after:
        changes.setdefault(key(line), [0, 0, line])
    counts = attestations.counts(changes)
    gains: dict[str, set[bytes]] = {}
    losses: dict[str, set[bytes]] = {}
    after: dict[bytes, str | None] = {}
    for k, (dn, dx, line) in changes.items():
        n, x = counts.get(k, (0, 0))
        now = None if line in carried_after else place(n, x, owners_after)
        then = None if line in carried_before else place(n - dn, x ^ dx, owners_before)
        after[line] = now
        if now != then:
            if then:
                losses.setdefault(then, set()).add(line)
            if now:
                gains.setdefault(now, set()).add(line)
    rewritten = {}
    for iri in written:
        moved = {line for line in attestations.stated(iri) if after[line] != iri}
        if moved:
            rewritten[iri] = without(read(iri), moved, iri)
    for iri in sorted((gains.keys() | losses.keys()) & kept):
        held = set(triples(read_previous(iri), iri))
        rewritten[iri] = quads((held - losses.get(iri, set())) | gains.get(iri, set()), iri)
    shared = None
    if vocab.GRAPH_SHARED in gains or vocab.GRAPH_SHARED in losses:
        held = set(triples(read_previous(vocab.GRAPH_SHARED), vocab.GRAPH_SHARED))
        held = (held - losses.get(vocab.GRAPH_SHARED, set())) | gains.get(vocab.GRAPH_SHARED,
                                                                         set())
        shared = quads(held, vocab.GRAPH_SHARED)
    return rewritten, shared


def shareable_triples(graphs: Iterable[tuple[str, bytes]]) -> set[bytes]:
    """The shareable triples a set of (non-article) graphs states."""
    return {line for iri, body in graphs for line in shareable_of(body, iri)}
