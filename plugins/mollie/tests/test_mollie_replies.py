"""Mollie's replies, copied from its reference, read by the connector: the customer's id from a
201, and every documented error status as the canonical error it means, Mollie's own words kept."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mollie_helpers import outcome

import paywire
from paywire import ConnectorError, ErrorCode, HttpResponse
from paywire_mollie._errors import error_from_response

HAL = {"content-type": "application/hal+json"}

# docs.mollie.com/reference/v2/customers-api/create-customer, "Response" (201).
DOCUMENTED_CUSTOMER = {
    "resource": "customer",
    "id": "cst_8wmqcHMN4U",
    "mode": "test",
    "name": "Customer A",
    "email": "customer@example.org",
    "locale": None,
    "metadata": None,
    "createdAt": "2018-04-06T13:10:19.0Z",
    "_links": {
        "self": {"href": "https://api.mollie.com/v2/customers/cst_8wmqcHMN4U", "type": "application/hal+json"},
        "documentation": {
            "href": "https://docs.mollie.com/reference/v2/customers-api/create-customer",
            "type": "text/html",
        },
    },
}

# docs.mollie.com/reference/handling-errors, "Examples of error responses".
DOCUMENTED_401 = {
    "status": 401,
    "title": "Unauthorized Request",
    "detail": "Missing authentication, or failed to authenticate",
    "_links": {"documentation": {"href": "https://docs.mollie.com/guides/authentication", "type": "text/html"}},
}
DOCUMENTED_404 = {
    "status": 404,
    "title": "Not Found",
    "detail": "No payment exists with token tr_I_dont_exist.",
    "_links": {"documentation": {"href": "https://docs.mollie.com/errors", "type": "text/html"}},
}
DOCUMENTED_422 = {
    "status": 422,
    "title": "Unprocessable Entity",
    "detail": "The amount is higher than the maximum",
    "field": "amount",
    "_links": {"documentation": {"href": "https://docs.mollie.com/errors", "type": "text/html"}},
}


def reply(status: int, body: Any, headers: dict[str, str] | None = None) -> HttpResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return HttpResponse(status, {**HAL, **(headers or {})}, raw)


def error(status: int, body: Any, headers: dict[str, str] | None = None) -> ConnectorError:
    found = outcome(reply(status, body, headers))
    assert isinstance(found, ConnectorError), found
    return found


def mollie_error(status: int, title: str, detail: str, field: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "title": title, "detail": detail}
    if field is not None:
        body["field"] = field
    return body


def test_the_documented_customer_gives_its_id() -> None:
    customer = outcome(reply(201, DOCUMENTED_CUSTOMER, {"content-type": "application/hal+json; charset=utf-8"}))
    assert isinstance(customer, paywire.CreateCustomerResponse)
    assert (customer.connector_customer_id, customer.status_code, customer.connector) == (
        "cst_8wmqcHMN4U",
        201,
        "mollie",
    )


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html>OK</html>",
        b"[]",
        b'{"resource": "customer"}',
        b'{"resource": "payment", "id": "tr_WDqYK6vllg"}',
        b'{"resource": "customer", "id": "tr_WDqYK6vllg"}',
        b'{"resource": "customer", "id": "cst_"}',
        b'{"resource": "customer", "id": 42}',
        b'{"resource": "customer", "id": "cst_abc def"}',
    ],
)
def test_a_2xx_that_is_not_a_customer_is_unparseable(body: bytes) -> None:
    found = outcome(reply(201, body))
    assert isinstance(found, paywire.OutcomeUnknownError)  # Mollie may have created it: reconcile
    assert found.code is ErrorCode.UNPARSEABLE_RESPONSE
    assert found.idempotency_key == "idem-1"


def test_an_oversized_2xx_is_not_parsed() -> None:
    huge = json.dumps({**DOCUMENTED_CUSTOMER, "pad": "x" * 300_000}).encode()
    found = outcome(reply(201, huge))
    assert isinstance(found, ConnectorError) and found.code is ErrorCode.UNPARSEABLE_RESPONSE


def test_the_documented_401() -> None:
    exc = error(401, DOCUMENTED_401)
    assert exc.code is ErrorCode.AUTHENTICATION_FAILED
    assert (exc.connector_code, exc.connector_message, exc.status_code, exc.param) == (
        "Unauthorized Request",
        "Missing authentication, or failed to authenticate",
        401,
        None,
    )
    assert exc.details == {
        "status": "401",
        "title": "Unauthorized Request",
        "detail": "Missing authentication, or failed to authenticate",
        "documentation": "https://docs.mollie.com/guides/authentication",
    }
    assert "Missing authentication" not in exc.message  # Mollie's words only in connector_message


def test_the_documented_422_names_the_field() -> None:
    exc = error(422, DOCUMENTED_422)
    assert exc.code is ErrorCode.INVALID_REQUEST
    assert (exc.param, exc.connector_message, exc.retryable) == (
        "amount",
        "The amount is higher than the maximum",
        None,
    )
    assert "canonical_field" not in exc.details  # amount is no customer parameter


@pytest.mark.parametrize(
    ("field", "canonical"),
    [("name", "customer_name"), ("email", "email"), ("locale", "preferred_locales"), ("metadata", "metadata")],
)
def test_a_422_on_a_customer_parameter_names_the_canonical_field(field: str, canonical: str) -> None:
    exc = error(422, mollie_error(422, "Unprocessable Entity", f"The {field} is invalid", field))
    assert (exc.code, exc.param, exc.details["canonical_field"]) == (ErrorCode.INVALID_REQUEST, field, canonical)


def test_the_documented_404_is_read_whatever_its_content_type() -> None:
    # The documentation's 404 example is served as application/json, not hal+json.
    exc = error(404, DOCUMENTED_404, {"content-type": "application/json"})
    assert (exc.code, exc.connector_code) == (ErrorCode.NOT_FOUND, "Not Found")


@pytest.mark.parametrize(
    ("status", "title", "code"),
    [
        (400, "Bad Request", ErrorCode.INVALID_REQUEST),
        (401, "Unauthorized Request", ErrorCode.AUTHENTICATION_FAILED),
        (403, "Forbidden", ErrorCode.PERMISSION_DENIED),
        (404, "Not Found", ErrorCode.NOT_FOUND),
        (405, "Method Not Allowed", ErrorCode.PROCESSOR_ERROR),
        (409, "Conflict", ErrorCode.IDEMPOTENCY_CONFLICT),
        (410, "Gone", ErrorCode.PROCESSOR_ERROR),
        (415, "Unsupported Media Type", ErrorCode.INVALID_REQUEST),
        (422, "Unprocessable Entity", ErrorCode.INVALID_REQUEST),
        (429, "Too Many Requests", ErrorCode.RATE_LIMITED),
        (500, "Internal Server Error", ErrorCode.PROCESSOR_UNAVAILABLE),
        (502, "Bad Gateway", ErrorCode.PROCESSOR_UNAVAILABLE),
        (503, "Service Unavailable", ErrorCode.PROCESSOR_UNAVAILABLE),
        (504, "Gateway Timeout", ErrorCode.PROCESSOR_UNAVAILABLE),
    ],
)
def test_every_documented_status(status: int, title: str, code: ErrorCode) -> None:
    """The full list of docs.mollie.com/reference/handling-errors, "All possible status codes"."""
    exc = error_from_response(reply(status, mollie_error(status, title, "words")))
    assert (exc.code, exc.status_code, exc.connector_code, exc.connector_message) == (code, status, title, "words")


def test_a_key_reused_with_other_parameters_is_an_idempotency_conflict() -> None:
    # api-idempotency: "with different parameters, the API will return a 400 Bad Request".
    reused = mollie_error(400, "Bad Request", "The Idempotency-Key was already used with different parameters.")
    exc = error(400, reused)
    assert (exc.code, exc.retryable) == (ErrorCode.IDEMPOTENCY_CONFLICT, False)
    # A 400 that says nothing of the key is a request Mollie could not read.
    assert error(400, mollie_error(400, "Bad Request", "Invalid JSON")).code is ErrorCode.INVALID_REQUEST


def test_a_409_while_the_first_request_runs_is_retried_with_the_same_key() -> None:
    # api-idempotency: the second request "while the first request is still being processed" gets 409.
    exc = error(409, mollie_error(409, "Conflict", "A request with this Idempotency-Key is still being processed"))
    assert (exc.code, exc.retryable) == (ErrorCode.IDEMPOTENCY_CONFLICT, None)


def test_retry_after_is_kept_when_mollie_sends_it() -> None:
    body = mollie_error(429, "Too Many Requests", "Your request has hit a rate limit.")
    assert error(429, body).retry_after is None  # Mollie documents no Retry-After
    assert error(429, body, {"retry-after": "3"}).retry_after == 3.0


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        b"",
        b'{"error": "boom"}',
        b'{"status": "500", "detail": "status is not a number"}',
        b'{"status": true, "detail": "x"}',
        b'{"status": 500}',
        b"[]",
    ],
)
def test_unreadable_error_bodies_fall_back_to_the_status(body: bytes) -> None:
    exc = error(502, body, {"retry-after": "2"})
    assert (exc.code, exc.status_code, exc.retry_after, exc.connector_code) == (
        ErrorCode.PROCESSOR_UNAVAILABLE,
        502,
        2.0,
        None,
    )
    assert error(401, body).code is ErrorCode.AUTHENTICATION_FAILED
    assert error(429, body).code is ErrorCode.RATE_LIMITED


def test_an_error_without_detail_keeps_its_title() -> None:
    # The shape of Mollie's own mock in mollie/commercetools (a 500 with status and title only).
    exc = error(500, {"status": 500, "title": "Internal Server Error", "_links": {}})
    assert (exc.code, exc.connector_code, exc.connector_message) == (
        ErrorCode.PROCESSOR_UNAVAILABLE,
        "Internal Server Error",
        None,
    )


def test_oversized_error_bodies_are_not_parsed() -> None:
    huge = json.dumps({**DOCUMENTED_422, "pad": "x" * 70_000}).encode()
    assert error(422, huge).connector_code is None


def test_non_string_fields_are_ignored() -> None:
    exc = error(422, {"status": 422, "title": "Unprocessable Entity", "detail": None, "field": ["name"], "_links": 3})
    assert (exc.connector_code, exc.connector_message, exc.param) == ("Unprocessable Entity", None, None)
