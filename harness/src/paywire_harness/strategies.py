"""Hypothesis strategies for the canonical models and for whatever a processor may answer.

Written by hand rather than with ``st.builds(Model)``: that path ignores the validators (e-mail,
E.164, countries, locales) and never fills fields with defaults. Every value these strategies
produce validates; strings hit the canonical limits exactly (``_models.py``, ``_validators.py``)
and reach well outside ASCII. Long values are built by repeating a short drawn seed, so reaching
a boundary costs a few draws, not thousands: request building runs thousands of examples a second.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st
from pydantic import SecretStr

import paywire
from paywire._countries import ISO_3166_ALPHA2

__all__ = [
    "COUNTRIES",
    "HUGE_BODY_LIMIT",
    "addresses",
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
    "payment_addresses",
    "phone_numbers",
    "response_headers",
    "status_codes",
    "success_responses",
    "text",
    "unreadable_bodies",
]

# Canonical limits (core/src/paywire/_models.py, _validators.py).
TEXT_MAX = 256
DESCRIPTION_MAX = 5000
EMAIL_MAX = 254
METADATA_PAIRS_MAX = 50
METADATA_KEY_MAX = 40
METADATA_VALUE_MAX = 500
LOCALES_MAX = 10
HUGE_BODY_LIMIT = 4 * 1024 * 1024
"""The largest response body generated (bytes)."""

COUNTRIES: tuple[str, ...] = tuple(sorted(ISO_3166_ALPHA2))

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
    if draw(st.integers(0, 7)) == 0:  # the longest label the WHATWG grammar allows
        return first + "-" * 61 + draw(st.sampled_from(_LABEL_EDGE))
    inner = draw(st.text(_LABEL_EDGE + "-", max_size=6))
    return first + inner + draw(st.sampled_from(_LABEL_EDGE)) if inner else first


@st.composite
def emails(draw: st.DrawFn) -> str:
    """A WHATWG "valid e-mail address" (what the core accepts), sometimes exactly 254 long."""
    domain = ".".join(draw(st.lists(_labels(), min_size=2, max_size=3)))  # at most 191 characters
    local = draw(st.text(_LOCAL_CHARS, min_size=1, max_size=10))
    if draw(st.integers(0, 7)) == 0:
        local = _repeat_to(local, EMAIL_MAX - 1 - len(domain))
    return f"{local}@{domain}"


def phone_numbers() -> st.SearchStrategy[str]:
    """E.164: '+', a non-zero digit, 7 to 15 digits in all."""
    return st.integers(10**6, 10**15 - 1).map(lambda n: f"+{n}")


def _digits(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=min_size, max_size=max_size)


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
def metadata(draw: st.DrawFn) -> dict[str, str]:
    """Up to 50 pairs, keys 1-40 and values 0-500 characters; sometimes exactly 50 pairs."""
    if draw(st.integers(0, 15)) == 0:
        stem = draw(text(METADATA_KEY_MAX - 2))[: METADATA_KEY_MAX - 2]
        value = draw(st.one_of(text(METADATA_VALUE_MAX), st.just("")))
        return {f"{stem}{i:02d}": value for i in range(METADATA_PAIRS_MAX)}
    values = st.one_of(text(METADATA_VALUE_MAX), st.just(""))
    return draw(st.dictionaries(text(METADATA_KEY_MAX), values, max_size=4))


_ADDRESS_TEXT = ("first_name", "last_name", "line1", "line2", "line3", "city", "state", "zip_code")


def _address_dicts(*, full: bool) -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {name: text(TEXT_MAX) for name in _ADDRESS_TEXT}
    fields |= {
        "country_alpha2_code": countries(),
        "email": emails(),
        "phone_number": _digits(4, 15),
        "phone_country_code": _digits(1, 3).map(lambda d: "+" + d),
    }
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
    return {
        "merchant_customer_id": text(TEXT_MAX),
        "customer_name": text(TEXT_MAX),
        "email": emails(),
        "phone_number": phone_numbers(),
        "description": text(DESCRIPTION_MAX),
        "preferred_locales": st.lists(locales(), min_size=1 if full else 0, max_size=LOCALES_MAX),
        "address": _payment_address_dicts(full=full),
        "metadata": metadata(),
        "test_mode": st.sampled_from([None, True, False]),
    }


def create_customer_request_dicts(*, full: bool | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """The input of ``create_customer_requests``, field by field (slower: one draw per value)."""
    sparse = st.fixed_dictionaries({}, optional=_request_fields(full=False))
    every = st.fixed_dictionaries(_request_fields(full=True))
    return {None: st.one_of(sparse, every), True: every, False: sparse}[full]


# -- the fast request strategy ------------------------------------------------------------------
# A hypothesis draw costs tens of microseconds, and a full request field by field needs a hundred
# of them. ``create_customer_requests`` instead draws one fixed-size byte string and decodes it,
# byte by byte, into a request: a zero byte always means "absent" or "the simplest value", so
# hypothesis shrinks a failing request to the fewest, shortest fields, and every field reads fresh
# bytes, so values rarely coincide.

_PLAN_BYTES = 512
_ALPHABET: tuple[str, ...] = (
    *(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-_,'"  # 68 ASCII
        '&=+%[]"\\<>?#/;:@!*()'  # 20 that encoders must escape
        "éèêëàâäçñóöüßøåÉÑÜÅœæ"  # 21 Latin
        "αβγδΩЖжЯяЁ"  # 10 Greek and Cyrillic
        "山田太郎東京日本語中文한국어"  # 14 CJK and Hangul
        "עברית"
        "عربي"
        "हिंदी"  # 14 right-to-left and Devanagari
        "\u0301\u0308\u200b\u200d\u2028\u2029\u00a0\u3000\ufeff\u202e"  # 10 combining, zero-width, separators
        "€£¥₹™©®°±×÷§¶…–—“”‘’«»"  # noqa: RUF001  (22 symbols and typographic quotes, on purpose)
    ),
    *("😀", "🇩🇪", "\U0001d518", "𠀀", "👩‍👩‍👧"),  # astral planes and sequences
)

_AT_LIMIT = 252
"""Plan bytes from here up put a value exactly at its limit (1 in 64 values: every request
has a dozen text fields, so most runs hit each limit many times)."""
_LOCALE_CHOICES = ("en", "en-US", "fr", "fr-CA", "de-DE", "pt_BR", "zh-Hant-TW", "ja", "es-419", "nb")


class _Reader:
    """Reads a request plan: bytes past the end read as zero."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        pos = self.pos
        self.pos = pos + 1
        return self.data[pos] if pos < len(self.data) else 0

    def present(self, full: bool) -> bool:
        return full or self.byte() & 1 == 1

    def take(self, n: int) -> bytes:
        pos = self.pos
        self.pos = pos + n
        chunk = self.data[pos : pos + n]
        return chunk if len(chunk) == n else chunk + bytes(n - len(chunk))

    def chars(self, alphabet: str, n: int) -> str:
        size = len(alphabet)
        return "".join([alphabet[b % size] for b in self.take(n)])

    def text(self, limit: int, min_size: int = 1) -> str:
        """Mostly 1-12 characters, sometimes exactly ``limit``. Bytes below len(_ALPHABET) pick from
        the hand-made alphabet; the others pick from a 76-code-point window this value places
        anywhere in Unicode (unassigned code points included, surrogates and controls never)."""
        b, p1, p2 = self.take(3)
        if min_size == 0 and b == 1:
            return ""
        base = 0xA0 + ((p1 << 8 | p2) * 17) % 0x10FE00
        if 0xD800 - 256 <= base <= 0xDFFF:
            base = 0xE000
        n = 1 + b % 3 if b >= _AT_LIMIT else 1 + b % 12
        size = len(_ALPHABET)
        out = "".join([_ALPHABET[c] if c < size else chr(base + c) for c in self.take(n)])
        if b >= _AT_LIMIT:  # exactly at the limit
            return _repeat_to(out, limit)
        return out[:limit]  # an astral sequence may push past a small limit

    def email(self) -> str:
        labels = []
        for _ in range(2 + self.byte() % 2):
            b = self.byte()
            if b >= 248:
                labels.append("a" + "-" * 61 + "z")
                continue
            edge = self.chars(_LABEL_EDGE, 1)
            inner = self.chars(_LABEL_EDGE + "-", b % 6)
            labels.append(edge + inner + self.chars(_LABEL_EDGE, 1) if inner else edge)
        domain = ".".join(labels)
        b = self.byte()
        local = self.chars(_LOCAL_CHARS, 1 + b % 10)
        if b >= _AT_LIMIT:
            local = _repeat_to(local, EMAIL_MAX - 1 - len(domain))
        return f"{local}@{domain}"

    def digits(self, low: int, high: int) -> str:
        return self.chars("0123456789", low + self.byte() % (high - low + 1))

    def address(self, full: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in _ADDRESS_TEXT:
            if self.present(full):
                out[name] = self.text(TEXT_MAX)
        if self.present(full):
            b = self.byte()
            code = COUNTRIES[b % len(COUNTRIES)]
            out["country_alpha2_code"] = code.lower() if b >= 128 else code
        if self.present(full):
            out["email"] = self.email()
        if self.present(full):
            out["phone_number"] = self.digits(4, 15)
        if self.present(full):
            out["phone_country_code"] = "+" + self.digits(1, 3)
        return out

    def locale(self) -> str:
        b = self.byte()
        if b < 200:
            return _LOCALE_CHOICES[b % len(_LOCALE_CHOICES)]
        tags = [self.chars(_LOCALE_ALPHA, 2 + self.byte() % 2)]
        tags += [self.chars(_LOCALE_ALPHA + "0123456789", 2 + self.byte() % 7) for _ in range(b % 3)]
        return "-_"[b & 1].join(tags)

    def metadata(self) -> dict[str, str]:
        b = self.byte()
        if b >= _AT_LIMIT:  # exactly 50 pairs
            stem = self.text(METADATA_KEY_MAX - 2)[: METADATA_KEY_MAX - 2]
            value = self.text(METADATA_VALUE_MAX, min_size=0)
            return {f"{stem}{i:02d}": value for i in range(METADATA_PAIRS_MAX)}
        return {self.text(METADATA_KEY_MAX): self.text(METADATA_VALUE_MAX, min_size=0) for _ in range(b % 5)}

    def request(self, full: bool | None) -> dict[str, Any]:
        if full is None:
            full = self.byte() >= 192
        out: dict[str, Any] = {}
        for name in ("merchant_customer_id", "customer_name"):
            if self.present(full):
                out[name] = self.text(TEXT_MAX)
        if self.present(full):
            out["email"] = self.email()
        if self.present(full):
            digits = self.chars("123456789", 1) + self.digits(6, 14)
            out["phone_number"] = "+" + digits
        if self.present(full):
            out["description"] = self.text(DESCRIPTION_MAX)
        if self.present(full):
            out["preferred_locales"] = [self.locale() for _ in range(max(int(full), self.byte() % (LOCALES_MAX + 1)))]
        if self.present(full):
            address = {}
            if self.present(full):
                address["billing_address"] = self.address(full)
            if self.present(full):
                address["shipping_address"] = self.address(full)
            out["address"] = address
        if self.present(full):
            out["metadata"] = self.metadata()
        b = self.byte()
        if b % 3:
            out["test_mode"] = b % 3 == 1
        return out


_SECRET_ADDRESS_FIELDS = frozenset({*_ADDRESS_TEXT, "email", "phone_number"})


def _address(data: dict[str, Any] | None) -> paywire.Address | None:
    if data is None:
        return None
    values: dict[str, Any] = {k: SecretStr(v) if k in _SECRET_ADDRESS_FIELDS else v for k, v in data.items()}
    if "country_alpha2_code" in values:
        values["country_alpha2_code"] = values["country_alpha2_code"].upper()
    return paywire.Address.model_construct(**values)


def construct_request(data: dict[str, Any]) -> paywire.CreateCustomerRequest:
    """The model ``CreateCustomerRequest.model_validate(data)`` returns, for a plan's dict, without
    running the validators again: the plan only produces valid values (the tests prove both that
    and the equality), and validation is most of the cost of a generated request."""
    values = dict(data)
    if "email" in values:
        values["email"] = SecretStr(values["email"])
    if "preferred_locales" in values:
        values["preferred_locales"] = tuple(values["preferred_locales"])
    if "address" in values:
        parts = values["address"]
        values["address"] = paywire.PaymentAddress.model_construct(
            set(parts),
            billing_address=_address(parts.get("billing_address")),
            shipping_address=_address(parts.get("shipping_address")),
        )
    return paywire.CreateCustomerRequest.model_construct(**values)


def plan_dict(plan: int, full: bool | None = None) -> dict[str, Any]:
    """The plain input a plan (an integer of ``_PLAN_BYTES`` bytes) decodes to."""
    return _Reader(plan.to_bytes(_PLAN_BYTES, "little")).request(full)


def _decode_request(plan: int, full: bool | None) -> paywire.CreateCustomerRequest:
    return construct_request(plan_dict(plan, full))


# One big integer rather than ``st.binary``: hypothesis draws bytes one at a time, an integer at once.
PLANS = st.integers(0, 2 ** (8 * _PLAN_BYTES) - 1)


def create_customer_requests(*, full: bool | None = None) -> st.SearchStrategy[paywire.CreateCustomerRequest]:
    """Valid ``CreateCustomerRequest``s: any subset of fields, or (``full=True``) every field.

    Text of any script (combining marks, astral planes, right-to-left, zero-width, characters
    form and JSON encoding must escape), every length limit hit exactly, up to 50 metadata pairs,
    WHATWG e-mails, E.164 phones, either-case countries, locales. ``connector_feature_data`` is
    left out: each connector documents what it accepts there.
    """
    return PLANS.map(lambda plan: _decode_request(plan, full))


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
