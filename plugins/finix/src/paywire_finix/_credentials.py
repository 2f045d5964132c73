"""Finix credentials: an API user's username and password (HTTP Basic), and its environment."""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationInfo, field_validator

import paywire

__all__ = ["BASE_URL", "FAKE_PASSWORD", "FAKE_USERNAME", "SANDBOX_URL", "FinixCredentials"]

BASE_URL = "https://finix.live-payments-api.com"
"""Finix's live environment (``finix.Environment.PRODUCTION`` in Finix's Python SDK)."""
SANDBOX_URL = "https://finix.sandbox-payments-api.com"
"""Finix's sandbox (``finix.Environment.SANDBOX``): separate accounts, separate API users."""

FAKE_USERNAME = "USpaywireFakeUsername0000"
FAKE_PASSWORD = "paywire-fake-password-0000"  # noqa: S105 (a fake: Finix refuses it)
"""The connector's example (fake) credentials: Finix would refuse them, and the fakes in tests do."""


class FinixCredentials(paywire.EnvironmentCredentials):
    """``username`` and ``password`` of a Finix API user, and the ``environment`` they belong to.

    Read from ``credentials={...}`` or ``PAYWIRE_FINIX_USERNAME``, ``PAYWIRE_FINIX_PASSWORD`` and
    ``PAYWIRE_FINIX_ENVIRONMENT``. Both secrets print masked (the username names the API user).

    Finix's sandbox and live environments "are entirely separate and do not share API
    Credentials", but nothing in a username or password says which one it belongs to (Finix's SDK
    takes the environment as separate configuration, ``SANDBOX`` or ``PRODUCTION``). So
    ``environment`` says it (``paywire.EnvironmentCredentials``): ``sandbox`` unless set to
    ``production``, so a forgotten setting fails safe, never reaching real money.
    """

    username: SecretStr = Field(examples=[FAKE_USERNAME])
    password: SecretStr = Field(examples=[FAKE_PASSWORD])

    @field_validator("username", "password")
    @classmethod
    def _basic_auth_safe(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        # What HTTP Basic can carry (RFC 7617: no ':' in the user-id); never quoting the value.
        text = value.get_secret_value()
        if not text:
            raise ValueError("must not be empty")
        if not text.isascii() or not text.isprintable() or " " in text:
            raise ValueError("must be printable ASCII without spaces, as Finix's API credentials are")
        if info.field_name == "username" and ":" in text:
            raise ValueError("must not contain ':' (it is the user-id of HTTP Basic authentication)")
        return value
