"""One call run in a forked child process while the caller goes on with other work.

What a build does with the derived facts: derive is pure Python over every figure of every
article (9 s of a 24 s rebuild at 50,000 articles) and needs nothing the writing of the graph
files makes, so on two cores the two overlap. The child is forked, so it inherits its
arguments (hundreds of thousands of figure rows) without pickling them; only the result comes
back, through a pipe. Where ``fork`` does not exist the call runs in place.
"""

from __future__ import annotations

import multiprocessing
import traceback
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from .errors import SCOKGError

T = TypeVar("T")

__all__ = ["Beside"]


class Beside(Generic[T]):
    """``function(*args)``, started now in a forked child; :meth:`result` waits for it.

    An exception in the child is raised again by :meth:`result` with the child's traceback in
    its message; a child that dies (killed, out of memory) is a ``SCOKGError``.
    """

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self._name = getattr(function, "__name__", "the call")
        self._done: tuple[bool, Any] | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._done = (True, function(*args))
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(sender, function, args),
                                        name=f"sco-kg {self._name}", daemon=True)
        with warnings.catch_warnings():
            # Python >= 3.12 warns about fork() with threads (a progress bar's monitor): the
            # child runs one pure function and leaves through os._exit, as index._in_child's
            warnings.simplefilter("ignore", DeprecationWarning)
            self._process.start()
        sender.close()  # the child holds the only sending end: its death ends the pipe

    def result(self) -> T:
        """The function's return value, once the child has sent it."""
        if self._done is None:
            try:
                self._done = self._receiver.recv()
            except EOFError:
                self._process.join()
                raise SCOKGError(f"{self._name} stopped without an answer (exit code "
                                 f"{self._process.exitcode}); the store is unchanged") from None
            finally:
                self._receiver.close()
            self._process.join()
        ok, value = self._done
        if not ok:
            raise RuntimeError(f"{self._name} failed in its child process:\n{value}")
        return value

    def stop(self) -> None:
        """End the child if it still runs (the caller failed and will not ask for the result)."""
        if self._done is None and self._process.is_alive():
            self._process.kill()  # it holds nothing to clean up, and may have inherited a
            self._process.join()  # SIGTERM handler (the CLI's) that lets it finish first


def _run(sender: Connection, function: Callable[..., Any], args: tuple) -> None:
    try:
        done: tuple[bool, Any] = (True, function(*args))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        done = (False, traceback.format_exc())
    sender.send(done)
    sender.close()
