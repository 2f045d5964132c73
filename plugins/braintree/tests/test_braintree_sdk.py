"""paywire-braintree against Braintree's official Python SDK (``braintree`` on PyPI, a test-only
dependency pinned to the release compared here).

The SDK creates customers through Braintree's XML gateway (``CustomerGateway.create``: ``POST
/merchants/<id>/customers``), not through GraphQL, so the two ``createCustomer`` requests cannot
be compared byte for byte. What can honestly be compared is compared:

- the GraphQL transport: the SDK's own ``GraphQLClient`` sends the mutation with the variables
  written here from Braintree's ``createCustomer`` reference, and paywire sends the same customer:
  method, path, the headers Braintree reads and the parsed body must agree;
- the customer's field values: the XML the SDK sends for the same customer holds the same values
  under the XML names (``first_name`` for ``firstName``...);
- the hosts, the pinned ``Braintree-Version``, the error classes and the validation codes the
  fake answers with.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import braintree_fake
import pytest
from braintree_fake import FakeBraintree, Received
from braintree_helpers import KEYS, PRIVATE_KEY, PUBLIC_KEY, outcome

import paywire
import paywire_braintree

braintree = pytest.importorskip("braintree")
from braintree.util.graphql_client import GraphQLClient  # noqa: E402
from braintree.util.http import Http  # noqa: E402

CUSTOMER = {
    "merchant_customer_id": "user_42",
    "customer_name": "Zoë Ñúñez",
    "email": "zoe@example.com",
    "phone_number": "+14155550100",
    "connector_feature_data": {
        "company": "Roe & Co",
        "fax": "+14155550111",
        "website": "https://www.example.com",
        "custom_fields": {"loyalty_tier": "gold"},
    },
}
# CUSTOMER in Braintree's createCustomer words (CustomerInput, CustomFieldInput), written from its reference.
VARIABLES = {
    "input": {
        "clientMutationId": "order-1001",
        "customer": {
            "firstName": "Zoë",
            "lastName": "Ñúñez",
            "email": "zoe@example.com",
            "phoneNumber": "+14155550100",
            "company": "Roe & Co",
            "fax": "+14155550111",
            "website": "https://www.example.com",
            "customFields": [
                {"name": "merchant_customer_id", "value": "user_42"},
                {"name": "loyalty_tier", "value": "gold"},
            ],
        },
    }
}
# The same customer in the XML gateway's words (Customer.create_signature).
XML_PARAMS = {
    "first_name": "Zoë",
    "last_name": "Ñúñez",
    "email": "zoe@example.com",
    "phone": "+14155550100",
    "company": "Roe & Co",
    "fax": "+14155550111",
    "website": "https://www.example.com",
    "custom_fields": {"merchant_customer_id": "user_42", "loyalty_tier": "gold"},
}
MEANINGFUL_HEADERS = ("authorization", "content-type", "accept", "braintree-version")


def _configuration(url: str) -> Any:
    parts = urlsplit(url)
    host, port = parts.hostname or "", str(parts.port)
    environment = braintree.Environment("paywire-fake", host, port, "", False, None, host, port)
    return braintree.Configuration(
        environment=environment, merchant_id="paywire_merchant", public_key=PUBLIC_KEY, private_key=PRIVATE_KEY
    )


def _through_the_sdk_graphql_client() -> tuple[Received, dict[str, Any]]:
    with FakeBraintree() as server:
        answer = _configuration(server.url).graphql_client().query(paywire_braintree.CREATE_CUSTOMER, VARIABLES)
        return server.received[0], answer


def _through_paywire() -> Received:
    with FakeBraintree() as server, paywire.Client("braintree", credentials=KEYS, base_url=server.url) as client:
        client.customers.create(CUSTOMER, idempotency_key="order-1001")
        return server.received[0]


def test_paywire_sends_what_the_sdks_graphql_client_sends() -> None:
    (sdk, answer), ours = _through_the_sdk_graphql_client(), _through_paywire()
    assert (ours.method, ours.path) == (sdk.method, sdk.path) == ("POST", "/graphql")
    assert ours.json() == sdk.json()
    assert {h: ours.headers.get(h) for h in MEANINGFUL_HEADERS} == {h: sdk.headers.get(h) for h in MEANINGFUL_HEADERS}
    assert answer["data"]["createCustomer"]["customer"]["id"]  # the SDK reads the fake's reply as a success


def test_the_xml_the_sdk_sends_for_the_same_customer_holds_the_same_values() -> None:
    with FakeBraintree() as server:
        gateway = braintree.BraintreeGateway(_configuration(server.url))
        with pytest.raises(braintree.exceptions.NotFoundError):  # the fake speaks GraphQL only
            gateway.customer.create(XML_PARAMS)
        [sdk] = server.received
    assert (sdk.method, sdk.path) == ("POST", "/merchants/paywire_merchant/customers")
    assert sdk.headers["authorization"] == paywire.basic_auth(PUBLIC_KEY, PRIVATE_KEY)
    xml = ET.fromstring(sdk.body)  # noqa: S314 - the official SDK's own request, captured on loopback
    ours = _through_paywire().json()["variables"]["input"]["customer"]
    for xml_name, graphql_name in [
        ("first_name", "firstName"),
        ("last_name", "lastName"),
        ("email", "email"),
        ("phone", "phoneNumber"),
        ("company", "company"),
        ("fax", "fax"),
        ("website", "website"),
    ]:
        assert xml.findtext(xml_name) == ours[graphql_name], xml_name
    custom = xml.find("custom_fields")
    assert custom is not None
    xml_custom = {child.tag: child.text for child in custom}  # custom field API names, as in GraphQL
    assert xml_custom == {entry["name"]: entry["value"] for entry in ours["customFields"]}


def test_every_customer_input_field_sent_is_one_the_sdk_creates_customers_with() -> None:
    signature = braintree.Customer.create_signature()
    names = {item for item in signature if isinstance(item, str)} | {
        key for item in signature if isinstance(item, dict) for key in item
    }
    assert {"first_name", "last_name", "email", "phone", "company", "fax", "website", "custom_fields"} <= names
    assert "address" not in names  # the SDK's customer takes no address on create either


def test_hosts_and_version_are_the_sdks() -> None:
    assert braintree.Environment.Sandbox.graphql_server == urlsplit(paywire_braintree.SANDBOX_URL).hostname
    assert braintree.Environment.Production.graphql_server == urlsplit(paywire_braintree.PRODUCTION_URL).hostname
    assert braintree.Environment.Sandbox.graphql_port == braintree.Environment.Production.graphql_port == "443"
    assert braintree.Configuration.graphql_api_version() == paywire_braintree.BRAINTREE_VERSION


SDK_EXCEPTIONS = {
    "AUTHENTICATION": (braintree.exceptions.AuthenticationError, paywire.ErrorCode.AUTHENTICATION_FAILED),
    "AUTHORIZATION": (braintree.exceptions.AuthorizationError, paywire.ErrorCode.PERMISSION_DENIED),
    "NOT_FOUND": (braintree.exceptions.NotFoundError, paywire.ErrorCode.NOT_FOUND),
    "UNSUPPORTED_CLIENT": (braintree.exceptions.UpgradeRequiredError, paywire.ErrorCode.INVALID_REQUEST),
    "RESOURCE_LIMIT": (braintree.exceptions.TooManyRequestsError, paywire.ErrorCode.RATE_LIMITED),
    "INTERNAL": (braintree.exceptions.ServerError, paywire.ErrorCode.PROCESSOR_UNAVAILABLE),
    "SERVICE_AVAILABILITY": (braintree.exceptions.ServiceUnavailableError, paywire.ErrorCode.PROCESSOR_UNAVAILABLE),
    "UNKNOWN": (braintree.exceptions.UnexpectedError, paywire.ErrorCode.PROCESSOR_ERROR),
}


@pytest.mark.parametrize("error_class", sorted(SDK_EXCEPTIONS))
def test_error_classes_are_read_as_the_sdk_reads_them(error_class: str) -> None:
    body = {"data": None, "errors": [{"message": "m", "extensions": {"errorClass": error_class}}]}
    exception, code = SDK_EXCEPTIONS[error_class]
    with pytest.raises(exception):
        GraphQLClient.raise_exception_for_graphql_error(body)
    error = outcome(paywire.HttpResponse(200, {}, paywire.json_body({**body, "extensions": {"requestId": "r"}})))
    assert isinstance(error, paywire.ConnectorError) and error.code is code


def test_validation_errors_are_not_exceptions_for_the_sdk_either() -> None:
    body = {
        "errors": [
            {
                "message": "Email is an invalid format.",
                "extensions": {"errorClass": "VALIDATION", "legacyCode": "81604"},
            }
        ]
    }
    GraphQLClient.raise_exception_for_graphql_error(body)  # no exception: a result with errors
    assert GraphQLClient.get_validation_errors(body) == {
        "errors": [{"attribute": "", "code": "81604", "message": "Email is an invalid format."}]
    }


@pytest.mark.parametrize(
    ("status", "exception"),
    [
        (401, braintree.exceptions.AuthenticationError),
        (403, braintree.exceptions.AuthorizationError),
        (404, braintree.exceptions.NotFoundError),
        (429, braintree.exceptions.TooManyRequestsError),
        (500, braintree.exceptions.ServerError),
        (503, braintree.exceptions.ServiceUnavailableError),
    ],
)
def test_http_statuses_are_read_as_the_sdk_reads_them(status: int, exception: type[Exception]) -> None:
    with pytest.raises(exception):
        Http.raise_exception_from_status(status)
    expected = {
        braintree.exceptions.AuthenticationError: paywire.ErrorCode.AUTHENTICATION_FAILED,
        braintree.exceptions.AuthorizationError: paywire.ErrorCode.PERMISSION_DENIED,
        braintree.exceptions.NotFoundError: paywire.ErrorCode.NOT_FOUND,
        braintree.exceptions.TooManyRequestsError: paywire.ErrorCode.RATE_LIMITED,
        braintree.exceptions.ServerError: paywire.ErrorCode.PROCESSOR_UNAVAILABLE,
        braintree.exceptions.ServiceUnavailableError: paywire.ErrorCode.PROCESSOR_UNAVAILABLE,
    }[exception]
    error = outcome(paywire.HttpResponse(status, {}, b""))
    assert isinstance(error, paywire.ConnectorError) and error.code is expected


def test_the_fakes_validation_codes_are_the_sdks() -> None:
    codes = braintree.ErrorCodes.Customer
    assert {name: code for name, (code, _) in braintree_fake._TOO_LONG.items()} == {
        "company": codes.CompanyIsTooLong,
        "email": codes.EmailIsTooLong,
        "fax": codes.FaxIsTooLong,
        "firstName": codes.FirstNameIsTooLong,
        "lastName": codes.LastNameIsTooLong,
        "phoneNumber": codes.PhoneIsTooLong,
        "website": codes.WebsiteIsTooLong,
    }
    text = Path(braintree_fake.__file__).read_text(encoding="utf-8")
    for code in (codes.EmailIsInvalid, codes.CustomFieldIsInvalid, codes.CustomFieldIsTooLong):
        assert f'"{code}"' in text
