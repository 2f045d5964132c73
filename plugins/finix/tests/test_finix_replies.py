"""Finix's replies: the Identity, and every documented error reply.

The bodies are Finix's own: the ``Identity - Buyer`` response example and the error lists of the
OpenAPI document in finix-payments/finix-python (``spec/finix_openapi.yaml``), and the texts its
tests assert (``tests/test_exceptions.py``); the statuses and codes are Finix's error-code table.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from finix_helpers import outcome

import paywire
import paywire_finix
from paywire import ConnectorError, ErrorCode, HttpResponse

REQUEST = {"merchant_customer_id": "user_42", "email": "jane@example.com"}
REQUEST_ID = "8c2f5d0e-6b1a-4f27-9a53-0c1d2e3f4a5b"


def reply(status: int, body: Any, **headers: str) -> HttpResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return HttpResponse(
        status, {"x-request-id": REQUEST_ID, **{k.replace("_", "-"): v for k, v in headers.items()}}, raw
    )


def error(status: int, body: Any, **headers: str) -> ConnectorError:
    result = outcome(reply(status, body, **headers), REQUEST)
    assert isinstance(result, ConnectorError)
    return result


def handle(response: HttpResponse) -> paywire.CreateCustomerResponse:
    result = outcome(response, REQUEST)
    if isinstance(result, paywire.PaywireError):
        raise result
    return result


def finix_errors(*items: dict[str, Any]) -> dict[str, Any]:
    return {"total": len(items), "_embedded": {"errors": list(items)}}


# -- success -----------------------------------------------------------------------------------
BUYER = json.loads(
    """{"id": "IDpcMZ7ceTy4iinCH7etmg1M", "created_at": "2022-10-11T00:36:12.34Z",
    "updated_at": "2022-10-11T00:36:12.34Z", "application": "APgPDQrLD52TYvqazjHJJchM",
    "entity": {"amex_mid": null, "annual_card_volume": 0, "business_address": null, "business_name": null,
      "business_phone": null, "business_tax_id_provided": false, "business_type": null,
      "default_statement_descriptor": null, "discover_mid": null, "dob": null, "doing_business_as": null,
      "email": "finix_example@finix.com", "first_name": "John", "has_accepted_credit_cards_previously": false,
      "incorporation_date": null, "last_name": "Smith", "max_transaction_amount": 0, "mcc": null,
      "ownership_type": null, "personal_address": {"line1": "741 Douglass St", "line2": "Apartment 7",
      "city": "San Mateo", "region": "CA", "postal_code": "94114", "country": "USA"}, "phone": "7145677613",
      "principal_percentage_ownership": null, "short_business_name": null, "tax_authority": null,
      "tax_id_provided": false, "title": null, "url": null},
    "tags": {"key": "value"},
    "_links": {"self": {"href": "https://finix.sandbox-payments-api.com/identities/IDpcMZ7ceTy4iinCH7etmg1M"},
      "application": {"href": "https://finix.sandbox-payments-api.com/applications/APgPDQrLD52TYvqazjHJJchM"}}}"""
)
"""Finix's ``Identity - Buyer`` response example (``components.responses.Identity``), links shortened."""


def test_the_documented_buyer_identity() -> None:
    result = handle(reply(201, BUYER, finix_apiuser_role="ROLE_PARTNER"))
    assert result.connector_customer_id == "IDpcMZ7ceTy4iinCH7etmg1M"
    assert result.merchant_customer_id == "user_42"
    assert result.status_code == 201
    assert result.response_headers["x-request-id"] == REQUEST_ID
    assert result.response_headers["finix-apiuser-role"] == "ROLE_PARTNER"
    assert (result.connector, result.idempotency_key) == ("finix", "idem-1")


def test_any_2xx_with_an_identity_is_success() -> None:
    """Finix's SDK treats any 2xx as success (rest.py); the reference says 201."""
    assert handle(reply(200, BUYER)).connector_customer_id == "IDpcMZ7ceTy4iinCH7etmg1M"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html>oops</html>",
        b'{"id": "IDpcMZ7ceTy4iinCH7etmg1M"',  # truncated
        b"\xff\xfe",
        b"[]",
        {"entity": {}},
        {"id": 42, "entity": {}},
        {"id": "APgPDQrLD52TYvqazjHJJchM", "entity": {}},  # an Application, not an Identity
        {"id": "ID", "entity": {}},
        {"id": "IDpcMZ7ceTy4iinCH7etmg1M\n", "entity": {}},
        {"id": "IDpcMZ7ceTy4iinCH7etmg1M"},  # no entity: not an Identity
        finix_errors({"code": "UNKNOWN", "message": "Unauthorized"}),
    ],
)
def test_a_2xx_that_is_not_an_identity_is_unparseable(body: Any) -> None:
    result = outcome(reply(201, body), REQUEST)
    assert isinstance(result, paywire.OutcomeUnknownError)  # Finix may have created it: never retried
    assert result.code is ErrorCode.UNPARSEABLE_RESPONSE


# -- errors --------------------------------------------------------------------------------------
def test_401_unknown_is_an_authentication_failure() -> None:
    body = finix_errors(
        {
            "code": "UNKNOWN",
            "logref": "94b9b2a3a6e4f6d1",
            "message": "Unauthorized",
            "_links": {"source": {"href": "https://finix.sandbox-payments-api.com/identities"}},
        }
    )
    err = error(401, body)
    assert err.code is ErrorCode.AUTHENTICATION_FAILED
    assert (err.connector_code, err.connector_message, err.status_code) == ("UNKNOWN", "Unauthorized", 401)
    assert err.request_id == REQUEST_ID
    assert err.details == {
        "code": "UNKNOWN",
        "logref": "94b9b2a3a6e4f6d1",
        "message": "Unauthorized",
        "error_count": "1",
    }
    assert "Unauthorized" not in err.message  # Finix's text stays in connector_message


def test_403_forbidden_is_a_permission_error() -> None:
    err = error(403, finix_errors({"code": "FORBIDDEN", "message": "Access is denied"}))
    assert err.code is ErrorCode.PERMISSION_DENIED
    assert (err.connector_code, err.connector_message) == ("FORBIDDEN", "Access is denied")


def test_422_invalid_field_names_finixs_field() -> None:
    """The reply Finix's SDK tests assert for an invalid field."""
    body = finix_errors(
        {"code": "INVALID_FIELD", "field": "expiration_year", "message": "Expiration year 1988 is expired"}
    )
    err = error(422, body)
    assert err.code is ErrorCode.INVALID_REQUEST
    assert err.param == "expiration_year"
    assert err.connector_message == "Expiration year 1988 is expired"
    assert "expiration_year" in err.message and "1988" not in err.message
    assert err.retryable is None


def test_the_logref_object_of_the_openapi_document_is_read_too() -> None:
    err = error(400, finix_errors({"code": "BAD_REQUEST", "message": "bad", "logref": {"logref": "abc123"}}))
    assert err.code is ErrorCode.INVALID_REQUEST
    assert err.details["logref"] == "abc123"


def test_several_errors_keep_the_first_and_count_them() -> None:
    err = error(
        422,
        finix_errors(
            {"code": "INVALID_FIELD", "field": "entity.phone", "message": "phone"},
            {"code": "INVALID_FIELD", "field": "entity.personal_address.postal_code", "message": "postal"},
        ),
    )
    assert err.param == "entity.phone"
    assert err.details["error_count"] == "2"
    assert err.details["field_2"] == "entity.personal_address.postal_code"


@pytest.mark.parametrize(
    ("status", "code", "canonical"),
    [
        (400, "BAD_REQUEST", ErrorCode.INVALID_REQUEST),
        (402, "UPSTREAM_PROCESSOR_ERROR", ErrorCode.PAYMENT_REQUIRED),
        (404, "NOT_FOUND", ErrorCode.NOT_FOUND),
        (405, "METHOD_NOT_ALLOWED", ErrorCode.PROCESSOR_ERROR),
        (406, "NOT_ACCEPTABLE", ErrorCode.PROCESSOR_ERROR),
        (409, "CONFLICT", ErrorCode.PROCESSOR_ERROR),
        (422, "UNPROCESSABLE_ENTITY", ErrorCode.INVALID_REQUEST),
        (429, "TOO_MANY_REQUESTS", ErrorCode.RATE_LIMITED),
        (500, "SERVER_ERROR", ErrorCode.PROCESSOR_UNAVAILABLE),
    ],
)
def test_finixs_error_code_table(status: int, code: str, canonical: ErrorCode) -> None:
    err = paywire_finix.paywire_error(response=reply(status, finix_errors({"code": code, "message": "m"})))
    assert err.code is canonical
    assert (err.connector_code, err.status_code) == (code, status)


def test_409_conflict_is_never_an_idempotency_conflict() -> None:
    err = paywire_finix.paywire_error(response=reply(409, finix_errors({"code": "CONFLICT", "message": "m"})))
    assert err.code is ErrorCode.PROCESSOR_ERROR
    assert err.retryable is False


def test_retry_after_is_read_when_finix_sends_it() -> None:
    err = error(429, finix_errors({"code": "TOO_MANY_REQUESTS", "message": "m"}), retry_after="3")
    assert err.code is ErrorCode.RATE_LIMITED
    assert err.retry_after == 3.0


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        {"total": 0, "_embedded": {"errors": []}},
        {"_embedded": {"errors": [{"_links": {}}]}},
        {"error": "something"},
        b"x" * (70 * 1024),
    ],
)
@pytest.mark.parametrize("status", [401, 422, 502, 503])
def test_a_reply_without_a_finix_error_list_is_read_by_its_status(body: Any, status: int) -> None:
    err = paywire_finix.paywire_error(response=reply(status, body))
    assert err.code is paywire.error_code_for_status(status)
    assert err.connector_code is None and err.connector_message is None
    assert err.status_code == status


def test_a_500_is_not_retried_finix_may_have_created_the_identity() -> None:
    result = outcome(reply(500, finix_errors({"code": "SERVER_ERROR", "message": "m"})), REQUEST)
    assert isinstance(result, paywire.OutcomeUnknownError)
    assert result.code is ErrorCode.PROCESSOR_UNAVAILABLE
    assert result.connector_code == "SERVER_ERROR"
