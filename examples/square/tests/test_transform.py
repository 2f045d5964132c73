"""Canonical request -> Square CreateCustomer body: every field mapped or refused by name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import event, given, settings

import paywire
import paywire_square
from paywire_harness import strategies

KEY = "key-123"
CLIENT = paywire.Client("square", credentials={"access_token": "EAAA_fake_token"})


def body_of(**fields: Any) -> dict[str, Any]:
    """The JSON body the client sends (the core's checks and the idempotency key included)."""
    body: dict[str, Any] = json.loads(CLIENT.customers.prepare(fields, idempotency_key=KEY).body)
    return body


def refused_fields(**fields: Any) -> tuple[str, ...]:
    with pytest.raises(paywire.InvalidRequestError) as info:
        body_of(**fields)
    return info.value.fields


BILLING = {
    "first_name": "Jane",
    "last_name": "Roe",
    "line1": "1 Main Street",
    "line2": "Apt 4",
    "line3": "Building B",
    "city": "San Francisco",
    "state": "CA",
    "zip_code": "94107",
    "country_alpha2_code": "US",
    "email": "jane.roe@example.com",
    "phone_number": "4155550100",
    "phone_country_code": "+1",
}


def test_every_field_square_holds_is_mapped() -> None:
    body = body_of(
        merchant_customer_id="user_42",
        customer_name="Jane Roe",
        email="jane.roe@example.com",
        phone_number="+14155550100",
        description="Gold plan subscriber",
        address={"billing_address": BILLING},
        connector_feature_data={"company_name": "Roe & Co", "nickname": "JR", "birthday": "1990-09-21"},
        test_mode=True,
    )
    assert body == {
        "given_name": "Jane",
        "family_name": "Roe",
        "email_address": "jane.roe@example.com",
        "phone_number": "+14155550100",
        "address": {
            "address_line_1": "1 Main Street",
            "address_line_2": "Apt 4",
            "address_line_3": "Building B",
            "locality": "San Francisco",
            "administrative_district_level_1": "CA",
            "postal_code": "94107",
            "country": "US",
        },
        "reference_id": "user_42",
        "note": "Gold plan subscriber",
        "company_name": "Roe & Co",
        "nickname": "JR",
        "birthday": "1990-09-21",
        "idempotency_key": KEY,
    }


def test_billing_name_contradicting_customer_name_is_refused() -> None:
    fields = refused_fields(customer_name="Jane Roe", address={"billing_address": {"first_name": "John"}})
    assert fields == ("address.billing_address.first_name",)


def test_billing_contact_must_agree_with_customer_level() -> None:
    fields = refused_fields(
        email="jane@example.com",
        phone_number="+14155550100",
        address={
            "billing_address": {"email": "other@example.com", "phone_number": "4155550199", "phone_country_code": "+1"}
        },
    )
    assert set(fields) == {"address.billing_address.email", "address.billing_address.phone_number"}


def test_billing_contact_fills_customer_level_when_absent() -> None:
    body = body_of(
        address={
            "billing_address": {"email": "jane@example.com", "phone_number": "4155550100", "phone_country_code": "+1"}
        }
    )
    assert body["email_address"] == "jane@example.com"
    assert body["phone_number"] == "+14155550100"


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({"metadata": {"plan": "gold"}}, "metadata"),
        ({"preferred_locales": ["en-US"]}, "preferred_locales"),
        ({"address": {"shipping_address": {"line1": "500 Market Street"}}}, "address.shipping_address.line1"),
    ],
)
def test_unsupported_fields_are_refused_by_name(fields: dict[str, Any], refused: str) -> None:
    assert refused_fields(email="jane@example.com", **fields) == (refused,)
    assert any(refused.startswith(entry) for entry in paywire_square.UNSUPPORTED_FIELDS)


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({"merchant_customer_id": "u" * 101}, "merchant_customer_id"),
        ({"connector_feature_data": {"nickname": "n" * 101}}, "connector_feature_data.nickname"),
        ({"connector_feature_data": {"tax_ids": {"eu_vat": "x"}}}, "connector_feature_data.tax_ids"),
        ({"connector_feature_data": {"company_name": 7}}, "connector_feature_data.company_name"),
        ({"address": {"billing_address": {"phone_country_code": "+1"}}}, "address.billing_address.phone_country_code"),
    ],
)
def test_square_limits_are_checked_before_sending(fields: dict[str, Any], refused: str) -> None:
    assert refused in refused_fields(email="jane@example.com", **fields)


def test_square_needs_one_identifying_field() -> None:
    assert refused_fields(merchant_customer_id="user_42") == ("customer_name",)
    assert body_of(connector_feature_data={"company_name": "Roe & Co"})["company_name"] == "Roe & Co"


def test_blank_customer_name_is_refused() -> None:
    assert refused_fields(customer_name="   ", email="jane@example.com") == ("customer_name",)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


@settings(max_examples=300)
@given(strategies.create_customer_requests())
def test_nothing_is_dropped_silently(generated: paywire.CreateCustomerRequest) -> None:
    """Any canonical request is refused naming fields, or every value it holds reaches the body.

    Fields Square never holds are removed first, so most examples reach the body."""
    address = generated.address
    if address is not None:
        address = address.model_copy(update={"shipping_address": None})
    request = generated.model_copy(update={"metadata": {}, "preferred_locales": (), "address": address})
    try:
        body = json.loads(CLIENT.customers.prepare(request, idempotency_key=KEY).body)
    except paywire.InvalidRequestError as exc:
        refused: tuple[str, ...] = exc.fields
    else:
        refused = ()
    if refused:
        event(f"refused: {sorted(set(refused))}")
        return
    event("sent")
    sent = json.dumps(body, ensure_ascii=False)
    data = request.model_dump(mode="json", exclude_none=True, exclude={"test_mode"})
    for name, value in data.items():
        if name == "email" or name == "address":
            continue  # SecretStr dumps masked; checked below
        for text in _strings(value):
            for word in text.split(" "):
                assert json.dumps(word, ensure_ascii=False)[1:-1] in sent, name
    if request.email is not None:
        assert body["email_address"] == request.email.get_secret_value()
    billing = request.address.billing_address if request.address else None
    if billing is not None:
        for part in ("line1", "line2", "line3", "city", "state", "zip_code", "first_name", "last_name"):
            value = getattr(billing, part)
            if value is not None:
                for word in value.get_secret_value().split(" "):
                    assert json.dumps(word, ensure_ascii=False)[1:-1] in sent, part
