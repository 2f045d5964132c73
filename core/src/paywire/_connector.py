"""What a connector declares about itself, and the context the core hands to its hooks."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl

from pydantic import BaseModel, ConfigDict

from ._http import HttpRequest
from ._keys import random_uuid

__all__ = [
    "PLUGIN_API_VERSION",
    "Capability",
    "ConnectorInfo",
    "Credentials",
    "Idempotency",
    "Operation",
    "OperationContext",
]

PLUGIN_API_VERSION = 1
"""Version of the plugin API (hookspecs and ``ConnectorInfo``). A plugin states the versions it
supports with ``ConnectorInfo.plugin_api``; bumped only for changes that break plugins."""


class Operation(enum.StrEnum):
    """Operations of the canonical API."""

    CREATE_CUSTOMER = "customers.create"


class Capability(enum.StrEnum):
    """How a connector performs an operation."""

    REMOTE = "remote"
    """Calls the processor over HTTP."""
    LOCAL = "local"
    """Computes the answer locally; makes no request."""
    UNSUPPORTED = "unsupported"
    """Cannot do it: the core raises NotSupportedError without touching the network."""


@dataclass(frozen=True, slots=True)
class Idempotency:
    """How the processor takes an idempotency key."""

    location: Literal["header", "body", "local"]
    """Where the key goes: an HTTP header, a field of the (JSON) body, or nowhere on the wire
    (a LOCAL operation that honours keys itself)."""
    name: str
    """The header name (``Idempotency-Key``) or the body field name (``idempotency_key``)."""
    max_length: int
    """The longest key the processor accepts."""

    def key_in(self, request: HttpRequest) -> str | None:
        """The key ``request`` carries where this declaration says (header, or a top-level field
        of a JSON or form body), or None. The core checks every built request with it."""
        if self.location == "header":
            found = request.headers.get(self.name)  # spelled as declared: the usual case
            if found is not None:
                return found
            wanted = self.name.lower()
            return next((v for k, v in request.headers.items() if k.lower() == wanted), None)
        if self.location == "body":
            try:
                import json  # here, not at module level: listing connectors never needs it

                data: Any = json.loads(request.body)
            except (ValueError, RecursionError):
                data = dict(parse_qsl(request.body.decode("utf-8", "replace")))
            value = data.get(self.name) if isinstance(data, dict) else None
            return value if isinstance(value, str) else None
        return None

    def new_key(self) -> str:
        """A fresh random key that fits ``max_length`` (a UUID where it fits)."""
        key = random_uuid()
        return key if len(key) <= self.max_length else key.replace("-", "")[: self.max_length]


class Credentials(BaseModel):
    """Base of a connector's credentials model. Declare secret fields as ``SecretStr``.

    Values come from the host (``credentials={...}``) or from ``PAYWIRE_<CONNECTOR>_<FIELD>``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True, defer_build=True)


class NoCredentials(Credentials):
    """For connectors that need none."""


@dataclass(frozen=True, slots=True)
class ConnectorInfo:
    """Everything a connector declares, returned by its ``paywire_connector`` hook."""

    name: str
    """The connector's name: equal to its entry-point name (``stripe``)."""
    display_name: str
    """Human name (``Stripe``)."""
    credentials: type[Credentials]
    """Model the host's credentials are validated against when a client is built."""
    operations: Mapping[Operation, Capability]
    """Per operation: REMOTE, LOCAL or UNSUPPORTED. An operation not listed is UNSUPPORTED."""
    idempotency: Idempotency | None = None
    """How the processor honours idempotency keys; None if it does not (no ambiguous retries)."""
    base_url: str | None = None
    """Default base URL; None when the connector derives it from the credentials."""
    auth_headers: frozenset[str] = frozenset({"authorization"})
    """Lower-case header names that carry credentials: the only place secrets may appear."""
    unsupported_fields: frozenset[str] = frozenset()
    """Dotted canonical fields the connector cannot carry and rejects (never drops silently)."""
    request_id_header: str | None = None
    """Response header holding the processor's request id (``request-id``)."""
    plugin_api: tuple[int, int] = (1, 1)
    """Inclusive range of core plugin-API versions this plugin supports."""
    docs_url: str | None = None

    def capability(self, operation: Operation) -> Capability:
        return self.operations.get(operation, Capability.UNSUPPORTED)


@dataclass(frozen=True, slots=True)
class OperationContext:
    """Per-call facts the core hands to a connector's hooks."""

    connector: str
    operation: Operation
    base_url: str | None
    """The client's ``base_url=`` if given, else ``ConnectorInfo.base_url``."""
    idempotency_key: str
    """The key of this call: the same on every retry."""
    attempt: int = 1
    """1 for the first try, 2 for the first retry..."""
    extras: Mapping[str, str] = field(default_factory=dict)
    """Connector options given to the client (``options=``), e.g. an API version override."""
