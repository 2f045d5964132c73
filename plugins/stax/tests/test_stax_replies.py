"""Stax's replies -> canonical outcomes, through a client (no network): the bodies are copied from
Stax's reference (the ``create-customer`` 200 and 422 examples of its OpenAPI export) or, where
Stax documents only the status, from its official SDKs (``{"error": ...}``, 409) and Laravel's
defaults (``{"message": ...}``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from stax_helpers import outcome

import paywire
from paywire import ErrorCode, HttpResponse
from paywire_stax._errors import error_from_response, validation_errors

JSON = {"content-type": "application/json"}

DOCUMENTED_200 = {
    "id": "59327746-fbca-4fb6-adf0-e88c99245548",
    "firstname": "John",
    "lastname": "Smith",
    "company": "ABC INC",
    "email": "contact@example.com",
    "cc_emails": ["demo@abc.com"],
    "phone": "1234567898",
    "address_1": "123 Rite Way",
    "address_2": "Unit 12",
    "address_city": "Orlando",
    "address_state": "FL",
    "address_zip": "32801",
    "address_country": "USA",
    "notes": None,
    "reference": "BARTLE",
    "options": {
        "customer_custom_fields": [
            {
                "id": "95b5-fce4-08e6-e60b-c26e",
                "name": "Intenal ID",
                "placeholder": "Add an internal tracking ID",
                "required": False,
                "visible": True,
                "type": "text",
                "value": "0123456",
            }
        ]
    },
    "created_at": "2017-05-08 19:13:41",
    "updated_at": "2017-05-08 19:13:41",
    "deleted_at": None,
    "gravatar": "//www.gravatar.com/avatar/45357c125af15b6df8864a71a653bea2",
    "has_address": True,
    "missing_address_components": [],
}
"""The 200 example of ``create-customer``, verbatim."""

DOCUMENTED_422 = (
    '{\n  "firstname": [\n    "The firstname field is required when none of lastname / email / company are present."\n'
    '  ],\n  "lastname": [\n    "The lastname field is required when none of firstname / email / company are '
    'present."\n  ],\n  "email": [\n    "The email field is required when none of firstname / lastname / company '
    'are present."\n  ],\n  "company": [\n    "The company field is required when none of firstname / lastname / '
    'email are present."\n  ]\n}'
)
"""The 422 example of ``create-customer``, verbatim (a JSON text in the export)."""


def reply(status: int, body: Any, headers: dict[str, str] | None = None) -> HttpResponse:
    raw = body if isinstance(body, bytes) else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
    return HttpResponse(status, {**JSON, **(headers or {})}, raw)


def error(status: int, body: Any, headers: dict[str, str] | None = None) -> paywire.ConnectorError:
    result = outcome(reply(status, body, headers))
    assert isinstance(result, paywire.ConnectorError), result
    return result


def test_documented_customer_is_created() -> None:
    result = outcome(reply(200, DOCUMENTED_200), {"email": "contact@example.com", "merchant_customer_id": "BARTLE"})
    assert isinstance(result, paywire.CreateCustomerResponse)
    assert result.connector_customer_id == "59327746-fbca-4fb6-adf0-e88c99245548"
    assert result.merchant_customer_id == "BARTLE"
    assert result.status_code == 200
    assert result.connector == "stax"


@pytest.mark.parametrize(
    "body",
    [
        {**DOCUMENTED_200, "id": None},
        {**DOCUMENTED_200, "id": "cus_123"},
        {**DOCUMENTED_200, "id": 42},
        [DOCUMENTED_200],
        "<html>OK</html>",
        b"",
    ],
    ids=["null-id", "not-a-uuid", "numeric-id", "list", "html", "empty"],
)
def test_a_2xx_that_is_not_a_customer_is_an_unknown_outcome(body: Any) -> None:
    result = outcome(reply(200, body))
    assert isinstance(result, paywire.OutcomeUnknownError)  # Stax may have created it: never retried
    assert result.code is ErrorCode.UNPARSEABLE_RESPONSE


def test_documented_422_names_the_first_field_and_keeps_every_message() -> None:
    exc = error(422, DOCUMENTED_422)
    assert exc.code is ErrorCode.INVALID_REQUEST
    assert type(exc) is paywire.ConnectorError
    assert exc.param == "firstname"
    assert exc.connector_code is None  # Stax's validation replies carry no code
    assert exc.connector_message == (
        "The firstname field is required when none of lastname / email / company are present."
    )
    assert set(exc.details) == {"firstname", "lastname", "email", "company"}
    assert exc.status_code == 422
    assert exc.retryable is None
    assert "firstname, lastname, email, company" in exc.message
    assert "required when" not in exc.message  # Stax's text stays in connector_message


def test_laravel_errors_object_is_read_too() -> None:
    exc = error(
        422,
        {"message": "The given data was invalid.", "errors": {"address_state": ["The address state may not be "
         "greater than 2 characters."]}},
    )  # fmt: skip
    assert (exc.code, exc.param) == (ErrorCode.INVALID_REQUEST, "address_state")
    assert exc.connector_message == "The given data was invalid."
    assert exc.details["address_state"] == "The address state may not be greater than 2 characters."


@pytest.mark.parametrize("token_error", ["token_invalid", "token_expired", "token_not_provided"])
def test_401_bodies_are_authentication_failures_with_stax_code(token_error: str) -> None:
    exc = error(401, {"error": token_error})
    assert exc.code is ErrorCode.AUTHENTICATION_FAILED
    assert exc.connector_code == token_error
    assert exc.connector_message == token_error


def test_token_expired_in_any_4xx_is_an_authentication_failure() -> None:
    assert error(400, {"error": "token_expired"}).code is ErrorCode.AUTHENTICATION_FAILED


def test_an_error_sentence_is_a_message_not_a_code() -> None:
    exc = error(400, {"error": "Unauthenticated request."})
    assert (exc.code, exc.connector_code, exc.connector_message) == (
        ErrorCode.INVALID_REQUEST,
        None,
        "Unauthenticated request.",
    )


def test_429_is_a_rate_limit_with_retry_after() -> None:
    exc = error(429, {"message": "Too Many Attempts."}, {"retry-after": "60"})
    assert exc.code is ErrorCode.RATE_LIMITED
    assert exc.retry_after == 60.0
    assert exc.connector_message == "Too Many Attempts."


def test_429_without_a_body_still_carries_retry_after() -> None:
    exc = error(429, b"", {"retry-after": "30"})
    assert (exc.code, exc.retry_after) == (ErrorCode.RATE_LIMITED, 30.0)


def test_409_is_a_duplicate_never_retried() -> None:
    exc = error(409, {"message": "Duplicate"})
    assert exc.code is ErrorCode.DUPLICATE
    assert exc.retryable is False
    assert exc.duplicate_of is None  # Stax names no existing customer


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_processor_unavailable_and_an_unknown_outcome(status: int) -> None:
    exc = error(status, {"message": "Server Error"})
    assert exc.code is ErrorCode.PROCESSOR_UNAVAILABLE
    assert isinstance(exc, paywire.OutcomeUnknownError)


@pytest.mark.parametrize(
    ("status", "code"),
    [(401, ErrorCode.AUTHENTICATION_FAILED), (404, ErrorCode.NOT_FOUND), (503, ErrorCode.PROCESSOR_UNAVAILABLE)],
)
def test_a_proxy_page_falls_back_to_the_status(status: int, code: ErrorCode) -> None:
    exc = error(status, "<html><body>Bad Gateway</body></html>", {"content-type": "text/html"})
    assert exc.code is code
    assert exc.connector_code is None and exc.connector_message is None
    assert "without a Stax error body" in exc.message


def test_a_bare_409_is_categorised_by_its_status_alone() -> None:
    """Without Stax's body only the status speaks, by the rule every connector shares (the harness's
    status-category property); Stax's hint that a 409 is never worth retrying still holds."""
    exc = error(409, b"")
    assert exc.code is paywire.error_code_for_status(409)
    assert exc.retryable is False


def test_an_unknown_json_shape_falls_back_to_the_status() -> None:
    exc = error_from_response(reply(403, {"detail": {"nested": True}}))
    assert exc.code is ErrorCode.PERMISSION_DENIED
    assert "without a Stax error body" in exc.message


def test_an_oversized_error_body_is_not_parsed() -> None:
    exc = error_from_response(reply(422, {"email": ["x" * 70_000]}))
    assert exc.code is ErrorCode.INVALID_REQUEST
    assert exc.param is None


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ({"email": ["bad"]}, {"email": ["bad"]}),
        ({"email": ["bad"], "error": "x"}, {}),
        ({"errors": {"email": ["bad"], "odd": "x"}}, {"email": ["bad"]}),
        ({"email": []}, {}),
        ({}, {}),
    ],
)
def test_validation_errors_reads_only_laravel_maps(body: dict[str, Any], found: dict[str, list[str]]) -> None:
    assert validation_errors(body) == found
