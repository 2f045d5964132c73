"""Two bench connectors that differ only in where the bearer value comes from: ``benchstatic``
sends its API key, ``benchtoken`` exchanges the key for a token (``POST /v1/login``, once per
client) and sends the token. Same body, same reply: the difference is the token machinery."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

import paywire
from paywire import hookimpl

__all__ = ["TokenLike"]


class Keys(paywire.Credentials):
    api_key: SecretStr


class TokenLike:
    """The connector; ``token=True``: obtained by exchange, else the static key."""

    def __init__(self, name: str, *, token: bool) -> None:
        self.name, self.token = name, token

    @hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name=self.name,
            display_name=f"{'Token' if self.token else 'Static key'} (bench)",
            credentials=Keys,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
            idempotency=paywire.Idempotency.header("Idempotency-Key", 255),
            base_url="http://127.0.0.1:9",
            auth_headers=frozenset({"authorization", "x-api-key"}),
            token=self.token,
        )

    @hookimpl
    def paywire_token_request(self, credentials: Keys, context: paywire.OperationContext) -> paywire.HttpRequest:
        headers = {"x-api-key": credentials.api_key.get_secret_value()}
        return paywire.HttpRequest("POST", f"{context.base_url}/v1/login", headers, b"")

    @hookimpl
    def paywire_token_response(self, response: paywire.HttpResponse) -> paywire.AccessToken:
        body = response.json_object() or {}
        return paywire.AccessToken(SecretStr(str(body["token"])), body.get("expires_in"))

    @hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, credentials: Keys, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        bearer = context.token if self.token else credentials.api_key
        assert bearer is not None
        body: dict[str, Any] = {"email": paywire.plain(request.email), "name": request.customer_name}
        headers = {"Authorization": f"Bearer {bearer.get_secret_value()}", "Content-Type": "application/json"}
        return paywire.HttpRequest("POST", f"{context.base_url}/v1/customers", headers, paywire.json_body(body))

    @hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        body = response.json_object() or {}
        return str(body["id"])
