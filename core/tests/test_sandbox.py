"""The built-in sandbox connector behaves like a processor: ids, idempotency, failures on demand."""

from __future__ import annotations

import pytest

import paywire


@pytest.fixture
def client() -> paywire.Client:
    return paywire.Client("sandbox")


def test_issues_distinct_ids(client: paywire.Client) -> None:
    first = client.customers.create(email="jane@example.com", merchant_customer_id="u1")
    second = client.customers.create(email="jane@example.com", merchant_customer_id="u1")
    assert first.connector_customer_id.startswith("sbx_cus_")
    assert first.connector_customer_id != second.connector_customer_id
    assert first.merchant_customer_id == "u1"


def test_same_key_same_request_is_the_same_customer(client: paywire.Client) -> None:
    first = client.customers.create(email="jane@example.com", idempotency_key="k1")
    again = client.customers.create(email="jane@example.com", idempotency_key="k1")
    assert again.connector_customer_id == first.connector_customer_id


def test_same_key_different_request_conflicts(client: paywire.Client) -> None:
    client.customers.create(email="jane@example.com", idempotency_key="k1")
    with pytest.raises(paywire.ConnectorError) as info:
        client.customers.create(email="john@example.com", idempotency_key="k1")
    assert info.value.code is paywire.ErrorCode.IDEMPOTENCY_CONFLICT
    assert info.value.idempotency_key == "k1"


@pytest.mark.parametrize(
    ("local", "code", "status"),
    [
        ("invalid_request", "invalid_request", 400),
        ("authentication_failed", "authentication_failed", 401),
        ("permission_denied", "permission_denied", 403),
        ("rate_limited", "rate_limited", 429),
        ("processor_unavailable", "processor_unavailable", 503),
        ("timeout", "timeout", None),
        ("anything_else", "invalid_request", 400),
    ],
)
def test_magic_emails_fail_as_documented(client: paywire.Client, local: str, code: str, status: int | None) -> None:
    with pytest.raises(paywire.ConnectorError) as info:
        client.customers.create(email=f"{local}@fail.paywire.test")
    assert info.value.code.value == code
    assert info.value.status_code == status
    assert info.value.request_id and info.value.request_id.startswith("sbx_req_")


def test_sandbox_works_async() -> None:
    import asyncio

    async def main() -> str:
        async with paywire.AsyncClient("sandbox") as client:
            return (await client.customers.create(email="jane@example.com")).connector_customer_id

    assert asyncio.run(main()).startswith("sbx_cus_")
