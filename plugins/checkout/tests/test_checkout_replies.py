"""Checkout.com's replies: the created customer, and every documented error reply.

Bodies are copied from Checkout.com's OpenAPI source (checkout-api-reference, ``nas_spec``):
``StoreCustomerResponse`` (``cus_y3oqhf46pyzuxjbcn2giaqnb44``), ``ValidationError``
(``0HL80RJLS76I7``, ``request_invalid``, ``payment_source_required``); error codes from its
error-code reference. A 401 has no body (``paths/customers.yaml``).
"""

from __future__ import annotations

from typing import Any

import pytest
from checkout_helpers import client, outcome

import paywire
import paywire_checkout
from paywire import ConnectorError, ErrorCode, HttpResponse
from paywire_harness import testing

HEADER_ID = "0HL80RJLS76I7"


def reply(status: int, body: Any = None, **headers: str) -> HttpResponse:
    """A Checkout.com reply: its ``Cko-Request-Id`` and JSON content type unless given."""
    headers = {"cko_request_id": HEADER_ID, "content_type": "application/json; charset=utf-8", **headers}
    return testing.reply(status, body, **headers)


def error(status: int, body: Any = None, **headers: str) -> ConnectorError:
    result = paywire_checkout.paywire_error(response=reply(status, body, **headers))
    assert isinstance(result, ConnectorError)
    return result


def created(response: HttpResponse) -> paywire.CreateCustomerResponse:
    result = outcome(response, {"email": "jane@example.com", "merchant_customer_id": "user_42"})
    if isinstance(result, paywire.PaywireError):
        raise result
    return result


# -- success ----------------------------------------------------------------------------------
def test_the_documented_201() -> None:
    customer = created(reply(201, {"id": "cus_y3oqhf46pyzuxjbcn2giaqnb44"}))
    assert customer.connector_customer_id == "cus_y3oqhf46pyzuxjbcn2giaqnb44"
    assert customer.merchant_customer_id == "user_42"
    assert customer.status_code == 201
    assert customer.response_headers["cko-request-id"] == HEADER_ID
    assert (customer.connector, customer.idempotency_key) == ("checkout", "idem-1")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html>oops</html>",
        b'{"id": "cus_y3oqhf46pyzuxjbcn2giaqnb44"',  # truncated
        b"[]",
        {},
        {"id": 42},
        {"id": "src_y3oqhf46pyzuxjbcn2giaqnb44"},
        {"id": "cus_"},
        {"id": "cus_y3oqhf46pyzuxjbcn2giaqnb44\n"},
        {"id": "cus_y3oqhf46pyzuxjbcn2giaqnb44/../x"},
    ],
)
def test_malformed_success_bodies_are_an_unknown_outcome(body: Any) -> None:
    with pytest.raises(paywire.OutcomeUnknownError) as info:
        created(reply(201, body))
    assert info.value.code is ErrorCode.UNPARSEABLE_RESPONSE
    assert info.value.request_id == HEADER_ID
    assert info.value.status_code == 201


# -- errors -----------------------------------------------------------------------------------
def test_the_documented_validation_error() -> None:
    body = {"request_id": "0HL80RJLS76I7", "error_type": "request_invalid", "error_codes": ["payment_source_required"]}
    exc = error(422, body)
    assert exc.code is ErrorCode.INVALID_REQUEST
    assert exc.connector_code == "payment_source_required"
    assert exc.connector_message == "request_invalid: payment_source_required"
    assert exc.param is None  # not a field of a customer
    assert exc.request_id is None  # the body repeats Cko-Request-Id, which the core reads
    assert exc.status_code == 422
    assert exc.retryable is False
    assert exc.details == {"error_type": "request_invalid", "error_codes": "payment_source_required"}
    assert exc.message == "Checkout.com rejected the request (request_invalid)"


@pytest.mark.parametrize(
    ("codes", "param"),
    [
        (["email_invalid"], "email"),
        (["customer_email_invalid"], "email"),
        (["phone_number_invalid"], "phone.number"),
        (["country_phone_code_invalid"], "phone.country_code"),
        (["metadata_key_invalid"], "metadata"),
        (["unknown_future_code", "email_invalid"], "email"),
    ],
)
def test_validation_codes_name_the_field(codes: list[str], param: str) -> None:
    exc = error(422, {"request_id": "r1", "error_type": "request_invalid", "error_codes": codes})
    assert (exc.code, exc.param, exc.connector_code) == (ErrorCode.INVALID_REQUEST, param, codes[0])
    assert exc.details["error_codes"] == ", ".join(codes)


@pytest.mark.parametrize("code", ["email_required", "phone_number_length_invalid", "country_phone_code_length_invalid"])
def test_codes_the_connectors_checks_rule_out_follow_the_status(code: str) -> None:
    # paywire refuses a missing e-mail and a phone outside Checkout.com's lengths before sending.
    exc = error(422, {"request_id": "r1", "error_type": "request_invalid", "error_codes": [code]})
    assert (exc.code, exc.param, exc.connector_code) == (ErrorCode.INVALID_REQUEST, None, code)


def test_the_first_known_code_decides_and_every_code_is_kept() -> None:
    body = {
        "request_id": "r1",
        "error_type": "request_invalid",
        "error_codes": ["email_invalid", "phone_number_invalid"],
    }
    exc = error(422, body)
    assert exc.param == "email"
    assert exc.connector_message == "request_invalid: email_invalid, phone_number_invalid"


@pytest.mark.parametrize("code", ["email_in_use", "customer_already_exists"])
def test_checkouts_duplicate_codes_are_duplicates_without_an_id(code: str) -> None:
    exc = error(422, {"request_id": "r1", "error_type": "request_invalid", "error_codes": [code]})
    assert exc.code is ErrorCode.DUPLICATE
    assert exc.duplicate_of is None  # Checkout.com does not name the existing customer
    assert exc.retryable is False


def test_401_has_no_body_and_the_request_id_is_the_headers() -> None:
    exc = error(401)
    assert exc.code is ErrorCode.AUTHENTICATION_FAILED
    assert exc.message == "Checkout.com did not accept the secret key"
    assert (exc.connector_code, exc.connector_message) == (None, None)
    refused = outcome(reply(401))
    assert isinstance(refused, ConnectorError)
    assert refused.request_id == HEADER_ID  # the core reads Cko-Request-Id (ConnectorInfo.request_id_header)


def test_the_request_id_is_the_headers_which_the_body_repeats() -> None:
    body = {"request_id": HEADER_ID, "error_type": "request_invalid", "error_codes": ["email_invalid"]}
    refused = outcome(reply(422, body))
    assert isinstance(refused, ConnectorError)
    assert refused.request_id == HEADER_ID


def test_429_is_a_rate_limit_with_its_retry_after() -> None:
    # Checkout.com's payments path documents its 429 with the ValidationError schema.
    body = {"request_id": "r1", "error_type": "request_invalid", "error_codes": ["api_calls_quota_exceeded"]}
    exc = error(429, body, retry_after="2")
    assert (exc.code, exc.retry_after, exc.connector_code) == (ErrorCode.RATE_LIMITED, 2.0, "api_calls_quota_exceeded")
    assert error(429).code is ErrorCode.RATE_LIMITED


def test_the_api_calls_quota_code_is_a_rate_limit_whatever_the_status() -> None:
    exc = error(422, {"error_type": "request_invalid", "error_codes": ["api_calls_quota_exceeded"]})
    assert exc.code is ErrorCode.RATE_LIMITED


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_the_processor_unavailable(status: int) -> None:
    assert error(status).code is ErrorCode.PROCESSOR_UNAVAILABLE
    assert error(status, {"error_type": "processing_error"}).code is ErrorCode.PROCESSOR_UNAVAILABLE


@pytest.mark.parametrize(("status", "code"), [(403, ErrorCode.PERMISSION_DENIED), (404, ErrorCode.NOT_FOUND)])
def test_other_statuses_follow_the_status(status: int, code: ErrorCode) -> None:
    assert error(status).code is code
    assert error(status, {"error_type": "request_invalid", "error_codes": ["email_invalid"]}).code is code


@pytest.mark.parametrize(
    "body",
    [b"<html>502 Bad Gateway</html>", b'{"error_type": 5}', b'{"error_codes": "email_invalid"}', b"[1]"],
)
def test_bodies_that_are_not_checkouts_fall_back_to_the_status(body: bytes) -> None:
    exc = error(400, body)
    assert exc.code is ErrorCode.INVALID_REQUEST
    assert exc.connector_code is None and exc.param is None


def test_a_500_is_never_retried_without_idempotency() -> None:
    transport = testing.Replying(reply(500))
    with client(transport=transport, max_retries=3) as c, pytest.raises(paywire.OutcomeUnknownError) as info:
        c.customers.create(email="jane@example.com", idempotency_key="idem-1")
    assert len(transport.sent) == 1  # Checkout.com may have created the customer: never sent twice
    assert info.value.code is ErrorCode.PROCESSOR_UNAVAILABLE
    assert info.value.request is not None and info.value.idempotency_key == "idem-1"


def test_a_429_is_retried_as_it_was_not_processed() -> None:
    transport = testing.Replying(reply(429))
    with client(transport=transport, max_retries=1) as c, pytest.raises(ConnectorError) as info:
        c.customers.create(email="jane@example.com")
    assert len(transport.sent) == 2
    assert info.value.code is ErrorCode.RATE_LIMITED
