"""A call run in a forked child while the build goes on (``graph/beside.py``)."""

from __future__ import annotations

import os
import signal

import pytest

from sco_kg.graph.beside import Beside
from sco_kg.graph.errors import SCOKGError


def _pid_and_total(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fails(message: str) -> None:
    raise ValueError(message)


def _dies() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_beside_gives_the_result_computed_in_another_process() -> None:
    pid, total = Beside(_pid_and_total, list(range(100_000))).result()
    assert total == sum(range(100_000))
    assert pid != os.getpid()


def test_beside_raises_the_childs_error_with_its_traceback() -> None:
    with pytest.raises(RuntimeError, match="(?s)_fails failed.*ValueError: no such figure"):
        Beside(_fails, "no such figure").result()


def test_beside_child_killed_is_a_one_line_error() -> None:
    with pytest.raises(SCOKGError, match=r"_dies stopped without an answer \(exit code -9\)"):
        Beside(_dies).result()


def test_beside_stop_ends_a_child_nobody_waits_for() -> None:
    import time

    running = Beside(time.sleep, 60)
    started = time.monotonic()
    running.stop()
    assert time.monotonic() - started < 10
    with pytest.raises(SCOKGError, match=r"exit code -9"):
        running.result()
