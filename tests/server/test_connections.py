"""Connections: idle or half-sent ones from one client cannot lock everyone out."""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import requests
from servers import free_port, server_process

SCO_KG = Path(sys.executable).with_name("sco-kg")


def test_connections_120_half_sent_requests_leave_healthz_answering(
        seed_store_path: Path, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = [str(SCO_KG), "serve", "--store", str(seed_store_path), "--port", str(port)]
    with server_process(args, f"{base}/healthz", tmp_path / "serve.log", name="sco-kg serve",
                        timeout_s=60, env={**os.environ, "PYTHONWARNINGS": ""}):
        held = []
        try:
            for _ in range(120):  # each sends half a request and then nothing
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                sock.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                held.append(sock)
            time.sleep(0.5)
            for _ in range(3):
                started = time.monotonic()
                reply = requests.get(base + "/healthz", timeout=5)
                took = time.monotonic() - started
                assert reply.status_code == 200 and reply.json()["ok"]
                assert took < 1.0, f"/healthz took {took:.2f} s behind 120 half-sent requests"
        finally:
            for sock in held:
                sock.close()
