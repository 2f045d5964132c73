"""Checkout.com credentials: a secret key of the current platform and the account's URL prefix."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, SecretStr, field_validator

import paywire

__all__ = ["CheckoutCredentials"]

SECRET_KEY = re.compile(r"^sk_(sbox_)?[a-z2-7]{26}[a-z2-7*#$=]$")
"""The secret key pattern the official SDK (checkout-sdk 4.8.1, ``default_sdk.py``) validates:
``sk_sbox_`` (sandbox) or ``sk_`` (production), then 27 characters."""

PREFIX = re.compile(r"^(?:pl-)?[a-z0-9]+$")
"""The account prefix the official SDK accepts (``environment_subdomain.py``)."""

_PREVIOUS_PLATFORM_KEY = re.compile(r"^sk_(test_)?\w{8}-\w{4}-\w{4}-\w{4}-\w{12}$")
"""A secret key of Checkout.com's previous (ABC) platform (``previous/previous_sdk.py``)."""


class CheckoutCredentials(paywire.Credentials):
    """``secret_key`` (``PAYWIRE_CHECKOUT_SECRET_KEY``): ``sk_sbox_...`` for the sandbox, ``sk_...``
    for production; printed masked.

    ``prefix`` (``PAYWIRE_CHECKOUT_PREFIX``): the account's base-URL prefix, the first eight
    characters of its ``client_id`` without ``cli_`` (``cli_vkuhvk4vjn...`` -> ``vkuhvk4v``).
    Requests go to ``https://{prefix}.api.sandbox.checkout.com`` (or ``.api.checkout.com``);
    without a prefix, to Checkout.com's shared hosts ``api.sandbox.checkout.com`` and
    ``api.checkout.com``, which Checkout.com still serves but asks merchants to move away from.
    """

    secret_key: SecretStr = Field(examples=["sk_sbox_paywireharnessfakekey222222"])
    prefix: str | None = Field(default=None, max_length=63, examples=["pwfake01"])

    @field_validator("secret_key")
    @classmethod
    def _secret_key(cls, value: SecretStr) -> SecretStr:
        # Messages say what kind of key is expected and never repeat the key given.
        key = value.get_secret_value()
        if key.startswith("pk_"):
            raise ValueError(
                "a public key (pk_...) cannot create customers: use the secret key (sk_sbox_... or sk_...)"
            )
        if _PREVIOUS_PLATFORM_KEY.fullmatch(key):
            raise ValueError(
                "a key of Checkout.com's previous (ABC) platform: paywire-checkout takes current-platform "
                "secret keys (sk_sbox_... or sk_...)"
            )
        if not SECRET_KEY.fullmatch(key):
            raise ValueError(
                "not a Checkout.com secret key (expected sk_sbox_ for the sandbox or sk_ for production, "
                "then 27 characters)"
            )
        return value

    @field_validator("prefix", mode="before")
    @classmethod
    def _prefix(cls, value: Any) -> Any:
        if value == "":  # PAYWIRE_CHECKOUT_PREFIX set but empty: no prefix
            return None
        if isinstance(value, str) and not PREFIX.fullmatch(value):
            raise ValueError(
                "not a Checkout.com account prefix: give the first eight characters of the client_id "
                "without cli_, lower-case letters and digits (e.g. vkuhvk4v)"
            )
        return value

    @property
    def live(self) -> bool:
        """True for production keys (``sk_`` without ``sbox_``)."""
        return not self.secret_key.get_secret_value().startswith("sk_sbox_")
