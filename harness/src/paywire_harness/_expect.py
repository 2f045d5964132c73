"""Expectations: the reviewed outcome of every call a cassette replays, kept next to it.

``<cassettes>/<scenario>.expect.yaml`` holds, per call, everything the connector promises about
the outcome: for a customer its id, the echoed merchant id, the status and the response headers
kept; for an error its type, canonical code and message, the processor's code, message, field
and request id, ``retryable``, ``retry_after``, ``status_code``, ``duplicate_of`` and ``details``; for a
refusal before sending, the fields it names. ``paywire-harness record`` proposes the file (and
``paywire-harness expect`` for cassettes recorded before), a person reviews it, and every replay
on every client path must reproduce it exactly.

A file whose name is not one of the standard scenarios is a connector-specific scenario: it
also holds the calls' canonical input (``request``, ``idempotency_key``) and may set the client's
``options``, ``max_retries`` and ``credentials`` (values replacing the fake ones), to prove what
only this processor does (Stripe's legacy ``400 rate_limit``, Authorize.net's ``E00039``...).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pydantic
import yaml
from pydantic import BaseModel, ConfigDict, Field

import paywire

__all__ = [
    "EXPECT_SUFFIX",
    "CallExpectation",
    "Expectation",
    "ExpectationError",
    "differences",
    "dump_expectation",
    "load_expectation",
    "outcome_of",
]

EXPECT_SUFFIX = ".expect.yaml"

HEADER = (
    "# The reviewed outcome of every call this scenario replays (paywire-harness checks it on each\n"
    "# replay, on every client path). Proposed by `paywire-harness record` or `expect`: read it before\n"
    "# committing it, and change it only when the connector's behaviour is meant to change.\n"
)


class ExpectationError(Exception):
    """An expectation file cannot be read; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CallExpectation(_Strict):
    """One call: its input (connector-specific scenarios only) and its outcome."""

    request: dict[str, Any] | None = None
    idempotency_key: str | None = None
    outcome: dict[str, Any] | None = None
    """None until reviewed: a connector-specific scenario is written with its requests first, and
    ``record`` or ``expect`` proposes the outcomes."""


class Expectation(_Strict):
    """An ``.expect.yaml`` file."""

    description: str | None = None
    """What a connector-specific scenario proves (standard scenarios are described by the harness)."""
    max_retries: int = Field(default=0, ge=0)
    options: dict[str, str] = Field(default_factory=dict)
    credentials: dict[str, Any] = Field(default_factory=dict)
    """Credential values replacing the fake ones for this scenario (never real ones)."""
    calls: list[CallExpectation]


def load_expectation(path: Path) -> Expectation:
    """The expectation at ``path``; ``ExpectationError`` naming the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ExpectationError(f"{path}: cannot be read: {type(exc).__name__}: {exc}") from None
    try:
        return Expectation.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False)
        )
        raise ExpectationError(f"{path}: {problems}") from None


def dump_expectation(expectation: Expectation) -> str:
    """The file text of ``expectation``: stable, readable, non-ASCII kept as is."""
    data = expectation.model_dump(exclude_defaults=True)
    text: str = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + text


Outcome = paywire.CreateCustomerResponse | paywire.PaywireError


def outcome_of(result: Outcome) -> dict[str, Any]:
    """Everything a connector promises about one call's outcome, as plain data."""
    if isinstance(result, paywire.CreateCustomerResponse):
        return {
            "customer": {
                "connector_customer_id": result.connector_customer_id,
                "merchant_customer_id": result.merchant_customer_id,
                "status_code": result.status_code,
                "response_headers": dict(sorted(result.response_headers.items())),
            }
        }
    out: dict[str, Any] = {"type": type(result).__name__, "code": result.code.value, "message": result.message}
    if isinstance(result, paywire.ConnectorError):
        out |= {
            "connector_code": result.connector_code,
            "connector_message": result.connector_message,
            "param": result.param,
            "request_id": result.request_id,
            "status_code": result.status_code,
            "retryable": result.retryable,
            "retry_after": result.retry_after,
            "duplicate_of": result.duplicate_of,
            "details": dict(sorted(result.details.items())),
        }
    fields = getattr(result, "field_errors", None)
    if fields is not None:
        out["fields"] = [{e.field: e.type} for e in fields]  # each field with why: too long, missing...
    return {"error": out}


def _lines(value: Any) -> list[str]:
    text: str = yaml.safe_dump(value, allow_unicode=True, sort_keys=True, width=100)
    return text.splitlines()


def differences(expected: Mapping[str, Any], got: Mapping[str, Any]) -> str | None:
    """How ``got`` differs from ``expected`` (a unified diff), or None when they are equal."""
    if expected == got:
        return None
    diff = difflib.unified_diff(_lines(expected), _lines(got), "expected", "got", lineterm="", n=2)
    return "\n".join(diff)


def proposed(
    calls: Sequence[tuple[dict[str, Any] | None, str | None, Outcome]], base: Expectation | None
) -> Expectation:
    """The expectation a recording or replay proposes: ``base``'s settings, these outcomes."""
    entries = [
        CallExpectation(request=request, idempotency_key=key, outcome=outcome_of(result))
        for request, key, result in calls
    ]
    if base is None:
        return Expectation(calls=entries)
    return base.model_copy(update={"calls": entries})
