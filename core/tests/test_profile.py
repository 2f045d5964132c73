"""The helpers for processors that keep one name, e-mail and phone: the value to send, and the
fields they cannot keep, recorded by canonical name."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

import paywire
from paywire import FieldErrors, contact, metadata_with_merchant_id, person_name, single_value

B = "address.billing_address"


def request(**fields: Any) -> paywire.CreateCustomerRequest:
    return paywire.CreateCustomerRequest.model_validate(fields)


def billing(**parts: Any) -> dict[str, Any]:
    return {"billing_address": parts}


def test_single_value_keeps_the_first_and_names_a_disagreeing_one() -> None:
    errors = FieldErrors("Acme")
    assert single_value(errors, "e-mail", ("email", None), (f"{B}.email", "b@example.com")) == "b@example.com"
    assert (
        single_value(errors, "e-mail", ("email", "a@example.com"), (f"{B}.email", "a@example.com")) == "a@example.com"
    )
    assert not errors
    assert (
        single_value(errors, "e-mail", ("email", "a@example.com"), (f"{B}.email", "b@example.com")) == "a@example.com"
    )
    [error] = errors.items
    assert error.field == f"{B}.email"
    assert error.message == "differs from email: Acme keeps a single e-mail; leave it out or make it equal"
    assert "b@example.com" not in str(error)


@pytest.mark.parametrize(
    ("fields", "expected", "refused"),
    [
        ({"email": "a@example.com", "phone_number": "+14155550100"}, ("a@example.com", "+14155550100"), []),
        (
            {"address": billing(email="b@example.com", phone_number="4155550100", phone_country_code="+1")},
            ("b@example.com", "+14155550100"),
            [],
        ),
        (
            {"phone_number": "+14155550100", "address": billing(phone_number="4155550100", phone_country_code="+1")},
            (None, "+14155550100"),
            [],
        ),
        (
            {"phone_number": "+14155550100", "address": billing(phone_number="4155550199", phone_country_code="+1")},
            (None, "+14155550100"),
            [f"{B}.phone_number"],
        ),
        ({"address": billing(phone_country_code="+44")}, (None, None), [f"{B}.phone_country_code"]),
    ],
)
def test_contact(fields: dict[str, Any], expected: tuple[str | None, str | None], refused: list[str]) -> None:
    errors = FieldErrors("Acme")
    assert contact(request(**fields), errors) == expected
    assert [e.field for e in errors.items] == refused


@pytest.mark.parametrize(
    ("fields", "expected", "refused"),
    [
        ({"customer_name": "Ana María López"}, ("Ana", "María López"), []),
        ({"address": billing(first_name="Jane", last_name="Roe")}, ("Jane", "Roe"), []),
        ({"customer_name": "Jane Roe", "address": billing(first_name="Jane")}, ("Jane", "Roe"), []),
        (
            {"customer_name": "Jane Roe", "address": billing(first_name="John", last_name="Roe")},
            (None, None),
            [f"{B}.first_name", f"{B}.last_name"],
        ),
        ({"customer_name": "   "}, (None, None), ["customer_name"]),
        ({}, (None, None), []),
    ],
)
def test_person_name(fields: dict[str, Any], expected: tuple[str | None, str | None], refused: list[str]) -> None:
    errors = FieldErrors("Acme")
    try:
        built = request(**fields)
    except ValidationError:
        pytest.skip("the canonical model refuses this name already")
    assert person_name(built, errors) == expected
    assert [e.field for e in errors.items] == refused


def test_metadata_with_merchant_id() -> None:
    errors = FieldErrors("Acme")
    key = paywire.MERCHANT_ID_METADATA_KEY
    assert metadata_with_merchant_id(request(merchant_customer_id="m-1", metadata={"a": "1"}), errors) == {
        "a": "1",
        key: "m-1",
    }
    assert metadata_with_merchant_id(request(metadata={"a": "1"}), errors) == {"a": "1"}
    assert not errors
    metadata_with_merchant_id(request(metadata={key: "x"}), errors)
    metadata_with_merchant_id(request(merchant_customer_id="m-1", metadata={"a": "1", "b": "2"}), errors, max_items=2)
    assert [e.field for e in errors.items] == [f"metadata.{key}", "metadata"]


def test_environment_credentials_fail_safe() -> None:
    class Keys(paywire.EnvironmentCredentials):
        key: str

    assert Keys(key="k").live is False
    assert Keys(key="k", environment="production").live is True
    with pytest.raises(ValidationError):
        Keys(key="k", environment="live")  # type: ignore[arg-type]


def test_feature_data_takes_known_text_fields_only() -> None:
    errors = FieldErrors("Acme")
    data = {"company": "Roe & Co", "nickname": "x" * 11, "birthday": 19900921, "unknown": "v", "blank": " "}
    known = {"company": None, "nickname": 10, "birthday": None, "blank": None}
    assert paywire.feature_data(request(connector_feature_data=data), errors, known) == {
        "company": "Roe & Co",
        "nickname": "x" * 11,
    }
    assert [(e.field, e.type) for e in errors.items] == [
        ("connector_feature_data.nickname", "string_too_long"),
        ("connector_feature_data.birthday", "value_error"),
        ("connector_feature_data.unknown", "value_error"),
        ("connector_feature_data.blank", "value_error"),
    ]
    assert "known: company, nickname, birthday, blank" in errors.items[2].message
