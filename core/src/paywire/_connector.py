"""What a connector declares about itself, and the context the core hands to its hooks.

A connector holds only what is true of its processor; everything a connector would otherwise
repeat is declared here and carried out by the core: options (``Option``), where the idempotency
key travels (``Idempotency``), which canonical fields the processor cannot hold or holds only in
part (``unsupported_fields``, ``limits``), where secrets travel (``auth_headers``,
``auth_body_fields``), whether a token is obtained by exchange (``token``), and where each
canonical field lands on the wire (``fields``, checked by the harness and printed in READMEs).
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, SecretStr

__all__ = [
    "PLUGIN_API_VERSION",
    "AccessToken",
    "Capability",
    "ConnectorInfo",
    "Credentials",
    "EnvironmentCredentials",
    "FieldMap",
    "Idempotency",
    "Limit",
    "NoCredentials",
    "Operation",
    "OperationContext",
    "Option",
]

PLUGIN_API_VERSION = 2
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


IdempotencyKind = Literal["header", "body", "local", "natural", "none"]


@dataclass(frozen=True, slots=True)
class Idempotency:
    """How the processor recognises a repeated request, which decides when a retry is safe.

    - ``header``: the core sends the call's key in the header ``name``;
    - ``body``: the core puts the call's key in the top-level field ``name`` of the JSON body;
    - ``local``: a LOCAL operation that honours keys itself;
    - ``natural``: no key on the wire, but the processor refuses a second profile with the same
      ``natural_key`` (canonical fields) and names the existing one: the connector's error hook
      returns ``ErrorCode.DUPLICATE`` with ``duplicate_of`` set, and the core returns that
      profile when it answers a retry of the same call (only when the request holds every field
      of ``natural_key``: otherwise an ambiguous failure is not retried);
    - ``none``: nothing; an ambiguous failure is never retried and raises ``OutcomeUnknownError``.
    """

    kind: IdempotencyKind
    name: str = ""
    """The header name (``Idempotency-Key``) or the JSON body field (``request_id``)."""
    max_length: int = 255
    """The longest key the processor accepts (the core refuses longer keys a caller gives)."""
    natural_key: tuple[str, ...] = ()
    """``natural``: the canonical fields the processor recognises a duplicate by."""
    replays: bool = True
    """``header``/``body``: a repeated key gets the first result back. False: the processor refuses
    a repeat instead (Airwallex's ``duplicate_request``): a retry never creates a second customer,
    but after an ambiguous failure the caller learns the outcome by looking the customer up."""

    @classmethod
    def header(cls, name: str, max_length: int = 255, *, replays: bool = True) -> Idempotency:
        return cls("header", name, max_length, replays=replays)

    @classmethod
    def body(cls, name: str, max_length: int = 255, *, replays: bool = True) -> Idempotency:
        return cls("body", name, max_length, replays=replays)

    @classmethod
    def local(cls, max_length: int = 255) -> Idempotency:
        return cls("local", "", max_length)

    @classmethod
    def natural(cls, *fields: str) -> Idempotency:
        return cls("natural", "", 255, tuple(fields))

    @classmethod
    def none(cls) -> Idempotency:
        return cls("none")

    @property
    def on_the_wire(self) -> bool:
        """The key itself travels to the processor (header or body)."""
        return self.kind in ("header", "body")

    def new_key(self) -> str:
        """A fresh random key that fits ``max_length`` (a UUID where it fits)."""
        key = str(uuid.uuid4())
        return key if len(key) <= self.max_length else key.replace("-", "")[: self.max_length]


@dataclass(frozen=True, slots=True)
class Option:
    """A client option a connector understands (``paywire.Client(..., options={name: value})``).

    The core checks every option once, when the client is built, and hands the connector the
    values (defaults filled in) as ``context.options``. With ``header`` set, the core also sends
    the value in that header on every request: the way to pin a processor's API version.
    """

    name: str
    default: str
    pattern: str | None = None
    """A regular expression the whole value must match."""
    help: str = ""
    """What the option means and what a valid value looks like (shown in errors)."""
    header: str | None = None
    """Sent as this request header on every request (``Stripe-Version``)."""

    def check(self, value: object) -> str | None:
        """Why ``value`` is not valid for this option, or None."""
        if not isinstance(value, str) or not value:
            return "must be a non-empty string"
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            return f"not valid{f': {self.help}' if self.help else ''}"
        return None


@dataclass(frozen=True, slots=True)
class Limit:
    """What the processor holds of a canonical field, enforced by the core before any hook runs.

    For a text field ``max_length`` bounds its length; for ``preferred_locales`` ``max_items``
    bounds the list (and ``max_length`` each tag); for ``metadata`` ``max_items`` bounds the
    pairs, ``key_max_length`` each key and ``max_length`` each value. The harness generates and
    replays within these limits.
    """

    max_length: int | None = None
    max_items: int | None = None
    key_max_length: int | None = None


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Where a canonical field lands on the wire: one or more body locations.

    A location is a dotted path into a JSON body (``entity.personal_address.line1``, list items by
    index: ``shipToList.0.city``) or a key of a form body (``address[line1]``); ``{key}`` stands
    for each key of a mapping field (``metadata[{key}]``), ``{index}`` for the position of each
    item of a list field (``preferred_locales[{index}]``). The harness builds requests holding the
    field (with ``with_fields``, which the processor needs beside it) and checks that
    ``convert(value)`` is there: equal to the value at the one location, or to the values of
    several locations joined with ``join``; with ``contains``, inside it (a name joined with
    another field).
    """

    locations: tuple[str, ...]
    join: str = ""
    contains: bool = False
    convert: Callable[[str], str] | None = None
    with_fields: tuple[str, ...] = ()
    """Canonical fields the processor needs beside this one (a shipping name with a street)."""
    note: str = ""
    """Shown in the README's mapping table (``when customer_name is absent``)."""

    @classmethod
    def to(
        cls,
        *locations: str,
        join: str = "",
        contains: bool = False,
        convert: Callable[[str], str] | None = None,
        with_fields: tuple[str, ...] = (),
        note: str = "",
    ) -> FieldMap:
        return cls(tuple(locations), join, contains, convert, with_fields, note)


class Credentials(BaseModel):
    """Base of a connector's credentials model. Declare secret fields as ``SecretStr``.

    Values come from the host (``credentials={...}``) or from ``PAYWIRE_<CONNECTOR>_<FIELD>``.
    Give each field ``examples=[...]`` (``Field(examples=["sk_test_..."])``): the harness builds
    its fake credentials from the first example. Override ``live`` to say whether the credentials
    reach the processor's live environment: the core refuses them under ``test_mode``, picks the
    test base URL for the others, and ``paywire-harness record`` refuses to record with them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True, defer_build=True)

    @property
    def live(self) -> bool:
        """True for credentials of the processor's live (production) environment."""
        return False


class NoCredentials(Credentials):
    """For connectors that need none."""


class EnvironmentCredentials(Credentials):
    """Base for credentials whose keys do not say which environment they reach (Square,
    Authorize.net, Braintree, Airwallex...): ``environment`` does, ``sandbox`` unless set
    (``PAYWIRE_<CONNECTOR>_ENVIRONMENT=production``), so a forgotten setting fails safe. With
    ``ConnectorInfo.base_url`` the production host and ``test_base_url`` the sandbox one, the
    core picks the host and refuses ``test_mode`` against production."""

    environment: Literal["sandbox", "production"] = "sandbox"

    @property
    def live(self) -> bool:
        return self.environment == "production"


@dataclass(frozen=True, slots=True)
class AccessToken:
    """A token obtained by exchange (``paywire_token_response``): the secret and its expiry.

    ``expires_in`` is in seconds from when the reply arrived; None: the processor did not say,
    and the core keeps the token until the processor refuses it.
    """

    value: SecretStr
    expires_in: float | None = None


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
    idempotency: Idempotency = field(default_factory=Idempotency.none)
    """How the processor recognises a repeated request (decides when an ambiguous retry is safe)."""
    base_url: str | None = None
    """The processor's base URL (scheme, host, port); ``{field}`` is filled from the credentials."""
    test_base_url: str | None = None
    """The base URL for credentials that are not ``live``, when the processor has a separate host."""
    auth_headers: frozenset[str] = frozenset({"authorization"})
    """Lower-case names of the request headers that carry credentials or tokens."""
    auth_body_fields: frozenset[str] = frozenset()
    """Dotted JSON paths of the body fields that carry credentials (Authorize.net's
    ``createCustomerProfileRequest.merchantAuthentication.transactionKey``)."""
    token: bool = False
    """The processor wants a token obtained by exchange (``paywire_token_request``/``_response``):
    the core gets one before the first call, caches it and renews it."""
    options: Sequence[Option] = ()
    """Client options this connector understands."""
    unsupported_fields: frozenset[str] = frozenset()
    """Dotted canonical fields the processor cannot hold: the core refuses a request setting one."""
    limits: Mapping[str, Limit] = field(default_factory=dict)
    """Canonical field -> what the processor holds of it, enforced by the core before any hook."""
    fields: Mapping[str, FieldMap] = field(default_factory=dict)
    """Canonical field -> where it lands on the wire (every field not unsupported should be here)."""
    request_id_header: str | None = None
    """Response header holding the processor's request id (``request-id``)."""
    plugin_api: tuple[int, int] = (PLUGIN_API_VERSION, PLUGIN_API_VERSION)
    """Inclusive range of core plugin-API versions this plugin supports."""
    docs_url: str | None = None

    def capability(self, operation: Operation) -> Capability:
        return self.operations.get(operation, Capability.UNSUPPORTED)

    def base_url_for(self, credentials: Credentials) -> str | None:
        """The default base URL for ``credentials``: the test host for test credentials, when there
        is one, with ``{field}`` placeholders filled from the credentials' plain fields.

        A placeholder that is the first label of the host (``https://{prefix}.api.checkout.com``)
        is optional: when its field is unset (None or empty), it is left out with its dot
        (``https://api.checkout.com``)."""
        url = self.base_url if credentials.live or self.test_base_url is None else self.test_base_url
        if url is None or "{" not in url:
            return url
        values = {name: getattr(credentials, name) for name in type(credentials).model_fields}
        for name, value in values.items():
            if value is None or value == "":
                url = url.replace(f"://{{{name}}}.", "://")
        return url.format_map({k: v for k, v in values.items() if isinstance(v, str)})


@dataclass(frozen=True, slots=True)
class OperationContext:
    """Per-call facts the core hands to a connector's hooks."""

    connector: str
    operation: Operation
    base_url: str
    """The client's ``base_url=`` if given, else the connector's (``ConnectorInfo.base_url_for``)."""
    idempotency_key: str
    """The key of this call: the same on every retry."""
    attempt: int = 1
    """1 for the first try, 2 for the first retry..."""
    options: Mapping[str, str] = field(default_factory=dict)
    """The client's options, every declared option present (defaults filled in)."""
    token: SecretStr | None = None
    """The access token of this attempt, for connectors that declare ``token=True``."""
