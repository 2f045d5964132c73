"""Adyen credentials, validated by the core when a client is built.

No validator quotes a value: the core also scrubs given values from messages, but a message
here names the field and the rule only.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator

import paywire

__all__ = ["AdyenCredentials"]

# Adyen merchant account codes are short identifiers such as "YourCompanyECOM" or
# "Shop_NL-web": letters, digits, '_', '-' and '.', starting with a letter or digit.
_MERCHANT_ACCOUNT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,79}$")
# The live prefix is "<random>-<company name>", e.g. "1797a841fbb37ca7-AdyenDemo": one DNS label.
_LIVE_PREFIX = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


class AdyenCredentials(paywire.Credentials):
    """``api_key`` (header ``X-API-Key``), ``merchant_account`` (sent in request bodies),
    ``environment`` (``test`` or ``live``) and, for live, the merchant's ``live_url_prefix``."""

    api_key: SecretStr = Field(examples=["AQE_paywire_fake_key_000"])
    merchant_account: str = Field(examples=["PaywireTestMerchant"])
    environment: Literal["test", "live"] = "test"
    live_url_prefix: str | None = Field(default=None, validate_default=True)
    """The prefix of your live endpoints (Customer Area > Developers > API URLs), without the
    ``-checkout-live.adyenpayments.com`` part. Required when ``environment`` is ``live``."""

    @property
    def live(self) -> bool:
        return self.environment == "live"

    @field_validator("api_key")
    @classmethod
    def _check_api_key(cls, value: SecretStr) -> SecretStr:
        key = value.get_secret_value()
        if not key or not key.isascii() or not key.isprintable() or any(ch.isspace() for ch in key):
            raise ValueError("must be a non-empty API key of printable ASCII characters without spaces")
        return value

    @field_validator("merchant_account")
    @classmethod
    def _check_merchant_account(cls, value: str) -> str:
        if not _MERCHANT_ACCOUNT.match(value):
            raise ValueError(
                "must be your Adyen merchant account code: 3 to 80 letters, digits, '_', '-' or '.',"
                " starting with a letter or digit"
            )
        return value

    @field_validator("live_url_prefix")
    @classmethod
    def _check_live_url_prefix(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            if info.data.get("environment") == "live":
                raise ValueError(
                    "is required for the production environment: Adyen's production URLs carry your prefix"
                )
            return None
        if "." in value or "/" in value or ":" in value:
            raise ValueError("must be the prefix only (e.g. 1797a841fbb37ca7-AdyenDemo), not a URL or host name")
        if not _LIVE_PREFIX.match(value):
            raise ValueError("must be 1 to 63 letters, digits or '-', not starting or ending with '-'")
        return value
