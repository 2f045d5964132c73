"""One operation call, written once for sync and async.

``run_operation`` is a generator: it yields ``Send`` and ``Sleep`` commands and receives the
transport's replies, so the whole policy (build, send, handle, retry, idempotency, logging) is
shared by ``Client`` and ``AsyncClient``, which only drive it (see ``drive`` / ``adrive``).

Retry policy, from what the connector declares (``ConnectorInfo.idempotency``):

- a failure before the request left (connection refused, connect or pool timeout), HTTP 408 and
  HTTP 429 are retried: the processor cannot have acted;
- an ambiguous failure (reset or read timeout after sending, HTTP 5xx, HTTP 409 "in flight", a
  2xx reply that cannot be read) is retried only when the processor honours idempotency keys,
  with the same key on every attempt; otherwise it raises ``OutcomeUnknownError``;
- the processor's ``retryable=False`` hint, and any other 4xx, are never retried;
- backoff doubles with jitter, ``Retry-After`` is honoured up to ``RetryPolicy.max_retry_after``,
  at most ``max_retries`` retries, and no attempt or wait runs past ``RetryPolicy.deadline``.

Once an attempt may have reached the processor, a later failure that does not settle the
outcome also raises ``OutcomeUnknownError``: no result is ever silently lost. Every error
raised carries ``idempotency_key`` and no credential. Every hook runs under the hook watchdog.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from ._config import RetryPolicy, Timeout
from ._connector import Capability, Credentials, Operation, OperationContext
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
from ._http import HttpRequest, HttpResponse, status_error
from ._keys import random_uuid
from ._plugins import Connector
from ._redact import credential_values, redact
from ._transport import AsyncTransport, Transport, TransportFailure
from ._watchdog import watchdog

__all__ = ["CallSettings", "Send", "Sleep", "adrive", "drive", "run_operation"]

logger = logging.getLogger("paywire")

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Send:
    request: HttpRequest
    timeout: Timeout


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


Command = Send | Sleep


@dataclass(frozen=True, slots=True)
class CallSettings:
    """What a client fixes for all its calls."""

    base_url: str | None
    timeout: Timeout
    retry: RetryPolicy
    extras: Any  # Mapping[str, str]


@dataclass(frozen=True, slots=True)
class FlowHooks:
    """The hooks and result type of one operation."""

    operation: Operation
    build: str
    handle: str
    result: type[BaseModel]


def _check_key(key: str, connector: Connector) -> None:
    idem = connector.info.idempotency
    limit = idem.max_length if idem else 255
    if not key or len(key) > limit or not key.isprintable() or not key.isascii():
        raise InvalidRequestError(
            "invalid request",
            [FieldError("idempotency_key", f"must be 1 to {limit} printable ASCII characters for {connector.name}")],
        )


_NEVER_RETRIED = frozenset({400, 401, 402, 403, 404, 405, 410, 413, 415, 422})
"""Replies that reject this very request: every attempt would get the same, and they settle the
outcome of earlier ambiguous attempts made with the same idempotency key."""
_RETRIED_4XX = frozenset({408, 409, 425, 429})


def _ambiguous_reply(error: ConnectorError, idempotent: bool) -> bool:
    """The processor may have acted on the request this error reply answers."""
    status = error.status_code or 0
    if status >= 500:
        return True
    # 409 from a processor that takes keys: another attempt with this key is still in flight
    # (unless the processor says retrying is pointless: the key was used for another request).
    return status == 409 and idempotent and error.retryable is not False


def _may_retry(error: ConnectorError, *, ambiguous: bool, idempotent: bool) -> bool:
    if error.retryable is False:
        return False
    status = error.status_code
    if status is not None and 400 <= status < 500 and status not in _RETRIED_4XX:
        return False  # validation, authentication, permission: retrying cannot help
    if ambiguous:
        return idempotent
    return not (status == 409 and not idempotent)


def _settles(error: ConnectorError) -> bool:
    """Whether this reply settles the outcome of earlier ambiguous attempts (see ``_NEVER_RETRIED``)."""
    return error.status_code in _NEVER_RETRIED


def _log(
    debug: bool,
    connector: str,
    operation: Operation,
    attempt: int,
    status: int | None,
    started: float,
    request_id: str | None,
    outcome: str,
    idempotency_key: str,
    retry_in: float | None = None,
) -> None:
    """One DEBUG record per attempt: facts about the call only, never headers or bodies."""
    if not debug:
        return
    duration = time.monotonic() - started
    retry = f", retry in {retry_in * 1000:.0f} ms" if retry_in is not None else ""
    logger.debug(
        "%s %s attempt %d: %s (status %s, %.1f ms%s)",
        connector,
        operation.value,
        attempt,
        outcome,
        status,
        duration * 1000,
        retry,
        extra={
            "connector": connector,
            "operation": operation.value,
            "attempt": attempt,
            "status": status,
            "duration": duration,
            "request_id": request_id,
            "outcome": outcome,
            "idempotency_key": idempotency_key,
            "retry_in": retry_in,
        },
    )


def _call(connector: Connector, limit: float, hook: str, **kwargs: Any) -> Any:
    """A flow hook of ``connector``, run under the hook watchdog."""
    return watchdog.run(limit, connector.name, hook, connector.call, hook, **kwargs)


def run_operation(
    connector: Connector,
    flow: FlowHooks,
    request: BaseModel,
    credentials: Credentials,
    settings: CallSettings,
    idempotency_key: str | None,
) -> Generator[Command, HttpResponse, Any]:
    """Perform one call of ``flow`` on ``connector``; the generator's return value is the result."""
    info = connector.info
    capability = info.capability(flow.operation)
    if capability is Capability.UNSUPPORTED:
        raise NotSupportedError(
            f"{info.display_name} does not support {flow.operation.value}",
            connector=connector.name,
            operation=flow.operation.value,
        )
    if idempotency_key is None:
        idempotency_key = info.idempotency.new_key() if info.idempotency else random_uuid()
    else:
        _check_key(idempotency_key, connector)
    debug = logger.isEnabledFor(logging.DEBUG)
    context = OperationContext(
        connector.name, flow.operation, settings.base_url, idempotency_key, extras=settings.extras
    )
    policy = settings.retry
    started = time.monotonic()
    hook_limit = min(settings.timeout.hook, policy.deadline)
    attempt = 1
    status: int | None = None
    request_id: str | None = None
    try:
        built = _call(connector, hook_limit, flow.build, request=request, credentials=credentials, context=context)
        if capability is Capability.LOCAL:
            if not isinstance(built, flow.result):
                raise PluginError(
                    f"{flow.build} must return {flow.result.__name__} for a local operation, "
                    f"not {type(built).__name__}",
                    plugin=connector.name,
                )
            result = _stamped(built, connector.name, idempotency_key)
            _log(
                debug, connector.name, flow.operation, attempt, None, started, None, "success (local)", idempotency_key
            )
            _finish(connector, flow, "success", attempt, started, idempotency_key, None, None, hook_limit)
            return result
        if not isinstance(built, HttpRequest):
            raise PluginError(f"{flow.build} returned {type(built).__name__}, not HttpRequest", plugin=connector.name)
        idem = info.idempotency
        idempotent = idem is not None and idem.location != "local"
        if idem is not None and idem.location != "local" and idem.key_in(built) != idempotency_key:
            raise PluginError(
                f"{flow.build} did not put the idempotency key in {idem.location} {idem.name!r} "
                "as its ConnectorInfo declares; retrying would be unsafe",
                plugin=connector.name,
            )
        maybe_acted = False  # some attempt may have reached the processor
        while True:
            remaining = policy.deadline - (time.monotonic() - started)
            error: ConnectorError
            try:
                if remaining <= 0:
                    raise TransportFailure("timeout", "call deadline exceeded", sent=False)
                response = yield Send(built, settings.timeout.capped(remaining))
            except TransportFailure as failure:
                status = failure.status_code
                if failure.kind == "invalid":
                    raise ConfigurationError(f"{connector.name}: {failure.detail}") from None
                code = {"timeout": ErrorCode.TIMEOUT, "network": ErrorCode.NETWORK_ERROR}.get(
                    failure.kind, ErrorCode.UNPARSEABLE_RESPONSE
                )
                error = ConnectorError(code, failure.detail, connector=connector.name, status_code=status)
                ambiguous = failure.sent
            else:
                status = response.status_code
                request_id = response.header(info.request_id_header) if info.request_id_header else None
                hook_context = context if attempt == 1 else dataclasses.replace(context, attempt=attempt)
                hook_limit = max(min(settings.timeout.hook, remaining), 0.001)
                if response.is_success:
                    try:
                        result = _handle(connector, flow, request, response, hook_context, hook_limit)
                    except ConnectorError as exc:
                        # The processor answered 2xx: it acted, but we cannot read what it did.
                        error, ambiguous = exc, True
                    except PluginError as exc:
                        raise _acted(exc, status) from exc.__cause__
                    else:
                        _log(
                            debug,
                            connector.name,
                            flow.operation,
                            attempt,
                            status,
                            started,
                            request_id,
                            "success",
                            idempotency_key,
                        )
                        _finish(
                            connector,
                            flow,
                            "success",
                            attempt,
                            started,
                            idempotency_key,
                            status,
                            request_id,
                            hook_limit,
                        )
                        return _stamped(result, connector.name, idempotency_key)
                else:
                    error = _error(connector, response, hook_context, hook_limit)
                    ambiguous = _ambiguous_reply(error, idempotent)
            error.connector = error.connector or connector.name
            request_id = error.request_id or request_id
            maybe_acted = maybe_acted or ambiguous
            retry = attempt <= policy.max_retries and _may_retry(error, ambiguous=ambiguous, idempotent=idempotent)
            delay = 0.0
            if retry:
                if error.retry_after is not None and error.retry_after > policy.max_retry_after:
                    retry = False
                else:
                    delay = policy.delay(attempt, error.retry_after)
                    retry = time.monotonic() - started + delay < policy.deadline
            _log(
                debug,
                connector.name,
                flow.operation,
                attempt,
                status,
                started,
                request_id,
                error.code.value,
                idempotency_key,
                delay if retry else None,
            )
            if not retry:
                if ambiguous or (maybe_acted and not _settles(error)):
                    error = _unknown(error, idempotent, attempt)
                raise error
            yield Sleep(delay)
            attempt += 1
    except PaywireError as exc:
        _finish(
            connector,
            flow,
            exc.code.value,
            attempt,
            started,
            idempotency_key,
            status,
            request_id,
            max(min(settings.timeout.hook, policy.deadline - (time.monotonic() - started)), 0.001),
        )
        raise _final(exc, idempotency_key, credentials)  # noqa: B904 - keeps its own chain


def _handle(
    connector: Connector,
    flow: FlowHooks,
    request: BaseModel,
    response: HttpResponse,
    context: OperationContext,
    limit: float,
) -> BaseModel:
    result = _call(connector, limit, flow.handle, request=request, response=response, context=context)
    if not isinstance(result, flow.result):
        raise PluginError(
            f"{flow.handle} returned {type(result).__name__}, not {flow.result.__name__}", plugin=connector.name
        )
    return result


def _stamped(result: R, connector: str, idempotency_key: str) -> R:
    """``result`` naming the connector and key of this call (a copy, unless the hook set both)."""
    if getattr(result, "connector", None) == connector and getattr(result, "idempotency_key", None) == idempotency_key:
        return result
    return result.model_copy(update={"connector": connector, "idempotency_key": idempotency_key})


def _error(connector: Connector, response: HttpResponse, context: OperationContext, limit: float) -> ConnectorError:
    error = _call(connector, limit, "paywire_error", response=response, context=context)
    if error is None:
        return status_error(response, connector=connector.name, request_id_header=connector.info.request_id_header)
    if not isinstance(error, ConnectorError):
        raise PluginError(f"paywire_error returned {type(error).__name__}, not ConnectorError", plugin=connector.name)
    return error


def _acted(error: PluginError, status: int) -> PluginError:
    """A response hook failed on a 2xx reply: the processor acted, the host must reconcile."""
    message = error.message.removeprefix(f"plugin {error.plugin!r}: ")
    return PluginError(
        f"{message}; the processor answered HTTP {status}, so it acted: reconcile with the idempotency key",
        plugin=error.plugin,
    )


def _unknown(error: ConnectorError, idempotent: bool, attempts: int) -> OutcomeUnknownError:
    advice = (
        "retry with the same idempotency_key to learn the outcome"
        if idempotent
        else "the processor takes no idempotency key: check before creating again"
    )
    unknown = OutcomeUnknownError(
        error.code,
        f"outcome unknown after {attempts} attempt(s), the request may have reached the processor "
        f"({error.message}); {advice}",
        connector=error.connector,
        connector_code=error.connector_code,
        connector_message=error.connector_message,
        status_code=error.status_code,
        request_id=error.request_id,
        param=error.param,
        retryable=error.retryable,
        retry_after=error.retry_after,
        idempotency_key=error.idempotency_key,
        details=error.details,
    )
    unknown.__cause__ = error
    return unknown


def _final(error: PaywireError, idempotency_key: str, credentials: Credentials) -> PaywireError:
    """The error as raised to the host: carrying the call's idempotency key, holding no credential.

    A credential quoted by a plugin's message is masked; a chained exception quoting one is cut off.
    """
    if getattr(error, "idempotency_key", None) is None:
        setattr(error, "idempotency_key", idempotency_key)  # noqa: B010 - not every PaywireError declares it
    secrets = credential_values(credentials)
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
        if isinstance(value, str):
            setattr(error, name, redact(value, secrets))
        elif isinstance(value, dict):
            setattr(error, name, {k: redact(v, secrets) if isinstance(v, str) else v for k, v in value.items()})
        elif isinstance(value, tuple) and all(isinstance(f, FieldError) for f in value):
            setattr(error, name, tuple(FieldError(f.field, redact(f.message, secrets), f.type) for f in value))


def _finish(
    connector: Connector,
    flow: FlowHooks,
    outcome: str,
    attempts: int,
    started: float,
    idempotency_key: str | None,
    status: int | None,
    request_id: str | None,
    limit: float,
) -> None:
    hook = connector.observer
    if hook is None:
        return
    event = OperationEvent(
        connector.name,
        flow.operation,
        outcome,
        attempts,
        time.monotonic() - started,
        idempotency_key,
        status,
        request_id,
    )
    try:
        watchdog.run(limit, "paywire_operation_finished", "observer", hook, event=event)
    except Exception:  # an observer must never break a payment call
        logger.exception("paywire_operation_finished observer failed")


def drive(gen: Generator[Command, HttpResponse, Any], transport: Transport) -> Any:
    """Run an operation generator with a sync transport."""
    try:
        command = next(gen)
        while True:
            if isinstance(command, Sleep):
                time.sleep(command.seconds)
                command = gen.send(None)  # type: ignore[arg-type]
                continue
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


async def adrive(gen: Generator[Command, HttpResponse, Any], transport: AsyncTransport) -> Any:
    """Run an operation generator with an async transport."""
    try:
        command = next(gen)
        while True:
            if isinstance(command, Sleep):
                await asyncio.sleep(command.seconds)
                command = gen.send(None)  # type: ignore[arg-type]
                continue
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
