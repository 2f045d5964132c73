"""Property checks: hypothesis drives a connector with generated requests and replies.

Requests are built the way a client builds them (``client.customers.prepare``: the core's checks,
the connector's hook, what the core adds), with no network; replies go straight to the
connector's response and error hooks. Each check reports the smallest failing example hypothesis
found (credentials masked). REMOTE operations get every property; LOCAL ones get
``build-total`` and ``deterministic-build``.

    property:build-total          a valid request builds into a well-formed HttpRequest, or is
                                  refused with InvalidRequestError naming canonical fields
    property:no-silent-drops      every canonical value reaches the wire
    property:secrets-placement    credentials only where declared (auth headers and body fields);
                                  personal data never in the URL
    property:deterministic-build  same input, same HttpRequest; the idempotency key goes where
                                  declared and follows the key
    property:response-total       any reply becomes a customer id or a ConnectorError, quickly and
                                  in bounded memory
    property:status-category      an unreadable reply is classified by its HTTP status alone
    property:field-map            each canonical field lands where ConnectorInfo.fields says
    property:secrets-echoed       replies repeating the credentials leak them into no result,
                                  error or log line
    property:error-never-success  no recorded error reply is ever read as a created customer,
                                  whatever its HTTP status
"""

from __future__ import annotations

import json
import logging
import os
import re
import sysconfig
import time
import tracemalloc
import unicodedata
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
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
from ._expect import EXPECT_SUFFIX, ExpectationError, load_expectation
from ._fieldmap import field_map_problems, field_strategy, minimal_base, sample_value, with_path
from ._fit import fitted_requests
from .scenarios import DISAGREEING, EVERY_FIELD, LONE_PARTS, fit

__all__ = ["PROPERTY_NAMES", "PropertyCheck", "property_checks"]

T = TypeVar("T")

BUILD = "paywire_create_customer_request"
HANDLE = "paywire_create_customer_response"
ERROR = "paywire_error"

HARNESS_BASE_URL = "https://paywire-harness.test/base-path"
"""A ``base_url=`` the checks also build against: requests must go under it."""
MAX_SECONDS = 1.0
"""Longest a response hook may take on one reply."""
MEMORY_SLACK = 32 * 1024 * 1024
MEMORY_FACTOR = 50
"""A response hook's peak allocation must stay under MEMORY_SLACK + MEMORY_FACTOR x body size."""
NOT_LOCAL = "not applicable to a local operation"
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class PropertyFailure(Exception):
    """A property does not hold; the message points at the defect and shows the example."""


# -- settings -----------------------------------------------------------------------------------


def _settings() -> hypothesis.settings:
    """The active profile (``ci``/``nightly`` from ``_profiles``), reproducible when none is."""
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
            HealthCheck.filter_too_much,
        ],
    )


def run_hypothesis(strategy: st.SearchStrategy[T], body: Callable[[T], None], examples: Sequence[T] = ()) -> None:
    """Run ``body`` over ``strategy``, then over ``examples``; re-raise the PropertyFailure of the
    example hypothesis shrank the failure to, if any. The explicit examples come last, so that a
    defect generation finds is reported at its smallest (hypothesis never shrinks explicit ones)."""

    @_settings()
    @given(strategy)
    def test(value: T) -> None:
        body(value)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HypothesisWarning)  # e.g. "overly large repr" of a huge reply
            test()
    except BaseExceptionGroup as group:  # FlakyFailure: the connector answered differently twice
        found = _first_failure(group)
        if found is None:
            raise
        raise PropertyFailure(f"{found} (and the connector is not deterministic: a rerun passed)") from None
    for value in examples:
        body(value)


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


def describe(request: BaseModel) -> str:
    """A generated request, values shown (they are generated), long strings shortened."""
    return json.dumps(_plain(request), ensure_ascii=False)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit] + f"…({len(text)} chars)"


_LIBRARY_DIRS = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    | {os.path.dirname(json.__file__), os.path.dirname(paywire.__file__)}
)


def crash(exc: BaseException) -> str:
    """What a hook raised, seen through ``Connector.call``'s PluginError wrapper, with the line of
    the connector's code that raised it."""
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


def _personal(path: str) -> bool:
    """Whether the canonical field at ``path`` holds personal data, as the models declare it."""
    *parents, leaf = path.split(".")
    model: type[BaseModel] = paywire.Address if parents else paywire.CreateCustomerRequest
    annotation = str(model.model_fields[leaf].annotation)
    return leaf in getattr(model, "personal_fields", ()) or "SecretStr" in annotation


def field_values(request: paywire.CreateCustomerRequest) -> Iterator[FieldValue]:
    """Every string a request holds, with its canonical field (metadata keys and values both)."""
    for path, value in paywire.set_fields(request):
        if path == "connector_feature_data":
            continue
        is_personal = _personal(path)
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        for item in [items] if isinstance(items, str) else items:
            yield FieldValue(path, item, is_personal)


def is_canonical_path(path: str) -> bool:
    """Whether ``path`` names a canonical field (``metadata.<key>``, ``preferred_locales.0`` too)."""
    if path in ("idempotency_key", "test_mode", "address", "address.billing_address", "address.shipping_address"):
        return True
    return any(path == f or path.startswith(f + ".") for f in paywire.CANONICAL_FIELDS)


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


def url_tail(url: str, base_url: str | None) -> str:
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
            url_tail(self.request.url, self.base_url),
        ]
        self.haystack = "\x00".join(self.strings)  # NUL: no canonical value holds one

    def holds(self, value: str) -> bool:
        """``value`` appears, exactly or after a harmless change (stripped, case, NFC, or split
        into words, as a name split into given and family names)."""
        if value in self.haystack:
            return True
        stripped = value.strip()
        if stripped and stripped in self.haystack:
            return True
        if self._folded is None:
            self._folded = unicodedata.normalize("NFC", self.haystack).casefold()
        folded = unicodedata.normalize("NFC", stripped or value).casefold()
        return folded in self._folded or all(word in self._folded for word in folded.split())


def idempotency_value(request: paywire.HttpRequest, idem: paywire.Idempotency) -> str | None:
    """The key ``request`` carries where ``idem`` says (a header, or a top-level JSON body field)."""
    if idem.kind == "header":
        wanted = idem.name.lower()
        return next((v for k, v in request.headers.items() if k.lower() == wanted), None)
    if idem.kind != "body":
        return None
    try:
        value = json.loads(request.body)
    except (ValueError, RecursionError):
        return None
    found = value.get(idem.name) if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


# -- building -----------------------------------------------------------------------------------


class _Refusing:
    """The transport of the property clients: properties never send anything."""

    def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        raise paywire.TransportFailure("network", "property checks send nothing", sent=False)

    def close(self) -> None:
        pass


@dataclass
class Run:
    """Per-check state: the target, the clients it builds through, examples counted."""

    target: Target
    examples: int = 0
    accepted: int = 0
    note: str = ""
    _clients: dict[str, paywire.Client] = field(default_factory=dict)

    @property
    def info(self) -> paywire.ConnectorInfo:
        return self.target.connector.info

    def client(self, base_url: str | None = None) -> paywire.Client:
        """A client of the target on ``base_url`` (None: the connector's default), with no network."""
        key = base_url or ""
        if key not in self._clients:
            self._clients[key] = paywire.Client(
                self.target.name,
                credentials=self.target.credentials,
                base_url=base_url,
                max_retries=0,
                transport=_Refusing(),
            )
        return self._clients[key]

    def base_url(self, given: str | None) -> str:
        return self.client(given).base_url

    def base_urls(self) -> st.SearchStrategy[str | None]:
        return st.sampled_from([None, HARNESS_BASE_URL])

    def requests(self, *, full: bool = False) -> st.SearchStrategy[paywire.CreateCustomerRequest]:
        """Requests within what the connector declares it holds, and now and then beyond it."""
        return fitted_requests(self.info, full=full)

    def every_field(self) -> paywire.CreateCustomerRequest:
        """Every canonical field, fitted to the connector."""
        return paywire.CreateCustomerRequest.model_validate(fit(EVERY_FIELD, self.info))

    def explicit(self) -> list[paywire.CreateCustomerRequest]:
        """The explicit examples every request property tries after generation: every canonical
        field (values that agree with each other), every canonical field with the values a
        processor keeps in one place disagreeing, and parts that mean little alone (a connector
        carries them or refuses them)."""
        return [
            paywire.CreateCustomerRequest.model_validate(fit(example, self.info))
            for example in (EVERY_FIELD, DISAGREEING, LONE_PARTS)
        ]

    def prepare(
        self, request: paywire.CreateCustomerRequest, key: str, base_url: str | None = None
    ) -> paywire.HttpRequest | None:
        """The request a client would send, None when it is refused as invalid (checked to name
        canonical fields); any other outcome is a PropertyFailure."""
        try:
            built = self.client(base_url).customers.prepare(request, idempotency_key=key)
        except paywire.InvalidRequestError as exc:
            check_rejection(exc, request)
            return None
        except Exception as exc:
            raise PropertyFailure(
                f"{BUILD} raised {crash(exc)} instead of building a request or raising InvalidRequestError; "
                f"request: {describe(request)}"
            ) from None
        self.accepted += 1
        return built

    def secrets(self) -> dict[str, str]:
        """The target's secret values by field name (too-short values cannot be searched for)."""
        credentials = self.target.credentials
        out = {}
        for name in type(credentials).model_fields:
            value = getattr(credentials, name, None)
            if isinstance(value, SecretStr) and len(value.get_secret_value()) >= 4:
                out[name] = value.get_secret_value()
        return out


def check_rejection(exc: paywire.InvalidRequestError, request: paywire.CreateCustomerRequest) -> None:
    if not exc.field_errors:
        raise PropertyFailure(
            f"rejected a valid request with InvalidRequestError naming no field; request: {describe(request)}"
        )
    bad = [e.field for e in exc.field_errors if not is_canonical_path(e.field)]
    if bad:
        raise PropertyFailure(
            f"rejected a request naming non-canonical field(s) {', '.join(map(repr, bad))} "
            f"(field_errors must use dotted canonical paths such as "
            f"'address.billing_address.zip_code'); request: {describe(request)}"
        )


def well_formed(built: paywire.HttpRequest, base_url: str) -> str | None:
    """Why ``built`` is not a well-formed request under ``base_url``, or None."""
    if built.method not in _METHODS:
        return f"HTTP method {built.method!r} is not one of {sorted(_METHODS)}"
    url: Any = built.url
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return "URL is not an absolute http(s) URL"
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" or ord(ch) > 0x7E for ch in url):
        return "URL holds spaces, control or non-ASCII characters (percent-encode them)"
    if not (url == base_url or url.startswith((base_url + "/", base_url + "?"))):
        return f"URL does not start with the client's base URL {base_url!r} (got {url_tail(url, None)!r})"
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


def _build_total_remote(run: Run) -> None:
    def body(case: tuple[paywire.CreateCustomerRequest, str | None, str]) -> None:
        request, base_url, key = case
        run.examples += 1
        built = run.prepare(request, key, base_url)
        if built is None:
            return
        problem = well_formed(built, run.base_url(base_url))
        if problem:
            raise PropertyFailure(
                f"{BUILD} built a malformed request: {problem}; request: {describe(request)}, base_url: {base_url!r}"
            )

    started = time.perf_counter()
    run_hypothesis(
        st.tuples(run.requests(), run.base_urls(), strategies.idempotency_keys(run.info.idempotency.max_length)),
        body,
        [(example, None, "paywire-harness-every-field") for example in run.explicit()],
    )
    _note_acceptance(run, started)


def _note_acceptance(run: Run, started: float) -> None:
    if run.examples and not run.accepted:
        raise PropertyFailure(
            f"none of {run.examples} generated requests was accepted: the property proved nothing "
            f"(does the connector refuse everything, or need fields its declaration does not say?)"
        )
    elapsed = time.perf_counter() - started
    share = 1 - run.accepted / run.examples if run.examples else 0.0
    run.note = f"{run.examples:,} requests in {elapsed:.2f}s; {share:.0%} refused with InvalidRequestError"


def _build_total_local(run: Run) -> None:
    def body(request: paywire.CreateCustomerRequest) -> None:
        run.examples += 1
        key = f"paywire-harness-{uuid.uuid4()}"
        try:
            built = run.client().customers.create(request, idempotency_key=key)
        except paywire.InvalidRequestError as exc:
            check_rejection(exc, request)
            return
        except Exception as exc:
            raise PropertyFailure(
                f"{BUILD} raised {crash(exc)} instead of a customer id or InvalidRequestError; "
                f"request: {describe(request)}"
            ) from None
        run.accepted += 1
        if built.merchant_customer_id != request.merchant_customer_id:
            raise PropertyFailure(f"the response does not echo merchant_customer_id; request: {describe(request)}")

    started = time.perf_counter()
    run_hypothesis(run.requests(), body, run.explicit())
    _note_acceptance(run, started)


def _holds_converted(info: paywire.ConnectorInfo, item: FieldValue, wire: Wire) -> bool:
    """Whether ``wire`` holds the value the connector declares it sends in converted form
    (``FieldMap.convert``: an alpha-3 country, a phone's digits without '+'): not a drop."""
    mapping = info.fields.get(item.path)
    if mapping is None or mapping.convert is None:
        return False
    try:
        converted = mapping.convert(item.value)
    except Exception:  # a conversion that cannot take the value converts nothing
        return False
    return bool(converted) and wire.holds(converted)


def _no_silent_drops(run: Run) -> None:
    def body(case: tuple[paywire.CreateCustomerRequest, str | None]) -> None:
        request, base_url = case
        run.examples += 1
        built = run.prepare(request, "paywire-harness-drops", base_url)
        if built is None:
            return
        wire = Wire(built, run.base_url(base_url))
        for item in field_values(request):
            if item.value and not wire.holds(item.value) and not _holds_converted(run.info, item, wire):
                raise PropertyFailure(
                    f"silent drop: the value of {item.path!r} ({_short(item.value, 60)!r}) is not in the built "
                    f"request's body, headers or URL, and {item.path!r} is not in "
                    f"ConnectorInfo.unsupported_fields; request: {describe(request)}"
                )

    run_hypothesis(st.tuples(run.requests(), run.base_urls()), body, [(example, None) for example in run.explicit()])


def _body_paths(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """``(dotted path, text)`` of every string in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _body_paths(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _body_paths(item, f"{prefix}{index}.")
    elif isinstance(value, str):
        yield prefix.rstrip("."), value


def secret_misplaced(built: paywire.HttpRequest, secrets: Mapping[str, str], info: paywire.ConnectorInfo) -> str | None:
    """Where a secret travels outside what ``info`` declares (``auth_headers``,
    ``auth_body_fields``), or None."""
    auth = frozenset(h.lower() for h in info.auth_headers)
    url_forms = (built.url, unquote_plus(built.url))
    try:
        data = json.loads(built.body)
    except (ValueError, RecursionError):
        data = None
    declared = {path: text for path, text in _body_paths(data) if path in info.auth_body_fields}
    rest = built.body
    for text in declared.values():
        rest = rest.replace(json.dumps(text, ensure_ascii=False)[1:-1].encode(), b"")
    for name, secret in secrets.items():
        if any(secret in form for form in url_forms):
            return f"credential {name!r} leaks into the URL: {paywire.redact(built.url, secrets.values())}"
        if secret.encode() in rest or any(secret in s for s in body_strings(rest)):
            return f"credential {name!r} is in the request body outside ConnectorInfo.auth_body_fields"
        for header, value in built.headers.items():
            if secret in value and header.lower() not in auth:
                return (
                    f"credential {name!r} is sent in header {header!r}, which is not in "
                    f"ConnectorInfo.auth_headers {sorted(auth)}"
                )
    return None


def _secrets_placement(run: Run) -> None:
    secrets = run.secrets()
    key = "paywire-harness-secrets"
    baselines: dict[str | None, str] = {}

    def baseline(base_url: str | None) -> str:
        """The URL tail of the minimal request: what the connector puts in every URL."""
        if base_url not in baselines:
            built = run.prepare(paywire.CreateCustomerRequest(email="minimal@example.com"), key, base_url)
            baselines[base_url] = url_tail(built.url, run.base_url(base_url)) if built else ""
        return baselines[base_url]

    def body(case: tuple[paywire.CreateCustomerRequest, str | None]) -> None:
        request, base_url = case
        run.examples += 1
        built = run.prepare(request, key, base_url)
        if built is None:
            return
        problem = secret_misplaced(built, secrets, run.info)
        if problem:
            raise PropertyFailure(problem)
        tail, base_tail = url_tail(built.url, run.base_url(base_url)), baseline(base_url)
        values = sorted(field_values(request), key=lambda item: -len(item.value))  # longest first
        public = [item.value for item in values if not item.personal and item.value in tail]
        for item in values:
            if not (item.personal and item.value and item.value in tail) or item.value in base_tail:
                continue
            if not any(item.value in value for value in public):  # not explained by a non-personal value
                raise PropertyFailure(
                    f"personal data from {item.path!r} appears in the URL "
                    f"{_short(paywire.redact(built.url, secrets.values()))}; request: {describe(request)}"
                )

    run_hypothesis(st.tuples(run.requests(), run.base_urls()), body, [(example, None) for example in run.explicit()])


def _as_tuple(request: paywire.HttpRequest) -> tuple[str, str, dict[str, str], bytes]:
    return request.method, request.url, dict(request.headers), request.body


def _deterministic_remote(run: Run) -> None:
    idem = run.info.idempotency
    limit = idem.max_length

    def body(case: tuple[paywire.CreateCustomerRequest, str | None, str]) -> None:
        request, base_url, key = case
        run.examples += 1
        first = run.prepare(request, key, base_url)
        twin = paywire.CreateCustomerRequest.model_validate(request.model_dump())  # SecretStr stays secret
        second = run.prepare(twin, key, base_url)
        if (first is None) != (second is None):
            raise PropertyFailure(f"the same request was built once and refused once; request: {describe(request)}")
        if first is None or second is None:
            return
        a, b = _as_tuple(first), _as_tuple(second)
        if a != b:
            part = ("method", "URL", "headers", "body")[next(i for i in range(4) if a[i] != b[i])]
            raise PropertyFailure(
                f"building the same request twice gave different {part} (time, randomness or "
                f"mutable state in the build hook?); request: {describe(request)}"
            )
        if not idem.on_the_wire:
            return
        where = f"{idem.kind} {idem.name!r}"
        if idempotency_value(first, idem) != key:
            raise PropertyFailure(
                f"the idempotency key is not in the {where} declared by ConnectorInfo.idempotency "
                f"(key {key!r}): the hook overwrote what the core put there; request: {describe(request)}"
            )
        other = (key[:-1] + ("b" if key[-1] == "a" else "a")) if len(key) >= limit else key + "x"
        third = run.prepare(request, other, base_url)
        if third is None or idempotency_value(third, idem) != other:
            raise PropertyFailure(
                f"changing the idempotency key did not change the {where} (stale or cached "
                f"key?); request: {describe(request)}"
            )

    run_hypothesis(
        st.tuples(run.requests(), run.base_urls(), strategies.idempotency_keys(limit)),
        body,
        [(example, None, "paywire-harness-every-field") for example in run.explicit()],
    )


def _deterministic_local(run: Run) -> None:
    def body(request: paywire.CreateCustomerRequest) -> None:
        run.examples += 1
        key = f"paywire-harness-{uuid.uuid4()}"  # fresh: a stateful connector remembers keys
        outcomes: list[str | None] = []
        for _ in range(2):
            try:
                built = run.client().customers.create(request, idempotency_key=key)
            except paywire.InvalidRequestError:
                outcomes.append(None)
                continue
            except Exception as exc:
                raise PropertyFailure(
                    f"calling {BUILD} twice with the same request and idempotency key raised "
                    f"{crash(exc)}; request: {describe(request)}"
                ) from None
            outcomes.append(built.connector_customer_id)
        if outcomes[0] != outcomes[1]:
            raise PropertyFailure(
                f"the same request and idempotency key gave different results "
                f"({outcomes[0]!r} then {outcomes[1]!r}); request: {describe(request)}"
            )

    run_hypothesis(run.requests(), body, run.explicit())


def call_response(run: Run, request: paywire.CreateCustomerRequest, response: paywire.HttpResponse) -> tuple[str, Any]:
    """('result', value) or ('raised', exception) from the hook the core would call."""
    context = paywire.OperationContext(
        run.target.name,
        Operation.CREATE_CUSTOMER,
        run.base_url(None),
        "paywire-harness-response",
        options=run.client().options,
    )
    connector = run.target.connector
    try:
        if response.is_success:
            return "result", connector.call(HANDLE, request=request, response=response, context=context)
        return "result", connector.call(ERROR, response=response, context=context)
    except Exception as exc:
        return "raised", exc


def reply(response: paywire.HttpResponse) -> str:
    sample = response.body[:80]
    more = f"…({len(response.body):,} bytes)" if len(response.body) > 80 else ""
    return f"HTTP {response.status_code}, headers {dict(response.headers)}, body {sample!r}{more}"


def check_outcome(response: paywire.HttpResponse, kind: str, value: Any) -> None:
    """What a response or error hook gave for ``response`` is what the core can use."""
    if response.is_success:
        if kind == "raised":
            if isinstance(value, paywire.ConnectorError):
                return
            raise PropertyFailure(
                f"{HANDLE} raised {crash(value)} on a 2xx reply instead of returning the customer id or "
                f"raising ConnectorError; reply: {reply(response)}"
            )
        if not isinstance(value, str) or not value.strip():
            raise PropertyFailure(
                f"{HANDLE} returned {type(value).__name__} {value!r}, not the customer id (a non-empty str); "
                f"reply: {reply(response)}"
            )
        return
    if kind == "raised":
        what = (
            "raised a ConnectorError instead of returning it"
            if isinstance(value, paywire.ConnectorError)
            else f"raised {crash(value)}"
        )
        raise PropertyFailure(f"{ERROR} {what} on an error reply; reply: {reply(response)}")
    if value is not None and not isinstance(value, paywire.ConnectorError):
        raise PropertyFailure(f"{ERROR} returned {type(value).__name__}, not ConnectorError; reply: {reply(response)}")


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


def _response_total(run: Run) -> None:
    def body(case: tuple[paywire.CreateCustomerRequest, paywire.HttpResponse]) -> None:
        request, response = case
        run.examples += 1
        started = time.perf_counter()
        kind, value = call_response(run, request, response)
        elapsed = time.perf_counter() - started
        check_outcome(response, kind, value)
        if elapsed > MAX_SECONDS:  # measure again before blaming the connector for a busy machine
            for _ in range(2):
                started = time.perf_counter()
                call_response(run, request, response)
                elapsed = min(elapsed, time.perf_counter() - started)
            if elapsed > MAX_SECONDS:
                raise PropertyFailure(
                    f"handling one reply took {elapsed:.2f} s (limit {MAX_SECONDS} s); reply: {reply(response)}"
                )
        peak = _peak_allocation(lambda: call_response(run, request, response))
        budget = MEMORY_SLACK + MEMORY_FACTOR * len(response.body)
        if peak > budget:
            raise PropertyFailure(
                f"handling one reply allocated {peak / 2**20:.1f} MiB at peak (limit "
                f"{budget / 2**20:.1f} MiB for this body); reply: {reply(response)}"
            )

    run_hypothesis(st.tuples(run.requests(), strategies.http_responses()), body)


STATUSES = (400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504)
"""Statuses ``status-category`` tries with every generated unreadable body (plus a random one)."""


def _status_category(run: Run) -> None:
    def one(request: paywire.CreateCustomerRequest, response: paywire.HttpResponse) -> None:
        kind, value = call_response(run, request, response)
        check_outcome(response, kind, value)
        if response.is_success:
            if not (kind == "raised" and value.code is paywire.ErrorCode.UNPARSEABLE_RESPONSE):
                raise PropertyFailure(
                    f"a 2xx reply with an unreadable body must raise ConnectorError "
                    f"'unparseable_response'; reply: {reply(response)}"
                )
            return
        error = value if value is not None else paywire.status_error(response)
        expected = paywire.error_code_for_status(response.status_code)
        if error.code is not expected:
            raise PropertyFailure(
                f"HTTP {response.status_code} with an unreadable body became {error.code.value!r}; "
                f"the status alone says {expected.value!r} (paywire.error_code_for_status); "
                f"reply: {reply(response)}"
            )

    def body(case: tuple[paywire.CreateCustomerRequest, paywire.HttpResponse]) -> None:
        request, drawn = case
        for status in (*STATUSES, drawn.status_code):
            run.examples += 1
            one(request, paywire.HttpResponse(status, drawn.headers, drawn.body))

    statuses = st.one_of(strategies.error_status_codes(), st.sampled_from([200, 201]))
    run_hypothesis(
        st.tuples(run.requests(), strategies.http_responses(statuses, strategies.unreadable_bodies())),
        body,
    )


def _merged(base: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in data.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _field_map(run: Run) -> None:
    info = run.info
    fields = {path: mapping for path, mapping in info.fields.items() if path != "connector_feature_data"}
    if not fields:
        raise PropertyFailure(
            "ConnectorInfo.fields declares no field map: say where each canonical field lands (see static:field-map)"
        )
    base = minimal_base(info)
    accepted: dict[str, int] = dict.fromkeys(fields, 0)

    def attempt(path: str, value: Any) -> None:
        mapping = fields[path]
        data = with_path({}, path, value)
        for extra in mapping.with_fields:
            data = with_path(data, extra, sample_value(extra))
        for candidate in (data, _merged(base, data)):
            try:
                request = paywire.CreateCustomerRequest.model_validate(fit(candidate, info))
            except paywire.InvalidRequestError:
                return
            held = paywire.field_value(request, path)
            if held is None or held == () or held == {}:
                return  # fitted away: nothing of it to find
            built = run.prepare(request, "paywire-harness-field-map")
            if built is None:
                continue
            accepted[path] += 1
            problem = field_map_problems(path, mapping, held, built)
            if problem:
                raise PropertyFailure(f"{problem}; request: {describe(request)}")
            return

    def body(case: tuple[str, Any]) -> None:
        run.examples += 1
        attempt(*case)

    paths = st.sampled_from(sorted(fields))
    run_hypothesis(paths.flatmap(lambda path: st.tuples(st.just(path), field_strategy(path))), body)
    for path in fields:  # and each field once with a realistic value, whatever the draws reached
        value = sample_value(path)
        if value is not None:
            run.examples += 1
            attempt(path, value)
    never = [path for path, count in accepted.items() if not count]
    if never:
        raise PropertyFailure(
            f"no request holding {', '.join(map(repr, never))} was accepted, so where it lands is unproven: "
            f"declare the fields the processor needs beside it (FieldMap.with_fields)"
        )


_ECHO_NAMES = ("x-echo", "request-id", "www-authenticate", "x-api-key", "authorization")


@st.composite
def _echoing_replies(draw: st.DrawFn, secrets: tuple[str, ...]) -> paywire.HttpResponse:
    """Replies that repeat a credential: in an error message, a header, a body field, an HTML page
    (and, after generation, the connector's own recorded error replies repeating one)."""
    secret = draw(st.sampled_from(secrets))
    spoken = draw(st.sampled_from([secret, f"invalid key {secret}", f"Bearer {secret}", f"{secret[:-1]}*"]))
    bodies = st.sampled_from(
        [
            {"error": {"message": spoken, "code": "invalid_api_key", "type": "invalid_request_error"}},
            {"error": spoken},
            {"error_codes": [spoken], "error_type": "request_invalid", "request_id": spoken},
            {"title": "Unauthorized Request", "detail": spoken, "status": 401},
            {"data": None, "errors": [{"message": spoken, "extensions": {"errorClass": "AUTHENTICATION"}}]},
            {"_embedded": {"errors": [{"code": "UNKNOWN", "message": spoken, "logref": spoken}]}},
            {"errors": [{"message": spoken, "detail": spoken, "code": "UNAUTHORIZED", "field": "key"}]},
            {"message": spoken, "code": "unauthorized", "errorCode": "000", "status": 401},
            {"id": secret, "object": "customer", "echo": spoken},
            {"messages": {"resultCode": "Error", "message": [{"code": "E00007", "text": spoken}]}},
        ]
    ).map(lambda data: json.dumps(data).encode())
    html = st.just(f"<html><body>{spoken}</body></html>".encode())
    status = draw(st.sampled_from([200, 201, 400, 401, 402, 403, 404, 409, 422, 429, 500, 503]))
    headers = draw(st.dictionaries(st.sampled_from(_ECHO_NAMES), st.just(spoken), max_size=3))
    return paywire.HttpResponse(status, {"content-type": "application/json", **headers}, draw(st.one_of(bodies, html)))


class _Answering:
    """A transport answering every request (token requests included) with one reply."""

    def __init__(self, response: paywire.HttpResponse) -> None:
        self.response = response

    def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        return self.response

    def close(self) -> None:
        pass


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(record.getMessage())
        self.texts.extend(str(value) for value in vars(record).values())


def _texts(outcome: Any) -> list[str]:
    """Every text a host could see of an outcome: str, repr, attributes, the model dump."""
    if isinstance(outcome, paywire.CreateCustomerResponse):
        return [repr(outcome), outcome.model_dump_json()]
    texts = [str(outcome), repr(outcome), *(str(a) for a in outcome.args)]
    return texts + [str(value) for value in vars(outcome).values()]


def _secrets_echoed(run: Run) -> None:
    secrets = tuple(run.secrets().values())
    if not secrets:
        run.note = "no secret credential fields: nothing to echo"
        return
    logger = logging.getLogger("paywire")
    records = _Records()
    level = logger.level

    def body(response: paywire.HttpResponse) -> None:
        run.examples += 1
        records.texts.clear()
        client = paywire.Client(
            run.target.name, credentials=run.target.credentials, max_retries=0, transport=_Answering(response)
        )
        try:
            outcome: Any = client.customers.create(run.every_field(), idempotency_key="paywire-harness-echo")
        except paywire.PaywireError as exc:
            outcome = exc
        for text in [*_texts(outcome), *records.texts]:
            leaked = next((name for name, secret in run.secrets().items() if secret in text), None)
            if leaked:
                kind = "result" if isinstance(outcome, paywire.CreateCustomerResponse) else type(outcome).__name__
                raise PropertyFailure(
                    f"a reply repeating credential {leaked!r} leaks it into the {kind} or the DEBUG log; "
                    f"reply: HTTP {response.status_code}, headers {sorted(response.headers)}"
                )

    logger.addHandler(records)
    logger.setLevel(logging.DEBUG)
    try:
        run_hypothesis(_echoing_replies(secrets), body, _recorded_echoes(run.target, secrets))
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)


def _with_secret(value: Any, secret: str) -> Any:
    """``value`` (a JSON document) with ``secret`` added to every text in it."""
    if isinstance(value, str):
        return f"{value} {secret}"
    if isinstance(value, list):
        return [_with_secret(item, secret) for item in value]
    if isinstance(value, dict):
        return {key: _with_secret(item, secret) for key, item in value.items()}
    return value


def _recorded_echoes(target: Target, secrets: tuple[str, ...]) -> list[paywire.HttpResponse]:
    """The connector's own recorded error replies, every text in them repeating a credential: the
    processor's real error shape reaches the connector's parser, which must not hand it back."""
    echoes: list[paywire.HttpResponse] = []
    for raw in recorded_error_bodies(target):
        try:
            document = json.loads(raw)
        except ValueError:
            continue
        for status in (400, 401, 200):
            secret = secrets[len(echoes) % len(secrets)]
            body = json.dumps(_with_secret(document, secret)).encode()
            echoes.append(paywire.HttpResponse(status, {"content-type": "application/json"}, body))
    return echoes


def recorded_error_bodies(target: Target) -> list[bytes]:
    """The body of every error reply in the connector's cassettes (HTTP >= 400, and the 2xx ones
    its expectations say are errors)."""
    folder = target.cassette_dir
    if folder is None or not folder.is_dir():
        return []
    import yaml

    found: list[bytes] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name.endswith(EXPECT_SUFFIX):
            continue
        errors_only = _expects_only_errors(path.with_name(path.name.removesuffix(".yaml") + EXPECT_SUFFIX))
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for interaction in data.get("interactions", []):
            response = interaction.get("response", {})
            body = (response.get("body") or {}).get("string")
            status = response.get("status", {}).get("code", 200)
            if body and (status >= 400 or (errors_only and 200 <= status < 300)):
                found.append(body.encode() if isinstance(body, str) else body)
    return list(dict.fromkeys(found))


def _expects_only_errors(path: Path) -> bool:
    """Whether the reviewed expectation at ``path`` says every call of its scenario ends in an error
    (so every 2xx reply its cassette holds is an error inside a 2xx: GraphQL, Authorize.net)."""
    try:
        expectation = load_expectation(path)
    except ExpectationError:
        return False
    outcomes = [call.outcome for call in expectation.calls]
    return bool(outcomes) and all(outcome is not None and "error" in outcome for outcome in outcomes)


def _error_never_success(run: Run) -> None:
    bodies = recorded_error_bodies(run.target)
    if not bodies:
        run.note = "no recorded error replies (no cassettes)"
        if run.target.cassette_dir is None:
            raise _NotApplicable("no cassettes: no recorded error replies to try")
        return
    request = paywire.CreateCustomerRequest(email="minimal@example.com")
    for body in bodies:
        for status in (200, 201):
            run.examples += 1
            response = paywire.HttpResponse(status, {"content-type": "application/json"}, body)
            kind, value = call_response(run, request, response)
            if kind == "result":
                raise PropertyFailure(
                    f"an error reply the processor sent (recorded in a cassette) is read as a created customer "
                    f"({value!r}) when it arrives with HTTP {status}: an error inside a 2xx reply must raise "
                    f"ConnectorError; body {body[:120]!r}"
                )
            if not isinstance(value, paywire.ConnectorError):
                raise PropertyFailure(
                    f"{HANDLE} raised {crash(value)} on a recorded error body sent with HTTP {status}"
                )


class _NotApplicable(Exception):
    """The property cannot apply to this target (the message says why)."""


# -- the checks ---------------------------------------------------------------------------------


@dataclass
class PropertyCheck:
    """One property as a harness check: runs the REMOTE or LOCAL variant, or skips with a reason."""

    name: str
    remote: Callable[[Run], None]
    local: Callable[[Run], None] | None = None

    def run(self, target: Target) -> CheckResult:
        started = time.perf_counter()
        run = Run(target)

        def result(outcome: Any, message: str) -> CheckResult:
            return CheckResult(
                target.name,
                self.name,
                outcome,
                paywire.redact(message, run.secrets().values()),
                time.perf_counter() - started,
                run.examples or None,
            )

        try:
            capability = target.connector.info.capability(Operation.CREATE_CUSTOMER)
            if capability is Capability.UNSUPPORTED:
                return result("skipped", "customers.create is not supported by this connector")
            variant = self.local if capability is Capability.LOCAL else self.remote
            if variant is None:
                return result("skipped", NOT_LOCAL)
            try:
                run.client()
            except paywire.PaywireError as exc:
                return result("failed", f"the property could not run: no client for {target.name}: {exc}")
            variant(run)
        except PropertyFailure as failure:
            return result("failed", str(failure))
        except _NotApplicable as reason:
            return result("skipped", str(reason))
        except Exception as exc:  # the check must report, never raise
            return result("failed", f"the property could not run: {crash(exc)}")
        finally:
            for client in run._clients.values():
                client.close()
        return result("passed", run.note or f"{run.examples:,} examples")


def property_checks() -> list[Check]:
    """The property checks, in the order they run."""
    return [
        PropertyCheck("property:build-total", _build_total_remote, _build_total_local),
        PropertyCheck("property:no-silent-drops", _no_silent_drops),
        PropertyCheck("property:secrets-placement", _secrets_placement),
        PropertyCheck("property:deterministic-build", _deterministic_remote, _deterministic_local),
        PropertyCheck("property:response-total", _response_total),
        PropertyCheck("property:status-category", _status_category),
        PropertyCheck("property:field-map", _field_map),
        PropertyCheck("property:secrets-echoed", _secrets_echoed),
        PropertyCheck("property:error-never-success", _error_never_success),
    ]


PROPERTY_NAMES = tuple(check.name for check in property_checks())
