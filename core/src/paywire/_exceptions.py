"""The paywire exception tree and the canonical error codes.

    PaywireError                      every error paywire raises (``.code`` is an ErrorCode)
    ├── InvalidRequestError           canonical input rejected before any network call (``.field_errors``)
    ├── ConfigurationError            the client is misconfigured: unknown connector, bad credentials
    ├── NotSupportedError             the connector cannot do this operation; nothing was sent
    ├── PluginError                   a plugin failed to load or misbehaved (``.plugin``)
    └── ConnectorError                the processor, or the way to it, answered with an error
        └── OutcomeUnknownError       the request may have reached the processor and could not
                                      be retried safely: reconcile with ``.idempotency_key``

No exception carries a credential or an input value: messages name fields, never their contents.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._models import CreateCustomerRequest, ErrorInfo

__all__ = [
    "ConfigurationError",
    "ConnectorError",
    "ErrorCode",
    "FieldError",
    "FieldErrors",
    "InvalidRequestError",
    "NotSupportedError",
    "OutcomeUnknownError",
    "PaywireError",
    "PluginError",
]


class ErrorCode(enum.StrEnum):
    """Canonical error codes, the same for every connector."""

    INVALID_REQUEST = "invalid_request"
    """The input was rejected, by paywire before sending or by the processor."""
    CONFIGURATION_ERROR = "configuration_error"
    """The client is misconfigured (unknown connector, missing or malformed credentials)."""
    AUTHENTICATION_FAILED = "authentication_failed"
    """The processor did not accept the credentials (HTTP 401)."""
    PERMISSION_DENIED = "permission_denied"
    """The credentials lack permission for this operation (HTTP 403)."""
    NOT_FOUND = "not_found"
    """The processor does not know the resource or endpoint (HTTP 404)."""
    PAYMENT_REQUIRED = "payment_required"
    """The processor refused the request for a business reason (HTTP 402)."""
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    """The idempotency key was used with a different request, or is still in flight."""
    DUPLICATE = "duplicate"
    """The processor already holds this profile (``ConnectorError.duplicate_of`` names it)."""
    RATE_LIMITED = "rate_limited"
    """Too many requests (HTTP 429)."""
    PROCESSOR_UNAVAILABLE = "processor_unavailable"
    """The processor failed or is down (HTTP 5xx)."""
    PROCESSOR_ERROR = "processor_error"
    """Any other error reply of the processor."""
    TIMEOUT = "timeout"
    """No answer in time (connect, write, read or overall deadline)."""
    NETWORK_ERROR = "network_error"
    """The connection failed or broke."""
    UNPARSEABLE_RESPONSE = "unparseable_response"
    """The processor's reply could not be understood (not JSON, truncated, oversized...)."""
    NOT_SUPPORTED = "not_supported"
    """The connector does not support the operation."""
    PLUGIN_ERROR = "plugin_error"
    """A plugin failed to load or misbehaved."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid field: its dotted path (``address.billing_address.zip_code``) and why."""

    field: str
    message: str
    type: str = "value_error"

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class PaywireError(Exception):
    """Base class of every error paywire raises."""

    code: ErrorCode = ErrorCode.PROCESSOR_ERROR
    idempotency_key: str | None = None
    """The idempotency key of the call that failed, when the call got that far."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _FieldErrors(PaywireError):
    def __init__(self, message: str, field_errors: Sequence[FieldError] = ()) -> None:
        self.field_errors: tuple[FieldError, ...] = tuple(field_errors)
        if self.field_errors:
            lines = "\n".join(f"  {e}" for e in self.field_errors)
            message = f"{message}\n{lines}"
        super().__init__(message)

    @property
    def fields(self) -> tuple[str, ...]:
        """The dotted paths of the invalid fields."""
        return tuple(e.field for e in self.field_errors)


class InvalidRequestError(_FieldErrors, ValueError):
    """Canonical input was rejected before anything was sent. ``field_errors`` says where."""

    code = ErrorCode.INVALID_REQUEST


class FieldErrors:
    """Collects what is wrong with a request while a connector checks it, to report it all at once.

    errors = paywire.FieldErrors("Stripe")
    errors.max_length("customer_name", name, 256)
    errors.add("address.billing_address.line3", "Stripe addresses have two lines", "not_supported")
    errors.raise_if_any()        # InvalidRequestError naming every field, or nothing
    """

    def __init__(self, processor: str) -> None:
        self.processor = processor
        self.items: list[FieldError] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, field: str, message: str, type: str = "value_error") -> None:
        """Record that the dotted canonical ``field`` is wrong, and why (never quoting its value)."""
        self.items.append(FieldError(field, message, type))

    def max_length(self, field: str, value: str | None, limit: int) -> None:
        """Record ``field`` if ``value`` is longer than the processor's ``limit``."""
        if value is not None and len(value) > limit:
            self.add(field, f"{self.processor} accepts at most {limit} characters", "string_too_long")

    def raise_if_any(self) -> None:
        """Raise ``InvalidRequestError`` with every recorded field, if any was recorded."""
        if self.items:
            raise InvalidRequestError(f"invalid request for {self.processor}", self.items)


class ConfigurationError(_FieldErrors, ValueError):
    """The client cannot be built: unknown connector, missing or malformed credentials."""

    code = ErrorCode.CONFIGURATION_ERROR


class NotSupportedError(PaywireError):
    """The connector does not support this operation; no request was made."""

    code = ErrorCode.NOT_SUPPORTED

    def __init__(self, message: str, *, connector: str, operation: str) -> None:
        super().__init__(message)
        self.connector = connector
        self.operation = operation


class PluginError(PaywireError):
    """A plugin failed to load, or one of its hooks raised or returned the wrong thing."""

    code = ErrorCode.PLUGIN_ERROR

    def __init__(self, message: str, *, plugin: str) -> None:
        super().__init__(f"plugin {plugin!r}: {message}")
        self.plugin = plugin


class ConnectorError(PaywireError):
    """The processor, or the network on the way to it, answered with an error.

    ``code`` is canonical; ``connector_code``/``connector_message`` are the processor's own,
    ``status_code`` the HTTP status (None when no reply arrived), ``request_id`` the processor's
    request id for support, ``param`` the processor's name of the offending parameter.
    ``retryable`` is the processor's hint (None: no hint) and ``retry_after`` its requested delay.
    ``duplicate_of`` is the processor's id of the existing profile a ``DUPLICATE`` error names.
    """

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        connector: str = "",
        connector_code: str | None = None,
        connector_message: str | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        param: str | None = None,
        retryable: bool | None = None,
        retry_after: float | None = None,
        idempotency_key: str | None = None,
        details: Mapping[str, str] | None = None,
        duplicate_of: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.connector = connector
        self.connector_code = connector_code
        self.connector_message = connector_message
        self.status_code = status_code
        self.request_id = request_id
        self.param = param
        self.retryable = retryable
        self.retry_after = retry_after
        self.idempotency_key = idempotency_key
        self.details: dict[str, str] = dict(details or {})
        self.duplicate_of = duplicate_of

    def __str__(self) -> str:
        parts = [f"[{self.code}]"]
        if self.connector:
            parts.append(f"{self.connector}:")
        parts.append(self.message)
        extra = []
        if self.status_code is not None:
            extra.append(f"HTTP {self.status_code}")
        if self.connector_code:
            extra.append(f"code={self.connector_code}")
        if self.param:
            extra.append(f"param={self.param}")
        if self.request_id:
            extra.append(f"request_id={self.request_id}")
        if extra:
            parts.append(f"({', '.join(extra)})")
        return " ".join(parts)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code.value!r}, connector={self.connector!r}, "
            f"status_code={self.status_code!r}, connector_code={self.connector_code!r}, "
            f"request_id={self.request_id!r})"
        )

    @property
    def error_info(self) -> ErrorInfo:
        """The error in the seed's ``ErrorInfo`` shape."""
        from ._models import ConnectorErrorDetails, ErrorInfo, UnifiedErrorDetails

        return ErrorInfo(
            unified_details=UnifiedErrorDetails(code=self.code.value, message=self.message),
            connector_details=ConnectorErrorDetails(
                code=self.connector_code, message=self.connector_message, reason=self.param
            ),
        )


class OutcomeUnknownError(ConnectorError):
    """The request may have reached the processor, and retrying it was not safe or not possible.

    The processor may or may not have acted. Reconcile before creating anything again: retry the
    call with the same ``idempotency_key`` where the processor honours keys; otherwise look the
    customer up at the processor with what ``request`` (the canonical request sent) holds.
    """

    request: CreateCustomerRequest | None = None
    """The canonical request whose outcome is unknown (personal fields masked when printed)."""
