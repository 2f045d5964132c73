"""Fixtures for the reliability tests: the flaky connectors registered in-process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import paywire

from .flaky_connector import FlakyConnector


@pytest.fixture
def flaky() -> Iterator[str]:
    """The connector that declares header idempotency."""
    with paywire.registry().registered(FlakyConnector("flaky"), name="flaky"):
        yield "flaky"


@pytest.fixture
def flaky_noidem() -> Iterator[str]:
    """The connector whose processor takes no idempotency key."""
    with paywire.registry().registered(FlakyConnector("flaky_noidem", idempotent=False), name="flaky_noidem"):
        yield "flaky_noidem"
