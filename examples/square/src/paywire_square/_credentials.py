"""Square credentials: an access token and the environment it belongs to."""

from __future__ import annotations

from pydantic import Field, SecretStr

import paywire

__all__ = ["BASE_URLS", "SquareCredentials"]

BASE_URLS: dict[str, str] = {
    "sandbox": "https://connect.squareupsandbox.com",
    "production": "https://connect.squareup.com",
}
"""Square's base URL per environment: a sandbox token is refused by production and vice versa."""


class SquareCredentials(paywire.EnvironmentCredentials):
    """``access_token`` (``PAYWIRE_SQUARE_ACCESS_TOKEN``) and ``environment``
    (``PAYWIRE_SQUARE_ENVIRONMENT``, ``sandbox`` unless set: a forgotten setting fails safe)."""

    access_token: SecretStr = Field(min_length=1, examples=["EAAA_fake_paywire_harness_token"])
