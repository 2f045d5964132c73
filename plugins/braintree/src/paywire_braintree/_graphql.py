"""The ``createCustomer`` mutation on the wire, and reading its reply.

The request is ``POST /graphql`` with ``{"query": CREATE_CUSTOMER, "variables": {"input": ...}}``
(Braintree's "Making API calls" guide). The selection asks for ``id`` and ``legacyId``, as
Braintree's migration guide advises; ``clientMutationId`` is only echoed by Braintree (it does not
deduplicate anything), and carries the call's key so the reply can be matched to the request.
"""

from __future__ import annotations

import re
from typing import Any

from paywire import ConnectorError, CreateCustomerRequest, ErrorCode, HttpResponse, unparseable

from ._errors import MAX_BODY, error_from_errors, graphql_errors, request_id

__all__ = ["CREATE_CUSTOMER", "PATH", "customer_id", "variables"]

PATH = "/graphql"

CREATE_CUSTOMER = (
    "mutation CreateCustomer($input: CreateCustomerInput) "
    "{ createCustomer(input: $input) { clientMutationId customer { id legacyId } } }"
)
"""The mutation every create sends; the customer's fields travel in ``variables.input``."""

_GLOBAL_ID = re.compile(r"[A-Za-z0-9+/_=-]{1,255}")
"""Braintree's ids are opaque GraphQL global ids (base64 text): anything else is not one."""


def variables(customer: dict[str, Any], client_mutation_id: str) -> dict[str, Any]:
    """The mutation's variables for a ``CustomerInput``."""
    return {"input": {"clientMutationId": client_mutation_id, "customer": customer}}


def _created(body: dict[str, Any]) -> dict[str, Any] | None:
    data = body.get("data")
    payload = data.get("createCustomer") if isinstance(data, dict) else None
    return payload if isinstance(payload, dict) else None


def customer_id(
    response: HttpResponse, request: CreateCustomerRequest | None = None, client_mutation_id: str | None = None
) -> str:
    """The created customer's global id from a 2xx reply.

    Raises the ``ConnectorError`` of Braintree's ``errors`` when the reply holds any (a 200 with
    errors is never a customer); ``unparseable`` when it is not a ``createCustomer`` payload.
    """
    body = response.json_object(max_bytes=MAX_BODY)
    if body is None:
        raise unparseable(response, "the body is not a JSON object (or is larger than any createCustomer reply)")
    payload = _created(body)
    customer = payload.get("customer") if payload is not None else None
    errors = graphql_errors(body)
    if errors is not None:
        if isinstance(customer, dict) and customer.get("id"):
            # Braintree created the customer *and* reported errors: the outcome is for the host to
            # reconcile (an ambiguous reply), never a success and never a plain refusal.
            raise ConnectorError(
                ErrorCode.UNPARSEABLE_RESPONSE,
                "Braintree answered HTTP 200 with a created customer and errors beside it",
                status_code=response.status_code,
                request_id=request_id(body),
                details={"customer_id": str(customer.get("id")), "error_count": str(len(errors))},
            )
        raise error_from_errors(errors, response, body, request)
    if not isinstance(customer, dict):
        raise unparseable(response, "the body holds no data.createCustomer.customer")
    echoed = payload.get("clientMutationId") if payload is not None else None
    if echoed is not None and client_mutation_id is not None and echoed != client_mutation_id:
        raise unparseable(response, "its clientMutationId is not the one sent: the reply is to another request")
    found = customer.get("id")
    if not isinstance(found, str) or not _GLOBAL_ID.fullmatch(found):
        raise unparseable(response, "the customer has no usable 'id'")
    return found
