"""Client settings: timeouts, retry policy, limits."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

__all__ = ["DEFAULT_TIMEOUT", "RetryPolicy", "Timeout"]


@dataclass(frozen=True, slots=True)
class Timeout:
    """Per-attempt timeouts in seconds: connecting, sending, waiting for the reply, and ``pool``.

    ``total`` bounds a whole attempt, all phases together, counted from when the attempt holds one
    of the transport's connection slots (calls beyond ``max_connections`` wait their turn first,
    never failed for waiting); the engine sets it to what is left of the call's deadline, and
    transports must not run past it (a server that drips its reply byte by byte defeats a
    per-read timeout, never ``total``). ``pool`` bounds the pool's own wait after that: nil on
    paywire's transports, it matters only for a caller's own httpx client or aiohttp session.
    """

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 5.0
    total: float | None = None

    @classmethod
    def of(cls, value: float | Timeout | None) -> Timeout:
        """A Timeout from a number (every phase), a Timeout, or None (the defaults)."""
        if value is None:
            return DEFAULT_TIMEOUT
        if isinstance(value, Timeout):
            return value
        return cls(value, value, value, value)

    def __post_init__(self) -> None:
        phases = (self.connect, self.read, self.write, self.pool)
        if min(phases) <= 0 or (self.total is not None and self.total <= 0):
            raise ValueError("timeouts must be positive")

    def capped(self, remaining: float) -> Timeout:
        """These timeouts for an attempt that must end within ``remaining`` seconds."""
        r = max(remaining, 0.001)
        return dataclasses.replace(
            self,
            connect=min(self.connect, r),
            read=min(self.read, r),
            write=min(self.write, r),
            pool=min(self.pool, r),
            total=r if self.total is None else min(self.total, r),
        )


DEFAULT_TIMEOUT = Timeout()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait between attempts.

    Backoff doubles from ``backoff`` up to ``max_backoff`` and is jittered into [50 %, 100 %];
    a processor's ``Retry-After`` is honoured up to ``max_retry_after`` (longer: no retry).
    ``deadline`` bounds a whole call, attempts and backoff waits included; waiting for a
    connection slot behind the client's own calls is not counted.
    """

    max_retries: int = 2
    backoff: float = 0.5
    max_backoff: float = 5.0
    max_retry_after: float = 30.0
    deadline: float = 120.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.deadline <= 0:
            raise ValueError("deadline must be positive")
        if self.backoff < 0 or self.max_backoff < 0 or self.max_retry_after < 0:
            raise ValueError("backoff, max_backoff and max_retry_after must be >= 0")

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry ``retry_number`` (1 for the first retry)."""
        base = min(self.backoff * 2.0 ** (retry_number - 1), self.max_backoff)
        jittered = base * (0.5 + random.random() / 2)
        return max(jittered, retry_after or 0.0)
