"""``paywire-harness record`` and ``expect``: write cassettes and their reviewed expectations.

``record`` runs each scenario through the real client against the processor's test environment,
or against a fake processor (``--base-url URL --fake``), with the credentials of
``PAYWIRE_<CONNECTOR>_<FIELD>`` (the fake ones for ``bad_credentials``). The input is fitted to
the connector's declarations exactly as ``run`` fits it. Before anything is written:

- every credential value becomes the fake value of the same field (the replay uses the fakes),
  every token obtained by exchange a ``paywire-harness-token-N`` placeholder, and the recording
  address the connector's own base URL;
- the headers that change from one recording or machine to the next (``date``, ``server``,
  ``User-Agent``, ``Accept-Encoding``) are dropped, so re-recording writes the same bytes;
- the outcome is compared with what the scenario asks for, and the expectation proposed.

Nothing is written unless the author accepts it (``--accept``, or yes at the prompt).
With ``--fake``, each call is announced to the fake first with ``POST
/__paywire_harness__/scenario {"scenario": NAME, "call": N}`` (never recorded), so a fake can
answer as the scenario needs even when the processor's requests carry no idempotency key.
"""

from __future__ import annotations

import base64
import binascii
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import httpx
import vcr
from pydantic import SecretStr

import paywire

from ._checks import Target
from ._config import CONFIG_FILE, ConfigError, build_target, cassette_dir_for
from ._expect import EXPECT_SUFFIX, Expectation, differences, dump_expectation, load_expectation, proposed
from ._lint import AUTH_HEADERS, lint_cassette
from ._replay import (
    ScenarioFailure,
    _check_standard,
    client_paths,
    custom_scenarios,
    run_scenario,
    scenario_credentials,
)
from .fake import CONTROL_PATH
from .scenarios import SCENARIOS, Scenario

__all__ = ["CONTROL_PATH", "RecordRefused", "expect", "record"]


UNSTABLE_HEADERS = frozenset({"accept-encoding", "date", "server", "user-agent", "x-envoy-upstream-service-time"})
"""Headers that differ from one recording or machine to the next (the Python version in the
User-Agent, the codecs installed in Accept-Encoding): dropped from cassettes."""


class RecordRefused(Exception):
    """Recording cannot start (unknown connector or scenario, live credentials...): exit 2."""


def _secrets(credentials: paywire.Credentials) -> dict[str, str]:
    """The credentials' secret values by field name."""
    out = {}
    for name in type(credentials).model_fields:
        value = getattr(credentials, name, None)
        if isinstance(value, SecretStr) and value.get_secret_value():
            out[name] = value.get_secret_value()
    return out


def refuse_live(credentials: paywire.Credentials) -> None:
    """Raise ``RecordRefused`` for live credentials (as the connector's credentials model says):
    cassettes are recorded against test environments only."""
    if credentials.live:
        raise RecordRefused("the credentials are live credentials (their model says so): record with test ones only")


class Scrubber:
    """Rewrites what vcrpy is about to write: secrets to fakes, the recording address to the
    connector's, auth headers to placeholders; drops unstable headers and control requests."""

    def __init__(self, replacements: Mapping[str, str], auth_headers: frozenset[str], rewrites: list[tuple[str, str]]):
        # Longest first, so a value containing another is replaced whole.
        self.pairs = sorted(((k, v) for k, v in replacements.items() if len(k) >= 4), key=lambda p: -len(p[0]))
        self.auth_headers = auth_headers | AUTH_HEADERS
        self.rewrites = rewrites

    def text(self, value: str) -> str:
        for old, new in [*self.pairs, *self.rewrites]:
            value = value.replace(old, new)
        return value

    def data(self, value: Any) -> Any:
        if isinstance(value, bytes):
            for old, new in [*self.pairs, *self.rewrites]:
                value = value.replace(old.encode(), new.encode())
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.data(v) for v in value]
        return value

    def _headers(self, headers: Any) -> None:
        for name in list(headers):
            if name.lower() in UNSTABLE_HEADERS:
                del headers[name]
                continue
            value = self.data(headers[name])
            if name.lower() in self.auth_headers:
                values = value if isinstance(value, list) else [value]
                values = [self._basic(str(v)) if str(v).lower().startswith("basic ") else v for v in values]
                value = values if isinstance(value, list) else values[0]
            headers[name] = value

    def _basic(self, value: str) -> str:
        """HTTP Basic credentials with the real values replaced by the fakes, encoded again (the
        replay, which sends the fakes, then sends exactly this)."""
        try:
            decoded = base64.b64decode(value.partition(" ")[2], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return "Basic <redacted>"
        return "Basic " + base64.b64encode(self.text(decoded).encode("utf-8")).decode("ascii")

    def request(self, request: Any) -> Any:
        """vcrpy ``before_record_request`` (it hands us a copy); None: not recorded."""
        if urlsplit(request.uri).path == CONTROL_PATH:
            return None
        request.uri = self.text(request.uri)
        if request.body is not None:
            request.body = self.data(request.body)
        self._headers(request.headers)
        return request

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        """vcrpy ``before_record_response``."""
        body = response.get("body")
        if isinstance(body, dict) and "string" in body:
            body["string"] = self.data(body["string"])
        self._headers(response.get("headers") or {})
        return response


class TokenWatch:
    """A wrapper plugin noting every token the connector obtains, so the recording can replace it."""

    def __init__(self) -> None:
        self.tokens: list[str] = []

    @paywire.hookimpl(wrapper=True)
    def paywire_token_response(self) -> Any:
        token = yield
        if isinstance(token, paywire.AccessToken):
            self.tokens.append(token.value.get_secret_value())
        return token


def _scenarios(names: Sequence[str], folder: Path | None) -> list[Scenario]:
    known = {s.name: s for s in (*SCENARIOS, *custom_scenarios(folder))}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise RecordRefused(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in dict.fromkeys(names or known)]


def _announce(base_url: str, scenario: str, call: int) -> None:
    """Tell a fake processor which scenario and call comes next (not recorded)."""
    try:
        httpx.post(base_url + CONTROL_PATH, json={"scenario": scenario, "call": call}, timeout=5.0)
    except httpx.HTTPError as exc:
        raise RecordRefused(f"--fake: the fake at {base_url} did not take the scenario announcement: {exc}") from None


def _confirm(out: TextIO, question: str, accept: bool) -> bool:
    if accept:
        return True
    if not sys.stdin.isatty():
        out.write(f"{question} [not written: rerun with --accept to write it]\n")
        return False
    out.write(f"{question} [y/N] ")
    out.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _stabilise(path: Path, tokens: list[str]) -> None:
    """Replace obtained tokens by placeholders, in order of appearance."""
    text = path.read_text(encoding="utf-8")
    for index, token in enumerate(dict.fromkeys(tokens), 1):
        if len(token) >= 4:
            text = text.replace(token, f"paywire-harness-token-{index}")
    path.write_text(text, encoding="utf-8")


def record(
    connector_name: str,
    scenario_names: Sequence[str],
    *,
    base_url: str | None = None,
    cassettes: Path | None = None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    accept: bool = False,
    fake: bool = False,
) -> int:
    """Record the scenarios; 0 when every cassette was written and behaved as the scenario asks."""
    out = out or sys.stderr
    environ = os.environ if environ is None else environ
    try:
        connector = paywire.registry().connector(connector_name)
    except paywire.PaywireError as exc:
        raise RecordRefused(str(exc)) from None
    info = connector.info
    if info.capability(paywire.Operation.CREATE_CUSTOMER) is not paywire.Capability.REMOTE:
        raise RecordRefused(f"{connector_name} does not call a processor for customers.create: nothing to record")
    if fake and not base_url:
        raise RecordRefused("--fake needs --base-url (the fake processor's address)")
    try:
        directory = cassette_dir_for(connector_name, cassettes) or Path.cwd() / "cassettes" / connector_name
    except ConfigError as exc:
        raise RecordRefused(str(exc)) from None
    scenarios = _scenarios(scenario_names, directory)
    setup = build_target(connector, cassettes=directory)
    if setup.problems:
        raise RecordRefused("; ".join(setup.problems))
    target = setup.target
    model = info.credentials
    try:
        real = paywire.load_credentials(
            connector_name, model, paywire.credentials_from_env(connector_name, model, environ)
        )
    except paywire.ConfigurationError as exc:
        names = " ".join(f"PAYWIRE_{connector_name.upper()}_{f.upper()}" for f in model.model_fields)
        raise RecordRefused(f"{exc} (set {names})") from None
    refuse_live(real)
    fakes, reals = _secrets(target.credentials), _secrets(real)
    replacements = {value: fakes.get(name, f"paywire_harness_redacted_{name}") for name, value in reals.items()}
    rewrites: list[tuple[str, str]] = []
    default = info.base_url_for(target.credentials)
    if base_url and default:
        base = base_url.rstrip("/")
        rewrites = [(base, default), (urlsplit(base).netloc, urlsplit(default).netloc)]
    directory.mkdir(parents=True, exist_ok=True)
    status = 0
    for scenario in scenarios:
        reason = scenario.not_applicable(connector_name, info)
        if reason is None and not scenario_names:
            skipped = target.skips.get(f"scenario:{scenario.name}") or target.skips.get(scenario.name)
            reason = f"skipped in {CONFIG_FILE}: {skipped}" if skipped else None
        if reason is not None:
            out.write(f"{scenario.name}: nothing to record ({reason})\n")
            continue
        status |= _record_one(
            target,
            scenario,
            real,
            base_url,
            directory,
            Scrubber(replacements, info.auth_headers, rewrites),
            out,
            accept,
            fake,
        )
    return status


def _record_one(
    target: Target,
    scenario: Scenario,
    real: paywire.Credentials,
    base_url: str | None,
    directory: Path,
    scrubber: Scrubber,
    out: TextIO,
    accept: bool,
    fake: bool,
) -> int:
    info = target.connector.info
    base = target.credentials if scenario.name == "bad_credentials" else real
    watch = TokenWatch()
    results: list[Any] = []
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.yaml"
        recorder = vcr.VCR(
            record_mode="all",
            decode_compressed_response=True,
            before_record_request=scrubber.request,
            before_record_response=scrubber.response,
        )
        with paywire.registry().registered(watch, name="paywire-harness-token-watch"), recorder.use_cassette(str(raw)):
            try:
                client = paywire.Client(
                    target.name,
                    credentials=scenario_credentials(base, scenario),
                    base_url=base_url,
                    max_retries=scenario.max_retries,
                    options=scenario.options,
                )
            except paywire.PaywireError as exc:  # refused before anything could be sent
                results = [exc] * len(scenario.calls)
            else:
                with client:
                    for index, call in enumerate(scenario.calls, 1):
                        if fake and base_url:
                            _announce(base_url.rstrip("/"), scenario.name, index)
                        try:
                            request = call.canonical(info, fitted=not scenario.custom)
                            results.append(client.customers.create(request, idempotency_key=call.idempotency_key))
                        except paywire.InvalidRequestError as exc:
                            if not scenario.custom:
                                out.write(
                                    f"{scenario.name}: nothing recorded: call {index} refused before sending: {exc}\n"
                                )
                                return 1
                            results.append(exc)
                        except paywire.PaywireError as exc:
                            results.append(exc)
        recorded = raw.is_file()
        if recorded:
            _stabilise(raw, watch.tokens)
            leaked = [name for name, value in _secrets(real).items() if value in raw.read_text(encoding="utf-8")]
            if leaked:
                out.write(f"{scenario.name}: a credential ({', '.join(leaked)}) survived scrubbing: nothing written\n")
                return 1
        elif not scenario.custom:
            out.write(f"{scenario.name}: nothing recorded (no request was made)\n")
            return 1
        # What the replay gives, not what the processor said live: the cassette lost the volatile
        # headers and the credentials became the fake ones, and the expectation must hold on replay.
        try:
            results = run_scenario(target, scenario, client_paths()[0], raw if recorded else None).results
        except ScenarioFailure as exc:
            out.write(f"{scenario.name}: the recording does not replay: {exc}\n")
            return 1
        verdict = _verdict(scenario, results, info)
        expectation = proposed(
            [
                (call.request if scenario.custom else None, call.idempotency_key if scenario.custom else None, r)
                for call, r in zip(scenario.calls, results, strict=True)
            ],
            _existing(directory, scenario),
        )
        path = directory / f"{scenario.name}.yaml"
        out.write(f"{scenario.name}: {verdict or 'the outcome is what the scenario asks for'}\n")
        out.write(dump_expectation(expectation))
        files = [path.name] if recorded else []
        files.append(f"{scenario.name}{EXPECT_SUFFIX}")
        if not _confirm(out, f"write {' and '.join(files)}?", accept):
            return 1
        if recorded:
            path.write_text(raw.read_text(encoding="utf-8"), encoding="utf-8")
        else:
            path.unlink(missing_ok=True)  # refused before sending: a stale recording would be replayed
        (directory / f"{scenario.name}{EXPECT_SUFFIX}").write_text(dump_expectation(expectation), encoding="utf-8")
    findings = (
        lint_cassette(path, paywire.secret_values(target.credentials), info.auth_headers, info.auth_body_fields)
        if recorded
        else []
    )
    for finding in findings:
        out.write(f"{scenario.name}: lint: {finding}\n")
    out.write(f"recorded {scenario.name}\n")
    return 1 if findings or verdict else 0


def _verdict(scenario: Scenario, results: list[Any], info: paywire.ConnectorInfo) -> str | None:
    """Why the outcome is not what the scenario asks for, or None."""
    if scenario.custom:
        return None
    try:
        _check_standard(scenario, results, info)
    except ScenarioFailure as exc:
        return f"the outcome differs from the scenario: {exc}"
    return None


def _existing(directory: Path, scenario: Scenario) -> Expectation | None:
    path = directory / f"{scenario.name}{EXPECT_SUFFIX}"
    return load_expectation(path) if path.is_file() else None


def expect(
    connector_name: str,
    scenario_names: Sequence[str],
    *,
    cassettes: Path | None = None,
    out: TextIO | None = None,
    accept: bool = False,
) -> int:
    """Propose (and with ``accept``, write) the expectation of each recorded scenario, from what
    replaying its cassette gives; show how it differs from the expectation already there."""
    out = out or sys.stderr
    try:
        connector = paywire.registry().connector(connector_name)
    except paywire.PaywireError as exc:
        raise RecordRefused(str(exc)) from None
    setup = build_target(connector, cassettes=cassettes)
    folder = setup.target.cassette_dir
    if folder is None or setup.problems:
        raise RecordRefused("; ".join(setup.problems) or f"no cassette folder for {connector_name}")
    status = 0
    for scenario in _scenarios(scenario_names, folder):
        cassette = folder / f"{scenario.name}.yaml"
        if not cassette.is_file() and not scenario.custom:
            continue
        replay = run_scenario(setup.target, scenario, client_paths()[0], cassette if cassette.is_file() else None)
        old = _existing(folder, scenario)
        new = proposed(
            [
                (c.request if scenario.custom else None, c.idempotency_key if scenario.custom else None, r)
                for c, r in zip(scenario.calls, replay.results, strict=True)
            ],
            old,
        )
        verdict = _verdict(scenario, replay.results, connector.info)
        if verdict:
            out.write(f"{scenario.name}: {verdict}\n")
            status = 1
        diff = differences(old.model_dump(), new.model_dump()) if old is not None else dump_expectation(new)
        if diff is None:
            out.write(f"{scenario.name}: the expectation holds\n")
            continue
        out.write(f"{scenario.name}:\n{diff}\n")
        if _confirm(out, f"write {scenario.name}{EXPECT_SUFFIX}?", accept):
            (folder / f"{scenario.name}{EXPECT_SUFFIX}").write_text(dump_expectation(new), encoding="utf-8")
        else:
            status = 1
    return status
