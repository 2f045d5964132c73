"""Scenario checks: replay each scenario's cassette through the real ``paywire.Client``.

A REMOTE operation is replayed with vcrpy (``record_mode="none"``, matching method, URL and body),
so a connector whose request drifts from the recording fails and says how. A LOCAL operation runs
the scenarios that apply to it under a guard that fails at any network access.

Every scenario runs on each client path a host can pick: ``Client`` on the default httpx
transport, ``AsyncClient`` on the default httpx transport, and ``AsyncClient`` on
``AiohttpTransport`` when aiohttp is installed. Each path must give the same outcome, call by call.
"""

from __future__ import annotations

import asyncio
import dataclasses
import difflib
import importlib.util
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl

import vcr
import vcr.errors

import paywire

from ._checks import CheckResult, Target
from ._config import CONFIG_FILE
from ._guard import no_network
from .properties import idempotency_value
from .scenarios import SCENARIOS, Call, Scenario, fit

__all__ = ["MATCH_ON", "ScenarioCheck", "scenario_checks"]

MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body")
OPERATION = paywire.Operation.CREATE_CUSTOMER
FAST_RETRY = {"backoff": 0.001, "max_backoff": 0.01}
"""Retries in a replay wait milliseconds, not seconds: nothing real is on the other side."""


class ScenarioFailure(Exception):
    """The scenario did not produce its expected outcome; the message says how."""


Outcome = paywire.CreateCustomerResponse | paywire.ConnectorError


class Capturing:
    """What a replay's transport saw: every request handed to it, and those the cassette lacked."""

    def __init__(self) -> None:
        self.sent: list[paywire.HttpRequest] = []
        self.unmatched: list[vcr.errors.CannotOverwriteExistingCassetteException] = []
        """Requests the cassette holds no recording for (the core reports them as network errors)."""


class CapturingTransport(Capturing):
    """A sync transport (the default one unless given), remembering every request handed to it."""

    def __init__(self, inner: paywire.Transport | None = None) -> None:
        super().__init__()
        self.inner = inner or paywire.HttpxTransport()

    def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        self.sent.append(request)
        try:
            return self.inner.send(request, timeout)
        except vcr.errors.CannotOverwriteExistingCassetteException as exc:
            self.unmatched.append(exc)
            raise

    def close(self) -> None:
        self.inner.close()


class AsyncCapturingTransport(Capturing):
    """``CapturingTransport`` for an ``AsyncClient``."""

    def __init__(self, inner: paywire.AsyncTransport) -> None:
        super().__init__()
        self.inner = inner

    async def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        self.sent.append(request)
        try:
            return await self.inner.send(request, timeout)
        except vcr.errors.CannotOverwriteExistingCassetteException as exc:
            self.unmatched.append(exc)
            raise

    async def aclose(self) -> None:
        await self.inner.aclose()


def _refused(transport: Capturing, request: paywire.HttpRequest) -> paywire.TransportFailure:
    """Record ``request`` and say why it is not sent: a LOCAL operation must make none."""
    transport.sent.append(request)
    return paywire.TransportFailure("network", "the harness refuses requests of a LOCAL operation", sent=False)


class RefusingTransport(Capturing):
    """A transport for LOCAL operations: the core must never hand it a request."""

    def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        raise _refused(self, request)

    def close(self) -> None:
        pass


class AsyncRefusingTransport(Capturing):
    """``RefusingTransport`` for an ``AsyncClient``."""

    async def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        raise _refused(self, request)

    async def aclose(self) -> None:
        pass


class Create(Protocol):
    def __call__(self, request: paywire.CreateCustomerRequest, idempotency_key: str | None) -> Outcome: ...


@dataclasses.dataclass(frozen=True)
class ClientPath:
    """One way a host calls a connector: ``Client``, or ``AsyncClient`` on a given transport."""

    name: str
    transport: Callable[[], paywire.AsyncTransport] | None
    """The async transport a replay goes through; None: ``Client`` on its default transport."""

    def capturing(self) -> CapturingTransport | AsyncCapturingTransport:
        return CapturingTransport() if self.transport is None else AsyncCapturingTransport(self.transport())

    def refusing(self) -> RefusingTransport | AsyncRefusingTransport:
        return RefusingTransport() if self.transport is None else AsyncRefusingTransport()

    @contextmanager
    def client(
        self, target: Target, scenario: Scenario, transport: paywire.Transport | paywire.AsyncTransport
    ) -> Iterator[Create]:
        """``create(request, key)`` on a client of this path over ``transport``, closed afterwards."""
        retry = paywire.RetryPolicy(max_retries=scenario.max_retries, **FAST_RETRY)
        if isinstance(transport, paywire.Transport):
            with paywire.Client(target.name, credentials=target.credentials, retry=retry, transport=transport) as sync:
                yield lambda request, key: _outcome(lambda: sync.customers.create(request, idempotency_key=key))
            return
        # An AsyncClient driven call by call on a private event loop.
        loop = asyncio.new_event_loop()
        client = paywire.AsyncClient(target.name, credentials=target.credentials, retry=retry, transport=transport)
        try:
            yield lambda request, key: _outcome(
                lambda: loop.run_until_complete(client.customers.create(request, idempotency_key=key))
            )
        finally:
            loop.run_until_complete(client.aclose())
            loop.close()


def _outcome(create: Callable[[], paywire.CreateCustomerResponse]) -> Outcome:
    try:
        return create()
    except paywire.ConnectorError as exc:
        return exc


def client_paths() -> list[ClientPath]:
    """The client paths scenarios replay on: sync and async httpx, and aiohttp when installed."""
    paths = [ClientPath("sync", None), ClientPath("async httpx", paywire.AsyncHttpxTransport)]
    if importlib.util.find_spec("aiohttp") is not None:
        from paywire._aiohttp import AiohttpTransport

        paths.append(ClientPath("async aiohttp", AiohttpTransport))
    return paths


def _summary(outcome: Outcome) -> str:
    if isinstance(outcome, paywire.ConnectorError):
        return f"{type(outcome).__name__}({outcome.code.value}, HTTP {outcome.status_code})"
    return f"customer {outcome.connector_customer_id!r} (HTTP {outcome.status_code})"


def _describe_error(exc: paywire.ConnectorError) -> str:
    status = f"HTTP {exc.status_code}" if exc.status_code is not None else "no HTTP status"
    code = f", processor code {exc.connector_code!r}" if exc.connector_code else ""
    return f"ConnectorError({exc.code.value}) ({status}{code})"


def _check_call(
    index: int,
    call: Call,
    outcome: paywire.CreateCustomerResponse | paywire.ConnectorError,
    info: paywire.ConnectorInfo,
) -> None:
    where = f"call {index}"
    if call.expect_error is None:
        if isinstance(outcome, paywire.ConnectorError):
            raise ScenarioFailure(f"{where}: expected a customer, got {_describe_error(outcome)}: {outcome.message}")
        expected_id = fit(call.request, info).get("merchant_customer_id")
        if outcome.merchant_customer_id != expected_id:
            raise ScenarioFailure(
                f"{where}: merchant_customer_id not echoed: expected {expected_id!r}, "
                f"got {outcome.merchant_customer_id!r}"
            )
        if not outcome.connector_customer_id:
            raise ScenarioFailure(f"{where}: no connector_customer_id returned")
        return
    expected = call.expect_error.value
    if not isinstance(outcome, paywire.ConnectorError):
        raise ScenarioFailure(
            f"{where}: expected ConnectorError({expected}), got customer {outcome.connector_customer_id!r}"
        )
    if outcome.code is not call.expect_error:
        raise ScenarioFailure(
            f"{where}: expected ConnectorError({expected}), got {_describe_error(outcome)}: "
            f"the connector maps this reply to the wrong canonical code"
        )


def _run_calls(
    target: Target,
    scenario: Scenario,
    path: ClientPath,
    transport: CapturingTransport | AsyncCapturingTransport | RefusingTransport | AsyncRefusingTransport,
    on_other: Callable[[int, Exception], str],
    on_unmatched: Callable[[int], str | None] = lambda index: None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    info = target.connector.info
    with path.client(target, scenario, transport) as create:
        for index, call in enumerate(scenario.calls, 1):
            try:
                outcome = create(call.canonical(info), call.idempotency_key)
            except Exception as exc:  # the check reports; it never raises
                raise ScenarioFailure(on_unmatched(index) or on_other(index, exc)) from exc
            unmatched = on_unmatched(index)
            if unmatched:
                raise ScenarioFailure(unmatched)
            _check_call(index, call, outcome, info)
            outcomes.append(outcome)
    if scenario.same_customer:
        ids = {o.connector_customer_id for o in outcomes if isinstance(o, paywire.CreateCustomerResponse)}
        if len(ids) > 1:
            raise ScenarioFailure(f"expected the same customer from every call, got {len(ids)} different ids")
    return outcomes


def _same_outcomes(first: ClientPath, expected: list[Outcome], path: ClientPath, got: list[Outcome]) -> None:
    """Fail unless ``path`` gave what ``first`` gave, call by call."""
    for index, (a, b) in enumerate(zip(expected, got, strict=True), 1):
        if _summary(a) != _summary(b):
            raise ScenarioFailure(
                f"call {index}: {path.name} gave {_summary(b)} where {first.name} gave {_summary(a)}: "
                f"the client paths must behave the same"
            )


def _body_lines(body: bytes | str | None, secrets: list[str]) -> list[str]:
    if body is None:
        return []
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    try:
        data = json.loads(text)
    except ValueError:
        if "=" in text and "\n" not in text:
            lines = [f"{k}={v}" for k, v in parse_qsl(text, keep_blank_values=True)]
        else:
            lines = text.splitlines()
    else:
        lines = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).splitlines()
    return [paywire.redact(line, secrets) for line in lines]


def drift_message(
    exc: vcr.errors.CannotOverwriteExistingCassetteException, index: int, path: Path, secrets: list[str]
) -> str:
    """Say how the request of call ``index`` differs from the closest recording."""
    sent = exc.failed_request
    reason = getattr(exc, "reason", "no_match")
    lines = [f"call {index}: the request matches no recording in {path}"]
    if reason == "already_played":
        lines[0] = (
            f"call {index}: the request was already played back from {path}: "
            f"the connector sent more requests than were recorded"
        )
    lines.append(f"  sent:     {sent.method} {paywire.redact(sent.uri, secrets)}")
    similar = getattr(exc, "similar_requests", None) or []
    if similar:
        recorded, _succeeded, failed = similar[0]
        lines.append(f"  recorded: {recorded.method} {paywire.redact(recorded.uri, secrets)}")
        names = [name for name, _msg in failed]
        if names:
            lines.append(f"  differs in: {', '.join(names)}")
        if "body" in names:
            diff = difflib.unified_diff(
                _body_lines(recorded.body, secrets),
                _body_lines(sent.body, secrets),
                "recorded body",
                "sent body",
                lineterm="",
                n=1,
            )
            lines.extend("  " + line for line in diff)
    elif reason != "already_played":
        lines.append("  recorded: nothing similar (method, URL and body all differ)")
    return "\n".join(lines)


def _other_error(index: int, exc: Exception, path: Path | None, secrets: list[str]) -> str:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, vcr.errors.CannotOverwriteExistingCassetteException) and path is not None:
            return drift_message(seen, index, path, secrets)
        seen = seen.__cause__ or seen.__context__
    return f"call {index}: raised {type(exc).__name__}: {paywire.redact(str(exc), secrets)}"


class ScenarioCheck:
    """``scenario:<name>``: one scenario replayed against one connector."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.name = f"scenario:{scenario.name}"

    def __repr__(self) -> str:
        return f"<ScenarioCheck {self.name}>"

    def run(self, target: Target) -> CheckResult:
        try:
            outcome, message = self._run(target)
        except ScenarioFailure as exc:
            outcome, message = "failed", str(exc)
        except Exception as exc:  # never raise: report
            outcome, message = "failed", f"harness error: {type(exc).__name__}: {exc}"
        return CheckResult(
            target.name, self.name, outcome, paywire.redact(message, paywire.secret_values(target.credentials))
        )

    def _run(self, target: Target) -> tuple[Any, str]:
        capability = target.connector.info.capability(OPERATION)
        if capability is paywire.Capability.UNSUPPORTED:
            return "skipped", f"not applicable: {target.name} does not support {OPERATION.value}"
        if capability is paywire.Capability.LOCAL:
            if self.scenario.remote_only:
                return "skipped", f"not applicable: {target.name} computes {OPERATION.value} locally"
            return self._run_local(target)
        return self._run_remote(target)

    def _run_local(self, target: Target) -> tuple[Any, str]:
        secrets = paywire.secret_values(target.credentials)
        paths = client_paths()
        outcomes = [self._run_local_path(target, path, secrets) for path in paths]
        for path, got in zip(paths[1:], outcomes[1:], strict=True):
            _same_outcomes(paths[0], outcomes[0], path, got)
        names = ", ".join(p.name for p in paths)
        return "passed", f"computed locally, no request ({len(self.scenario.calls)} calls; {names})"

    def _run_local_path(self, target: Target, path: ClientPath, secrets: list[str]) -> list[Outcome]:
        transport = path.refusing()
        failure: str | None = None
        outcomes: list[Outcome] = []
        with no_network() as attempts:
            try:
                outcomes = _run_calls(
                    target, self.scenario, path, transport, lambda i, exc: _other_error(i, exc, None, secrets)
                )
            except ScenarioFailure as exc:
                failure = str(exc)
        if attempts or transport.sent:
            what = str(attempts[0]) if attempts else f"an HTTP request ({transport.sent[0]!r})"
            raise ScenarioFailure(
                f"{target.name} declares {OPERATION.value} LOCAL but attempted network access ({path.name}): "
                f"{what}; a LOCAL operation must make no request at all"
            )
        if failure is not None:
            raise ScenarioFailure(failure if path.name == "sync" else f"{path.name}: {failure}")
        return outcomes

    def _run_remote(self, target: Target) -> tuple[Any, str]:
        name = self.scenario.name
        if target.cassette_dir is None:
            message = (
                f"no cassettes for {target.name}: give --cassettes DIR, declare a "
                f"'paywire_harness.cassettes' entry point, or create ./cassettes/{target.name}/"
            )
            return ("failed", message + " (--strict)") if target.strict else ("skipped", message)
        path = target.cassette_dir / f"{name}.yaml"
        if not path.is_file():
            raise ScenarioFailure(
                f"missing cassette {path}: record it with `paywire-harness record --connector {target.name} "
                f"--scenario {name} --cassettes {target.cassette_dir}`, or skip it in "
                f"{target.cassette_dir / CONFIG_FILE} under [skip] with a reason"
            )
        paths = client_paths()
        outcomes = [self._replay(target, client_path, path) for client_path in paths]
        for client_path, got in zip(paths[1:], outcomes[1:], strict=True):
            _same_outcomes(paths[0], outcomes[0], client_path, got)
        played = self.scenario.expected_interactions()
        names = ", ".join(p.name for p in paths)
        return "passed", f"{played} interaction(s) replayed from {path.name} ({names})"

    def _replay(self, target: Target, client_path: ClientPath, path: Path) -> list[Outcome]:
        """The scenario on one client path, from the cassette at ``path``."""
        name = self.scenario.name
        secrets = paywire.secret_values(target.credentials)
        transport = client_path.capturing()
        recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
        where = "" if client_path.name == "sync" else f"{client_path.name}: "
        try:
            with recorder.use_cassette(str(path), allow_playback_repeats=False) as cassette:

                def unmatched(index: int) -> str | None:
                    if not transport.unmatched:
                        return None
                    return drift_message(transport.unmatched[0], index, path, secrets)

                outcomes = _run_calls(
                    target,
                    self.scenario,
                    client_path,
                    transport,
                    lambda i, exc: _other_error(i, exc, path, secrets),
                    unmatched,
                )
                played, held = cassette.play_count, len(cassette)
            expected = self.scenario.expected_interactions()
            if played != held:
                raise ScenarioFailure(
                    f"only {played} of the {held} recorded interactions in {path} were played: "
                    f"the connector sent fewer requests than were recorded"
                )
            if held != expected:
                raise ScenarioFailure(f"{path} holds {held} interactions; scenario {name!r} needs {expected}")
            self._check_idempotency(target, transport.sent)
        except ScenarioFailure as exc:
            raise ScenarioFailure(f"{where}{exc}") from exc
        return outcomes

    def _check_idempotency(self, target: Target, sent: list[paywire.HttpRequest]) -> None:
        idem = target.connector.info.idempotency
        if not idem.on_the_wire:
            return
        keys = {call.idempotency_key for call in self.scenario.calls}
        for number, request in enumerate(sent, 1):
            key = idempotency_value(request, idem)
            if key not in keys:
                where = f"header {idem.name!r}" if idem.kind == "header" else f"body field {idem.name!r}"
                raise ScenarioFailure(
                    f"request {number} carries idempotency key {key!r} in {where}, expected one of "
                    f"{sorted(keys)}: the key must go where {target.name} declares it, unchanged on every retry"
                )


def scenario_checks() -> list[ScenarioCheck]:
    """One check per scenario, in the order the scenarios are defined."""
    return [ScenarioCheck(s) for s in SCENARIOS]
