"""Every canonical field: where it lands in Mollie's JSON body, or why it is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mollie_helpers import LIVE_KEY, build

import paywire
from paywire_mollie import MERCHANT_ID_METADATA_KEY, METADATA_MAX_BYTES, MOLLIE_LOCALES, mollie_locale


def body(request: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(build(request, **kwargs).body)
    return decoded


def refused(request: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    with pytest.raises(paywire.InvalidRequestError) as info:
        build(request, **kwargs)
    return {e.field: e.message for e in info.value.field_errors}


def test_the_reference_example_body() -> None:
    # docs.mollie.com/reference/create-customer's example request: {"name":"Customer A","email":"customer@example.org"}
    built = build({"customer_name": "Customer A", "email": "customer@example.org"})
    assert built.body == b'{"name":"Customer A","email":"customer@example.org"}'
    assert (built.method, built.url) == ("POST", "https://api.mollie.com/v2/customers")
    assert built.headers["Content-Type"] == "application/json"


def test_every_field_mollie_holds() -> None:
    assert body(
        {
            "merchant_customer_id": "user_42",
            "customer_name": "Zoë Ñúñez",
            "email": "zoe@example.com",
            "preferred_locales": ["nl-BE"],
            "metadata": {"plan": "gold", "note": "café ☕", "empty": ""},
        }
    ) == {
        "name": "Zoë Ñúñez",
        "email": "zoe@example.com",
        "locale": "nl_BE",
        "metadata": {"plan": "gold", "note": "café ☕", "empty": "", MERCHANT_ID_METADATA_KEY: "user_42"},
    }


def test_non_ascii_is_sent_as_utf8_json() -> None:
    assert build({"customer_name": "Zoë"}).body == '{"name":"Zoë"}'.encode()


def test_an_empty_request_is_an_empty_body() -> None:
    # Every Mollie parameter is optional: an empty customer is valid.
    assert build({}).body == b"{}"


def test_merchant_id_alone_is_the_only_metadata() -> None:
    assert body({"merchant_customer_id": "user_42"}) == {"metadata": {MERCHANT_ID_METADATA_KEY: "user_42"}}


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("en-US", "en_US"),
        ("en_GB", "en_GB"),
        ("EN-gb", "en_GB"),
        ("nl", "nl_NL"),
        ("nl-BE", "nl_BE"),
        ("de-CH", "de_CH"),
        ("fr", "fr_FR"),
        ("en", "en_US"),
        ("ca", "ca_ES"),
        ("nb", "nb_NO"),
        ("nb-NO", "nb_NO"),
        ("pt-PT", "pt_PT"),
        ("lt", "lt_LT"),
    ],
)
def test_locales_mollie_lists(tag: str, locale: str) -> None:
    assert mollie_locale(tag) == locale
    assert body({"preferred_locales": [tag]}) == {"locale": locale}


@pytest.mark.parametrize(
    "tag",
    ["pt", "pt-BR", "no", "no-NO", "ja", "zh-Hant-TW", "es-419", "en-Latn-US", "en-US-POSIX", "fr-CA", "eng"],
)
def test_tags_with_no_mollie_locale_are_refused_by_name(tag: str) -> None:
    assert mollie_locale(tag) is None
    errors = refused({"email": "a@example.com", "preferred_locales": [tag]})
    assert set(errors) == {"preferred_locales"}
    assert errors["preferred_locales"] == refused({"preferred_locales": ["xx"]})["preferred_locales"]  # never the tag
    assert "en_GB" in errors["preferred_locales"]


def test_the_locale_list_is_the_documented_one() -> None:
    assert len(MOLLIE_LOCALES) == 22
    assert {mollie_locale(locale) for locale in MOLLIE_LOCALES} == MOLLIE_LOCALES  # xx_YY maps to itself
    assert {mollie_locale(locale.replace("_", "-")) for locale in MOLLIE_LOCALES} == MOLLIE_LOCALES


def test_mollie_holds_one_locale() -> None:
    assert refused({"preferred_locales": ["en-US", "fr"]}) == {"preferred_locales": "Mollie holds at most 1 items"}


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ({"phone_number": "+31201234567"}, "phone_number"),
        ({"description": "VIP"}, "description"),
        ({"address": {"billing_address": {"city": "Amsterdam"}}}, "address.billing_address.city"),
        ({"address": {"billing_address": {"first_name": "Jane"}}}, "address.billing_address.first_name"),
        ({"address": {"billing_address": {"email": "jane@example.com"}}}, "address.billing_address.email"),
        ({"address": {"shipping_address": {"line1": "Keizersgracht 1"}}}, "address.shipping_address.line1"),
        ({"connector_feature_data": {"testmode": True}}, "connector_feature_data"),
    ],
)
def test_what_mollie_cannot_hold_is_refused_and_declared(request_: dict[str, Any], field: str) -> None:
    assert set(refused({"email": "jane@example.com", **request_})) == {field}
    info = paywire.registry().connector("mollie").info
    assert any(field == u or field.startswith(u + ".") for u in info.unsupported_fields)


def _metadata_of(size: int) -> dict[str, str]:
    """Metadata whose compact JSON is exactly ``size`` bytes (values of at most 500 characters)."""
    metadata: dict[str, str] = {}
    while True:
        key = f"k{len(metadata)}"
        room = size - len(paywire.json_body({**metadata, key: ""}))
        if room <= 500:
            metadata[key] = "x" * room
            return metadata
        metadata[key] = "x" * (500 if room - 500 >= 10 else room - 10)  # leave room for the next pair


def test_metadata_up_to_1024_bytes_is_sent() -> None:
    metadata = _metadata_of(METADATA_MAX_BYTES)
    assert len(paywire.json_body(metadata)) == 1024
    assert body({"metadata": metadata}) == {"metadata": metadata}


def test_metadata_over_1024_bytes_is_refused() -> None:
    assert set(refused({"metadata": _metadata_of(METADATA_MAX_BYTES + 1)})) == {"metadata"}


def test_metadata_bytes_are_counted_in_utf8() -> None:
    # 341 three-byte characters: 1023 bytes of UTF-8 (plus the JSON around them), 341 characters.
    assert set(refused({"metadata": {"k": "€" * 341}})) == {"metadata"}
    assert body({"metadata": {"k": "€" * 338}}) == {"metadata": {"k": "€" * 338}}


def test_the_merchant_id_counts_towards_the_metadata_size() -> None:
    metadata = _metadata_of(1000)
    assert body({"metadata": metadata})["metadata"] == metadata
    errors = refused({"metadata": metadata, "merchant_customer_id": "user_42"})
    assert set(errors) == {"metadata", "merchant_customer_id"}
    assert "1 kB" in errors["metadata"]
    assert set(refused({"merchant_customer_id": "u" * 256, "metadata": _metadata_of(800)})) == {
        "metadata",
        "merchant_customer_id",
    }


def test_the_merchant_id_key_is_reserved() -> None:
    errors = refused({"metadata": {MERCHANT_ID_METADATA_KEY: "x"}})
    assert set(errors) == {f"metadata.{MERCHANT_ID_METADATA_KEY}"}


def test_metadata_keys_that_look_like_paths_are_kept_as_they_are() -> None:
    metadata = {"a.b": "1", "0": "2", "[x]": "3", "k 2": "v&x=y"}
    assert body({"metadata": metadata}) == {"metadata": metadata}


def test_live_key_with_test_mode_is_refused_and_other_combinations_pass() -> None:
    assert set(refused({"test_mode": True}, key=LIVE_KEY)) == {"test_mode"}
    build({"test_mode": False}, key=LIVE_KEY)
    build({"test_mode": True})


def test_every_problem_is_reported_at_once() -> None:
    errors = refused(
        {
            "description": "x",
            "preferred_locales": ["ja"],
            "metadata": {MERCHANT_ID_METADATA_KEY: "x"},
            "address": {"billing_address": {"line1": "x"}},
        }
    )
    assert set(errors) == {
        "description",
        "preferred_locales",
        f"metadata.{MERCHANT_ID_METADATA_KEY}",
        "address.billing_address.line1",
    }


def test_base_url_replaces_scheme_host_and_port_only() -> None:
    assert build({}, base_url="http://127.0.0.1:8080").url == "http://127.0.0.1:8080/v2/customers"
    assert build({}, key=LIVE_KEY).url == "https://api.mollie.com/v2/customers"
