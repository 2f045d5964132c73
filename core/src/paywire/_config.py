"""Client settings: timeouts, retry policy, limits."""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["DEFAULT_TIMEOUT", "RetryPolicy", "Timeout"]


@dataclass(frozen=True, slots=True)
class Timeout:
    """Per-attempt timeouts in seconds: connecting, sending, waiting for the reply, waiting for a
    free pooled connection."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 5.0

    @classmethod
    def of(cls, value: float | Timeout | None) -> Timeout:
        """A Timeout from a number (every phase), a Timeout, or None (the defaults)."""
        if value is None:
            return DEFAULT_TIMEOUT
        if isinstance(value, Timeout):
            return value
        if value <= 0:
            raise ValueError("timeout must be positive")
        return cls(value, value, value, value)

    def capped(self, remaining: float) -> Timeout:
        """These timeouts, none longer than ``remaining`` seconds."""
        if remaining >= max(self.connect, self.read, self.write, self.pool):
            return self
        r = max(remaining, 0.001)
        return Timeout(min(self.connect, r), min(self.read, r), min(self.write, r), min(self.pool, r))


DEFAULT_TIMEOUT = Timeout()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait between attempts.

    Backoff doubles from ``backoff`` up to ``max_backoff`` and is jittered into [50 %, 100 %];
    a processor's ``Retry-After`` is honoured up to ``max_retry_after`` (longer: no retry).
    ``deadline`` bounds a whole call, attempts and waits included.
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

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry ``retry_number`` (1 for the first retry)."""
        base = min(self.backoff * 2 ** (retry_number - 1), self.max_backoff)
        jittered = base * (0.5 + random.random() / 2)
        return max(jittered, retry_after or 0.0)
