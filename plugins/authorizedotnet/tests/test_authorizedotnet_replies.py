"""Authorize.net's replies -> the customer id or a ConnectorError. The bodies are copies of the
API reference's createCustomerProfile sample, of replies quoted by client libraries' tests and
issues (see the README's sources), and the texts of responseCodes.json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import outcome

import paywire
from paywire import ErrorCode, HttpResponse

BOM = b"\xef\xbb\xbf"
JSON = {"content-type": "application/json; charset=utf-8"}

REFERENCE_SUCCESS = (
    '{ "customerProfileId": "527262", "customerPaymentProfileIdList": [ "86" ], "customerShippingAddressIdList": [],'
    ' "validationDirectResponseList": [ "1,1,1,This transaction has been approved.,AJ10K8,Y,10585,none,Test '
    "transaction for ValidateCustomerPaymentProfile.,0.00,CC,auth_only,MerchantCustID,Customer FirstName,Customer "
    "LastName,,123 Main St.,Bellevue,WA,98004,US,123-123-1235,,customer-profile-email@here.com,,,,,,,,,0.00,0.00,"
    "0.00,FALSE,none,675F28BF1C590B17CD2892CD75EC4B67,P,2,,,,,,,,,,,XXXX1111,Visa,,,,,,,0STSMT7WLO5D80U0KJR4Z9A,,,,,"
    ',,,,," ],'
    ' "messages": { "resultCode": "Ok", "message": [ { "code": "I00001", "text": "Successful." } ] } }'
)
"""The API reference's createCustomerProfile sample reply."""

DUPLICATE = """{
   "customerPaymentProfileIdList":[],
   "customerShippingAddressIdList":[],
   "validationDirectResponseList":[],
   "messages":{
      "resultCode":"Error",
      "message":[{"code":"E00039","text":"A duplicate record with ID 20382791 already exists."}]
   }
}"""
"""A createCustomerProfile E00039 reply as stymiee/authnetjson's tests hold it (validation list emptied)."""

SCHEMA_LENGTH = json.dumps(
    {
        "messages": {
            "resultCode": "Error",
            "message": [
                {
                    "code": "E00003",
                    "text": "The 'AnetApi/xml/v1/schema/AnetApiSchema.xsd:merchantCustomerId' element is invalid - The "
                    "value &#39;402e3478-9977-42fd-ac&#39; is invalid according to its datatype 'String' - The actual "
                    "length is greater than the MaxLength value.",
                }
            ],
        }
    }
)
SCHEMA_ORDER = json.dumps(
    {
        "messages": {
            "resultCode": "Error",
            "message": [
                {
                    "code": "E00003",
                    "text": "The element 'createCustomerProfileRequest' in namespace 'AnetApi/xml/v1/schema/"
                    "AnetApiSchema.xsd' has invalid child element 'clientId' in namespace 'AnetApi/xml/v1/schema/"
                    "AnetApiSchema.xsd'. List of possible elements expected: 'profile' in namespace "
                    "'AnetApi/xml/v1/schema/AnetApiSchema.xsd'.",
                }
            ],
        }
    }
)


def _error(code: str, text: str, *, lists: bool = False) -> str:
    body: dict[str, Any] = {}
    if lists:
        body = {
            "customerPaymentProfileIdList": [],
            "customerShippingAddressIdList": [],
            "validationDirectResponseList": [],
        }
    body["messages"] = {"resultCode": "Error", "message": [{"code": code, "text": text}]}
    return json.dumps(body)


def reply(
    body: str | bytes, status: int = 200, *, bom: bool = True, headers: dict[str, str] | None = None
) -> HttpResponse:
    raw = body.encode() if isinstance(body, str) else body
    return HttpResponse(status, headers if headers is not None else JSON, (BOM if bom else b"") + raw)


@pytest.mark.parametrize("bom", [True, False])
def test_the_reference_sample_is_a_customer(bom: bool) -> None:
    result = outcome(reply(REFERENCE_SUCCESS, bom=bom), request={"merchant_customer_id": "MerchantCustID"})
    assert isinstance(result, paywire.CreateCustomerResponse)
    assert result.connector_customer_id == "527262"
    assert result.merchant_customer_id == "MerchantCustID"
    assert result.status_code == 200


def test_e00039_names_the_existing_profile() -> None:
    error = outcome(reply(DUPLICATE))
    assert isinstance(error, paywire.ConnectorError)
    assert not isinstance(error, paywire.OutcomeUnknownError)
    assert error.code is ErrorCode.DUPLICATE
    assert error.duplicate_of == "20382791"
    assert error.connector_code == "E00039"
    assert error.connector_message == "A duplicate record with ID 20382791 already exists."
    assert error.status_code == 200
    assert error.retryable is False
    assert "20382791" not in error.message  # the processor's text stays in connector_message


def test_e00039_without_an_id_is_still_a_duplicate() -> None:
    error = outcome(reply(_error("E00039", "A duplicate record already exists.", lists=True)))
    assert isinstance(error, paywire.ConnectorError)
    assert (error.code, error.duplicate_of) == (ErrorCode.DUPLICATE, None)


@pytest.mark.parametrize(
    ("body", "param"),
    [(SCHEMA_LENGTH, "merchantCustomerId"), (SCHEMA_ORDER, "clientId")],
    ids=["max-length", "key-order"],
)
def test_schema_refusals_name_the_element(body: str, param: str) -> None:
    error = outcome(reply(body))
    assert isinstance(error, paywire.ConnectorError)
    assert (error.code, error.connector_code, error.param) == (ErrorCode.INVALID_REQUEST, "E00003", param)
    assert error.connector_message == json.loads(body)["messages"]["message"][0]["text"]
    assert "402e3478" not in str(error) and "402e3478" not in error.message


@pytest.mark.parametrize(
    ("code", "text", "expected", "param", "retryable"),
    [
        (
            "E00007",
            "User authentication failed due to invalid authentication values.",
            "authentication_failed",
            None,
            False,
        ),
        ("E00005", "The transaction key or API key is invalid or not present.", "authentication_failed", None, False),
        ("E00006", "The API user name is invalid or not present.", "authentication_failed", None, False),
        (
            "E00008",
            "User authentication failed. The account or API user is inactive.",
            "authentication_failed",
            None,
            False,
        ),
        ("E00011", "Access denied. You do not have the appropriate permissions.", "permission_denied", None, False),
        ("E00044", "Customer Information Manager is not enabled.", "permission_denied", None, False),
        ("E00013", "Email is invalid.", "invalid_request", "Email", False),
        ("E00013", "Validation Mode is invalid without Payment Profiles.", "invalid_request", "Validation Mode", False),
        ("E00015", "The field length is invalid.", "invalid_request", None, False),  # responseCodes.json's text
        ("E00041", "One or more fields in the profile must contain a value.", "invalid_request", None, False),
        ("E00053", "Server too busy", "rate_limited", None, True),
        ("E00104", "Server in maintenance", "processor_unavailable", None, True),
        ("E00099", "Something Authorize.net adds one day.", "processor_error", None, None),
    ],
)
def test_codes_inside_a_200(code: str, text: str, expected: str, param: str | None, retryable: bool | None) -> None:
    error = outcome(reply(_error(code, text)))
    assert isinstance(error, paywire.ConnectorError)
    assert not isinstance(error, paywire.OutcomeUnknownError)  # an answer, not an ambiguity
    assert error.code.value == expected
    assert (error.connector_code, error.connector_message, error.param) == (code, text, param)
    assert (error.status_code, error.retryable) == (200, retryable)
    assert code in error.message and text not in error.message


def test_server_too_busy_and_maintenance_are_retried() -> None:
    for code, text in (("E00053", "Server too busy"), ("E00104", "Server in maintenance")):
        result = outcome(reply(_error(code, text)), reply(REFERENCE_SUCCESS), max_retries=1)
        assert isinstance(result, paywire.CreateCustomerResponse), code
        assert result.connector_customer_id == "527262"


def test_other_errors_inside_a_200_are_not_retried() -> None:
    result = outcome(reply(_error("E00013", "Email is invalid.")), reply(REFERENCE_SUCCESS), max_retries=2)
    assert isinstance(result, paywire.ConnectorError)
    assert result.connector_code == "E00013"


NATURAL = {"merchant_customer_id": "m-1", "description": "d", "email": "jane@example.com"}


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("E00001", "An error occurred during processing. Please try again.", "processor_unavailable"),
        ("E00049", "The operation timed out before it could be completed.", "timeout"),
    ],
)
def test_a_system_error_or_timeout_inside_a_200_leaves_the_outcome_unknown(code: str, text: str, expected: str) -> None:
    """The profile may exist: without the whole natural key no retry is safe; with it, the retry's
    answer (here the profile) settles the call."""
    unknown = outcome(reply(_error(code, text)), reply(REFERENCE_SUCCESS), max_retries=1)
    assert isinstance(unknown, paywire.OutcomeUnknownError)
    assert (unknown.code.value, unknown.connector_code) == (expected, code)
    retried = outcome(reply(_error(code, text)), reply(REFERENCE_SUCCESS), request=NATURAL, max_retries=1)
    assert isinstance(retried, paywire.CreateCustomerResponse)


def test_every_message_is_kept() -> None:
    body = json.dumps(
        {
            "messages": {
                "resultCode": "Error",
                "message": [{"code": "E00013", "text": "Email is invalid."}, {"code": "E00015", "text": "x"}],
            }
        }
    )
    error = outcome(reply(body))
    assert isinstance(error, paywire.ConnectorError)
    assert error.details == {"resultCode": "Error", "message_count": "2", "message_2": "E00015: x"}


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html>Service Unavailable</html>",
        b'{"customerProfileId": "1"}',  # no messages
        b'{"messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}}',  # no id
        b'{"customerProfileId": "abc", "messages": {"resultCode": "Ok", "message": []}}',
        b'{"customerProfileId": 527262, "messages": {"resultCode": "Ok", "message": []}}',
        b'{"customerProfileId": "1", "messages": "Ok"}',
        b"\xef\xbb\xbf{truncated",
    ],
)
def test_a_2xx_that_is_not_a_reply_is_unparseable(body: bytes) -> None:
    error = outcome(reply(body, bom=False), request={"email": "jane@example.com"})
    assert isinstance(error, paywire.ConnectorError)
    assert error.code is ErrorCode.UNPARSEABLE_RESPONSE
    assert error.status_code == 200


@pytest.mark.parametrize("result", ["Error", "Maybe"])
def test_a_result_other_than_ok_is_never_a_customer_even_with_an_id(result: str) -> None:
    body = json.dumps({"customerProfileId": "527262", "messages": {"resultCode": result, "message": []}})
    error = outcome(reply(body))
    assert isinstance(error, paywire.ConnectorError)
    assert error.code is ErrorCode.PROCESSOR_ERROR


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, "authentication_failed"),
        (429, "rate_limited"),
        (500, "processor_unavailable"),
        (503, "processor_unavailable"),
    ],
)
def test_non_2xx_without_an_authorize_net_body_is_read_from_the_status(status: int, expected: str) -> None:
    error = outcome(reply(b"<html><body>Error</body></html>", status, bom=False, headers={"content-type": "text/html"}))
    assert isinstance(error, paywire.ConnectorError)
    assert error.code.value == expected
    assert error.connector_code is None
    assert "without an Authorize.net reply" in error.message


def test_non_2xx_with_an_authorize_net_body_keeps_its_code() -> None:
    error = outcome(reply(_error("E00104", "Server in maintenance"), 503))
    assert isinstance(error, paywire.ConnectorError)
    assert (error.code, error.connector_code, error.status_code) == (ErrorCode.PROCESSOR_UNAVAILABLE, "E00104", 503)


def test_retry_after_is_read_from_a_429() -> None:
    error = outcome(HttpResponse(429, {"retry-after": "7"}, b""))
    assert isinstance(error, paywire.ConnectorError)
    assert (error.code, error.retry_after) == (ErrorCode.RATE_LIMITED, 7.0)
