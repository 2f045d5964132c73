"""Mollie credentials: an API key, whose ``test_``/``live_`` prefix is the mode it works in."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, field_validator

import paywire

__all__ = ["MollieCredentials"]

_API_KEY = re.compile(r"(test|live)_\w+", re.ASCII)
"""The shape mollie-api-python 4.0.0 accepts (``Client.validate_api_key``: ``^(live|test)_\\w+$``),
ASCII only and without the surrounding whitespace that SDK strips."""


class MollieCredentials(paywire.Credentials):
    """``api_key``: a Mollie API key, ``test_...`` or ``live_...`` (``PAYWIRE_MOLLIE_API_KEY``).

    Mollie has one host for both modes: the key decides whether a customer is created in test or
    live mode, so ``live`` is the key's prefix. Printed masked.
    """

    api_key: SecretStr = Field(examples=["test_paywirefake00000000000000000000"])

    @field_validator("api_key")
    @classmethod
    def _api_key_shape(cls, value: SecretStr) -> SecretStr:
        # Messages say what is expected and never repeat the key given.
        key = value.get_secret_value()
        if key.startswith("access_"):
            raise ValueError(
                "an organization access token (access_...) is not an API key: paywire-mollie takes a "
                "test_ or live_ API key, whose prefix decides the mode"
            )
        if not _API_KEY.fullmatch(key):
            raise ValueError("not a Mollie API key (expected test_... or live_..., letters, digits and '_')")
        return value

    @property
    def live(self) -> bool:
        """True for ``live_`` keys: they create customers in live mode."""
        return self.api_key.get_secret_value().startswith("live_")
