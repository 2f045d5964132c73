"""A minimal REMOTE connector for the core's own tests: JSON body, key in a header.

It is deliberately not one of the shipped plugins: the core's tests must not depend on them.
"""

from __future__ import annotations

from pydantic import Field, SecretStr

import paywire
from paywire import hookimpl


class EchoCredentials(paywire.Credentials):
    api_key: SecretStr = Field(examples=["echo_test_key"])

    @property
    def live(self) -> bool:
        return self.api_key.get_secret_value().startswith("echo_live_")


INFO = paywire.ConnectorInfo(
    name="echo",
    display_name="Echo (test)",
    credentials=EchoCredentials,
    operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
    idempotency=paywire.Idempotency.header("Idempotency-Key", 64),
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
    body = {"email": paywire.plain(request.email), "name": request.customer_name}
    return paywire.HttpRequest(
        "POST",
        f"{context.base_url}/customers",
        {"authorization": f"Bearer {credentials.api_key.get_secret_value()}", "content-type": "application/json"},
        paywire.json_body(body),
    )


@hookimpl
def paywire_create_customer_response(response: paywire.HttpResponse) -> str:
    data = response.json_object()
    if data is None or not isinstance(data.get("id"), str) or not data["id"]:
        raise paywire.unparseable(response, "the reply holds no customer id")
    customer_id: str = data["id"]
    return customer_id
