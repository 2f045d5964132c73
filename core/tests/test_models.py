"""Canonical models: what is accepted, what is refused, and that nothing personal is printed."""

from __future__ import annotations

import pytest

import paywire
from paywire import CreateCustomerRequest, InvalidRequestError
from paywire._models import validate_model


def invalid(**fields: object) -> InvalidRequestError:
    with pytest.raises(InvalidRequestError) as info:
        validate_model(CreateCustomerRequest, fields)
    return info.value


def test_every_field_is_optional() -> None:
    assert CreateCustomerRequest().metadata == {}


def test_full_request_round_trips_the_seed_fields() -> None:
    req = CreateCustomerRequest.model_validate(
        {
            "merchant_customer_id": "user_42",
            "customer_name": "Jane Roe",
            "email": "jane@example.com",
            "phone_number": "+14155550100",
            "description": "vip",
            "preferred_locales": ["en-US"],
            "address": {
                "billing_address": {
                    "line1": "1 Main",
                    "city": "SF",
                    "country_alpha2_code": "us",
                    "phone_number": "4155550100",
                    "phone_country_code": "+1",
                }
            },
            "metadata": {"k": "v"},
            "connector_feature_data": {"x": [1, {"y": None}]},
            "test_mode": True,
        }
    )
    assert req.email is not None and req.email.get_secret_value() == "jane@example.com"
    billing = req.address.billing_address  # type: ignore[union-attr]
    assert billing is not None and billing.country_alpha2_code == "US"
    assert billing.city is not None and billing.city.get_secret_value() == "SF"


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"phone_number": "4155550100"}, "phone_number"),
        ({"phone_number": "+0123456789"}, "phone_number"),
        (
            {"address": {"billing_address": {"country_alpha2_code": "XX"}}},
            "address.billing_address.country_alpha2_code",
        ),
        (
            {"address": {"shipping_address": {"country_alpha2_code": "USA"}}},
            "address.shipping_address.country_alpha2_code",
        ),
        ({"address": {"billing_address": {"phone_country_code": "1"}}}, "address.billing_address.phone_country_code"),
        ({"address": {"billing_address": {"zip_code": ""}}}, "address.billing_address.zip_code"),
        ({"customer_name": "Jane\nRoe"}, "customer_name"),
        ({"customer_name": "J\x00"}, "customer_name"),
        ({"customer_name": "x" * 257}, "customer_name"),
        ({"customer_name": ""}, "customer_name"),
        ({"metadata": {f"k{i}": "v" for i in range(51)}}, "metadata"),
        ({"metadata": {"k" * 41: "v"}}, "metadata.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk.[key]"),
        ({"metadata": {"k": "v" * 501}}, "metadata.k"),
        ({"metadata": {"k": 1}}, "metadata.k"),
        ({"preferred_locales": ["english!"]}, "preferred_locales.0"),
        ({"test_mode": "maybe"}, "test_mode"),
    ],
)
def test_invalid_input_names_the_field(fields: dict[str, object], path: str) -> None:
    assert path in invalid(**fields).fields


def test_boundaries_are_inclusive() -> None:
    CreateCustomerRequest(customer_name="x" * 256, metadata={f"k{i}": "v" * 500 for i in range(50)})
    CreateCustomerRequest(metadata={"k" * 40: "v"}, phone_number="+123456789012345")


def test_unknown_field_is_refused_with_a_suggestion() -> None:
    error = invalid(emial="jane@example.com")
    assert error.fields == ("emial",)
    assert "did you mean 'email'" in str(error)


def test_error_messages_never_echo_values() -> None:
    error = invalid(email="secret.person@nowhere", customer_name="Top\tSecret", phone_number="555-SECRET")
    text = str(error) + repr(error) + repr(error.field_errors)
    for value in ("secret.person", "Top", "SECRET"):
        assert value not in text


def test_repr_masks_personal_data() -> None:
    req = CreateCustomerRequest(
        customer_name="Jane Roe",
        email="jane@example.com",
        phone_number="+14155550100",
        metadata={"ssn": "123"},
        address={"billing_address": {"line1": "1 Main St", "city": "Springfield"}},
    )
    text = repr(req) + str(req)
    for value in ("Jane", "jane@example.com", "4155550100", "123", "Main", "Springfield"):
        assert value not in text
    assert "merchant_customer_id=None" in text


def test_models_are_frozen() -> None:
    req = CreateCustomerRequest(email="jane@example.com")
    with pytest.raises(Exception, match="frozen"):
        req.email = None  # type: ignore[misc]


def test_error_info_has_the_seed_shape() -> None:
    err = paywire.ConnectorError(
        paywire.ErrorCode.RATE_LIMITED, "slow down", connector="x", connector_code="rate_limit", param="email"
    )
    info = err.error_info
    assert info.unified_details is not None and info.unified_details.code == "rate_limited"
    assert info.connector_details is not None and info.connector_details.code == "rate_limit"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"id": "cus_1"}', {"id": "cus_1"}),
        (b'  \n{"a": 1}', {"a": 1}),
        (b"", None),
        (b"<html>502 Bad Gateway</html>", None),
        (b'{"id": "cus_', None),
        (b"[1, 2]", None),
        (b'{"a": "\xff"}', None),
        (b"[" * 100_000, None),
        (b'{"pad": "' + b"x" * 2_000_000 + b'"}', None),
    ],
)
def test_json_object_reads_only_a_bounded_json_object(body: bytes, expected: object) -> None:
    assert paywire.HttpResponse(200, {}, body).json_object() == expected


def test_json_object_size_limit_is_adjustable() -> None:
    response = paywire.HttpResponse(200, {}, b'{"k": "' + b"v" * 100 + b'"}')
    assert response.json_object(max_bytes=50) is None
    assert response.json_object(max_bytes=500) == {"k": "v" * 100}


def test_control_character_check_matches_unicode_categories_cc_and_cs() -> None:
    import sys
    import unicodedata

    from paywire._validators import check_no_control_chars

    def refused(ch: str) -> bool:
        try:
            check_no_control_chars(ch)
        except ValueError:
            return True
        return False

    wrong = [
        cp for cp in range(sys.maxunicode + 1) if refused(chr(cp)) != (unicodedata.category(chr(cp)) in ("Cc", "Cs"))
    ]
    assert wrong == []


def test_field_errors_collects_and_raises_once() -> None:
    errors = paywire.FieldErrors("Acme")
    errors.max_length("customer_name", "x" * 10, 10)
    errors.max_length("description", None, 1)
    assert not errors
    errors.max_length("customer_name", "x" * 11, 10)
    errors.add("address.billing_address.line3", "Acme has two lines", "not_supported")
    with pytest.raises(InvalidRequestError) as info:
        errors.raise_if_any()
    assert info.value.fields == ("customer_name", "address.billing_address.line3")
    assert "Acme accepts at most 10 characters" in str(info.value)
    assert "invalid request for Acme" in str(info.value)
    assert "xxxxxxxxxxx" not in str(info.value)


def test_plain_reads_secret_and_plain_text() -> None:
    from pydantic import SecretStr

    assert paywire.plain(SecretStr("s")) == "s"
    assert paywire.plain("t") == "t"
    assert paywire.plain(None) is None
