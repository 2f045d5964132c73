"""The conformance scenarios: canonical input and the expected canonical outcome, defined here
once for every connector.

A connector whose operation is REMOTE supplies one cassette per scenario,
``<cassettes>/<connector>/<scenario>.yaml``, recorded with the scenario's ``idempotency_keys``
(so the requests are reproducible), or skips it with a reason in ``<cassettes>/<connector>/harness.toml``.
Scenarios marked ``remote_only`` do not apply to a LOCAL operation; the others are run against
a LOCAL operation with no cassette and must make no request at all.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from paywire import CreateCustomerRequest, ErrorCode

__all__ = ["EVERY_FIELD", "SCENARIOS", "Call", "Scenario", "only_field", "scenario", "without_fields"]


@dataclass(frozen=True)
class Call:
    """One ``client.customers.create`` call of a scenario and what it must produce."""

    request: dict[str, Any]
    idempotency_key: str
    expect_error: ErrorCode | None = None
    """None: a customer is returned; else a ConnectorError with this canonical code."""

    def canonical(self, without: Iterable[str] = ()) -> CreateCustomerRequest:
        """The call's request, less the dotted fields in ``without`` (a connector's declared
        ``unsupported_fields``: capabilities decide what a scenario asks of a connector)."""
        return CreateCustomerRequest.model_validate(without_fields(self.request, without))

    def expected_merchant_customer_id(self, without: Iterable[str] = ()) -> Any:
        return without_fields(self.request, without).get("merchant_customer_id")


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    calls: tuple[Call, ...]
    max_retries: int = 0
    """The client's max_retries for this scenario."""
    remote_only: bool = False
    """Only meaningful when the processor is called (does not apply to LOCAL operations)."""
    same_customer: bool = False
    """Every successful call must return the same connector_customer_id."""
    interactions: int = field(default=0)
    """How many HTTP exchanges the cassette holds (0: one per call)."""

    def expected_interactions(self) -> int:
        return self.interactions or len(self.calls)


MINIMAL = {"email": "jane@example.com"}

FULL_PROFILE: dict[str, Any] = {
    "merchant_customer_id": "user_42",
    "customer_name": "Jane Roe",
    "email": "jane.roe@example.com",
    "phone_number": "+14155550100",
    "description": "Gold plan subscriber",
    "preferred_locales": ["en-US", "fr"],
    "address": {
        "billing_address": {
            "first_name": "Jane",
            "last_name": "Roe",
            "line1": "1 Main Street",
            "line2": "Apt 4",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94107",
            "country_alpha2_code": "US",
            "email": "jane.roe@example.com",
            "phone_number": "4155550100",
            "phone_country_code": "+1",
        },
        "shipping_address": {
            "first_name": "John",
            "last_name": "Roe",
            "line1": "500 Market Street",
            "city": "San Francisco",
            "state": "CA",
            "zip_code": "94105",
            "country_alpha2_code": "US",
            "phone_number": "4155550199",
            "phone_country_code": "+1",
        },
    },
    "metadata": {"plan": "gold", "signup_source": "web"},
    "test_mode": True,
}

NON_ASCII = {
    "merchant_customer_id": "user_1002",
    "customer_name": "Zoë Ñúñez",
    "email": "zoe@example.com",
    "description": "Client fidèle — 忠実な顧客",
    "address": {
        "billing_address": {
            "first_name": "Zoë",
            "last_name": "Ñúñez",
            "line1": "Straße 1",
            "city": "München",
            "zip_code": "80331",
            "country_alpha2_code": "DE",
        }
    },
    "metadata": {"note": "café ☕"},
}


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("minimal", "a customer with only an e-mail address", (Call(MINIMAL, "paywire-harness-minimal"),)),
    Scenario(
        "full_profile",
        "every canonical field, both addresses, metadata",
        (Call(FULL_PROFILE, "paywire-harness-full-profile"),),
    ),
    Scenario(
        "non_ascii", "names, addresses and metadata outside ASCII", (Call(NON_ASCII, "paywire-harness-non-ascii"),)
    ),
    Scenario(
        "rejected_input",
        "the processor rejects input paywire let through (HTTP 400)",
        (Call({"email": "rejected@example.com"}, "paywire-harness-rejected-input", ErrorCode.INVALID_REQUEST),),
        remote_only=True,
    ),
    Scenario(
        "bad_credentials",
        "the processor refuses the credentials (HTTP 401)",
        (Call(MINIMAL, "paywire-harness-bad-credentials", ErrorCode.AUTHENTICATION_FAILED),),
        remote_only=True,
    ),
    Scenario(
        "rate_limited",
        "the processor rate-limits the call (HTTP 429), retries disabled",
        (Call(MINIMAL, "paywire-harness-rate-limited", ErrorCode.RATE_LIMITED),),
        remote_only=True,
    ),
    Scenario(
        "processor_down",
        "the processor fails (HTTP 503), retries disabled",
        (Call(MINIMAL, "paywire-harness-processor-down", ErrorCode.PROCESSOR_UNAVAILABLE),),
        remote_only=True,
    ),
    Scenario(
        "retry_succeeds",
        "HTTP 500, then success on the retry with the same idempotency key",
        (Call(MINIMAL, "paywire-harness-retry-succeeds"),),
        max_retries=1,
        remote_only=True,
        interactions=2,
    ),
    Scenario(
        "idempotency_replay",
        "the same request twice with one key returns the same customer",
        (Call(FULL_PROFILE, "paywire-harness-replay"), Call(FULL_PROFILE, "paywire-harness-replay")),
        same_customer=True,
    ),
    Scenario(
        "idempotency_conflict",
        "one key reused with a different request is refused",
        (
            Call(MINIMAL, "paywire-harness-conflict"),
            Call({"email": "someone.else@example.com"}, "paywire-harness-conflict", ErrorCode.IDEMPOTENCY_CONFLICT),
        ),
        remote_only=True,
    ),
)


def scenario(name: str) -> Scenario:
    """The scenario called ``name``."""
    for s in SCENARIOS:
        if s.name == name:
            return s
    raise KeyError(name)


def without_fields(request: dict[str, Any], paths: Iterable[str]) -> dict[str, Any]:
    """A copy of ``request`` without the dotted ``paths`` (``address.shipping_address.email``)."""
    out = copy.deepcopy(request)
    for path in paths:
        *parents, leaf = path.split(".")
        node: Any = out
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(leaf, None)
    return out


EVERY_FIELD: dict[str, Any] = {
    **FULL_PROFILE,
    "address": {
        "billing_address": {**FULL_PROFILE["address"]["billing_address"], "line3": "Building C"},
        "shipping_address": {
            **FULL_PROFILE["address"]["shipping_address"],
            "line2": "Floor 2",
            "line3": "Suite 9",
            "email": "john.roe@example.com",
        },
    },
    "connector_feature_data": {"paywire_harness_probe": "1"},
}
"""A request with a value in every canonical field, to probe declared ``unsupported_fields``."""


def only_field(path: str) -> dict[str, Any] | None:
    """A request holding only the dotted ``path``'s value from EVERY_FIELD; None if no such field."""
    *parents, leaf = path.split(".")
    node: Any = EVERY_FIELD
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict) or leaf not in node:
        return None
    result: dict[str, Any] = {leaf: copy.deepcopy(node[leaf])}
    for part in reversed(parents):
        result = {part: result}
    return result
