"""The strategies: every generated request validates, limits are reached exactly, and the reply
strategies produce what they promise."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, SecretStr

import paywire
from paywire_harness import strategies as S
from paywire_harness.properties import field_values, is_canonical_path

FAST = settings(
    max_examples=300, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def plain(value: Any) -> Any:
    """A model as the plain data a host would pass (secrets revealed)."""
    if isinstance(value, BaseModel):
        return {k: plain(getattr(value, k)) for k in value.model_fields_set}
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


@FAST
@given(S.create_customer_requests())
def test_generated_requests_validate_to_themselves(request: paywire.CreateCustomerRequest) -> None:
    validated = paywire.CreateCustomerRequest.model_validate(plain(request))
    assert validated == request
    assert validated.model_fields_set == request.model_fields_set


@settings(max_examples=20, derandomize=True, database=None, deadline=None)
@given(S.create_customer_requests(full=True))
def test_full_requests_fill_every_field(request: paywire.CreateCustomerRequest) -> None:
    expected = set(paywire.CreateCustomerRequest.model_fields) - {"connector_feature_data", "test_mode"}
    assert request.model_fields_set >= expected
    assert request.address is not None and request.address.billing_address is not None
    assert request.address.billing_address.model_fields_set == set(paywire.Address.model_fields)


def test_text_bounds_are_read_from_the_models() -> None:
    assert S.text_bounds(paywire.CreateCustomerRequest, "customer_name") == (1, 256)
    assert S.text_bounds(paywire.CreateCustomerRequest, "description") == (0, 5000)
    assert S.text_bounds(paywire.Address, "zip_code") == (1, 256)


def test_limits_are_reached_exactly_and_text_leaves_ascii() -> None:
    seen: dict[str, set[int]] = {}
    counts = {"non_ascii": 0, "astral": 0}
    pairs: set[int] = set()

    @settings(
        max_examples=1500, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(S.create_customer_requests())
    def collect(request: paywire.CreateCustomerRequest) -> None:
        for item in field_values(request):
            seen.setdefault(item.path, set()).add(len(item.value))
            counts["non_ascii"] += not item.value.isascii()
            counts["astral"] += any(ord(ch) > 0xFFFF for ch in item.value)
        pairs.add(len(request.metadata))
        if request.email is not None:
            seen.setdefault("email-length", set()).add(len(request.email.get_secret_value()))

    collect()
    assert 256 in seen["customer_name"] and 256 in seen["merchant_customer_id"]
    assert 5000 in seen["description"]
    assert 256 in seen["address.billing_address.city"]
    assert 254 in seen["email-length"]
    assert 50 in pairs
    assert {1, 500} <= seen["metadata"]
    assert 15 in seen["address.billing_address.phone_number"]
    assert counts["non_ascii"] > 300 and counts["astral"] > 30


def test_a_failing_example_shrinks_to_the_fields_it_needs() -> None:
    found = find(S.create_customer_requests(), lambda r: r.customer_name is not None and "x" in r.customer_name)
    assert plain(found) == {"customer_name": "x"}


@FAST
@given(S.emails())
def test_emails_are_whatwg_valid(email: str) -> None:
    validated = paywire.CreateCustomerRequest(email=email).email  # raises for an address the model refuses
    assert validated is not None and validated.get_secret_value() == email


@FAST
@given(S.phone_numbers(), S.locales(), S.countries(), S.metadata())
def test_component_strategies_validate(phone: str, locale: str, country: str, metadata: dict[str, str]) -> None:
    paywire.CreateCustomerRequest(
        phone_number=phone,
        preferred_locales=[locale],
        metadata=metadata,
        address={"billing_address": {"country_alpha2_code": country}},
    )


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(S.create_customer_request_dicts(), S.addresses(), S.payment_addresses(full=True))
def test_field_by_field_strategies_validate(
    data: dict[str, Any], address: paywire.Address, both: paywire.PaymentAddress
) -> None:
    paywire.CreateCustomerRequest.model_validate(data)
    assert both.billing_address is not None and both.shipping_address is not None


@FAST
@given(S.idempotency_keys(64))
def test_idempotency_keys_fit_the_core_rule(key: str) -> None:
    assert 1 <= len(key) <= 64 and key.isascii() and key.isprintable()


@FAST
@given(S.unreadable_bodies())
def test_unreadable_bodies_are_unreadable(body: bytes) -> None:
    assert paywire.HttpResponse(400, body=body).json_object() is None
    if body and not body.startswith(b"<"):
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")


@settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(S.http_responses())
def test_replies_are_bounded_and_varied(response: paywire.HttpResponse) -> None:
    assert 100 <= response.status_code <= 599
    assert len(response.body) <= S.HUGE_BODY_LIMIT
    assert all(name == name.lower() for name in response.headers)


def test_reply_strategy_reaches_every_kind() -> None:
    kinds: set[str] = set()

    @settings(
        max_examples=300,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(S.bodies())
    def collect(body: bytes) -> None:
        if not body:
            kinds.add("empty")
        elif len(body) > 60_000:
            kinds.add("huge")
        elif body.startswith(b"<"):
            kinds.add("html")
        else:
            try:
                json.loads(body)
                kinds.add("json")
            except UnicodeDecodeError:
                kinds.add("invalid-utf8")
            except ValueError:
                kinds.add("truncated-or-junk")

    collect()
    assert kinds == {"empty", "huge", "html", "json", "invalid-utf8", "truncated-or-junk"}


def test_field_values_walk_the_model_generically() -> None:
    request = paywire.CreateCustomerRequest(
        customer_name="Zoë",
        email="zoe@example.com",
        metadata={"plan": "gold"},
        preferred_locales=["fr"],
        address={"shipping_address": {"city": "München", "country_alpha2_code": "de"}},
    )
    found = {(v.path, v.value, v.personal) for v in field_values(request)}
    assert found == {
        ("customer_name", "Zoë", True),
        ("email", "zoe@example.com", True),
        ("metadata", "plan", True),
        ("metadata", "gold", True),
        ("preferred_locales", "fr", False),
        ("address.shipping_address.city", "München", True),
        ("address.shipping_address.country_alpha2_code", "DE", False),
    }


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("email", True),
        ("address.billing_address.zip_code", True),
        ("metadata.order_id", True),
        ("preferred_locales.0", True),
        ("idempotency_key", True),
        ("name", False),
        ("address.billing_address.postal_code", False),
        ("shipping.address.city", False),
    ],
)
def test_canonical_paths(path: str, canonical: bool) -> None:
    assert is_canonical_path(path) is canonical


def test_strategy_namespace_is_public() -> None:
    assert set(S.__all__) <= set(dir(S))
    assert isinstance(S.create_customer_requests(), st.SearchStrategy)
