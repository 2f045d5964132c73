"""Helpers shared by the Mollie connector tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from mollie_fake import FakeMollie, Reply

import paywire
from paywire import HttpRequest, HttpResponse
from paywire_harness import testing

TEST_KEY = "test_paywireClientTests0000000000000"
"""A test-mode key the fake Mollie accepts (it refuses the connector's example key, as Mollie would)."""
LIVE_KEY = "live_paywirefake11111111111111111111"


def build(
    request: dict[str, Any] | paywire.CreateCustomerRequest,
    *,
    key: str = TEST_KEY,
    idempotency_key: str = "idem-1",
    base_url: str | None = None,
) -> HttpRequest:
    """The request a client sends for ``request``: the core's checks and headers included."""
    with paywire.Client("mollie", credentials={"api_key": key}, base_url=base_url) as c:
        return c.customers.prepare(request, idempotency_key=idempotency_key)


def outcome(
    response: HttpResponse, request: dict[str, Any] | None = None
) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    """What ``client.customers.create`` gives when Mollie answers ``response`` (no retries)."""
    return testing.outcome("mollie", response, request=request, credentials={"api_key": TEST_KEY})


@contextmanager
def served(
    *, key: str = TEST_KEY, script: Sequence[Reply] = (), accepted_keys: set[str] | None = None, **settings: Any
) -> Iterator[tuple[FakeMollie, paywire.Client]]:
    """A fake Mollie (``script``, ``accepted_keys``) and a client of ``key`` pointed at it (``settings``)."""
    with (
        FakeMollie(script=list(script), accepted_keys=accepted_keys) as server,
        paywire.Client("mollie", credentials={"api_key": key}, base_url=server.url, **settings) as client,
    ):
        yield server, client
