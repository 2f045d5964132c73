"""The event observers receive once a call has finished."""

from __future__ import annotations

from dataclasses import dataclass

from ._connector import Operation

__all__ = ["OperationEvent"]


@dataclass(frozen=True, slots=True)
class OperationEvent:
    """One finished call: no credentials and no personal data, safe to log or export."""

    connector: str
    operation: Operation
    outcome: str
    """``"success"`` or the canonical error code."""
    attempts: int
    duration: float
    """Seconds, all attempts and backoff included."""
    idempotency_key: str | None
    status_code: int | None = None
    request_id: str | None = None
