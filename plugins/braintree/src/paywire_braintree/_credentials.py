"""Braintree API keys: a public and a private key, sent as HTTP Basic ``public_key:private_key``,
and the environment they belong to."""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationInfo, field_validator

import paywire

__all__ = ["BraintreeCredentials"]


class BraintreeCredentials(paywire.EnvironmentCredentials):
    """``public_key`` and ``private_key`` from the Control Panel (Settings > API > API Keys), and
    ``environment``.

    Read from ``credentials={"public_key": ..., "private_key": ...}`` or
    ``PAYWIRE_BRAINTREE_PUBLIC_KEY`` / ``PAYWIRE_BRAINTREE_PRIVATE_KEY``. Both print masked (the
    public key is not a secret at Braintree, but it names the merchant's API user).

    Braintree keys do not say which environment they belong to (sandbox and production keys look
    alike, and Braintree's SDKs take the environment as separate configuration), so
    ``environment`` does: ``sandbox`` unless set (``PAYWIRE_BRAINTREE_ENVIRONMENT=production``),
    and the core picks the host and refuses ``test_mode`` in production. See the README's
    "Sandbox and production".
    """

    public_key: SecretStr = Field(examples=["paywire_fake_public_key"])
    private_key: SecretStr = Field(examples=["paywire_fake_private_key_000000000"])

    @field_validator("public_key", "private_key")
    @classmethod
    def _basic_auth_safe(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        # What HTTP Basic needs (RFC 7617: no ':' in the user-id) and what Braintree's SDKs send
        # (they encode the keys as ASCII); never quoting the value.
        key = value.get_secret_value()
        if not key:
            raise ValueError("must not be empty")
        if not key.isascii() or not key.isprintable() or " " in key:
            raise ValueError("must be printable ASCII without spaces, as Braintree's keys are")
        if info.field_name == "public_key" and ":" in key:
            raise ValueError("must not contain ':' (it is the user-id of HTTP Basic authentication)")
        return value
