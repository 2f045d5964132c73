"""Bounding plugin hooks in time: a hook that runs past its limit becomes a ``PluginError``.

Hooks are plain synchronous functions, so no timer can pre-empt them the way ``asyncio`` can
cancel I/O. One shared, lazily started watchdog thread polls the hooks running right now and,
when one overstays, raises ``HookTimeout`` inside the thread running it (CPython's
``PyThreadState_SetAsyncExc``): a hook stuck in Python code (an endless loop, a runaway
retry) is stopped within one poll interval. A hook blocked in C code (``time.sleep``, a socket
read, a catastrophic regex) only sees the exception when that C call returns; the call then
still fails as a ``PluginError`` instead of returning late results as if nothing happened.

The cost on the hot path is two dictionary operations and a clock read per hook call (no lock); the thread
exits after a second without watched hooks and starts again on demand.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from ._exceptions import PluginError

__all__ = ["HookTimeout", "HookWatchdog", "watchdog"]

T = TypeVar("T")

_POLL = 0.02
"""Seconds between checks: a hook is stopped at most this long after its limit."""
_IDLE_EXIT = 1.0
"""Seconds without watched hooks after which the thread exits."""


class HookTimeout(BaseException):
    """Raised inside a hook that ran past its limit.

    A ``BaseException``, like ``KeyboardInterrupt``, so that a hook's ``except Exception`` cannot
    swallow it and keep running.
    """


def _interrupt(thread_id: int) -> None:
    set_async_exc = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
    if set_async_exc is not None:
        set_async_exc(ctypes.c_ulong(thread_id), ctypes.py_object(HookTimeout))


def _cancel_interrupt(thread_id: int) -> None:
    set_async_exc = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
    if set_async_exc is not None:
        set_async_exc(ctypes.c_ulong(thread_id), None)


class HookWatchdog:
    """Runs hooks with a time limit (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # thread id -> [monotonic deadline, fired]
        self._watched: dict[int, list[Any]] = {}
        self._running = False

    def run(self, limit: float, plugin: str, what: str, hook: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``hook(*args, **kwargs)``, or ``PluginError`` naming ``plugin`` if it runs over ``limit`` s."""
        tid = threading.get_ident()
        entry: list[Any] = [time.monotonic() + limit, False]
        watched = self._watched
        watched[tid] = entry
        if not self._running:
            self._start()
        try:
            try:
                return hook(*args, **kwargs)
            finally:
                # Lock-free when the hook finished in time: only this thread sets or pops its entry,
                # except the watchdog, which pops it (under the lock) just before firing.
                if watched.pop(tid, None) is not entry:
                    with self._lock:  # the watchdog took it: wait until it is done firing
                        if watched.get(tid) is entry:
                            del watched[tid]
                    if entry[1]:
                        # Fired, but the hook returned before the exception landed: drop it, fail here.
                        _cancel_interrupt(tid)
                        raise HookTimeout
        except HookTimeout:
            raise PluginError(f"{what} did not finish within {limit:.3g} s", plugin=plugin) from None

    def _start(self) -> None:
        with self._lock:
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._watch, name="paywire-hook-watchdog", daemon=True).start()

    def _watch(self) -> None:
        idle_since: float | None = None
        while True:
            time.sleep(_POLL)
            now = time.monotonic()
            with self._lock:
                for tid, entry in list(self._watched.items()):
                    if now < entry[0]:
                        continue
                    popped = self._watched.pop(tid, None)
                    if popped is entry:
                        entry[1] = True
                        _interrupt(tid)
                    elif popped is not None:  # that hook ended and the thread began another one
                        self._watched[tid] = popped
                if self._watched:
                    idle_since = None
                    continue
                if idle_since is None:
                    idle_since = now
                    continue
                if now - idle_since < _IDLE_EXIT:
                    continue
                self._running = False
            # A hook registered between the check above and ``_running = False`` saw
            # ``_running`` true and started no thread: look once more before leaving.
            with self._lock:
                if self._running or not self._watched:
                    return  # nothing to watch, or a new thread took over
                self._running = True
                idle_since = None


watchdog = HookWatchdog()
"""The process-wide watchdog the engine runs every plugin hook under."""
