"""A minimal REMOTE connector for the core's own tests: JSON body, key in a header.

It is deliberately not one of the shipped plugins: the core's tests must not depend on them.
"""

from __future__ import annotations

import json

from pydantic import SecretStr

import paywire
from paywire import hookimpl


class EchoCredentials(paywire.Credentials):
    api_key: SecretStr


INFO = paywire.ConnectorInfo(
    name="echo",
    display_name="Echo (test)",
    credentials=EchoCredentials,
    operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
    idempotency=paywire.Idempotency("header", "Idempotency-Key", 64),
    base_url="http://127.0.0.1:9",
    request_id_header="request-id",
)


@hookimpl
def paywire_connector() -> paywire.ConnectorInfo:
    return INFO


@hookimpl
def paywire_create_customer_request(
    request: paywire.CreateCustomerRequest, credentials: EchoCredentials, context: paywire.OperationContext
) -> paywire.HttpRequest:
    body = {"email": request.email.get_secret_value() if request.email else None, "name": request.customer_name}
    return paywire.HttpRequest(
        "POST",
        f"{context.base_url}/customers",
        {
            "authorization": f"Bearer {credentials.api_key.get_secret_value()}",
            "idempotency-key": context.idempotency_key,
            "content-type": "application/json",
        },
        json.dumps(body, sort_keys=True).encode(),
    )


@hookimpl
def paywire_create_customer_response(
    request: paywire.CreateCustomerRequest, response: paywire.HttpResponse
) -> paywire.CreateCustomerResponse:
    data = response.json_object()
    if data is None or not isinstance(data.get("id"), str) or not data["id"]:
        raise paywire.ConnectorError(paywire.ErrorCode.UNPARSEABLE_RESPONSE, "no customer id", connector="echo")
    return paywire.CreateCustomerResponse(
        merchant_customer_id=request.merchant_customer_id,
        connector_customer_id=data["id"],
        status_code=response.status_code,
        response_headers=dict(response.headers),
    )
