"""Airwallex credentials: the client id and API key exchanged for an access token at login, and
the environment they belong to."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, field_validator

import paywire

__all__ = ["AirwallexCredentials"]

_HEADER_SAFE = re.compile(r"^[\x21-\x7e]+$")
"""Both values travel as HTTP header values (``x-client-id``, ``x-api-key``): visible ASCII, no
spaces. Airwallex documents no other shape for them, so none is guessed."""


class AirwallexCredentials(paywire.EnvironmentCredentials):
    """``client_id`` and ``api_key`` (``PAYWIRE_AIRWALLEX_CLIENT_ID``, ``PAYWIRE_AIRWALLEX_API_KEY``),
    from the Airwallex web app (Developer > API keys), and ``environment``. Both keys print masked.

    Airwallex's keys carry no mark of their environment (a demo key and a production key look
    alike), so ``environment`` says it: ``sandbox`` unless set
    (``PAYWIRE_AIRWALLEX_ENVIRONMENT=production``). The core then calls the demo host
    ``https://api-demo.airwallex.com`` or, in production, ``https://api.airwallex.com``, where it
    refuses ``test_mode`` (see the README's "Test (demo) and production").
    """

    client_id: SecretStr = Field(examples=["paywire_fake_airwallex_client_id"])
    api_key: SecretStr = Field(examples=["paywire_fake_airwallex_api_key_0000000000000000"])

    @field_validator("client_id", "api_key")
    @classmethod
    def _header_value(cls, value: SecretStr) -> SecretStr:
        # The message says what is expected and never repeats the value given.
        if not _HEADER_SAFE.fullmatch(value.get_secret_value()):
            raise ValueError("must be non-empty visible ASCII without spaces (it is sent as an HTTP header)")
        return value
