"""Stax credentials: one API key, and what it says about the account it belongs to.

Stax serves live and sandbox keys from the same host (``https://apiprod.fattlabs.com``); a sandbox
account is a separate merchant "linked to a test gateway" (Stax API reference, Overview). Stax
documents no key prefix telling the two apart. Its API keys are JWTs, and a sandbox key's payload
names the sandbox (``"iss": ".../sandbox"``, ``"brand": "...-sandbox"``): an observation, not a
documented contract. So ``live`` fails safe: a key is a sandbox key only when its payload says so,
and every other key, whatever its shape, is treated as live (``test_mode=True`` is refused with it,
and ``paywire-harness record`` will not record with it). The payload is read, never trusted for
anything else: the signature is Stax's business.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from pydantic import Field, SecretStr, field_validator

import paywire

__all__ = ["FAKE_API_KEY", "StaxCredentials", "is_sandbox_key", "jwt_claims"]


def _segment(data: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


FAKE_API_KEY = ".".join(
    (
        _segment({"typ": "JWT", "alg": "HS256"}),
        _segment({"iss": "http://apiprod.fattlabs.com/sandbox", "brand": "fattmerchant-sandbox", "sub": "fake"}),
        "paywire_harness_fake_signature",
    )
)
"""The connector's fake key (its ``examples``): a sandbox-shaped JWT that Stax would refuse."""

_HEADER_SAFE = re.compile(r"^[\x21-\x7e]+$")
"""Visible ASCII, no spaces, at least one character: what can follow ``Bearer`` in a header (a JWT
is far narrower)."""


def jwt_claims(token: str) -> dict[str, Any] | None:
    """The payload of ``token`` read as a JWT (``header.payload.signature``, base64url JSON), or
    None when it is not one. Nothing is verified."""
    parts = token.split(".")
    if len(parts) != 3:  # an empty payload fails json.loads below
        return None
    try:
        raw = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError):
        return None
    return claims if isinstance(claims, dict) else None


def is_sandbox_key(token: str) -> bool:
    """True when the key's JWT payload names Stax's sandbox (``iss`` ending ``/sandbox`` or
    ``brand`` ending ``-sandbox``); False for anything else."""
    claims = jwt_claims(token) or {}
    issuer, brand = claims.get("iss"), claims.get("brand")
    return (isinstance(issuer, str) and issuer.rstrip("/").endswith("/sandbox")) or (
        isinstance(brand, str) and brand.endswith("-sandbox")
    )


class StaxCredentials(paywire.Credentials):
    """``api_key``: a Stax API key (Stax Pay > Apps > API Keys), sent as ``Authorization: Bearer``.

    Read from ``credentials={"api_key": ...}`` or ``PAYWIRE_STAX_API_KEY``. Printed masked.
    """

    api_key: SecretStr = Field(examples=[FAKE_API_KEY])

    @field_validator("api_key")
    @classmethod
    def _header_safe(cls, value: SecretStr) -> SecretStr:
        # The message never repeats the key.
        if not _HEADER_SAFE.fullmatch(value.get_secret_value()):
            raise ValueError("not a Stax API key: it is empty or holds spaces or characters a header cannot carry")
        return value

    @property
    def live(self) -> bool:
        """False only for a key whose JWT payload names Stax's sandbox (see the module docstring)."""
        return not is_sandbox_key(self.api_key.get_secret_value())
