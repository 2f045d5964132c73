"""Hypothesis strategies for the canonical models and for whatever a processor may answer.

Plain hypothesis, field by field, so hypothesis shrinks a failing request to the fewest and
shortest fields. Text bounds are read from the canonical models themselves (their ``TextLength``
rules and container limits), so a change of the models changes what is generated; e-mails,
E.164 numbers, countries and locales are generated to the models' validators, which
``st.builds(Model)`` would ignore. Every value produced validates; strings reach well outside
ASCII and hit their limits exactly.
"""

from __future__ import annotations

import json
import typing
from typing import Any

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel

import paywire

__all__ = [
    "address_part",
    "bodies",
    "countries",
    "create_customer_request_dicts",
    "create_customer_requests",
    "emails",
    "http_responses",
    "idempotency_keys",
    "json_values",
    "locales",
    "metadata",
    "phone_numbers",
    "request_field",
    "response_headers",
    "status_codes",
    "success_responses",
    "text",
    "text_bounds",
    "unreadable_bodies",
]

HUGE_BODY_LIMIT = 4 * 1024 * 1024
"""The largest response body generated (bytes)."""
EMAIL_MAX = 254
"""The longest e-mail address the canonical models accept (the WHATWG rule, ``check_email``)."""


def _rules(annotation: Any) -> list[Any]:
    """Every metadata object of an annotation, through ``Optional``, ``Annotated`` and validators."""
    found: list[Any] = []
    for arg in typing.get_args(annotation):
        found += _rules(arg)
    for item in getattr(annotation, "__metadata__", ()):
        found.append(item)
        func = getattr(item, "func", None)  # AfterValidator(rule)
        found += [func, getattr(func, "rule", None)]
    return [item for item in found if item is not None]


def text_bounds(model: type[BaseModel], name: str) -> tuple[int, int]:
    """``(min, max)`` characters of text field ``name`` of ``model``, as its ``TextLength`` says."""
    for rule in _rules(model.model_fields[name].annotation):
        if isinstance(getattr(rule, "min", None), int) and isinstance(getattr(rule, "max", None), int):
            return rule.min, rule.max
    raise LookupError(f"{model.__name__}.{name} declares no text length")


def _container_max(model: type[BaseModel], name: str) -> int:
    info = model.model_fields[name]
    for rule in [*info.metadata, *_rules(info.annotation)]:
        if isinstance(rule, annotated_types.MaxLen):
            return rule.max_length
    raise LookupError(f"{model.__name__}.{name} declares no maximum size")


def _metadata_bounds() -> tuple[tuple[int, int], tuple[int, int], int]:
    """(key bounds, value bounds, most pairs) of ``CreateCustomerRequest.metadata``."""
    annotation = paywire.CreateCustomerRequest.model_fields["metadata"].annotation
    key_type, value_type = typing.get_args(annotation)
    key = next(r for r in _rules(key_type) if hasattr(r, "max"))
    value = next(r for r in _rules(value_type) if hasattr(r, "max"))
    return (key.min, key.max), (value.min, value.max), _container_max(paywire.CreateCustomerRequest, "metadata")


# Any code point but control characters and surrogates (the canonical text rule), plus a few
# hand-picked troublemakers that random draws reach rarely: combining marks, astral planes,
# right-to-left text, zero-width and line-separator characters, and the characters that form
# and JSON encoders must escape.
_CHARS = st.characters(exclude_categories=("Cc", "Cs"))
_TRICKY = st.sampled_from(
    [
        "é",
        "e\u0301",
        "ß",
        "Ñ",
        "山田",
        "Zoë",
        "😀",
        "\U0001d518",
        "עברית",
        "\u200b",
        "\u2028",
        "\ufeff",
        "&",
        "=",
        "+",
        "%",
        "[",
        "]",
        '"',
        "\\",
        "'",
        "<",
        "?",
        "#",
        "/",
        " ",
        "\u00a0",
    ]
)


def _repeat_to(seed: str, length: int) -> str:
    """``seed`` repeated and cut to exactly ``length`` code points."""
    return (seed * (length // len(seed) + 1))[:length]


def text(max_size: int, *, min_size: int = 1) -> st.SearchStrategy[str]:
    """Canonical text: ``min_size`` to ``max_size`` code points, no control characters.

    Mostly short strings of any script; sometimes exactly ``max_size`` (or ``min_size``) long.
    """
    short = st.text(_CHARS, min_size=min_size, max_size=min(max_size, 12))
    tricky = st.tuples(_TRICKY, st.text(_CHARS, max_size=6), _TRICKY).map(lambda t: "".join(t)[:max_size])
    at_limit = st.text(_CHARS, min_size=1, max_size=3).map(lambda seed: _repeat_to(seed, max_size))
    return st.one_of(short, short, tricky, at_limit)


_LOCAL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-"
_LABEL_EDGE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@st.composite
def _labels(draw: st.DrawFn) -> str:
    """One domain label: alphanumeric at both ends, hyphens inside, 1 to 63 characters."""
    first = draw(st.sampled_from(_LABEL_EDGE))
    if draw(st.integers(0, 7)) == 7:  # the longest label the WHATWG grammar allows (shrinks away)
        return first + "-" * 61 + draw(st.sampled_from(_LABEL_EDGE))
    inner = draw(st.text(_LABEL_EDGE + "-", max_size=6))
    return first + inner + draw(st.sampled_from(_LABEL_EDGE)) if inner else first


@st.composite
def emails(draw: st.DrawFn) -> str:
    """A WHATWG "valid e-mail address" (what the core accepts), sometimes exactly 254 long."""
    domain = ".".join(draw(st.lists(_labels(), min_size=2, max_size=3)))  # at most 191 characters
    local = draw(st.text(_LOCAL_CHARS, min_size=1, max_size=10))
    if draw(st.integers(0, 7)) == 7:  # exactly the longest address (shrinks away)
        local = _repeat_to(local, EMAIL_MAX - 1 - len(domain))
    return f"{local}@{domain}"


CALLING_CODES: tuple[str, ...] = tuple(sorted(paywire.CALLING_CODES, key=lambda c: (len(c), c)))


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """E.164: '+', an assigned country calling code, 8 to 15 digits in all."""
    code = draw(st.sampled_from(CALLING_CODES))
    rest = draw(_digits(max(7 - len(code), 1), 15 - len(code)))
    return f"+{code}{rest}"


@st.composite
def calling_codes(draw: st.DrawFn) -> str:
    """A country calling code as the canonical address writes it: ``+1``, ``+44``."""
    return "+" + draw(st.sampled_from(CALLING_CODES))


def _digits(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=min_size, max_size=max_size)


COUNTRIES: tuple[str, ...] = tuple(sorted(paywire.ISO_3166_ALPHA2))


def countries() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes, in either case (the model upper-cases them)."""
    return st.tuples(st.sampled_from(COUNTRIES), st.booleans()).map(lambda t: t[0].lower() if t[1] else t[0])


_LOCALE_ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@st.composite
def _random_locale(draw: st.DrawFn) -> str:
    lang = draw(st.text(_LOCALE_ALPHA, min_size=2, max_size=3))
    subtags = draw(st.lists(st.text(_LOCALE_ALPHA + "0123456789", min_size=2, max_size=8), max_size=2))
    sep = draw(st.sampled_from("-_"))
    return sep.join([lang, *subtags])


def locales() -> st.SearchStrategy[str]:
    """BCP 47 style tags: common real ones and any the core's grammar accepts."""
    real = st.sampled_from(["en", "en-US", "fr", "fr-CA", "de-DE", "pt_BR", "zh-Hant-TW", "ja", "es-419", "nb"])
    return st.one_of(real, _random_locale())


@st.composite
def metadata(draw: st.DrawFn, max_pairs: int | None = None) -> dict[str, str]:
    """Pairs within the model's bounds (or ``max_pairs``); sometimes exactly the most pairs."""
    (_, key_max), (value_min, value_max), most = _metadata_bounds()
    most = most if max_pairs is None else min(most, max_pairs)
    values = text(value_max, min_size=value_min)
    if most and draw(st.integers(0, 15)) == 15:  # exactly the most pairs (shrinks away)
        stem = draw(text(key_max - 2))[: key_max - 2]
        value = draw(values)
        return {f"{stem}{i:02d}": value for i in range(most)}
    return draw(st.dictionaries(text(key_max), values, max_size=min(4, most)))


_ADDRESS_TEXT = ("first_name", "last_name", "line1", "line2", "line3", "city", "state", "zip_code")


def _address_fields() -> dict[str, st.SearchStrategy[Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {
        name: text(text_bounds(paywire.Address, name)[1]) for name in _ADDRESS_TEXT
    }
    return fields | {
        "country_alpha2_code": countries(),
        "email": emails(),
        "phone_number": _digits(4, 15),
        "phone_country_code": calling_codes(),
    }


def address_part(name: str) -> st.SearchStrategy[Any]:
    """Values of one ``Address`` part, as ``addresses()`` draws them."""
    return _address_fields()[name]


def _address_dicts(*, full: bool) -> st.SearchStrategy[dict[str, Any]]:
    fields = _address_fields()
    if full:
        return st.fixed_dictionaries(fields)
    return st.fixed_dictionaries({}, optional=fields)


def addresses(*, full: bool = False) -> st.SearchStrategy[paywire.Address]:
    """``paywire.Address`` with any subset of its parts (every part when ``full``)."""
    return _address_dicts(full=full).map(paywire.Address.model_validate)


def _payment_address_dicts(*, full: bool) -> st.SearchStrategy[dict[str, Any]]:
    fields = {"billing_address": _address_dicts(full=full), "shipping_address": _address_dicts(full=full)}
    if full:
        return st.fixed_dictionaries(fields)
    return st.fixed_dictionaries({}, optional=fields)


def payment_addresses(*, full: bool = False) -> st.SearchStrategy[paywire.PaymentAddress]:
    return _payment_address_dicts(full=full).map(paywire.PaymentAddress.model_validate)


def _request_fields(*, full: bool) -> dict[str, st.SearchStrategy[Any]]:
    model = paywire.CreateCustomerRequest
    return {
        "merchant_customer_id": text(text_bounds(model, "merchant_customer_id")[1]),
        "customer_name": text(text_bounds(model, "customer_name")[1]),
        "email": emails(),
        "phone_number": phone_numbers(),
        "description": text(text_bounds(model, "description")[1]),
        "preferred_locales": st.lists(
            locales(), min_size=1 if full else 0, max_size=_container_max(model, "preferred_locales")
        ),
        "address": _payment_address_dicts(full=full),
        "metadata": metadata(),
        "test_mode": st.sampled_from([None, True, False]),
    }


def request_field(name: str) -> st.SearchStrategy[Any]:
    """Values of one top-level ``CreateCustomerRequest`` field, as ``create_customer_requests()``
    draws them (lists and maps non-empty)."""
    if name == "preferred_locales":
        return st.lists(locales(), min_size=1, max_size=_container_max(paywire.CreateCustomerRequest, name))
    if name == "metadata":
        return metadata().filter(bool)
    return _request_fields(full=False)[name]


def create_customer_request_dicts(*, full: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """The input of ``create_customer_requests``: any subset of the fields, or every field when
    ``full``. Each field is present or not on its own draw, so hypothesis shrinks a failing
    request to the fields the failure needs."""
    if full:
        return st.fixed_dictionaries(_request_fields(full=True))
    return st.fixed_dictionaries({}, optional=_request_fields(full=False))


def create_customer_requests(*, full: bool = False) -> st.SearchStrategy[paywire.CreateCustomerRequest]:
    """Valid ``CreateCustomerRequest``s: any subset of fields, or (``full=True``) every field.

    Text of any script (combining marks, astral planes, right-to-left, zero-width, characters
    form and JSON encoding must escape), every length limit hit exactly, metadata up to the most
    pairs, WHATWG e-mails, E.164 phones, either-case countries, locales. ``connector_feature_data``
    is left out: each connector documents what it accepts there.
    """
    return create_customer_request_dicts(full=full).map(paywire.CreateCustomerRequest.model_validate)


def idempotency_keys(max_length: int = 255) -> st.SearchStrategy[str]:
    """Keys the core accepts: 1 to ``max_length`` printable ASCII characters."""
    ascii_printable = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
    short = st.text(ascii_printable, min_size=1, max_size=min(max_length, 40))
    at_limit = st.text(ascii_printable, min_size=1, max_size=3).map(lambda s: _repeat_to(s, max_length))
    return st.one_of(short, short, at_limit)


# ---------------------------------------------------------------------------------------------
# Processor responses
# ---------------------------------------------------------------------------------------------

_KEYS = [
    "id",
    "object",
    "error",
    "type",
    "code",
    "message",
    "param",
    "status",
    "errorCode",
    "errorType",
    "pspReference",
    "shopperReference",
    "request_id",
    "decline_code",
    "doc_url",
    "additionalData",
    "errors",
    "detail",
    "email",
    "name",
    "metadata",
    "livemode",
    "created",
    "reason",
]

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["", "cus_123", "invalid_request_error", "000", "rate_limit"]),
)


def json_values(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    """Any JSON value, with object keys often taken from real processor replies."""
    keys = st.one_of(st.sampled_from(_KEYS), st.text(max_size=8))
    return st.recursive(
        _scalars,
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
        max_leaves=max_leaves,
    )


@st.composite
def _shaped_objects(draw: st.DrawFn) -> Any:
    """Objects shaped like processor replies whose values have random types: ``{"error": {...}}``,
    Adyen's ``ServiceError``, a customer with an ``id``."""
    inner = st.dictionaries(st.sampled_from(_KEYS), st.one_of(_scalars, json_values(6)), max_size=6)
    shape = draw(st.integers(0, 2))
    if shape == 0:
        return {"error": draw(inner)}
    if shape == 1:
        obj = draw(inner)
        obj.setdefault("errorCode", draw(_scalars))
        obj.setdefault("status", draw(st.one_of(st.integers(0, 999), _scalars)))
        return obj
    obj = draw(inner)
    obj.setdefault("id", draw(st.one_of(_scalars, json_values(4))))
    return obj


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


_HTML = [
    b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    b"<!DOCTYPE html><html><head><title>Error</title></head><body>Service Unavailable</body></html>",
    b"<html>\n<head><title>429 Too Many Requests</title></head>\n<body>nginx</body>\n</html>",
]


def _invalid_utf8() -> st.SearchStrategy[bytes]:
    """Bytes that are not UTF-8 (a stray continuation or lead byte somewhere)."""
    bad = st.sampled_from([b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])
    return st.tuples(st.binary(max_size=16), bad, st.binary(max_size=16)).map(lambda t: t[0] + t[1] + t[2])


def unreadable_bodies() -> st.SearchStrategy[bytes]:
    """Bodies nothing can read: empty, HTML, invalid UTF-8."""
    html = st.one_of(st.sampled_from(_HTML), st.text(max_size=40).map(lambda t: f"<html>{t}</html>".encode()))
    return st.one_of(st.just(b""), html, _invalid_utf8())


@st.composite
def _huge(draw: st.DrawFn) -> bytes:
    """A body of up to HUGE_BODY_LIMIT bytes: long strings, long arrays, deep nesting, or junk."""
    size = draw(st.sampled_from([64 * 1024, 1024 * 1024, HUGE_BODY_LIMIT - 64]))
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return b'{"error": {"message": "' + b"x" * size + b'"}}'
    if kind == 1:
        return b"[" + b"0," * (size // 2 - 1) + b"0]"
    if kind == 2:
        depth = min(size // 2, 200_000)
        return b"[" * depth + b"]" * depth
    if kind == 3:
        depth = min(size // 6, 100_000)
        return b'{"a":' * depth + b"1" + b"}" * depth
    return b"\xff" * size


@st.composite
def _truncated(draw: st.DrawFn) -> bytes:
    raw = _json_bytes(draw(st.one_of(_shaped_objects(), json_values())))
    if len(raw) <= 1:
        return b"{"
    return raw[: draw(st.integers(1, len(raw) - 1))]


@st.composite
def _customer_objects(draw: st.DrawFn) -> Any:
    """A successful reply: a customer id (usually a plausible string) and other fields."""
    obj = draw(st.dictionaries(st.sampled_from(_KEYS), _scalars, max_size=4))
    obj["id"] = draw(st.one_of(st.just("cus_NffrFeUfNV2Hib"), st.text(min_size=1, max_size=30), _scalars))
    return obj


def bodies() -> st.SearchStrategy[bytes]:
    """Any body a processor might send, weighted toward JSON that looks almost right."""
    shaped = _shaped_objects().map(_json_bytes)
    customers = _customer_objects().map(_json_bytes)
    random_json = json_values().map(_json_bytes)
    return st.one_of(
        shaped,
        shaped,
        customers,
        customers,
        random_json,
        _truncated(),
        unreadable_bodies(),
        st.binary(max_size=64),
        _huge(),
    )


def status_codes() -> st.SearchStrategy[int]:
    """Any HTTP status, weighted toward those processors send."""
    common = st.sampled_from([200, 201, 400, 401, 402, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504])
    return st.one_of(common, common, st.sampled_from([200, 201, 202]), st.integers(100, 599))


def error_status_codes() -> st.SearchStrategy[int]:
    """Non-2xx statuses (what the core hands to ``paywire_error``)."""
    common = st.sampled_from([400, 401, 403, 404, 429, 500, 502, 503, 504])
    return st.one_of(common, common, st.integers(100, 599).filter(lambda s: not 200 <= s < 300))


def response_headers() -> st.SearchStrategy[dict[str, str]]:
    """Lower-case header names (as the core hands them over), with odd values."""
    names = st.one_of(
        st.sampled_from(
            [
                "request-id",
                "x-request-id",
                "pspreference",
                "retry-after",
                "content-type",
                "stripe-should-retry",
                "idempotent-replayed",
                "x-api-key",
            ]
        ),
        st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12),
    )
    values = st.one_of(
        st.sampled_from(
            [
                "1",
                "0",
                "-5",
                "1e309",
                "NaN",
                "inf",
                "true",
                "false",
                "application/json",
                "text/html",
                "Wed, 21 Oct 2015 07:28:00 GMT",
                "",
                "req_123",
            ]
        ),
        st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=30),
    )
    return st.dictionaries(names, values, max_size=5)


def success_responses() -> st.SearchStrategy[paywire.HttpResponse]:
    """2xx replies holding a customer object (the case where a result must come back)."""
    return st.builds(
        paywire.HttpResponse,
        status_code=st.sampled_from([200, 201]),
        headers=response_headers(),
        body=_customer_objects().map(_json_bytes),
    )


def http_responses(
    statuses: st.SearchStrategy[int] | None = None, body: st.SearchStrategy[bytes] | None = None
) -> st.SearchStrategy[paywire.HttpResponse]:
    """``paywire.HttpResponse`` with any status, headers and body (by default a third of them
    successful replies with a customer object)."""
    anything = st.builds(
        paywire.HttpResponse,
        status_code=statuses if statuses is not None else status_codes(),
        headers=response_headers(),
        body=body if body is not None else bodies(),
    )
    if statuses is None and body is None:
        return st.one_of(anything, anything, success_responses())
    return anything
