"""Shift4 credentials: the account's secret API key, sent as the HTTP Basic user name."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, field_validator

import paywire

__all__ = ["FAKE_SECRET_KEY", "Shift4Credentials"]

FAKE_SECRET_KEY = "sk_test_paywire_fake_0000000000000000"  # noqa: S105 (a fake key, refused by Shift4)
"""The example key: what the harness replays cassettes with and Shift4 would refuse."""

_TEST_KEY = re.compile(r"^[a-z]+_test_")
"""A test-mode key: ``sk_test_...`` in Shift4's SDK READMEs, ``pr_test_...`` in its API reference."""


class Shift4Credentials(paywire.Credentials):
    """``secret_key``: the secret API key of the account's test or live mode.

    Read from ``credentials={"secret_key": ...}`` or ``PAYWIRE_SHIFT4_SECRET_KEY``. Printed masked.
    Shift4 documents its test keys (``sk_test_``, ``pr_test_``) but shows no live key, so every key
    that is not shaped like a test key counts as live: a key of an unknown shape is never sent
    under ``test_mode=True`` nor recorded by ``paywire-harness record``.
    """

    secret_key: SecretStr = Field(min_length=1, examples=[FAKE_SECRET_KEY])

    @field_validator("secret_key")
    @classmethod
    def _usable_as_basic_user(cls, value: SecretStr) -> SecretStr:
        # HTTP Basic (RFC 7617) cannot carry a ':' in the user name, and a key with spaces or
        # control characters was pasted wrongly. Messages never repeat the key.
        key = value.get_secret_value()
        if ":" in key or any(ch.isspace() or not ch.isprintable() for ch in key) or not key.isascii():
            raise ValueError("not a Shift4 secret key: printable ASCII without spaces or ':' (e.g. sk_test_...)")
        return value

    @property
    def live(self) -> bool:
        """False only for keys shaped like a test-mode key (``sk_test_...``, ``pr_test_...``)."""
        return not _TEST_KEY.match(self.secret_key.get_secret_value())
