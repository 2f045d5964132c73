"""Authorize.net credentials: an API login ID and a transaction key, and the environment they
belong to (Authorize.net's keys do not tell a sandbox account from a production one)."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

import paywire

__all__ = ["LOGIN_ID_MAX", "TRANSACTION_KEY_MAX", "AuthorizeNetCredentials"]

LOGIN_ID_MAX = 25
"""``merchantAuthenticationType.name``: ``maxLength 25`` in AnetApiSchema.xsd."""
TRANSACTION_KEY_MAX = 16
"""``merchantAuthenticationType.transactionKey``: ``maxLength 16`` in AnetApiSchema.xsd."""


def _check(value: SecretStr, limit: int) -> SecretStr:
    # Messages describe the expected shape and never repeat the value given.
    text = value.get_secret_value()
    if not 1 <= len(text) <= limit:
        raise ValueError(f"must be 1 to {limit} characters (Authorize.net's schema limit)")
    if not text.isascii() or not text.isprintable() or any(c.isspace() for c in text):
        raise ValueError("must be printable ASCII without spaces, as Authorize.net issues it")
    return value


class AuthorizeNetCredentials(paywire.EnvironmentCredentials):
    """``api_login_id`` and ``transaction_key`` from the Merchant Interface's
    "API Credentials & Keys" page, and ``environment``: ``sandbox`` (the default: apitest.authorize.net)
    or ``production`` (``paywire.EnvironmentCredentials``: api2.authorize.net, and no ``test_mode``).
    Read from ``credentials={...}`` or ``PAYWIRE_AUTHORIZEDOTNET_API_LOGIN_ID``,
    ``PAYWIRE_AUTHORIZEDOTNET_TRANSACTION_KEY`` and ``PAYWIRE_AUTHORIZEDOTNET_ENVIRONMENT``.

    Both values are kept as secrets (printed masked, redacted from logs, errors and cassettes):
    the login ID is not a password, but it names the merchant account and is half of the pair.
    """

    api_login_id: SecretStr = Field(examples=["paywireFakeLogin"])
    transaction_key: SecretStr = Field(examples=["paywireFakeKey00"])

    @field_validator("api_login_id")
    @classmethod
    def _login_id(cls, value: SecretStr) -> SecretStr:
        return _check(value, LOGIN_ID_MAX)

    @field_validator("transaction_key")
    @classmethod
    def _transaction_key(cls, value: SecretStr) -> SecretStr:
        return _check(value, TRANSACTION_KEY_MAX)
