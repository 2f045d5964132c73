"""Braintree's replies -> a customer id or a ``ConnectorError``, through a client (no network).

Error bodies are copied from Braintree's documentation: the "Making API Calls" guide (the error
shape, the ``errorClass`` list, "always ... HTTP status 200", ``extensions.requestId``), the
"Transactions" guide (a validation error), Braintree's Android SDK fixtures (errors without
``errorClass``) and a GraphQL coercion error from its "Exported variables" guide; the
``createCustomer`` ones follow the same shape with the customer codes of ``error_codes.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from braintree_helpers import PRIVATE_KEY, outcome, reply

import paywire
from paywire import ErrorCode

REQUEST_ID = "a-uuid-for-the-request"

# "Making API Calls" > Understanding Responses > Errors (verbatim).
DOCS_VALIDATION = {
    "data": {"chargePaymentMethod": None},
    "errors": [
        {
            "message": "Unknown or expired single-use payment method.",
            "locations": [{"line": 2, "column": 7}],
            "path": ["chargePaymentMethod"],
            "extensions": {
                "errorType": "user_error",
                "errorClass": "VALIDATION",
                "legacyCode": "91565",
                "inputPath": ["input", "paymentMethodId"],
            },
        }
    ],
    "extensions": {"requestId": REQUEST_ID},
}

# Braintree's Android SDK fixture ERRORS_GRAPHQL_CREDIT_CARD_ERROR: no errorClass, two errors.
ANDROID_FIXTURE = {
    "data": {"tokenizeCreditCard": None},
    "errors": [
        {
            "message": "Expiration month is invalid",
            "path": ["tokenizeCreditCard"],
            "locations": [{"line": 1, "column": 66}],
            "extensions": {
                "errorType": "user_error",
                "legacyCode": "81712",
                "inputPath": ["input", "creditCard", "expirationMonth"],
            },
        },
        {
            "message": "Expiration year is invalid",
            "path": ["tokenizeCreditCard"],
            "locations": [{"line": 1, "column": 66}],
            "extensions": {
                "errorType": "user_error",
                "legacyCode": "81713",
                "inputPath": ["input", "creditCard", "expirationYear"],
            },
        },
    ],
}

# "Exported variables" guide: a GraphQL (not Braintree) error has no extensions.
COERCION = {
    "errors": [
        {
            "message": "Variable 'tokenizedId' has coerced Null value for NonNull type 'ID!'",
            "locations": [{"line": 1, "column": 29}],
        }
    ],
    "extensions": {"requestId": "0c532285-b668-4e74-9c08-44577219835f"},
}


def validation(path: list[str], code: str, message: str) -> dict[str, Any]:
    """A createCustomer validation error in the documented shape."""
    return {
        "data": {"createCustomer": None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": 65}],
                "path": ["createCustomer"],
                "extensions": {
                    "errorType": "user_error",
                    "errorClass": "VALIDATION",
                    "legacyCode": code,
                    "inputPath": ["input", "customer", *path],
                },
            }
        ],
        "extensions": {"requestId": REQUEST_ID},
    }


def classed(error_class: str, message: str = "m") -> dict[str, Any]:
    return {
        "data": None,
        "errors": [{"message": message, "extensions": {"errorClass": error_class}}],
        "extensions": {"requestId": REQUEST_ID},
    }


def success(customer_id: str = "Y3VzdG9tZXJfNjIxNTUwOTU", mutation_id: str | None = "idem-1") -> dict[str, Any]:
    created = {"clientMutationId": mutation_id, "customer": {"id": customer_id, "legacyId": "62155095"}}
    return {"data": {"createCustomer": created}, "extensions": {"requestId": REQUEST_ID}}


def error_of(status: int, body: dict[str, Any] | str, request: dict[str, Any] | None = None) -> paywire.ConnectorError:
    result = outcome(reply(status, body), request)
    assert isinstance(result, paywire.ConnectorError), result
    return result


def test_the_created_customers_global_id_is_the_connector_customer_id() -> None:
    customer = outcome(reply(200, success()), {"email": "jane@example.com", "merchant_customer_id": "u1"})
    assert isinstance(customer, paywire.CreateCustomerResponse)
    assert (customer.connector_customer_id, customer.merchant_customer_id) == ("Y3VzdG9tZXJfNjIxNTUwOTU", "u1")
    assert customer.connector == "braintree" and customer.status_code == 200
    empty_errors = {**success(), "errors": []}
    assert isinstance(outcome(reply(200, empty_errors)), paywire.CreateCustomerResponse)


def test_the_documented_validation_error_keeps_code_message_and_request_id() -> None:
    error = error_of(200, DOCS_VALIDATION)
    assert type(error) is paywire.ConnectorError
    assert error.code is ErrorCode.INVALID_REQUEST
    assert (error.connector_code, error.connector_message) == ("91565", "Unknown or expired single-use payment method.")
    assert (error.request_id, error.status_code, error.retryable) == (REQUEST_ID, 200, False)
    assert error.param is None  # not a CustomerInput field
    assert error.details["input_path"] == "input.paymentMethodId"
    assert "Unknown or expired" not in error.message  # the processor's text stays in connector_message


@pytest.mark.parametrize(
    ("path", "code", "message", "fields", "param"),
    [
        (["email"], "81604", "Email is an invalid format.", {"email": "jane@example.com"}, "email"),
        (["firstName"], "81608", "First name is too long.", {"customer_name": "Jane Roe"}, "customer_name"),
        (
            ["lastName"],
            "81613",
            "Last name is too long.",
            {"address": {"billing_address": {"last_name": "Roe"}}},
            "address.billing_address.last_name",
        ),
        (["phoneNumber"], "81614", "Phone is too long.", {"phone_number": "+14155550100"}, "phone_number"),
        (
            ["email"],
            "81604",
            "Email is an invalid format.",
            {"address": {"billing_address": {"email": "jane@example.com"}}},
            "address.billing_address.email",
        ),
        (
            ["website"],
            "81616",
            "Website is an invalid format.",
            {"email": "j@example.com", "connector_feature_data": {"website": "https://example.com"}},
            "connector_feature_data.website",
        ),
        (
            ["customFields", 0],
            "91602",
            "Custom field is invalid: merchant_customer_id.",
            {"merchant_customer_id": "u1"},
            "merchant_customer_id",
        ),
        (
            ["customFields", 1],
            "81603",
            "Custom field is too long: tier.",
            {"merchant_customer_id": "u1", "connector_feature_data": {"custom_fields": {"tier": "gold"}}},
            "connector_feature_data.custom_fields",
        ),
        (
            ["customFields"],
            "91602",
            "Custom field is invalid: tier.",
            {"connector_feature_data": {"custom_fields": {"tier": "gold"}}},
            "connector_feature_data.custom_fields",
        ),
    ],
)
def test_validation_errors_name_the_canonical_field(
    path: list[Any], code: str, message: str, fields: dict[str, Any], param: str
) -> None:
    error = error_of(200, validation(path, code, message), fields)
    assert (error.code, error.connector_code, error.param) == (ErrorCode.INVALID_REQUEST, code, param)
    assert error.connector_message == message and error.request_id == REQUEST_ID


def test_a_custom_field_error_names_no_field_when_it_cannot_tell_which() -> None:
    both = {"merchant_customer_id": "u1", "connector_feature_data": {"custom_fields": {"tier": "gold"}}}
    error = error_of(200, validation(["customFields"], "91602", "Custom field is invalid: tier."), both)
    assert (error.connector_code, error.param) == ("91602", None)
    assert error.details["input_path"] == "input.customer.customFields"
    unrequested = error_of(422, validation(["customFields", 0], "91602", "Custom field is invalid: x."))
    assert unrequested.param is None  # an error reply's hook does not see the request


def test_errors_without_an_error_class_are_refusals_keeping_the_legacy_code() -> None:
    error = error_of(200, ANDROID_FIXTURE)
    assert (error.code, error.connector_code, error.retryable) == (ErrorCode.INVALID_REQUEST, "81712", False)
    assert error.details["error_count"] == "2"


def test_a_graphql_coercion_error_is_an_invalid_request_without_a_code() -> None:
    error = error_of(200, COERCION)
    assert (error.code, error.connector_code, error.param) == (ErrorCode.INVALID_REQUEST, None, None)
    assert error.request_id == "0c532285-b668-4e74-9c08-44577219835f"
    assert error.connector_message is not None and "coerced Null" in error.connector_message


@pytest.mark.parametrize(
    ("error_class", "code", "unknown"),
    [
        ("AUTHENTICATION", ErrorCode.AUTHENTICATION_FAILED, False),
        ("AUTHORIZATION", ErrorCode.PERMISSION_DENIED, False),
        ("NOT_FOUND", ErrorCode.NOT_FOUND, False),
        ("NOT_IMPLEMENTED", ErrorCode.PROCESSOR_ERROR, False),
        ("UNSUPPORTED_CLIENT", ErrorCode.INVALID_REQUEST, False),
        ("RESOURCE_LIMIT", ErrorCode.RATE_LIMITED, False),
        ("INTERNAL", ErrorCode.PROCESSOR_UNAVAILABLE, True),
        ("SERVICE_AVAILABILITY", ErrorCode.PROCESSOR_UNAVAILABLE, True),
        ("UNKNOWN", ErrorCode.PROCESSOR_ERROR, False),
        ("SOMETHING_NEW", ErrorCode.PROCESSOR_ERROR, False),
    ],
)
def test_every_error_class_inside_a_200(error_class: str, code: ErrorCode, unknown: bool) -> None:
    error = error_of(200, classed(error_class))
    assert (error.code, error.connector_code, error.status_code) == (code, error_class, 200)
    assert isinstance(error, paywire.OutcomeUnknownError) is unknown  # a failure may have created the customer
    assert error.request_id == REQUEST_ID


@pytest.mark.parametrize(
    ("status", "error_class", "code"),
    [
        (401, "AUTHENTICATION", ErrorCode.AUTHENTICATION_FAILED),
        (403, "AUTHORIZATION", ErrorCode.PERMISSION_DENIED),
        (404, "NOT_FOUND", ErrorCode.NOT_FOUND),
        (422, "VALIDATION", ErrorCode.INVALID_REQUEST),
        (429, "RESOURCE_LIMIT", ErrorCode.RATE_LIMITED),
        (500, "INTERNAL", ErrorCode.PROCESSOR_UNAVAILABLE),
        (503, "SERVICE_AVAILABILITY", ErrorCode.PROCESSOR_UNAVAILABLE),
        (503, "VALIDATION", ErrorCode.PROCESSOR_UNAVAILABLE),  # the status says what happened
    ],
)
def test_non_2xx_replies_are_read_too_the_status_deciding(status: int, error_class: str, code: ErrorCode) -> None:
    error = error_of(status, classed(error_class))
    assert (error.code, error.connector_code, error.status_code, error.request_id) == (
        code,
        error_class,
        status,
        REQUEST_ID,
    )


def test_a_retry_after_on_a_429_is_kept() -> None:
    result = outcome(reply(429, classed("RESOURCE_LIMIT"), {"retry-after": "7"}))
    assert isinstance(result, paywire.ConnectorError) and result.retry_after == 7.0


@pytest.mark.parametrize("status", [400, 401, 403, 429, 500, 502, 503, 504])
def test_a_reply_without_graphql_errors_is_classified_by_its_status(status: int) -> None:
    error = error_of(status, "<html><body>upstream connect error</body></html>")
    assert error.code is paywire.error_code_for_status(status)
    assert error.connector_code is None and error.request_id is None


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"createCustomer": None}, "extensions": {"requestId": "r"}},
        {"data": None},
        {"data": {"createCustomer": {"customer": {"id": 42}}}},
        {"data": {"createCustomer": {"customer": {"id": "not an id!"}}}},
        {"data": {"createCustomer": {"customer": {"id": ""}}}},
        {"data": {"createCustomer": {"clientMutationId": "another-call", "customer": {"id": "Y3VzdG9tZXJfMQ"}}}},
        "not json",
    ],
)
def test_a_2xx_that_is_not_a_created_customer_is_an_unknown_outcome(body: dict[str, Any] | str) -> None:
    error = error_of(200, body)
    assert isinstance(error, paywire.OutcomeUnknownError)
    assert error.code is ErrorCode.UNPARSEABLE_RESPONSE


@pytest.mark.parametrize("errors", ["oops", [1, 2], [{}], {"message": "x"}])
def test_malformed_errors_are_still_errors_never_a_customer(errors: Any) -> None:
    error = error_of(200, {**success(), "errors": errors})
    assert error.code is not None


def test_a_created_customer_with_errors_beside_it_is_an_unknown_outcome_naming_the_customer() -> None:
    body = {**success(), "errors": [{"message": "x", "extensions": {"errorClass": "INTERNAL"}}]}
    error = error_of(200, body)
    assert isinstance(error, paywire.OutcomeUnknownError) and error.code is ErrorCode.UNPARSEABLE_RESPONSE
    assert error.details["customer_id"] == "Y3VzdG9tZXJfNjIxNTUwOTU" and error.request_id == REQUEST_ID
    assert error.request is not None  # what the host reconciles with


def test_a_refused_key_is_an_authentication_error_that_hints_at_the_environment() -> None:
    error = error_of(200, classed("AUTHENTICATION", "Authentication credentials are invalid."))
    assert error.code is ErrorCode.AUTHENTICATION_FAILED and error.retryable is False
    assert "sandbox" in error.message and "production" in error.message


def test_a_reply_repeating_the_private_key_never_hands_it_back() -> None:
    body = classed("AUTHENTICATION", f"bad key {PRIVATE_KEY}")
    body["extensions"]["requestId"] = PRIVATE_KEY
    error = error_of(200, body)
    texts = [str(error), repr(error), *(str(v) for v in vars(error).values())]
    assert not any(PRIVATE_KEY in text for text in texts)
    echoed = outcome(reply(200, success(customer_id=PRIVATE_KEY)))  # an "id" that is the key: refused
    assert isinstance(echoed, paywire.OutcomeUnknownError) and PRIVATE_KEY not in repr(vars(echoed))
