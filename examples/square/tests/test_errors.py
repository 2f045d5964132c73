"""Square error replies -> canonical ConnectorError, with status_error as the fallback."""

from __future__ import annotations

import json
from typing import Any

import pytest

import paywire
import paywire_square


def reply(status: int, body: Any, headers: dict[str, str] | None = None) -> paywire.HttpResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return paywire.HttpResponse(status, headers or {}, raw)


def square_error(category: str, code: str, detail: str = "detail", field: str | None = None) -> dict[str, Any]:
    error = {"category": category, "code": code, "detail": detail}
    if field:
        error["field"] = field
    return {"errors": [error]}


def error_for(response: paywire.HttpResponse) -> paywire.ConnectorError:
    result = paywire_square.paywire_error(response=response)
    assert isinstance(result, paywire.ConnectorError)
    return result


@pytest.mark.parametrize(
    ("status", "category", "code", "expected", "retryable"),
    [
        (400, "INVALID_REQUEST_ERROR", "INVALID_EMAIL_ADDRESS", paywire.ErrorCode.INVALID_REQUEST, None),
        (400, "INVALID_REQUEST_ERROR", "IDEMPOTENCY_KEY_REUSED", paywire.ErrorCode.IDEMPOTENCY_CONFLICT, False),
        (401, "AUTHENTICATION_ERROR", "UNAUTHORIZED", paywire.ErrorCode.AUTHENTICATION_FAILED, None),
        (401, "AUTHENTICATION_ERROR", "ACCESS_TOKEN_EXPIRED", paywire.ErrorCode.AUTHENTICATION_FAILED, None),
        (403, "AUTHENTICATION_ERROR", "INSUFFICIENT_SCOPES", paywire.ErrorCode.PERMISSION_DENIED, False),
        (403, "AUTHENTICATION_ERROR", "CLIENT_DISABLED", paywire.ErrorCode.PERMISSION_DENIED, None),
        (404, "INVALID_REQUEST_ERROR", "NOT_FOUND", paywire.ErrorCode.NOT_FOUND, False),
        (429, "RATE_LIMIT_ERROR", "RATE_LIMITED", paywire.ErrorCode.RATE_LIMITED, None),
        (500, "API_ERROR", "INTERNAL_SERVER_ERROR", paywire.ErrorCode.PROCESSOR_UNAVAILABLE, None),
        (503, "API_ERROR", "SERVICE_UNAVAILABLE", paywire.ErrorCode.PROCESSOR_UNAVAILABLE, None),
        (402, "PAYMENT_METHOD_ERROR", "CARD_DECLINED", paywire.ErrorCode.PAYMENT_REQUIRED, None),
        (418, "SOME_FUTURE_CATEGORY", "TEAPOT", paywire.ErrorCode.PROCESSOR_ERROR, None),
    ],
)
def test_square_errors_map_to_canonical_codes(
    status: int, category: str, code: str, expected: paywire.ErrorCode, retryable: bool | None
) -> None:
    error = error_for(reply(status, square_error(category, code)))
    assert error.code is expected
    assert error.connector_code == code
    assert error.status_code == status
    assert error.retryable is retryable


def test_square_fields_are_kept_and_detail_is_not_in_the_message() -> None:
    detail = "Expected email_address to be a valid email address: 'jane@@example'"
    error = error_for(
        reply(400, square_error("INVALID_REQUEST_ERROR", "INVALID_EMAIL_ADDRESS", detail, "email_address"))
    )
    assert error.param == "email_address"
    assert error.connector_message == detail
    assert error.details["category"] == "INVALID_REQUEST_ERROR"
    assert error.details["error_count"] == "1"
    assert "jane@@example" not in str(error)
    assert "jane@@example" not in repr(error)


def test_the_first_of_several_errors_decides() -> None:
    body = {
        "errors": [
            square_error("RATE_LIMIT_ERROR", "RATE_LIMITED")["errors"][0],
            square_error("INVALID_REQUEST_ERROR", "BAD_REQUEST")["errors"][0],
        ]
    }
    error = error_for(reply(429, body))
    assert error.code is paywire.ErrorCode.RATE_LIMITED
    assert error.details["error_count"] == "2"


def test_retry_after_is_read() -> None:
    error = error_for(reply(429, square_error("RATE_LIMIT_ERROR", "RATE_LIMITED"), {"retry-after": "7"}))
    assert error.retry_after == 7.0


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (502, b"<html>Bad Gateway</html>", paywire.ErrorCode.PROCESSOR_UNAVAILABLE),
        (401, b"", paywire.ErrorCode.AUTHENTICATION_FAILED),
        (429, {"errors": []}, paywire.ErrorCode.RATE_LIMITED),
        (400, {"errors": [{"unexpected": 1}]}, paywire.ErrorCode.INVALID_REQUEST),
        (400, {"error": {"type": "stripe-like"}}, paywire.ErrorCode.INVALID_REQUEST),
        (500, b'{"errors": [', paywire.ErrorCode.PROCESSOR_UNAVAILABLE),
    ],
)
def test_unreadable_bodies_fall_back_to_the_status(status: int, body: Any, expected: paywire.ErrorCode) -> None:
    error = error_for(reply(status, body, {"retry-after": "3"}))
    assert error.code is expected
    assert error.connector_code is None
    assert error.retry_after == 3.0
    assert "without a Square error body" in error.message
