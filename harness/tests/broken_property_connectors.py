"""Connector plugins for the property-check tests: one correct reference connector, and variants
each carrying one deliberate defect that exactly one property must catch.

``ReferenceConnector`` is a small, complete REMOTE connector: JSON body, key in the
``Authorization`` header, ``Idempotency-Key`` header. Each broken variant overrides one hook.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import time
from typing import Any

from pydantic import Field, SecretStr

import paywire
from paywire import hookimpl

FAKE_KEY = "sk_test_harnessFAKEkey0123456789"
BASE_URL = "https://api.reference.test/v1"


class ReferenceCredentials(paywire.Credentials):
    api_key: SecretStr = Field(examples=[FAKE_KEY])

    @property
    def live(self) -> bool:
        return self.api_key.get_secret_value().startswith("sk_live_")


def _address(address: paywire.Address | None) -> dict[str, str] | None:
    if address is None:
        return None
    out: dict[str, str] = {}
    for name in type(address).model_fields:
        value = getattr(address, name)
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if value is not None:
            out[name] = value
    return out


REFERENCE_FIELDS = {
    "merchant_customer_id": paywire.FieldMap.to("reference"),
    "customer_name": paywire.FieldMap.to("name"),
    "email": paywire.FieldMap.to("email"),
    "phone_number": paywire.FieldMap.to("phone"),
    "description": paywire.FieldMap.to("description"),
    "preferred_locales": paywire.FieldMap.to("locales.{index}"),
    "metadata": paywire.FieldMap.to("metadata.{key}"),
    **{
        f"address.{kind}_address.{part}": paywire.FieldMap.to(f"{kind}.{part}")
        for kind in ("billing", "shipping")
        for part in paywire.Address.model_fields
    },
}
"""Where ``reference_body`` puts each canonical field."""


def reference_body(request: paywire.CreateCustomerRequest) -> dict[str, Any]:
    """Every canonical field, as JSON."""
    address = request.address or paywire.PaymentAddress()
    body: dict[str, Any] = {
        "reference": request.merchant_customer_id,
        "name": request.customer_name,
        "email": request.email.get_secret_value() if request.email else None,
        "phone": request.phone_number,
        "description": request.description,
        "locales": list(request.preferred_locales) or None,
        "billing": _address(address.billing_address),
        "shipping": _address(address.shipping_address),
        "metadata": dict(request.metadata) or None,
        "test": request.test_mode,
    }
    return {k: v for k, v in body.items() if v is not None}


class ReferenceConnector:
    """A correct REMOTE connector: passes every property."""

    def __init__(self, name: str = "reference") -> None:
        self.name = name

    def info(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name=self.name,
            display_name="Reference",
            credentials=ReferenceCredentials,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
            idempotency=paywire.Idempotency.header("Idempotency-Key", 255),
            base_url=BASE_URL,
            auth_headers=frozenset({"authorization"}),
            request_id_header="request-id",
            unsupported_fields=frozenset({"connector_feature_data"}),
            fields=REFERENCE_FIELDS,
        )

    @hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return self.info()

    def url(self, context: paywire.OperationContext, credentials: ReferenceCredentials) -> str:
        return f"{context.base_url}/customers"

    def headers(self, context: paywire.OperationContext, credentials: ReferenceCredentials) -> dict[str, str]:
        return {"Authorization": f"Bearer {credentials.api_key.get_secret_value()}", "Content-Type": "application/json"}

    def body(self, request: paywire.CreateCustomerRequest) -> dict[str, Any]:
        return reference_body(request)

    @hookimpl
    def paywire_create_customer_request(
        self,
        request: paywire.CreateCustomerRequest,
        credentials: ReferenceCredentials,
        context: paywire.OperationContext,
    ) -> paywire.HttpRequest:
        return paywire.HttpRequest(
            "POST",
            self.url(context, credentials),
            self.headers(context, credentials),
            json.dumps(self.body(request)).encode(),
        )

    @hookimpl
    def paywire_create_customer_response(self, response: paywire.HttpResponse) -> str:
        body = response.json_object()
        customer_id = body.get("id") if body else None
        if not isinstance(customer_id, str) or not customer_id:
            raise paywire.unparseable(response, "the reply has no customer id")
        return customer_id

    @hookimpl
    def paywire_error(
        self, response: paywire.HttpResponse, context: paywire.OperationContext
    ) -> paywire.ConnectorError:
        body = response.json_object()
        error = body.get("error") if body else None
        if not isinstance(error, dict):
            return paywire.status_error(response, request_id_header="request-id")
        code, message = error.get("code"), error.get("message")
        return paywire.status_error(
            response,
            request_id_header="request-id",
            connector_code=code if isinstance(code, str) else None,
            connector_message=message if isinstance(message, str) else None,
        )


# -- one defect each --------------------------------------------------------------------------


class DropsDescription(ReferenceConnector):
    """Silently leaves ``description`` out of the body."""

    def body(self, request: paywire.CreateCustomerRequest) -> dict[str, Any]:
        body = reference_body(request)
        body.pop("description", None)
        return body


class PhoneDigitsDeclared(ReferenceConnector):
    """Sends the phone's digits without '+' and declares that conversion (``FieldMap.convert``): correct."""

    def info(self) -> paywire.ConnectorInfo:
        digits = paywire.FieldMap.to("phone", convert=lambda number: number.removeprefix("+"))
        return dataclasses.replace(super().info(), fields={**REFERENCE_FIELDS, "phone_number": digits})

    def body(self, request: paywire.CreateCustomerRequest) -> dict[str, Any]:
        body = reference_body(request)
        if "phone" in body:
            body["phone"] = body["phone"].removeprefix("+")
        return body


class PhoneDigitsUndeclared(PhoneDigitsDeclared):
    """The same conversion, not declared: nothing tells it from losing part of the value."""

    def info(self) -> paywire.ConnectorInfo:
        return ReferenceConnector.info(self)


class LeaksKeyIntoUrl(ReferenceConnector):
    """Puts the API key in the query string."""

    def url(self, context: paywire.OperationContext, credentials: ReferenceCredentials) -> str:
        return f"{super().url(context, credentials)}?key={credentials.api_key.get_secret_value()}"


class SendsKeyInUndeclaredHeader(ReferenceConnector):
    """Also sends the key in a debugging header not listed in ``auth_headers``."""

    def headers(self, context: paywire.OperationContext, credentials: ReferenceCredentials) -> dict[str, str]:
        return {**super().headers(context, credentials), "X-Debug-Key": credentials.api_key.get_secret_value()}


class EmailInUrl(ReferenceConnector):
    """Puts the customer's e-mail address in the query string."""

    @hookimpl
    def paywire_create_customer_request(
        self,
        request: paywire.CreateCustomerRequest,
        credentials: ReferenceCredentials,
        context: paywire.OperationContext,
    ) -> paywire.HttpRequest:
        built = super().paywire_create_customer_request(request, credentials, context)
        if request.email is None:
            return built
        return paywire.HttpRequest(
            built.method, f"{built.url}?email={request.email.get_secret_value()}", built.headers, built.body
        )


class CrashesOnNonAscii(ReferenceConnector):
    """Encodes the name as ASCII: UnicodeEncodeError on any other script."""

    def body(self, request: paywire.CreateCustomerRequest) -> dict[str, Any]:
        body = reference_body(request)
        if request.customer_name is not None:
            body["name"] = request.customer_name.encode("ascii").decode()
        return body


class RejectsWithNonCanonicalField(ReferenceConnector):
    """Rejects long names, but names its own wire field instead of the canonical one."""

    def body(self, request: paywire.CreateCustomerRequest) -> dict[str, Any]:
        if request.customer_name is not None and len(request.customer_name) > 100:
            raise paywire.InvalidRequestError("invalid request", [paywire.FieldError("name", "too long")])
        return reference_body(request)


class NonDeterministic(ReferenceConnector):
    """Adds a random nonce header: two builds of the same request differ."""

    def headers(self, context: paywire.OperationContext, credentials: ReferenceCredentials) -> dict[str, str]:
        return {**super().headers(context, credentials), "X-Nonce": secrets.token_hex(4)}


class CrashesOnErrorBody(ReferenceConnector):
    """Reads ``body["error"]["message"]`` without looking: crashes on HTML, empty, odd JSON."""

    @hookimpl
    def paywire_error(
        self, response: paywire.HttpResponse, context: paywire.OperationContext
    ) -> paywire.ConnectorError:
        message = json.loads(response.body)["error"]["message"]
        return paywire.status_error(response, connector_message=message)


class Maps401Wrong(ReferenceConnector):
    """Treats every 401 as ``permission_denied``."""

    @hookimpl
    def paywire_error(
        self, response: paywire.HttpResponse, context: paywire.OperationContext
    ) -> paywire.ConnectorError:
        error = super().paywire_error(response, context)
        if response.status_code == 401:
            error.code = paywire.ErrorCode.PERMISSION_DENIED
        return error


class RaisesErrorInsteadOfReturning(ReferenceConnector):
    """Raises the ConnectorError from ``paywire_error`` (the hook must return it)."""

    @hookimpl
    def paywire_error(
        self, response: paywire.HttpResponse, context: paywire.OperationContext
    ) -> paywire.ConnectorError:
        raise super().paywire_error(response, context)


class SlowOnErrorReplies(ReferenceConnector):
    """Spends ``SLOW_SECONDS`` on every error reply (a stand-in for quadratic parsing)."""

    SLOW_SECONDS = 0.2

    @hookimpl
    def paywire_error(
        self, response: paywire.HttpResponse, context: paywire.OperationContext
    ) -> paywire.ConnectorError:
        if response.status_code >= 300:
            deadline = time.perf_counter() + self.SLOW_SECONDS
            while time.perf_counter() < deadline:  # busy: a connector may not sleep
                pass
        return super().paywire_error(response, context)


class HoardsMemory(ReferenceConnector):
    """Allocates far more than the reply's size on every error reply."""

    @hookimpl
    def paywire_error(
        self, response: paywire.HttpResponse, context: paywire.OperationContext
    ) -> paywire.ConnectorError:
        scratch = bytearray(48 * 1024 * 1024 + 64 * len(response.body))
        del scratch
        return super().paywire_error(response, context)


# -- LOCAL connectors ---------------------------------------------------------------------------


class LocalReference:
    """A correct LOCAL connector: the customer id is derived from the request, stably."""

    def __init__(self, name: str = "local-reference") -> None:
        self.name = name

    @hookimpl
    def paywire_connector(self) -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name=self.name,
            display_name="Local reference",
            credentials=paywire.NoCredentials,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.LOCAL},
            idempotency=paywire.Idempotency.local(),
            auth_headers=frozenset(),
        )

    def customer_id(self, request: paywire.CreateCustomerRequest, context: paywire.OperationContext) -> str:
        return f"loc_{context.idempotency_key}"

    @hookimpl
    def paywire_create_customer_request(
        self, request: paywire.CreateCustomerRequest, context: paywire.OperationContext
    ) -> str:
        return self.customer_id(request, context)


class LocalRandomId(LocalReference):
    """A new id on every call, even for the same idempotency key."""

    def customer_id(self, request: paywire.CreateCustomerRequest, context: paywire.OperationContext) -> str:
        return "loc_" + secrets.token_hex(6)


class LocalReturnsHttpRequest(LocalReference):
    """Declares LOCAL but builds an HTTP request (it would make a request in a local operation)."""

    @hookimpl
    def paywire_create_customer_request(  # type: ignore[override]
        self, request: paywire.CreateCustomerRequest, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        return paywire.HttpRequest("POST", "https://api.local.test/customers")
