"""The conformance scenarios: canonical input and the expected canonical outcome, defined here
once for every connector, and the connector-specific scenarios a connector adds.

A connector whose operation is REMOTE supplies one cassette per scenario,
``<cassettes>/<connector>/<scenario>.yaml``, recorded with the scenario's idempotency keys (so the
requests are reproducible), and the reviewed outcome of its calls beside it,
``<scenario>.expect.yaml`` (``_expect``); or it skips the scenario with a reason in
``<cassettes>/<connector>/harness.toml``. Scenarios marked ``remote_only`` do not apply to a LOCAL
operation; the others are run against a LOCAL operation with no cassette and must make no
request at all. The idempotency scenarios apply only to the idempotency kinds that can keep their
promise (``Scenario.idempotency``): a processor that recognises no repeated request cannot replay
one. Scenario input is fitted to what the connector declares it holds (``fit``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import paywire
from paywire import ConnectorInfo, CreateCustomerRequest, ErrorCode

__all__ = ["DISAGREEING", "EVERY_FIELD", "LONE_PARTS", "SCENARIOS", "Call", "Scenario", "fit", "scenario"]


@dataclass(frozen=True)
class Call:
    """One ``client.customers.create`` call of a scenario and what it must produce."""

    request: dict[str, Any]
    idempotency_key: str
    expect_error: ErrorCode | None = None
    """None: a customer is returned; else a ConnectorError with this canonical code."""

    def canonical(self, info: ConnectorInfo, *, fitted: bool = True) -> CreateCustomerRequest:
        """The call's request fitted to what ``info`` declares the processor holds (capabilities
        decide what a scenario asks of a connector); ``fitted=False``: as written (a
        connector-specific scenario's input is deliberate, an over-limit value included)."""
        return CreateCustomerRequest.model_validate(fit(self.request, info) if fitted else self.request)


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
    options: dict[str, str] = field(default_factory=dict)
    """The client's options (connector-specific scenarios)."""
    credentials: dict[str, Any] = field(default_factory=dict)
    """Credential values replacing the fake ones (connector-specific scenarios)."""
    custom: bool = False
    """A connector-specific scenario, read from its expectation file."""
    idempotency: frozenset[str] = frozenset()
    """The idempotency kinds (``Idempotency.kind``) the scenario applies to; empty: every kind."""

    def expected_interactions(self) -> int:
        return self.interactions or len(self.calls)

    def not_applicable(self, name: str, info: ConnectorInfo) -> str | None:
        """Why this scenario does not apply to connector ``name`` as ``info`` declares it, or None."""
        capability = info.capability(paywire.Operation.CREATE_CUSTOMER)
        if capability is paywire.Capability.UNSUPPORTED:
            return f"not applicable: {name} does not support customers.create"
        if capability is paywire.Capability.LOCAL and self.remote_only:
            return f"not applicable: {name} computes customers.create locally"
        kind = info.idempotency.kind
        if self.idempotency and kind not in self.idempotency:
            return f"not applicable: {name} declares idempotency {kind!r} ({_WHY_NOT[kind]})"
        if self.same_customer and not info.idempotency.replays:
            return f"not applicable: {name} declares that the processor refuses a repeated key instead of replaying it"
        if self.idempotency and kind == "natural":
            natural = info.idempotency.natural_key
            if any(paywire.field_value(call.canonical(info), path) is None for call in self.calls for path in natural):
                return (
                    f"not applicable: the scenario's request does not hold every field of {name}'s natural key "
                    f"({', '.join(natural)}), so paywire never retries it"
                )
        return None


_WHY_NOT = {
    "none": "the processor recognises no repeated request, so paywire never retries an ambiguous failure",
    "natural": "no key reaches the processor: it recognises a repeat by the profile itself",
    "header": "",
    "body": "",
    "local": "",
}
_REPLAYS = frozenset({"header", "body", "local"})
"""Kinds under which the processor (or a LOCAL connector) answers a repeated key with the first result."""


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
        idempotency=frozenset({"header", "body", "natural"}),
    ),
    Scenario(
        "idempotency_replay",
        "the same request twice with one key returns the same customer",
        (Call(FULL_PROFILE, "paywire-harness-replay"), Call(FULL_PROFILE, "paywire-harness-replay")),
        same_customer=True,
        idempotency=_REPLAYS,
    ),
    Scenario(
        "idempotency_conflict",
        "one key reused with a different request is refused",
        (
            Call(MINIMAL, "paywire-harness-conflict"),
            Call({"email": "someone.else@example.com"}, "paywire-harness-conflict", ErrorCode.IDEMPOTENCY_CONFLICT),
        ),
        remote_only=True,
        idempotency=frozenset({"header", "body"}),
    ),
)


def scenario(name: str) -> Scenario:
    """The scenario called ``name``."""
    for s in SCENARIOS:
        if s.name == name:
            return s
    raise KeyError(name)


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
}
"""A request with a value in every canonical field a scenario sets (``connector_feature_data``
aside): the explicit example every property also tries, fitted to the connector."""

DISAGREEING: dict[str, Any] = {
    **EVERY_FIELD,
    "customer_name": "Jane Q. Roe",
    "address": {
        "billing_address": {
            **EVERY_FIELD["address"]["billing_address"],
            "first_name": "Janet",
            "last_name": "Rowe",
            "email": "billing.desk@example.com",
            "phone_number": "4155550142",
            "phone_country_code": "+44",
        },
        "shipping_address": EVERY_FIELD["address"]["shipping_address"],
    },
}
"""Every canonical field, with the values many processors keep in one place disagreeing: the
customer's name and e-mail and phone against the billing address's. A connector carries both
or refuses the request naming the field; dropping one silently fails ``property:no-silent-drops``."""

LONE_PARTS: dict[str, Any] = {
    "email": "jane.roe@example.com",
    "address": {
        "billing_address": {"last_name": "Roe", "phone_country_code": "+1", "city": "Springfield"},
        "shipping_address": {"first_name": "John", "phone_country_code": "+44", "zip_code": "94105"},
    },
}
"""Parts that mean little alone (a country calling code without a number, a last name without
a first, a city without a street): a connector carries them or refuses them, naming the field."""


# -- fitting canonical input to a connector ----------------------------------------------------
# A processor may hold only part of a canonical field (one locale of a list, a shorter name) or
# none of it. Scenarios are replayed, and property examples generated, within what the connector
# declares (``ConnectorInfo.unsupported_fields`` and ``limits``) instead of being skipped.


def _drop(data: dict[str, Any], path: str) -> None:
    *parents, leaf = path.split(".")
    node: Any = data
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(leaf, None)


def _cut_email(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` characters and still an e-mail address (``check_email``): the
    local part first, then the domain's leading labels, then each label's end. Below five
    characters (``a@b.c``) no address fits, and ``value`` is returned as it is."""
    if len(value) <= limit or limit < 5:
        return value
    local, _, domain = value.rpartition("@")
    labels = domain.split(".")
    while len(labels) > 2 and len(".".join(labels)) > limit - 2:
        labels.pop(0)
    room = limit - 2 - (len(labels) - 1)  # characters left for the labels themselves
    if sum(map(len, labels)) > room:
        each = max(1, room // len(labels))
        labels = [label[:each].rstrip("-") for label in labels]  # a label never ends with '-'
    domain = ".".join(labels)
    return local[: max(1, limit - 1 - len(domain))] + "@" + domain


def _cut(value: Any, limit: paywire.Limit) -> Any:
    if isinstance(value, str):
        return value[: limit.max_length] if limit.max_length is not None else value
    if isinstance(value, list | tuple):
        items = list(value)[: limit.max_items]
        return [_cut(item, paywire.Limit(max_length=limit.max_length)) for item in items]
    if isinstance(value, dict):
        pairs = list(value.items())[: limit.max_items]
        keys = limit.key_max_length
        length = limit.max_length
        return {(k[:keys] if keys else k): (v[:length] if length is not None else v) for k, v in pairs}
    return value


def fit(data: dict[str, Any], info: paywire.ConnectorInfo) -> dict[str, Any]:
    """A copy of the request ``data`` without the fields ``info`` declares unsupported and cut to
    its limits (lists and maps to their most items, text to its most characters)."""
    out = copy.deepcopy(data)
    for path in info.unsupported_fields:
        _drop(out, path)
    for path, limit in info.limits.items():
        *parents, leaf = path.split(".")
        node: Any = out
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and leaf in node:
            if leaf == "email" and isinstance(node[leaf], str) and limit.max_length is not None:
                node[leaf] = _cut_email(node[leaf], limit.max_length)  # an address cut anywhere is no address
            else:
                node[leaf] = _cut(node[leaf], limit)
    for kind in ("billing_address", "shipping_address"):  # an address left empty is no address
        address = out.get("address")
        if isinstance(address, dict) and address.get(kind) == {}:
            address.pop(kind)
    if out.get("address") == {}:
        out.pop("address")
    return out
