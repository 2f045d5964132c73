"""One operation call, written once for sync and async.

``run_operation`` is a generator: it yields ``Send``, ``Sleep`` and ``GetToken`` commands and
receives the transport's replies (and tokens), so the whole policy (check, build, send, handle,
retry, idempotency, logging) is shared by ``Client`` and ``AsyncClient``, which only drive it
(``drive`` / ``adrive``).

Retry policy, from what the connector declares (``ConnectorInfo.idempotency``):

- a failure before the request left (connection refused, connect or pool timeout), HTTP 408, 425
  and 429 are retried: the processor cannot have acted;
- an ambiguous failure (reset or read timeout after sending, HTTP 5xx, HTTP 409 "in flight", a
  2xx reply that cannot be read) is retried only where a retry cannot create a second customer:
  the key travels to the processor, or the processor deduplicates by a natural key the request
  holds; otherwise it raises ``OutcomeUnknownError``;
- an error inside a 2xx reply (Authorize.net, GraphQL) is the processor's answer: retried only if
  it says so (``retryable``) or rate-limits; but one saying the processor failed while handling
  the request (``PROCESSOR_UNAVAILABLE``: a GraphQL API's ``INTERNAL`` error, the 5xx of an API
  that answers every error with HTTP 200) is ambiguous, like a 5xx;
- the processor's ``retryable=False`` hint, and any other 4xx, are never retried;
- backoff doubles with jitter, ``Retry-After`` is honoured up to ``RetryPolicy.max_retry_after``,
  at most ``max_retries`` retries, and no attempt or wait runs past ``RetryPolicy.deadline``.

Once an attempt may have reached the processor, a later failure that does not settle the
outcome also raises ``OutcomeUnknownError``: no result is ever silently lost. Every error raised
carries ``idempotency_key`` and no credential or token.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
import logging
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr

from ._config import RetryPolicy, Timeout
from ._connector import AccessToken, Capability, Credentials, Operation, OperationContext
from ._events import OperationEvent
from ._exceptions import (
    ConfigurationError,
    ConnectorError,
    ErrorCode,
    FieldError,
    InvalidRequestError,
    NotSupportedError,
    OutcomeUnknownError,
    PaywireError,
    PluginError,
)
from ._fields import check_request, field_value
from ._http import HttpRequest, HttpResponse, json_body, status_error, unparseable
from ._models import CreateCustomerRequest, CreateCustomerResponse
from ._plugins import Connector
from ._pool import queued_seconds
from ._redact import redact, secret_values
from ._tokens import TokenCache
from ._transport import AsyncTransport, Transport, TransportFailure

__all__ = ["CallSettings", "GetToken", "Send", "Sleep", "adrive", "drive", "prepare_request", "run_operation"]

logger = logging.getLogger("paywire")

BUILD = "paywire_create_customer_request"
HANDLE = "paywire_create_customer_response"
TOKEN_BUILD = "paywire_token_request"  # noqa: S105 - a hook name
TOKEN_HANDLE = "paywire_token_response"  # noqa: S105 - a hook name


@dataclass(frozen=True, slots=True)
class Send:
    request: HttpRequest
    timeout: Timeout


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class GetToken:
    """Ask the driver for the client's access token; ``stale``: the one the processor refused."""

    stale: SecretStr | None = None


Command = Send | Sleep | GetToken


@dataclass(frozen=True, slots=True)
class CallSettings:
    """What a client fixes for all its calls."""

    base_url: str
    timeout: Timeout
    retry: RetryPolicy
    options: Mapping[str, str]
    """Every declared option, defaults filled in."""
    headers: Mapping[str, str]
    """Headers the core adds to every request: ``User-Agent`` and the option headers."""
    tokens: TokenCache | None = None


# -- classifying a failed attempt ------------------------------------------------------------------

_SETTLING = frozenset({400, 401, 402, 403, 404, 405, 410, 413, 415, 422})
"""Replies that reject this very request: every attempt would get the same, and they settle the
outcome of earlier ambiguous attempts (the processor recognised the repeated request)."""

_REPEAT_REFUSALS = frozenset({ErrorCode.IDEMPOTENCY_CONFLICT, ErrorCode.DUPLICATE})
"""Refusals of a repeat (the key was used before, the profile exists: Airwallex answers a reused
``request_id`` with HTTP 400 instead of replaying): after an ambiguous attempt they say that
attempt reached the processor, never what became of it, so they settle nothing."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a failed attempt means: ``ambiguous`` (the processor may have acted), ``retryable``
    (another attempt may succeed; for an ambiguous failure only where the retry is safe),
    ``settles`` (the answer holds for earlier ambiguous attempts too)."""

    ambiguous: bool
    retryable: bool
    settles: bool


_MAY_HAVE_ACTED = frozenset({ErrorCode.UNPARSEABLE_RESPONSE, ErrorCode.TIMEOUT, ErrorCode.PROCESSOR_UNAVAILABLE})
"""Inside a 2xx reply, errors after which the processor may have acted (unless ``retryable=True``)."""


def _verdict(error: ConnectorError, *, sent: bool, keyed: bool) -> Verdict:
    status = error.status_code
    hint = error.retryable
    if status is None:  # no reply: the transport says whether the request left
        return Verdict(sent, hint is not False, False)
    if status >= 500:
        return Verdict(True, hint is not False, False)
    if status == 409:  # with a key: another attempt with this key is still in flight
        ambiguous = keyed and hint is not False
        return Verdict(ambiguous, ambiguous, False)
    if status in (408, 425, 429):
        return Verdict(False, hint is not False, False)
    if 200 <= status < 300:  # the response hook raised: an unreadable reply, or an error inside it
        if error.code in _MAY_HAVE_ACTED and hint is not True:  # as after a 5xx
            return Verdict(True, hint is not False, False)
        # A definite answer; retryable=True says the processor did nothing (maintenance, busy).
        return Verdict(False, bool(hint) or error.code is ErrorCode.RATE_LIMITED, error.code not in _REPEAT_REFUSALS)
    return Verdict(False, False, status in _SETTLING and error.code not in _REPEAT_REFUSALS)


# -- one call --------------------------------------------------------------------------------------


@dataclass
class Call:
    """One call of an operation on a connector, and what happened so far (the attempt record)."""

    connector: Connector
    request: CreateCustomerRequest
    credentials: Credentials
    settings: CallSettings
    key: str
    operation: Operation = Operation.CREATE_CUSTOMER
    what: str = Operation.CREATE_CUSTOMER.value
    """What the logs call this call: the operation, or ``token`` for a token exchange."""
    started: float = field(default_factory=time.monotonic)
    queued: float = field(default_factory=queued_seconds)
    """``queued_seconds()`` when the call started: waiting for a connection slot is not the call's time."""
    attempt: int = 1
    status: int | None = None
    request_id: str | None = None
    token: SecretStr | None = None
    maybe_acted: bool = False
    """Some attempt may have reached the processor and acted."""

    @property
    def name(self) -> str:
        return self.connector.name

    def elapsed(self) -> float:
        """Seconds the call has run, less the time it waited for a connection slot (behind the
        client's own calls): what ``RetryPolicy.deadline`` bounds."""
        return time.monotonic() - self.started - (queued_seconds() - self.queued)

    def remaining(self) -> float:
        return self.settings.retry.deadline - self.elapsed()

    def context(self) -> OperationContext:
        return OperationContext(
            self.name,
            self.operation,
            self.settings.base_url,
            self.key,
            attempt=self.attempt,
            options=self.settings.options,
            token=self.token,
        )

    def hook(self, name: str, **kwargs: Any) -> Any:
        return self.connector.call(name, context=self.context(), **kwargs)

    def log(self, outcome: str, retry_in: float | None = None) -> None:
        """One DEBUG record per attempt: facts about the call only, never headers or bodies."""
        if not logger.isEnabledFor(logging.DEBUG):
            return
        duration = time.monotonic() - self.started
        retry = f", retry in {retry_in * 1000:.0f} ms" if retry_in is not None else ""
        request_id = redact(self.request_id, self.secrets()) if self.request_id else None
        logger.debug(
            "%s %s attempt %d: %s (status %s, %.1f ms%s)",
            self.name,
            self.what,
            self.attempt,
            outcome,
            self.status,
            duration * 1000,
            retry,
            extra={
                "connector": self.name,
                "operation": self.what,
                "attempt": self.attempt,
                "status": self.status,
                "duration": duration,
                "request_id": request_id,
                "outcome": outcome,
                "idempotency_key": self.key,
                "retry_in": retry_in,
            },
        )

    def finish(self, outcome: str) -> None:
        """Tell observers (``paywire_operation_finished``) how the call ended."""
        observer = self.connector.observer
        if observer is None:
            return
        event = OperationEvent(
            self.name,
            self.operation,
            outcome,
            self.attempt,
            time.monotonic() - self.started,
            self.key,
            self.status,
            self.request_id,
        )
        try:
            observer(event=event)
        except Exception:  # an observer must never break a payment call
            logger.exception("paywire_operation_finished observer failed")

    def result(self, customer_id: object, response: HttpResponse | None) -> CreateCustomerResponse:
        """The response the host gets: what the hook read, and the facts of the call."""
        hook = HANDLE if response is not None else BUILD
        if not isinstance(customer_id, str) or not customer_id.strip():
            raise PluginError(f"{hook} must return the customer's id (a non-empty str)", plugin=self.name)
        secrets = self.secrets()
        if response is not None and any(len(s) >= 4 and s in customer_id for s in secrets):
            raise unparseable(response, "its customer id repeats a credential")
        headers = {k: redact(v, secrets) for k, v in response.headers.items() if k != "set-cookie"} if response else {}
        return CreateCustomerResponse(
            merchant_customer_id=self.request.merchant_customer_id,
            connector_customer_id=customer_id,
            status_code=response.status_code if response else 200,
            response_headers=headers,
            connector=self.name,
            idempotency_key=self.key,
        )

    def secrets(self) -> list[str]:
        return [*secret_values(self.credentials), *([self.token.get_secret_value()] if self.token else [])]


def _built(call: Call) -> Any:
    """What the build hook returns for ``call``, after the core's checks. When they refuse fields,
    the hook still runs, so that the caller learns every problem at once; what it returns is then
    discarded (the hookspec tells LOCAL hooks to refuse before they record anything)."""
    request = call.request
    errors = check_request(call.connector.info, request, call.credentials)
    try:
        built = call.hook(BUILD, request=request, credentials=call.credentials)
    except InvalidRequestError as exc:
        if not errors:
            raise
        errors.items.extend(e for e in exc.field_errors if e not in errors.items)
    except PaywireError:
        if not errors:
            raise
    errors.raise_if_any()
    return built


def _build(call: Call) -> HttpRequest:
    return _with_call_facts(call, _built(call), BUILD)


def _check_key(key: str, connector: Connector) -> None:
    limit = connector.info.idempotency.max_length
    if not key or len(key) > limit or not key.isprintable() or not key.isascii():
        raise InvalidRequestError(
            "invalid request",
            [FieldError("idempotency_key", f"must be 1 to {limit} printable ASCII characters for {connector.name}")],
        )


def _with_call_facts(call: Call, built: object, hook: str) -> HttpRequest:
    """``built`` as sent: the core's headers (``User-Agent``, option headers) under the connector's,
    and the idempotency key where the connector declares it."""
    if not isinstance(built, HttpRequest):
        raise PluginError(f"{hook} returned {type(built).__name__}, not HttpRequest", plugin=call.name)
    idem = call.connector.info.idempotency
    own = {name.lower() for name in built.headers}
    headers = {name: value for name, value in call.settings.headers.items() if name.lower() not in own}
    headers.update(built.headers)  # the connector's own headers win over the core's defaults
    body = built.body
    if idem.kind == "header" and hook == BUILD:
        wanted = idem.name.lower()
        headers = {name: value for name, value in headers.items() if name.lower() != wanted}
        headers[idem.name] = call.key
    elif idem.kind == "body" and hook == BUILD:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            raise PluginError(
                f"{hook} must build a JSON object body: the idempotency key goes in its field {idem.name!r}",
                plugin=call.name,
            )
        body = json_body({**data, idem.name: call.key})
    return dataclasses.replace(built, headers=headers, body=body)


def _error_reply(call: Call, response: HttpResponse) -> ConnectorError:
    error = call.hook("paywire_error", response=response)
    if error is None:
        return status_error(response)
    if not isinstance(error, ConnectorError):
        raise PluginError(f"paywire_error returned {type(error).__name__}, not ConnectorError", plugin=call.name)
    return error


def _transport_error(call: Call, failure: TransportFailure) -> ConnectorError:
    if failure.kind == "invalid":
        raise ConfigurationError(f"{call.name}: {failure.detail}")
    code = {"timeout": ErrorCode.TIMEOUT, "network": ErrorCode.NETWORK_ERROR}.get(
        failure.kind, ErrorCode.UNPARSEABLE_RESPONSE
    )
    return ConnectorError(code, failure.detail, status_code=failure.status_code)


def _acted(error: PluginError, status: int | None) -> PluginError:
    """A response hook failed on a 2xx reply: the processor acted, the host must reconcile."""
    message = error.message.removeprefix(f"plugin {error.plugin!r}: ")
    return PluginError(
        f"{message}; the processor answered HTTP {status}, so it acted: reconcile with the idempotency key",
        plugin=error.plugin,
    )


def _unknown(call: Call, error: ConnectorError, keyed: bool) -> OutcomeUnknownError:
    """``error`` as an unknown outcome: the processor may have acted on this or an earlier attempt."""
    advice = (
        "retry with the same idempotency_key to learn the outcome"
        if keyed
        else "the processor takes no idempotency key: look the customer up (error.request) before creating again"
    )
    unknown = OutcomeUnknownError(
        error.code,
        f"outcome unknown after {call.attempt} attempt(s), the request may have reached the processor "
        f"({error.message}); {advice}",
        connector=error.connector,
        connector_code=error.connector_code,
        connector_message=error.connector_message,
        status_code=error.status_code,
        request_id=error.request_id,
        param=error.param,
        retryable=error.retryable,
        retry_after=error.retry_after,
        details=error.details,
    )
    unknown.request = call.request
    unknown.__cause__ = error
    return unknown


def _attempts(
    call: Call,
    build: Callable[[], HttpRequest],
    handle: Callable[[HttpResponse], Any],
    *,
    retry_safe: bool,
    exchange: bool = False,
) -> Generator[Command, Any, Any]:
    """Send ``build()`` until ``handle`` accepts a 2xx reply or retrying stops; the value ``handle``
    returned. ``retry_safe``: an ambiguous failure may be retried (it cannot duplicate anything);
    ``exchange``: this is the token exchange itself (no token to send, nothing to reconcile)."""
    info = call.connector.info
    keyed = info.idempotency.on_the_wire
    uses_token = info.token and not exchange
    natural = info.idempotency.kind == "natural"
    refreshed = False
    built: HttpRequest | None = None
    while True:
        if uses_token:
            token = yield GetToken()
            if token is not call.token:
                call.token, built = token, None  # the request carries the token: build it again
        if built is None:
            built = build()
        remaining = call.remaining()
        error: ConnectorError
        sent = True
        try:
            if remaining <= 0:
                raise TransportFailure("timeout", "call deadline exceeded", sent=False)
            response = yield Send(built, call.settings.timeout.capped(remaining))
        except TransportFailure as failure:
            call.status, sent = failure.status_code, failure.sent
            error = _transport_error(call, failure)
        else:
            call.status = response.status_code
            call.request_id = response.header(info.request_id_header) if info.request_id_header else None
            if response.is_success:
                try:
                    return handle(response)
                except ConnectorError as exc:
                    error = exc
                except PluginError as exc:
                    if exchange:
                        raise
                    raise _acted(exc, call.status) from exc.__cause__
            else:
                error = _error_reply(call, response)
        error.connector = error.connector or call.name
        error.request_id = error.request_id or call.request_id
        verdict = _verdict(error, sent=sent, keyed=keyed)
        if error.code is ErrorCode.DUPLICATE and error.duplicate_of and call.maybe_acted and natural:
            call.log("duplicate of the profile an earlier attempt created")
            return error.duplicate_of
        if uses_token and not refreshed and error.status_code == 401:
            refreshed = True  # the token expired early or was revoked: one new token, one more try
            call.log(error.code.value, 0.0)
            call.token, built = (yield GetToken(stale=call.token)), None
            call.attempt += 1
            continue
        call.maybe_acted = call.maybe_acted or verdict.ambiguous
        delay = _delay(call, error, verdict, retry_safe)
        call.log(error.code.value, delay)
        if delay is None:
            if not exchange and (verdict.ambiguous or (call.maybe_acted and not verdict.settles)):
                raise _unknown(call, error, keyed)
            raise error
        yield Sleep(delay)
        call.attempt += 1


def _delay(call: Call, error: ConnectorError, verdict: Verdict, retry_safe: bool) -> float | None:
    """Seconds to wait before retrying ``error``, or None: no retry."""
    policy = call.settings.retry
    if not verdict.retryable or (verdict.ambiguous and not retry_safe) or call.attempt > policy.max_retries:
        return None
    if error.retry_after is not None and error.retry_after > policy.max_retry_after:
        return None
    delay = policy.delay(call.attempt, error.retry_after)
    return delay if call.elapsed() + delay < policy.deadline else None


def _retry_safe(call: Call) -> bool:
    """A retry after an ambiguous failure cannot create a second customer."""
    idem = call.connector.info.idempotency
    if idem.kind == "natural":
        return all(field_value(call.request, name) for name in idem.natural_key)
    return idem.on_the_wire


def _new_call(
    connector: Connector,
    request: CreateCustomerRequest,
    credentials: Credentials,
    settings: CallSettings,
    idempotency_key: str | None,
    *,
    sends: bool,
) -> Call:
    """A call of Create Customer, refused at once when the connector cannot do it (``sends``: it
    must be one that sends a request) or the caller's key does not fit the processor."""
    info = connector.info
    capability = info.capability(Operation.CREATE_CUSTOMER)
    if capability is Capability.UNSUPPORTED or (sends and capability is not Capability.REMOTE):
        what = "sends no request for" if capability is Capability.LOCAL else "does not support"
        raise NotSupportedError(
            f"{info.display_name} {what} {Operation.CREATE_CUSTOMER.value}",
            connector=connector.name,
            operation=Operation.CREATE_CUSTOMER.value,
        )
    if idempotency_key is not None:
        _check_key(idempotency_key, connector)
    return Call(connector, request, credentials, settings, idempotency_key or info.idempotency.new_key())


DRY_RUN_TOKEN = SecretStr("paywire-dry-run-token")
"""The token a dry run (``prepare``) builds with when the client holds none yet."""


def prepare_request(
    connector: Connector,
    request: CreateCustomerRequest,
    credentials: Credentials,
    settings: CallSettings,
    idempotency_key: str | None,
) -> HttpRequest:
    """The first request ``run_operation`` would send for ``request``, built but not sent."""
    call = _new_call(connector, request, credentials, settings, idempotency_key, sends=True)
    info = connector.info
    if info.token:
        call.token = settings.tokens.current() if settings.tokens else None
        call.token = call.token or DRY_RUN_TOKEN
    try:
        return _build(call)
    except PaywireError as exc:
        raise _final(call, exc)  # noqa: B904 - keeps its own chain (cut by _final if it leaks)


def _check_before_exchange(call: Call) -> None:
    """Build the request once with a stand-in token, so that input the core or the connector
    refuses is refused before a cold client's token exchange: invalid input makes no network call,
    not even a login (which processors rate-limit: Airwallex allows 100 a minute per key)."""
    call.token = DRY_RUN_TOKEN
    try:
        _build(call)
    finally:
        call.token = None


def run_operation(
    connector: Connector,
    request: CreateCustomerRequest,
    credentials: Credentials,
    settings: CallSettings,
    idempotency_key: str | None,
) -> Generator[Command, Any, CreateCustomerResponse]:
    """Perform one Create Customer call; the generator's return value is the result."""
    call = _new_call(connector, request, credentials, settings, idempotency_key, sends=False)
    try:
        if connector.info.capability(Operation.CREATE_CUSTOMER) is Capability.LOCAL:
            result = call.result(_built(call), None)
            call.log("success (local)")
        else:
            if connector.info.token and (settings.tokens is None or settings.tokens.current() is None):
                _check_before_exchange(call)
            found = yield from _attempts(
                call,
                lambda: _build(call),
                lambda response: call.result(call.hook(HANDLE, request=request, response=response), response),
                retry_safe=_retry_safe(call),
            )
            # A natural-key duplicate of an earlier attempt answers with the existing profile's id.
            result = found if isinstance(found, CreateCustomerResponse) else call.result(found, None)
            call.log("success")
    except PaywireError as exc:
        call.finish(exc.code.value)
        raise _final(call, exc)  # noqa: B904 - keeps its own chain (cut by _final if it leaks)
    call.finish("success")
    return result


def run_token_exchange(
    connector: Connector, credentials: Credentials, settings: CallSettings
) -> Generator[Command, Any, AccessToken]:
    """Obtain an access token (``paywire_token_request`` / ``paywire_token_response``), retried like
    any safe request. A refusal of the credentials is an ``AUTHENTICATION_FAILED`` error."""
    call = Call(connector, CreateCustomerRequest(), credentials, settings, "token", what="token")

    def read(response: HttpResponse) -> AccessToken:
        token = call.hook(TOKEN_HANDLE, response=response)
        if not isinstance(token, AccessToken):
            raise PluginError(f"{TOKEN_HANDLE} returned {type(token).__name__}, not AccessToken", plugin=call.name)
        return token

    try:
        token: AccessToken = yield from _attempts(
            call,
            lambda: _with_call_facts(call, call.hook(TOKEN_BUILD, credentials=credentials), TOKEN_BUILD),
            read,
            retry_safe=True,  # obtaining a token changes nothing at the processor
            exchange=True,
        )
    except ConnectorError as exc:
        raise _final(call, _refused(exc)) from None
    except PaywireError as exc:
        raise _final(call, exc)  # noqa: B904 - keeps its own chain (cut by _final if it leaks)
    call.log("token obtained")
    return token


def _refused(error: ConnectorError) -> ConnectorError:
    """A token request refused for any 4xx other than 408/429 is the credentials' fault."""
    status = error.status_code or 0
    if 400 <= status < 500 and status not in (408, 429) and error.code is not ErrorCode.AUTHENTICATION_FAILED:
        error.code = ErrorCode.AUTHENTICATION_FAILED
    error.message = f"could not obtain an access token: {error.message}"
    return error


def _final(call: Call, error: PaywireError) -> PaywireError:
    """The error as raised to the host: carrying the call's idempotency key, holding no secret.

    A credential quoted by a plugin's message is masked; a chained exception quoting one is cut off.
    """
    if getattr(error, "idempotency_key", None) is None:
        setattr(error, "idempotency_key", call.key)  # noqa: B010 - not every PaywireError declares it
    secrets = call.secrets()
    if not secrets:
        return error
    if _text_leaks(error, secrets):
        _scrub(error, secrets)
    if any(_text_leaks(e, secrets) for e in _chain(error)[1:]):
        error.__cause__ = None
        error.__context__ = None
        error.__suppress_context__ = True
    return error


def _chain(error: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    while error is not None and error not in seen:
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


def _text_leaks(error: BaseException, secrets: list[str]) -> bool:
    texts = [str(error), repr(error), *(str(a) for a in error.args)]
    if hasattr(error, "__dict__"):
        texts += [str(v) for v in vars(error).values() if isinstance(v, str | tuple | dict)]
    return any(s in t for s in secrets if len(s) >= 4 for t in texts)


def _scrub(error: PaywireError, secrets: list[str]) -> None:
    error.args = tuple(redact(a, secrets) if isinstance(a, str) else a for a in error.args)
    for name, value in list(vars(error).items()):
        if isinstance(value, enum.Enum):
            continue  # the canonical code is paywire's own, never a secret (and must stay an ErrorCode)
        if isinstance(value, str):
            setattr(error, name, redact(value, secrets))
        elif isinstance(value, dict):
            setattr(error, name, {k: redact(v, secrets) if isinstance(v, str) else v for k, v in value.items()})
        elif isinstance(value, tuple) and all(isinstance(f, FieldError) for f in value):
            setattr(error, name, tuple(FieldError(f.field, redact(f.message, secrets), f.type) for f in value))


# -- drivers ---------------------------------------------------------------------------------------


def drive(
    gen: Generator[Command, Any, Any],
    transport: Transport,
    tokens: Callable[[SecretStr | None], SecretStr] | None = None,
) -> Any:
    """Run an operation generator with a sync transport (and the client's token source)."""
    try:
        command = next(gen)
        while True:
            if isinstance(command, Sleep):
                time.sleep(command.seconds)
                command = gen.send(None)
            elif isinstance(command, GetToken):
                assert tokens is not None, "a token-based connector needs the client's token cache"
                try:
                    token = tokens(command.stale)
                except PaywireError as exc:
                    command = gen.throw(exc)
                else:
                    command = gen.send(token)
            else:
                try:
                    response = transport.send(command.request, command.timeout)
                except TransportFailure as failure:
                    command = gen.throw(failure)
                except Exception as exc:  # a custom transport's bug: the request may have left
                    command = gen.throw(_unexpected(exc))
                else:
                    command = gen.send(response)
    except StopIteration as stop:
        return stop.value


async def adrive(
    gen: Generator[Command, Any, Any],
    transport: AsyncTransport,
    tokens: Callable[[SecretStr | None], Any] | None = None,
) -> Any:
    """Run an operation generator with an async transport (and the client's token source)."""
    try:
        command = next(gen)
        while True:
            if isinstance(command, Sleep):
                await asyncio.sleep(command.seconds)
                command = gen.send(None)
            elif isinstance(command, GetToken):
                assert tokens is not None, "a token-based connector needs the client's token cache"
                try:
                    token = await tokens(command.stale)
                except PaywireError as exc:
                    command = gen.throw(exc)
                else:
                    command = gen.send(token)
            else:
                try:
                    response = await transport.send(command.request, command.timeout)
                except TransportFailure as failure:
                    command = gen.throw(failure)
                except Exception as exc:  # a custom transport's bug: the request may have left
                    command = gen.throw(_unexpected(exc))
                else:
                    command = gen.send(response)
    except StopIteration as stop:
        return stop.value


def _unexpected(exc: Exception) -> TransportFailure:
    return TransportFailure("network", f"transport raised {type(exc).__name__}", sent=True)
