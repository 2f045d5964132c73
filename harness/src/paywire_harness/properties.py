"""Property checks: hypothesis drives a connector's hooks with generated requests and replies.

Each check calls the hooks directly through ``Connector.call``, with no network, and reports the
smallest failing example it found (credentials masked). REMOTE operations get all six
properties; LOCAL ones get ``build-total`` and ``deterministic-build``.

    property:build-total          a valid request builds into a well-formed HttpRequest, or is
                                  rejected with InvalidRequestError naming canonical fields
    property:no-silent-drops      every canonical value reaches the wire, or its field is declared
                                  unsupported and the request is rejected
    property:secrets-placement    credentials only in the declared auth headers; personal data
                                  never in the URL
    property:deterministic-build  same input, same HttpRequest; the idempotency key goes where
                                  declared and follows the key
    property:response-total       any reply becomes a result or a ConnectorError, quickly and in
                                  bounded memory
    property:status-category      an unreadable reply is classified by its HTTP status alone
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sysconfig
import time
import tracemalloc
import unicodedata
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, get_args
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import hypothesis
from hypothesis import HealthCheck, Verbosity, given
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning
from pydantic import BaseModel, SecretStr

import paywire
from paywire import Capability, Operation

from . import strategies
from ._checks import Check, CheckResult, Target

__all__ = ["PROPERTY_NAMES", "PropertyCheck", "property_checks"]

T = TypeVar("T")

BUILD = "paywire_create_customer_request"
HANDLE = "paywire_create_customer_response"
ERROR = "paywire_error"

HARNESS_BASE_URL = "https://paywire-harness.test/base-path"
"""A ``base_url=`` the checks also build against: requests must go under it."""
BATCH = 10
"""Requests per hypothesis test case in ``build-total``: amortises hypothesis's per-case cost."""
MAX_SECONDS = 1.0
"""Longest a response hook may take on one reply."""
MEMORY_SLACK = 32 * 1024 * 1024
MEMORY_FACTOR = 50
"""A response hook's peak allocation must stay under MEMORY_SLACK + MEMORY_FACTOR x body size."""
NOT_LOCAL = "not applicable to a local operation"
_PASSTHROUGH = frozenset({"connector_feature_data"})
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class PropertyFailure(Exception):
    """A property does not hold; the message points at the defect and shows the example."""

    def __init__(self, message: str, request: Any = None, recheck: Recheck | None = None) -> None:
        super().__init__(message)
        self.request = request
        self.recheck = recheck


Recheck = Callable[[paywire.CreateCustomerRequest], None]
"""Checks one request against a property; raises PropertyFailure when it does not hold."""


def _checked(request: paywire.CreateCustomerRequest, one: Recheck) -> None:
    """Run ``one`` on ``request``; a failure remembers both, so it can be minimised afterwards."""
    try:
        one(request)
    except PropertyFailure as failure:
        raise PropertyFailure(str(failure), request, one) from None


def _simpler(model: BaseModel) -> Iterator[Any]:
    """The model with one field (or one nested part, or one metadata pair) back to its default."""
    for name in model.model_fields_set:
        value = getattr(model, name)
        default = type(model).model_fields[name].get_default(call_default_factory=True)
        if value == default:
            continue
        yield model.model_copy(update={name: default})
        if isinstance(value, BaseModel):
            for simpler in _simpler(value):
                yield model.model_copy(update={name: simpler})
        elif isinstance(value, dict) and len(value) > 1:
            for key in value:
                yield model.model_copy(update={name: {k: v for k, v in value.items() if k != key}})
        elif isinstance(value, tuple) and len(value) > 1:
            for i in range(len(value)):
                yield model.model_copy(update={name: value[:i] + value[i + 1 :]})


def _minimise(failure: PropertyFailure, budget: int = 300) -> PropertyFailure:
    """Remove every field the failure does not need (hypothesis shrinks the values; this shrinks
    the request's shape, field by field, which a byte-plan strategy cannot see)."""
    if failure.recheck is None or failure.request is None:
        return failure
    current, found = failure.request, failure
    progress = True
    while progress and budget > 0:
        progress = False
        for candidate in _simpler(current):
            budget -= 1
            try:
                failure.recheck(candidate)
            except PropertyFailure as smaller:
                current, found, progress = candidate, smaller, True
                break
            if budget <= 0:
                break
    return found


# -- settings -----------------------------------------------------------------------------------


def _settings() -> hypothesis.settings:
    """The active profile (``ci``/``nightly`` from ``_profiles``), reproducible when none is."""
    with contextlib.suppress(ImportError):
        from . import _profiles  # noqa: F401  (registers the profiles)
    base = hypothesis.settings.default or hypothesis.settings()
    overrides: dict[str, Any] = {}
    if hypothesis.settings.get_current_profile_name() == "default":
        overrides = {"derandomize": True, "deadline": None, "database": None}
    return hypothesis.settings(
        base,
        **overrides,
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        print_blob=False,
        suppress_health_check=[
            *base.suppress_health_check,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


def _run_hypothesis(strategy: st.SearchStrategy[T], body: Callable[[T], None]) -> None:
    """Run ``body`` over ``strategy``; re-raise the (shrunk) PropertyFailure, if any."""

    @_settings()
    @given(strategy)
    def test(value: T) -> None:
        body(value)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HypothesisWarning)  # e.g. "overly large repr" of a huge reply
            test()
    except PropertyFailure as failure:
        raise _minimise(failure) from None
    except BaseExceptionGroup as group:  # FlakyFailure: the connector answered differently twice
        found = _first_failure(group)
        if found is None:
            raise
        raise PropertyFailure(f"{_minimise(found)} (and the connector is not deterministic: a rerun passed)") from None


def _first_failure(group: BaseExceptionGroup[Any]) -> PropertyFailure | None:
    for exc in group.exceptions:
        if isinstance(exc, PropertyFailure):
            return exc
        if isinstance(exc, BaseExceptionGroup):
            inner = _first_failure(exc)
            if inner is not None:
                return inner
    return None


# -- describing things without leaking --------------------------------------------------------


def _secrets(credentials: paywire.Credentials) -> dict[str, str]:
    """The credentials' secret values by field name (too-short values cannot be searched for)."""
    out = {}
    for name in type(credentials).model_fields:
        value = getattr(credentials, name, None)
        if isinstance(value, SecretStr) and len(value.get_secret_value()) >= 4:
            out[name] = value.get_secret_value()
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {
            k: _plain(getattr(value, k)) for k in type(value).model_fields if getattr(value, k) not in (None, {}, ())
        }
    if isinstance(value, SecretStr):
        return _plain(value.get_secret_value())
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) > 48:
        return f"{value[:24]}…({len(value)} chars)"
    return value


def _describe(request: BaseModel) -> str:
    """A generated request, values shown (they are generated), long strings shortened."""
    return json.dumps(_plain(request), ensure_ascii=False)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit] + f"…({len(text)} chars)"


def _mask(text: str, secrets: Mapping[str, str]) -> str:
    for secret in sorted(secrets.values(), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


_LIBRARY_DIRS = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    | {os.path.dirname(json.__file__)}
)


def _crash(exc: BaseException) -> str:
    """What a hook raised, seen through ``Connector.call``'s PluginError wrapper."""
    if isinstance(exc, paywire.PluginError) and exc.__cause__ is not None:
        exc = exc.__cause__
    tb = exc.__traceback__
    where = ""
    while tb is not None:  # the innermost frame outside the standard library and installed libraries
        filename = tb.tb_frame.f_code.co_filename
        if not filename.startswith(_LIBRARY_DIRS) or not where:
            where = f" at {'/'.join(filename.rsplit('/', 2)[-2:])}:{tb.tb_lineno}"
        tb = tb.tb_next
    return f"{type(exc).__name__}: {_short(str(exc))}{where}"


# -- canonical fields and their values ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldValue:
    path: str
    """Dotted canonical field: ``address.billing_address.city``, ``metadata``."""
    value: str
    personal: bool


def field_values(model: BaseModel, prefix: str = "") -> Iterator[FieldValue]:
    """Every string a canonical model holds, with its dotted field, over any model shape."""
    personal_fields: frozenset[str] = getattr(model, "personal_fields", frozenset())
    for name in type(model).model_fields:
        if not prefix and name in _PASSTHROUGH:
            continue
        yield from _values_of(prefix + name, getattr(model, name), name in personal_fields)


def _values_of(path: str, value: Any, personal: bool) -> Iterator[FieldValue]:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, SecretStr):
        yield FieldValue(path, value.get_secret_value(), True)
    elif isinstance(value, str):
        yield FieldValue(path, value, personal)
    elif isinstance(value, BaseModel):
        yield from field_values(value, path + ".")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _values_of(path, key, personal)
            yield from _values_of(path, item, personal)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _values_of(path, item, personal)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def is_canonical_path(path: str, model: type[BaseModel] = paywire.CreateCustomerRequest) -> bool:
    """Whether ``path`` names a field of ``model`` (``metadata.<key>``, ``preferred_locales.0`` too)."""
    if path == "idempotency_key" and model is paywire.CreateCustomerRequest:
        return True
    head, _, rest = path.partition(".")
    info = model.model_fields.get(head)
    if info is None:
        return False
    if not rest:
        return True
    nested = _model_in(info.annotation)
    return True if nested is None else is_canonical_path(rest, nested)


def _unsupported(path: str, unsupported: frozenset[str]) -> str | None:
    for entry in unsupported:
        if path == entry or path.startswith(entry + "."):
            return entry
    return None


# -- what went over the wire --------------------------------------------------------------------


def _json_strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out.append(k)
            _json_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _json_strings(v, out)
    elif value is not None and not isinstance(value, bool):
        out.append(str(value))


def body_strings(body: bytes) -> list[str]:
    """Every string of a body: JSON keys and values, form keys and values, and the raw text."""
    text = body.decode("utf-8", "replace")
    out = [text]
    try:
        _json_strings(json.loads(body), out)
    except (ValueError, RecursionError):
        for key, value in parse_qsl(text, keep_blank_values=True):
            out += (key, value)
    return out


def _url_tail(url: str, base_url: str | None) -> str:
    """The part of the URL the connector chose (after the configured base), decoded."""
    if base_url and url.startswith(base_url):
        url = url[len(base_url) :]
    else:
        parts = urlsplit(url)
        url = parts.path + ("?" + parts.query if parts.query else "")
    return unquote_plus(url)


@dataclass
class Wire:
    """A built request, decoded for searching."""

    request: paywire.HttpRequest
    base_url: str | None
    strings: list[str] = field(init=False)
    haystack: str = field(init=False)
    _folded: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.strings = [
            *body_strings(self.request.body),
            *self.request.headers.values(),
            _url_tail(self.request.url, self.base_url),
        ]
        self.haystack = "\x00".join(self.strings)  # NUL: no canonical value holds one

    def holds(self, value: str) -> bool:
        """``value`` appears, exactly or after a harmless change (stripped, case, NFC)."""
        if value in self.haystack:
            return True
        stripped = value.strip()
        if stripped and stripped in self.haystack:
            return True
        if self._folded is None:
            self._folded = unicodedata.normalize("NFC", self.haystack).casefold()
        return unicodedata.normalize("NFC", stripped or value).casefold() in self._folded


# -- calling the hooks --------------------------------------------------------------------------


def _context(target: Target, key: str, base_url: str | None) -> paywire.OperationContext:
    return paywire.OperationContext(target.name, Operation.CREATE_CUSTOMER, base_url, key)


def _build(target: Target, request: paywire.CreateCustomerRequest, context: paywire.OperationContext) -> Any:
    return target.connector.call(BUILD, request=request, credentials=target.credentials, context=context)


def _key_limit(info: paywire.ConnectorInfo) -> int:
    return info.idempotency.max_length if info.idempotency else 255


def _check_rejection(exc: paywire.InvalidRequestError, request: paywire.CreateCustomerRequest) -> None:
    if not exc.field_errors:
        raise PropertyFailure(
            f"rejected a valid request with InvalidRequestError naming no field; request: {_describe(request)}"
        )
    bad = [e.field for e in exc.field_errors if not is_canonical_path(e.field)]
    if bad:
        raise PropertyFailure(
            f"rejected a request naming non-canonical field(s) {', '.join(map(repr, bad))} "
            f"(field_errors must use dotted canonical paths such as "
            f"'address.billing_address.zip_code'); request: {_describe(request)}"
        )


def _well_formed(built: Any, context: paywire.OperationContext) -> str | None:
    """Why ``built`` is not a well-formed HttpRequest under ``context.base_url``, or None."""
    if not isinstance(built, paywire.HttpRequest):
        return f"returned {type(built).__name__}, not paywire.HttpRequest"
    if built.method not in _METHODS:
        return f"HTTP method {built.method!r} is not one of {sorted(_METHODS)}"
    url: Any = built.url
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return "URL is not an absolute http(s) URL"
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" or ord(ch) > 0x7E for ch in url):
        return "URL holds spaces, control or non-ASCII characters (percent-encode them)"
    base = context.base_url
    if base and not (url == base or url.startswith((base + "/", base + "?"))):
        return f"URL does not start with context.base_url {base!r} (got {_url_tail(url, None)!r} on another base)"
    body: Any = built.body
    headers: Any = built.headers
    if not isinstance(body, bytes):
        return f"body is {type(body).__name__}, not bytes"
    if not isinstance(headers, Mapping):
        return "headers is not a mapping"
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            return f"header name {name!r} is not an HTTP token"
        if not isinstance(value, str):
            return f"header {name} value is {type(value).__name__}, not str"
        if not value.isascii() or any(unicodedata.category(ch) == "Cc" for ch in value):
            return (
                f"header {name} holds non-ASCII or control characters: the transport cannot send it "
                f"(and CR/LF would let input inject headers)"
            )
    return None


# -- the properties -----------------------------------------------------------------------------


@dataclass
class _Run:
    """Per-check state: examples counted, credentials to mask."""

    target: Target
    examples: int = 0
    note: str = ""

    @property
    def info(self) -> paywire.ConnectorInfo:
        return self.target.connector.info

    def base_urls(self) -> st.SearchStrategy[str | None]:
        return st.sampled_from([self.info.base_url, HARNESS_BASE_URL])


def _build_total_remote(run: _Run) -> None:
    target, info = run.target, run.info
    rejected = 0
    started = 0.0

    def body(case: tuple[list[paywire.CreateCustomerRequest], str | None, str]) -> None:
        nonlocal started
        requests, base_url, key = case
        context = _context(target, key, base_url)
        started = started or time.perf_counter()  # from the first example: hypothesis's setup excluded

        def one(request: paywire.CreateCustomerRequest) -> None:
            nonlocal rejected
            try:
                built = _build(target, request, context)
            except paywire.InvalidRequestError as exc:
                rejected += 1
                _check_rejection(exc, request)
                return
            except Exception as exc:
                raise PropertyFailure(
                    f"{BUILD} raised {_crash(exc)} instead of building a request or raising "
                    f"InvalidRequestError; request: {_describe(request)}"
                ) from None
            problem = _well_formed(built, context)
            if problem:
                raise PropertyFailure(
                    f"{BUILD} built a malformed request: {problem}; "
                    f"request: {_describe(request)}, base_url: {base_url!r}"
                )

        for request in requests:
            run.examples += 1
            _checked(request, one)

    _run_hypothesis(
        st.tuples(
            st.lists(strategies.create_customer_requests(), min_size=BATCH, max_size=BATCH),
            run.base_urls(),
            strategies.idempotency_keys(_key_limit(info)),
        ),
        body,
    )
    elapsed = time.perf_counter() - started
    rate = run.examples / elapsed if elapsed > 0 else 0.0
    share = rejected / run.examples if run.examples else 0.0
    run.note = (
        f"{run.examples:,} requests, {rate:,.0f}/s (generation included); {share:.0%} rejected with InvalidRequestError"
    )


def _build_total_local(run: _Run) -> None:
    target = run.target

    def one(request: paywire.CreateCustomerRequest) -> None:
        context = _context(target, f"paywire-harness-{uuid.uuid4()}", run.info.base_url)
        try:
            built = _build(target, request, context)
        except paywire.InvalidRequestError as exc:
            _check_rejection(exc, request)
            return
        except Exception as exc:
            raise PropertyFailure(
                f"{BUILD} raised {_crash(exc)} instead of a CreateCustomerResponse or "
                f"InvalidRequestError; request: {_describe(request)}"
            ) from None
        if not isinstance(built, paywire.CreateCustomerResponse):
            raise PropertyFailure(
                f"{BUILD} returned {type(built).__name__}, not CreateCustomerResponse, "
                f"for a local operation; request: {_describe(request)}"
            )
        if built.merchant_customer_id != request.merchant_customer_id:
            raise PropertyFailure(f"the response does not echo merchant_customer_id; request: {_describe(request)}")

    def body(requests: list[paywire.CreateCustomerRequest]) -> None:
        for request in requests:
            run.examples += 1
            _checked(request, one)

    started = time.perf_counter()
    _run_hypothesis(st.lists(strategies.create_customer_requests(), min_size=BATCH, max_size=BATCH), body)
    elapsed = time.perf_counter() - started
    run.note = f"{run.examples:,} requests, {run.examples / max(elapsed, 1e-9):,.0f}/s (generation included)"


def _built_or_none(
    run: _Run, request: paywire.CreateCustomerRequest, context: paywire.OperationContext
) -> paywire.HttpRequest | None:
    """The built request, None when rejected; any other outcome is build-total's failure."""
    try:
        built = _build(run.target, request, context)
    except paywire.InvalidRequestError:
        return None
    except Exception as exc:
        raise PropertyFailure(
            f"{BUILD} raised {_crash(exc)} (see property:build-total); request: {_describe(request)}"
        ) from None
    if not isinstance(built, paywire.HttpRequest):
        raise PropertyFailure(f"{BUILD} returned {type(built).__name__}, not HttpRequest (see property:build-total)")
    return built


def _no_silent_drops(run: _Run) -> None:
    unsupported = run.info.unsupported_fields

    def body(case: tuple[paywire.CreateCustomerRequest, str | None]) -> None:
        request, base_url = case
        run.examples += 1
        _checked(request, lambda r: one(r, base_url))

    def one(request: paywire.CreateCustomerRequest, base_url: str | None) -> None:
        context = _context(run.target, "paywire-harness-drops", base_url)
        try:
            built = _build(run.target, request, context)
        except paywire.InvalidRequestError as exc:
            _names_unsupported(exc, request)
            return
        except Exception as exc:
            raise PropertyFailure(
                f"{BUILD} raised {_crash(exc)} (see property:build-total); request: {_describe(request)}"
            ) from None
        if not isinstance(built, paywire.HttpRequest):
            raise PropertyFailure(
                f"{BUILD} returned {type(built).__name__}, not HttpRequest (see property:build-total)"
            )
        wire = Wire(built, base_url)
        for item in field_values(request):
            if not item.value:
                continue
            entry = _unsupported(item.path, unsupported)
            if entry is not None:
                raise PropertyFailure(
                    f"field {item.path!r} is declared unsupported ({entry!r} in "
                    f"ConnectorInfo.unsupported_fields) but a request holding it was built "
                    f"instead of rejected with InvalidRequestError; request: {_describe(request)}"
                )
            if not wire.holds(item.value):
                raise PropertyFailure(
                    f"silent drop: the value of {item.path!r} ({_short(item.value, 60)!r}) is not in the built "
                    f"request's body, headers or URL, and {item.path!r} is not in "
                    f"ConnectorInfo.unsupported_fields; request: {_describe(request)}"
                )

    def _names_unsupported(exc: paywire.InvalidRequestError, request: paywire.CreateCustomerRequest) -> None:
        """A rejected request holding a declared-unsupported field must name that field."""
        named = exc.fields
        for item in field_values(request):
            entry = _unsupported(item.path, unsupported)
            if entry is None or not item.value:
                continue
            if not any(f == entry or f.startswith(entry + ".") or entry.startswith(f + ".") for f in named):
                raise PropertyFailure(
                    f"a request holding {item.path!r} (declared unsupported) was rejected without naming it "
                    f"(field_errors name {', '.join(map(repr, named))}): report every unsupported field, so the "
                    f"caller learns what to remove; request: {_describe(request)}"
                )

    _run_hypothesis(st.tuples(strategies.create_customer_requests(), run.base_urls()), body)


def _secrets_placement(run: _Run) -> None:
    secrets = _secrets(run.target.credentials)
    auth = frozenset(h.lower() for h in run.info.auth_headers)
    key = "paywire-harness-secrets"
    baselines: dict[str | None, str] = {}

    def baseline(base_url: str | None) -> str:
        """The URL tail of an empty request: what the connector puts in every URL."""
        if base_url not in baselines:
            built = _built_or_none(run, paywire.CreateCustomerRequest(), _context(run.target, key, base_url))
            baselines[base_url] = _url_tail(built.url, base_url) if built else ""
        return baselines[base_url]

    def body(case: tuple[paywire.CreateCustomerRequest, str | None]) -> None:
        request, base_url = case
        run.examples += 1
        _checked(request, lambda r: one(r, base_url))

    def one(request: paywire.CreateCustomerRequest, base_url: str | None) -> None:
        built = _built_or_none(run, request, _context(run.target, key, base_url))
        if built is None:
            return
        url_forms = (built.url, unquote_plus(built.url))
        body_text = "\x00".join(body_strings(built.body))
        for name, secret in secrets.items():
            if any(secret in form for form in url_forms):
                raise PropertyFailure(f"credential {name!r} leaks into the URL: {_mask(built.url, secrets)}")
            if secret in body_text or secret.encode() in built.body:
                raise PropertyFailure(f"credential {name!r} leaks into the request body")
            for header, value in built.headers.items():
                if secret in value and header.lower() not in auth:
                    raise PropertyFailure(
                        f"credential {name!r} is sent in header {header!r}, which is not in "
                        f"ConnectorInfo.auth_headers {sorted(auth)}"
                    )
        tail, base_tail = _url_tail(built.url, base_url), baseline(base_url)
        values = sorted(field_values(request), key=lambda item: -len(item.value))  # longest first: "a@b.c", not "a"
        public = [item.value for item in values if not item.personal and item.value in tail]
        for item in values:
            if not (item.personal and item.value and item.value in tail) or item.value in base_tail:
                continue
            if not any(item.value in value for value in public):  # not explained by a non-personal value
                raise PropertyFailure(
                    f"personal data from {item.path!r} appears in the URL "
                    f"{_short(_mask(built.url, secrets))}; request: {_describe(request)}"
                )

    _run_hypothesis(st.tuples(strategies.create_customer_requests(), run.base_urls()), body)


def _as_tuple(request: paywire.HttpRequest) -> tuple[str, str, dict[str, str], bytes]:
    return request.method, request.url, dict(request.headers), request.body


def _idempotency_value(request: paywire.HttpRequest, idem: paywire.Idempotency) -> str | None:
    if idem.location == "header":
        wanted = idem.name.lower()
        return next((v for k, v in request.headers.items() if k.lower() == wanted), None)
    try:
        value = json.loads(request.body)
    except (ValueError, RecursionError):
        return None
    found = value.get(idem.name) if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def _deterministic_remote(run: _Run) -> None:
    idem = run.info.idempotency
    limit = _key_limit(run.info)

    def body(case: tuple[paywire.CreateCustomerRequest, str | None, str]) -> None:
        request, base_url, key = case
        run.examples += 1
        _checked(request, lambda r: one(r, base_url, key))

    def one(request: paywire.CreateCustomerRequest, base_url: str | None, key: str) -> None:
        context = _context(run.target, key, base_url)
        first = _built_or_none(run, request, context)
        twin = paywire.CreateCustomerRequest.model_validate(request.model_dump())  # SecretStr stays secret
        second = _built_or_none(run, twin, _context(run.target, key, base_url))
        if (first is None) != (second is None):
            raise PropertyFailure(f"the same request was built once and rejected once; request: {_describe(request)}")
        if first is None or second is None:
            return
        a, b = _as_tuple(first), _as_tuple(second)
        if a != b:
            part = ("method", "URL", "headers", "body")[next(i for i in range(4) if a[i] != b[i])]
            raise PropertyFailure(
                f"building the same request twice gave different {part} (time, randomness or "
                f"mutable state in the build hook?); request: {_describe(request)}"
            )
        if idem is None or idem.location == "local":
            return
        where = f"{idem.location} {idem.name!r}"
        if _idempotency_value(first, idem) != key:
            raise PropertyFailure(
                f"the idempotency key is not in the {where} declared by ConnectorInfo.idempotency "
                f"(key {key!r}); request: {_describe(request)}"
            )
        other = (key[:-1] + ("b" if key[-1] == "a" else "a")) if len(key) >= limit else key + "x"
        third = _built_or_none(run, request, _context(run.target, other, base_url))
        if third is None or _idempotency_value(third, idem) != other:
            raise PropertyFailure(
                f"changing the idempotency key did not change the {where} (stale or cached "
                f"key?); request: {_describe(request)}"
            )

    _run_hypothesis(
        st.tuples(strategies.create_customer_requests(), run.base_urls(), strategies.idempotency_keys(limit)), body
    )


def _deterministic_local(run: _Run) -> None:
    def body(request: paywire.CreateCustomerRequest) -> None:
        run.examples += 1
        _checked(request, one)

    def one(request: paywire.CreateCustomerRequest) -> None:
        key = f"paywire-harness-{uuid.uuid4()}"  # fresh: a stateful connector remembers keys
        outcomes: list[str | None] = []
        for _ in range(2):
            try:
                built = _build(run.target, request, _context(run.target, key, run.info.base_url))
            except paywire.InvalidRequestError:
                outcomes.append(None)
                continue
            except Exception as exc:
                raise PropertyFailure(
                    f"calling {BUILD} twice with the same request and idempotency key raised "
                    f"{_crash(exc)}; request: {_describe(request)}"
                ) from None
            outcomes.append(
                built.connector_customer_id
                if isinstance(built, paywire.CreateCustomerResponse)
                else type(built).__name__
            )
        if outcomes[0] != outcomes[1]:
            raise PropertyFailure(
                f"the same request and idempotency key gave different results "
                f"({outcomes[0]!r} then {outcomes[1]!r}); request: {_describe(request)}"
            )

    _run_hypothesis(strategies.create_customer_requests(), body)


def _call_response(
    run: _Run, request: paywire.CreateCustomerRequest, response: paywire.HttpResponse
) -> tuple[str, Any]:
    """('result', value) or ('raised', exception) from the hook the core would call."""
    context = _context(run.target, "paywire-harness-response", run.info.base_url)
    try:
        if response.is_success:
            return "result", run.target.connector.call(HANDLE, request=request, response=response, context=context)
        return "result", run.target.connector.call(ERROR, response=response, context=context)
    except Exception as exc:
        return "raised", exc


def _reply(response: paywire.HttpResponse) -> str:
    sample = response.body[:80]
    more = f"…({len(response.body):,} bytes)" if len(response.body) > 80 else ""
    return f"HTTP {response.status_code}, headers {dict(response.headers)}, body {sample!r}{more}"


def _check_outcome(
    run: _Run, request: paywire.CreateCustomerRequest, response: paywire.HttpResponse, kind: str, value: Any
) -> None:
    if response.is_success:
        if kind == "raised":
            if isinstance(value, paywire.ConnectorError):
                return
            raise PropertyFailure(
                f"{HANDLE} raised {_crash(value)} on a 2xx reply instead of returning a "
                f"CreateCustomerResponse or raising ConnectorError; reply: {_reply(response)}"
            )
        if not isinstance(value, paywire.CreateCustomerResponse):
            raise PropertyFailure(
                f"{HANDLE} returned {type(value).__name__}, not CreateCustomerResponse; reply: {_reply(response)}"
            )
        if value.merchant_customer_id != request.merchant_customer_id:
            raise PropertyFailure(
                f"{HANDLE} does not echo the request's merchant_customer_id; reply: {_reply(response)}"
            )
        return
    if kind == "raised":
        what = (
            "raised a ConnectorError instead of returning it"
            if isinstance(value, paywire.ConnectorError)
            else f"raised {_crash(value)}"
        )
        raise PropertyFailure(f"{ERROR} {what} on an error reply; reply: {_reply(response)}")
    if value is not None and not isinstance(value, paywire.ConnectorError):
        raise PropertyFailure(f"{ERROR} returned {type(value).__name__}, not ConnectorError; reply: {_reply(response)}")


def _peak_allocation(call: Callable[[], object]) -> int:
    """Bytes ``call`` allocated at its peak, traced by tracemalloc (slow: timed calls run untraced)."""
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        call()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        if not tracing:
            tracemalloc.stop()


def _response_total(run: _Run) -> None:
    def body(case: tuple[paywire.CreateCustomerRequest, paywire.HttpResponse]) -> None:
        request, response = case
        run.examples += 1
        started = time.perf_counter()
        kind, value = _call_response(run, request, response)
        elapsed = time.perf_counter() - started
        _check_outcome(run, request, response, kind, value)
        if elapsed > MAX_SECONDS:  # measure again before blaming the connector for a busy machine
            for _ in range(2):
                started = time.perf_counter()
                _call_response(run, request, response)
                elapsed = min(elapsed, time.perf_counter() - started)
            if elapsed > MAX_SECONDS:
                raise PropertyFailure(
                    f"handling one reply took {elapsed:.2f} s (limit {MAX_SECONDS} s); reply: {_reply(response)}"
                )
        peak = _peak_allocation(lambda: _call_response(run, request, response))
        budget = MEMORY_SLACK + MEMORY_FACTOR * len(response.body)
        if peak > budget:
            raise PropertyFailure(
                f"handling one reply allocated {peak / 2**20:.1f} MiB at peak (limit "
                f"{budget / 2**20:.1f} MiB for this body); reply: {_reply(response)}"
            )

    _run_hypothesis(st.tuples(strategies.create_customer_requests(full=False), strategies.http_responses()), body)


STATUSES = (400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504)
"""Statuses ``status-category`` tries with every generated unreadable body (plus a random one)."""


def _status_category(run: _Run) -> None:
    def one(request: paywire.CreateCustomerRequest, response: paywire.HttpResponse) -> None:
        kind, value = _call_response(run, request, response)
        _check_outcome(run, request, response, kind, value)
        if response.is_success:
            if not (kind == "raised" and value.code is paywire.ErrorCode.UNPARSEABLE_RESPONSE):
                raise PropertyFailure(
                    f"a 2xx reply with an unreadable body must raise ConnectorError "
                    f"'unparseable_response'; reply: {_reply(response)}"
                )
            return
        error = value if value is not None else paywire.status_error(response, connector=run.target.name)
        expected = paywire.error_code_for_status(response.status_code)
        if error.code is not expected:
            raise PropertyFailure(
                f"HTTP {response.status_code} with an unreadable body became {error.code.value!r}; "
                f"the status alone says {expected.value!r} (paywire.error_code_for_status); "
                f"reply: {_reply(response)}"
            )

    def body(case: tuple[paywire.CreateCustomerRequest, paywire.HttpResponse]) -> None:
        request, drawn = case
        for status in (*STATUSES, drawn.status_code):
            run.examples += 1
            one(request, paywire.HttpResponse(status, drawn.headers, drawn.body))

    statuses = st.one_of(strategies.error_status_codes(), st.sampled_from([200, 201]))
    _run_hypothesis(
        st.tuples(
            strategies.create_customer_requests(full=False),
            strategies.http_responses(statuses, strategies.unreadable_bodies()),
        ),
        body,
    )


# -- the checks ---------------------------------------------------------------------------------


@dataclass
class PropertyCheck:
    """One property as a harness check: runs the REMOTE or LOCAL variant, or skips with a reason."""

    name: str
    remote: Callable[[_Run], None]
    local: Callable[[_Run], None] | None = None

    def run(self, target: Target) -> CheckResult:
        started = time.perf_counter()
        run: _Run | None = None

        def result(outcome: Any, message: str) -> CheckResult:
            secrets = _secrets(target.credentials) if run is not None else {}
            return CheckResult(
                target.name,
                self.name,
                outcome,
                _mask(message, secrets),
                time.perf_counter() - started,
                run.examples if run and run.examples else None,
            )

        try:
            run = _Run(target)
            if self.name in target.skips:
                return result("skipped", target.skips[self.name])
            capability = target.connector.info.capability(Operation.CREATE_CUSTOMER)
            if capability is Capability.UNSUPPORTED:
                return result("skipped", "customers.create is not supported by this connector")
            variant = self.local if capability is Capability.LOCAL else self.remote
            if variant is None:
                return result("skipped", NOT_LOCAL)
            variant(run)
        except PropertyFailure as failure:
            return result("failed", str(failure))
        except Exception as exc:  # the check must report, never raise
            return result("failed", f"the property could not run: {_crash(exc)}")
        return result("passed", run.note or f"{run.examples:,} examples")


PROPERTY_NAMES = (
    "property:build-total",
    "property:no-silent-drops",
    "property:secrets-placement",
    "property:deterministic-build",
    "property:response-total",
    "property:status-category",
)


def property_checks() -> list[Check]:
    """The property checks, in the order they run."""
    return [
        PropertyCheck("property:build-total", _build_total_remote, _build_total_local),
        PropertyCheck("property:no-silent-drops", _no_silent_drops),
        PropertyCheck("property:secrets-placement", _secrets_placement),
        PropertyCheck("property:deterministic-build", _deterministic_remote, _deterministic_local),
        PropertyCheck("property:response-total", _response_total),
        PropertyCheck("property:status-category", _status_category),
    ]
