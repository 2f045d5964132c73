"""Idempotency keys the core generates: UUIDs (``uuid.uuid4``), cut to what the processor takes."""

from __future__ import annotations

import uuid

import paywire
from paywire import Idempotency


def test_generated_keys_are_version_4_uuids_and_fit_the_declared_length() -> None:
    key = Idempotency.header("Idempotency-Key", 255).new_key()
    assert uuid.UUID(key).version == 4 and str(uuid.UUID(key)) == key
    short = Idempotency.body("reference", 20).new_key()
    assert len(short) == 20 and "-" not in short


def test_every_call_without_a_key_gets_its_own(echo: str, local_server) -> None:  # type: ignore[no-untyped-def]
    with paywire.Client(echo, credentials={"api_key": "k_test_1234"}, base_url=local_server.url) as client:
        keys = {client.customers.create(email="jane@example.com").idempotency_key for _ in range(20)}
    assert len(keys) == 20
    assert {seen.headers["idempotency-key"] for seen in local_server.requests} == keys
