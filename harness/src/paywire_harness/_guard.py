"""A guard that notices any network access of the current thread: for LOCAL operations.

It listens to the interpreter's audit events (``socket.connect``, ``socket.getaddrinfo``...), so
it sees every socket opened through Python, whatever library the connector uses, without
patching anything. The audit hook is installed once and is inert outside ``no_network()``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["NetworkAttempt", "NetworkAttemptError", "no_network"]

_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto", "socket.sendmsg"})
_state = threading.local()
_install_lock = threading.Lock()
_installed = False


class NetworkAttemptError(RuntimeError):
    """Raised inside the guarded code at its first attempt to reach the network."""


class NetworkAttempt:
    """What the guarded code tried: the audit event and its target address."""

    def __init__(self, event: str, address: str) -> None:
        self.event = event
        self.address = address

    def __str__(self) -> str:
        return f"{self.event} to {self.address}"


def _describe(event: str, args: tuple[Any, ...]) -> str:
    if event == "socket.connect" and len(args) >= 2:
        address = args[1]
        if isinstance(address, tuple) and len(address) >= 2:
            return f"{address[0]}:{address[1]}"
        return str(address)
    if event == "socket.getaddrinfo" and len(args) >= 2:
        return f"{args[0]}:{args[1]}"
    return str(args[0]) if args else "?"


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in _EVENTS:
        return
    attempts: list[NetworkAttempt] | None = getattr(_state, "attempts", None)
    if attempts is None:
        return
    attempt = NetworkAttempt(event, _describe(event, args))
    attempts.append(attempt)
    raise NetworkAttemptError(f"network access is not allowed here ({attempt})")


def _install() -> None:
    global _installed
    with _install_lock:
        if not _installed:
            sys.addaudithook(_hook)
            _installed = True


@contextmanager
def no_network() -> Iterator[list[NetworkAttempt]]:
    """Fail every network access of this thread inside the block; yields the attempts seen."""
    _install()
    previous = getattr(_state, "attempts", None)
    attempts: list[NetworkAttempt] = []
    _state.attempts = attempts
    try:
        yield attempts
    finally:
        _state.attempts = previous
