"""Credentials: one API key; live unless its JWT payload names Stax's sandbox (fail safe)."""

from __future__ import annotations

import base64
import json

import pytest
from stax_fake import TEST_KEY, sandbox_key
from stax_helpers import LIVE_KEY

import paywire
from paywire_stax import FAKE_API_KEY, StaxCredentials, is_sandbox_key
from paywire_stax._credentials import jwt_claims


def jwt(claims: object) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"eyJhbGciOiJIUzI1NiJ9.{payload}.signature"


@pytest.mark.parametrize(
    "key",
    [
        TEST_KEY,
        FAKE_API_KEY,
        jwt({"iss": "http://apiprod.fattlabs.com/sandbox"}),
        jwt({"iss": "https://apiprod.fattlabs.com/sandbox/"}),
        jwt({"brand": "fattmerchant-sandbox"}),
    ],
)
def test_sandbox_keys_are_not_live(key: str) -> None:
    assert is_sandbox_key(key)
    assert StaxCredentials(api_key=key).live is False


@pytest.mark.parametrize(
    "key",
    [
        LIVE_KEY,
        jwt({"iss": "http://apiprod.fattlabs.com", "brand": "fattmerchant"}),
        jwt({"iss": "http://apiprod.fattlabs.com/sandboxes"}),
        jwt({"iss": 7, "brand": ["fattmerchant-sandbox"]}),
        jwt(["not", "an", "object"]),
        "eyJhbGciOiJIUzI1NiJ9.not-base64-json!.signature",
        "eyJhbGciOiJIUzI1NiJ9..signature",
        "an-opaque-key-of-another-shape",
    ],
)
def test_every_other_key_is_live(key: str) -> None:
    assert not is_sandbox_key(key)
    assert StaxCredentials(api_key=key).live is True


def test_claims_are_read_without_verification() -> None:
    assert jwt_claims(jwt({"sub": "x"})) == {"sub": "x"}
    assert jwt_claims("a.b") is None


def test_the_fake_key_is_sandbox_shaped_and_says_it_is_fake() -> None:
    claims = jwt_claims(FAKE_API_KEY)
    assert claims is not None and claims["iss"].endswith("/sandbox")
    assert "fake" in FAKE_API_KEY
    assert StaxCredentials.model_fields["api_key"].examples == [FAKE_API_KEY]


@pytest.mark.parametrize(
    "key", ["", "Bearer eyJ.abc.def", "eyJ.abc.def\n", "eyJ.abc.def\r\nX-Injected: 1", "eyJ.ab c.def", "ключ"]
)
def test_malformed_keys_are_refused_without_echo(key: str) -> None:
    with pytest.raises(paywire.ConfigurationError) as info:
        paywire.Client("stax", credentials={"api_key": key})
    assert info.value.fields == ("api_key",)
    if key.strip():
        assert key.strip() not in str(info.value)


def test_key_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYWIRE_STAX_API_KEY", TEST_KEY)
    with paywire.Client("stax") as client:
        assert isinstance(client.credentials, StaxCredentials)
        assert client.credentials.api_key.get_secret_value() == TEST_KEY
        assert TEST_KEY not in repr(client.credentials)


def test_live_and_sandbox_keys_use_the_same_host() -> None:
    info = paywire.registry().connector("stax").info
    assert info.base_url == "https://apiprod.fattlabs.com"
    assert info.test_base_url is None
    for key in (TEST_KEY, LIVE_KEY, sandbox_key("x")):
        assert info.base_url_for(StaxCredentials(api_key=key)) == "https://apiprod.fattlabs.com"
