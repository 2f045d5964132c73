"""A small REMOTE test connector for the fault server: JSON body, key in ``Idempotency-Key``.

``FlakyConnector("flaky")`` declares header idempotency (so ambiguous failures are retried with
the same key); ``FlakyConnector("flaky_noidem", idempotent=False)`` declares none and sends no
key (so they must never be retried). Not a shipped plugin: the core's tests stay independent.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import SecretStr

import paywire
from paywire import hookimpl


class FlakyCredentials(paywire.Credentials):
    api_key: SecretStr

    @property
    def live(self) -> bool:
        return self.api_key.get_secret_value().startswith("sk_live_")


class FlakyConnector:
    def __init__(self, name: str, *, idempotent: bool = True) -> None:
        self.name = name
        self.idempotent = idempotent
        self.info = paywire.ConnectorInfo(
            name=name,
            display_name=f"Flaky ({name})",
            credentials=FlakyCredentials,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
            idempotency=paywire.Idempotency.header("Idempotency-Key", 64) if idempotent else paywire.Idempotency.none(),
            base_url="http://127.0.0.1:9",
            request_id_header="request-id",
        )

    @hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return self.info

    @hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, credentials: FlakyCredentials, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        body = {
            "email": request.email.get_secret_value() if request.email else None,
            "name": request.customer_name,
            "phone": request.phone_number,
            "merchant_customer_id": request.merchant_customer_id,
        }
        headers = {
            "authorization": f"Bearer {credentials.api_key.get_secret_value()}",
            "content-type": "application/json",
        }
        return paywire.HttpRequest("POST", f"{context.base_url}/v1/customers", headers, json.dumps(body).encode())

    @hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        data = response.json_object()
        if data is None or not isinstance(data.get("id"), str) or not data["id"]:
            raise paywire.unparseable(response, "the reply holds no customer id")
        customer_id: str = data["id"]
        return customer_id

    @hookimpl
    def paywire_error(self, response: paywire.HttpResponse) -> paywire.ConnectorError:
        data = response.json_object() or {}
        found = data.get("error")
        error: dict[str, Any] = found if isinstance(found, dict) else {}
        hint = response.header("should-retry")
        return paywire.status_error(
            response,
            request_id_header="request-id",
            connector_code=error.get("code"),
            param=error.get("param"),
            retryable=None if hint is None else hint == "true",
        )
