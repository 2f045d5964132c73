"""Airwallex's replies -> what the core gets: the login's token and lifetime, the customer's id,
and every documented error as a canonical ConnectorError (bodies copied from Airwallex's docs)."""

from __future__ import annotations

from typing import Any

import pytest
from airwallex_helpers import reply

import paywire
import paywire_airwallex
from paywire_airwallex._errors import BY_CODE
from paywire_airwallex._token import TOKEN_LIFETIME, login_request, parse_expires_at, read_token

CONTEXT = paywire.OperationContext(
    "airwallex", paywire.Operation.CREATE_CUSTOMER, paywire_airwallex.TEST_BASE_URL, "idem-1"
)
DATE = "Tue, 12 May 2026 00:00:00 GMT"
LOGIN_REPLY = {"token": "eyJhbGciOiJIUzI1NiJ9.e30.sig", "expires_at": "2026-05-12T00:30:00+0000"}

# -- login -----------------------------------------------------------------------------------------


def test_the_login_request_carries_the_credentials_in_headers_and_an_empty_json_object() -> None:
    credentials = paywire_airwallex.AirwallexCredentials.model_validate({"client_id": "cid", "api_key": "key"})
    built = login_request(credentials, "https://api-demo.airwallex.com")
    assert (built.method, built.url) == ("POST", "https://api-demo.airwallex.com/api/v1/authentication/login")
    assert dict(built.headers) == {"x-client-id": "cid", "x-api-key": "key", "Content-Type": "application/json"}
    assert built.body == b"{}"  # what the official Node SDK sends


def test_the_token_lives_until_expires_at_measured_on_airwallexs_clock() -> None:
    token = read_token(reply(201, LOGIN_REPLY, {"Date": DATE}))
    assert token.value.get_secret_value() == LOGIN_REPLY["token"]
    assert token.expires_in == 1800.0
    later = read_token(reply(201, {**LOGIN_REPLY, "expires_at": "2026-05-12T03:20:00+0000"}, {"Date": DATE}))
    assert later.expires_in == 12000.0  # what Airwallex says, not the documented 30 minutes


def test_without_a_date_the_documented_lifetime_applies() -> None:
    assert read_token(reply(201, LOGIN_REPLY)).expires_in == TOKEN_LIFETIME == 1800.0
    assert read_token(reply(201, LOGIN_REPLY, {"Date": "not a date"})).expires_in == TOKEN_LIFETIME


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-05-12T00:00:00+0000", "2026-05-12T00:00:00+00:00"),  # Airwallex's documented form
        ("2026-05-12T08:00:00+0800", "2026-05-12T08:00:00+08:00"),
        ("2026-05-12T00:00:00Z", "2026-05-12T00:00:00+00:00"),
        ("2026-05-12T00:00:00.250+00:00", "2026-05-12T00:00:00.250000+00:00"),
        ("2026-05-12T00:00:00", "2026-05-12T00:00:00+00:00"),
    ],
)
def test_expires_at_forms(text: str, iso: str) -> None:
    parsed = parse_expires_at(text)
    assert parsed is not None and parsed.isoformat() == iso


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"token": "abc"},
        {"expires_at": "2026-05-12T00:30:00+0000"},
        {"token": "", "expires_at": "2026-05-12T00:30:00+0000"},
        {"token": "has space", "expires_at": "2026-05-12T00:30:00+0000"},
        {"token": 42, "expires_at": "2026-05-12T00:30:00+0000"},
        {"token": "abc", "expires_at": "in thirty minutes"},
        {"token": "abc", "expires_at": 1800},
        {"token": "abc", "expires_at": "2026-05-11T23:59:59+0000"},  # already expired at the reply's Date
        "<html>gateway</html>",
    ],
)
def test_a_login_reply_without_a_usable_token_and_expiry_is_unparseable(body: Any) -> None:
    with pytest.raises(paywire.ConnectorError) as info:
        read_token(reply(201, body, {"Date": DATE}))
    assert info.value.code is paywire.ErrorCode.UNPARSEABLE_RESPONSE


# -- the customer ----------------------------------------------------------------------------------

REAL_REPLY = {  # a 2023 production reply (values shortened), as Airwallex answers customers/create
    "id": "cus_hkpddtmr5gqzh7dx6s1",
    "request_id": "idem-1",
    "merchant_customer_id": "0940",
    "email": "jane@example.com",
    "phone_number": "",
    "additional_info": {"registered_via_social_media": False},
    "client_secret": "eyJhbGciOiJIUzI1NiJ9.e30.sig",
    "created_at": "2023-11-27T12:32:41+0000",
    "updated_at": "2023-11-27T12:32:41+0000",
}


def customer_id(response: paywire.HttpResponse) -> str:
    return paywire_airwallex.paywire_create_customer_response(response=response, context=CONTEXT)


@pytest.mark.parametrize("status", [200, 201])
def test_the_customer_id_is_read_from_any_2xx(status: int) -> None:
    assert customer_id(reply(status, REAL_REPLY)) == "cus_hkpddtmr5gqzh7dx6s1"
    assert customer_id(reply(status, {"id": "cus_hkpddtmr5gqzh7dx6s1"})) == "cus_hkpddtmr5gqzh7dx6s1"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"id": ""},
        {"id": "int_hkpdpqj9rgnwvaqu8a2"},  # a payment intent, not a customer
        {"id": "cus_"},
        {"id": "cus_has space"},
        {"id": 42},
        {**REAL_REPLY, "request_id": "another-call"},  # the reply to someone else's request
        "<html>ok</html>",
        b"",
    ],
)
def test_a_2xx_that_is_not_this_customer_is_unparseable(body: Any) -> None:
    with pytest.raises(paywire.ConnectorError) as info:
        customer_id(reply(201, body))
    assert info.value.code is paywire.ErrorCode.UNPARSEABLE_RESPONSE


# -- errors ----------------------------------------------------------------------------------------


def error_for(response: paywire.HttpResponse) -> paywire.ConnectorError:
    result = paywire_airwallex.paywire_error(response=response)
    assert isinstance(result, paywire.ConnectorError)
    return result


def awx(code: str, message: str = "message", **fields: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **fields}


@pytest.mark.parametrize(
    ("status", "code", "expected", "retryable"),
    [
        (400, "validation_error", paywire.ErrorCode.INVALID_REQUEST, None),
        (400, "duplicate_request", paywire.ErrorCode.IDEMPOTENCY_CONFLICT, False),
        (400, "resource_already_exists", paywire.ErrorCode.DUPLICATE, False),
        (400, "resource_not_found", paywire.ErrorCode.NOT_FOUND, None),
        (400, "internal_error", paywire.ErrorCode.PROCESSOR_UNAVAILABLE, None),
        (400, "service_unavailable", paywire.ErrorCode.PROCESSOR_UNAVAILABLE, None),
        (400, "configuration_error", paywire.ErrorCode.INVALID_REQUEST, None),
        (400, "some_future_code", paywire.ErrorCode.INVALID_REQUEST, None),
        (401, "unauthorized", paywire.ErrorCode.AUTHENTICATION_FAILED, None),
        (401, "credentials_invalid", paywire.ErrorCode.AUTHENTICATION_FAILED, None),
        (403, "forbidden", paywire.ErrorCode.PERMISSION_DENIED, None),
        (404, "not_found", paywire.ErrorCode.NOT_FOUND, None),
        (409, "conflict", paywire.ErrorCode.IDEMPOTENCY_CONFLICT, None),
        (409, "duplicate_request", paywire.ErrorCode.IDEMPOTENCY_CONFLICT, False),
        (409, "resource_already_exists", paywire.ErrorCode.DUPLICATE, False),
        (429, "too_many_requests", paywire.ErrorCode.RATE_LIMITED, None),
        (500, "internal_error", paywire.ErrorCode.PROCESSOR_UNAVAILABLE, None),
        (503, "service_unavailable", paywire.ErrorCode.PROCESSOR_UNAVAILABLE, None),
        (418, "teapot", paywire.ErrorCode.PROCESSOR_ERROR, None),
    ],
)
def test_airwallex_errors_map_to_canonical_codes(
    status: int, code: str, expected: paywire.ErrorCode, retryable: bool | None
) -> None:
    error = error_for(reply(status, awx(code)))
    assert (error.code, error.connector_code, error.status_code, error.retryable) == (
        expected,
        code,
        status,
        retryable,
    )
    assert code in error.message


def test_every_mapped_code_is_one_airwallex_documents() -> None:
    documented = {  # Payments error codes: the 400 codes whose meaning the status does not say
        "duplicate_request",
        "resource_not_found",
        "resource_already_exists",
        "internal_error",
        "service_unavailable",
    }
    assert set(BY_CODE) == documented


def test_the_documented_validation_error_keeps_code_source_message_and_trace() -> None:
    body = {
        "code": "validation_error",
        "source": "merchant_customer_id",
        "message": "merchant_customer_id must be provided",
        "trace_id": "e9afc11e3032ebaa4d4c9080ae77b232",
    }
    error = error_for(reply(400, body))
    assert error.code is paywire.ErrorCode.INVALID_REQUEST
    assert error.param == "merchant_customer_id"
    assert error.connector_message == "merchant_customer_id must be provided"
    assert error.details == body  # the body's trace id too (request_id is the x-awx-traceid header)


def test_airwallexs_text_stays_out_of_the_message() -> None:
    text = "email jane@@example.com is invalid"
    error = error_for(reply(400, awx("validation_error", text, source="email")))
    assert error.connector_message == text
    assert "jane@@example.com" not in str(error) and "jane@@example.com" not in error.message


def test_details_objects_and_lists_are_kept_as_json_text() -> None:
    rate = {"code": "too_many_requests", "message": "Rate Limit Exceeded.", "details": {"limit": 20, "window": "1s"}}
    assert error_for(reply(429, rate)).details["details"] == '{"limit":20,"window":"1s"}'
    listed = awx("validation_error", details=["email is invalid", "postcode is too long"])
    assert error_for(reply(400, listed)).details["details"] == '["email is invalid","postcode is too long"]'
    assert "details" not in error_for(reply(429, {**rate, "details": {}})).details


@pytest.mark.parametrize(
    "body",
    [b"", b"<html>502 Bad Gateway</html>", b'{"message": "no code"}', b'{"code": 5}', b"[1, 2]", b'{"code": ""}'],
)
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429, 500, 502, 503])
def test_a_body_that_is_not_airwallexs_falls_back_on_the_status(body: bytes, status: int) -> None:
    error = error_for(reply(status, body))
    assert error.code is paywire.error_code_for_status(status)
    assert error.connector_code is None and error.status_code == status


def test_retry_after_is_read_if_ever_sent() -> None:
    assert error_for(reply(429, awx("too_many_requests"), {"Retry-After": "2"})).retry_after == 2.0
