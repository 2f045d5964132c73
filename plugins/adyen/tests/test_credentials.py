"""Credentials are validated when the client is built, name the field, and never echo the key."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import CREDENTIALS, FAKE_KEY

import paywire
from paywire_adyen import AdyenCredentials


def build_error(credentials: Any) -> paywire.ConfigurationError:
    with pytest.raises(paywire.ConfigurationError) as err:
        paywire.Client("adyen", credentials=credentials)
    assert FAKE_KEY not in str(err.value)
    assert FAKE_KEY not in repr(err.value)
    return err.value


def test_valid_credentials_build_a_client() -> None:
    with paywire.Client("adyen", credentials=CREDENTIALS) as client:
        assert isinstance(client.credentials, AdyenCredentials)
        assert client.credentials.environment == "test"
        assert FAKE_KEY not in repr(client.credentials)
        assert FAKE_KEY not in repr(client)


def test_missing_merchant_account_fails_at_build() -> None:
    err = build_error({"api_key": FAKE_KEY})
    assert err.fields == ("merchant_account",)


def test_missing_api_key_fails_at_build() -> None:
    assert build_error({"merchant_account": "PaywireTestMerchant"}).fields == ("api_key",)


@pytest.mark.parametrize("account", ["ab", "Paywire Test", "a" * 81, "-Paywire", "shop@example.com"])
def test_malformed_merchant_account_fails(account: str) -> None:
    assert build_error({**CREDENTIALS, "merchant_account": account}).fields == ("merchant_account",)


@pytest.mark.parametrize("key", ["", "AQE paywire fake", "AQE_paywire_fake_key_000\n", "AQE_clé_fake"])
def test_malformed_api_key_fails_without_echo(key: str) -> None:
    err = build_error({**CREDENTIALS, "api_key": key})
    assert err.fields == ("api_key",)
    if key.strip():
        assert key.strip() not in str(err)


def test_live_requires_a_prefix() -> None:
    err = build_error({**CREDENTIALS, "environment": "live"})
    assert err.fields == ("live_url_prefix",)


@pytest.mark.parametrize(
    "prefix",
    [
        "https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com",
        "1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com",
        "-AdyenDemo",
        "a" * 64,
        "with space",
    ],
)
def test_malformed_live_prefix_fails(prefix: str) -> None:
    err = build_error({**CREDENTIALS, "environment": "live", "live_url_prefix": prefix})
    assert err.fields == ("live_url_prefix",)


def test_unknown_environment_and_field_fail() -> None:
    assert build_error({**CREDENTIALS, "environment": "prod"}).fields == ("environment",)
    assert build_error({**CREDENTIALS, "merchant": "x"}).fields == ("merchant",)


def test_live_credentials_with_prefix_build() -> None:
    live = {**CREDENTIALS, "environment": "live", "live_url_prefix": "1797a841fbb37ca7-AdyenDemo"}
    with paywire.Client("adyen", credentials=live) as client:
        assert isinstance(client.credentials, AdyenCredentials)
        assert client.credentials.live_url_prefix == "1797a841fbb37ca7-AdyenDemo"


def test_credentials_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYWIRE_ADYEN_API_KEY", FAKE_KEY)
    monkeypatch.setenv("PAYWIRE_ADYEN_MERCHANT_ACCOUNT", "PaywireTestMerchant")
    with paywire.Client("adyen") as client:
        assert client.customers.create(merchant_customer_id="user_42").connector_customer_id == "user_42"
    monkeypatch.delenv("PAYWIRE_ADYEN_MERCHANT_ACCOUNT")
    err = build_error(None)
    assert err.fields == ("merchant_account",)
