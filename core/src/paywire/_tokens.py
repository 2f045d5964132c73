"""Access tokens obtained by exchange: one per client, shared by every call, renewed before expiry.

The first call on a cold client obtains the token; calls arriving meanwhile wait for that same
exchange instead of starting their own (single flight, for threads and for asyncio tasks alike),
so a thousand concurrent creates make one token request. A token is reused until ``RENEW_BEFORE``
seconds (at most a tenth of its lifetime) before it expires; a call whose token the processor
refuses asks for a new one once, and calls that already hold a newer token are not disturbed.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future

from pydantic import SecretStr

from ._connector import AccessToken

__all__ = ["RENEW_BEFORE", "TokenCache"]

RENEW_BEFORE = 60.0
"""Seconds before its expiry a token is renewed (a tenth of its lifetime when that is shorter)."""


class TokenCache:
    """The access token of one client (its credentials), and the exchange in flight if any."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._token: SecretStr | None = None
        self._renew_at: float | None = None
        self._lock = threading.Lock()
        self._flight: Future[SecretStr] | None = None
        self._aflight: asyncio.Future[SecretStr] | None = None
        self.exchanges = 0
        """How many token exchanges this cache started (for tests and diagnostics)."""

    def __repr__(self) -> str:
        return f"TokenCache(token={'set' if self._token else 'none'}, exchanges={self.exchanges})"

    def _usable(self, stale: SecretStr | None) -> SecretStr | None:
        token = self._token
        if token is None or token is stale:
            return None
        if self._renew_at is not None and self._clock() >= self._renew_at:
            return None
        return token

    def _store(self, token: AccessToken) -> SecretStr:
        self._token = token.value
        lifetime = token.expires_in
        self._renew_at = None if lifetime is None else self._clock() + lifetime - min(RENEW_BEFORE, lifetime / 10)
        return token.value

    def current(self) -> SecretStr | None:
        """The token held now, if it is still usable."""
        return self._usable(None)

    def forget(self) -> None:
        """Drop the token: the next call obtains a new one."""
        with self._lock:
            self._token = self._renew_at = None

    def get(self, stale: SecretStr | None, exchange: Callable[[], AccessToken]) -> SecretStr:
        """The token to use (``stale``: one the processor refused), running ``exchange`` at most once
        for all the threads that need a new one at the same time."""
        with self._lock:
            usable = self._usable(stale)
            if usable is not None:
                return usable
            flight, owner = self._flight, self._flight is None
            if owner:
                flight = self._flight = Future()
                self.exchanges += 1
        assert flight is not None
        if not owner:
            return flight.result()
        try:
            token = self._store(exchange())
        except BaseException as exc:
            flight.set_exception(exc)
            raise
        else:
            flight.set_result(token)
            return token
        finally:
            with self._lock:
                self._flight = None

    async def aget(self, stale: SecretStr | None, exchange: Callable[[], Awaitable[AccessToken]]) -> SecretStr:
        """``get`` for the asyncio tasks of one event loop."""
        while True:
            usable = self._usable(stale)
            if usable is not None:
                return usable
            flight = self._aflight
            if flight is None:
                break
            try:
                return await asyncio.shield(flight)  # shielded: a waiter's cancellation is its own
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if flight.cancelled() and task is not None and not task.cancelling():
                    continue  # the exchange's owner was cancelled, not this task: try again
                raise
        flight = self._aflight = asyncio.get_running_loop().create_future()
        self.exchanges += 1
        try:
            token = self._store(await exchange())
        except asyncio.CancelledError:
            flight.cancel()
            raise
        except BaseException as exc:
            flight.set_exception(exc)
            flight.exception()  # marked as retrieved: there may be no waiter
            raise
        else:
            flight.set_result(token)
            return token
        finally:
            self._aflight = None
