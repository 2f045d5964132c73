"""Stripe's replies: the customer object, and every documented error reply."""

from __future__ import annotations

import json
from typing import Any

import pytest
from stripe_helpers import TEST_KEY

import paywire
from paywire import ConnectorError, ErrorCode, HttpResponse
from paywire_harness import testing

REQUEST = {"merchant_customer_id": "user_42", "email": "jane@example.com"}


def reply(status: int, body: Any, **headers: str) -> HttpResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return HttpResponse(
        status, {"request-id": "req_abc123", **{k.replace("_", "-"): v for k, v in headers.items()}}, raw
    )


def outcome(response: HttpResponse, request: dict[str, Any]) -> paywire.CreateCustomerResponse | paywire.PaywireError:
    return testing.outcome("stripe", response, request=request, credentials={"api_key": TEST_KEY})


def error(status: int, body: Any, **headers: str) -> ConnectorError:
    """The error a client raises when Stripe answers this (the core adds the request id)."""
    result = outcome(reply(status, body, **headers), REQUEST)
    assert isinstance(result, ConnectorError), result
    return result


def handle(response: HttpResponse) -> paywire.CreateCustomerResponse:
    """The customer the client returns for a 2xx reply; raises the ConnectorError it raises."""
    result = outcome(response, REQUEST)
    if isinstance(result, ConnectorError):
        raise result
    return result


# -- success ----------------------------------------------------------------------------------
DOCUMENTED = json.loads(
    '{"id":"cus_NffrFeUfNV2Hib","object":"customer","address":null,"balance":0,"created":1680893993,'
    '"currency":null,"default_source":null,"delinquent":false,"description":null,"email":"jennyrosen@example.com",'
    '"invoice_prefix":"0759376C","invoice_settings":{"custom_fields":null,"default_payment_method":null,'
    '"footer":null,"rendering_options":null},"livemode":false,"metadata":{},"name":"Jenny Rosen",'
    '"next_invoice_sequence":1,"phone":null,"preferred_locales":[],"shipping":null,"tax_exempt":"none",'
    '"test_clock":null}'
)


def test_documented_customer_object() -> None:
    response = reply(200, DOCUMENTED, set_cookie="__stripe_orig_props=x", idempotent_replayed="true")
    result = handle(response)
    assert result.connector_customer_id == "cus_NffrFeUfNV2Hib"
    assert result.merchant_customer_id == "user_42"
    assert result.status_code == 200
    assert result.response_headers == {"request-id": "req_abc123", "idempotent-replayed": "true"}
    assert (result.connector, result.idempotency_key) == ("stripe", "idem-1")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html>oops</html>",
        b'{"id": "cus_1"',  # truncated
        b"\xff\xfe",
        b"[]",
        {"object": "customer"},
        {"id": 42, "object": "customer"},
        {"id": "acct_123", "object": "customer"},
        {"id": "cus_", "object": "customer"},
        {"id": "cus_1", "object": "account"},
        {"id": "cus_1\n", "object": "customer"},
        {"id": "cus_1", "object": "customer", "deleted": True},
    ],
)
def test_malformed_success_bodies_are_unparseable(body: Any) -> None:
    with pytest.raises(ConnectorError) as info:
        handle(reply(200, body))
    assert info.value.code is ErrorCode.UNPARSEABLE_RESPONSE
    assert info.value.request_id == "req_abc123"
    assert info.value.status_code == 200


# -- errors -----------------------------------------------------------------------------------
def test_400_invalid_request_keeps_every_stripe_field() -> None:
    exc = error(
        400,
        {
            "error": {
                "code": "email_invalid",
                "doc_url": "https://stripe.com/docs/error-codes/email-invalid",
                "message": "Invalid email address: jane@@example.com",
                "param": "email",
                "request_log_url": "https://dashboard.stripe.com/test/logs/req_abc123?t=1",
                "type": "invalid_request_error",
            }
        },
    )
    assert exc.code is ErrorCode.INVALID_REQUEST
    assert (exc.connector_code, exc.param, exc.request_id, exc.status_code) == (
        "email_invalid",
        "email",
        "req_abc123",
        400,
    )
    assert exc.connector_message == "Invalid email address: jane@@example.com"
    assert exc.details["type"] == "invalid_request_error"
    assert exc.details["doc_url"] == "https://stripe.com/docs/error-codes/email-invalid"
    assert exc.details["request_log_url"].endswith("req_abc123?t=1")
    assert "jane@@example.com" not in str(exc)  # Stripe's text may echo input: kept out of the message
    assert exc.error_info.connector_details is not None
    assert exc.error_info.connector_details.reason == "email"


def test_400_unknown_parameter() -> None:
    exc = error(
        400,
        {
            "error": {
                "code": "parameter_unknown",
                "param": "foo",
                "message": "Received unknown parameter: foo",
                "type": "invalid_request_error",
            }
        },
    )
    assert (exc.code, exc.connector_code, exc.param) == (ErrorCode.INVALID_REQUEST, "parameter_unknown", "foo")


def test_400_idempotency_error() -> None:
    exc = error(
        400,
        {
            "error": {
                "message": "Keys for idempotent requests can only be used with the same parameters "
                "they were first used with.",
                "type": "idempotency_error",
            }
        },
    )
    assert exc.code is ErrorCode.IDEMPOTENCY_CONFLICT
    assert exc.retryable is False
    assert exc.connector_code == "idempotency_error"


def test_400_rate_limit_legacy_form() -> None:
    assert error(400, {"error": {"code": "rate_limit", "type": "invalid_request_error"}}).code is ErrorCode.RATE_LIMITED


def test_401_masks_the_key_stripe_echoes() -> None:
    exc = error(
        401,
        {
            "error": {
                "message": "Invalid API Key provided: sk_test_********************************0000",
                "type": "invalid_request_error",
            }
        },
    )
    assert exc.code is ErrorCode.AUTHENTICATION_FAILED
    assert exc.connector_message == "Invalid API Key provided: sk_test_***"
    assert "0000" not in repr(exc.details) and "0000" not in str(exc)


def test_402_card_error() -> None:
    exc = error(
        402,
        {
            "error": {
                "code": "card_declined",
                "decline_code": "insufficient_funds",
                "message": "Your card has insufficient funds.",
                "type": "card_error",
            }
        },
    )
    assert (exc.code, exc.connector_code, exc.details["decline_code"]) == (
        ErrorCode.PAYMENT_REQUIRED,
        "card_declined",
        "insufficient_funds",
    )


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (403, ErrorCode.PERMISSION_DENIED),
        (404, ErrorCode.NOT_FOUND),
        (429, ErrorCode.RATE_LIMITED),
        (500, ErrorCode.PROCESSOR_UNAVAILABLE),
        (502, ErrorCode.PROCESSOR_UNAVAILABLE),
        (503, ErrorCode.PROCESSOR_UNAVAILABLE),
        (504, ErrorCode.PROCESSOR_UNAVAILABLE),
    ],
)
def test_status_categories(status: int, code: ErrorCode) -> None:
    kind = "api_error" if status >= 500 else "invalid_request_error"
    exc = error(status, {"error": {"message": "m", "type": kind}})
    assert exc.code is code
    assert exc.status_code == status
    assert exc.request_id == "req_abc123"
    assert exc.retryable is None  # no hint: the core's policy decides


def test_409_idempotency_key_in_use_is_retryable() -> None:
    exc = error(
        409,
        {
            "error": {
                "code": "idempotency_key_in_use",
                "message": "There is currently another in-progress request using this idempotent key.",
                "type": "invalid_request_error",
            }
        },
    )
    assert (exc.code, exc.retryable) == (ErrorCode.IDEMPOTENCY_CONFLICT, True)


def test_409_other_conflict() -> None:
    exc = error(409, {"error": {"code": "lock_timeout", "type": "invalid_request_error"}})
    assert (exc.code, exc.retryable, exc.connector_code) == (ErrorCode.PROCESSOR_ERROR, True, "lock_timeout")


@pytest.mark.parametrize(("header", "expected"), [("true", True), ("false", False), ("TRUE", True), ("maybe", None)])
def test_stripe_should_retry_header_sets_retryable(header: str, expected: bool | None) -> None:
    exc = error(500, {"error": {"type": "api_error"}}, stripe_should_retry=header)
    assert exc.retryable is expected
    # The header overrides the default hint (a 409 is otherwise retryable).
    if expected is False:
        assert error(409, {"error": {"code": "idempotency_key_in_use"}}, stripe_should_retry=header).retryable is False


@pytest.mark.parametrize(
    "body", [b"<html><body><h1>502 Bad Gateway</h1></body></html>", b"", b'{"error": "boom"}', b'{"ok": true}']
)
def test_unreadable_error_bodies_fall_back_to_the_status(body: bytes) -> None:
    exc = error(502, body, retry_after="2", stripe_should_retry="true")
    assert exc.code is ErrorCode.PROCESSOR_UNAVAILABLE
    assert (exc.status_code, exc.request_id, exc.retry_after, exc.retryable) == (502, "req_abc123", 2.0, True)
    assert exc.connector_code is None
    assert error(401, body).code is ErrorCode.AUTHENTICATION_FAILED


def test_oversized_bodies_are_not_parsed() -> None:
    huge = b'{"error": {"type": "api_error", "pad": "' + b"x" * 70_000 + b'"}}'
    exc = error(500, huge)
    assert (exc.code, exc.connector_code) == (ErrorCode.PROCESSOR_UNAVAILABLE, None)
    assert error(400, b'  \n {"error": {"type": "invalid_request_error"}}').connector_code == "invalid_request_error"
    with pytest.raises(ConnectorError) as info:
        handle(reply(200, b'{"id": "cus_1", "object": "customer", "pad": "' + b"x" * 1_100_000 + b'"}'))
    assert info.value.code is ErrorCode.UNPARSEABLE_RESPONSE
    assert handle(reply(200, b"\n" + json.dumps(DOCUMENTED).encode())).connector_customer_id == "cus_NffrFeUfNV2Hib"


def test_non_string_fields_are_ignored() -> None:
    exc = error(400, {"error": {"code": 7, "param": ["x"], "message": None, "type": "invalid_request_error"}})
    assert (exc.connector_code, exc.param, exc.connector_message) == ("invalid_request_error", None, None)
