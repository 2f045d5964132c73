"""Adyen's limits, checked at creation: exactly at the limit passes, one over fails naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paywire
from paywire_adyen import shopper_fields
from paywire_adyen._shopper import check_telephone

CREDENTIALS = {"api_key": "AQE_test_key_000", "merchant_account": "PaywireTestMerchant"}

ADDRESS = {"line1": "1 Main Street", "city": "Berlin", "zip_code": "10115", "country_alpha2_code": "DE"}


def rejects(create: Any, **fields: Any) -> tuple[str, ...]:
    with pytest.raises(paywire.InvalidRequestError) as err:
        create(**fields)
    return err.value.fields


def fields_for(**fields: Any) -> dict[str, Any]:
    return shopper_fields(paywire.CreateCustomerRequest.model_validate(fields))


# -- shopperName -------------------------------------------------------------------------------


def test_customer_name_parts_at_80_pass_and_81_fail(create: Any) -> None:
    assert create(customer_name=f"{'A' * 80} {'B' * 80}").connector_customer_id
    assert rejects(create, customer_name=f"{'A' * 81} B") == ("customer_name",)
    assert rejects(create, customer_name=f"A {'B' * 81}") == ("customer_name",)


def test_billing_name_parts_at_80_pass_and_81_fail(create: Any) -> None:
    at = {"first_name": "A" * 80, "last_name": "B" * 80}
    assert create(address={"billing_address": at}).connector_customer_id
    assert rejects(create, address={"billing_address": {**at, "first_name": "A" * 81}}) == (
        "address.billing_address.first_name",
    )
    assert rejects(create, address={"billing_address": {**at, "last_name": "B" * 81}}) == (
        "address.billing_address.last_name",
    )


def test_shipping_name_parts_at_80_pass_and_81_fail(create: Any) -> None:
    shipping = {**ADDRESS, "first_name": "A" * 80, "last_name": "B" * 80}
    assert create(address={"shipping_address": shipping}).connector_customer_id
    assert rejects(create, address={"shipping_address": {**shipping, "first_name": "A" * 81}}) == (
        "address.shipping_address.first_name",
    )


def test_name_split_rule() -> None:
    assert fields_for(customer_name="Mary Ann Smith")["shopperName"] == {"firstName": "Mary", "lastName": "Ann Smith"}


def test_billing_names_win_over_the_split(create: Any) -> None:
    fields = fields_for(
        customer_name="Zoë Ñúñez 山田", address={"billing_address": {"first_name": "Zoë", "last_name": "Ñúñez 山田"}}
    )
    assert fields["shopperName"] == {"firstName": "Zoë", "lastName": "Ñúñez 山田"}
    # billing names that say more than customer_name contradict it (paywire.person_name): refused
    contradicting = {"billing_address": {"first_name": "Cher", "last_name": "Sarkisian"}}
    assert rejects(create, customer_name="Cher", address=contradicting) == (
        "address.billing_address.first_name",
        "address.billing_address.last_name",
    )


def test_one_word_name_and_half_a_billing_name_fail(create: Any) -> None:
    assert rejects(create, customer_name="Cher") == ("customer_name",)
    assert rejects(create, address={"billing_address": {"first_name": "Jane"}}) == (
        "address.billing_address.last_name",
    )
    assert rejects(create, address={"billing_address": {"last_name": "Roe"}}) == ("address.billing_address.first_name",)


# -- telephoneNumber and e-mail ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("+11234", True),  # 1-digit code + 4 digits: the shortest
        ("+1123", False),
        ("+123" + "4" * 15, True),  # 3-digit code + 15 digits: the longest
        ("+123" + "4" * 16, False),
        ("14155550100", False),  # no '+'
        ("+1 415 555 0100", False),
    ],
)
def test_adyen_telephone_pattern(number: str, ok: bool) -> None:
    assert check_telephone(number) is ok


def test_phone_and_email_are_carried(create: Any) -> None:
    fields = fields_for(email="jane@example.com", phone_number="+14155550100")
    assert fields["shopperEmail"] == "jane@example.com"
    assert fields["telephoneNumber"] == "+14155550100"
    fields = fields_for(
        address={
            "billing_address": {"email": "jane@example.com", "phone_number": "4155550100", "phone_country_code": "+1"}
        }
    )
    assert fields["shopperEmail"] == "jane@example.com"
    assert fields["telephoneNumber"] == "+14155550100"


def test_conflicting_contact_details_fail(create: Any) -> None:
    assert rejects(create, email="jane@example.com", address={"billing_address": {"email": "john@example.com"}}) == (
        "address.billing_address.email",
    )
    assert create(email="Jane@Example.com", address={"billing_address": {"email": "jane@example.com"}})
    billing_phone = {"phone_number": "4155550199", "phone_country_code": "+1"}
    assert rejects(create, phone_number="+14155550100", address={"billing_address": billing_phone}) == (
        "address.billing_address.phone_number",
    )
    assert rejects(create, address={"billing_address": {"phone_number": "4155550199"}}) == (
        "address.billing_address.phone_country_code",
    )


# -- addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["line1", "city", "zip_code", "country_alpha2_code"])
@pytest.mark.parametrize("kind", ["billing_address", "shipping_address"])
def test_address_requires_adyens_parts(create: Any, kind: str, missing: str) -> None:
    address = {k: v for k, v in ADDRESS.items() if k != missing}
    fields = rejects(create, address={kind: address})
    assert f"address.{kind}.{missing}" in fields


def test_address_maps_line1_and_line2() -> None:
    fields = fields_for(address={"billing_address": {**ADDRESS, "line2": "Apt 4", "line3": "Floor 2"}})
    assert fields["billingAddress"] == {
        "street": "Main Street",
        "houseNumberOrName": "1, Apt 4, Floor 2",
        "city": "Berlin",
        "postalCode": "10115",
        "country": "DE",
    }
    trailing = fields_for(address={"billing_address": {**ADDRESS, "line1": "Straße 12a"}})["billingAddress"]
    assert (trailing["street"], trailing["houseNumberOrName"]) == ("Straße", "12a")
    named = fields_for(
        address={
            "shipping_address": {
                **ADDRESS,
                "line1": "Mill Lane",
                "line2": "Rose Cottage",
                "first_name": "John",
                "last_name": "Roe",
            }
        }
    )["deliveryAddress"]
    assert (named["street"], named["houseNumberOrName"]) == ("Mill Lane", "Rose Cottage")
    assert (named["firstName"], named["lastName"]) == ("John", "Roe")


def test_address_without_house_number_or_name_fails(create: Any) -> None:
    assert rejects(create, address={"billing_address": {**ADDRESS, "line1": "Main Street"}}) == (
        "address.billing_address.line1",
    )


def test_names_alone_make_no_address(create: Any) -> None:
    assert "billingAddress" not in fields_for(address={"billing_address": {"first_name": "Jane", "last_name": "Roe"}})
    assert rejects(create, address={"shipping_address": {"first_name": "John", "last_name": "Roe"}}) == (
        "address.shipping_address.line1",
    )


@pytest.mark.parametrize(
    ("country", "zip_code", "ok"),
    [
        ("US", "94107", True),
        ("US", "941070", False),  # six digits
        ("US", "94107-1234", False),  # ZIP+4: Adyen takes at most five digits
        ("DE", "1" * 10, True),
        ("DE", "1" * 11, False),
        ("GB", "SW1A 1AA", True),
    ],
)
def test_postal_code_limits(create: Any, country: str, zip_code: str, ok: bool) -> None:
    address = {**ADDRESS, "country_alpha2_code": country, "zip_code": zip_code, "state": "CA"}
    if ok:
        assert create(address={"billing_address": address})
    else:
        assert rejects(create, address={"billing_address": address}) == ("address.billing_address.zip_code",)


@pytest.mark.parametrize("country", ["US", "CA"])
def test_state_required_for_us_and_canada(create: Any, country: str) -> None:
    address = {**ADDRESS, "country_alpha2_code": country, "zip_code": "94107"}
    assert rejects(create, address={"billing_address": address}) == ("address.billing_address.state",)
    assert rejects(create, address={"billing_address": {**address, "state": "Calif"}}) == (
        "address.billing_address.state",
    )
    assert create(address={"billing_address": {**address, "state": "ON"}})


# -- metadata ----------------------------------------------------------------------------------


def test_metadata_20_pairs_pass_21_fail(create: Any) -> None:
    assert create(metadata={f"k{i}": "v" for i in range(20)})
    assert rejects(create, metadata={f"k{i}": "v" for i in range(21)}) == ("metadata",)


def test_metadata_key_20_passes_21_fails(create: Any) -> None:
    assert create(metadata={"k" * 20: "v"})
    assert rejects(create, metadata={"k" * 21: "v"}) == ("metadata." + "k" * 21,)


def test_metadata_value_80_passes_81_fails(create: Any) -> None:
    assert create(metadata={"note": "v" * 80})
    assert rejects(create, metadata={"note": "v" * 81}) == ("metadata.note",)


@given(
    st.dictionaries(
        st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=40),
        st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=120),
        max_size=30,
    )
)
def test_metadata_accepted_exactly_within_adyens_limits(metadata: dict[str, str]) -> None:
    within = len(metadata) <= 20 and all(len(k) <= 20 and len(v) <= 80 for k, v in metadata.items())
    client = paywire.Client("adyen", credentials=CREDENTIALS)
    if within:
        assert client.customers.create(metadata=metadata).connector_customer_id
        assert shopper_fields(paywire.CreateCustomerRequest(metadata=metadata)).get("metadata", {}) == metadata
    else:
        with pytest.raises(paywire.InvalidRequestError) as err:
            client.customers.create(metadata=metadata)
        assert err.value.fields
        assert all(f == "metadata" or f.startswith("metadata.") for f in err.value.fields)


# -- fields Adyen cannot take ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"description": "Gold plan subscriber"}, "description"),
        ({"connector_feature_data": {"x": 1}}, "connector_feature_data"),
        ({"address": {"shipping_address": {**ADDRESS, "email": "j@example.com"}}}, "address.shipping_address.email"),
        (
            {"address": {"shipping_address": {**ADDRESS, "phone_number": "4155550199", "phone_country_code": "+1"}}},
            "address.shipping_address.phone_number",
        ),
    ],
)
def test_unsupported_fields_are_rejected_not_dropped(create: Any, fields: dict[str, Any], field: str) -> None:
    assert field in rejects(create, **fields)
    assert field in paywire.registry().connector("adyen").info.unsupported_fields


def test_first_preferred_locale_is_the_shopper_locale() -> None:
    assert fields_for(preferred_locales=["fr-CA", "en"])["shopperLocale"] == "fr-CA"


def test_every_problem_is_reported_at_once(create: Any) -> None:
    fields = rejects(
        create,
        customer_name="Cher",
        description="x",
        metadata={"k" * 21: "v"},
        address={"billing_address": {"city": "Berlin"}},
    )
    assert set(fields) >= {
        "customer_name",
        "description",
        "metadata." + "k" * 21,
        "address.billing_address.line1",
        "address.billing_address.zip_code",
        "address.billing_address.country_alpha2_code",
    }
