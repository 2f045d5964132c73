"""Scenario checks: replay each scenario's cassette through the real clients and compare every
call's outcome with the reviewed expectation beside the cassette.

A REMOTE operation is replayed with vcrpy (``record_mode="none"``), matching method, URL, body and
every header the recording holds but the transport's own (``TRANSPORT_HEADERS``), with the
declared ones (``Content-Type``, option headers such as ``Stripe-Version``, the idempotency header,
the credential headers by value) required even when a recording lacks them, so a connector whose
request drifts from the recording fails and says how. A LOCAL operation runs the scenarios that
apply to it under a guard that fails at any network access; so does a connector-specific scenario
without a cassette (its calls must be refused before anything is sent).

Every scenario runs on each client path a host can pick: ``Client`` on the default httpx
transport, ``AsyncClient`` on the default httpx transport, and ``AsyncClient`` on
``AiohttpTransport`` when aiohttp is installed. Each path must reproduce the expectation.
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
from typing import Any
from urllib.parse import parse_qsl

import vcr
import vcr.errors
import vcr.matchers
import vcr.util

import paywire

from ._checks import CheckResult, Outcome, Target
from ._config import CONFIG_FILE
from ._expect import EXPECT_SUFFIX, Expectation, ExpectationError, differences, load_expectation, outcome_of
from ._guard import no_network
from .properties import idempotency_value
from .scenarios import SCENARIOS, Call, Scenario, fit

__all__ = [
    "MATCH_ON",
    "ScenarioCheck",
    "client_paths",
    "custom_scenarios",
    "header_matcher",
    "run_scenario",
    "scenario_checks",
]

MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body", "paywire_headers")
OPERATION = paywire.Operation.CREATE_CUSTOMER
FAST_RETRY = {"backoff": 0.001, "max_backoff": 0.01}
"""Retries in a replay wait milliseconds, not seconds: nothing real is on the other side."""

Result = paywire.CreateCustomerResponse | paywire.PaywireError


class ScenarioFailure(Exception):
    """The scenario did not produce its expected outcome; the message says how."""


# -- what the processor reads -------------------------------------------------------------------


def meaningful_headers(info: paywire.ConnectorInfo) -> frozenset[str]:
    """Lower-case names of the request headers a replay must send with their recorded values:
    ``Content-Type``, option headers (``Stripe-Version``), the idempotency header and every
    header carrying credentials or a token (recorded with the fake credentials and placeholder
    tokens the replay uses, so a changed scheme or a mangled key shows)."""
    wanted = {"content-type"}
    wanted |= {option.header.lower() for option in info.options if option.header}
    if info.idempotency.kind == "header":
        wanted.add(info.idempotency.name.lower())
    wanted |= {name.lower() for name in info.auth_headers}
    return frozenset(wanted)


def _header(request: Any, name: str) -> str | None:
    for key, value in request.headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


TRANSPORT_HEADERS = frozenset(
    {"host", "content-length", "connection", "keep-alive", "accept-encoding", "user-agent", "transfer-encoding", "te"}
)
"""Headers the HTTP library or the core sets (and that differ between transports and versions):
the only recorded request headers a replay need not repeat."""
LIBRARY_DEFAULTS = {"accept": "*/*"}
"""A header with the HTTP library's default value (httpx records ``Accept: */*``; aiohttp adds it
below the layer replay sees): absent on replay is the same request."""


def header_matcher(info: paywire.ConnectorInfo) -> Callable[[Any, Any], None]:
    """A vcrpy matcher failing when the sent request's meaningful headers differ from the recorded:
    the declared ones (sent or not at record time) and every header the recording holds but
    ``TRANSPORT_HEADERS``, so a header the connector stops sending (or a declaration dropped with
    it) shows, not only the ones it still declares."""
    declared = meaningful_headers(info)

    def paywire_headers(sent: Any, recorded: Any) -> None:
        held = {str(key).lower() for key in recorded.headers} - TRANSPORT_HEADERS
        for name in sorted(declared | held):
            a, b = _header(sent, name), _header(recorded, name)
            if a is None and b is not None and LIBRARY_DEFAULTS.get(name) == b:
                continue
            if a != b:
                if name in info.auth_headers or name == "authorization":
                    a, b = _scheme(a), _scheme(b)  # never the credential itself in a message
                raise AssertionError(f"header {name}: recorded {b!r}, sent {a!r}")

    return paywire_headers


def _scheme(value: str | None) -> str | None:
    if value is None:
        return None
    scheme, _, rest = value.partition(" ")
    return f"{scheme} <{len(rest)} characters>" if rest else f"<{len(value)} characters>"


def body(sent: Any, recorded: Any) -> None:
    """vcrpy's ``body`` matcher (failures are reported under this name), but an absent body and an
    empty one are the same request (vcrpy's aiohttp stub records None where httpx records b"")."""
    if not vcr.util.read_body(sent) and not vcr.util.read_body(recorded):
        return
    vcr.matchers.body(sent, recorded)


# -- transports that watch what the client sends -------------------------------------------------


class Capturing:
    """What a replay's transport saw: every request handed to it, and those the cassette lacked."""

    def __init__(self) -> None:
        self.sent: list[paywire.HttpRequest] = []
        self.unmatched: list[vcr.errors.CannotOverwriteExistingCassetteException] = []


class CapturingTransport(Capturing):
    """A sync transport (the default one, or refusing everything), remembering every request."""

    def __init__(self, inner: paywire.Transport | None) -> None:
        super().__init__()
        self.inner = inner

    def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        self.sent.append(request)
        if self.inner is None:
            raise paywire.TransportFailure("network", "the harness refuses requests here", sent=False)
        try:
            return self.inner.send(request, timeout)
        except vcr.errors.CannotOverwriteExistingCassetteException as exc:
            self.unmatched.append(exc)
            raise

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


class AsyncCapturingTransport(Capturing):
    """``CapturingTransport`` for an ``AsyncClient``."""

    def __init__(self, inner: paywire.AsyncTransport | None) -> None:
        super().__init__()
        self.inner = inner

    async def send(self, request: paywire.HttpRequest, timeout: paywire.Timeout) -> paywire.HttpResponse:
        self.sent.append(request)
        if self.inner is None:
            raise paywire.TransportFailure("network", "the harness refuses requests here", sent=False)
        try:
            return await self.inner.send(request, timeout)
        except vcr.errors.CannotOverwriteExistingCassetteException as exc:
            self.unmatched.append(exc)
            raise

    async def aclose(self) -> None:
        if self.inner is not None:
            await self.inner.aclose()


Create = Callable[[paywire.CreateCustomerRequest, str | None], Result]


@dataclasses.dataclass(frozen=True)
class ClientPath:
    """One way a host calls a connector: ``Client``, or ``AsyncClient`` on a given transport."""

    name: str
    transport: Callable[[], paywire.AsyncTransport] | None
    """The async transport a replay goes through; None: ``Client`` on its default transport."""

    def transport_for(self, network: bool) -> CapturingTransport | AsyncCapturingTransport:
        if self.transport is None:
            return CapturingTransport(paywire.HttpxTransport() if network else None)
        return AsyncCapturingTransport(self.transport() if network else None)

    @contextmanager
    def client(
        self, target: Target, scenario: Scenario, transport: CapturingTransport | AsyncCapturingTransport
    ) -> Iterator[Create]:
        """``create(request, key)`` on a client of this path over ``transport``, closed afterwards.
        A client the connector refuses to build (bad credentials or options) answers every call
        with that refusal."""
        retry = paywire.RetryPolicy(max_retries=scenario.max_retries, **FAST_RETRY)
        credentials = scenario_credentials(target.credentials, scenario)
        settings: dict[str, Any] = {"credentials": credentials, "retry": retry, "options": scenario.options}
        try:
            if isinstance(transport, CapturingTransport):
                sync = paywire.Client(target.name, transport=transport, **settings)
            else:
                client = paywire.AsyncClient(target.name, transport=transport, **settings)
        except paywire.PaywireError as exc:
            refusal = exc
            yield lambda request, key: refusal
            return
        if isinstance(transport, CapturingTransport):
            with sync:
                yield lambda request, key: _outcome(lambda: sync.customers.create(request, idempotency_key=key))
            return
        loop = asyncio.new_event_loop()  # an AsyncClient driven call by call on a private event loop
        try:
            yield lambda request, key: _outcome(
                lambda: loop.run_until_complete(client.customers.create(request, idempotency_key=key))
            )
        finally:
            loop.run_until_complete(client.aclose())
            loop.close()


def scenario_credentials(base: paywire.Credentials, scenario: Scenario) -> Any:
    """``base``, or its values with the scenario's credential values in their place."""
    if not scenario.credentials:
        return base
    values = {name: paywire.plain(getattr(base, name, None)) for name in type(base).model_fields}
    return {k: v for k, v in {**values, **scenario.credentials}.items() if v is not None}


def _outcome(create: Callable[[], paywire.CreateCustomerResponse]) -> Result:
    try:
        return create()
    except paywire.PaywireError as exc:
        return exc


def client_paths() -> list[ClientPath]:
    """The client paths scenarios replay on: sync and async httpx, and aiohttp when installed."""
    paths = [ClientPath("sync", None), ClientPath("async httpx", paywire.AsyncHttpxTransport)]
    if importlib.util.find_spec("aiohttp") is not None:
        paths.append(ClientPath("async aiohttp", paywire.AiohttpTransport))
    return paths


# -- explaining a drift -------------------------------------------------------------------------


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
        lines.extend(f"  {paywire.redact(str(msg), secrets)}" for name, msg in failed if name == "paywire_headers")
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


# -- running a scenario ---------------------------------------------------------------------------


@dataclasses.dataclass
class Replay:
    """One scenario on one client path: the outcomes, what was sent, what the cassette held."""

    path: ClientPath
    results: list[Result]
    sent: list[paywire.HttpRequest]
    played: int = 0
    held: int = 0


def _calls(scenario: Scenario, info: paywire.ConnectorInfo) -> list[tuple[paywire.CreateCustomerRequest, Call]]:
    return [(call.canonical(info, fitted=not scenario.custom), call) for call in scenario.calls]


def run_scenario(target: Target, scenario: Scenario, path: ClientPath, cassette: Path | None) -> Replay:
    """Run ``scenario``'s calls on ``path``, replaying ``cassette`` (None: no network at all)."""
    secrets = paywire.secret_values(target.credentials)
    transport = path.transport_for(network=cassette is not None)
    results: list[Result] = []
    if cassette is None:
        with no_network() as attempts, path.client(target, scenario, transport) as create:
            results = [
                create(request, call.idempotency_key) for request, call in _calls(scenario, target.connector.info)
            ]
        if attempts or transport.sent:
            what = str(attempts[0]) if attempts else f"an HTTP request ({transport.sent[0]!r})"
            if target.connector.info.capability(OPERATION) is paywire.Capability.LOCAL:
                raise ScenarioFailure(
                    f"{target.name} declares {OPERATION.value} LOCAL but attempted network access ({path.name}): "
                    f"{what}; a LOCAL operation must make no request at all"
                )
            raise ScenarioFailure(f"{path.name}: {scenario.name} has no cassette, yet attempted network access: {what}")
        return Replay(path, results, transport.sent)
    recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
    recorder.register_matcher("paywire_headers", header_matcher(target.connector.info))
    recorder.register_matcher("body", body)
    with recorder.use_cassette(str(cassette), allow_playback_repeats=False) as played:
        with path.client(target, scenario, transport) as create:
            for index, (request, call) in enumerate(_calls(scenario, target.connector.info), 1):
                results.append(create(request, call.idempotency_key))
                if transport.unmatched:
                    raise ScenarioFailure(
                        f"{path.name}: {drift_message(transport.unmatched[0], index, cassette, secrets)}"
                    )
        return Replay(path, results, transport.sent, played.play_count, len(played))


def _check_standard(scenario: Scenario, results: list[Result], info: paywire.ConnectorInfo) -> None:
    """The outcome the harness's own scenario definition asks for (the canonical code, the echo)."""
    for index, (call, result) in enumerate(zip(scenario.calls, results, strict=True), 1):
        if call.expect_error is None:
            if not isinstance(result, paywire.CreateCustomerResponse):
                raise ScenarioFailure(f"call {index}: expected a customer, got {_describe(result)}")
            expected_id = fit(call.request, info).get("merchant_customer_id")
            if result.merchant_customer_id != expected_id:
                raise ScenarioFailure(
                    f"call {index}: merchant_customer_id not echoed: expected {expected_id!r}, "
                    f"got {result.merchant_customer_id!r}"
                )
        elif not isinstance(result, paywire.ConnectorError) or result.code is not call.expect_error:
            raise ScenarioFailure(
                f"call {index}: expected ConnectorError({call.expect_error.value}), got {_describe(result)}: "
                f"the connector maps this reply to the wrong canonical code"
            )
    if scenario.same_customer:
        ids = {r.connector_customer_id for r in results if isinstance(r, paywire.CreateCustomerResponse)}
        if len(ids) > 1:
            raise ScenarioFailure(f"expected the same customer from every call, got {len(ids)} different ids")


def _describe(result: Result) -> str:
    if isinstance(result, paywire.CreateCustomerResponse):
        return f"customer {result.connector_customer_id!r}"
    code = getattr(result, "status_code", None)
    status = f", HTTP {code}" if code else ""
    return f"{type(result).__name__}({result.code.value}{status})"


def _check_expectation(expectation: Expectation, replay: Replay, where: Path, secrets: list[str]) -> None:
    if len(expectation.calls) != len(replay.results):
        raise ScenarioFailure(
            f"{where} expects {len(expectation.calls)} calls; the scenario made {len(replay.results)}"
        )
    for index, (expected, result) in enumerate(zip(expectation.calls, replay.results, strict=True), 1):
        if expected.outcome is None:
            raise ScenarioFailure(
                f"call {index} of {where.name} has no reviewed outcome yet: `paywire-harness expect` (or `record`) "
                f"proposes it"
            )
        diff = differences(expected.outcome, outcome_of(result))
        if diff is not None:
            raise ScenarioFailure(
                f"{replay.path.name}: call {index} does not give the outcome {where.name} expects:\n"
                + paywire.redact(diff, secrets)
            )


class ScenarioCheck:
    """``scenario:<name>``: one scenario replayed against one connector."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.name = f"scenario:{scenario.name}"

    def __repr__(self) -> str:
        return f"<ScenarioCheck {self.name}>"

    def run(self, target: Target) -> CheckResult:
        secrets = paywire.secret_values(target.credentials)
        try:
            outcome, message = self._run(target)
        except (ScenarioFailure, ExpectationError) as exc:
            outcome, message = "failed", str(exc)
        except Exception as exc:  # never raise: report
            outcome, message = "failed", f"harness error: {type(exc).__name__}: {exc}"
        return CheckResult(target.name, self.name, outcome, paywire.redact(message, secrets))

    def _run(self, target: Target) -> tuple[Outcome, str]:
        info = target.connector.info
        capability = info.capability(OPERATION)
        reason = self.scenario.not_applicable(target.name, info)
        if reason is not None:
            return "skipped", reason
        folder = target.cassette_dir
        expect_path = folder / f"{self.scenario.name}{EXPECT_SUFFIX}" if folder else None
        expectation = load_expectation(expect_path) if expect_path and expect_path.is_file() else None
        cassette = folder / f"{self.scenario.name}.yaml" if folder else None
        if capability is paywire.Capability.LOCAL:
            cassette = None
        elif cassette is None or not cassette.is_file():
            if self.scenario.custom:
                cassette = None  # a connector-specific scenario refused before sending: no network at all
            elif folder is None:
                message = f"not proven: no cassettes for {target.name} ({_WHERE})"
                return ("failed", message + " (--strict)") if target.strict else ("skipped", message)
            else:
                raise ScenarioFailure(
                    f"missing cassette {cassette}: record it with `paywire-harness record --connector {target.name} "
                    f"--scenario {self.scenario.name} --cassettes {folder}`, or skip it in {folder / CONFIG_FILE} "
                    f"under [skip] with a reason"
                )
        if cassette is not None and expectation is None:
            raise ScenarioFailure(
                f"missing expectation {expect_path}: review the outcome `paywire-harness expect --connector "
                f"{target.name} --scenario {self.scenario.name}` proposes, then write it with --accept"
            )
        return self._replay_all(target, cassette, expectation, expect_path)

    def _replay_all(
        self, target: Target, cassette: Path | None, expectation: Expectation | None, expect_path: Path | None
    ) -> tuple[Outcome, str]:
        secrets = paywire.secret_values(target.credentials)
        paths = client_paths()
        for path in paths:
            replay = run_scenario(target, self.scenario, path, cassette)
            if not self.scenario.custom:
                try:
                    _check_standard(self.scenario, replay.results, target.connector.info)
                except ScenarioFailure as exc:
                    raise ScenarioFailure(f"{path.name}: {exc}") from None
            if expectation is not None and expect_path is not None:
                _check_expectation(expectation, replay, expect_path, secrets)
            if cassette is not None:
                self._check_cassette_use(target, replay, cassette)
        names = ", ".join(p.name for p in paths)
        if cassette is None:
            return "passed", f"{len(self.scenario.calls)} call(s), no request made ({names})"
        played = self.scenario.expected_interactions()
        return "passed", f"{played} interaction(s) replayed from {cassette.name}, outcomes as expected ({names})"

    def _check_cassette_use(self, target: Target, replay: Replay, cassette: Path) -> None:
        where = f"{replay.path.name}: "
        if replay.played != replay.held:
            raise ScenarioFailure(
                f"{where}only {replay.played} of the {replay.held} recorded interactions in {cassette} were "
                f"played: the connector sent fewer requests than were recorded"
            )
        exchanges = _token_exchanges(target, self.scenario, replay.sent)
        held, needed = replay.held - exchanges, self.scenario.expected_interactions()
        refused_login = exchanges and not held and all(c.expect_error for c in self.scenario.calls)
        if not self.scenario.custom and held != needed and not refused_login:
            tokens = f" besides {exchanges} token exchange(s)" if exchanges else ""
            raise ScenarioFailure(
                f"{where}{cassette} holds {held} interactions{tokens}; scenario {self.scenario.name!r} needs {needed}"
            )
        idem = target.connector.info.idempotency
        if not idem.on_the_wire:
            return
        keys = {call.idempotency_key for call in self.scenario.calls}
        creates = [r for r in replay.sent if idempotency_value(r, idem) is not None or not target.connector.info.token]
        for number, request in enumerate(creates, 1):
            key = idempotency_value(request, idem)
            if key not in keys:
                place = f"header {idem.name!r}" if idem.kind == "header" else f"body field {idem.name!r}"
                raise ScenarioFailure(
                    f"{where}request {number} carries idempotency key {key!r} in {place}, expected one of "
                    f"{sorted(k for k in keys if k)}: the key must go where {target.name} declares it, unchanged "
                    f"on every retry"
                )


def _token_exchanges(target: Target, scenario: Scenario, sent: list[paywire.HttpRequest]) -> int:
    """How many of the requests ``sent`` were token exchanges (those not to the operation's URL)."""
    if not target.connector.info.token or not scenario.calls:
        return 0
    call = scenario.calls[0]
    try:
        with paywire.Client(target.name, credentials=target.credentials) as client:
            url = client.customers.prepare(
                call.canonical(target.connector.info, fitted=not scenario.custom), idempotency_key=call.idempotency_key
            ).url
    except paywire.PaywireError:
        return 0
    return sum(1 for request in sent if request.url != url)


_WHERE = (
    "install its distribution with its cassettes (a 'paywire_harness.cassettes' entry point), give "
    "--cassettes DIR, or create ./cassettes/<name>/"
)


def custom_scenarios(folder: Path | None) -> list[Scenario]:
    """The connector-specific scenarios of a cassette folder: its expectation files that name no
    standard scenario."""
    if folder is None or not folder.is_dir():
        return []
    standard = {s.name for s in SCENARIOS}
    found = []
    for path in sorted(folder.glob(f"*{EXPECT_SUFFIX}")):
        name = path.name.removesuffix(EXPECT_SUFFIX)
        if name in standard:
            continue
        expectation = load_expectation(path)
        calls = []
        for index, call in enumerate(expectation.calls, 1):
            if call.request is None:
                raise ExpectationError(f"{path}: call {index} holds no 'request' (a connector-specific scenario must)")
            calls.append(Call(call.request, call.idempotency_key or f"paywire-harness-{name}-{index}"))
        found.append(
            Scenario(
                name,
                expectation.description or "connector-specific",
                tuple(calls),
                max_retries=expectation.max_retries,
                options=dict(expectation.options),
                credentials=dict(expectation.credentials),
                custom=True,
            )
        )
    return found


def scenario_checks(folder: Path | None = None) -> list[ScenarioCheck]:
    """One check per standard scenario, then one per connector-specific scenario of ``folder``."""
    return [ScenarioCheck(s) for s in (*SCENARIOS, *custom_scenarios(folder))]
