"""Who a request comes from, and how many SPARQL queries each client has running.

Per-client limits (the query-time budget of ``state.RateLimiter``, the bound on queries in
flight here) key on the client's address. Behind a reverse proxy every request comes from the
proxy's address, so one heavy client would use up everyone's share (issue 13: 1,907 requests
answered 429 behind one address). With ``trusted_proxies`` set, a request from a listed proxy
is keyed on the address that proxy put in ``X-Forwarded-For``; from any other address the
header is ignored, since a client can send it with any value.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ServerError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(setting: str) -> tuple[Network, ...]:
    """The networks of the ``trusted_proxies`` setting (addresses or CIDR, comma-separated).

    Raises:
        ValueError: an entry that is neither.
    """
    return tuple(ipaddress.ip_network(part.strip(), strict=False)
                 for part in setting.split(",") if part.strip())


def client_address(remote_addr: str | None, forwarded_for: str | None,
                   trusted: tuple[Network, ...]) -> str:
    """The address per-client limits key on.

    ``remote_addr`` itself unless it is a trusted proxy; then the right-most address of
    ``X-Forwarded-For`` that is not a trusted proxy (each proxy appends the address it got
    the request from, so entries to the left of an untrusted one may be forged).
    """
    address = remote_addr or "-"
    if not trusted or not forwarded_for or not _is_trusted(address, trusted):
        return address
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage: keep the last address a trusted proxy vouched for
        address = hop
        if not _is_trusted(hop, trusted):
            break
    return address


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


class InFlight:
    """At most ``limit`` SPARQL queries running at once per client (0: no bound).

    A client past it gets 429 with ``Retry-After`` at once, and only that client: so a few
    clients sending queries that run to the time limit cannot take every query worker, and
    a client waiting for a worker holds no more than its own share of server threads.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, client: str) -> Iterator[None]:
        """Count one query of ``client`` while the block runs.

        Raises:
            ServerError: 429 when ``client`` already has ``limit`` queries running.
        """
        if self.limit <= 0:
            yield
            return
        with self._lock:
            running = self._running.get(client, 0)
            if running >= self.limit:
                raise ServerError(
                    429, f"{running} of your queries are already running (at most "
                         f"{self.limit} per client at once); retry when one has answered",
                    headers={"Retry-After": "1"})
            self._running[client] = running + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running[client] - 1
                if left:
                    self._running[client] = left
                else:
                    del self._running[client]

    def running(self, client: str) -> int:
        with self._lock:
            return self._running.get(client, 0)


__all__ = ["InFlight", "client_address", "trusted_networks"]
