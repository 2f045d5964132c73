"""Shift4's replies: the customer object, and every documented error reply.

Error bodies are the shape of the API reference's "Error object" and shift4-java's
``ErrorResponse``; their messages are the ones shift4-python's integration tests assert against
Shift4's API ("email: Must not be empty.", "Idempotent key used for request with different
parameters.", "Customer '1' does not exist") or the reference's status table.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from shift4_helpers import outcome

import paywire
import paywire_shift4
from paywire import ConnectorError, ErrorCode, HttpResponse

REQUEST = {"merchant_customer_id": "user_42", "email": "jane@example.com"}


def reply(status: int, body: Any, **headers: str) -> HttpResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return HttpResponse(status, {"content-type": "application/json", **headers}, raw)


def error(status: int, body: Any, **headers: str) -> ConnectorError:
    result = paywire_shift4.paywire_error(response=reply(status, body, **headers))
    assert isinstance(result, ConnectorError)
    return result


def handle(response: HttpResponse) -> paywire.CreateCustomerResponse:
    """The customer the client returns for a 2xx reply; raises the error it raises."""
    result = outcome(response, REQUEST)
    if isinstance(result, paywire.PaywireError):
        raise result
    return result


# -- success ----------------------------------------------------------------------------------
CUSTOMER = {
    "id": "cust_7e8c2a47e9c14a93b5b6d99e6c2b5d4f",
    "created": 1746489600,
    "email": "jane@example.com",
    "description": "Premier customer",
    "metadata": {"internalId": "cust-001"},
    "cards": [],
}


def test_customer_object() -> None:
    result = handle(reply(200, CUSTOMER))
    assert result.connector_customer_id == "cust_7e8c2a47e9c14a93b5b6d99e6c2b5d4f"
    assert result.merchant_customer_id == "user_42"
    assert (result.status_code, result.connector, result.idempotency_key) == (200, "shift4", "idem-1")


def test_an_explicit_deleted_false_is_a_customer() -> None:
    assert handle(reply(200, {**CUSTOMER, "deleted": False})).connector_customer_id == CUSTOMER["id"]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html>oops</html>",
        b'{"id": "cust_1"',  # truncated
        b"\xff\xfe",
        b"[]",
        {"email": "jane@example.com"},
        {"id": 42},
        {"id": ""},
        {"id": "cust_1\n"},
        {"id": "cust 1"},
        {"id": "cust_" + "x" * 300},
        {"id": "cust_1", "deleted": True},
        {"error": {"type": "invalid_request", "message": "email: Must not be empty."}},
    ],
)
def test_malformed_success_bodies_are_unparseable(body: Any) -> None:
    with pytest.raises(ConnectorError) as info:
        handle(reply(200, body))
    assert info.value.code is ErrorCode.UNPARSEABLE_RESPONSE
    assert info.value.status_code == 200


# -- errors -----------------------------------------------------------------------------------
def test_missing_email_names_the_parameter() -> None:
    exc = error(400, {"error": {"type": "invalid_request", "message": "email: Must not be empty."}})
    assert exc.code is ErrorCode.INVALID_REQUEST
    assert (exc.connector_code, exc.connector_message, exc.param) == (
        "invalid_request",
        "email: Must not be empty.",
        "email",
    )
    assert exc.status_code == 400
    assert exc.retryable is None
    assert exc.details == {"type": "invalid_request", "message": "email: Must not be empty."}
    assert "Must not be empty" not in str(exc)  # Shift4's text stays in connector_message


def test_nested_parameter_names_are_kept() -> None:
    exc = error(400, {"error": {"type": "invalid_request", "message": "billing.address.country: Invalid value."}})
    assert exc.param == "billing.address.country"


def test_a_message_without_a_parameter_names_none() -> None:
    exc = error(400, {"error": {"type": "invalid_request", "message": "Request body is not valid JSON"}})
    assert (exc.code, exc.param) == (ErrorCode.INVALID_REQUEST, None)


def test_idempotency_key_reused_with_other_parameters_is_a_conflict_never_retried() -> None:
    message = "Idempotent key used for request with different parameters."
    exc = error(400, {"error": {"type": "invalid_request", "message": message}})
    assert exc.code is ErrorCode.IDEMPOTENCY_CONFLICT
    assert (exc.connector_code, exc.connector_message, exc.retryable) == ("invalid_request", message, False)
    assert exc.param is None


def test_invalid_key() -> None:
    exc = error(401, {"error": {"type": "invalid_request", "message": "Provided API key is invalid"}})
    assert exc.code is ErrorCode.AUTHENTICATION_FAILED
    assert exc.connector_message == "Provided API key is invalid"


def test_card_error_keeps_shift4s_fields() -> None:
    body = {
        "error": {
            "type": "card_error",
            "code": "card_declined",
            "message": "The card was declined.",
            "issuerDeclineCode": "do_not_honor",
            "chargeId": "char_1",
        }
    }
    exc = error(402, body)
    assert exc.code is ErrorCode.PAYMENT_REQUIRED
    assert exc.connector_code == "card_error"
    assert exc.details["code"] == "card_declined"
    assert exc.details["issuerDeclineCode"] == "do_not_honor"
    assert exc.details["chargeId"] == "char_1"
    assert exc.param is None


def test_not_found() -> None:
    exc = error(404, {"error": {"type": "invalid_request", "message": "Customer '1' does not exist"}})
    assert exc.code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize("status", [429, 400])
def test_rate_limit_error_is_a_rate_limit_whatever_the_status(status: int) -> None:
    body = {"error": {"type": "rate_limit_error", "message": "Requests hit the API too quickly"}}
    exc = error(status, body, **{"retry-after": "2"})
    assert exc.code is ErrorCode.RATE_LIMITED
    assert exc.retry_after == 2.0
    assert exc.connector_code == "rate_limit_error"


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_shift4_unavailable(status: int) -> None:
    exc = error(status, {"error": {"type": "gateway_error", "message": "Something went wrong on our side"}})
    assert exc.code is ErrorCode.PROCESSOR_UNAVAILABLE
    assert exc.connector_code == "gateway_error"


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (502, b"<html><body>502 Bad Gateway</body></html>", ErrorCode.PROCESSOR_UNAVAILABLE),
        (401, b"", ErrorCode.AUTHENTICATION_FAILED),
        (400, {"error": "invalid"}, ErrorCode.INVALID_REQUEST),
        (400, {"error": {"type": 1, "message": None}}, ErrorCode.INVALID_REQUEST),
        (429, b"{" + b" " * (70 * 1024) + b"}", ErrorCode.RATE_LIMITED),
    ],
)
def test_replies_without_a_shift4_error_body_are_read_from_the_status(status: int, body: Any, code: ErrorCode) -> None:
    exc = error(status, body)
    assert exc.code is code
    assert exc.connector_code is None and exc.connector_message is None
    assert exc.status_code == status


def test_the_client_fills_connector_and_key_on_errors() -> None:
    result = outcome(reply(400, {"error": {"type": "invalid_request", "message": "email: Must not be empty."}}))
    assert isinstance(result, ConnectorError)
    assert (result.connector, result.idempotency_key, result.request_id) == ("shift4", "idem-1", None)
