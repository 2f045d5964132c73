"""A stand-in connector used only when paywire-stripe is not installed: the same form body,
headers and reply parsing as the Stripe connector, registered in-process as ``benchstripe``."""

from __future__ import annotations

from urllib.parse import urlencode

from pydantic import SecretStr

import paywire
from paywire import hookimpl


class Keys(paywire.Credentials):
    api_key: SecretStr

    @property
    def live(self) -> bool:
        return False


@hookimpl
def paywire_connector() -> paywire.ConnectorInfo:
    return paywire.ConnectorInfo(
        name="benchstripe",
        display_name="Stripe-like (bench)",
        credentials=Keys,
        operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
        idempotency=paywire.Idempotency.header("Idempotency-Key", 255),
        options=[paywire.Option("stripe_version", "2025-01-27.acacia", header="Stripe-Version")],
        base_url="http://127.0.0.1:9",
        request_id_header="request-id",
    )


@hookimpl
def paywire_create_customer_request(
    request: paywire.CreateCustomerRequest, credentials: Keys, context: paywire.OperationContext
) -> paywire.HttpRequest:
    params = {
        "email": request.email.get_secret_value() if request.email else None,
        "name": request.customer_name,
        "metadata[paywire_merchant_customer_id]": request.merchant_customer_id,
    }
    body = urlencode([(k, v) for k, v in params.items() if v is not None]).replace("%5B", "[").replace("%5D", "]")
    return paywire.HttpRequest(
        "POST",
        f"{context.base_url}/v1/customers",
        {
            "Authorization": f"Bearer {credentials.api_key.get_secret_value()}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body.encode(),
    )


@hookimpl
def paywire_create_customer_response(response: paywire.HttpResponse) -> str:
    body = response.json_object() or {}
    return str(body.get("id"))
