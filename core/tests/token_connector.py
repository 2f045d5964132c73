"""Test connectors for the core's own tests of what the connector issues need: a token obtained by
exchange (``tokenco``), credentials in the body with a natural-key duplicate refusal and errors
inside a 2xx reply (``naturalco``). Modelled on Airwallex and Authorize.net, not copies of them.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr

import paywire
from paywire import hookimpl

CLIENT_ID = "tokenco_client_0001"
API_KEY = "tokenco_CANARY_api_key_0000000001"
TRANSACTION_KEY = "naturalco_CANARY_txn_key_00001"


class TokenCredentials(paywire.Credentials):
    client_id: str = Field(examples=[CLIENT_ID])
    api_key: SecretStr = Field(examples=[API_KEY])


class TokenConnector:
    """Login ``POST /login`` (``x-client-id``, ``x-api-key``) -> ``{"token", "expires_in"}``;
    create ``POST /customers`` with ``Authorization: Bearer <token>`` and ``request_id`` in the body."""

    @hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name="tokenco",
            display_name="TokenCo (test)",
            credentials=TokenCredentials,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
            idempotency=paywire.Idempotency.body("request_id", 64),
            base_url="http://127.0.0.1:9",
            auth_headers=frozenset({"authorization", "x-api-key"}),
            token=True,
            request_id_header="x-trace-id",
        )

    @hookimpl
    def paywire_token_request(
        self, credentials: TokenCredentials, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        headers = {"x-client-id": credentials.client_id, "x-api-key": credentials.api_key.get_secret_value()}
        return paywire.HttpRequest("POST", f"{context.base_url}/login", headers, b"")

    @hookimpl
    def paywire_token_response(self, response: paywire.HttpResponse) -> paywire.AccessToken:
        body = response.json_object()
        if body is None or not isinstance(body.get("token"), str):
            raise paywire.unparseable(response, "the login reply holds no token")
        return paywire.AccessToken(SecretStr(body["token"]), body.get("expires_in"))

    @hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        assert context.token is not None
        headers = {"authorization": f"Bearer {context.token.get_secret_value()}", "content-type": "application/json"}
        body = paywire.json_body({"email": paywire.plain(request.email)})
        return paywire.HttpRequest("POST", f"{context.base_url}/customers", headers, body)

    @hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        body = response.json_object()
        if body is None or not isinstance(body.get("id"), str):
            raise paywire.unparseable(response, "the reply holds no customer id")
        customer_id: str = body["id"]
        return customer_id


class NaturalCredentials(paywire.Credentials):
    login: str = Field(examples=["naturalco_login"])
    transaction_key: SecretStr = Field(examples=[TRANSACTION_KEY])


NATURAL_AUTH = "request.auth.transactionKey"


class NaturalConnector:
    """``POST /api`` with the credentials inside the JSON body; errors answered with HTTP 200 and
    ``{"result": "Error", "code", "text"}``; a second profile with the same merchant id and e-mail
    refused with code ``DUP`` and the existing id."""

    @hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name="naturalco",
            display_name="NaturalCo (test)",
            credentials=NaturalCredentials,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
            idempotency=paywire.Idempotency.natural("merchant_customer_id", "email"),
            base_url="http://127.0.0.1:9",
            auth_headers=frozenset(),
            auth_body_fields=frozenset({NATURAL_AUTH}),
        )

    @hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, credentials: NaturalCredentials, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        auth = {"name": credentials.login, "transactionKey": credentials.transaction_key.get_secret_value()}
        profile = {"merchantCustomerId": request.merchant_customer_id, "email": paywire.plain(request.email)}
        body = paywire.json_body({"request": {"auth": auth, "profile": profile}})
        return paywire.HttpRequest("POST", f"{context.base_url}/api", {"content-type": "application/json"}, body)

    @hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        body = response.json_object()
        if body is None:
            raise paywire.unparseable(response, "the body is not a JSON object")
        if body.get("result") == "Error":
            raise _error(body, response)
        if not isinstance(body.get("id"), str):
            raise paywire.unparseable(response, "the reply holds no profile id")
        customer_id: str = body["id"]
        return customer_id


def _error(body: dict[str, Any], response: paywire.HttpResponse) -> paywire.ConnectorError:
    code, text = str(body.get("code")), str(body.get("text"))
    if code == "SLOW":  # the processor's own timeout: the profile may exist
        return paywire.ConnectorError(
            paywire.ErrorCode.TIMEOUT, "NaturalCo timed out", connector_code=code, status_code=response.status_code
        )
    if code == "DUP":
        return paywire.ConnectorError(
            paywire.ErrorCode.DUPLICATE,
            "a profile with this merchant id and e-mail exists",
            connector_code=code,
            connector_message=text,
            status_code=response.status_code,
            duplicate_of=str(body.get("existing")),
        )
    return paywire.ConnectorError(
        paywire.ErrorCode.INVALID_REQUEST,
        "NaturalCo refused the request",
        connector_code=code,
        connector_message=text,
        status_code=response.status_code,
        retryable=False,
    )
