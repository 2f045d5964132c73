"""One operation call, written once for sync and async.

``run_operation`` is a generator: it yields ``Send`` and ``Sleep`` commands and receives the
transport's replies, so the whole policy (build, send, handle, retry, idempotency, logging) is
shared by ``Client`` and ``AsyncClient``, which only drive it (see ``drive`` / ``adrive``).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from ._config import RetryPolicy, Timeout
from ._connector import Capability, Credentials, Operation, OperationContext
from ._events import OperationEvent
from ._exceptions import (
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
from ._plugins import Connector
from ._transport import AsyncTransport, Transport, TransportFailure

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


def _ambiguous_status(status: int) -> bool:
    """The processor may have acted on a request answered with this status."""
    return status >= 500 or status in (408, 409)


def _should_retry(error: ConnectorError, *, ambiguous: bool, idempotent: bool) -> bool:
    status = error.status_code
    if error.retryable is False:
        return False
    if status is not None and 400 <= status < 500 and status not in (408, 409, 429):
        return False  # validation, authentication, permission: retrying cannot help
    if status == 409 and not idempotent:
        return False
    if ambiguous:
        return idempotent
    return True


def _log(connector: str, operation: Operation, attempt: int, status: int | None, started: float,
         request_id: str | None, outcome: str) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        duration = time.monotonic() - started
        logger.debug(
            "%s %s attempt %d: %s (status %s, %.1f ms)", connector, operation.value, attempt, outcome,
            status, duration * 1000,
            extra={"paywire": {"connector": connector, "operation": operation.value, "attempt": attempt,
                               "status": status, "duration": duration, "request_id": request_id,
                               "outcome": outcome}},
        )


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
            connector=connector.name, operation=flow.operation.value,
        )
    if idempotency_key is None:
        idempotency_key = str(uuid.uuid4())
    else:
        _check_key(idempotency_key, connector)
    context = OperationContext(connector.name, flow.operation, settings.base_url, idempotency_key,
                               extras=settings.extras)
    started = time.monotonic()
    attempt = 1
    status: int | None = None
    request_id: str | None = None
    try:
        built = connector.call(flow.build, request=request, credentials=credentials, context=context)
        if capability is Capability.LOCAL:
            if not isinstance(built, flow.result):
                raise PluginError(f"{flow.build} must return {flow.result.__name__} for a local operation, "
                                  f"not {type(built).__name__}", plugin=connector.name)
            result = built.model_copy(update={"connector": connector.name, "idempotency_key": idempotency_key})
            _log(connector.name, flow.operation, attempt, None, started, None, "success (local)")
            _finish(connector, flow, "success", attempt, started, idempotency_key, None, None)
            return result
        if not isinstance(built, HttpRequest):
            raise PluginError(f"{flow.build} returned {type(built).__name__}, not HttpRequest",
                              plugin=connector.name)
        idempotent = info.idempotency is not None
        while True:
            remaining = settings.retry.deadline - (time.monotonic() - started)
            error: ConnectorError
            try:
                if remaining <= 0:
                    raise TransportFailure("timeout", "call deadline exceeded", sent=False)
                response = yield Send(built, settings.timeout.capped(remaining))
            except TransportFailure as failure:
                status = failure.status_code
                code = {"timeout": ErrorCode.TIMEOUT, "network": ErrorCode.NETWORK_ERROR}.get(
                    failure.kind, ErrorCode.UNPARSEABLE_RESPONSE)
                error = ConnectorError(code, failure.detail, connector=connector.name, status_code=status)
                ambiguous = failure.sent
            else:
                status = response.status_code
                request_id = response.header(info.request_id_header) if info.request_id_header else None
                if response.is_success:
                    try:
                        result = _handle(connector, flow, request, response, context)
                    except ConnectorError as exc:
                        # The processor answered 2xx: it acted, but we cannot read what it did.
                        error, ambiguous = exc, True
                    else:
                        _log(connector.name, flow.operation, attempt, status, started, request_id, "success")
                        _finish(connector, flow, "success", attempt, started, idempotency_key, status, request_id)
                        return result.model_copy(update={"connector": connector.name,
                                                         "idempotency_key": idempotency_key})
                else:
                    error = _error(connector, response, context)
                    ambiguous = _ambiguous_status(status)
            error.idempotency_key = idempotency_key
            error.connector = error.connector or connector.name
            request_id = error.request_id or request_id
            _log(connector.name, flow.operation, attempt, status, started, request_id, error.code.value)
            retry = attempt <= settings.retry.max_retries and _should_retry(
                error, ambiguous=ambiguous, idempotent=idempotent)
            delay = 0.0
            if retry:
                if error.retry_after is not None and error.retry_after > settings.retry.max_retry_after:
                    retry = False
                else:
                    delay = settings.retry.delay(attempt, error.retry_after)
                    retry = time.monotonic() - started + delay < settings.retry.deadline
            if not retry:
                if ambiguous:
                    error = _unknown(error, idempotent)
                raise error
            yield Sleep(delay)
            attempt += 1
    except PaywireError as exc:
        _finish(connector, flow, exc.code.value, attempt, started, idempotency_key, status, request_id)
        raise


def _handle(connector: Connector, flow: FlowHooks, request: BaseModel, response: HttpResponse,
            context: OperationContext) -> BaseModel:
    result = connector.call(flow.handle, request=request, response=response, context=context)
    if not isinstance(result, flow.result):
        raise PluginError(f"{flow.handle} returned {type(result).__name__}, not {flow.result.__name__}",
                          plugin=connector.name)
    return result


def _error(connector: Connector, response: HttpResponse, context: OperationContext) -> ConnectorError:
    error = connector.call("paywire_error", response=response, context=context)
    if error is None:
        return status_error(response, connector=connector.name, request_id_header=connector.info.request_id_header)
    if not isinstance(error, ConnectorError):
        raise PluginError(f"paywire_error returned {type(error).__name__}, not ConnectorError", plugin=connector.name)
    return error


def _unknown(error: ConnectorError, idempotent: bool) -> OutcomeUnknownError:
    advice = ("retry with the same idempotency_key to learn the outcome" if idempotent
              else "the processor takes no idempotency key: check before creating again")
    unknown = OutcomeUnknownError(
        error.code, f"outcome unknown, the request may have reached the processor ({error.message}); {advice}",
        connector=error.connector, connector_code=error.connector_code, connector_message=error.connector_message,
        status_code=error.status_code, request_id=error.request_id, param=error.param, retryable=error.retryable,
        retry_after=error.retry_after, idempotency_key=error.idempotency_key, details=error.details,
    )
    unknown.__cause__ = error
    return unknown


def _finish(connector: Connector, flow: FlowHooks, outcome: str, attempts: int, started: float,
            idempotency_key: str | None, status: int | None, request_id: str | None) -> None:
    hook = connector.observer
    if hook is None:
        return
    event = OperationEvent(connector.name, flow.operation, outcome, attempts, time.monotonic() - started,
                           idempotency_key, status, request_id)
    try:
        hook(event=event)
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
            else:
                command = gen.send(response)
    except StopIteration as stop:
        return stop.value
