"""Stripe credentials: a secret or restricted API key, never a publishable one."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, field_validator

import paywire

__all__ = ["StripeCredentials"]

_SERVER_KEY = re.compile(r"^(sk|rk)_(test|live)_[A-Za-z0-9_]+$")


class StripeCredentials(paywire.Credentials):
    """``api_key``: a secret (``sk_test_``/``sk_live_``) or restricted (``rk_test_``/``rk_live_``) key.

    Read from ``credentials={"api_key": ...}`` or ``PAYWIRE_STRIPE_API_KEY``. Printed masked.
    """

    api_key: SecretStr = Field(examples=["sk_test_paywire_fake_0000000000000000"])

    @field_validator("api_key")
    @classmethod
    def _server_side_key(cls, value: SecretStr) -> SecretStr:
        # Messages say what kind of key is expected and never repeat the key given.
        key = value.get_secret_value()
        if key.startswith("pk_"):
            raise ValueError(
                "a publishable key (pk_...) cannot be used server-side: use a secret (sk_) or restricted (rk_) key"
            )
        if not _SERVER_KEY.fullmatch(key):
            raise ValueError(
                "not a Stripe secret or restricted key (expected sk_test_, sk_live_, rk_test_ or rk_live_...)"
            )
        return value

    @property
    def live(self) -> bool:
        """True for ``sk_live_``/``rk_live_`` keys."""
        return self.api_key.get_secret_value().startswith(("sk_live_", "rk_live_"))
