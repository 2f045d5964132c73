"""Every canonical field: where it lands in Stripe's form body, or why it is refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest
from stripe_helpers import LIVE_KEY, build

import paywire
from paywire_stripe import MERCHANT_ID_METADATA_KEY
from paywire_stripe._encode import encode_form


def form(request: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    body = build(request, **kwargs).body
    pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=bool(body))
    decoded = dict(pairs)
    assert len(decoded) == len(pairs), "a key was sent twice"
    return decoded


def refused(request: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(request, **kwargs)
    return {e.field: e.message for e in info.value.field_errors}


BILLING = {
    "line1": "1 Main Street",
    "line2": "Apt 4",
    "city": "San Francisco",
    "state": "CA",
    "zip_code": "94107",
    "country_alpha2_code": "us",
}
SHIPPING = {"first_name": "John", "last_name": "Roe", "line1": "500 Market Street", "country_alpha2_code": "US"}


def test_reference_example_body_is_byte_identical() -> None:
    # The body stripe-python sends for these params (stripe-customers.md, "Example body").
    params = {
        "email": "a@b.co",
        "name": "Zoë Ñ",
        "phone": "+14155550100",
        "description": "d",
        "address": {"line1": "1 Main", "city": "SF", "country": "US", "postal_code": "94107"},
        "metadata": {"uid": "42", "k 2": "v&x"},
        "preferred_locales": ["en", "fr"],
    }
    assert encode_form(params) == (
        b"email=a%40b.co&name=Zo%C3%AB+%C3%91&phone=%2B14155550100&description=d&address[line1]=1+Main"
        b"&address[city]=SF&address[country]=US&address[postal_code]=94107&metadata[uid]=42&metadata[k+2]=v%26x"
        b"&preferred_locales[0]=en&preferred_locales[1]=fr"
    )


def test_encoding_of_scalars_none_and_nesting() -> None:
    assert encode_form({"validate": True, "x": False, "balance": -5, "skip": None, "a": {"b": [{"c": "d"}]}}) == (
        b"validate=true&x=false&balance=-5&a[b][0][c]=d"
    )


@pytest.mark.parametrize(
    ("canonical", "stripe", "value"),
    [
        ({"customer_name": "Jane Roe"}, "name", "Jane Roe"),
        ({"email": "jane+x@example.com"}, "email", "jane+x@example.com"),
        ({"phone_number": "+14155550100"}, "phone", "+14155550100"),
        ({"description": "Gold & silver"}, "description", "Gold & silver"),
        ({"description": ""}, "description", ""),
        ({"merchant_customer_id": "user_42"}, f"metadata[{MERCHANT_ID_METADATA_KEY}]", "user_42"),
        ({"metadata": {"plan": "gold"}}, "metadata[plan]", "gold"),
        ({"metadata": {"k 2": "v&x=y"}}, "metadata[k 2]", "v&x=y"),
    ],
)
def test_top_level_fields(canonical: dict[str, Any], stripe: str, value: str) -> None:
    assert form(canonical) == {stripe: value}


def test_preferred_locales_are_indexed() -> None:
    assert form({"preferred_locales": ["en-US", "fr", "de"]}) == {
        "preferred_locales[0]": "en-US",
        "preferred_locales[1]": "fr",
        "preferred_locales[2]": "de",
    }


def test_billing_address_parts() -> None:
    assert form({"address": {"billing_address": BILLING}}) == {
        "address[line1]": "1 Main Street",
        "address[line2]": "Apt 4",
        "address[city]": "San Francisco",
        "address[state]": "CA",
        "address[postal_code]": "94107",
        "address[country]": "US",  # normalised upper-case by the canonical model
    }


def test_billing_contact_fills_customer_level_fields_when_absent() -> None:
    billing = {
        "first_name": "Jane",
        "last_name": "Roe",
        "email": "jane@example.com",
        "phone_number": "4155550100",
        "phone_country_code": "+1",
        "city": "Berlin",
    }
    assert form({"address": {"billing_address": billing}}) == {
        "name": "Jane Roe",
        "email": "jane@example.com",
        "phone": "+14155550100",
        "address[city]": "Berlin",
    }


def test_billing_last_name_alone_becomes_the_name() -> None:
    assert form({"address": {"billing_address": {"last_name": "Roe"}}}) == {"name": "Roe"}


def test_billing_contact_equal_to_customer_level_is_accepted_once() -> None:
    request = {
        "customer_name": "Jane Roe",
        "email": "jane@example.com",
        "phone_number": "+14155550100",
        "address": {
            "billing_address": {
                "first_name": "Jane",
                "last_name": "Roe",
                "email": "jane@example.com",
                "phone_number": "4155550100",
                "phone_country_code": "+1",
            }
        },
    }
    assert form(request) == {"name": "Jane Roe", "email": "jane@example.com", "phone": "+14155550100"}


def test_billing_contact_that_contradicts_customer_level_is_refused() -> None:
    errors = refused(
        {
            "customer_name": "Jane Roe",
            "email": "jane@example.com",
            "phone_number": "+14155550100",
            "address": {
                "billing_address": {
                    "first_name": "Janet",
                    "email": "other@example.com",
                    "phone_number": "4155550199",
                    "phone_country_code": "+1",
                }
            },
        }
    )
    assert set(errors) == {
        "address.billing_address.first_name",
        "address.billing_address.email",
        "address.billing_address.phone_number",
    }
    assert "customer_name" in errors["address.billing_address.first_name"]


def test_shipping_name_phone_and_address() -> None:
    shipping = {
        **SHIPPING,
        "line2": "Floor 2",
        "city": "SF",
        "state": "CA",
        "zip_code": "94105",
        "phone_number": "4155550199",
        "phone_country_code": "+1",
    }
    assert form({"address": {"shipping_address": shipping}}) == {
        "shipping[name]": "John Roe",
        "shipping[phone]": "+14155550199",
        "shipping[address][line1]": "500 Market Street",
        "shipping[address][line2]": "Floor 2",
        "shipping[address][city]": "SF",
        "shipping[address][state]": "CA",
        "shipping[address][postal_code]": "94105",
        "shipping[address][country]": "US",
    }


def test_shipping_needs_a_name_and_an_address() -> None:
    assert set(refused({"address": {"shipping_address": {"line1": "1 Main"}}})) == {
        "address.shipping_address.first_name"
    }
    assert set(refused({"address": {"shipping_address": {"first_name": "Jo"}}})) == {"address.shipping_address"}


def test_empty_addresses_send_nothing() -> None:
    assert form({"address": {"billing_address": {}, "shipping_address": {}}}) == {}


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ({"address": {"billing_address": {"line1": "a", "line3": "c"}}}, "address.billing_address.line3"),
        ({"address": {"shipping_address": {**SHIPPING, "line3": "c"}}}, "address.shipping_address.line3"),
        ({"address": {"shipping_address": {**SHIPPING, "email": "s@example.com"}}}, "address.shipping_address.email"),
    ],
)
def test_unsupported_fields_are_refused_and_declared(request_: dict[str, Any], field: str) -> None:
    assert set(refused(request_)) == {field}
    info = paywire.registry().connector("stripe").info
    assert field in info.unsupported_fields


def test_country_code_without_number_is_refused() -> None:
    errors = refused({"address": {"billing_address": {"phone_country_code": "+1", "city": "x"}}})
    assert set(errors) == {"address.billing_address.phone_country_code"}


def test_metadata_rules() -> None:
    errors = refused({"metadata": {MERCHANT_ID_METADATA_KEY: "x", "a[b]": "y", "empty": ""}})
    assert set(errors) == {f"metadata.{MERCHANT_ID_METADATA_KEY}", "metadata.a[b]", "metadata.empty"}
    fifty = {f"k{i}": "v" for i in range(50)}
    assert len(form({"metadata": fifty})) == 50
    assert set(refused({"metadata": fifty, "merchant_customer_id": "u"})) == {"metadata"}


def test_composed_billing_name_longer_than_stripe_allows_is_refused() -> None:
    errors = refused({"address": {"billing_address": {"first_name": "a" * 200, "last_name": "b" * 100}}})
    assert "256" in errors["address.billing_address.first_name"]


def test_feature_data_is_merged_after_mapped_fields() -> None:
    body = build(
        {
            "email": "a@b.co",
            "connector_feature_data": {
                "tax_exempt": "exempt",
                "invoice_settings": {"footer": "Thanks", "custom_fields": [{"name": "VAT", "value": "DE1"}]},
                "validate": False,
                "balance": 100,
                "test_clock": None,
            },
        }
    ).body
    assert body == (
        b"email=a%40b.co&tax_exempt=exempt&invoice_settings[footer]=Thanks"
        b"&invoice_settings[custom_fields][0][name]=VAT&invoice_settings[custom_fields][0][value]=DE1"
        b"&validate=false&balance=100"
    )


def test_feature_data_may_not_override_mapped_parameters() -> None:
    errors = refused({"connector_feature_data": {"email": "x@y.z", "metadata": {"a": "b"}, "ok": {"x[y]": 1}}})
    assert set(errors) == {
        "connector_feature_data.email",
        "connector_feature_data.metadata",
        "connector_feature_data.ok",
    }


def test_live_key_with_test_mode_is_refused_and_other_combinations_pass() -> None:
    assert set(refused({"test_mode": True}, key=LIVE_KEY)) == {"test_mode"}
    assert set(refused({"test_mode": True}, key="rk_live_abc")) == {"test_mode"}
    build({"test_mode": False}, key=LIVE_KEY)
    build({"test_mode": True}, key="rk_test_abc")


def test_every_error_is_reported_at_once() -> None:
    errors = refused(
        {
            "metadata": {"bad[": "x"},
            "address": {"billing_address": {"line3": "x"}, "shipping_address": {"email": "s@example.com"}},
        }
    )
    assert set(errors) == {"metadata.bad[", "address.billing_address.line3", "address.shipping_address.email"}
