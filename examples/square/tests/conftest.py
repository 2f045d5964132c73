"""Shared fixtures: the fake Square on 127.0.0.1 and fake credentials (never real ones)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from square_fake import FakeSquare

TOKEN = "EAAA_fake_paywire_test_token"
CREDENTIALS = {"access_token": TOKEN, "environment": "sandbox"}


@pytest.fixture
def square() -> Iterator[FakeSquare]:
    with FakeSquare(token=TOKEN, lifetime=30) as fake:
        yield fake
