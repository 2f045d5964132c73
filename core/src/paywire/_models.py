"""Canonical models: the seed's CustomerService messages, field for field, validated.

Fields the seed marks ``SecretString`` are pydantic ``SecretStr`` here (read them with
``.get_secret_value()``); other personal data (name, phone, metadata) is masked in ``repr()``.
Every model forbids unknown fields and never echoes an input value in a validation error.
"""

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, TypeVar

import pydantic
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, SecretStr

from ._exceptions import FieldError, InvalidRequestError
from ._validators import (
    check_country,
    check_e164,
    check_email,
    check_locale,
    check_no_control_chars,
    check_phone_country_code,
)

__all__ = [
    "Address",
    "CanonicalModel",
    "ConnectorErrorDetails",
    "CreateCustomerRequest",
    "CreateCustomerResponse",
    "ErrorInfo",
    "IssuerErrorDetails",
    "NetworkErrorDetails",
    "PaymentAddress",
    "TextLength",
    "UnifiedErrorDetails",
    "field_errors_from",
    "plain",
    "validate_model",
]

MASK = "***"


@dataclass(frozen=True, slots=True)
class TextLength:
    """A text rule: ``min`` to ``max`` characters, no control characters. The bounds are data, so
    the harness's strategies read them from the models instead of restating them."""

    min: int
    max: int

    def __call__(self, value: str) -> str:
        if not self.min <= len(value) <= self.max:
            raise ValueError(f"must be {self.min} to {self.max} characters long")
        return check_no_control_chars(value)


@dataclass(frozen=True, slots=True)
class OnSecret:
    """Apply a text rule to the text of a ``SecretStr``."""

    rule: Callable[[str], str]

    def __call__(self, value: SecretStr) -> SecretStr:
        self.rule(value.get_secret_value())
        return value


def _digits(value: str) -> str:
    if not (value.isascii() and value.isdigit() and 4 <= len(value) <= 15):
        raise ValueError("must be 4 to 15 digits, without the country code")
    return value


Text256 = Annotated[str, AfterValidator(TextLength(1, 256))]
"""Plain text, 1 to 256 characters, no control characters."""
SecretText = Annotated[SecretStr, AfterValidator(OnSecret(TextLength(1, 256)))]
"""Personal text (masked when printed), 1 to 256 characters, no control characters."""
SecretEmail = Annotated[SecretStr, AfterValidator(OnSecret(check_email))]
"""An e-mail address (masked when printed)."""
Phone = Annotated[str, AfterValidator(check_e164)]
"""An E.164 phone number such as +14155550100."""
Country = Annotated[str, AfterValidator(check_country)]
"""An ISO 3166-1 alpha-2 country code, normalised to upper case."""
Locale = Annotated[str, AfterValidator(check_locale)]
MetadataKey = Annotated[str, AfterValidator(TextLength(1, 40))]
MetadataValue = Annotated[str, AfterValidator(TextLength(0, 500))]


class CanonicalModel(BaseModel):
    """Base of the canonical models: frozen, strict about unknown fields, discreet when printed."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        hide_input_in_errors=True,
        str_strip_whitespace=False,
        defer_build=True,
    )

    personal_fields: ClassVar[frozenset[str]] = frozenset()
    """Fields holding personal data: shown as '***' by repr() when set."""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, value in super().__repr_args__():
            if name in self.personal_fields and value is not None and value != {}:
                yield name, MASK
            else:
                yield name, value


class Address(CanonicalModel):
    """A postal address (the seed's ``Address``); every part optional."""

    personal_fields = frozenset(
        {"first_name", "last_name", "line1", "line2", "line3", "city", "state", "zip_code", "email", "phone_number"}
    )

    first_name: SecretText | None = None
    last_name: SecretText | None = None
    line1: SecretText | None = None
    line2: SecretText | None = None
    line3: SecretText | None = None
    city: SecretText | None = None
    state: SecretText | None = None
    zip_code: SecretText | None = None
    country_alpha2_code: Country | None = None
    email: SecretEmail | None = None
    phone_number: Annotated[SecretStr, AfterValidator(OnSecret(_digits))] | None = None
    phone_country_code: Annotated[str, AfterValidator(check_phone_country_code)] | None = None


class PaymentAddress(CanonicalModel):
    """Billing and shipping addresses (the seed's ``PaymentAddress``)."""

    billing_address: Address | None = None
    shipping_address: Address | None = None


class CreateCustomerRequest(CanonicalModel):
    """Create a customer profile at a processor (the seed's ``CustomerServiceCreateRequest``).

    Every field is optional; a processor may need some of them. ``description`` and
    ``preferred_locales`` extend the seed (Stripe, Square and others hold them).
    """

    personal_fields = frozenset({"customer_name", "phone_number", "metadata", "connector_feature_data"})

    merchant_customer_id: Text256 | None = None
    """Your own id for this customer, echoed back on the response."""
    customer_name: Text256 | None = None
    email: SecretEmail | None = None
    phone_number: Phone | None = None
    description: Annotated[str, AfterValidator(TextLength(0, 5000))] | None = None
    preferred_locales: Annotated[tuple[Locale, ...], Field(max_length=10)] = ()
    address: PaymentAddress | None = None
    metadata: Annotated[dict[MetadataKey, MetadataValue], Field(max_length=50)] = Field(default_factory=dict)
    """Your own key/value pairs: at most 50, keys 1-40 characters, values at most 500."""
    connector_feature_data: dict[str, JsonValue] | None = None
    """Connector-specific passthrough; each connector documents what it accepts."""
    test_mode: bool | None = None
    """True: the connector must refuse live credentials."""


class CreateCustomerResponse(CanonicalModel):
    """The processor's answer (the seed's ``CustomerServiceCreateResponse``)."""

    merchant_customer_id: str | None = None
    """The caller's own id, echoed from the request."""
    connector_customer_id: Annotated[str, Field(min_length=1)]
    """The processor's id for the customer, e.g. Stripe's ``cus_...``: store it."""
    status_code: int = 200
    """HTTP status of the processor's answer (200 for a locally computed answer)."""
    response_headers: dict[str, str] = Field(default_factory=dict)
    connector: str = ""
    """The connector that answered."""
    idempotency_key: str | None = None
    """The idempotency key this call used (also on errors), for reconciliation."""


class UnifiedErrorDetails(CanonicalModel):
    code: str | None = None
    message: str | None = None
    description: str | None = None
    user_guidance_message: str | None = None


class ConnectorErrorDetails(CanonicalModel):
    code: str | None = None
    message: str | None = None
    reason: str | None = None
    connector_transaction_id: str | None = None


class NetworkErrorDetails(CanonicalModel):
    advice_code: str | None = None
    decline_code: str | None = None
    error_message: str | None = None


class IssuerErrorDetails(CanonicalModel):
    code: str | None = None
    message: str | None = None
    network_details: NetworkErrorDetails | None = None


class ErrorInfo(CanonicalModel):
    """The seed's ``ErrorInfo``: canonical, issuer and connector views of one error."""

    unified_details: UnifiedErrorDetails | None = None
    issuer_details: IssuerErrorDetails | None = None
    connector_details: ConnectorErrorDetails | None = None


def field_errors_from(exc: pydantic.ValidationError, model: type[BaseModel] | None = None) -> list[FieldError]:
    """Turn a pydantic error into paywire ``FieldError``s, without input values.

    For an unknown field the message suggests the closest known field name.
    """
    out: list[FieldError] = []
    for err in exc.errors(include_input=False, include_url=False, include_context=False):
        path = ".".join(str(p) for p in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown field"
            if model is not None and len(err["loc"]) == 1:
                close = difflib.get_close_matches(str(err["loc"][0]), list(model.model_fields), n=1)
                if close:
                    message += f" (did you mean {close[0]!r}?)"
        out.append(FieldError(path, message, err["type"]))
    return out


def plain(value: SecretStr | str | None) -> str | None:
    """The text of a canonical value, ``SecretStr`` or ``str`` (None stays None)."""
    if value is None:
        return None
    return value.get_secret_value() if isinstance(value, SecretStr) else value


M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M],
    data: Mapping[str, Any] | M,
    *,
    error: type[InvalidRequestError] | Any = InvalidRequestError,
    what: str = "invalid request",
) -> M:
    """Validate ``data`` as ``model``; raise ``error`` (a paywire field-errors class) naming each field."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise error(what, field_errors_from(exc, model)) from None
