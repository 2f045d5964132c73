"""Adyen's ServiceError mapping and endpoint selection, ready for the remote operations."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import CREDENTIALS, FAKE_KEY
from hypothesis import given
from hypothesis import strategies as st

import paywire
from paywire import ErrorCode, HttpResponse
from paywire_adyen import LIVE_URL, TEST_URL, AdyenCredentials, checkout_base_url, checkout_url, connector_error

JSON = {"content-type": "application/json"}


def reply(status: int, body: Any, headers: dict[str, str] | None = None) -> HttpResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return HttpResponse(status, {**JSON, **(headers or {})}, raw)


def service_error(status: int, code: str, message: str, error_type: str, psp: str = "8815658961765250") -> bytes:
    body = {"status": status, "errorCode": code, "message": message, "errorType": error_type, "pspReference": psp}
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("status", "code", "message", "error_type", "expected", "retryable"),
    [
        (401, "000", "HTTP Status Response - Unauthorized", "security", ErrorCode.AUTHENTICATION_FAILED, False),
        (403, "901", "Invalid Merchant Account", "security", ErrorCode.PERMISSION_DENIED, False),
        (422, "14_030", "Return URL is missing.", "validation", ErrorCode.INVALID_REQUEST, False),
        (
            400,
            "702",
            "Structure of PaymentRequest contains the following unknown fields: [shopperNam]",
            "validation",
            ErrorCode.INVALID_REQUEST,
            False,
        ),
        (429, "429", "Too many requests", "configuration", ErrorCode.RATE_LIMITED, None),
        (500, "905", "Payment details are not supported", "configuration", ErrorCode.PROCESSOR_UNAVAILABLE, None),
        (500, "130", "Required field 'reference' is not provided.", "validation", ErrorCode.INVALID_REQUEST, False),
        (503, "000", "Service Unavailable", "internal", ErrorCode.PROCESSOR_UNAVAILABLE, None),
        (404, "000", "Not found", "internal", ErrorCode.NOT_FOUND, None),
    ],
)
def test_documented_service_errors(
    status: int, code: str, message: str, error_type: str, expected: ErrorCode, retryable: bool | None
) -> None:
    error = connector_error(HttpResponse(status, JSON, service_error(status, code, message, error_type)))
    assert isinstance(error, paywire.ConnectorError)
    assert error.code is expected
    assert error.connector == "adyen"
    assert error.connector_code == code
    assert error.connector_message == message
    assert error.status_code == status
    assert error.request_id == "8815658961765250"
    assert error.retryable is retryable
    assert error.details == {"error_type": error_type}
    assert error.error_info.connector_details is not None
    assert error.error_info.connector_details.code == code


def test_param_is_read_from_adyens_message() -> None:
    body = service_error(422, "130", "Required field 'shopperReference' is not provided.", "validation")
    assert connector_error(HttpResponse(422, JSON, body)).param == "shopperReference"
    body = service_error(422, "14_030", "Return URL is missing.", "validation")
    assert connector_error(HttpResponse(422, JSON, body)).param is None


def test_retry_after_and_header_psp_reference() -> None:
    body = {"status": 429, "errorCode": "429", "message": "Too many requests", "errorType": "configuration"}
    error = connector_error(reply(429, body, {"retry-after": "2", "pspreference": "PSP_FROM_HEADER"}))
    assert error.code is ErrorCode.RATE_LIMITED
    assert error.retry_after == 2.0
    assert error.request_id == "PSP_FROM_HEADER"


def test_body_psp_reference_wins_over_header() -> None:
    error = connector_error(
        HttpResponse(
            401, {**JSON, "pspreference": "HEADER"}, service_error(401, "000", "Unauthorized", "security", psp="BODY")
        )
    )
    assert error.request_id == "BODY"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", ErrorCode.PROCESSOR_UNAVAILABLE),
        (401, b"<html>Unauthorized</html>", ErrorCode.AUTHENTICATION_FAILED),
        (404, b"", ErrorCode.NOT_FOUND),
        (500, b"", ErrorCode.PROCESSOR_UNAVAILABLE),
        (429, b'{"status": 429', ErrorCode.RATE_LIMITED),  # truncated JSON
        (400, b'["not", "an", "object"]', ErrorCode.INVALID_REQUEST),
        (403, b'{"unrelated": true}', ErrorCode.PERMISSION_DENIED),
        (400, b"\xff\xfe\x00garbage", ErrorCode.INVALID_REQUEST),
    ],
)
def test_unreadable_bodies_fall_back_to_the_status(status: int, body: bytes, expected: ErrorCode) -> None:
    error = connector_error(HttpResponse(status, {"content-type": "text/html", "pspreference": "PSP_H"}, body))
    assert error.code is expected
    assert error.status_code == status
    assert error.connector == "adyen"
    assert error.connector_code is None
    assert error.request_id == "PSP_H"


def test_error_never_carries_the_request_or_key() -> None:
    body = service_error(401, "000", "HTTP Status Response - Unauthorized", "security")
    error = connector_error(HttpResponse(401, JSON, body))
    assert FAKE_KEY not in str(error)
    assert FAKE_KEY not in repr(error)


def test_odd_field_types_are_ignored() -> None:
    body = {"errorCode": {"nested": 1}, "message": 42, "errorType": ["x"], "pspReference": "a b c <script>"}
    error = connector_error(reply(400, body, {"pspreference": "PSP_OK"}))
    assert error.code is ErrorCode.INVALID_REQUEST
    assert error.connector_code is None
    assert error.connector_message is None
    assert error.request_id == "PSP_OK"


@given(
    status=st.integers(min_value=300, max_value=599),
    body=st.one_of(
        st.binary(max_size=200),
        st.dictionaries(
            st.sampled_from(["status", "errorCode", "message", "errorType", "pspReference", "x"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=30), st.booleans()),
            max_size=6,
        ).map(lambda d: json.dumps(d).encode()),
    ),
)
def test_any_reply_maps_to_a_connector_error(status: int, body: bytes) -> None:
    error = connector_error(HttpResponse(status, JSON, body))
    assert isinstance(error, paywire.ConnectorError)
    assert error.status_code == status
    if status >= 500 and error.code is not ErrorCode.INVALID_REQUEST:
        assert error.code is ErrorCode.PROCESSOR_UNAVAILABLE
    if status == 401:
        assert error.code is ErrorCode.AUTHENTICATION_FAILED


def test_paywire_error_hook_is_wired() -> None:
    connector = paywire.registry().connector("adyen")
    context = paywire.OperationContext("adyen", paywire.Operation.CREATE_CUSTOMER, None, "k")
    error = connector.call(
        "paywire_error",
        response=HttpResponse(403, JSON, service_error(403, "901", "Invalid Merchant Account", "security")),
        context=context,
    )
    assert error.code is ErrorCode.PERMISSION_DENIED


# -- endpoints -------------------------------------------------------------------------------


def creds(**extra: Any) -> AdyenCredentials:
    return AdyenCredentials.model_validate({**CREDENTIALS, **extra})


def test_test_endpoint() -> None:
    assert TEST_URL == "https://checkout-test.adyen.com/v71"
    assert checkout_base_url(creds()) == TEST_URL
    # a prefix configured while testing is kept but not used
    assert checkout_base_url(creds(live_url_prefix="1797a841fbb37ca7-AdyenDemo")) == TEST_URL


def test_live_endpoint_uses_the_prefix() -> None:
    live = creds(environment="live", live_url_prefix="1797a841fbb37ca7-AdyenDemo")
    assert checkout_base_url(live) == "https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v71"
    assert LIVE_URL.format(prefix="p") == "https://p-checkout-live.adyenpayments.com/checkout/v71"


def test_base_url_override_wins() -> None:
    live = creds(environment="live", live_url_prefix="1797a841fbb37ca7-AdyenDemo")
    assert checkout_base_url(live, "http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert checkout_url(creds(), "/storedPaymentMethods", "http://127.0.0.1:8080") == (
        "http://127.0.0.1:8080/storedPaymentMethods"
    )
    assert checkout_url(creds(), "storedPaymentMethods") == TEST_URL + "/storedPaymentMethods"


def test_client_base_url_arrives_as_context_base_url() -> None:
    seen: list[str | None] = []

    class Spy:
        @paywire.hookimpl(wrapper=True)
        def paywire_create_customer_request(self, context: paywire.OperationContext) -> Any:
            seen.append(context.base_url)
            return (yield)

    with paywire.registry().registered(Spy(), name="adyen-context-spy"):
        with paywire.Client("adyen", credentials=CREDENTIALS, base_url="http://127.0.0.1:9/") as client:
            client.customers.create(merchant_customer_id="user_42")
        with paywire.Client("adyen", credentials=CREDENTIALS) as client:
            client.customers.create(merchant_customer_id="user_42")
    assert seen == ["http://127.0.0.1:9", None]
    assert checkout_base_url(creds(), seen[0]) == "http://127.0.0.1:9"
    assert checkout_base_url(creds(), seen[1]) == TEST_URL
