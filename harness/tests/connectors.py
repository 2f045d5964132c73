"""In-process test connectors: ``acme`` (a correct REMOTE connector for the fake processor) and
deliberately broken variants, each with one defect the harness must catch."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import BaseModel, Field, SecretStr, field_validator

import paywire

BASE_URL = "https://api.acme.test"

ACME_FIELDS = {
    path: paywire.FieldMap.to(
        path
        + (
            ".{key}"
            if path in ("metadata", "connector_feature_data")
            else ".{index}"
            if path == "preferred_locales"
            else ""
        )
    )
    for path in paywire.CANONICAL_FIELDS
}
"""acme posts the canonical request itself: every field lands at its own path."""


class AcmeCredentials(paywire.Credentials):
    api_key: SecretStr = Field(examples=["sk_test_acme_fake"])

    @property
    def live(self) -> bool:
        return self.api_key.get_secret_value().startswith("sk_live_")

    @field_validator("api_key")
    @classmethod
    def _test_or_live(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith(("sk_test_", "sk_live_")):
            raise ValueError("must start with sk_test_ or sk_live_")
        return value


class OptionalKeyCredentials(paywire.Credentials):
    api_key: SecretStr | None = None

    @property
    def live(self) -> bool:
        return False


class EmptyKeyCredentials(paywire.Credentials):
    api_key: SecretStr = Field(examples=["sk_test_acme_fake"])  # defect: "" validates

    @property
    def live(self) -> bool:
        return False


class LeakyCredentials(paywire.Credentials):
    api_key: str = "sk_test_leaky"  # defect: a secret that prints in clear

    @property
    def live(self) -> bool:
        return False


def _plain(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None and v != {} and v != ()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, BaseModel):
        return _plain({name: getattr(value, name) for name in type(value).model_fields})
    return value


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


HEADER_KEY = paywire.Idempotency.header("Idempotency-Key", 255)


@dataclass(frozen=True)
class Defects:
    rename_name: bool = False
    """Sends ``full_name`` where the cassettes hold ``name``: the request drifts."""
    map_401_wrong: bool = False
    """Maps 401 to processor_error instead of authentication_failed."""
    no_response_hook: bool = False
    unsupported: frozenset[str] = frozenset()
    """Fields declared in ``unsupported_fields``."""
    credentials: type[paywire.Credentials] = AcmeCredentials
    distribution: bool = True
    differs_under_async: bool = False
    """Answers with another customer id when called from an event loop (an AsyncClient)."""
    idempotency: paywire.Idempotency = HEADER_KEY
    """Not a defect: what the processor recognises a repeated request by."""
    token: bool = False
    """Not a defect: exchange the key for a token (``POST /v1/login``) and send the token instead."""
    limits: Mapping[str, paywire.Limit] = field(default_factory=dict)
    """Not a defect: the processor's limits below the canonical ones."""


def make_acme(name: str, defects: Defects = Defects()) -> type:
    """A plugin class for an acme-like connector called ``name`` with the given defects."""

    def paywire_connector() -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name=name,
            display_name="Acme Pay",
            credentials=defects.credentials,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.REMOTE},
            idempotency=defects.idempotency,
            base_url=BASE_URL,
            request_id_header="request-id",
            unsupported_fields=defects.unsupported,
            limits=defects.limits,
            fields=ACME_FIELDS,
            token=defects.token,
            auth_headers=frozenset({"authorization", "x-api-key"}),
        )

    def paywire_token_request(credentials: Any, context: paywire.OperationContext) -> paywire.HttpRequest:
        key = credentials.api_key
        key = key.get_secret_value() if isinstance(key, SecretStr) else key
        return paywire.HttpRequest("POST", f"{context.base_url}/v1/login", {"X-Api-Key": key}, b"")

    def paywire_token_response(response: paywire.HttpResponse) -> paywire.AccessToken:
        data = response.json_object() or {}
        if not isinstance(data.get("token"), str):
            raise paywire.unparseable(response, "the reply holds no token")
        return paywire.AccessToken(SecretStr(data["token"]), data.get("expires_in"))

    def paywire_create_customer_request(
        request: paywire.CreateCustomerRequest, credentials: Any, context: paywire.OperationContext
    ) -> paywire.HttpRequest:
        body = _plain(request)
        body.pop("test_mode", None)
        if defects.rename_name and "customer_name" in body:
            body["full_name"] = body.pop("customer_name")
        key = credentials.api_key
        key = key.get_secret_value() if isinstance(key, SecretStr) else key
        if defects.token:
            assert context.token is not None
            key = context.token.get_secret_value()
        return paywire.HttpRequest(
            "POST",
            f"{context.base_url}/v1/customers",
            {"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            json.dumps(body, sort_keys=True, ensure_ascii=False).encode(),
        )

    def paywire_create_customer_response(response: paywire.HttpResponse) -> str:
        data = response.json_object()
        if not data or not isinstance(data.get("id"), str) or not data["id"]:
            raise paywire.unparseable(response, "the reply holds no customer id")
        customer_id: str = data["id"]
        if defects.differs_under_async and _in_event_loop():
            customer_id += "_async"
        return customer_id

    def paywire_error(response: paywire.HttpResponse, context: paywire.OperationContext) -> paywire.ConnectorError:
        data = response.json_object() or {}
        error = data.get("error") if isinstance(data.get("error"), dict) else {}
        code = error.get("code") if isinstance(error.get("code"), str) else None
        fields: dict[str, Any] = {"connector_code": code}
        if code == "idempotency_conflict":
            fields["code"] = paywire.ErrorCode.IDEMPOTENCY_CONFLICT
        if defects.map_401_wrong and response.status_code == 401:
            fields["code"] = paywire.ErrorCode.PROCESSOR_ERROR
        return paywire.status_error(response, request_id_header="request-id", **fields)

    hooks: dict[str, Any] = {
        "paywire_connector": paywire_connector,
        "paywire_create_customer_request": paywire_create_customer_request,
        "paywire_error": paywire_error,
    }
    if not defects.no_response_hook:
        hooks["paywire_create_customer_response"] = paywire_create_customer_response
    if defects.token:
        hooks.update(paywire_token_request=paywire_token_request, paywire_token_response=paywire_token_response)
    return type(name, (), {k: staticmethod(paywire.hookimpl(v)) for k, v in hooks.items()})


def make_local_leaker(name: str, port: int) -> type:
    """A LOCAL connector whose request hook secretly calls a server (on 127.0.0.1:``port``)."""

    def paywire_connector() -> paywire.ConnectorInfo:
        return paywire.ConnectorInfo(
            name=name,
            display_name="Leaky Local",
            credentials=paywire.NoCredentials,
            operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.LOCAL},
            idempotency=paywire.Idempotency.local(),
            auth_headers=frozenset(),
        )

    def paywire_create_customer_request(context: paywire.OperationContext) -> str:
        httpx.post(f"http://127.0.0.1:{port}/v1/customers", content=b"{}", timeout=1.0)  # defect
        return "local_" + context.idempotency_key

    hooks = {"paywire_connector": paywire_connector, "paywire_create_customer_request": paywire_create_customer_request}
    return type(name, (), {k: staticmethod(paywire.hookimpl(v)) for k, v in hooks.items()})


def make_misspelled(name: str) -> type:
    """A plugin implementing a hook no spec defines (a typo): it must fail to load."""

    def paywire_connector() -> paywire.ConnectorInfo:
        return make_acme(name).paywire_connector()  # type: ignore[attr-defined, no-any-return]

    def paywire_create_customer_requets(request: Any) -> None:
        return None

    hooks = {"paywire_connector": paywire_connector, "paywire_create_customer_requets": paywire_create_customer_requets}
    return type(name, (), {k: staticmethod(paywire.hookimpl(v)) for k, v in hooks.items()})
