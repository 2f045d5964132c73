"""Errors a processor reports inside a 2xx reply (GraphQL APIs answer every error with HTTP 200):
a refusal settles the call, but a failure of the processor (``PROCESSOR_UNAVAILABLE``, GraphQL's
``INTERNAL``) is ambiguous like a 5xx: retried only where a retry cannot duplicate, else an
``OutcomeUnknownError`` for the host to reconcile."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import echo_connector
import pytest

import paywire

FAST = paywire.RetryPolicy(max_retries=2, backoff=0.001, max_backoff=0.001)


class InsideConnector:
    """Answers ``{"error": CODE}`` inside a 200 as that canonical error, ``{"id": ...}`` as a customer."""

    def __init__(self, name: str, idempotency: paywire.Idempotency) -> None:
        self.name, self.idempotency = name, idempotency

    @paywire.hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return dataclasses.replace(echo_connector.INFO, name=self.name, idempotency=self.idempotency)

    @paywire.hookimpl
    def paywire_create_customer_request(self, context: paywire.OperationContext) -> paywire.HttpRequest:
        return paywire.HttpRequest("POST", f"{context.base_url}/customers", {}, b"{}")

    @paywire.hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        body = json.loads(response.body)
        if "error" in body:
            raise paywire.ConnectorError(paywire.ErrorCode(body["error"]), "inside", status_code=200)
        return str(body["id"])


class Script:
    def __init__(self, *bodies: dict[str, str]) -> None:
        self.bodies = list(bodies)
        self.sent = 0

    def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        self.sent += 1
        return paywire.HttpResponse(200, {}, json.dumps(self.bodies.pop(0)).encode())

    def close(self) -> None:
        pass


@pytest.fixture(autouse=True)
def _connectors() -> Iterator[None]:
    with (
        paywire.registry().registered(InsideConnector("insidenone", paywire.Idempotency.none()), name="insidenone"),
        paywire.registry().registered(
            InsideConnector("insidekeyed", paywire.Idempotency.header("Idempotency-Key")), name="insidekeyed"
        ),
    ):
        yield


def _create(connector: str, script: Script) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    with paywire.Client(connector, credentials={"api_key": "k"}, transport=script, retry=FAST) as client:
        try:
            return client.customers.create(email="jane@example.com")
        except paywire.PaywireError as exc:
            return exc


def test_a_failure_inside_a_200_without_idempotency_is_an_unknown_outcome() -> None:
    script = Script({"error": "processor_unavailable"}, {"id": "cus_2"})
    error = _create("insidenone", script)
    assert isinstance(error, paywire.OutcomeUnknownError), error
    assert (error.code, error.status_code, script.sent) == (paywire.ErrorCode.PROCESSOR_UNAVAILABLE, 200, 1)
    assert error.request is not None and error.idempotency_key


def test_a_failure_inside_a_200_is_retried_where_the_key_reaches_the_processor() -> None:
    script = Script({"error": "processor_unavailable"}, {"id": "cus_2"})
    customer = _create("insidekeyed", script)
    assert isinstance(customer, paywire.CreateCustomerResponse), customer
    assert (customer.connector_customer_id, script.sent) == ("cus_2", 2)


@pytest.mark.parametrize("connector", ["insidenone", "insidekeyed"])
def test_a_refusal_inside_a_200_still_settles_the_call(connector: str) -> None:
    script = Script({"error": "invalid_request"}, {"id": "cus_2"})
    error = _create(connector, script)
    assert type(error) is paywire.ConnectorError and error.code is paywire.ErrorCode.INVALID_REQUEST
    assert script.sent == 1
