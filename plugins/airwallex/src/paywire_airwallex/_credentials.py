"""Airwallex credentials: the client id and API key exchanged for an access token at login."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, field_validator

import paywire

__all__ = ["AirwallexCredentials"]

_HEADER_SAFE = re.compile(r"^[\x21-\x7e]+$")
"""Both values travel as HTTP header values (``x-client-id``, ``x-api-key``): visible ASCII, no
spaces. Airwallex documents no other shape for them, so none is guessed."""


class AirwallexCredentials(paywire.Credentials):
    """``client_id`` and ``api_key`` (``PAYWIRE_AIRWALLEX_CLIENT_ID``, ``PAYWIRE_AIRWALLEX_API_KEY``),
    from the Airwallex web app (Developer > API keys). Both print masked.

    Airwallex's keys carry no mark of their environment (a demo key and a production key look
    alike), so these credentials are never ``live``: the client calls the demo host
    ``https://api-demo.airwallex.com`` unless ``base_url=`` names another (see the README).
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

    @property
    def live(self) -> bool:
        """Always False: the credentials cannot tell demo from production (see the class docstring)."""
        return False
